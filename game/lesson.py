"""After a lesson: every table's log kept in the lesson's folder, each table's debrief,
and the class's comparison of all of them (`parley debrief --compare`), as HTML pages
a teacher opens in a browser or hands out. No Textual here: the desk's `w` key and the
tests call `write_lesson`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from game.i18n import _
from game.store.files import write_text_atomically

CLASS_PAGE = "class.html"


class LessonError(Exception):
    """The lesson could not be written; the message says why, for a person."""


def write_lesson(folder: Path, logs: Mapping[str, str]) -> list[Path]:
    """Keep each table's log (`logs`: table -> the save's text) in `folder`, verified,
    with the table's debrief next to it, and the class's comparison as `CLASS_PAGE`.
    Returns the pages written, the class's first. Raises LessonError."""
    from game.content.loader import load_scenario_by_id
    from game.debrief import CompareError, compare, debrief_of, to_html
    from game.store.log import SUFFIX, SaveError, load

    debriefs = []
    pages = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for table in sorted(logs):
            save = folder / f"{table}{SUFFIX}"
            write_text_atomically(save, logs[table])
            debrief = debrief_of(load(save, load_scenario_by_id), label=table)
            debriefs.append(debrief)
            page = folder / f"{table}.html"
            write_text_atomically(page, to_html(debrief))
            pages.append(page)
        if len(debriefs) > 1:
            whole = folder / CLASS_PAGE
            write_text_atomically(whole, to_html(compare(debriefs)))
            pages.insert(0, whole)
    except (OSError, SaveError, CompareError) as exc:
        raise LessonError(_("The lesson could not be written to {folder}: {problem}").format(
            folder=folder, problem=exc)) from None
    return pages
