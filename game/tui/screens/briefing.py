"""Briefing: your delegation's confidential brief, its red lines, what it values,
and what it does not know about the others."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown

from game.engine.views import View


def briefing_markdown(view: View, seat: str, others_hidden: dict[str, list[str]]) -> str:
    """The briefing as Markdown, from `seat`'s own view only (plus the public list of
    which questions the other delegations keep hidden)."""
    mine = view.private[seat]
    me = next(d for d in view.delegations if d.code == seat)
    cards = {c.id: c for c in view.cards}
    brief = mine.brief.strip() or "_No brief in this scenario._"
    head = [] if brief.startswith("# ") else [f"# {me.name}: confidential brief", ""]
    parts = [*head, brief, ""]
    if mine.variants:
        parts += ["## Your hidden reading (drawn for this game)", ""]
        parts += [f"- **{v.label}**: {v.description}" for v in mine.variants]
        parts.append("")
    parts += ["## Your red lines", ""]
    if not mine.red_lines:
        parts.append("_None._")
    for line in mine.red_lines:
        card = cards.get(line.card)
        options = ", ".join(
            next((o.label for o in card.options if o.id == opt), opt) for opt in line.options
        ) if card else ", ".join(line.options)
        kind = "hard \u2716, cannot be crossed" if line.hard else "soft !, crossing it has a cost"
        state = "" if line.active else " _(not in force now; events may impose it)_"
        title = card.title if card else line.card
        parts.append(f"- **{line.label}** ({kind}){state}: {title}: {options}. {line.explanation}")
    parts += ["", "## What you value", "", "Cards by how much they matter to you, with your best option:", ""]
    top = max(mine.weights.values(), default=1.0) or 1.0
    for card_id, weight in sorted(mine.weights.items(), key=lambda kv: (-kv[1], kv[0])):
        card = cards.get(card_id)
        if card is None or weight <= 0:
            continue
        values = mine.values[card_id]
        best = max(values, key=lambda o: (values[o], o))
        label = next((o.label for o in card.options if o.id == best), best)
        dots = "\u25cf" * max(1, round(4 * weight / top))
        parts.append(f"- {dots} **{card.title}**: best for you: {label} ({values[best]:.0f}/100)")
    parts += [
        "", f"Your BATNA (the value of no agreement) is **{mine.batna:.1f}**; today's signed text is worth "
        f"**{mine.utility:.1f}** to you.", "",
        "## What you do not know", "",
        "You do not see the other delegations' valuations, red lines or meters; you learn about them "
        "from their offers, answers and statements.",
    ]
    for code, labels in others_hidden.items():
        name = next(d.short for d in view.delegations if d.code == code)
        if labels:
            parts.append(f"- {name} keeps a hidden reading you will learn only at the end: " + "; ".join(labels) + ".")
    return "\n".join(parts) + "\n"


class BriefingScreen(Screen[None]):
    BINDINGS = [Binding("enter,escape,b", "close", "To the table", priority=True)]

    def __init__(self, markdown: str, title: str) -> None:
        super().__init__()
        self.markdown = markdown
        self.sub_title = title

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="brief"):
            yield Markdown(self.markdown)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#brief").focus()

    def action_close(self) -> None:
        self.dismiss(None)
