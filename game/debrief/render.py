"""The renderers, for a debrief or a comparison alike."""

from __future__ import annotations

from game.debrief import csvfile, html, layout, markdown
from game.debrief.comparison import Comparison
from game.debrief.comparison import document as comparison_document
from game.debrief.model import Debrief


def _document(what: Debrief | Comparison) -> layout.Document:
    return comparison_document(what) if isinstance(what, Comparison) else layout.document(what)


def to_markdown(what: Debrief | Comparison) -> str:
    return markdown.render(_document(what))


def to_html(what: Debrief | Comparison) -> str:
    """One self-contained HTML page (inline CSS and SVG, no scripts)."""
    return html.render(_document(what))


def to_csv(what: Debrief | Comparison) -> str:
    """A debrief: one row per logged event; a comparison: one row per table
    (columns: `game.debrief.columns`)."""
    return csvfile.compare_csv(what) if isinstance(what, Comparison) else csvfile.debrief_csv(what)
