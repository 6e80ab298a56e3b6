"""Colours that read on both themes. The widgets write Rich styles with plain colour
names ("yellow", "cyan"); on a light background those are too pale, so `themed`
swaps them for darker tones when the app's theme is light."""

from __future__ import annotations

import re

from rich.text import Span, Text

_LIGHT = {
    "yellow": "#9a5b00",
    "cyan": "#006d80",
    "green": "#1d7a1d",
    "magenta": "#86208a",
    "red": "#b00020",
}
_WORD = re.compile(r"\b(" + "|".join(_LIGHT) + r")\b")


def _darker(style: str) -> str:
    return _WORD.sub(lambda m: _LIGHT[m.group(1)], style)


def themed(text: Text, dark: bool) -> Text:
    """`text` with its colours adjusted for a light theme (unchanged on a dark one)."""
    if dark:
        return text
    out = text.copy()
    if isinstance(out.style, str):
        out.style = _darker(out.style)
    out.spans = [Span(s.start, s.end, _darker(s.style)) if isinstance(s.style, str) else s for s in out.spans]
    return out
