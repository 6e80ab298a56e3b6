"""Concession curves drawn by our own code: as inline SVG for the HTML debrief, and as
lines of text (Unicode braille and letters) for the terminal.

Both draw own utility (y) against the game's turn number (x): a line through the
delegation's proposals and counter-proposals, separate marks for its acceptances,
and its BATNA at the time as a reference.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from html import escape

from game.debrief.model import Curve
from game.i18n import _, formats, pgettext

# Each delegation's points get a shape of their own, by its place in the scenario, so the
# curves stay apart in black and white too (the colours are the scenario's).
MARKS = ("circle", "square", "triangle", "diamond", "cross", "star")


def y_range(curves: Sequence[Curve]) -> tuple[float, float]:
    """One utility range for every chart, in steps of ten, around the points and BATNAs."""
    values = [v for c in curves for p in c.points for v in (p.utility, p.batna)]
    values += [v for c in curves for v in (c.batna_start, c.batna_end)]
    if not values:
        return 0.0, 100.0
    low = max(0.0, math.floor(min(values) / 10 - 0.2) * 10)
    high = min(100.0, math.ceil(max(values) / 10 + 0.2) * 10)
    return (low, high) if high > low else (0.0, 100.0)


def batna_steps(curve: Curve, last_turn: int) -> list[tuple[float, float]]:
    """(turn, BATNA) corners of the BATNA as a step line over the whole game."""
    corners = [(1.0, curve.batna_start)]
    # Where the BATNA moved: every turn it did (a debrief made before it was noted has
    # only the delegation's own moves to go by).
    moves = [(step.turn, step.batna) for step in curve.batna_path] or [(p.turn, p.batna) for p in curve.points]
    for turn, batna in moves:
        if batna != corners[-1][1]:
            corners += [(float(turn), corners[-1][1]), (float(turn), batna)]
    if curve.batna_end != corners[-1][1]:
        corners += [(float(last_turn), corners[-1][1]), (float(last_turn), curve.batna_end)]
    corners.append((float(last_turn), corners[-1][1]))
    return corners


def _plain(value: float) -> str:
    """A utility with the decimals it has (at most two), in the reader's language: 43, 43.25."""
    text = f"{value:g}"
    return formats.number(Decimal(text), 6) if "e" not in text else text


# ---------------------------------------------------------------------------- SVG


W, H = 480, 270
LEFT, RIGHT, TOP, BOTTOM = 46, 18, 22, 40


def _mark(kind: str, x: float, y: float, colour: str, hollow: bool) -> str:
    fill = "white" if hollow else colour
    common = f'fill="{fill}" stroke="{colour}" stroke-width="1.5"'
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" {common}/>'
    if kind == "triangle":
        return f'<polygon points="{x:.1f},{y - 4.5:.1f} {x - 4.5:.1f},{y + 3.5:.1f} {x + 4.5:.1f},{y + 3.5:.1f}" {common}/>'
    if kind == "diamond":
        corners = f"{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y:.1f} {x:.1f},{y + 4.5:.1f} {x - 4.5:.1f},{y:.1f}"
        return f'<polygon points="{corners}" {common}/>'
    if kind == "cross":
        return (f'<path d="M{x - 4:.1f},{y - 4:.1f} L{x + 4:.1f},{y + 4:.1f} M{x - 4:.1f},{y + 4:.1f} '
                f'L{x + 4:.1f},{y - 4:.1f}" fill="none" stroke="{colour}" stroke-width="2"/>')
    if kind == "star":
        points = " ".join(
            f"{x + r * math.sin(k * math.pi / 5):.1f},{y - r * math.cos(k * math.pi / 5):.1f}"
            for k, r in ((k, 5.0 if k % 2 == 0 else 2.2) for k in range(10)))
        return f'<polygon points="{points}" {common}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.8" {common}/>'


def svg_chart(
    curve: Curve, name: str, turns: int, rounds: Sequence[tuple[int, str]], span: tuple[float, float]
) -> str:
    """One delegation's concession curve as an inline SVG element (class "chart"; its
    line is a polyline of class "curve" with `data-delegation`)."""
    low, high = span
    last = max((turns, 2, *(p.turn for p in curve.points), *(first for first, _label in rounds)))
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(turn: float) -> float:
        return LEFT + (turn - 1) / (last - 1) * plot_w

    def y(value: float) -> float:
        return TOP + (high - value) / (high - low) * plot_h

    colour = curve.colour
    code = escape(curve.delegation)
    label = escape(_("Concession curve of {delegation}").format(delegation=name))
    out = [
        f'<svg class="chart" data-delegation="{code}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" '
        f'width="{W}" height="{H}" role="img" aria-label="{label}">',
        "<title>" + escape(_("{delegation}: own utility of its offers by turn, against its BATNA").format(
            delegation=name)) + "</title>",
    ]
    step = 5 if high - low <= 30 else 10
    tick = low
    while tick <= high + 1e-9:
        out.append(f'<line class="grid" x1="{LEFT}" x2="{W - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>')
        out.append(f'<text class="tick" x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:g}</text>')
        tick += step
    for first, label in rounds:
        out.append(f'<line class="round" x1="{x(first):.1f}" x2="{x(first):.1f}" y1="{TOP}" y2="{H - BOTTOM}"/>')
        out.append(f'<text class="tick" x="{x(first) + 3:.1f}" y="{TOP - 6}">{escape(label)}</text>')
    out.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{H - BOTTOM}"/>')
    out.append(f'<line class="axis" x1="{LEFT}" x2="{W - RIGHT}" y1="{H - BOTTOM}" y2="{H - BOTTOM}"/>')
    for turn in sorted({1, last, *range(10, last, 10)}):
        out.append(f'<text class="tick" x="{x(turn):.1f}" y="{H - BOTTOM + 15}" text-anchor="middle">{turn}</text>')
    # Translators: the names of the chart's axes.
    turn_axis, utility_axis = escape(_("turn")), escape(_("own utility"))
    out.append(f'<text class="label" x="{LEFT + plot_w / 2:.1f}" y="{H - 6}" text-anchor="middle">{turn_axis}</text>')
    out.append(
        f'<text class="label" transform="translate(12 {TOP + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle">'
        f'{utility_axis}</text>'
    )
    corners = batna_steps(curve, last)
    out.append(
        f'<polyline class="batna" data-delegation="{code}" fill="none" stroke="{colour}" stroke-dasharray="6 4" '
        f'points="{" ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in corners)}"/>'
    )
    batna = escape(_("BATNA {value}").format(value=_plain(corners[-1][1])))
    out.append(f'<text class="batna-label" x="{W - RIGHT - 8}" y="{y(corners[-1][1]) - 5:.1f}" text-anchor="end" '
               f'fill="{colour}">{batna}</text>')
    offers = [(x(p.turn), y(p.utility)) for p in curve.offers]
    if len(offers) == 1:  # one offer: a short level stroke, so the line is still seen
        (cx, cy), = offers
        offers = [(cx - 6, cy), (cx + 6, cy)]
    if offers:
        out.append(
            f'<polyline class="curve" data-delegation="{code}" fill="none" stroke="{colour}" stroke-width="2.2" '
            f'points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in offers)}"/>'
        )
    for p in curve.points:
        out.append(_mark(MARKS[curve.mark % len(MARKS)], x(p.turn), y(p.utility), colour, p.kind == "accept"))
    out.append("</svg>")
    return "\n".join(out)


# ---------------------------------------------------------------------------- terminal

_BRAILLE = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # [row][column] dot bits of a cell


def terminal_chart(
    curves: Sequence[Curve], width: int = 72, height: int = 16, rounds: Sequence[tuple[int, str]] = ()
) -> list[str]:
    """The concession curves as `height` lines of plain text, at most `width` wide:
    braille lines through each delegation's offers, its initial at each offer (lower
    case for an acceptance), its initial at the right edge at its BATNA, the round
    starts along the turn axis and a legend. For the terminal debrief screen; below
    24 x 7 the chart is drawn at that size and cut to the space given."""
    asked = width, height
    width, height = max(width, 24), max(height, 7)
    low, high = y_range(curves)
    plot_w, plot_h = width - 9, height - 3  # 5 for the scale, a frame, 3 BATNA initials; axis, rounds, legend
    last = max((2, *(p.turn for c in curves for p in c.points), *(first for first, _label in rounds)))
    dots = [[0] * plot_w for _row in range(plot_h)]
    letters: dict[tuple[int, int], str] = {}

    def cell(turn: float, value: float) -> tuple[int, int]:
        """(dot column, dot row) on the braille grid."""
        col = round((turn - 1) / (last - 1) * (plot_w * 2 - 1))
        row = round((high - value) / (high - low) * (plot_h * 4 - 1))
        return col, min(max(row, 0), plot_h * 4 - 1)

    for curve in curves:
        offers = [cell(p.turn, p.utility) for p in curve.offers]
        for (c0, r0), (c1, r1) in zip(offers, offers[1:]):
            steps = max(abs(c1 - c0), abs(r1 - r0), 1)
            for i in range(steps + 1):
                c, r = round(c0 + (c1 - c0) * i / steps), round(r0 + (r1 - r0) * i / steps)
                dots[r // 4][c // 2] |= _BRAILLE[r % 4][c % 2]
        initial = curve.name[:1].upper() or curve.delegation[:1].upper()
        for p in curve.points:
            c, r = cell(p.turn, p.utility)
            letters[(r // 4, c // 2)] = initial if p.kind != "accept" else initial.lower()
    batnas: dict[int, str] = {}
    for curve in curves:
        row = cell(1, curve.batna_end)[1] // 4
        batnas[row] = batnas.get(row, "") + (curve.name[:1].upper() or "?")
    lines = []
    for row in range(plot_h):
        value = high - row / max(plot_h - 1, 1) * (high - low)
        scale = f"{value:4.0f}\u2524" if row in (0, plot_h - 1) or row == plot_h // 2 else "    \u2502"
        body = "".join(
            letters.get((row, col)) or (chr(0x2800 + dots[row][col]) if dots[row][col] else " ")
            for col in range(plot_w)
        )
        lines.append(f"{scale}{body}\u250a{batnas.get(row, '')[:3]}".rstrip())
    axis = ["\u2500"] * plot_w
    marks = [" "] * plot_w
    # Translators: the word a round's name starts with ("Round 2"), and its short form on the chart's axis ("R2").
    word, short = pgettext("chart", "Round"), pgettext("chart", "R")
    for first, label in rounds:
        col = cell(first, low)[0] // 2
        axis[col] = "\u252c"
        tag = label.replace(f"{word} ", short)
        if all(ch == " " for ch in marks[col:col + len(tag) + 1]):
            marks[col:col + len(tag)] = list(tag[: plot_w - col])
    lines.append("    \u2514" + "".join(axis) + "\u2518")
    lines.append(("     " + "".join(marks)).rstrip() or "     " + _("turns 1-{last}").format(last=last))
    legend = " ".join(f"{c.name[:1].upper()} {c.name}" for c in curves)
    lines.append(_("{legend} (small: accepted; \u250aX: BATNA)").format(legend=legend)[:width])
    return [line[: asked[0]] for line in lines[-asked[1]:]]
