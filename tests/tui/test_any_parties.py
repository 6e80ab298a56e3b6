"""Two and four delegations at the table, through the screens: the lobby shows the
chosen scenario's own seats, and a whole game is played to its end screen and debrief."""

from __future__ import annotations

import pytest

from .conftest import SMALL, make_app, run, screen_name, screen_text, start_game, wait_for, wait_screen

CASES = {"itex-cypress": ("itex", "cypress"), "river-basin": ("upland", "delta", "midway", "bank")}


@pytest.mark.parametrize("scenario", list(CASES))
def test_a_whole_game_of_two_or_four_delegations_through_the_screens(saves, scenario):
    parties = CASES[scenario]

    async def go():
        app = make_app(saves, seed=5)
        async with app.run_test(size=SMALL) as pilot:
            seats = {parties[0]: "person", **{d: "ai:dealmaker" for d in parties[1:]}}
            await start_game(pilot, seats, scenario=scenario)
            # the lobby showed this scenario's delegations, and no other seat
            await wait_for(pilot, lambda: app.match is not None, "the game")
            assert app.match.rules.parties == parties and app.match.seats == seats
            names = [app.match.scenario.delegations[code].name for code in parties]
            for _ in range(200):  # the person passes at each turn, until the talks end
                await wait_for(
                    pilot,
                    lambda: screen_name(app) in ("BriefingScreen", "NoticeScreen", "EndScreen")
                    or (screen_name(app) == "TableScreen" and app.match.whose_turn == parties[0]
                        and not app.screen._busy),
                    "a screen that waits for the person",
                )
                if screen_name(app) == "EndScreen":
                    break
                await pilot.press("enter" if screen_name(app) != "TableScreen" else "n")
            else:
                raise AssertionError("the game did not end")
            text = screen_text(app)
            for name in names:
                assert name in text, name  # every delegation's score on the end screen
            await pilot.press("d")
            await wait_screen(pilot, "DebriefScreen", timeout=60)
            await wait_for(pilot, lambda: "Debrief: " in screen_text(app), "the debrief")

    run(go())


def shown_seats(app) -> set[str]:
    """The seats the lobby shows; none while a scenario's seats are being mounted."""
    from textual.css.query import NoMatches

    try:
        return set(app.screen.seats())
    except NoMatches:
        return set()


def test_the_lobby_shows_the_seats_of_the_scenario_chosen(saves):
    async def go():
        app = make_app(saves)
        async with app.run_test(size=SMALL) as pilot:
            await wait_for(pilot, lambda: bool(app.screen.entries), "the scenario list")
            # the first scenario listed, Abu Dhabi (its seats are mounted just after the list)
            await wait_for(pilot, lambda: shown_seats(app) == {"ru", "ua", "us"}, "Abu Dhabi's seats")
            options = app.screen.query_one("#scenarios")
            index = next(i for i, e in enumerate(app.screen.entries) if e.id == "river-basin")
            options.focus()
            while options.highlighted != index:
                await pilot.press("down")
            await wait_for(pilot, lambda: shown_seats(app) == set(CASES["river-basin"]), "four seats")
            assert "Delegation of Reedmark" in screen_text(app)
            assert not app.screen.query("#seat-ru")
            choice = app.screen.query_one("#seat-delta")
            choice.focus()
            await pilot.press("left")  # Reedmark: from a computer to a person
            assert choice.value == "person"
            options.focus()
            while options.highlighted != 0:
                await pilot.press("up")
            await wait_for(pilot, lambda: shown_seats(app) == {"ru", "ua", "us"}, "three seats again")
            while options.highlighted != index:
                await pilot.press("down")
            await wait_for(pilot, lambda: "delta" in shown_seats(app), "four seats again")
            assert app.screen.seats()["delta"] == "person"  # what was chosen for a seat is kept

    run(go())
