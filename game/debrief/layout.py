"""The debrief laid out as a document: sections of paragraphs, tables, lists,
charts and briefs, worded once here and rendered by `markdown` and `html`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from game.debrief.commitments import HEURISTIC
from game.debrief.model import Curve, Debrief, Question
from game.i18n import N_, _, formats, ngettext, pgettext
from game.i18n.names import holder

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
    return formats.date(d)


def fixed(x: float, digits: int = 1, signed: bool = False) -> str:
    """`x` with `digits` decimals (a "+" before it if `signed`) in the reader's language."""
    return formats.signed(x, digits) if signed else formats.fixed(x, digits)


def num(x: float | None, signed: bool = False) -> str:
    if x is None:
        return "-"
    return fixed(x, 1, signed)


def delta(x: float) -> str:
    """A meter's change, signed, with the decimals it has: +2.5, -15."""
    return formats.signed(x, 6, exact=False)


STATUS = {
    "in force": N_("in force"),
    "ran its term": N_("ran its term"),
    "suspended": N_("suspended"),
    "ended early": N_("ended early"),
}


def status(value: str) -> str:
    """A signed text's state at the end ("in force"...) for a reader."""
    return _(STATUS[value]) if value in STATUS else value


def move_word(kind: str | None) -> str:
    """A delegation's move in a table's cell: propose, counter, accept or sign."""
    match kind:
        case None:
            return "-"
        case "propose":
            return pgettext("a delegation's move", "propose")
        case "counter":
            return pgettext("a delegation's move", "counter")
        case "accept":
            return pgettext("a delegation's move", "accept")
        case "sign":
            return pgettext("a delegation's move", "sign")
    return kind


def short_round(db: Debrief, round_id: str | None) -> str:
    """"Round 2" for "Round 2: Abu Dhabi"; "-" before the first round."""
    if round_id is None:
        return "-"
    return db.round_label(round_id).split(":", 1)[0]


seat = holder  # who plays a seat, as the save names it ("person", "ai:pragmatist"), in the reader's words


def seats(db: Debrief) -> str:
    """"Moscow: person; Kyiv: computer, pragmatist" (a seat's words may hold a comma)."""
    # Translators: who played a delegation's seat, in the debrief's list of seats
    return "; ".join(_("{delegation}: {seat}").format(delegation=db.name(code), seat=seat(kind))
                     for code, kind in db.seats.items())


def end_line(db: Debrief) -> str:
    held = sum(r.held for r in db.rounds)
    # Translators: {rounds} is "{count} round(s)" just above, said in the sentence that follows the ending.
    rounds = ngettext("{count} round", "{count} rounds", held).format(count=held)
    return ngettext("{ending} {turns} turn in {rounds}.", "{ending} {turns} turns in {rounds}.", db.turns).format(
        ending=db.end_text, turns=db.turns, rounds=rounds)


def standing_text(db: Debrief) -> str:
    st = db.standing
    if not st.individually_rational:
        return _("No package that could be signed at the start leaves every delegation at least as well off as signing "
                 "nothing, so there is no signable frontier to measure against.")
    if st.on_frontier:
        template = _("Valued as if it had been signed at the start, the text achieved lies on the signable frontier "
                     "and {nash} from the signable Nash point (Euclidean distance in score points).")
    else:
        template = _("Valued as if it had been signed at the start, the text achieved lies {frontier} score points "
                     "from the signable frontier and {nash} from the signable Nash point (Euclidean distance in "
                     "score points).")
    return template.format(frontier=num(st.distance_to_frontier), nash=num(st.distance_to_nash))


ANALYSIS_NOTE = N_(
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
            (_("Card"), _("Signed text"), _("Round"), _("Date"), _("Package"), _("At the end")),
            tuple((s.title, s.label, short_round(db, s.round), day(s.date), str(s.package), status(s.status))
                  for s in db.signed),
        ))
    else:
        blocks.append(Para(_("Nothing was signed.")))
    blocks.append(Para(standing_text(db)))
    for warning in db.warnings:
        blocks.append(Para(_("Note on the save: {warning}.").format(warning=warning), note=True))
    return Section("outcome", _("The outcome"), tuple(blocks))


def _scores(db: Debrief) -> Section:
    rows = tuple(
        (db.name(s.delegation), num(s.agreements, True), num(s.batna_moved, True), num(s.objectives, True),
         num(s.score, True), f"{num(s.batna_start)} \u2192 {num(s.batna)}", num(s.nash_score, True), num(s.vs_nash, True))
        for s in db.scores
    )
    return Section("scores", _("Scores"), (
        Table((_("Delegation"), _("Agreements"), _("BATNA moved"), _("Objectives"), _("Score"),
               _("BATNA start \u2192 end"), _("Signable Nash"), _("vs Nash")),
              rows, frozenset(range(1, 8))),
        Para(_(
            "Score = agreements + BATNA moved + objectives: how much better off each delegation ended than its "
            "BATNA (the value of no agreement) was at the start. Agreements: the utility of the signed text over "
            "no agreement (below zero if the text is worse for it than the status quo). BATNA moved: how far its "
            "alternative moved with the meters its score counts (below zero if it eroded). "
            "Signable Nash: the score the Nash bargaining point among the packages that could be signed at the "
            "start would have given each delegation (signed then, nothing else happening); vs Nash: score minus "
            "that."), note=True,
        ),
    ))


# Where an option of "what was left on the table" lies: at the Nash point, the nearest frontier point, or both.
CROSSING = {
    (True, True): N_("{card}: {line} (at the Nash point and the nearest frontier point)"),
    (True, False): N_("{card}: {line} (at the Nash point)"),
    (False, True): N_("{card}: {line} (at the nearest frontier point)"),
}


def _left(db: Debrief) -> Section:
    gaps = [g for g in db.left_on_table if g.differs]
    names = " / ".join(db.name(s.delegation) for s in db.scores)

    def gains(values: dict[str, float]) -> str:
        return " / ".join(num(values.get(s.delegation), True) for s in db.scores) if values else "-"

    title = _("What was left on the table")
    if not db.standing.individually_rational:
        return Section("left", title, (Para(standing_text(db)),))
    blocks: list[Block] = []
    if gaps:
        gain = _("Gain ({delegations})").format(delegations=names)
        blocks.append(Table(
            (_("Card"), _("Achieved"), _("At the signable Nash point"), gain, _("Nearest signable point"), gain),
            tuple(
                (g.title, g.achieved_label, g.nash_label or "-", gains(g.to_nash), g.frontier_label or "-", gains(g.to_frontier))
                for g in gaps
            ),
        ))
        crossing = []
        for g in gaps:
            for line in dict.fromkeys((*g.nash_crosses, *g.frontier_crosses)):
                where = CROSSING[line in g.nash_crosses, line in g.frontier_crosses]
                crossing.append(_(where).format(card=g.title, line=line))
        if crossing:
            blocks.append(Para(_("Soft red lines these options would cross, at their cost:")))
            blocks.append(Bullets(tuple(crossing)))
    same = len(db.left_on_table) - len(gaps)
    if same:
        blocks.append(Para(ngettext("On {count} other card the outcome already reads as at both points.",
                                    "On {count} other cards the outcome already reads as at both points.",
                                    same).format(count=same)))
    blocks.append(Para(_(
        "Each gain is what moving that card alone from the achieved option to the other would give each "
        "delegation, in utility points. {note}").format(note=_(ANALYSIS_NOTE)), note=True,
    ))
    return Section("left", title, tuple(blocks))


def _red_lines(db: Debrief) -> Section:
    crossed = [t for t in db.red_lines if t.what == "crossed"]
    blocked = [t for t in db.red_lines if t.what == "blocked"]
    title = _("Red lines touched")
    if not crossed and not blocked:
        return Section("red-lines", title, (Para(_("No red line was crossed, and none blocked a move.")),))
    blocks: list[Block] = []
    if crossed:
        blocks.append(Heading(_("Soft red lines crossed, at a cost")))
        blocks.append(Table(
            (_("Round"), _("Date"), _("Delegation"), _("Red line"), _("Card: option"), _("Package"), _("Cost")),
            tuple(
                (short_round(db, t.round), day(t.date), db.name(t.delegation), t.label,
                 _("{card}: {option}").format(card=t.title, option=t.option_label),
                 str(t.package), ", ".join(f"{c.label} {delta(c.delta)}" for c in t.costs) or "-")
                for t in crossed
            ),
        ))
    if blocked:
        blocks.append(Heading(_("Hard red lines that blocked a move")))
        blocks.append(Table(
            (_("Round"), _("Date"), _("Delegation"), _("Red line"), _("Card: option"), _("Blocked")),
            tuple(
                (short_round(db, t.round), day(t.date), db.name(t.delegation), t.label,
                 _("{card}: {option}").format(card=t.title, option=t.option_label), move_word(t.action))
                for t in blocked
            ),
        ))
    return Section("red-lines", title, tuple(blocks))


# A delegation's later move against its own statement, in the commitments table.
MOVES = {
    "propose": N_("{round}: proposed package {package} ({option})"),
    "counter": N_("{round}: countered with package {package} ({option})"),
    "accept": N_("{round}: accepted package {package} ({option})"),
}


def _commitments(db: Debrief) -> Section:
    blocks: list[Block] = [Para(_(HEURISTIC), note=True)]
    title = _("Commitments")
    if not db.commitments:
        blocks.append(Para(_("No statement took a position on an option that the heuristic recognises.")))
        return Section("commitments", title, tuple(blocks))
    rows = []
    for c in db.commitments:
        later = "; ".join(
            _(MOVES[m.kind]).format(round=short_round(db, m.round), package=m.package, option=m.option_label)
            for m in c.contradicted_by
        )
        stance = _("for \u201c{option}\u201d") if c.stance == "for" else _("against \u201c{option}\u201d")
        position = stance.format(option=c.label)
        if c.explicit:
            position = _("{position} (pledge)").format(position=position)
        statement = _("\u201c{text}\u201d").format(text=c.statement)
        rows.append((short_round(db, c.round), db.name(c.delegation), statement,
                     _("{card}: {position}").format(card=c.title, position=position), later or _("none")))
    blocks.append(Table((_("Round"), _("Delegation"), _("Statement"), _("Position"), _("Later moves against it")),
                        tuple(rows)))
    return Section("commitments", title, tuple(blocks))


def _curves(db: Debrief) -> Section:
    blocks: list[Block] = [Para(_(
        "Each delegation's own utility of the packages it proposed (the line) and accepted (hollow marks), "
        "by the turn they were made; the dashed line is its BATNA at the time. A falling line is a delegation "
        "conceding; a line above its BATNA is an offer it would have been better off signing than walking away."),
        note=True,
    )]
    if not db.curves:
        blocks.append(Para(_("No delegation made an offer.")))
    blocks.append(Charts(db.curves, max(db.turns, 1), db.round_marks))
    for curve in db.curves:
        blocks.append(Heading(_("{delegation}: own utility of its moves").format(delegation=curve.name)))
        blocks.append(Table(
            (_("Turn"), _("Round"), _("Move"), _("Package"), _("Own utility"), _("BATNA")),
            tuple(
                (str(p.turn), short_round(db, p.round), move_word(p.kind), str(p.package), num(p.utility), num(p.batna))
                for p in curve.points
            ),
            frozenset({0, 3, 4, 5}),
        ))
    return Section("curves", _("Concession curves"), tuple(blocks))


def _hidden(db: Debrief) -> Section:
    blocks: list[Block] = []
    for h in db.hidden:
        blocks.append(Heading(db.name(h.delegation)))
        if h.variants:
            blocks.append(Bullets(tuple(
                _("{reading}: **{label}**. {description}").format(
                    reading=v.hidden_label, label=v.label, description=v.description)
                for v in h.variants
            )))
        if h.brief:
            blocks.append(Brief(h.brief))
    return Section("hidden", _("Hidden readings and briefs, revealed"), tuple(blocks))


def _questions(db: Debrief) -> Section:
    return Section("questions", _("Questions for discussion"), (Questions(db.questions),))


def _timeline(db: Debrief) -> Section:
    return Section("timeline", _("Timeline"), (
        Para(_("Every offer, answer, agreement, statement, lever, event and facilitator action; passes are left out."),
             note=True),
        Table(
            # Translators: the heading of the column of the events' numbers in the log.
            (_("#"), _("Round"), _("Date"), _("Who"), _("What")),
            tuple((str(e.index), short_round(db, e.round), day(e.date), db.name(e.actor) if e.actor else "",
                   e.text) for e in db.timeline),
            frozenset({0}),
        ),
    ))


def document(db: Debrief) -> Document:
    seed_label = _("seed {seed}").format(seed=db.seed)
    if db.seed is not None and db.label != seed_label:
        lead = [_("Table: {table} (seed {seed})").format(table=db.label, seed=db.seed)]
    else:
        lead = [_("Table: {table}").format(table=db.label)]
    if db.seats:
        lead.append(_("Seats: {seats}").format(seats=seats(db)))
    return Document(
        title=_("Debrief: {title}").format(title=db.title),
        lead=tuple(lead),
        sections=tuple(section(db) for section in (
            _outcome, _scores, _curves, _left, _red_lines, _commitments, _hidden, _questions, _timeline,
        )),
    )
