"""How long a game takes a newcomer at the keyboard: a play-time model run over
simulated games, so that the lobby's "about N minutes" is measured, not guessed.

The person's seat is played by a computer delegation (its moves stand for the
person's); the time is what a person would spend on the same game at the pace below:
reading the brief and every notice, reading the other delegations' moves in the
transcript, deciding each move (longer for drafting a package), and waiting for the
computer delegations' paced moves. The brief is read before the game (the lesson
plans give it its own minutes) and is counted apart.

The pace is calibrated on what was seen of newcomers (issue 12: 25-35 minutes for a
full solo game, 5-8 minutes for the brief); `bench/playtime.py` prints the figures.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from game.agents import make_agent
from game.brief import briefing_markdown
from game.engine import commands as C
from game.engine.rng import derive
from game.engine.rules import DELEGATIONS, Rules
from game.engine.views import visible_events
from game.headless import computer_turn
from game.narrate import Narrator
from game.session import LocalSession


@dataclass(frozen=True)
class Pace:
    """A newcomer's pace, in words per minute and seconds."""

    brief_wpm: float = 250.0  # reading the brief once, before the game
    notice_wpm: float = 180.0  # reading news that stops play
    transcript_wpm: float = 200.0  # reading the other delegations' moves and reasons
    acknowledge: float = 3.0  # a key to close a notice or a hand-over
    decide: float = 45.0  # a move without a draft: weighing the package, then pass, accept, reject...
    draft: float = 100.0  # choosing cards and options, reading their worth, then proposing or countering
    statement: float = 40.0  # typing a statement
    computer_move: float = 0.8  # the table's pause before each computer move (`parley play --pace`)
    end: float = 60.0  # reading the end screen


PACE = Pace()


def _words(text: str) -> int:
    return len(text.split())


def brief_seconds(rules: Rules, seed: int, seat: str, pace: Pace = PACE) -> float:
    """Reading `seat`'s brief for the game of `seed` once."""
    session = LocalSession.start(rules, seed, fsync=False)
    others = {d: [h.label for h in rules.scenario.delegations[d].hidden] for d in DELEGATIONS if d != seat}
    return _words(briefing_markdown(session.view(seat), seat, others)) * 60.0 / pace.brief_wpm


def play_seconds(rules: Rules, seed: int, seat: str, length: str | None = None, pace: Pace = PACE) -> float:
    """The seconds a newcomer at `seat` would spend playing the game of `seed` at
    `length` (the brief apart), the other seats (and the person's moves) played by
    computer delegations."""
    session = LocalSession.start(rules, seed, fsync=False, length=length)
    narrator = Narrator(rules.scenario)
    agents = {d: make_agent("ai", d, derive(seed, "agent", d)) for d in DELEGATIONS}
    seconds = 0.0
    for _ in range(2000):
        who = session.whose_turn
        if who is None:
            break
        command, outcome = computer_turn(session, agents, who)
        for line in narrator.lines(visible_events(rules, outcome.events, seat)):
            if line.notice:
                seconds += _words(line.text) * 60.0 / pace.notice_wpm + pace.acknowledge
            elif who != seat:
                seconds += _words(line.text) * 60.0 / pace.transcript_wpm
        if who == seat:
            if isinstance(command, (C.Propose, C.Counter)):
                seconds += pace.draft
            elif isinstance(command, C.Statement):
                seconds += pace.statement
            else:
                seconds += pace.decide
        else:
            seconds += pace.computer_move
    return seconds + pace.end


def typical_minutes(rules: Rules, length: str | None = None, games: int = 12, base_seed: int = 1) -> tuple[float, float]:
    """(mean, standard deviation) of the play time in minutes over `games` games, the
    person's seat going round the delegations."""
    minutes = [
        play_seconds(rules, derive(base_seed, "playtime", k) % 2**63, DELEGATIONS[k % len(DELEGATIONS)], length) / 60
        for k in range(games)
    ]
    return statistics.fmean(minutes), (statistics.stdev(minutes) if len(minutes) > 1 else 0.0)
