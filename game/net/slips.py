"""Seat slips for a hosted lesson: a printable page with one slip per seat (its table,
its delegation, the host's address, its join code, and a QR code that opens the seat
in a browser with the code filled in, when `parley serve` runs), to cut and hand out.
The facilitators' slips are on a page of their own, marked not for projection: with a
facilitator's code a person steers the table.

The QR codes are SVG from segno (a small, well-kept QR library): the page needs
nothing from the internet and prints sharp at any size.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote

from game.i18n import _, current
from game.net.codes import grouped
from game.store.files import write_text_atomically

FACILITATOR, OBSERVER = "facilitator", "observer"
STUDENTS_FILE, FACILITATORS_FILE = "seat-slips.html", "facilitator-slips.html"

STYLE = """
@page { size: A4; margin: 10mm; }
body { font-family: system-ui, sans-serif; margin: 0; color: #000; background: #fff; }
h1 { font-size: 16pt; margin: 0 0 4mm; }
.warning { border: 2px solid #b00; color: #b00; padding: 2mm 4mm; font-weight: bold; margin-bottom: 4mm; }
.slips { display: grid; grid-template-columns: repeat(2, 1fr); gap: 0; }
.slip { border: 1px dashed #888; padding: 4mm; display: grid; grid-template-columns: 1fr 34mm; gap: 3mm;
        break-inside: avoid; page-break-inside: avoid; min-height: 44mm; }
.seat { font-size: 14pt; font-weight: bold; }
.table { font-size: 10pt; color: #444; }
.code { font-family: ui-monospace, monospace; font-size: 17pt; letter-spacing: 0.06em; margin: 2mm 0; }
.how { font-size: 8.5pt; line-height: 1.35; }
.qr svg { width: 34mm; height: 34mm; }
.secret { font-size: 8pt; color: #444; }
"""


def seat_label(scenario, seat: str) -> str:
    if seat == FACILITATOR:
        return _("Facilitator")
    if seat == OBSERVER:
        return _("Observers (anyone watching)")
    spec = scenario.delegations[seat]
    # Translators: a delegation on a seat slip: "Russian delegation (Moscow)".
    return _("{name} ({short})").format(name=spec.name, short=spec.short)


def browser_link(page: str, code: str) -> str:
    """The browser seat's address with the seat's code filled in (`parley serve`)."""
    return f"{page.rstrip('/')}/?code={quote(grouped(code))}"


def _qr_svg(text: str) -> str:
    import segno

    return segno.make(text, error="m").svg_inline(scale=4, border=2, omitsize=True)


def _slip(scenario, table_id: str, seat: str, code: str, address: str, page: str | None) -> str:
    link = browser_link(page, code) if page else None
    qr = f'<div class="qr">{_qr_svg(link)}</div>' if link else "<div></div>"
    # The sentences are escaped before the markup goes into them.
    browser = (_text(_("In a browser: scan the code, or open {page} and type the code.")).format(
        page=f"<b>{html.escape(page)}</b>") if page else "")
    if seat != OBSERVER:
        secret = _text(_("For this seat alone: do not pass it on."))
    else:
        secret = _text(_("For anyone watching the table."))
    terminal = _text(_("In a terminal: {command}.")).format(
        command=f"<b>parley join {html.escape(address)} {html.escape(grouped(code))}</b>")
    return (
        f'<div class="slip" data-seat="{html.escape(seat)}" data-table="{html.escape(table_id)}">'
        f'<div><div class="seat">{html.escape(seat_label(scenario, seat))}</div>'
        f'<div class="table">Parley \u00b7 {html.escape(table_id)} \u00b7 {html.escape(scenario.title)}</div>'
        f'<div class="code">{html.escape(grouped(code))}</div>'
        f'<div class="how">{terminal} '
        f'{browser}</div><div class="secret">{secret}</div></div>{qr}</div>'
    )


def _text(words: str) -> str:
    """Words for the page's text, escaped (a translation may hold an ampersand)."""
    return html.escape(words, quote=False)


def _page(title: str, warning: str | None, slips: list[str]) -> str:
    head = f'<div class="warning">{html.escape(warning)}</div>' if warning else ""
    return (
        f'<!doctype html><html lang="{html.escape(current())}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>{head}<div class=\"slips\">{''.join(slips)}</div></body></html>\n"
    )


def write_slips(host, folder: Path, address: str, page: str | None) -> tuple[Path, Path]:
    """Write the students' slips and the facilitators' slips into `folder` (the lesson's:
    readable by its owner only, like the codes in host.json); their paths."""
    students: list[str] = []
    facilitators: list[str] = []
    for table in host.tables.values():
        scenario = table.match.scenario
        for seat, code in table.codes.items():
            slip = _slip(scenario, table.id, seat, code, address, page)
            (facilitators if seat == FACILITATOR else students).append(slip)
    out = (Path(folder) / STUDENTS_FILE, Path(folder) / FACILITATORS_FILE)
    write_text_atomically(out[0], _page(_("Parley: seat slips"), None, students), private=True)
    write_text_atomically(out[1], _page(
        _("Parley: facilitators' slips"),
        _("Not for the projector and not for students: with a facilitator's code a person steers the table."),
        facilitators,
    ), private=True)
    return out
