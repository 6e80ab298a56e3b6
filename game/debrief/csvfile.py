"""The debrief and the comparison as CSV (UTF-8, a header row, comma-separated).

A debrief has one row per logged event (every one, bookkeeping included: the
timeline in Markdown and HTML leaves passes and turn ends out); a comparison one row
per table. The
columns are described in `game.debrief.columns`, which `parley debrief --help`
shows and the README repeats.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from game.debrief.columns import DEBRIEF_COLUMNS
from game.debrief.comparison import Comparison
from game.debrief.model import Debrief


def _write(head: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(head)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue()


def debrief_csv(db: Debrief) -> str:
    return _write(
        [name for name, _ in DEBRIEF_COLUMNS],
        (
            (e.index, e.round, e.date.isoformat(), e.turn, e.event, e.kind, e.actor, e.command, e.by, e.package, e.text)
            for e in db.events
        ),
    )


def compare_csv(c: Comparison) -> str:
    codes = list(c.names)
    head = ["table", "seed", "end_date", "end_reason", "ended_by", "turns"]
    head += [f"{what}_{d}" for what in ("score", "utility", "vs_nash") for d in codes]
    head += ["distance_to_frontier", "distance_to_nash", "soft_lines_crossed", "hard_lines_blocked"]
    head += [f"{what}_{card}" for card in c.cards for what in ("signed", "signed_round", "signed_date")]
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
