"""The debrief laid out as a document: sections of paragraphs, tables, lists,
charts and briefs, worded once here and rendered by `markdown` and `html`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from game.debrief.commitments import HEURISTIC
from game.debrief.model import Curve, Debrief, Question

# ---------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Para:
    text: str
    note: bool = False  # a remark about method, set apart


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Table:
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()  # columns aligned right


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Questions:
    items: tuple[Question, ...]


@dataclass(frozen=True)
class Charts:
    """The concession curves, one chart per delegation, drawn by the HTML renderer
    (Markdown shows the tables of points that follow them)."""

    curves: tuple[Curve, ...]
    turns: int
    rounds: tuple[tuple[int, str], ...]  # (first turn, short label) of each round held


@dataclass(frozen=True)
class Brief:
    text: str  # Markdown, as the scenario wrote it


Block = Para | Heading | Table | Bullets | Questions | Charts | Brief


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    title: str
    lead: tuple[str, ...]
    sections: tuple[Section, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------------------- wording helpers


def day(d: dt.date) -> str:
    return f"{d:%d %b %Y}"


def num(x: float | None, signed: bool = False) -> str:
    if x is None:
        return "-"
    return f"{x:+.1f}" if signed else f"{x:.1f}"


def short_round(db: Debrief, round_id: str | None) -> str:
    """"Round 2" for "Round 2: Abu Dhabi"; "-" before the first round."""
    if round_id is None:
        return "-"
    return db.round_label(round_id).split(":", 1)[0]


def seats(db: Debrief) -> str:
    return ", ".join(f"{db.name(code)} {kind}" for code, kind in db.seats.items())


def end_line(db: Debrief) -> str:
    held = sum(r.held for r in db.rounds)
    return f"{db.end_text} {db.turns} turns in {held} round{'s' if held != 1 else ''}."


def standing_text(db: Debrief) -> str:
    st = db.standing
    if not st.individually_rational:
        return ("No package that could be signed at the start leaves every delegation at least as well off as signing "
                "nothing, so there is no signable frontier to measure against.")
    where = (
        "on the signable frontier" if st.on_frontier
        else f"{num(st.distance_to_frontier)} score points from the signable frontier"
    )
    return (
        f"Valued as if it had been signed at the start, the text achieved lies {where} and "
        f"{num(st.distance_to_nash)} from the signable Nash point (Euclidean distance in score points)."
    )


ANALYSIS_NOTE = (
    "The frontier and the Nash point are those of what could be signed at the start of this game "
    "(`parley analyze`, under the hidden readings drawn in it): packages that cross no hard red line of a "
    "delegation whose consent they need, each valued as the score counts it. A deal outside them could not "
    "have been signed, so it is not a missed opportunity."
)


# ---------------------------------------------------------------------------- sections


def _outcome(db: Debrief) -> Section:
    blocks: list[Block] = [Para(end_line(db))]
    if db.signed:
        blocks.append(Table(
            ("Card", "Signed text", "Round", "Date", "Package", "At the end"),
            tuple((s.title, s.label, short_round(db, s.round), day(s.date), str(s.package), s.status) for s in db.signed),
        ))
    else:
        blocks.append(Para("Nothing was signed."))
    blocks.append(Para(standing_text(db)))
    for warning in db.warnings:
        blocks.append(Para(f"Note on the save: {warning}.", note=True))
    return Section("outcome", "The outcome", tuple(blocks))


def _scores(db: Debrief) -> Section:
    rows = tuple(
        (db.name(s.delegation), num(s.agreements, True), num(s.batna_moved, True), num(s.objectives, True),
         num(s.score, True), f"{num(s.batna_start)} \u2192 {num(s.batna)}", num(s.nash_score, True), num(s.vs_nash, True))
        for s in db.scores
    )
    return Section("scores", "Scores", (
        Table(("Delegation", "Agreements", "BATNA moved", "Objectives", "Score", "BATNA start \u2192 end",
               "Signable Nash", "vs Nash"),
              rows, frozenset(range(1, 8))),
        Para(
            "Score = agreements + BATNA moved + objectives: how much better off each delegation ended than its "
            "BATNA (the value of no agreement) was at the start. Agreements: the utility of the signed text over "
            "no agreement (below zero if the text is worse for it than the status quo). BATNA moved: how far its "
            "alternative moved with the battlefield, support and standing (below zero if it eroded). "
            "Signable Nash: the score the Nash bargaining point among the packages that could be signed at the "
            "start would have given each delegation (signed then, nothing else happening); vs Nash: score minus "
            "that.", note=True,
        ),
    ))


def _left(db: Debrief) -> Section:
    gaps = [g for g in db.left_on_table if g.differs]
    names = " / ".join(db.name(s.delegation) for s in db.scores)

    def gains(values: dict[str, float]) -> str:
        return " / ".join(num(values.get(s.delegation), True) for s in db.scores) if values else "-"

    if not db.standing.individually_rational:
        return Section("left", "What was left on the table", (Para(standing_text(db)),))
    blocks: list[Block] = []
    if gaps:
        blocks.append(Table(
            ("Card", "Achieved", "At the signable Nash point", f"Gain ({names})", "Nearest signable point", f"Gain ({names})"),
            tuple(
                (g.title, g.achieved_label, g.nash_label or "-", gains(g.to_nash), g.frontier_label or "-", gains(g.to_frontier))
                for g in gaps
            ),
        ))
        crossing = []
        for g in gaps:
            for line in dict.fromkeys((*g.nash_crosses, *g.frontier_crosses)):
                at = [where for where, lines in (("the Nash point", g.nash_crosses), ("the nearest frontier point",
                                                                                      g.frontier_crosses)) if line in lines]
                crossing.append(f"{g.title}: {line} (at {' and '.join(at)})")
        if crossing:
            blocks.append(Para("Soft red lines these options would cross, at their cost:"))
            blocks.append(Bullets(tuple(crossing)))
    same = len(db.left_on_table) - len(gaps)
    if same:
        blocks.append(Para(f"On {same} other card(s) the outcome already reads as at both points."))
    blocks.append(Para(
        "Each gain is what moving that card alone from the achieved option to the other would give each "
        f"delegation, in utility points. {ANALYSIS_NOTE}", note=True,
    ))
    return Section("left", "What was left on the table", tuple(blocks))


def _red_lines(db: Debrief) -> Section:
    crossed = [t for t in db.red_lines if t.what == "crossed"]
    blocked = [t for t in db.red_lines if t.what == "blocked"]
    if not crossed and not blocked:
        return Section("red-lines", "Red lines touched", (Para("No red line was crossed, and none blocked a move."),))
    blocks: list[Block] = []
    if crossed:
        blocks.append(Heading("Soft red lines crossed, at a cost"))
        blocks.append(Table(
            ("Round", "Date", "Delegation", "Red line", "Card: option", "Package", "Cost"),
            tuple(
                (short_round(db, t.round), day(t.date), db.name(t.delegation), t.label, f"{t.title}: {t.option_label}",
                 str(t.package), ", ".join(f"{c.label} {c.delta:+g}" for c in t.costs) or "-")
                for t in crossed
            ),
        ))
    if blocked:
        blocks.append(Heading("Hard red lines that blocked a move"))
        blocks.append(Table(
            ("Round", "Date", "Delegation", "Red line", "Card: option", "Blocked"),
            tuple(
                (short_round(db, t.round), day(t.date), db.name(t.delegation), t.label, f"{t.title}: {t.option_label}",
                 t.action or "-")
                for t in blocked
            ),
        ))
    return Section("red-lines", "Red lines touched", tuple(blocks))


MOVES = {"propose": "proposed", "counter": "countered with", "accept": "accepted"}


def _commitments(db: Debrief) -> Section:
    blocks: list[Block] = [Para(HEURISTIC, note=True)]
    if not db.commitments:
        blocks.append(Para("No statement took a position on an option that the heuristic recognises."))
        return Section("commitments", "Commitments", tuple(blocks))
    rows = []
    for c in db.commitments:
        later = "; ".join(
            f"{short_round(db, m.round)}: {MOVES[m.kind]} package {m.package} ({m.option_label})" for m in c.contradicted_by
        )
        position = f"{c.stance} \u201c{c.label}\u201d" + (" (pledge)" if c.explicit else "")
        rows.append((short_round(db, c.round), db.name(c.delegation), f"\u201c{c.statement}\u201d", f"{c.title}: {position}",
                     later or "none"))
    blocks.append(Table(("Round", "Delegation", "Statement", "Position", "Later moves against it"), tuple(rows)))
    return Section("commitments", "Commitments", tuple(blocks))


def _curves(db: Debrief) -> Section:
    blocks: list[Block] = [Para(
        "Each delegation's own utility of the packages it proposed (the line) and accepted (hollow marks), "
        "by the turn they were made; the dashed line is its BATNA at the time. A falling line is a delegation "
        "conceding; a line above its BATNA is an offer it would have been better off signing than walking away.",
        note=True,
    )]
    if not db.curves:
        blocks.append(Para("No delegation made an offer."))
    blocks.append(Charts(db.curves, max(db.turns, 1), db.round_marks))
    for curve in db.curves:
        blocks.append(Heading(f"{curve.name}: own utility of its moves"))
        blocks.append(Table(
            ("Turn", "Round", "Move", "Package", "Own utility", "BATNA"),
            tuple(
                (str(p.turn), short_round(db, p.round), p.kind, str(p.package), num(p.utility), num(p.batna))
                for p in curve.points
            ),
            frozenset({0, 3, 4, 5}),
        ))
    return Section("curves", "Concession curves", tuple(blocks))


def _hidden(db: Debrief) -> Section:
    blocks: list[Block] = []
    for h in db.hidden:
        blocks.append(Heading(db.name(h.delegation)))
        if h.variants:
            blocks.append(Bullets(tuple(f"{v.hidden_label}: **{v.label}**. {v.description}" for v in h.variants)))
        if h.brief:
            blocks.append(Brief(h.brief))
    return Section("hidden", "Hidden readings and briefs, revealed", tuple(blocks))


def _questions(db: Debrief) -> Section:
    return Section("questions", "Questions for discussion", (Questions(db.questions),))


def _timeline(db: Debrief) -> Section:
    return Section("timeline", "Timeline", (
        Para("Every offer, answer, agreement, statement, lever, event and facilitator action; passes are left out.",
             note=True),
        Table(
            ("#", "Round", "Date", "Who", "What"),
            tuple((str(e.index), short_round(db, e.round), day(e.date), db.name(e.actor) if e.actor else "",
                   e.text) for e in db.timeline),
            frozenset({0}),
        ),
    ))


def document(db: Debrief) -> Document:
    lead = [f"Table: {db.label}" + (f" (seed {db.seed})" if db.seed is not None and db.label != f"seed {db.seed}" else "")]
    if db.seats:
        lead.append(f"Seats: {seats(db)}")
    return Document(
        title=f"Debrief: {db.title}",
        lead=tuple(lead),
        sections=tuple(section(db) for section in (
            _outcome, _scores, _curves, _left, _red_lines, _commitments, _hidden, _questions, _timeline,
        )),
    )
