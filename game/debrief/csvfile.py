"""The debrief and the comparison as CSV (UTF-8, a header row, comma-separated).

A debrief has one row per logged event (every one, bookkeeping included: the
timeline in Markdown and HTML leaves passes and turn ends out); a comparison one row
per table. The
columns are described in `game.debrief.columns`, which `parley debrief --help`
shows and the README repeats. The header row is for people, in the reader's
language; the values stay machine-readable (ids, ISO dates, plain numbers), except
the sentences of the debrief's `text` and the labels of what was signed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from game.debrief.columns import DEBRIEF_COLUMNS, column
from game.debrief.comparison import Comparison
from game.debrief.model import Debrief
from game.i18n import N_


def _write(head: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(head)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue()


def debrief_csv(db: Debrief) -> str:
    return _write(
        [column(name) for name, _meaning in DEBRIEF_COLUMNS],
        (
            (e.index, e.round, e.date.isoformat(), e.turn, e.event, e.kind, e.actor, e.command, e.by, e.package, e.text)
            for e in db.events
        ),
    )


def compare_csv(c: Comparison) -> str:
    codes = list(c.names)
    head = [column(name) for name in (N_("table"), N_("seed"), N_("end_date"), N_("end_reason"), N_("ended_by"),
                                       N_("turns"))]
    head += [column(what, delegation=d) for what in (N_("score_{delegation}"), N_("utility_{delegation}"),
                                                      N_("vs_nash_{delegation}")) for d in codes]
    head += [column(name) for name in (N_("distance_to_frontier"), N_("distance_to_nash"), N_("soft_lines_crossed"),
                                       N_("hard_lines_blocked"))]
    head += [column(what, card=card) for card in c.cards
             for what in (N_("signed_{card}"), N_("signed_round_{card}"), N_("signed_date_{card}"))]
    rows = []
    for t in c.tables:
        row: list[object] = [t.label, t.seed, t.end_date.isoformat(), t.end_reason, t.ended_by, t.turns]
        row += [values.get(d) for values in (t.scores, t.utilities, t.vs_nash) for d in codes]
        row += [t.distance_to_frontier, t.distance_to_nash, t.soft_lines_crossed, t.hard_lines_blocked]
        for card in c.cards:
            s = t.signed.get(card)
            row += [None, None, None] if s is None else [s.label, s.round, s.date.isoformat()]
        rows.append(row)
    return _write(head, rows)
