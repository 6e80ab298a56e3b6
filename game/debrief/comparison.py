"""Several tables of one scenario side by side: what each signed, when, how each
delegation scored, and how often red lines were touched."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from game.debrief import layout as L
from game.debrief.model import Debrief, Record
from game.i18n import N_, _, ngettext


class CompareError(ValueError):
    """Debriefs that cannot be compared; the message says why, for a person."""


class CardSigned(Record):
    option: str
    label: str
    round: str | None
    round_label: str
    date: dt.date
    status: str


class TableResult(Record):
    label: str
    seed: int | None
    finished: bool
    end_date: dt.date
    end_reason: str | None
    ended_by: str | None
    turns: int
    signed: dict[str, CardSigned]  # card -> its last signature in the game
    scores: dict[str, float]  # delegation -> score against its BATNA
    utilities: dict[str, float]
    vs_nash: dict[str, float | None]
    distance_to_nash: float | None
    distance_to_frontier: float | None
    soft_lines_crossed: int
    hard_lines_blocked: int


class Comparison(Record):
    scenario: str
    title: str
    names: dict[str, str]
    cards: dict[str, str]  # card id -> title, every card any table had
    tables: tuple[TableResult, ...]


def compare(debriefs: Sequence[Debrief]) -> Comparison:
    """The tables side by side, in the order given. Raises CompareError for none, or
    for debriefs of different scenarios."""
    if not debriefs:
        raise CompareError(_("nothing to compare: give the saves of one or more tables"))
    scenarios = {db.scenario for db in debriefs}
    if len(scenarios) > 1:
        which = "; ".join(f"{db.label}: {db.scenario}" for db in debriefs)
        raise CompareError(_("only tables of one scenario can be compared, and these are of {count} ({which})").format(
            count=len(scenarios), which=which))
    first = debriefs[0]
    cards: dict[str, str] = {}
    for db in debriefs:
        cards.update({c.id: c.title for c in db.cards})
    order = [c.id for db in debriefs for c in db.cards]
    return Comparison(
        scenario=first.scenario, title=first.title, names=dict(first.names),
        cards={c: cards[c] for c in sorted(cards, key=order.index)},
        tables=tuple(_result(db) for db in debriefs),
    )


def _result(db: Debrief) -> TableResult:
    return TableResult(
        label=db.label, seed=db.seed, finished=db.finished, end_date=db.end_date, end_reason=db.end_reason,
        ended_by=db.ended_by, turns=db.turns,
        signed={
            s.card: CardSigned(option=s.option, label=s.label, round=s.round, round_label=L.short_round(db, s.round),
                               date=s.date, status=s.status)
            for s in db.signed
        },
        scores={s.delegation: s.score for s in db.scores},
        utilities={s.delegation: s.utility for s in db.scores},
        vs_nash={s.delegation: s.vs_nash for s in db.scores},
        distance_to_nash=db.standing.distance_to_nash, distance_to_frontier=db.standing.distance_to_frontier,
        soft_lines_crossed=sum(t.what == "crossed" for t in db.red_lines),
        hard_lines_blocked=sum(t.what == "blocked" for t in db.red_lines),
    )


# ---------------------------------------------------------------------------- as a document


ENDINGS = {
    "end_date": N_("the calendar ran out"),
    "agreement": N_("a comprehensive agreement"),
    "walkout": N_("a walk-out"),
    "event": N_("events ended the talks"),
    "facilitator": N_("the facilitator ended it"),
}


def ending(c: Comparison, t: TableResult) -> str:
    if not t.finished:
        return _("still in progress")
    how = _(ENDINGS[t.end_reason]) if t.end_reason in ENDINGS else (t.end_reason or "")
    if t.ended_by:
        # Translators: how a table's game ended, and by whom: "a walk-out by Moscow".
        return _("{how} by {who}").format(how=how, who=c.names.get(t.ended_by, t.ended_by))
    return how


def document(c: Comparison) -> L.Document:
    # Short column and row names ("Table 1"): a save's file name made the tables wider than
    # a screen; the lead says which save each is.
    labels = tuple(_("Table {number}").format(number=n) for n in range(1, len(c.tables) + 1))
    names = c.names

    def signed(s: CardSigned) -> str:
        if s.status == "in force":
            return s.label
        return _("{label} ({status})").format(label=s.label, status=L.status(s.status))

    signed_rows = tuple(
        (title, *(signed(t.signed[card]) if card in t.signed else "-" for t in c.tables))
        for card, title in c.cards.items()
    )
    timing_rows = tuple(
        (title, *(
            _("{round}, {date}").format(round=t.signed[card].round_label, date=L.day(t.signed[card].date))
            if card in t.signed else "-" for t in c.tables
        ))
        for card, title in c.cards.items() if any(card in t.signed for t in c.tables)
    ) + (
        (_("Game ended"), *(L.day(t.end_date) for t in c.tables)),
        (_("How"), *(ending(c, t) for t in c.tables)),
        (_("Turns"), *(str(t.turns) for t in c.tables)),
    )
    score_head = (_("Table"), *(_("{delegation} score").format(delegation=n) for n in names.values()),
                  *(_("{delegation} vs Nash").format(delegation=n) for n in names.values()),
                  _("To the frontier"), _("To Nash"))
    score_rows = tuple(
        (label, *(L.num(t.scores.get(d), True) for d in names), *(L.num(t.vs_nash.get(d), True) for d in names),
         L.num(t.distance_to_frontier), L.num(t.distance_to_nash))
        for label, t in zip(labels, c.tables)
    )
    red_rows = tuple((label, str(t.soft_lines_crossed), str(t.hard_lines_blocked)) for label, t in zip(labels, c.tables))
    tables = "; ".join(f"{label}: {t.label}" for label, t in zip(labels, c.tables))
    return L.Document(
        title=_("Comparison: {title}").format(title=c.title),
        lead=(ngettext("{count} table of scenario {scenario}: {tables}",
                       "{count} tables of scenario {scenario}: {tables}",
                       len(c.tables)).format(count=len(c.tables), scenario=c.scenario, tables=tables),),
        sections=(
            L.Section("signed", _("Signed texts"), (
                L.Table((_("Card"), *labels), signed_rows),
                L.Para(_("The text each table signed on each card (its last signature, with its state at the end "
                         "when it is no longer in force); - where nothing was signed."), note=True),
            )),
            L.Section("scores", _("Scores"), (
                L.Table(score_head, score_rows, frozenset(range(1, len(score_head)))),
                L.Para(_(
                    "Score: the game's final score (agreements + BATNA moved + objectives). vs Nash: score minus the "
                    "score at the signable Nash point of that table's own hidden readings (the packages that could "
                    "be signed at the start). Distances are in score points, to the signable frontier."),
                    note=True,
                ),
            )),
            L.Section("timing", _("Timing"), (L.Table(("", *labels), timing_rows),)),
            L.Section("red-lines", _("Red lines touched"), (
                L.Table((_("Table"), _("Soft lines crossed"), _("Hard lines that blocked a move")), red_rows,
                        frozenset({1, 2})),
            )),
        ),
    )
