"""The CSV columns, described for `parley debrief --help` (imports only the language
layer, so that the command line can show them without loading the debrief).

The names are the CSV's header row, in the reader's language (`_()` where they are
written out); the values under them stay machine-readable.
"""

from __future__ import annotations

from collections.abc import Iterable

from game.i18n import N_, _

# The names are the CSV's header row: one word each, without spaces or commas, "_" between words.
DEBRIEF_COLUMNS = (
    # Translators: the names of the CSV file's columns (its header row): keep them one word, without spaces
    # or commas, in lower case with "_" between words; {delegation} and {card} stand for an id (ru, energy_pause).
    (N_("index"), N_("the event's number in the log, from 1")),
    (N_("round"), N_("round id (r1...), empty before the first round")),
    (N_("date"), N_("game date, YYYY-MM-DD")),
    (N_("turn"), N_("the game's turn number, from 1")),
    (N_("event"), N_("the engine's name for the event (package_proposed, round_moved, turn_ended...)")),
    (N_("kind"), N_("round, offer, answer, agreement, red_line, statement, move, event or end; empty for bookkeeping")),
    (N_("actor"), N_("a delegation's code, facilitator, or empty (the calendar, a scenario event)")),
    (N_("command"), N_("the command that caused it (start, propose, pass, inject, move_round, timeout...)")),
    (N_("by"), N_("who gave that command: a delegation's code or facilitator; empty for the start")),
    (N_("package"), N_("the package number, where there is one")),
    (N_("text"), N_("the event in words, as the facilitator reads it; empty for bookkeeping")),
)

COMPARE_COLUMNS = (
    (N_("table"), N_("the save's name")),
    (N_("seed"), N_("the game's seed")),
    (N_("end_date"), N_("the game date it ended (or was saved), YYYY-MM-DD")),
    (N_("end_reason"), N_("end_date, agreement, walkout, event, facilitator; empty while in progress")),
    (N_("ended_by"), N_("the delegation that walked out, if one did")),
    (N_("turns"), N_("turns taken")),
    (N_("score_{delegation}"), N_("the final score (agreements + BATNA moved + objectives), for each delegation, by its code")),
    (N_("utility_{delegation}"), N_("utility of what the talks achieved (0-100)")),
    (N_("vs_nash_{delegation}"), N_("that score minus the score at the signable Nash point (signed at the start)")),
    (N_("distance_to_frontier"),
     N_("score points from the signable frontier (the text achieved, as if signed at the start)")),
    (N_("distance_to_nash"), N_("score points from the signable Nash point")),
    (N_("soft_lines_crossed"), N_("soft red lines crossed at a cost")),
    (N_("hard_lines_blocked"), N_("moves blocked by a hard red line")),
    (N_("signed_{card}"), N_("the option signed on that card (its label), empty if none; one column per card")),
    (N_("signed_round_{card}"), N_("the round it was signed in")),
    (N_("signed_date_{card}"), N_("the date it was signed, YYYY-MM-DD")),
)


def column(name: str, **ids: str) -> str:
    """A column's name in the reader's language, its {delegation} or {card} filled in."""
    return _(name).format(**ids) if ids else _(name)


def describe(columns: Iterable[tuple[str, str]]) -> str:
    # Translators: what stands in a column's name for a delegation's id and a card's id in `parley debrief --help`.
    ids = {"delegation": _("<delegation>"), "card": _("<card>")}
    return "\n".join(f"  {_(name).format(**ids):<22} {_(meaning)}" for name, meaning in columns)
