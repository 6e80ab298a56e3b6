"""The CSV columns, described for `parley debrief --help` (imports nothing, so that
the command line can show them without loading the debrief)."""

from __future__ import annotations

from collections.abc import Iterable

DEBRIEF_COLUMNS = (
    ("index", "the event's number in the log, from 1"),
    ("round", "round id (r1...), empty before the first round"),
    ("date", "game date, YYYY-MM-DD"),
    ("turn", "the game's turn number, from 1"),
    ("event", "the engine's name for the event (package_proposed, round_moved, turn_ended...)"),
    ("kind", "round, offer, answer, agreement, red_line, statement, move, event or end; empty for bookkeeping"),
    ("actor", "ru, ua, us, facilitator, or empty (the calendar, a scenario event)"),
    ("command", "the command that caused it (start, propose, pass, inject, move_round, timeout...)"),
    ("by", "who gave that command: ru, ua, us or facilitator; empty for the start"),
    ("package", "the package number, where there is one"),
    ("text", "the event in words, as the facilitator reads it; empty for bookkeeping"),
)

COMPARE_COLUMNS = (
    ("table", "the save's name"),
    ("seed", "the game's seed"),
    ("end_date", "the game date it ended (or was saved), YYYY-MM-DD"),
    ("end_reason", "end_date, agreement, walkout, event, facilitator; empty while in progress"),
    ("ended_by", "the delegation that walked out, if one did"),
    ("turns", "turns taken"),
    ("score_<delegation>", "the final score (agreements + BATNA moved + objectives), for ru, ua and us"),
    ("utility_<delegation>", "utility of what the talks achieved (0-100)"),
    ("vs_nash_<delegation>", "that score minus the score at the signable Nash point (signed at the start)"),
    ("distance_to_frontier", "score points from the signable frontier (the text achieved, as if signed at the start)"),
    ("distance_to_nash", "score points from the signable Nash point"),
    ("soft_lines_crossed", "soft red lines crossed at a cost"),
    ("hard_lines_blocked", "moves blocked by a hard red line"),
    ("signed_<card>", "the option signed on that card (its label), empty if none; one column per card"),
    ("signed_round_<card>", "the round it was signed in"),
    ("signed_date_<card>", "the date it was signed, YYYY-MM-DD"),
)


def describe(columns: Iterable[tuple[str, str]]) -> str:
    return "\n".join(f"  {name:<22} {meaning}" for name, meaning in columns)
