"""Whole games without a screen: computer delegations in every seat, and the
summary that `parley simulate` and `parley replay` print."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from game.agents import make_agent
from game.engine import commands as C
from game.engine import events as E
from game.engine.rng import derive
from game.engine.rules import DELEGATIONS, Rules
from game.engine.views import visible_events
from game.session import LocalSession

MAX_TRIES = 25  # refusals in a row before a computer delegation passes
MAX_STEPS = 20_000  # a game that runs longer than this is a bug, not a strategy


def game_seed(base: int, index: int) -> int:
    """Game 0 plays `base` itself; game k > 0 a seed derived from base and k."""
    return base if index == 0 else derive(base, "game", index) % 1_000_000_000


def play_game(
    rules: Rules, seed: int, seats: dict[str, str], save_to: Path | None = None, fsync: bool = False
) -> LocalSession:
    session = LocalSession.start(rules, seed, save_to=save_to, seats=seats, fsync=fsync)
    try:
        play_out(session, {d: (lambda d, s: make_agent(seats[d], d, s)) for d in DELEGATIONS})
    finally:
        session.close()
    return session


def play_out(session: LocalSession, makers) -> None:
    """Computer delegations play `session` to its end; `makers[d](d, seed)` makes
    delegation d's agent. Agents get a seed of their own: the game seed would let them
    work out the hidden draws."""
    seed = session.state.seed
    agents = {d: makers[d](d, derive(seed, "agent", d)) for d in DELEGATIONS}
    for _ in range(MAX_STEPS):
        who = session.whose_turn
        if who is None:
            return
        computer_turn(session, agents, who)
    raise RuntimeError(f"game with seed {seed} did not end within {MAX_STEPS} steps")


def computer_turn(session: LocalSession, agents, who: str, fallback: C.Phrase | None = None):
    """The computer delegation `who` acts once: it tries again after a refusal (told
    why), and passes, saying `fallback`, if nothing it tries is allowed. Returns
    (command, outcome)."""
    agent = agents[who]
    refused = []
    for _ in range(MAX_TRIES):
        command = agent.decide(session.view(who), refused)
        outcome = session.submit(command)
        tell(agents, session, outcome.events)
        if outcome.ok:
            return command, outcome
        refused.append(outcome.refusal)
    command = C.Pass(by=who, say=fallback)
    outcome = session.submit(command)
    tell(agents, session, outcome.events)
    return command, outcome


def tell(agents, session: LocalSession, events) -> None:
    """Each computer delegation hears the new events as its own seat sees them."""
    if events:
        for code, agent in agents.items():
            agent.observe(visible_events(session.rules, events, code))


def summary(session: LocalSession, **extra: Any) -> dict[str, Any]:
    state = session.state
    events = session.events()
    return {
        **extra,
        "scenario": state.scenario,
        "seed": state.seed,
        "end_date": state.date.isoformat(),
        "end_reason": state.end_reason,
        "ended_by": state.ended_by,
        "signed": state.achieved(),
        "agreed": {card: option for e in events if isinstance(e, E.AgreementSigned) for card, option in e.items.items()},
        "scores": dict(state.scores),
        "events": [e.event for e in events if isinstance(e, E.EventFired)],
        "actions": len(session.steps) - 1,
    }


def describe(result: dict[str, Any]) -> str:
    """One line of plain text for a game summary."""
    signed = ", ".join(f"{c}={o}" for c, o in result["signed"].items()) or "nothing"
    scores = " ".join(f"{d} {s:+.1f}" for d, s in result["scores"].items())
    if result["end_reason"] is None:
        reason = "still in progress"
    else:
        reason = result["end_reason"] + (f" by {result['ended_by']}" if result["ended_by"] else "")
    head = f"game {result['game']} " if "game" in result else ""
    return f"{head}seed {result['seed']}: {reason} on {result['end_date']}; signed: {signed}; scores: {scores}"


def tournament_summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Figures over many games' summaries: how often each card was agreed, scores per
    delegation, the most common agreed texts, and how the games ended."""
    games = len(results)
    cards: dict[str, int] = {}
    texts: dict[str, int] = {}
    reasons: dict[str, int] = {}
    scores: dict[str, list[float]] = {}
    for result in results:
        for card in result["agreed"]:
            cards[card] = cards.get(card, 0) + 1
        text = ", ".join(f"{c}={o}" for c, o in sorted(result["agreed"].items())) or "(nothing)"
        texts[text] = texts.get(text, 0) + 1
        reason = result["end_reason"] + (f" by {result['ended_by']}" if result["ended_by"] else "")
        reasons[reason] = reasons.get(reason, 0) + 1
        for code, score in result["scores"].items():
            scores.setdefault(code, []).append(score)
    return {
        "games": games,
        "agreement_rate": {c: round(n / games, 4) for c, n in sorted(cards.items(), key=lambda kv: (-kv[1], kv[0]))},
        "scores": {
            code: {"mean": round(statistics.fmean(values), 2), "median": round(statistics.median(values), 2)}
            for code, values in scores.items()
        },
        "common_texts": [
            {"text": text, "games": n} for text, n in sorted(texts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        ],
        "end_reasons": dict(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def describe_summary(summary: dict[str, Any], titles: dict[str, str]) -> str:
    """The tournament summary as text for a person; `titles` maps card ids to titles."""
    from game.i18n import _, formats, ngettext

    games = summary["games"]
    lines = [ngettext("{count} game", "{count} games", games).format(count=games)]
    lines.append(_("Cards agreed (share of games):"))
    for card, rate in summary["agreement_rate"].items():
        lines.append(f"  {formats.percent(rate, 1):>7}  {titles.get(card, card)}")
    if not summary["agreement_rate"]:
        lines.append("  " + _("none"))
    lines.append(_("Scores against BATNA (mean / median):"))
    for code, figures in summary["scores"].items():
        lines.append(f"  {code}  {formats.signed(figures['mean'], 2):>7} / {formats.signed(figures['median'], 2):>7}")
    if "nash_distance" in summary:
        lines.append(_("Mean distance to the signable Nash point: {distance} score points (the text achieved, as "
                       "if signed at the start)").format(distance=formats.fixed(summary["nash_distance"], 2)))
    lines.append(_("Most common agreed texts:"))
    for row in summary["common_texts"]:
        lines.append(f"  {row['games']:5d}  {row['text']}")
    lines.append(_("How the games ended:"))
    for reason, n in summary["end_reasons"].items():
        lines.append(f"  {n:5d}  {reason}")
    return "\n".join(lines)
