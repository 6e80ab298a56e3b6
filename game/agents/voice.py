"""What computer delegations say at the table: every sentence of the agents in one
place. An agent says a `Phrase` (a key and ids), never words: each reader hears it in
their own language, with the names of their own scenario (`render`). Reasons are short,
in the delegation's voice, and built from what drove the decision."""

from __future__ import annotations

from game.engine.commands import Phrase
from game.i18n import N_, _
from game.i18n.names import Names

REASONS = {
    "propose_core": N_("This text protects what matters most to us: {focus}."),
    "propose_technical": N_("A limited, practical step we can take now: {focus}."),
    "propose_bridge": N_("A text every delegation at the table can live with, starting with {focus}."),
    "counter": N_("We cannot take the text as it stands; we put forward {focus} instead."),
    "accept": N_("We can accept this: it is better for us than no agreement, above all on {focus}."),
    "accept_late": N_("Time is short; we accept this as a step forward on {focus}."),
    "accept_worth": N_("We can accept this: it leaves us better off than no agreement."),
    "reject_red_line": N_("We cannot sign a text with {focus}."),
    "reject_worth": N_("This is worth less to us than no agreement: {focus} costs us most."),
    "reject_cost": N_("This asks too much of us on {focus}."),
    "reject_soft": N_("Signing {focus} would cost us dearly at home."),
    "recess_time": N_("We need time to consult at home; we will continue at the next round."),
    "recess_nothing": N_("There is nothing on the table we can work with today."),
    "recess_strong": N_("We see no reason to hurry; we will continue at the next round."),
    "lever": N_("{label}: we expect it to help us ({gain})."),
    "lever_impatient": N_("Our patience is wearing thin. {label}: we expect it to help us ({gain})."),
    "lever_strong": N_("{label}: our position allows it, and we expect it to help us ({gain})."),
    "pass_wait": N_("We have nothing to add at this point."),
    "pass_table": N_("We are still studying the text on the table."),
    "pass_time": N_("Time ran out; we have nothing to add."),
    "walk_out": N_("These talks are costing us more than they can bring; we are leaving the table."),
    # {reason} is the sentence it leads into; {reason_lower} the same with a small first letter
    "after_event": N_("After \u201c{event}\u201d, {reason_lower}"),
}

# Words a reason names that are not a thing of the scenario (`words:KEY`).
WORDS = {
    "our_red_lines": N_("our red lines"),
    "moving_the_table": N_("moving the table"),
}


def say(key: str, inner: Phrase | None = None, **args: str | int | float) -> Phrase:
    """The sentence `key` with its arguments (references as `card:ID`, `item:CARD=OPTION`...)."""
    if key not in REASONS:
        raise KeyError(key)
    return Phrase(key=key, args=args, inner=inner)


def item(card: str, option: str) -> str:
    return f"item:{card}={option}"


def render(phrase: Phrase, names: Names) -> str:
    """The sentence in the reader's language, with the names of their scenario. A key or
    a reference this Parley does not know (a newer host's) is left out, not guessed."""
    template = REASONS.get(phrase.key)
    if template is None:
        return render(phrase.inner, names) if phrase.inner is not None else ""
    fields = {name: _resolve(value, names) for name, value in phrase.args.items()}
    if phrase.inner is not None:
        inner = render(phrase.inner, names)
        fields["reason"], fields["reason_lower"] = inner, inner[:1].lower() + inner[1:]
    try:
        return _(template).format(**fields)
    except (KeyError, IndexError, ValueError):
        return ""


def _resolve(value: str | int | float, names: Names) -> str:
    if not isinstance(value, str):
        return str(value)
    kind, _sep, ident = value.partition(":")
    match kind:
        case "card":
            return names.card(ident)
        case "item":
            card, _eq, option = ident.partition("=")
            return names.item(card, option)
        case "lever":
            return names.lever(ident)
        case "meter":
            return names.meter(ident)
        case "objective":
            return names.objective(ident)
        case "event":
            return names.event(ident)
        case "seat":
            return names.short(ident)
        case "words":
            return _(WORDS[ident]) if ident in WORDS else ident
    return value
