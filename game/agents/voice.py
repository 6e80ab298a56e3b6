"""What computer delegations say at the table: every player-facing sentence of the
agents in one place (a translation replaces this module). Reasons are short, in the
delegation's voice, and built from what drove the decision."""

from __future__ import annotations

REASONS = {
    "propose_core": "This text protects what matters most to us: {focus}.",
    "propose_technical": "A limited, practical step we can take now: {focus}.",
    "propose_bridge": "A text both sides can live with, starting with {focus}.",
    "counter": "We cannot take the text as it stands; we put forward {focus} instead.",
    "accept": "We can accept this: it is better for us than no agreement, above all on {focus}.",
    "accept_late": "Time is short; we accept this as a step forward on {focus}.",
    "accept_worth": "We can accept this: it leaves us better off than no agreement.",
    "reject_red_line": "We cannot sign a text with {focus}.",
    "reject_worth": "This is worth less to us than no agreement: {focus} costs us most.",
    "reject_cost": "This asks too much of us on {focus}.",
    "reject_soft": "Signing {focus} would cost us dearly at home.",
    "recess_time": "We need time to consult our capital; we will continue at the next round.",
    "recess_nothing": "There is nothing on the table we can work with today.",
    "recess_strong": "We see no reason to hurry; we will continue at the next round.",
    "lever": "{label}: we expect it to help us ({gain}).",
    "lever_impatient": "Our patience is wearing thin. {label}: we expect it to help us ({gain}).",
    "lever_strong": "{label}: our position allows it, and we expect it to help us ({gain}).",
    "pass_wait": "We have nothing to add at this point.",
    "pass_table": "We are still studying the text on the table.",
    "walk_out": "These talks are costing us more than they can bring; we are leaving the table.",
    "after_event": 'After "{event}", {reason}',
}


def say(key: str, **fields: object) -> str:
    return REASONS[key].format(**fields)
