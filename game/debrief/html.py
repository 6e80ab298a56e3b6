"""The debrief, or a comparison, as one self-contained HTML page: inline CSS, the
concession curves as inline SVG, no scripts, no external resources; it prints."""

from __future__ import annotations

import re
from html import escape

from game.debrief import layout as L
from game.debrief.charts import svg_chart, y_range
from game.i18n import current

CSS = """
:root { --ink: #1d1d1f; --muted: #5c5c66; --rule: #d4d4dc; --band: #f4f4f7; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: white;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
.brief h4 { font-size: 1rem; margin: .8rem 0 .3rem; }
.brief h5, .brief h6 { font-size: .95rem; margin: .6rem 0 .2rem; }
.lead p { margin: .1rem 0; color: var(--muted); }
nav ul { list-style: none; padding: 0; margin: .8rem 0 0; display: flex; flex-wrap: wrap; gap: .3rem 1rem; }
nav a { color: var(--ink); }
p.note { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
.wide { overflow-x: auto; max-width: 100%; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--band); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: .4rem 1.2rem; }
figure { margin: 0; }
figcaption { text-align: center; font-weight: 600; font-size: .9rem; }
svg.chart { display: block; width: 100%; height: auto; margin: .3rem 0 0; }
svg.chart .grid { stroke: #e6e6ec; }
svg.chart .round { stroke: #b8b8c4; stroke-dasharray: 2 3; }
svg.chart .axis { stroke: var(--ink); }
svg.chart text { font: 11px system-ui, sans-serif; fill: var(--muted); }
svg.chart text.label { fill: var(--ink); }
svg.chart text.batna-label { font-weight: 600; }
ol.questions > li { margin: 0 0 .8rem; font-weight: 600; }
ol.questions ul { font-weight: normal; color: var(--muted); margin: .2rem 0 0; }
.brief { border-left: 3px solid var(--rule); padding: .1rem 0 .1rem 1rem; margin: .4rem 0 1rem; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; }
  figure, tr, ol.questions > li { break-inside: avoid; }
  .charts { grid-template-columns: 1fr 1fr; }
  a { color: inherit; text-decoration: none; }
}
"""


def _inline(text: str) -> str:
    """Escaped text with the few Markdown marks our own sentences and the scenario's
    briefs use: **strong**, *emphasis*, `code`."""
    out = escape(text, quote=False)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", out)
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", out)


def _brief(text: str) -> str:
    """A scenario brief (Markdown: headings, paragraphs, dash lists) as HTML."""
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        heading = re.match(r"(#+)\s*(.*)", lines[0])
        if heading and len(lines) == 1:
            level = min(len(heading.group(1)) + 3, 6)
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif lines[0].lstrip().startswith("- "):
            items: list[str] = []
            current: list[str] = []
            for line in lines:
                if line.lstrip().startswith("- "):
                    if current:
                        items.append(" ".join(current))
                    current = [line.lstrip()[2:]]
                else:
                    current.append(line.strip())
            items.append(" ".join(current))
            out.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
        else:
            out.append(f"<p>{_inline(' '.join(line.strip() for line in lines))}</p>")
    return '<div class="brief">' + "\n".join(out) + "</div>"


def _table(table: L.Table) -> str:
    def cls(i: int) -> str:
        return ' class="num"' if i in table.numeric else ""

    head = "".join(f"<th{cls(i)}>{escape(h)}</th>" for i, h in enumerate(table.head))
    rows = "\n".join(
        "<tr>" + "".join(f"<td{cls(i)}>{escape(c)}</td>" for i, c in enumerate(row)) + "</tr>" for row in table.rows
    )
    # In a box of its own that scrolls sideways: a wide table never widens the page.
    return f'<div class="wide"><table><thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody></table></div>'


def _block(block: L.Block, span: tuple[float, float]) -> str:
    match block:
        case L.Para(text=text, note=note):
            return f'<p class="note">{_inline(text)}</p>' if note else f"<p>{_inline(text)}</p>"
        case L.Heading(text=text):
            return f"<h3>{escape(text)}</h3>"
        case L.Table():
            return _table(block)
        case L.Bullets(items=items):
            return "<ul>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + "</ul>"
        case L.Questions(items=items):
            return '<ol class="questions">' + "".join(
                f"<li>{escape(q.text)}<ul>" + "".join(f"<li>{escape(f)}</li>" for f in q.facts) + "</ul></li>"
                for q in items
            ) + "</ol>"
        case L.Charts(curves=curves, turns=turns, rounds=rounds):
            return '<div class="charts">' + "".join(
                f"<figure>{svg_chart(c, c.name, turns, rounds, span)}<figcaption>{escape(c.name)}</figcaption></figure>"
                for c in curves
            ) + "</div>"
        case L.Brief(text=text):
            return _brief(text)
    return ""


def render(doc: L.Document) -> str:
    charts = [c for s in doc.sections for b in s.blocks if isinstance(b, L.Charts) for c in b.curves]
    span = y_range(charts)  # one scale for every chart, so that they compare
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{current()}">',
        f'<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(doc.title)}</title><style>{CSS}</style></head>",
        "<body><main>",
        f"<header><h1>{escape(doc.title)}</h1>",
        '<div class="lead">' + "".join(f"<p>{escape(line)}</p>" for line in doc.lead) + "</div>",
        "<nav><ul>" + "".join(f'<li><a href="#{s.id}">{escape(s.title)}</a></li>' for s in doc.sections) + "</ul></nav>",
        "</header>",
    ]
    for section in doc.sections:
        parts.append(f'<section id="{escape(section.id)}"><h2>{escape(section.title)}</h2>')
        parts += [_block(block, span) for block in section.blocks]
        parts.append("</section>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"
