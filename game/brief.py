"""The brief of one delegation as Markdown, from its own view only: the confidential
brief, its red lines, what it values, how its score is counted, and what it does not
know about the others. The briefing screen shows it; the class pack prints it."""

from __future__ import annotations

from game.engine.appraise import score_parts
from game.engine.views import View
from game.i18n import _, formats

_figure, _signed = formats.fixed, formats.signed


def briefing_markdown(view: View, seat: str, others_hidden: dict[str, list[str]]) -> str:
    """The briefing as Markdown, from `seat`'s own view only (plus the public list of
    which questions the other delegations keep hidden)."""
    mine = view.private[seat]
    me = next(d for d in view.delegations if d.code == seat)
    cards = {c.id: c for c in view.cards}
    brief = mine.brief.strip() or _("_No brief in this scenario._")
    head = [] if brief.startswith("# ") else ["# " + _("{name}: confidential brief").format(name=me.name), ""]
    parts = [*head, brief, ""]
    if mine.variants:
        parts += ["## " + _("Your hidden reading (drawn for this game)"), ""]
        parts += [f"- **{v.label}**: {v.description}" for v in mine.variants]
        parts.append("")
    parts += ["## " + _("Your red lines"), ""]
    if not mine.red_lines:
        parts.append(_("_None._"))
    for line in mine.red_lines:
        options = ", ".join(line.option_labels)
        kind = _("hard \u2716, cannot be crossed") if line.hard else _("soft !, crossing it has a cost")
        state = "" if line.active else " " + _("_(not in force now; events may impose it)_")
        later = "" if line.card in cards else " " + _("_(a card that comes to the table later)_")
        parts.append(f"- **{line.label}** ({kind}){state}: {line.card_title}{later}: {options}. {line.explanation}")
    parts += ["", "## " + _("What you value"), "",
              _("Cards by how much they matter to you, with your best option:"), ""]
    top = max(mine.weights.values(), default=1.0) or 1.0
    for card_id, weight in sorted(mine.weights.items(), key=lambda kv: (-kv[1], kv[0])):
        card = cards.get(card_id)
        if card is None or weight <= 0:
            continue
        values = mine.values[card_id]
        best = max(values, key=lambda o: (values[o], o))
        label = next((o.label for o in card.options if o.id == best), best)
        dots = "\u25cf" * max(1, round(4 * weight / top))
        parts.append("- " + _("{dots} **{card}**: best for you: {option} ({value}/100)").format(
            dots=dots, card=card.title, option=label, value=_figure(values[best], 0)))
    parts += ["", *score_markdown(view, seat), "",
        "## " + _("What you do not know"), "",
        _("You do not see the other delegations' valuations, red lines or meters; you learn about them "
          "from their offers, answers and statements."),
    ]
    for code, labels in others_hidden.items():
        name = next(d.short for d in view.delegations if d.code == code)
        if labels:
            parts.append("- " + _("{who} keeps a hidden reading you will learn only at the end: {readings}.").format(
                who=name, readings="; ".join(labels)))
    return "\n".join(parts) + "\n"


def score_markdown(view: View, seat: str, printed: bool = False) -> list[str]:
    """How the seat's score is counted, with its own figures (`game.engine.value`).
    `printed`: for a handout read before the game, without the figures of the moment."""
    mine = view.private[seat]
    now = score_parts(view, seat)
    meters = {m.id: m for m in (*view.public_meters, *mine.meters)}
    rounds = [r for r in view.rounds if r.status != "planned"]
    out = [
        "## " + _("How your score is counted"), "",
        _("Your **BATNA** is what you have if nothing is signed. At the start it was **{batna}**: "
          "what the status quo on every card is worth to you (0-100). It then moves with these meters:").format(
            batna=_figure(mine.batna_start)), "",
    ]
    weights = mine.scoring.meters if mine.scoring is not None else {}
    for meter, weight in weights.items():
        m = meters.get(meter)
        if m is None:
            continue
        if printed:
            line = _("**{meter}** ({start} at the start): {weight} per point.")
        else:
            line = _("**{meter}** ({now} now, {start} at the start): {weight} per point.")
        out.append("- " + line.format(meter=m.label, now=formats.number(m.value, 2), start=formats.number(m.start, 2),
                                      weight=_signed(weight, 3, exact=False)))
    if not weights:
        out.append("- " + _("_None: your BATNA does not move in this scenario._"))
    path = " · ".join(
        f"{r.label.split(':')[0]} {_figure(value)}" for r, value in zip(rounds, mine.batna_path)
    )
    if printed:
        out.append("")
    else:
        if path:
            line = _("Your BATNA now: **{batna}** ({moved} since the start); as each round opened: {path}.")
        else:
            line = _("Your BATNA now: **{batna}** ({moved} since the start).")
        out += ["", line.format(batna=_figure(now.batna), moved=_signed(now.moved), path=path), ""]
    out += [
        _("Your **score** = what the signed text is worth to you over no agreement + how far your BATNA "
          "moved + the objectives you meet. With nothing signed, your score is how far your BATNA moved "
          "(plus objectives); signing a text worth less to you than the status quo lowers it."), "",
    ]
    objectives = mine.scoring.objectives if mine.scoring is not None else ()
    if objectives:
        out += [_("Your objectives:"), ""]
        out += [f"- {o.label}: {_signed(o.points, 3, exact=False)}" for o in objectives]
        out.append("")
    if not printed:
        out.append(
            _("Your score now: **{score}** (agreements {agreements}, BATNA moved {moved}, "
              "objectives {objectives}). For any package, the composer and the table show what signing it "
              "now would change in your score.").format(
                score=_signed(now.score), agreements=_signed(now.agreements), moved=_signed(now.moved),
                objectives=_signed(now.objectives, 3, exact=False))
        )
    return out
