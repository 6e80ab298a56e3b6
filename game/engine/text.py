"""Every player-facing sentence the engine itself writes, in one place, so that a
translation can replace this module. Scenario texts live in the content files."""

REFUSALS = {
    "game_over": "The game is over.",
    "not_started": "The game has not started.",
    "already_started": "The game has already started.",
    "paused": "The facilitator has paused the table.",
    "no_round": "No round is in session.",
    "not_your_turn": "It is {short}'s turn, not yours.",
    "table_occupied": "A package is already on the table: accept, reject or counter it.",
    "table_empty": "There is no package on the table.",
    "package_changed": "The package on the table has changed (it is now package {current}).",
    "unknown_card": "There is no card '{card}' at this table.",
    "unknown_option": "'{option}' is not an option of '{title}'.",
    "unknown_length": "This scenario has no game length '{length}'.",
    "card_not_here": "\u201c{title}\u201d is not at the table now.",
    "option_not_proposable": "\u201c{label}\u201d cannot be proposed on \u201c{title}\u201d.",
    "status_quo": "'{label}' is the status quo on '{title}': there is nothing to sign.",
    "already_signed": "'{title}' is already signed.",
    "card_expired": "'{title}' can no longer be agreed: its time has passed.",
    "same_package": "That is the package already on the table.",
    "consent_not_needed": "Your consent is not needed for this package.",
    "already_accepted": "You have already accepted this package.",
    "red_line": "This crosses your red line \u201c{label}\u201d: {explanation}",
    "empty_statement": "A statement needs some text.",
    "long_statement": "A statement can be at most {limit} characters.",
    "spoke_already": "You have already made a statement this turn.",
    "unprintable_statement": "A statement can hold only printable text.",
    "unprintable_reason": "A reason can hold only printable text.",
    "unknown_lever": "Your delegation has no lever '{lever}'.",
    "lever_used_up": "You have used \u201c{label}\u201d as often as you can.",
    "lever_unavailable": "\u201c{label}\u201d is not available now.",
    "not_paused": "The table is not paused.",
    "already_paused": "The table is already paused.",
    "unknown_event": "There is no event '{event}' in this scenario.",
    "no_next_round": "There is no later round to move.",
    "round_unmoved": "The next round cannot move by {days} days.",
    "turns_unchanged": "The round's length cannot change that way.",
    "no_timer": "This game has no turn timer.",
    "empty_inject": "An inject needs some text.",
    "long_headline": "A headline can be at most {limit} characters.",
    "long_inject": "An inject can be at most {limit} characters.",
    "unprintable_inject": "An inject can hold only printable text.",
    "unknown_meter": "There is no meter '{meter}' in this scenario.",
    "meter_delta": "\u201c{label}\u201d can move by at most {span:g} points.",
    "already_revealed": "That hidden information is already known to everyone.",
    "bad_seat": "A seat goes to \"person\" or to a kind of computer delegation.",
    "timer_unchanged": "The turn timer is already set that way.",
}

REASONS = {
    "date": "the calendar reached {date}",
    "round_start": "round '{round}' started",
    "round_end": "round '{round}' ended",
    "check": "its condition held after an action",
    "rejection": "{by} turned down {proposer}'s package",
    "chance": "; the chance of {chance:.0%} came up",
    "facilitator": "fired by the facilitator",
}

LAPSES = {
    "round_end": "the round ended",
    "card_removed": "a card in it was removed",
    "card_closed": "a card in it can no longer be agreed",
    "unsignable": "it can no longer be signed as it stands",
    "game_end": "the game ended",
}


def refusal(code: str, **fields: object) -> str:
    return REFUSALS[code].format(**fields)
