"""Whole games without a screen: computer delegations in every seat, and the
summary that `parley simulate` and `parley replay` print."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.agents import attempts, make_agent
from game.content.models import Scenario
from game.engine import commands as C
from game.engine import events as E
from game.engine.rng import derive
from game.engine.rules import Rules
from game.engine.views import visible_events
from game.session import LocalSession

MAX_STEPS = 20_000  # a game that runs longer than this is a bug, not a strategy


def game_seed(base: int, index: int) -> int:
    """Game 0 plays `base` itself; game k > 0 a seed derived from base and k."""
    return base if index == 0 else derive(base, "game", index) % 1_000_000_000


_RULES: dict[str, Rules] = {}


def rules_for(scenario_id: str, scenario: Scenario | None = None) -> Rules:
    """The rules of an installed scenario (of `scenario`, when it is at hand already),
    built once per process; a worker process started afresh builds its own."""
    from game.content.loader import load_scenario_by_id

    if scenario_id not in _RULES:
        _RULES[scenario_id] = Rules(scenario if scenario is not None else load_scenario_by_id(scenario_id))
    return _RULES[scenario_id]


@dataclass(frozen=True)
class Job:
    """One game of `parley simulate`: game `game` of the run, its seed and seats, where its
    log goes (None: nowhere), and whether to measure it against the signable Nash point."""

    scenario: str
    game: int
    seed: int
    seats: dict[str, str]
    save_to: str | None = None
    nash: bool = False


def simulate(job: Job) -> dict[str, Any]:
    """Play one game of a run and return its summary (`summary`, with the agents, the
    save's path and, if asked, `nash_distance`). A top-level function, so that a worker
    process can run it; it reads and writes nothing but the game's own log."""
    rules = rules_for(job.scenario)
    save_to = Path(job.save_to) if job.save_to is not None else None
    if save_to is not None and save_to.exists():
        save_to.unlink()  # this run's own output file: same arguments, same bytes
    session = play_game(rules, job.seed, job.seats, save_to=save_to)
    result = summary(session, game=job.game)
    result["agents"] = job.seats
    if save_to is not None:
        result["save"] = str(save_to)
    if job.nash:
        from game.analysis.report import signable_figures, signable_for, start_state

        possible = signable_for(rules, start_state(rules, session.state.variants))
        result["nash_distance"] = signable_figures(possible, session.state.achieved())["distance_to_nash"]
    return result


def simulate_all(jobs: Iterable[Job], workers: int = 1) -> Iterator[dict[str, Any]]:
    """The summaries of `jobs`, in their order, played by `workers` processes: the same
    games, so the same summaries, whatever the number of workers (each game's seeds come
    from its own seed, never from the order games are played in)."""
    jobs = list(jobs)
    if workers <= 1 or len(jobs) <= 1:
        yield from map(simulate, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(simulate, jobs, chunksize=max(1, len(jobs) // (workers * 8)))


def play_game(
    rules: Rules, seed: int, seats: dict[str, str], save_to: Path | None = None, fsync: bool = False
) -> LocalSession:
    session = LocalSession.start(rules, seed, save_to=save_to, seats=seats, fsync=fsync)
    try:
        play_out(session, {d: (lambda d, s: make_agent(seats[d], d, s)) for d in rules.parties})
    finally:
        session.close()
    return session


def play_out(session: LocalSession, makers) -> None:
    """Computer delegations play `session` to its end; `makers[d](d, seed)` makes
    delegation d's agent. Agents get a seed of their own: the game seed would let them
    work out the hidden draws."""
    seed = session.state.seed
    agents = {d: makers[d](d, derive(seed, "agent", d)) for d in session.rules.parties}
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
    tries = attempts(agents[who], lambda: session.view(who), who, fallback)
    command = next(tries)
    while True:
        outcome = session.submit(command)
        tell(agents, session, outcome.events)
        try:
            command = tries.send(outcome.refusal)
        except StopIteration:
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
