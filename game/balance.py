"""`parley balance`: does a scenario play like its source? Measured, not believed.

Paired-seed games: every strategy in a seat plays the same N game seeds (the same hidden
draws, the same chances), the other two seats held by the default computer delegation
(`ai`, which draws a preset per game from the seed). So a strategy's score can be set
against the best preset's game by game, and the difference's spread is small enough
to read from a few hundred games.

The strategies in each seat ("probes"):
- the presets (`ai:hardliner`, `ai:pragmatist`, `ai:dealmaker`) and the default `ai`;
- always pass; always call a recess;
- walk out at the first turn of round k, for every round k;
- each of the seat's levers used at every turn it can be (until its uses run out),
  playing as `ai` otherwise: a lever open from the start is so used first (Kyiv's appeal
  to Washington on its first two turns, then `ai`, is one of these);
- the random delegation.

And, over the all-computer games (`ai` in every seat): how often each card was signed,
how often the comprehensive settlement was, postponed rounds, walk-outs, the levers
used, each delegation's mean score by the round in which the talks ended, and how time
plays for each side: its score had the talks ended after each round, with and without
what was signed, and how far its BATNA had moved by then.

Pure: no screen, no files, no clock; the same scenario, seed and N give the same report.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from game.agents import REGISTRY, make_agent, specs
from game.agents.base import Agent
from game.agents.opponent import changes_situation
from game.engine import commands as C
from game.engine import events as E
from game.engine.core import Refusal, blank_state, fold
from game.engine.rules import Rules
from game.engine.views import View
from game.headless import game_seed, play_out, rules_for
from game.i18n import N_, _, current, ngettext
from game.session import LocalSession

DEFAULT = "ai"  # the default computer delegation: the other seats, and the all-computer games
PRESET_SPECS = tuple(f"{DEFAULT}:{preset}" for preset in REGISTRY[DEFAULT].presets)
TOLERANCE = 1.0  # mean score points a probe may beat the best preset by before it is flagged

# The strategies' names. The report keeps them in English (each names its strategy, a key
# of the report's data); `render` shows them in the reader's language (`probe_label`).
PROBE_NAMES = {
    "default": N_("{default} (preset drawn per game)"),
    "pass": N_("always pass"),
    "recess": N_("always recess"),
    "walkout": N_("walk out in round {number}"),
    # Translators: {lever} is a lever's id, such as appeal_to_washington.
    "lever": N_("{lever} whenever it can be used"),
}


# ---------------------------------------------------------------------------- probe strategies


class _Wrapped:
    """A probe that plays as the default computer delegation except where it says."""

    kind = "probe"

    def __init__(self, delegation: str, seed: int):
        self.delegation = delegation
        self.inner: Agent = make_agent(DEFAULT, delegation, seed)

    def observe(self, events) -> None:
        self.inner.observe(events)

    def decide(self, view: View, refused: Sequence[Refusal]) -> C.Command:
        if not refused:
            own = self.own(view)
            if own is not None:
                return own
        return self.inner.decide(view, refused)

    def own(self, view: View) -> C.Command | None:
        return None


class _Always(_Wrapped):
    def __init__(self, delegation: str, seed: int, command: type[C.Pass] | type[C.Recess]):
        super().__init__(delegation, seed)
        self.command = command

    def decide(self, view: View, refused: Sequence[Refusal]) -> C.Command:
        if refused:  # a recess the table will not take now: pass instead
            return C.Pass(by=self.delegation)
        return self.command(by=self.delegation)


class _WalkOutIn(_Wrapped):
    def __init__(self, delegation: str, seed: int, round_id: str):
        super().__init__(delegation, seed)
        self.round_id = round_id

    def own(self, view: View) -> C.Command | None:
        if view.round is not None and view.round.id == self.round_id:
            return C.WalkOut(by=self.delegation)
        return None


class _Lever(_Wrapped):
    """`lever` at every turn it can be used, until its uses run out."""

    def __init__(self, delegation: str, seed: int, lever: str):
        super().__init__(delegation, seed)
        self.lever = lever

    def own(self, view: View) -> C.Command | None:
        found = next((lv for lv in view.private[self.delegation].levers if lv.id == self.lever), None)
        if found is not None and found.available and found.uses_left > 0:
            return C.UseLever(by=self.delegation, lever=self.lever)
        return None


@dataclass(frozen=True)
class Probe:
    """A strategy for one seat: its name and how to make its agent for a game."""

    name: str
    spec: tuple  # what `make_probe` builds: ("agent", spec) | ("always", kind) | ("walkout", round) | ("lever", id)


def make_probe(probe: Probe, delegation: str, seed: int) -> Agent:
    kind, *args = probe.spec
    if kind == "agent":
        return make_agent(args[0], delegation, seed)
    if kind == "always":
        always: dict[str, type[C.Pass] | type[C.Recess]] = {"pass": C.Pass, "recess": C.Recess}
        return _Always(delegation, seed, always[args[0]])
    if kind == "walkout":
        return _WalkOutIn(delegation, seed, args[0])
    if kind == "lever":
        return _Lever(delegation, seed, args[0])
    raise ValueError(f"unknown probe {probe.spec!r}")


def probes_for(rules: Rules, delegation: str) -> list[Probe]:
    out = [Probe(spec, ("agent", spec)) for spec in PRESET_SPECS]
    out.append(Probe(PROBE_NAMES["default"].format(default=DEFAULT), ("agent", DEFAULT)))
    out += [Probe(PROBE_NAMES["pass"], ("always", "pass")), Probe(PROBE_NAMES["recess"], ("always", "recess"))]
    for n, rnd in enumerate(rules.rounds, 1):
        out.append(Probe(PROBE_NAMES["walkout"].format(number=n), ("walkout", rnd.id)))
    for lever in rules.scenario.delegations[delegation].levers:
        out.append(Probe(PROBE_NAMES["lever"].format(lever=lever.id), ("lever", lever.id)))
    # every other strategy registered: the random delegation, and any added since
    out += [Probe(spec, ("agent", spec)) for spec in specs() if spec not in PRESET_SPECS and spec != DEFAULT]
    return out


# ---------------------------------------------------------------------------- playing


@dataclass
class Game:
    """What the report needs of one finished game."""

    seed: int
    scores: dict[str, float]
    end_reason: str | None
    end_round: int  # 1-based: the round in which the talks ended
    signed_cards: frozenset[str]
    postponed: int  # rounds moved later
    walked_out: bool
    levers: dict[str, int] = field(default_factory=dict)  # "ru.military_pressure" -> uses
    repeats: int = 0  # packages proposed again after being turned down, nothing having changed between
    # per round that ended, each delegation's (score had the talks ended there on the end
    # date's terms, of which its BATNA moved, its score then had nothing been signed)
    by_round: tuple[dict[str, tuple[float, float, float]], ...] = ()


def play(
    rules: Rules, seed: int, makers: dict[str, Callable[[str, int], Agent]], length: str | None = None,
) -> Game:
    session = LocalSession.start(rules, seed, fsync=False, length=length)
    play_out(session, makers)
    state = session.state
    signed: set[str] = set()
    postponed = 0
    walked_out = False
    levers: dict[str, int] = {}
    repeats = 0
    texts: dict[int, frozenset] = {}
    turned_down: set[frozenset] = set()
    by_round: list[dict[str, tuple[float, float, float]]] = []
    folded = blank_state(rules)
    ended_rounds = 0

    def snapshot() -> None:  # after a round and the events of its end
        probe = folded.clone()
        probe.end_reason = "end_date"
        bare = probe.clone()
        bare.signed = {}
        by_round.append({
            d: (rules.score_parts(probe, d).score, rules.batna_moved(probe, d), rules.score_parts(bare, d).score)
            for d in rules.parties
        })

    for event in session.events():
        if isinstance(event, E.RoundStarted) and ended_rounds > len(by_round):
            snapshot()
        folded = fold(rules, folded, event)
        if isinstance(event, E.RoundEnded):
            ended_rounds += 1
        if isinstance(event, E.PackageProposed):
            texts[event.package] = frozenset(event.items.items())
            repeats += texts[event.package] in turned_down
        elif isinstance(event, E.PackageRejected):
            turned_down.add(texts[event.package])
        elif changes_situation(event):  # the computer delegations' own sense of "something changed"
            turned_down = set()
        if isinstance(event, E.AgreementSigned):
            signed.update(event.items)
        elif isinstance(event, E.RoundMoved) and event.days > 0:
            postponed += 1
        elif isinstance(event, E.WalkedOut):
            walked_out = True
        elif isinstance(event, E.LeverUsed):
            key = f"{event.by}.{event.lever}"
            levers[key] = levers.get(key, 0) + 1
    if ended_rounds > len(by_round):
        snapshot()
    return Game(
        seed=seed, scores=dict(state.scores), end_reason=state.end_reason,
        end_round=max(1, state.round_index + 1), signed_cards=frozenset(signed), postponed=postponed,
        walked_out=walked_out, levers=levers, repeats=repeats, by_round=tuple(by_round),
    )


def _play_batch(job: tuple[str, str | None, Probe | None, tuple[int, ...]]) -> list[Game]:
    """One probe in one seat (or, with no probe, the all-computer games) over `seeds`.
    A top-level function so that a worker process can run it."""
    scenario_id, seat, probe, seeds = job
    rules = rules_for(scenario_id)
    default = lambda d, s: make_agent(DEFAULT, d, s)  # noqa: E731
    makers = {d: default for d in rules.parties}
    if seat is not None:
        assert probe is not None  # a seat is played with a probe
        makers[seat] = lambda d, s: make_probe(probe, d, s)
    return [play(rules, seed, makers) for seed in seeds]


# ---------------------------------------------------------------------------- the report


def _spread(values: list[float]) -> tuple[float, float]:
    """(mean, standard deviation)."""
    return statistics.fmean(values), statistics.pstdev(values) if len(values) > 1 else 0.0


def balance(
    scenario_id: str, games: int = 300, base_seed: int = 1, jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """The balance report of `scenario_id` over `games` paired seeds, as plain data.
    `progress(done, total)` hears of each strategy's games as they finish."""
    rules = rules_for(scenario_id)
    seeds = tuple(game_seed(base_seed, i) for i in range(games))
    probed = [(seat, probe) for seat in rules.parties for probe in probes_for(rules, seat)]
    plan: list[tuple[str | None, Probe | None]] = [(None, None), *probed]
    batches = [(scenario_id, seat, probe, seeds) for seat, probe in plan]
    results: list[list[Game]] = []

    def collect(found) -> None:
        for played in found:
            results.append(played)
            if progress is not None:
                progress(len(results), len(batches))

    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            collect(pool.map(_play_batch, batches))
    else:
        collect(_play_batch(batch) for batch in batches)
    computer = results[0]
    seats: dict[str, list[tuple[Probe, list[Game]]]] = {}
    for (seat, probe), played in zip(probed, results[1:]):
        seats.setdefault(seat, []).append((probe, played))
    return {
        "scenario": scenario_id,
        "games": games,
        "base_seed": base_seed,
        "tolerance": TOLERANCE,
        "seats": {seat: _seat_report(seat, rows) for seat, rows in seats.items()},
        "dynamics": _dynamics(rules, computer),
    }


def _seat_report(seat: str, rows: list[tuple[Probe, list[Game]]]) -> dict:
    scores = {probe.name: [g.scores[seat] for g in played] for probe, played in rows}
    presets = {name: statistics.fmean(scores[name]) for name in PRESET_SPECS}
    best = max(presets, key=lambda name: (presets[name], name))
    out = []
    for probe, _played in rows:
        mine = scores[probe.name]
        mean, sd = _spread(mine)
        diffs = [a - b for a, b in zip(mine, scores[best])]
        diff, diff_sd = _spread(diffs)
        se = diff_sd / math.sqrt(len(diffs)) if diffs else 0.0
        out.append({
            "probe": probe.name, "mean": round(mean, 2), "sd": round(sd, 2),
            "vs_best_preset": round(diff, 2), "vs_best_preset_se": round(se, 2),
            "beats_best_preset": probe.name not in PRESET_SPECS and diff > TOLERANCE,
        })
    return {"best_preset": best, "probes": out}


def _dynamics(rules: Rules, games: list[Game]) -> dict:
    n = len(games)
    cards = {card: round(sum(card in g.signed_cards for g in games) / n, 4) for card in rules.card_order}
    levers: dict[str, dict[str, float]] = {}
    for d in rules.parties:
        for lever in rules.scenario.delegations[d].levers:
            key = f"{d}.{lever.id}"
            used = [g.levers.get(key, 0) for g in games]
            levers[key] = {"games": round(sum(1 for u in used if u) / n, 4), "uses_per_game": round(statistics.fmean(used), 3)}
    by_round: dict[int, list[Game]] = {}
    for g in games:
        by_round.setdefault(g.end_round, []).append(g)
    return {
        "signed": cards,
        "comprehensive": round(sum(g.end_reason == "agreement" for g in games) / n, 4),
        "end_reasons": {
            reason: round(sum(g.end_reason == reason for g in games) / n, 4)
            for reason in sorted({g.end_reason or "none" for g in games})
        },
        "postponed_rounds_per_game": round(statistics.fmean(g.postponed for g in games), 3),
        "walk_outs": round(sum(g.walked_out for g in games) / n, 4),
        "repeated_refused_packages_per_game": round(statistics.fmean(g.repeats for g in games), 3),
        "levers": levers,
        "mean_score": {d: round(statistics.fmean(g.scores[d] for g in games), 2) for d in rules.parties},
        "mean_score_by_end_round": {
            k: {"games": len(gs), **{d: round(statistics.fmean(g.scores[d] for g in gs), 2) for d in rules.parties}}
            for k, gs in sorted(by_round.items())
        },
        "if_ended_after_round": _if_ended(games, rules.parties),
    }


def _if_ended(games: list[Game], parties: tuple[str, ...]) -> dict[int, dict]:
    """Round k -> each delegation's mean score had the talks ended (on the end date's terms)
    after round k, the mean of how far its BATNA had moved by then, and its mean score
    then had nothing been signed, over the games that reached the end of round k: how
    time plays for each side. From round 2 on, `no_deal_change` is the mean change of the
    no-deal score over round k in the games that reached its end, with its standard
    error: whether the trend is more than noise."""
    out: dict[int, dict] = {}
    for k in range(1, 1 + max((len(g.by_round) for g in games), default=0)):
        reached = [g.by_round[k - 1] for g in games if len(g.by_round) >= k]
        out[k] = {
            "games": len(reached),
            "score": {d: round(statistics.fmean(r[d][0] for r in reached), 2) for d in parties},
            "batna_moved": {d: round(statistics.fmean(r[d][1] for r in reached), 2) for d in parties},
            "no_deal_score": {d: round(statistics.fmean(r[d][2] for r in reached), 2) for d in parties},
        }
        if k > 1:
            pairs = [(g.by_round[k - 2], g.by_round[k - 1]) for g in games if len(g.by_round) >= k]
            change = {}
            for d in parties:
                steps = [after[d][2] - before[d][2] for before, after in pairs]
                se = statistics.stdev(steps) / math.sqrt(len(steps)) if len(steps) > 1 else 0.0
                change[d] = {"mean": round(statistics.fmean(steps), 2), "se": round(se, 2)}
            out[k]["no_deal_change"] = change
    return out


def probe_label(name: str) -> str:
    """A strategy's name in the report (English) in the reader's language; a computer
    delegation's kind (`ai:hardliner`, `random`) as it is."""
    for template in PROBE_NAMES.values():
        parts = re.split(r"\{(\w+)\}", template)  # words, a placeholder's name, words...
        pattern = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+)" for i, part in enumerate(parts))
        found = re.fullmatch(pattern, name)
        if found is not None:
            return _(template).format(**found.groupdict())
    return name


def _fixed(value: float, spec: str) -> str:
    """A number as Python's `spec` writes it (signed, padded to its column), with the reader's
    decimal sign."""
    from babel.numbers import get_decimal_symbol

    return format(value, spec).replace(".", get_decimal_symbol(current()))


def _percent(share: float, digits: int = 0) -> str:
    """A share (0.87) as the reader's language writes a percentage: 87% / 87 %."""
    from babel import Locale

    number = _fixed(share, f".{digits}%")[:-1]
    return re.sub(r"[#0,.]+", number, Locale.parse(current()).percent_formats[None].pattern, count=1)


def render(report: dict, names: dict[str, str]) -> str:
    """The report as text for a terminal (`names`: delegation code -> its short name)."""
    tolerance = report["tolerance"]
    parties = tuple(report["dynamics"]["mean_score"])  # the scenario's, in its order
    lines = [
        ngettext("Balance of {scenario}: {games} paired game per strategy (seeds from {seed}); the other seats play "
                 "`{default}`.",
                 "Balance of {scenario}: {games} paired games per strategy (seeds from {seed}); the other seats play "
                 "`{default}`.",
                 report["games"]).format(scenario=report["scenario"], games=report["games"], seed=report["base_seed"],
                                         default=DEFAULT),
        # the plural of a whole number of points, else of a fraction (2 stands for any)
        ngettext("A strategy is flagged (!) when it beats the seat's best preset by more than {tolerance} mean "
                 "score point.",
                 "A strategy is flagged (!) when it beats the seat's best preset by more than {tolerance} mean "
                 "score points.",
                 int(tolerance) if float(tolerance).is_integer() else 2).format(tolerance=_fixed(tolerance, "g")),
    ]
    # Translators: the report's column headings: a strategy, its mean score, the scores' standard
    # deviation, and the mean difference to the seat's best preset. Keep them short.
    strategy, mean, sd, versus = _("strategy"), _("mean"), _("sd"), _("vs best preset")
    for seat, data in report["seats"].items():
        lines += ["", _("{delegation}: best preset {preset}").format(delegation=names.get(seat, seat),
                                                                     preset=data["best_preset"]),
                  f"  {strategy:<44} {mean:>7} {sd:>6} {versus:>16}"]
        for row in data["probes"]:
            flag = " !" if row["beats_best_preset"] else ""
            lines.append(
                f"  {probe_label(row['probe']):<44} {_fixed(row['mean'], '>+7.2f')} {_fixed(row['sd'], '>6.2f')} "
                f"{_fixed(row['vs_best_preset'], '>+9.2f')} ± {_fixed(row['vs_best_preset_se'], '<4.2f')}{flag}"
            )
    dyn = report["dynamics"]
    lines += ["", _("All-computer games ({count}):").format(count=report["games"])]
    lines.append("  " + _("signed, share of games: {cards}").format(cards=", ".join(
        f"{card} {_percent(share)}" for card, share in dyn["signed"].items() if share)))
    lines.append("  " + _("comprehensive settlement: {comprehensive}; walk-outs: {walk_outs}; "
                          "postponed rounds per game: {postponed}").format(
        comprehensive=_percent(dyn["comprehensive"], 1), walk_outs=_percent(dyn["walk_outs"], 1),
        postponed=_fixed(dyn["postponed_rounds_per_game"], ".2f")))
    lines.append("  " + _("packages proposed again after being turned down (nothing changed between), per game: "
                          "{count}").format(count=_fixed(dyn["repeated_refused_packages_per_game"], ".2f")))
    # Translators: {reasons} lists how games ended, by code (end_date, agreement, walkout...), with a share each.
    lines.append("  " + _("how the talks ended: {reasons}").format(
        reasons=", ".join(f"{r} {_percent(s)}" for r, s in dyn["end_reasons"].items())))
    lines.append("  " + _("levers, share of games used (uses per game): {levers}").format(levers=", ".join(
        f"{lever} {_percent(v['games'])} ({_fixed(v['uses_per_game'], '.2f')})" for lever, v in dyn["levers"].items())))
    lines.append("  " + _("mean score: {scores}").format(
        scores=", ".join(f"{names.get(d, d)} {_fixed(s, '+.2f')}" for d, s in dyn["mean_score"].items())))
    lines.append("  " + _("mean score by the round the talks ended in:"))
    for k, row in dyn["mean_score_by_end_round"].items():
        scores = ", ".join(f"{names.get(d, d)} {_fixed(row[d], '+.2f')}" for d in parties)
        lines.append("    " + ngettext("round {round} ({count} game): {scores}",
                                       "round {round} ({count} games): {scores}",
                                       row["games"]).format(round=k, count=row["games"], scores=scores))
    lines.append("  " + _("mean score had the talks ended after round k; with nothing signed (BATNA moved by then):"))
    for k, row in dyn["if_ended_after_round"].items():
        scores = ", ".join(
            f"{names.get(d, d)} {_fixed(row['score'][d], '+.2f')}; {_fixed(row['no_deal_score'][d], '+.2f')} "
            f"({_fixed(row['batna_moved'][d], '+.2f')})"
            for d in parties
        )
        lines.append("    " + ngettext("after round {round} ({count} game): {scores}",
                                       "after round {round} ({count} games): {scores}",
                                       row["games"]).format(round=k, count=row["games"], scores=scores))
        if "no_deal_change" in row:
            lines.append("      " + _("no-deal score's change over the round: {changes}").format(changes=", ".join(
                f"{names.get(d, d)} {_fixed(c['mean'], '+.2f')} ± {_fixed(c['se'], '.2f')}"
                for d, c in row["no_deal_change"].items())))
    return "\n".join(lines)
