"""The table reaches its game only through `game.play.Game`: a game that answers a move
later (as a hosted table does) plays the same, whatever class it is. Here it is a game
played here whose answers the test hands over when it chooses."""

from __future__ import annotations

from game.content.loader import load_scenario_by_id
from game.engine.rules import Rules
from game.match import Match

from .conftest import SMALL, make_app, run, screen_name, screen_text, wait_for
from .test_play import to_my_turn


class LateMatch(Match):
    """Answers each move only when `answer()` is called."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pending: list = []

    def submit(self, command, answered) -> None:
        self.pending.append((command, answered))

    def answer(self) -> None:
        command, answered = self.pending.pop(0)
        Match.submit(self, command, answered)


async def your_turn(pilot) -> None:
    """Past the brief and the news, until the table says it is Moscow's turn."""
    app = pilot.app
    for _ in range(20):
        await to_my_turn(pilot, "ru")
        await wait_for(pilot, lambda: screen_name(app) != "TableScreen" or "Your turn." in screen_text(app),
                       "the table to settle")
        if screen_name(app) == "TableScreen":
            return
    raise AssertionError("Moscow's turn never came")


def test_a_move_answered_later_says_so_and_plays_on_when_the_answer_comes(saves):
    rules = Rules(load_scenario_by_id("abu-dhabi"))

    async def scenario():
        app = make_app(saves)
        async with app.run_test(size=SMALL) as pilot:
            await wait_for(pilot, lambda: screen_name(app) == "LobbyScreen", "the lobby")
            match = LateMatch.new(rules, 3, {"ru": "person", "ua": "ai:pragmatist", "us": "ai:dealmaker"}, None)
            app.open_match(match)
            await your_turn(pilot)
            table = app.screen
            before = match.event_count()
            await pilot.press("n")  # pass: given to the game, not answered yet
            await wait_for(pilot, lambda: "Sending" in screen_text(app), "the table to say the move is on its way")
            assert table.sending and len(match.pending) == 1 and match.whose_turn == "ru"
            await pilot.press("n")  # a second move while the first is on its way: refused by the table itself
            await wait_for(pilot, lambda: "still on its way" in screen_text(app), "the table to hold the second move")
            assert len(match.pending) == 1
            match.answer()  # the answer comes: the table shows it and the computers move on
            await wait_for(pilot, lambda: not table.sending and match.event_count() > before, "the answer")
            await your_turn(pilot)
            assert match.event_count() > before + 1  # Moscow's pass, then the computer delegations' moves

    run(scenario())
