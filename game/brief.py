"""The brief of one delegation as Markdown, from its own view only: the confidential
brief, its red lines, what it values, how its score is counted, and what it does not
know about the others. The briefing screen shows it; the class pack prints it."""

from __future__ import annotations

from game.engine.appraise import score_parts
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
        options = ", ".join(line.option_labels)
        kind = "hard \u2716, cannot be crossed" if line.hard else "soft !, crossing it has a cost"
        state = "" if line.active else " _(not in force now; events may impose it)_"
        later = "" if line.card in cards else " _(a card that comes to the table later)_"
        parts.append(f"- **{line.label}** ({kind}){state}: {line.card_title}{later}: {options}. {line.explanation}")
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
    parts += ["", *score_markdown(view, seat), "",
        "## What you do not know", "",
        "You do not see the other delegations' valuations, red lines or meters; you learn about them "
        "from their offers, answers and statements.",
    ]
    for code, labels in others_hidden.items():
        name = next(d.short for d in view.delegations if d.code == code)
        if labels:
            parts.append(f"- {name} keeps a hidden reading you will learn only at the end: " + "; ".join(labels) + ".")
    return "\n".join(parts) + "\n"


def score_markdown(view: View, seat: str, printed: bool = False) -> list[str]:
    """How the seat's score is counted, with its own figures (`game.engine.value`).
    `printed`: for a handout read before the game, without the figures of the moment."""
    mine = view.private[seat]
    now = score_parts(view, seat)
    meters = {m.id: m for m in (*view.public_meters, *mine.meters)}
    rounds = [r for r in view.rounds if r.status != "planned"]
    out = [
        "## How your score is counted", "",
        f"Your **BATNA** is what you have if nothing is signed. At the start it was **{mine.batna_start:.1f}**: "
        "what the status quo on every card is worth to you (0-100). It then moves with these meters:", "",
    ]
    weights = mine.scoring.meters if mine.scoring is not None else {}
    for meter, weight in weights.items():
        m = meters.get(meter)
        if m is None:
            continue
        where = f"{m.start:g} at the start" if printed else f"{m.value:g} now, {m.start:g} at the start"
        out.append(f"- **{m.label}** ({where}): {weight:+g} per point.")
    if not weights:
        out.append("- _None: your BATNA does not move in this scenario._")
    path = " · ".join(
        f"{r.label.split(':')[0]} {value:.1f}" for r, value in zip(rounds, mine.batna_path)
    )
    if printed:
        out.append("")
    else:
        out += ["", f"Your BATNA now: **{now.batna:.1f}** ({now.moved:+.1f} since the start)"
                + (f"; as each round opened: {path}." if path else "."), ""]
    out += [
        "Your **score** = what the signed text is worth to you over no agreement + how far your BATNA "
        "moved + the objectives you meet. With nothing signed, your score is how far your BATNA moved "
        "(plus objectives); signing a text worth less to you than the status quo lowers it.", "",
    ]
    objectives = mine.scoring.objectives if mine.scoring is not None else ()
    if objectives:
        out += ["Your objectives:", ""]
        out += [f"- {o.label}: {o.points:+g}" for o in objectives]
        out.append("")
    if not printed:
        out.append(
            f"Your score now: **{now.score:+.1f}** (agreements {now.agreements:+.1f}, BATNA moved {now.moved:+.1f}, "
            f"objectives {now.objectives:+g}). For any package, the composer and the table show what signing it "
            "now would change in your score."
        )
    return out
