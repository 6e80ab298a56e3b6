"""The debrief report that `parley analyze` prints: figures as plain data (for
`--json`) and as text for a teacher. Pure: it is handed the scenario's rules and,
for a save, the replayed final state; it reads and prints nothing itself.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from itertools import combinations
from typing import Any, cast

from game.analysis.domain import Domain, Outcome, complete_variants, domain_for
from game.analysis.frontier import Analysis, Point, analyze, distance_to_frontier, distance_to_nash
from game.analysis.moment import MomentInfo
from game.analysis.signable import SignableDomain, signable_domain
from game.engine.rules import Rules
from game.engine.state import GameState
from game.i18n import N_, _, formats, ngettext

# The points each analysis finds: their keys in the report's data, and their names in its text.
POINTS = (("nash", N_("Nash bargaining point")), ("ks", N_("Kalai-Smorodinsky point")),
          ("max_welfare", N_("Max-welfare point")))


def _num(x: Fraction | float | None, places: int = 4) -> float | None:
    return None if x is None else round(float(x), places)


def start_state(rules: Rules, variants: Mapping[str, Mapping[str, str]]) -> GameState:
    """The table before anything is signed: start meters, initial flags, the active cards."""
    sc = rules.scenario
    return GameState(
        scenario=sc.id,
        seed=0,
        date=sc.calendar.start,
        cards=[c.id for c in sc.cards if c.active],
        meters={ref: m.start for ref, m in rules.meters.items()},
        flags={f.id: f.initial for f in sc.flags},
        variants={d: dict(v) for d, v in variants.items()},
    )


def analysis_for(
    rules: Rules, variants: Mapping[str, Mapping[str, str]] | None = None, cards: tuple[str, ...] | None = None
) -> dict[str, Analysis]:
    """The analyses of every delegation together ("ru+ua+us") and of each pair ("ru+ua"...),
    BATNAs at the start meters; memoised on `rules` (they never change)."""
    full = complete_variants(rules.scenario, variants)
    key = ("analysis", tuple(sorted((d, tuple(sorted(v.items()))) for d, v in full.items())), cards)
    cached = rules.memo.get(key)
    if cached is not None:
        return cast("dict[str, Analysis]", cached)  # what this function memoised under `key`, below
    domain = domain_for(rules, full, cards=cards)
    # every delegation, then each pair (with two delegations, the pair is everyone)
    groups = [domain.parties, *(g for g in combinations(domain.parties, 2) if len(domain.parties) > 2)]
    analyses = {"+".join(g): analyze(domain, g) for g in groups}
    rules.memo[key] = analyses
    return analyses


def signable_for(rules: Rules, state: GameState) -> Analysis:
    """The signable analysis of every delegation at `state` (its variants, cards,
    signed text, red lines, flags and meters; `game.analysis.signable`); memoised on
    `rules` for the start of a game."""
    start = start_state(rules, state.variants)
    at_start = (
        state.cards == start.cards and not state.signed and state.meters == start.meters
        and state.flags == start.flags and not state.red_lines and state.date == start.date
        and state.round_index == start.round_index
    )
    key = ("signable", tuple(sorted((d, tuple(sorted(v.items()))) for d, v in state.variants.items())))
    if at_start:
        cached = rules.memo.get(key)
        if isinstance(cached, Analysis):  # memoised below
            return cached
    found = analyze(signable_domain(rules, state))
    if at_start:
        rules.memo[key] = found
    return found


def signable_figures(analysis: Analysis, text: Mapping[str, str]) -> dict[str, Any]:
    """Where `text` (a signed text) stands against a signable analysis: its scores had it
    been signed at that moment, and its distance to the frontier and the Nash point."""
    domain = analysis.domain
    outcome = domain.from_text({
        c: o for c, o in text.items() if c in domain.cards and o in domain.options[domain.cards.index(c)]
    })
    values = domain.utilities(outcome)
    return {
        "outcome": outcome,
        "values": values,
        "on_frontier": analysis.on_frontier(values),
        "distance_to_frontier": distance_to_frontier(analysis, values),
        "distance_to_nash": distance_to_nash(analysis, values),
    }


def outcome_figures(rules: Rules, state: GameState) -> dict[str, Any]:
    """A game's final outcome (what it achieved, status quo elsewhere) against the
    analysis of its own hidden variants and cards: utilities, distance to the
    frontier of every delegation and to its Nash point (None when nothing is IR)."""
    analyses = analysis_for(rules, state.variants, tuple(state.cards))
    everyone = next(iter(analyses.values()))  # the first holds every delegation
    return _final_figures(everyone, state)


def _final_figures(everyone: Analysis, state: GameState) -> dict[str, Any]:
    """Where what a game achieved stands against the analysis of every delegation, `everyone`."""
    outcome = everyone.domain.from_text(state.achieved())
    utilities = everyone.domain.utilities(outcome)
    return {
        "outcome": outcome,
        "utilities": utilities,
        "on_frontier": everyone.on_frontier(utilities),
        "distance_to_frontier": distance_to_frontier(everyone, utilities),
        "distance_to_nash": distance_to_nash(everyone, utilities),
    }


# ---------------------------------------------------------------------------- the report as data


class _Describe:
    def __init__(self, rules: Rules, domain: Domain, state: GameState):
        self.rules = rules
        self.domain = domain
        self.state = state

    def text(self, outcome: Outcome) -> dict[str, str]:
        return self.domain.as_text(outcome)

    def changes(self, outcome: Outcome) -> dict[str, str]:
        """Cards where the outcome leaves the status quo."""
        return {card: self.domain.options[k][i] for k, (card, i) in enumerate(zip(self.domain.cards, outcome)) if i}

    def red_lines(self, outcome: Outcome) -> list[dict[str, Any]]:
        """The red lines that signing this outcome (its non-status-quo cards) would cross."""
        items = self.changes(outcome)
        out = []
        for code in self.domain.parties:
            for qid, line in self.rules.crossed(self.state, code, items):
                out.append({"red_line": qid, "hard": line.hard, "label": line.label})
        return out

    def point(self, point: Point, batna: Mapping[str, Fraction]) -> dict[str, Any]:
        return {
            "outcome": self.text(point.outcome),
            "changes": self.changes(point.outcome),
            "utilities": {p: _num(u) for p, u in point.utilities.items()},
            "gains": {p: _num(point.utilities[p] - b) for p, b in batna.items()},
            "outcomes_with_these_utilities": point.count,
            "red_lines_crossed": self.red_lines(point.outcome),
        }


def signable_report(rules: Rules, state: GameState, moment: Mapping[str, object]) -> dict[str, Any]:
    """The signable analysis at `state` as JSON-ready data: the moment, each delegation's
    disagreement point (its score with nothing more signed), every frontier point (the
    package and each delegation's score) and the Nash, KS and max-welfare points."""
    if state.ended:  # nothing more can be signed: say so, with the final scores
        return {
            "what": "The talks are over at this moment: nothing more can be signed.",
            "moment": dict(moment), "over": True, "end_reason": state.end_reason,
            "final_scores": {d: rules.final_score(state, d)["score"] for d in rules.parties},
            "fixed": {}, "no_agreement": None, "individually_rational": False,
            "frontier_size": 0, "frontier_outcomes": 0, "frontier": [],
            **{name: None for name, _title in POINTS},
        }
    analysis = signable_for(rules, state)
    domain = analysis.domain
    assert isinstance(domain, SignableDomain)

    def describe(point: Point) -> dict[str, Any]:
        package = domain.package(point.outcome)
        values = point.utilities
        soft = [
            {"red_line": qid, "label": line.label}
            for d in rules.consent_needed(package) if package
            for qid, line in rules.crossed(state, d, package) if not line.hard
        ]
        return {
            "package": package,
            "scores": {p: _num(values[p]) for p in domain.parties},
            "gains": {p: _num(values[p] - domain.batna(p)) for p in domain.parties},
            "outcomes_with_these_scores": point.count,
            "soft_lines_crossed": soft,
        }

    out: dict[str, Any] = {
        "what": (
            "Outcomes that can be signed at this moment: the package crosses no hard red line, in force then, of a "
            "delegation whose consent it needs (linkages read on the text that would result). Each is valued as the "
            "score counts it: the score each delegation would end with if the package were signed then and nothing "
            "else happened (utility over the status quo, the BATNA moved by the meters and the soft lines' costs, "
            "objectives)."
        ),
        "moment": dict(moment),
        "fixed": {c: domain.options[k][0] for k, c in enumerate(domain.cards) if not domain.features.open[k]},
        "no_agreement": {p: _num(domain.batna(p)) for p in domain.parties},
        "individually_rational": analysis.individually_rational,
        "frontier_size": len(analysis.frontier),
        "frontier_outcomes": analysis.outcome_count,
        "frontier": [describe(point) for point in analysis.frontier],
    }
    for name, _title in POINTS:
        point = getattr(analysis, name)
        out[name] = None if point is None else describe(point)
    return out


def build_report(
    rules: Rules,
    variants: Mapping[str, Mapping[str, str]] | None = None,
    *,
    chosen: Mapping[str, Mapping[str, str]] | None = None,
    final_state: GameState | None = None,
    save: Mapping[str, Any] | None = None,
    moment: GameState | None = None,
    moment_info: MomentInfo | None = None,
) -> dict[str, Any]:
    """Everything `parley analyze` prints, as JSON-ready data.

    `variants` are the hidden variants analysed (first variant where none is given);
    `chosen` says which of them a person picked (the rest are defaults). With
    `final_state` (a replayed save, whose own variants are passed as `variants`) the
    analysis uses the save's cards and red-line state and adds the distance of its
    final outcome to the frontier and to the Nash point. The signable analysis is made
    at `moment` (default: the start of the talks; `moment_info` describes it).
    """
    sc = rules.scenario
    full = complete_variants(sc, variants)
    cards = tuple(final_state.cards) if final_state is not None else None
    analyses = analysis_for(rules, full, cards)
    domain = next(iter(analyses.values())).domain
    state = final_state if final_state is not None else start_state(rules, full)
    describe = _Describe(rules, domain, state)

    origin = "save" if final_state is not None else None
    variant_rows = []
    for code, spec in sc.delegations.items():
        for hidden in spec.hidden:
            vid = full[code][hidden.id]
            label = next(v.label for v in hidden.options if v.id == vid)
            picked = (chosen or {}).get(code, {}).get(hidden.id) is not None
            variant_rows.append({
                "delegation": code, "hidden": hidden.id, "hidden_label": hidden.label,
                "variant": vid, "label": label, "from": origin or ("chosen" if picked else "default"),
            })

    delegations = {}
    for code in domain.parties:
        ideal = domain.ideal(code)
        delegations[code] = {
            "name": sc.delegations[code].short,
            "batna": _num(domain.batna(code)),
            "status_quo_utility": _num(domain.utility(code, domain.status_quo)),
            "ideal": {
                "outcome": describe.text(ideal),
                "changes": describe.changes(ideal),
                "utility": _num(domain.utility(code, ideal)),
                "utilities": {p: _num(u) for p, u in domain.utilities(ideal).items()},
            },
        }

    groups = {}
    for key, analysis in analyses.items():
        entry: dict[str, Any] = {
            "parties": list(analysis.parties),
            "individually_rational": analysis.individually_rational,
            "frontier_size": len(analysis.frontier),
            "frontier_outcomes": analysis.outcome_count,
            "ideal_within_batnas": None if analysis.ideal is None else {p: _num(u) for p, u in analysis.ideal.items()},
        }
        for name, _title in POINTS:
            point = getattr(analysis, name)
            entry[name] = None if point is None else describe.point(point, analysis.batna)
        groups[key] = entry

    report: dict[str, Any] = {
        "scenario": sc.id,
        "title": sc.title,
        "cards": list(domain.cards),
        "outcome_space": domain.size,
        "variants": {code: dict(v) for code, v in full.items()},
        "variant_choice": variant_rows,
        "batna": "the status quo's utility, the meters at their start",
        "delegations": delegations,
        "analyses_note": (
            "Unconstrained: red lines, soft-line costs and objectives are left out of this search, so its points "
            "may cross hard red lines and cannot be signed; see 'signable' for what can."
        ),
        "analyses": groups,
    }
    if moment is None:
        moment = start_state(rules, full)
        moment_info = {"at": "start", "date": moment.date.isoformat(), "round": None}
    report["signable"] = signable_report(rules, moment, moment_info or {})
    if final_state is not None:
        figures = _final_figures(analyses["+".join(domain.parties)], final_state)  # every delegation
        report["save"] = {
            **(save or {}),
            "end_reason": final_state.end_reason,
            "final_outcome": describe.text(figures["outcome"]),
            "changes": describe.changes(figures["outcome"]),
            "utilities": {p: _num(u) for p, u in figures["utilities"].items()},
            "on_frontier": figures["on_frontier"],
            "distance_to_frontier": _num(figures["distance_to_frontier"]),
            "distance_to_nash": _num(figures["distance_to_nash"]),
            "signable": _save_against_signable(rules, final_state),
        }
    return report


def _save_against_signable(rules: Rules, final_state: GameState) -> dict[str, Any]:
    """A saved game against what could be signed at its start (its own hidden readings):
    its final scores against those of the signable Nash point, and the text it achieved,
    valued as if signed at the start, against the signable frontier (score points)."""
    analysis = signable_for(rules, start_state(rules, final_state.variants))
    figures = signable_figures(analysis, final_state.achieved())
    nash = analysis.nash
    scores = {d: rules.final_score(final_state, d)["score"] for d in analysis.parties}
    return {
        "final_scores": scores,
        "nash_scores": None if nash is None else {p: _num(nash.utilities[p]) for p in analysis.parties},
        "vs_nash": None if nash is None else {p: _num(Fraction(repr(scores[p])) - nash.utilities[p]) for p in analysis.parties},
        "achieved_as_if_signed_at_start": {p: _num(v) for p, v in figures["values"].items()},
        "on_frontier": figures["on_frontier"],
        "distance_to_frontier": _num(figures["distance_to_frontier"]),
        "distance_to_nash": _num(figures["distance_to_nash"]),
    }


# ---------------------------------------------------------------------------- the report as text


def _fixed(x: float, digits: int = 2, signed: bool = False, width: int = 0) -> str:
    """`x` with `digits` decimals (a "+" before it if `signed`), right-aligned in `width`,
    in the reader's language."""
    return f"{formats.signed(x, digits) if signed else formats.fixed(x, digits):>{width}}"


def format_report(report: Mapping[str, Any], rules: Rules, width: int = 92) -> str:
    sc = rules.scenario
    names = {code: spec.short for code, spec in sc.delegations.items()}
    lines: list[str] = []
    add = lines.append

    def label(card: str, option: str) -> str:
        card_spec = rules.cards[card]
        return _("{card}: {option}").format(
            card=card_spec.title, option=next(o.label for o in card_spec.options if o.id == option))

    def package(changes: Mapping[str, str], indent: str) -> None:
        if not changes:
            add(indent + _("(the status quo on every card)"))
            return
        body = "; ".join(label(c, o) for c, o in changes.items())
        if len(changes) < len(report["cards"]):
            body = _("{changes}; status quo on the other cards").format(changes=body)
        else:
            body = _("{changes}; every card moves from the status quo").format(changes=body)
        lines.extend(textwrap.wrap(body, width, initial_indent=indent, subsequent_indent=indent))

    def figures(values: Mapping[str, Any], parties: Iterable[str]) -> str:
        return "  ".join(f"{names[p]} {_fixed(values[p], width=6)}" for p in parties)

    add(f"{report['title']} ({report['scenario']})")
    add(ngettext(
        "{cards} card on the table, {outcomes} possible outcomes (one option per card, status quo included), all of "
        "them searched.",
        "{cards} cards on the table, {outcomes} possible outcomes (one option per card, status quo included), all of "
        "them searched.", len(report["cards"])).format(
        cards=len(report["cards"]), outcomes=formats.number(report["outcome_space"], 0)))
    if report.get("save") is not None:
        add(_("(The cards on the table when the saved game ended.)"))
    add(_("Utilities are 0-100 from each delegation's valuations; BATNAs at the starting meters."))
    if report["variant_choice"]:
        add(_("Hidden variants analysed:"))
        hows = {"default": _("default: the first variant"), "chosen": _("chosen"), "save": _("drawn in the save")}
        for row in report["variant_choice"]:
            add("  " + _("{delegation}: {reading}: {label} ({variant}; {how})").format(
                delegation=names[row["delegation"]], reading=row["hidden_label"], label=row["label"],
                variant=row["variant"], how=hows[row["from"]]))
        if any(row["from"] == "default" for row in report["variant_choice"]):
            add("  " + _("Choose others with --variant ID (for example --variant {variant}).").format(
                variant=report["variant_choice"][-1]["variant"]))
    add("")
    lines.extend(_(
        "UNCONSTRAINED ANALYSIS: red lines, soft-line costs and objectives are left out of this search, so its\n"
        "points may cross hard red lines and cannot be signed; each names the red lines it would cross.\n"
        "What can really be signed follows it.").split("\n"))
    add("")
    add(f"{_('Delegation'):<14}{_('BATNA'):>8}{_('status quo'):>12}{_('own ideal'):>11}")
    for d in report["delegations"].values():
        add(f"{d['name']:<14}{_fixed(d['batna'], width=8)}{_fixed(d['status_quo_utility'], width=12)}"
            f"{_fixed(d['ideal']['utility'], width=11)}")
    for code, d in report["delegations"].items():
        others = figures(d['ideal']['utilities'], [p for p in d['ideal']['utilities'] if p != code])
        add(_("{delegation}'s ideal outcome (the others: {figures}):").format(delegation=d["name"], figures=others))
        package(d["ideal"]["changes"], "    ")
    for group in report["analyses"].values():
        parties = group["parties"]
        add("")
        if len(parties) == len(names):
            add(_("All delegations ({delegations})").format(delegations=", ".join(names[p] for p in parties)))
        else:
            ignored = [names[p] for p in names if p not in parties]
            # Translators: a pair of delegations analysed on their own: "Moscow and Kyiv (Washington ignored)".
            add(_("{first} and {second} ({ignored} ignored)").format(
                first=names[parties[0]], second=names[parties[1]], ignored=", ".join(ignored)))
        if not group["individually_rational"]:
            add("  " + _("No outcome is at least as good as every BATNA: no frontier, no Nash, KS or max-welfare "
                         "point."))
            continue
        # Translators: {outcomes} is "{count} outcome(s)" just below.
        outcomes = ngettext("{count} outcome", "{count} outcomes", group["frontier_outcomes"]).format(
            count=formats.number(group["frontier_outcomes"], 0))
        add("  " + ngettext(
            "Pareto frontier: {count} utility profile ({outcomes}) at least as good as every BATNA",
            "Pareto frontier: {count} utility profiles ({outcomes}) at least as good as every BATNA",
            group["frontier_size"]).format(count=formats.number(group["frontier_size"], 0), outcomes=outcomes))
        add("  " + _("Best within the BATNAs: {figures}").format(
            figures=figures(group["ideal_within_batnas"], parties)))
        seen: dict[str, str] = {}
        for name, title in POINTS:
            point = group[name]
            same = seen.get(repr(point["outcome"]))
            add(f"  {_(title)}: {figures(point['utilities'], parties)}")
            outside = [p for p in point["utilities"] if p not in parties]
            gains = "  ".join(f"{names[p]} {_fixed(point['gains'][p], signed=True)}" for p in parties)
            extra = "".join(f"; {names[p]} {_fixed(point['utilities'][p])}" for p in outside)
            add("    " + _("over BATNA: {gains}").format(gains=gains) + extra)
            if same:
                add("    " + _("the same outcome as the {point}").format(point=_(same)))
                continue
            seen[repr(point["outcome"])] = title
            package(point["changes"], "    ")
            if point["outcomes_with_these_utilities"] > 1:
                count = point["outcomes_with_these_utilities"]
                add("    " + ngettext("({count} outcome gives these utilities; this is the first in card order)",
                                     "({count} outcomes give these utilities; this is the first in card order)",
                                     count).format(count=count))
            crossed = point["red_lines_crossed"]
            if crossed:
                text = "; ".join(
                    (_("{red_line} (hard: {label})") if c["hard"] else _("{red_line} (soft: {label})")).format(
                        red_line=c["red_line"], label=c["label"])
                    for c in crossed)
                lines.extend(textwrap.wrap(_("crosses {red_lines}").format(red_lines=text), width,
                                           initial_indent="    ", subsequent_indent="      "))
            else:
                add("    " + _("crosses no red line"))
    _format_signable(report["signable"], names, add, package, width, lines)
    save = report.get("save")
    if save is not None:
        add("")
        if save.get("path"):
            add(_("The save {path} (seed {seed}, ended: {reason})").format(
                path=save["path"], seed=save.get("seed"), reason=save["end_reason"]))
        else:
            add(_("The save (seed {seed}, ended: {reason})").format(seed=save.get("seed"), reason=save["end_reason"]))
        add("  " + _("Final outcome: {figures}").format(figures=figures(save["utilities"], names)))
        package(save["changes"], "    ")
        if save["distance_to_frontier"] is None:
            add("  " + _("No outcome is at least as good as every BATNA, so there is no frontier to measure against."))
        else:
            if save["on_frontier"]:
                text = _("Unconstrained: it lies on the frontier, {nash} from the Nash point (Euclidean, in utility "
                         "points).")
            else:
                text = _("Unconstrained: it lies {frontier} from the frontier, {nash} from the Nash point (Euclidean, "
                         "in utility points).")
            add("  " + text.format(frontier=_fixed(save["distance_to_frontier"]),
                                   nash=_fixed(save["distance_to_nash"])))
        sig = save["signable"]
        add("  " + _("Final scores: {scores}").format(
            scores="  ".join(f"{names[p]} {_fixed(v, signed=True)}" for p, v in sig["final_scores"].items())))
        if sig["nash_scores"] is not None:
            add("  " + _("Against what could be signed at the start: the signable Nash point would have scored "
                         "{scores}").format(
                scores="  ".join(f"{names[p]} {_fixed(v, signed=True)}" for p, v in sig["nash_scores"].items())))
            if sig["on_frontier"]:
                text = _("Valued as if signed at the start, the text lies on the signable frontier, {nash} from the "
                         "signable Nash point (score points).")
            else:
                text = _("Valued as if signed at the start, the text lies {frontier} from the signable frontier, "
                         "{nash} from the signable Nash point (score points).")
            frontier = "-" if sig["distance_to_frontier"] is None else _fixed(sig["distance_to_frontier"])
            add("  " + text.format(frontier=frontier, nash=_fixed(sig["distance_to_nash"])))
    return "\n".join(lines) + "\n"


def _format_signable(
    sig: Mapping[str, Any], names: Mapping[str, str], add: Callable[[str], None],
    package: Callable[[Mapping[str, str], str], None], width: int, lines: list[str],
) -> None:
    moment = sig["moment"]
    if sig.get("over"):
        add("")
        add(_("WHAT CAN BE SIGNED: nothing: the talks are over ({reason}, {date}).").format(
            reason=sig["end_reason"], date=moment.get("date")))
        add("  " + _("Final scores: {scores}").format(
            scores="  ".join(f"{names[p]} {_fixed(v, signed=True)}" for p, v in sig["final_scores"].items())))
        add("  " + _("Use --at ROUND to see what could be signed as one of its rounds opened."))
        return
    add("")
    match moment.get("at"):
        case "start":
            add(_("WHAT CAN BE SIGNED at the start of the talks ({date})").format(date=moment.get("date")))
        case "round":
            add(_("WHAT CAN BE SIGNED as {round} opens ({date})").format(
                round=moment.get("round_label") or moment.get("round"), date=moment.get("date")))
        case "save":
            add(_("WHAT CAN BE SIGNED at the save's current position ({date})").format(date=moment.get("date")))
        case _:
            add(_("WHAT CAN BE SIGNED ({date})").format(date=moment.get("date")))
    lines.extend(textwrap.wrap(_(
        "Packages that cross no hard red line in force then of a delegation whose consent they need (linkages "
        "read on the text that would result), each valued as the score counts it: the score each delegation "
        "would end with if the package were signed then and nothing else happened."), width, initial_indent="  ",
        subsequent_indent="  ",
    ))
    if moment.get("seed") is not None:
        add("  " + _("(The table as it stands then in a game where nothing is signed, seed {seed}.)").format(
            seed=moment["seed"]))
    if sig["fixed"]:
        add("  " + _("Already decided: {cards}.").format(cards=", ".join(sorted(sig["fixed"]))))

    def scores(values: Mapping[str, Any]) -> str:
        return "  ".join(f"{names[p]} {_fixed(values[p], signed=True, width=6)}" for p in values)

    add("  " + _("With nothing more signed: {scores}").format(scores=scores(sig["no_agreement"])))
    if not sig["individually_rational"]:
        add("  " + _("No signable package leaves every delegation at least as well off as signing nothing."))
        return
    # Translators: {packages} is "{count} package(s)" just below.
    packages = ngettext("{count} package", "{count} packages", sig["frontier_outcomes"]).format(
        count=formats.number(sig["frontier_outcomes"], 0))
    add("  " + ngettext("Signable frontier: {count} score profile ({packages})",
                        "Signable frontier: {count} score profiles ({packages})", sig["frontier_size"]).format(
        count=formats.number(sig["frontier_size"], 0), packages=packages))
    seen: dict[str, str] = {}
    for name, title in POINTS:
        point = sig[name]
        add(f"  {_(title)}: {scores(point['scores'])}")
        same = seen.get(repr(point["package"]))
        if same:
            add("    " + _("the same package as the {point}").format(point=_(same)))
            continue
        seen[repr(point["package"])] = title
        package(point["package"], "    ")
        if point["soft_lines_crossed"]:
            text = "; ".join(f"{c['red_line']} ({c['label']})" for c in point["soft_lines_crossed"])
            lines.extend(textwrap.wrap(_("crosses soft lines, at their cost: {red_lines}").format(red_lines=text),
                                       width, initial_indent="    ", subsequent_indent="      "))
