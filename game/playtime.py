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
from game.engine.rules import Rules
from game.engine.views import visible_events
from game.headless import computer_turn
from game.i18n import engine as words
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
    # The coached tutorial (`tutorial_seconds`): the coach says what to do, so its moves are
    # counted key by key rather than as decisions.
    key: float = 2.5  # a guided key press: finding the key, and seeing what it did
    orient: float = 20.0  # finding on the screen what a coach's step points at


PACE = Pace()


def _words(text: str) -> int:
    return len(text.split())


def brief_seconds(rules: Rules, seed: int, seat: str, pace: Pace = PACE) -> float:
    """Reading `seat`'s brief for the game of `seed` once."""
    session = LocalSession.start(rules, seed, fsync=False)
    others = {d: [h.label for h in rules.scenario.delegations[d].hidden] for d in rules.parties if d != seat}
    return _words(briefing_markdown(session.view(seat), seat, others)) * 60.0 / pace.brief_wpm


def play_seconds(rules: Rules, seed: int, seat: str, length: str | None = None, pace: Pace = PACE) -> float:
    """The seconds a newcomer at `seat` would spend playing the game of `seed` at
    `length` (the brief apart), the other seats (and the person's moves) played by
    computer delegations."""
    session = LocalSession.start(rules, seed, fsync=False, length=length)
    narrator = Narrator(rules.scenario)
    agents = {d: make_agent("ai", d, derive(seed, "agent", d)) for d in rules.parties}
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
        play_seconds(rules, derive(base_seed, "playtime", k) % 2**63, rules.parties[k % len(rules.parties)], length) / 60
        for k in range(games)
    ]
    return statistics.fmean(minutes), (statistics.stdev(minutes) if len(minutes) > 1 else 0.0)


# ---------------------------------------------------------------------------- the coached tutorial


@dataclass(frozen=True)
class Move:
    """One step of the tutorial's key script: the coach's step it is made at, the keys
    pressed, and what they do: "brief" (close the brief), "draft" (compose `items`),
    "propose" (compose and propose `items`; with "y", answering the lapse warning),
    or "enter" (go on from a step the coach waits on, closing any news first)."""

    step: str
    keys: tuple[str, ...]
    does: str
    items: tuple[tuple[str, str], ...] = ()


# A newcomer's keys through the tutorial: the first package is what Kyiv wants most; at
# the signature it tries a long pause once before the coach's suggestion. The Pilot walk
# (tests/tui/test_tutorial.py) presses exactly these keys.
TUTORIAL_SCRIPT: tuple[Move, ...] = (
    Move("brief", ("enter",), "brief"),
    Move("draft", ("right", "right", "down", "right", "right"), "draft",
         (("energy_pause", "winter"), ("prisoners", "all_for_all"))),
    Move("propose", ("p",), "propose", (("energy_pause", "winter"), ("prisoners", "all_for_all"))),
    Move("rejected", ("enter",), "enter"),
    Move("red_line", ("x", "up", "right", "p"), "propose", (("energy_pause", "two_weeks"),)),
    Move("consent", ("x", "down", "down", "right", "p", "y"), "propose", (("next_round", "soon"),)),
    Move("lapse", ("enter", "enter"), "enter"),
    Move("batna", ("enter",), "enter"),
    Move("sign", ("up", "up", "right", "right", "down", "right", "p"), "propose",
         (("energy_pause", "winter"), ("prisoners", "small"))),
    Move("sign", ("x", "up", "right", "down", "right", "p"), "propose",
         (("energy_pause", "two_weeks"), ("prisoners", "small"))),
    Move("score", ("enter", "enter"), "enter"),
)


def tutorial_seconds(pace: Pace = PACE, script: tuple[Move, ...] = TUTORIAL_SCRIPT) -> dict[str, float]:
    """Seconds a newcomer spends on each step of the coached tutorial following `script`
    (a step met twice adds up): reading the coach's words for the step (and the brief),
    finding what it points at, pressing the keys, reading the news and the other
    delegations' moves, and waiting for their paced moves. Played on the engine with
    the coach, exactly as the tutorial's screens play it."""
    from game import coach as tutorial
    from game.content.loader import load_scenario_by_id
    from game.match import Match

    rules = Rules(load_scenario_by_id(tutorial.SCENARIO))
    match = Match.new(rules, tutorial.SEED, tutorial.seats(rules.scenario), None)
    coach = tutorial.Coach(tutorial.script(rules.scenario))
    narrator = Narrator(rules.scenario)
    seat = coach.seat
    seen = 0
    spent: dict[str, float] = {}
    read: set[tuple[str, str]] = set()  # (step, words) already read

    def reading(words: str, wpm: float) -> float:
        return _words(words) * 60.0 / wpm

    def table_moves() -> float:
        """The computer delegations move until it is the player's turn or the end; the
        player reads their moves and any news."""
        nonlocal seen
        seconds = 0.0
        while match.computer_to_move:
            match.computer_move()
            seconds += pace.computer_move
        events = match.transcript_since(seat, seen)
        seen = match.event_count()
        coach.saw(events, match.view(seat))
        for line in narrator.lines(events):
            if line.notice:
                seconds += reading(line.text, pace.notice_wpm) + pace.acknowledge
            else:
                seconds += reading(line.text, pace.transcript_wpm)
        return seconds

    def own_move() -> None:
        """The player's own move: the coach sees it; the player knows what it did."""
        nonlocal seen
        events = match.transcript_since(seat, seen)
        seen = match.event_count()
        coach.saw(events, match.view(seat))

    def coach_words(step: str) -> float:
        shown = coach.shown(match.view(seat))
        if (step, shown.what) in read:
            return 0.0
        read.add((step, shown.what))
        return reading(f"{shown.title} {shown.what} {shown.why}", pace.notice_wpm) + pace.orient

    for move in script:
        seconds = table_moves()
        if coach.step.id != move.step or not coach.live:
            raise ValueError(f"the script expects the step {move.step!r}; the coach is at {coach.step.id!r}")
        seconds += coach_words(move.step) + len(move.keys) * pace.key
        items = dict(move.items)
        if move.does == "brief":
            seconds += brief_seconds(rules, tutorial.SEED, seat, pace)
            coach.brief_closed()
        elif move.does == "draft":
            coach.drafted(items)
        elif move.does == "propose":
            command = C.Propose(by=seat, items=items)
            hint = coach.check(command, match.view(seat))
            if hint is not None:
                raise ValueError(f"the coach refuses the script's package at {move.step!r}: {hint}")
            moved = match.act(command)
            coach.took(command, moved.outcome.refusal)
            own_move()
            if moved.outcome.refusal is not None:
                seconds += reading(words.refusal(moved.outcome.refusal, narrator), pace.notice_wpm)
        elif move.does == "enter":
            if move.step == "score":
                seconds += pace.end
            coach.enter()
        spent[move.step] = spent.get(move.step, 0.0) + seconds
    if not coach.finished:
        raise ValueError(f"the script ends at the step {coach.step.id!r}, before the tutorial does")
    return spent
