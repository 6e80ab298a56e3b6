"""The facilitator's seat, driven with the keyboard at 100x30: every control goes into
the log as a command; the turn timer runs on an injected clock; seats are handed to a
computer delegation and taken back."""

from __future__ import annotations

from game.content.loader import load_scenario_by_id
from game.engine import events as E
from game.store.log import load
from game.tui.app import ParleyApp

from .conftest import NOW, SMALL, run, screen_name, screen_text, start_game, wait_for, wait_screen
from .test_play import logged, steps_of, to_my_turn

ONE_PERSON = {"ru": "person", "ua": "ai:pragmatist", "us": "ai:dealmaker"}


class FakeTicker:
    """The wall clock of the turn timer, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def facilitator_app(saves, ticker=None, facilitator=True) -> ParleyApp:
    return ParleyApp(saves, pace=0, seed_source=lambda: 5, clock=lambda: NOW, ticker=ticker, facilitator=facilitator)


def kinds(app) -> list[str]:
    return [command.kind for command, _ in steps_of(app)]


async def console_waiting(pilot) -> None:
    app = pilot.app
    await wait_for(
        pilot,
        lambda: screen_name(app) == "FacilitatorScreen" and not app.screen._busy and app.match.is_person(app.match.whose_turn),
        "the console to wait for a person",
    )


async def at_the_console(pilot) -> None:
    """From the lobby: a facilitated game with Moscow a person's seat, the console waiting for it."""
    await start_game(pilot, ONE_PERSON)
    await console_waiting(pilot)


async def choose(pilot, *keys: str) -> None:
    """Open a control and pick from its list (down presses, then Enter)."""
    await pilot.press(*keys)
    await wait_screen(pilot, "FacilitatorScreen")


def test_every_facilitator_control_is_a_logged_command(saves):
    async def go():
        app = facilitator_app(saves)
        async with app.run_test(size=SMALL) as pilot:
            await at_the_console(pilot)
            text = screen_text(app)
            # the console sees everything: every delegation's hidden draw and the facilitator's keys
            assert "Drawn:" in text and "Moscow" in text and "Kyiv" in text and "Washington" in text
            assert "Pause" in text and "Inject" in text and "Reveal" in text

            await pilot.press("p")
            await wait_for(pilot, lambda: app.match.view("ru").paused, "the pause")
            assert "paused" in screen_text(app)
            await pilot.press("p")
            await wait_for(pilot, lambda: not app.match.view("ru").paused, "the resume")

            await choose(pilot, "f", "enter")  # the first scenario event, now
            assert logged(app, E.EventFired)[-1].reason == "facilitator"

            await pilot.press("i")
            await wait_screen(pilot, "InjectScreen")
            await pilot.press(*"Storm", "tab", *"Flights are late.", "tab", "right", "tab", "right", "tab", "minus", "5", "enter")
            await wait_screen(pilot, "FacilitatorScreen")
            sent = logged(app, E.MessageSent)[-1]
            assert (sent.headline, sent.text, sent.to, sent.cause) == ("Storm", "Flights are late.", ("ru",), "facilitator")
            assert logged(app, E.MeterChanged)[-1].cause == "facilitator"
            assert "From the facilitator (to Moscow only): Storm. Flights are late." in screen_text(app)
            # Enter on the audience sends what it shows; it does not move on to the next audience
            await pilot.press("i")
            await wait_screen(pilot, "InjectScreen")
            await pilot.press("tab", *"Quiet word", "tab", "right", "right", "enter")
            await wait_screen(pilot, "FacilitatorScreen")
            assert logged(app, E.MessageSent)[-1].to == ("ua",) and logged(app, E.MessageSent)[-1].text == "Quiet word"

            await choose(pilot, "m", "down", "enter")  # postpone by 3 days
            assert logged(app, E.RoundMoved)[-1].days == 3
            await choose(pilot, "t", "enter")  # lengthen by one turn
            assert logged(app, E.RoundTurnsChanged)[-1].cause == "facilitator"
            await choose(pilot, "v", "down", "enter")  # reveal Kyiv's draw
            assert logged(app, E.InfoRevealed)[-1].delegation == "ua"
            assert "ua" in app.match.view("ru").revealed  # Moscow's screen shows it now
            await choose(pilot, "k", "down", "down", "enter")  # 1 min, then a computer moves
            assert logged(app, E.TurnTimerSet)[-1] == E.TurnTimerSet(seconds=60, then="computer")

            await pilot.press("x")
            await wait_screen(pilot, "ConfirmScreen")
            await pilot.press("y")
            await wait_screen(pilot, "EndScreen")
        assert kinds_in_save(saves) >= {"pause", "resume", "fire_event", "inject", "move_round", "change_turns", "reveal",
                                        "turn_timer", "end_now"}

    run(go())


def kinds_in_save(saves) -> set[str]:
    (path,) = saves.glob("*.parley")
    return {command.kind for command, _ in load(path, load_scenario_by_id).steps}


def test_a_seat_goes_to_a_computer_and_back_and_the_person_plays_it(saves):
    async def go():
        app = facilitator_app(saves)
        async with app.run_test(size=SMALL) as pilot:
            await at_the_console(pilot)
            assert app.match.whose_turn == "ru"
            # Kyiv goes to a person: it is Moscow's turn, a person's, so the console waits
            await choose(pilot, "h", "down", "enter", "enter")  # Kyiv -> the first choice, a person
            assert app.match.seats["ua"] == "person"
            # Enter lends Moscow the table; it passes; then Kyiv, a person too, passes
            await pilot.press("enter")
            await to_my_turn(pilot, "ru")
            await pilot.press("n")
            await to_my_turn(pilot, "ua")
            assert app.screen.seat == "ua"
            await pilot.press("n")
            await wait_screen(pilot, "HandOverScreen")  # covered before the console shows again
            assert "facilitator" in screen_text(app)
            await pilot.press("enter")
            await wait_screen(pilot, "FacilitatorScreen")
            # Moscow goes to a computer: no person is left, the computers play to the end
            await choose(pilot, "h", "enter", "enter")
            assert app.match.seats["ru"] == "ai:pragmatist"
            await pilot.press("h", "down", "enter", "down", "enter")  # Kyiv too, a hard-liner this time
            await wait_screen(pilot, "EndScreen", timeout=60)
        handed = [e for e in logged_in_save(saves, E.SeatHanded)]
        assert [(e.delegation, e.to) for e in handed] == [("ua", "person"), ("ru", "ai:pragmatist"), ("ua", "ai:hardliner")]

    run(go())


def logged_in_save(saves, kind) -> list:
    (path,) = saves.glob("*.parley")
    return [e for e in load(path, load_scenario_by_id).events if isinstance(e, kind)]


def test_the_turn_timer_runs_on_the_wall_clock_and_a_timeout_passes_the_turn(saves):
    async def go():
        ticker = FakeTicker()
        app = facilitator_app(saves, ticker=ticker, facilitator=False)
        async with app.run_test(size=SMALL) as pilot:
            await wait_for(pilot, lambda: bool(getattr(app.screen, "entries", None)), "the lobby")
            timer = app.screen.query_one("#timer")
            timer.focus()
            await pilot.press("right", "right")  # 2 minutes per turn
            assert timer.value == "120"
            await start_game(pilot, ONE_PERSON)
            await to_my_turn(pilot, "ru")
            await wait_for(pilot, lambda: "2:00 left" in screen_text(app), "the time left on screen")
            ticker.now += 90  # a minute and a half on the wall clock
            await wait_for(pilot, lambda: "0:30 left" in screen_text(app), "the time running down")
            assert not logged(app, E.TimedOut)
            turn = app.match.session.state.turn
            ticker.now += 31
            await wait_for(pilot, lambda: bool(logged(app, E.TimedOut)), "the timeout")
            assert logged(app, E.TimedOut)[0].by == "ru"
            assert app.match.session.state.turn > turn
            # The toast is posted with the timeout and drawn on a later refresh.
            await wait_for(pilot, lambda: "ran out of time" in screen_text(app), "the timeout's notice")

    run(go())


def test_leaving_a_lent_table_goes_back_to_the_facilitator_behind_the_cover(saves):
    async def go():
        app = facilitator_app(saves)
        async with app.run_test(size=SMALL) as pilot:
            await at_the_console(pilot)
            await pilot.press("p")  # paused: the keyboard is not handed over to a table that cannot move
            await wait_for(pilot, lambda: app.match.view("ru").paused, "the pause")
            await pilot.press("enter")
            await pilot.pause()
            assert screen_name(app) == "FacilitatorScreen"
            await pilot.press("p")
            await wait_for(pilot, lambda: not app.match.view("ru").paused, "the resume")
            await pilot.press("enter")
            await to_my_turn(pilot, "ru")
            await pilot.press("q")  # Moscow leaves the table: the cover comes first, the save stays open
            await wait_screen(pilot, "HandOverScreen")
            top = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
            assert "Drawn:" not in top and "Hand over the keyboard" in top  # the cover alone is on the terminal
            await pilot.press("enter")
            await wait_screen(pilot, "FacilitatorScreen")
            await pilot.press("p")  # the game goes on writing its save
            await wait_for(pilot, lambda: app.match.view("ru").paused, "the pause")
        assert "pause" in [kind for kind in kinds_in_save_list(saves)][-1:]

    run(go())


def kinds_in_save_list(saves) -> list[str]:
    (path,) = saves.glob("*.parley")
    return [command.kind for command, _ in load(path, load_scenario_by_id).steps]


def test_a_turn_timer_from_the_lobby_still_shows_the_brief_first(saves):
    async def go():
        app = facilitator_app(saves, ticker=FakeTicker(), facilitator=False)
        async with app.run_test(size=SMALL) as pilot:
            await wait_for(pilot, lambda: bool(getattr(app.screen, "entries", None)), "the lobby")
            app.screen.query_one("#timer").focus()
            await pilot.press("right")
            await start_game(pilot, ONE_PERSON)
            await wait_screen(pilot, "BriefingScreen")

    run(go())
