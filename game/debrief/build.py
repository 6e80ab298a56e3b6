"""Building the debrief: one pass over the game's log, folding each event into the
state as the engine did, so that every offer is valued against what had been
achieved at that moment, under the cards on the table then.

Utilities are the analysis' own (`game.analysis.domain`: exact, from the engine's
valuations), so a package's worth here, its worth in the offer composer
(`game.engine.appraise`) and the final figures of `parley analyze --save` agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

from game.analysis.domain import Domain, domain_for, exact_batna_moved
from game.analysis.frontier import distance
from game.analysis.report import signable_figures, signable_for, start_state
from game.debrief import model as M
from game.debrief.commitments import Offer, Said, find_commitments
from game.debrief.questions import ask
from game.debrief.wording import QUIET, Wording
from game.engine import commands as C
from game.engine.appraise import appraise
from game.engine.core import blank_state, fold
from game.engine.rules import Rules
from game.engine.state import GameState
from game.engine.views import OMNISCIENT, view_for
from game.i18n import _, formats
from game.i18n.names import holder
from game.narrate import end_reason
from game.store.log import Header, LoadedGame, Step


def _num(x: Fraction | float) -> float:
    return round(float(x), 2)


class _Walk:
    """The log replayed event by event, noting what the debrief needs."""

    def __init__(self, rules: Rules):
        self.rules = rules
        self.words = Wording(rules)
        self.state = blank_state(rules)
        self.index = 0  # events so far
        self.turns = 0  # turns taken so far
        self.timeline: list[M.TimelineEntry] = []
        self.events: list[M.EventRow] = []
        self.packages: dict[int, tuple[str, dict[str, str]]] = {}
        self.offered: dict[str, int] = {}
        self.points: dict[str, list[M.CurvePoint]] = {d: [] for d in rules.parties}
        self.touches: list[dict[str, Any]] = []
        self.costs: dict[str, dict[str, Any]] = {}  # "red_line:<qid>" -> the touch its meter costs belong to
        self.said: list[Said] = []
        self.offers: list[Offer] = []
        self.signed: list[dict[str, Any]] = []
        self.moves: list[M.RoundMove] = []
        self.rejections: list[M.Rejection] = []
        self.held: dict[str, int] = {}  # round -> the turn it opened on
        self.ended: Any = None
        self._domains: dict[tuple, Domain] = {}
        self.handed: list[tuple[str, str, str | None]] = []  # (delegation, to whom, in which round) in order
        self.batna_path: dict[str, list[M.BatnaStep]] = {d: [] for d in rules.parties}

    # ------------------------------------------------------------------ where we are

    def round_id(self, state: GameState) -> str | None:
        return self.rules.rounds[state.round_index].id if state.round_index >= 0 else None

    def where(self, state: GameState) -> dict[str, Any]:
        return {"index": self.index, "round": self.round_id(state), "date": state.date}

    def domain(self, state: GameState) -> Domain:
        key = (tuple(state.cards), tuple(sorted((d, tuple(sorted(v.items()))) for d, v in state.variants.items())))
        domain = self._domains.get(key)
        if domain is None:
            domain = self._domains[key] = domain_for(self.rules, state.variants, cards=state.cards)
        return domain

    def worth(self, state: GameState, code: str, items: dict[str, str] | None = None) -> Fraction:
        """`code`'s utility of what is achieved in `state`, plus `items` signed on top."""
        domain = self.domain(state)
        return domain.utility(code, domain.from_text({**state.achieved(), **(items or {})}))

    def batna(self, state: GameState, code: str) -> Fraction:
        """`code`'s BATNA in `state`: the status quo's utility, moved by the meters."""
        return self.domain(state).batna(code) + exact_batna_moved(self.rules.scenario, code, state.meters)

    def batna_moved(self) -> None:
        """Each delegation's BATNA, noted where it moved (from the next turn on)."""
        for code, path in self.batna_path.items():
            batna = _num(self.batna(self.state, code))
            if not path or path[-1].batna != batna:
                if path and path[-1].turn == self.turns + 1:
                    path.pop()  # moved twice before anyone moved: the last value counts
                path.append(M.BatnaStep(turn=self.turns + 1, batna=batna))

    # ------------------------------------------------------------------ the pass

    def step(self, command: C.Command, events: Sequence[Any]) -> None:
        facilitator = getattr(command, "by", None) == "facilitator"
        first = self.index + 1
        at = self.where(self.state)
        turn = self.turns + 1
        for event in events:
            self.index += 1
            before = self.state
            self.state = fold(self.rules, before, event)
            self.note(event, before)
            self.row(command, event)
            if not facilitator:
                self.entry(event)
            kind = getattr(event, "type", "")
            if kind == "turn_ended" or (kind == "round_ended" and event.reason == "recess"):
                self.turns += 1
        if any(getattr(event, "type", "") == "meter_changed" for event in events):
            self.batna_moved()
        if facilitator and events:
            self.timeline.append(M.TimelineEntry(
                **{**at, "index": first}, turn=turn, kind="facilitator", actor="facilitator",
                text=self.words.facilitator(command, events), command=command.kind,
            ))

    def row(self, command: C.Command, event: Any) -> None:
        found = self.words.line(event)
        self.events.append(M.EventRow(
            **self.where(self.state), turn=self.turns + 1, event=getattr(event, "type", ""),
            kind=found[0] if found else None, actor=self.actor(event), command=command.kind,
            by=getattr(command, "by", None), package=getattr(event, "package", None),
            text=found[1] if found else None,
        ))

    def entry(self, event: Any) -> None:
        kind = getattr(event, "type", "")
        if kind in QUIET:
            return
        found = self.words.line(event)
        if found is None:
            return
        self.timeline.append(M.TimelineEntry(
            **self.where(self.state), turn=self.turns + 1, kind=found[0], actor=self.actor(event), text=found[1],
            package=getattr(event, "package", None),
        ))

    def actor(self, event: Any) -> str | None:
        for name in ("by", "delegation"):
            code = getattr(event, name, None)
            if code in self.rules.parties:
                return code
        if getattr(event, "type", "") == "red_line_changed":
            return event.red_line.split(".", 1)[0]
        cause = getattr(event, "cause", "") or ""
        if cause.startswith("lever:"):
            return cause[6:].split(".", 1)[0]
        if cause == "facilitator":
            return "facilitator"
        return None

    def note(self, event: Any, before: GameState) -> None:
        """What the debrief keeps of an event, besides its timeline line; `before` is
        the state the event happened in."""
        kind = getattr(event, "type", "")
        at = self.where(self.state)
        n = self.words.narrator
        if kind == "seat_handed":
            self.handed.append((event.delegation, event.to, self.round_id(self.state)))
        if kind == "package_proposed" or kind == "package_accepted":
            if kind == "package_proposed":
                self.packages[event.package] = (event.by, dict(event.items))
                for card in event.items:
                    self.offered[card] = self.offered.get(card, 0) + 1
            items = self.packages[event.package][1]
            move: M.MoveKind = "accept" if kind == "package_accepted" else ("counter" if event.counter else "propose")
            self.points[event.by].append(M.CurvePoint(
                **at, turn=self.turns + 1, kind=move, package=event.package,
                utility=_num(self.worth(before, event.by, items)), batna=_num(self.batna(before, event.by)),
            ))
            self.offers.append(Offer(**at, by=event.by, kind=move, package=event.package, items=items))
        elif kind == "package_rejected":
            proposer, items = self.packages[event.package]
            seen = appraise(view_for(self.rules, before, event.by), event.by, items)  # as the delegation saw it
            self.rejections.append(M.Rejection(
                **at, by=event.by, package=event.package, proposer=proposer, items=n.items(items),
                utility=_num(self.worth(before, event.by, items)), batna=_num(self.batna(before, event.by)),
                worth=round(seen.worth, 2), score_then=round(seen.score_then, 2), blocked=seen.blocked,
            ))
        elif kind == "statement_made":
            pledge = getattr(event, "pledge", None) or {}
            self.said.append(Said(**at, by=event.by, text=event.text, pledge=dict(pledge)))
        elif kind in ("soft_line_crossed", "red_line_blocked"):
            owner, line = self.rules.red_line_by_id[event.red_line]
            items = self.packages[event.package][1] if kind == "soft_line_crossed" else event.items
            option = items.get(line.forbid.card)
            touch = dict(
                **at, delegation=event.delegation, red_line=event.red_line, label=line.label, hard=line.hard,
                what="crossed" if kind == "soft_line_crossed" else "blocked",
                action=getattr(event, "action", None), package=getattr(event, "package", None),
                card=line.forbid.card, title=n.card(line.forbid.card), option=option,
                option_label=None if option is None else n.option(line.forbid.card, option), costs=[],
            )
            self.touches.append(touch)
            self.costs[f"red_line:{event.red_line}"] = touch
        elif kind == "meter_changed" and event.cause in self.costs:
            self.costs[event.cause]["costs"].append(M.Cost(meter=event.meter, label=n.meter(event.meter), delta=event.delta))
        elif kind == "agreement_signed":
            for card, option in event.items.items():
                self.signed.append(dict(
                    card=card, title=n.card(card), option=option, label=n.option(card, option),
                    package=event.package, round=at["round"], date=at["date"],
                ))
        elif kind == "round_moved":
            self.moves.append(M.RoundMove(
                index=self.index, round=event.round, label=n.round(event.round), days=event.days, start=event.start,
                cause=event.cause, cause_label=self.words.cause(event.cause), during=at["round"], date=at["date"],
            ))
        elif kind == "round_started":
            self.held.setdefault(event.round, self.turns + 1)
        elif kind == "game_ended":
            self.ended = event

    # ------------------------------------------------------------------ the debrief

    def debrief(self, header: Header | None, label: str | None, warnings: Iterable[str]) -> M.Debrief:
        rules, state = self.rules, self.state
        sc = rules.scenario
        n = self.words.narrator
        # Measured against what could be signed at the start of this game (its hidden
        # readings, the opening table), valued as the score counts it.
        start = start_state(rules, state.variants)
        analysis = signable_for(rules, start)
        figures = signable_figures(analysis, state.achieved())
        nash = analysis.nash
        scores = []
        for code in rules.parties:
            parts = rules.final_score(state, code)
            nash_score = None if nash is None else nash.utilities[code]
            scores.append(M.Score(
                delegation=code, utility=parts["utility"], agreements=parts["agreements"],
                batna_start=parts["batna_start"], batna_moved=parts["batna_moved"], batna=parts["batna"],
                objectives=parts["objectives"], score=parts["score"],
                nash_score=None if nash_score is None else _num(nash_score),
                vs_nash=None if nash_score is None else _num(Fraction(repr(parts["score"])) - nash_score),
            ))
        seed = header.seed if header is not None else state.seed
        return M.Debrief(
            scenario=sc.id, title=sc.title,
            label=label or (header.name if header and header.name else _("seed {seed}").format(seed=seed)),
            seed=seed, seats=self.seats(header),
            names={code: sc.delegations[code].short for code in rules.parties},
            start=sc.calendar.start, end_date=state.date, finished=state.ended,
            end_reason=state.end_reason, ended_by=state.ended_by, end_text=self.end_text(),
            turns=self.turns, rounds=self.rounds(), timeline=tuple(self.timeline), events=tuple(self.events),
            signed=self.agreements(),
            cards=tuple(
                M.CardInfo(id=c, title=n.card(c), offered=self.offered.get(c, 0), comprehensive=c in rules.comprehensive)
                for c in rules.card_order
                if c in state.cards or c in self.offered or any(s["card"] == c for s in self.signed)
            ),
            scores=tuple(scores),
            standing=M.Standing(
                individually_rational=analysis.individually_rational, on_frontier=figures["on_frontier"],
                distance_to_frontier=None if figures["distance_to_frontier"] is None else _num(figures["distance_to_frontier"]),
                distance_to_nash=None if figures["distance_to_nash"] is None else _num(figures["distance_to_nash"]),
            ),
            left_on_table=self.left_on_table(analysis, figures, start),
            red_lines=tuple(M.RedLineTouch(**{**t, "costs": tuple(t["costs"])}) for t in self.touches),
            commitments=tuple(find_commitments(sc, self.said, self.offers, self.option_labels())),
            curves=tuple(
                M.Curve(
                    delegation=code, name=sc.delegations[code].short, batna_start=_num(self.batna(start, code)),
                    batna_end=_num(self.batna(state, code)),
                    points=tuple(points), batna_path=tuple(self.batna_path[code]),
                    colour=sc.colours[code], mark=rules.parties.index(code),
                )
                for code, points in self.points.items() if points
            ),
            moves=tuple(self.moves), rejections=tuple(self.rejections), hidden=self.hidden(),
            warnings=tuple(warnings),
        )

    def seats(self, header: Header | None) -> dict[str, str]:
        """Who played each seat: as the game began, then each hand-over by the facilitator
        ("person, then ai:pragmatist from round-2"). A seat as the game began is as the save
        names it ("person", "ai:pragmatist"), put into words by the layout (`holder`); a
        hand-over is told in the reader's words here."""
        if header is None:
            return {}


        seats = dict(header.seats)
        labels = {rnd.id: rnd.label for rnd in self.rules.rounds}
        for code, to, round_id in self.handed:
            before, to = holder(seats.get(code, "person")), holder(to)
            if round_id in labels:
                seats[code] = _("{before}, then {after} from {round}").format(
                    before=before, after=to, round=labels[round_id])
            else:
                seats[code] = _("{before}, then {after}").format(before=before, after=to)
        return seats

    def option_labels(self) -> dict[tuple[str, str], str]:
        return {(c.id, o.id): o.label for c in self.rules.scenario.cards for o in c.options}

    def end_text(self) -> str:
        event = self.ended
        date = formats.date(self.state.date)
        if event is None:
            return _("The game was still in progress on {date}.").format(date=date)
        if event.by:
            text = _("The game ended ({who}) on {date}: {how}").format(
                who=self.words.narrator.short(event.by), date=date, how=end_reason(event.reason))
        else:
            text = _("The game ended on {date}: {how}").format(date=date, how=end_reason(event.reason))
        words = self.words.narrator.ending(event)
        return f"{text} {words}" if words else text

    def rounds(self) -> tuple[M.RoundInfo, ...]:
        state = self.state
        out = []
        for i, r in enumerate(self.rules.rounds):
            start, end = state.round_dates[i] if state.round_dates else (r.start, r.end)
            turns = state.round_turns[i] if state.round_turns else r.turns
            out.append(M.RoundInfo(
                id=r.id, label=self.words.narrator.round(r.id), planned_start=r.start, start=start, end=end,
                turns=turns, held=r.id in self.held, first_turn=self.held.get(r.id),
            ))
        return tuple(out)

    def agreements(self) -> tuple[M.Signed, ...]:
        out = []
        for record in self.signed:
            now = self.state.signed.get(record["card"])
            status: M.SignedStatus
            if now is None or now.package != record["package"]:
                status = "ended early"
            elif now.suspended:
                status = "suspended"
            elif now.completed:
                status = "ran its term"
            else:
                status = "in force"
            out.append(M.Signed(**record, status=status))
        return tuple(out)

    def left_on_table(self, analysis, figures, start: GameState) -> tuple[M.CardGap, ...]:
        domain: Domain = analysis.domain
        outcome = figures["outcome"]
        utilities = figures["values"]
        nash = analysis.nash.outcome if analysis.nash is not None else None
        nearest = None
        if figures["on_frontier"]:
            nearest = outcome
        elif analysis.frontier:
            nearest = min(
                analysis.frontier, key=lambda p: (distance(p.utilities, utilities, domain.parties), p.outcome)
            ).outcome
        n = self.words.narrator

        def crosses(to: tuple[int, ...] | None) -> dict[str, list[str]]:
            """card -> the red lines that signing outcome `to` at the start would cross on it
            (soft ones only: the signable points cross no hard line of a consenting party)."""
            out: dict[str, list[str]] = {}
            if to is None:
                return out
            changes = {card: domain.options[k][i] for k, (card, i) in enumerate(zip(domain.cards, to)) if i}
            for code in self.rules.consent_needed(changes) if changes else ():
                for _qid, line in self.rules.crossed(start, code, changes):
                    template = _("{who}'s hard red line \u201c{label}\u201d") if line.hard else _(
                        "{who}'s soft red line \u201c{label}\u201d")
                    out.setdefault(line.forbid.card, []).append(template.format(who=n.short(code), label=line.label))
            return out

        nash_crosses, frontier_crosses = crosses(nash), crosses(nearest)

        def gains(k: int, to: tuple[int, ...] | None) -> dict[str, float]:
            if to is None:
                return {}
            return {
                p: _num(Fraction(domain.terms[i][k][to[k]] - domain.terms[i][k][outcome[k]], domain.scale[i]))
                for i, p in enumerate(domain.parties)
            }

        rows = []
        for k, card in enumerate(domain.cards):
            options = domain.options[k]

            def option(to: tuple[int, ...] | None) -> tuple[str | None, str | None]:
                return (None, None) if to is None else (options[to[k]], n.option(card, options[to[k]]))

            achieved = options[outcome[k]]  # (the talks always achieve an outcome: the text in force)
            achieved_label = n.option(card, achieved)
            (at_nash, nash_label), (at_frontier, frontier_label) = option(nash), option(nearest)
            rows.append(M.CardGap(
                card=card, title=n.card(card), achieved=achieved, achieved_label=achieved_label,
                nash=at_nash, nash_label=nash_label, frontier=at_frontier, frontier_label=frontier_label,
                to_nash=gains(k, nash), to_frontier=gains(k, nearest),
                nash_crosses=tuple(nash_crosses.get(card, ())) if at_nash != achieved else (),
                frontier_crosses=tuple(frontier_crosses.get(card, ())) if at_frontier != achieved else (),
            ))
        return tuple(rows)

    def hidden(self) -> tuple[M.Hidden, ...]:
        view = view_for(self.rules, self.state, OMNISCIENT)
        sc = self.rules.scenario
        out = []
        for code in self.rules.parties:
            private = view.private[code]
            titles = {h.id: h.label for h in sc.delegations[code].hidden}
            out.append(M.Hidden(
                delegation=code, brief=private.brief.strip(),
                variants=tuple(
                    M.Variant(hidden=v.hidden, hidden_label=titles.get(v.hidden, v.hidden), id=v.id, label=v.label,
                              description=v.description)
                    for v in private.variants
                ),
            ))
        return tuple(out)


def build_debrief(
    rules: Rules, steps: Sequence[Step], header: Header | None = None, *, label: str | None = None,
    warnings: Iterable[str] = (),
) -> M.Debrief:
    """The debrief of a game from its log: `steps` are (command, events) pairs from
    the start (a loaded save's, or a live session's `steps`). Pure: reads nothing,
    prints nothing. `label` names the table (default: the save's name, else its seed)."""
    if not steps or not isinstance(steps[0][0], C.Start):
        raise ValueError("a debrief needs the game's log from its start")
    walk = _Walk(rules)
    for command, events in steps:
        walk.step(command, events)
    debrief = walk.debrief(header, label, warnings)
    return debrief.model_copy(update={"questions": tuple(ask(debrief))})


def debrief_of(loaded: LoadedGame, label: str | None = None) -> M.Debrief:
    """The debrief of a loaded save (its load warnings included)."""
    return build_debrief(loaded.rules, loaded.steps, loaded.header, label=label, warnings=loaded.warnings)
