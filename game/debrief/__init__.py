"""The debrief: a played game turned into a lesson.

`build_debrief(rules, steps, header)` reads a game's log (a loaded save's steps, or a
live session's) into a `Debrief`, plain data that dumps to JSON
(`debrief.model_dump(mode="json")`). `to_markdown`, `to_html` and `to_csv` render a
debrief, or a `Comparison` of several tables of one scenario (`compare`);
`terminal_chart` draws the concession curves as lines of text. Pure: no Textual, no
printing, no files.

The names load on first use, so that `parley --help` can describe the CSV columns
(`game.debrief.columns`) without loading the rest.
"""

from __future__ import annotations

from importlib import import_module

_WHERE = {
    "build_debrief": "build", "debrief_of": "build",
    "Debrief": "model",
    "CompareError": "comparison", "Comparison": "comparison", "compare": "comparison",
    "terminal_chart": "charts",
    "to_markdown": "render", "to_html": "render", "to_csv": "render",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"game.debrief.{_WHERE[name]}"), name)
