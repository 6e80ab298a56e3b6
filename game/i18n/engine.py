"""The engine's codes in words: its refusals, why a package lapsed, why an event fired.

The engine decides in codes and ids (`Refusal.code` and `.args`, `PackageLapsed.why`,
`EventFired.reason`); this module is where they become sentences, in the reader's
language and with the names of their own (translated) scenario.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine import events as E
from game.engine.core import Refusal
from game.i18n import N_, _, formats
from game.i18n.names import Names

if TYPE_CHECKING:
    from game.play import Refused

REFUSALS = {
    "game_over": N_("The game is over."),
    "not_started": N_("The game has not started."),
    "already_started": N_("The game has already started."),
    "paused": N_("The facilitator has paused the table."),
    "no_round": N_("No round is in session."),
    "not_your_turn": N_("It is {short}'s turn, not yours."),
    "table_occupied": N_("A package is already on the table: accept, reject or counter it."),
    "table_empty": N_("There is no package on the table."),
    "package_changed": N_("The package on the table has changed (it is now package {current})."),
    "unknown_card": N_("There is no card '{card}' at this table."),
    "unknown_delegation": N_("There is no delegation '{delegation}' at this table."),
    "unknown_option": N_("'{option}' is not an option of '{title}'."),
    "unknown_length": N_("This scenario has no game length '{length}'."),
    "card_not_here": N_("\u201c{title}\u201d is not at the table now."),
    "option_not_proposable": N_("\u201c{label}\u201d cannot be proposed on \u201c{title}\u201d."),
    "status_quo": N_("'{label}' is the status quo on '{title}': there is nothing to sign."),
    "already_signed": N_("'{title}' is already signed."),
    "card_expired": N_("'{title}' can no longer be agreed: its time has passed."),
    "same_package": N_("That is the package already on the table."),
    "consent_not_needed": N_("Your consent is not needed for this package."),
    "already_accepted": N_("You have already accepted this package."),
    "red_line": N_("This crosses your red line \u201c{label}\u201d: {explanation}"),
    "empty_statement": N_("A statement needs some text."),
    "long_statement": N_("A statement can be at most {limit} characters."),
    "spoke_already": N_("You have already made a statement this turn."),
    "unprintable_statement": N_("A statement can hold only printable text."),
    "unprintable_reason": N_("A reason can hold only printable text."),
    "unknown_lever": N_("Your delegation has no lever '{lever}'."),
    "lever_used_up": N_("You have used \u201c{label}\u201d as often as you can."),
    "lever_unavailable": N_("\u201c{label}\u201d is not available now."),
    "not_paused": N_("The table is not paused."),
    "already_paused": N_("The table is already paused."),
    "unknown_event": N_("There is no event '{event}' in this scenario."),
    "no_next_round": N_("There is no later round to move."),
    "round_unmoved": N_("The next round cannot move by {days} days."),
    "turns_unchanged": N_("The round's length cannot change that way."),
    "no_timer": N_("This game has no turn timer."),
    "empty_inject": N_("An inject needs some text."),
    "long_headline": N_("A headline can be at most {limit} characters."),
    "long_inject": N_("An inject can be at most {limit} characters."),
    "unprintable_inject": N_("An inject can hold only printable text."),
    "unknown_meter": N_("There is no meter '{meter}' in this scenario."),
    "meter_delta": N_("\u201c{label}\u201d can move by at most {span} points."),
    "already_revealed": N_("That hidden information is already known to everyone."),
    "bad_seat": N_("A seat goes to \"person\" or to a kind of computer delegation."),
    "timer_unchanged": N_("The turn timer is already set that way."),
}
UNKNOWN_REFUSAL = N_("The rules refuse this action ({code}).")

# What a host says by code (its own refusals and problems): each client words them in
# its own language; a code it does not know keeps the host's wording.
HOST = {
    "observer": N_("An observer watches the table and cannot act."),
    "host_keeps_time": N_("The host keeps the turn timer."),
    "hello_first": N_("Say hello with your seat's code first."),
    "unknown_code": N_("No seat has that code. Ask the facilitator for yours."),
    "seat_taken": N_("Someone took this seat up on another computer with its code meanwhile."),
    "replaced": N_("Someone joined this seat with its code from another computer. If that was not you, "
                   "tell the facilitator, who can give the seat a new code."),
    "not_yet": N_("The game's whole log is shown once the talks are over."),
    "no_log": N_("This table keeps no log."),
    "not_facilitator": N_("Only the facilitator can withdraw a code."),
    "slow_down": N_("One code at a time: wait a moment, then withdraw the next."),
    "revoked": N_("This seat's code was withdrawn."),
    "desk_only": N_("The desk steers tables with a facilitator's commands; open a table's console to do more."),
}

LAPSES = {
    "round_end": N_("the round ended"),
    "card_removed": N_("a card in it was removed"),
    "card_closed": N_("a card in it can no longer be agreed"),
    "unsignable": N_("it can no longer be signed as it stands"),
    "game_end": N_("the game ended"),
}

FIRED = {
    "date": N_("the calendar reached {date}"),
    "round_start": N_("{round} started"),
    "round_end": N_("{round} ended"),
    "check": N_("its condition held after an action"),
    "rejection": N_("{by} turned down {proposer}'s package"),
    "facilitator": N_("fired by the facilitator"),
}
FIRED_BY_CHANCE = N_("{reason}; the chance of {chance} came up")


def refusal(refused: Refusal | Refused, names: Names) -> str:
    """Why the rules refused an action, as a sentence for the player."""
    template = REFUSALS.get(refused.code)
    if template is None:
        message = getattr(refused, "message", "")
        if refused.code in HOST or message:
            return from_host(refused.code, message)
        return _(UNKNOWN_REFUSAL).format(code=refused.code)
    args = refused.args
    fields: dict[str, object] = {key: value for key, value in args.items()}
    card, option = args.get("card"), args.get("option")
    if isinstance(card, str):
        fields["title"] = names.card(card)
        if isinstance(option, str):
            fields["label"] = names.option(card, option)
    if isinstance(args.get("seat"), str):
        fields["short"] = names.short(str(args["seat"]))
    qid = refused.red_line or args.get("red_line")
    if isinstance(qid, str):
        line = names.red_lines.get(qid)
        fields["label"] = line.label if line else qid
        fields["explanation"] = line.explanation if line else ""
    if isinstance(args.get("lever"), str) and refused.code != "unknown_lever":
        fields["label"] = names.lever(str(args["lever"]))
    if isinstance(args.get("meter"), str) and refused.code != "unknown_meter":
        fields["label"] = names.meter(str(args["meter"]))
    if isinstance(args.get("span"), (int, float)):
        fields["span"] = formats.number(float(args["span"]))
    try:
        return _(template).format(**fields)
    except (KeyError, IndexError, ValueError):  # args from elsewhere (a host) that do not fit: say what we can
        return getattr(refused, "message", "") or _(UNKNOWN_REFUSAL).format(code=refused.code)


def from_host(code: str, message: str) -> str:
    """A host's refusal or problem in this reader's words (the host's own if the code is new here)."""
    return _(HOST[code]) if code in HOST else message


def lapse(why: str) -> str:
    """Why a package lapsed (a log of an older Parley may hold the words themselves)."""
    return _(LAPSES[why]) if why in LAPSES else why


def fired(event: E.EventFired, names: Names) -> str:
    """Why a scenario event fired, as a clause: "the calendar reached 4 February 2026"."""
    template = FIRED.get(event.reason)
    if template is None:
        return event.reason
    text = _(template).format(
        date=formats.date(event.date) if event.date else "",
        round=names.round(event.round) if event.round else "",
        by=names.short(event.by), proposer=names.short(event.proposer),
    )
    if event.chance is not None and event.reason != "facilitator":
        text = _(FIRED_BY_CHANCE).format(reason=text, chance=formats.percent(event.chance))
    return text
