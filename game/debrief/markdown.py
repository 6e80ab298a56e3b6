"""The debrief, or a comparison, as Markdown (for the terminal screen, a file, a wiki)."""

from __future__ import annotations

import re

from game.debrief import layout as L


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _table(table: L.Table) -> list[str]:
    align = ["---:" if i in table.numeric else "---" for i in range(len(table.head))]
    lines = ["| " + " | ".join(_cell(h) for h in table.head) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return lines


def _brief(text: str) -> list[str]:
    """A brief inside the debrief: its headings three levels down, under the section's."""
    return [re.sub(r"^(#+)", r"\1###", line) if line.startswith("#") else line for line in text.splitlines()]


def _block(block: L.Block) -> list[str]:
    match block:
        case L.Para(text=text, note=True):
            return [f"_{text}_"]
        case L.Para(text=text):
            return [text]
        case L.Heading(text=text):
            return [f"### {text}"]
        case L.Table():
            return _table(block)
        case L.Bullets(items=items):
            return [f"- {item}" for item in items]
        case L.Questions(items=items):
            lines = []
            for i, q in enumerate(items, start=1):
                lines.append(f"{i}. **{q.text}**")
                lines += [f"    - {fact}" for fact in q.facts]
            return lines
        case L.Brief(text=text):
            return _brief(text)
    return []  # a chart: Markdown shows the table of its points


def render(doc: L.Document) -> str:
    lines = [f"# {doc.title}", ""]
    lines += [f"{line}  " for line in doc.lead[:-1]] + list(doc.lead[-1:])
    for section in doc.sections:
        lines += ["", f"## {section.title}"]
        for block in section.blocks:
            rendered = _block(block)
            if rendered:
                lines += ["", *rendered]
    return "\n".join(lines) + "\n"
