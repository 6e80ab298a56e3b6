"""The coached tutorial, played as a newcomer would: with the keyboard, step by step,
reading the coach's panel. One walk does every step; another presses keys the coach
does not expect at each step and must still get to the end."""

from __future__ import annotations

import pytest

from game.coach import STEPS
from game.engine import commands as C
from game.engine import events as E

from .conftest import SMALL, TINY, make_app, run, screen_name, screen_text, wait_for, wait_screen

KEYS_THAT_DO_NOTHING = ("z", "a", "r", "w", "7", "n", "g", "l", "c")
# Keys the coach lets through at every step: they must leave the step where it was.
KEYS_THAT_LOOK_AROUND = ("t", "t", "tab", "shift+tab", "space", "delete", "x")


def top_text(app) -> str:
    """Only the screen in front (a dialog, the brief, the end screen), not the coach's
    panel on the table under it."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def coach_text(app) -> str:
    from game.tui.screens.tutorial import CoachPanel

    return "\n".join(str(p.render()) for p in app.screen.query(CoachPanel))


def transcript_text(app) -> str:
    from game.tui.widgets.panels import Transcript

    return "\n".join(line.text for line in app.screen.query_one(Transcript).lines_shown)


def step(app) -> str:
    return app.coach.step.id if app.coach is not None else "(none)"


async def to_tutorial(pilot) -> None:
    """From the lobby, t: the tutorial's first screen, the brief."""
    app = pilot.app
    await wait_for(pilot, lambda: screen_name(app) == "LobbyScreen" and bool(app.screen.entries), "the lobby")
    await pilot.press("t")
    await wait_screen(pilot, "TutorialBriefing")
    assert app.match.scenario.id == "coached-tutorial"


async def at_step(pilot, wanted: str) -> None:
    await wait_for(pilot, lambda: step(pilot.app) == wanted and pilot.app.coach.live, f"the coach's step {wanted!r}")


async def to_table(pilot) -> None:
    """Close news until the table is in front (the news stops play at the round's start)."""
    app = pilot.app
    await wait_for(pilot, lambda: screen_name(app) in ("TutorialScreen", "NoticeScreen"), "the table or its news")
    while screen_name(app) == "NoticeScreen":
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) in ("TutorialScreen", "NoticeScreen"), "the table")


async def set_option(pilot, card: str, option: str) -> None:
    """Move the cursor to `card` and step its option until the draft holds `option`."""
    from game.tui.widgets.cards import CardGrid

    app = pilot.app
    grid = app.screen.query_one(CardGrid)
    for _ in range(6):
        if grid.current_card == card:
            break
        await pilot.press("down" if grid.cursor_row < [c.id for c in app.match.view("ua").cards].index(card) else "up")
        await pilot.pause()
    assert grid.current_card == card, (card, grid.current_card, app.focused)
    for _ in range(4):
        if app.screen.draft.get(card) == option:
            return
        await pilot.press("right")
        await pilot.pause()
    assert app.screen.draft.get(card) == option, (card, app.screen.draft)


async def look_around(pilot) -> None:
    """Keys that move the focus, clear the draft, open and close the brief: the step stays,
    and its drafting still works afterwards (the cards get the focus back)."""
    app = pilot.app
    before = step(app)
    for key in KEYS_THAT_LOOK_AROUND:
        await pilot.press(key)
        await pilot.pause()
    await pilot.press("t")  # in the transcript, a key the coach does not expect says the way back
    await pilot.press("z")
    await wait_for(pilot, lambda: "t takes you back to the cards" in app.coach.hint, "the way back from the transcript")
    await pilot.press("t")
    await pilot.press("b")
    await wait_screen(pilot, "TutorialBriefing")
    await pilot.press("z")
    await wait_for(pilot, lambda: "closes the brief" in app.coach.hint, "the hint on a brief opened again")
    await pilot.press("escape")  # closes a brief opened again; it does not leave the tutorial
    await wait_screen(pilot, "TutorialScreen")
    assert step(app) == before and app.coach is not None


async def poke(pilot, keys=KEYS_THAT_DO_NOTHING) -> None:
    """Keys the coach does not expect: each gets a hint, and nothing happens at the table."""
    app = pilot.app
    for key in keys:
        before = (step(app), len(app.match.session.steps) if app.match else 0)
        app.coach.hint = ""
        await pilot.press(key)
        await pilot.pause()
        assert app.coach.hint, f"no hint for {key!r} at step {step(app)}"
        assert (step(app), len(app.match.session.steps) if app.match else 0) == before, key


async def walk(pilot, unexpected: bool) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: screen_name(app) == "LobbyScreen" and bool(app.screen.entries), "the lobby")
    assert all(e.id != "coached-tutorial" for e in app.screen.entries)  # played only with its coach

    # 1. The brief, with the coach on top of it.
    await to_tutorial(pilot)
    assert app.match.seats == {"ru": "responder", "ua": "person", "us": "responder"}
    assert app.match.path is None and app.match.view("ua").turn_timer == 0  # its own seats, no timer, no save
    await wait_for(pilot, lambda: "Read your brief" in coach_text(app), "the coach on the brief")
    brief = app.screen.markdown
    assert "Your BATNA" in brief and "Your red lines" in brief and "What you want" in brief
    if unexpected:
        await poke(pilot, ("z", "7", "p"))
    await pilot.press("enter")

    # 2. Draft on two cards.
    await wait_screen(pilot, "TutorialScreen")
    await at_step(pilot, "draft")
    assert "Draft a package on two cards" in coach_text(app)
    if unexpected:
        await poke(pilot, (*KEYS_THAT_DO_NOTHING, "p", "enter"))
        await look_around(pilot)
    await set_option(pilot, "energy_pause", "winter")
    await set_option(pilot, "prisoners", "all_for_all")

    # 3. Propose it (a package with a third card is not what the coach asked for).
    await at_step(pilot, "propose")
    if unexpected:
        await poke(pilot, ("z", "n", "enter"))
        await set_option(pilot, "next_round", "soon")
        await pilot.press("p")
        await wait_for(pilot, lambda: "nothing else" in coach_text(app), "the coach's hint on the package")
        assert app.match.view("ua").table is None
        await pilot.press("delete")
    await pilot.press("p")

    # 4. Rejected, and why.
    await at_step(pilot, "rejected")
    await wait_for(pilot, lambda: "worth less to us than no agreement" in transcript_text(app), "Moscow's reason")
    assert any(isinstance(c, C.Reject) and c.by == "ru" for c, _ in app.match.session.steps)
    if unexpected:
        await poke(pilot, ("z", "p", "n"))
    await pilot.press("enter")

    # 5. Cross your own red line: refused.
    await at_step(pilot, "red_line")
    await wait_for(pilot, lambda: app.match.whose_turn == "ua", "Kyiv's second turn")
    if unexpected:
        await poke(pilot, ("z", "n", "enter"))
        await look_around(pilot)
        await pilot.press("t")  # to the transcript: p with an empty draft brings the cards back
        await pilot.press("p")  # the draft is empty: the table says so
        await pilot.pause()
        assert step(app) == "red_line"
    await pilot.press("x")
    await set_option(pilot, "energy_pause", "two_weeks")
    await wait_for(pilot, lambda: "\u2716" in screen_text(app), "the hard red line's mark")
    await pilot.press("p")
    await at_step(pilot, "consent")
    assert "Refused" in screen_text(app)
    assert any(isinstance(e, E.RedLineBlocked) and e.delegation == "ua" for _, events in app.match.session.steps for e in events)

    # 6. Consent: a card Washington must agree to, proposed when Washington has no turn left.
    assert "Moscow, Kyiv, Washington" in coach_text(app)
    if unexpected:
        await poke(pilot, ("z", "n", "enter"))
    await pilot.press("x")
    await set_option(pilot, "next_round", "soon")
    await pilot.press("p")
    await wait_screen(pilot, "ConfirmScreen")
    assert "Washington" in top_text(app) and "lapses" in top_text(app)
    if unexpected:
        await poke(pilot, ("z", "p"))
        await pilot.press("n")  # not now: the coach still asks for it
        await wait_screen(pilot, "TutorialScreen")
        assert step(app) == "consent"
        await pilot.press("p")
        await wait_screen(pilot, "ConfirmScreen")
    await pilot.press("y")

    # 7. The package lapses at the round's end.
    await at_step(pilot, "lapse")
    lapsed = [e for _, events in app.match.session.steps for e in events if isinstance(e, E.PackageLapsed)]
    assert lapsed
    await to_table(pilot)
    if unexpected:
        await poke(pilot, ("z", "p", "n"))
    await pilot.press("enter")

    # 8. Time moved the BATNA.
    await at_step(pilot, "batna")
    assert "from 17.5 to 7.5" in coach_text(app)
    assert "BATNA 7.5" in screen_text(app)
    if unexpected:
        await poke(pilot, ("z", "p", "n"))
    await pilot.press("enter")

    # 9. Sign: a first try Moscow turns down, then the coach's suggestion.
    await at_step(pilot, "sign")
    if unexpected:
        await poke(pilot, ("z", "enter", "a"))
    await set_option(pilot, "energy_pause", "winter")
    await set_option(pilot, "prisoners", "small")
    await pilot.press("p")
    await wait_for(pilot, lambda: app.coach.rejected_again and app.match.whose_turn == "ua", "Moscow's second rejection")
    assert "Two-week pause with a Small exchange" in coach_text(app)
    await pilot.press("x")
    await set_option(pilot, "energy_pause", "two_weeks")
    await set_option(pilot, "prisoners", "small")
    await pilot.press("p")

    # 10. The end screen's score (after the news that the talks are over).
    await wait_for(pilot, lambda: screen_name(app) in ("NoticeScreen", "TutorialEndScreen"), "the end of the talks")
    if unexpected and screen_name(app) == "NoticeScreen":
        await poke(pilot, ("z", "p"))
    while screen_name(app) == "NoticeScreen":
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) in ("NoticeScreen", "TutorialEndScreen"), "the end screen")
    await wait_screen(pilot, "TutorialEndScreen")
    await at_step(pilot, "score")
    assert "Your score is +25.0" in coach_text(app)
    scores = str(app.screen.query_one("#scores").get_row_at(1))
    assert "+25.0" in scores  # the end screen's table says the same, from the same place
    if unexpected:
        await poke(pilot, ("z", "7"))
    await pilot.press("enter")
    await wait_screen(pilot, "LobbyScreen")
    assert app.coach is None
    assert not list(app.saves_dir.iterdir())  # the tutorial wrote no save


def waiting_for_the_player(app) -> bool:
    """Nothing is moving: the table waits for Kyiv's key, or a window is up."""
    name = screen_name(app)
    if name in ("NoticeScreen", "ConfirmScreen", "TutorialBriefing", "TutorialEndScreen"):
        return True
    if name == "LobbyScreen":
        return app.coach is None
    screen = app.screen
    return (
        name == "TutorialScreen" and not screen._busy and screen._move_timer is None
        and app.match.whose_turn == "ua"
    )


async def play_script(pilot, until: str | None = None) -> list[str]:
    """From the lobby, the key script `game.playtime` times, pressed as a person would,
    up to the step `until` (or to the end); the steps it met, in order."""
    from game.playtime import TUTORIAL_SCRIPT

    app = pilot.app
    await to_tutorial(pilot)
    reached = []
    for move in TUTORIAL_SCRIPT:
        await wait_for(pilot, lambda: step(app) == move.step and app.coach.live and waiting_for_the_player(app),
                       f"the step {move.step!r}")
        if move.step == until:
            break
        reached.append(move.step)
        for key in move.keys:
            await pilot.press(key)
            await pilot.pause()
            await wait_for(pilot, lambda: waiting_for_the_player(app), f"the table after {key!r} at {move.step!r}")
        if move.items and move.does == "draft":
            assert app.screen.draft == dict(move.items)
    return reached


async def escape_to_the_lobby(pilot) -> None:
    """Esc until the lobby (closing a window first, as Esc does everywhere): the tutorial
    is left, with nothing of it kept."""
    app = pilot.app
    for _ in range(3):
        if screen_name(app) == "LobbyScreen":
            break
        await pilot.press("escape")
        await wait_for(pilot, lambda: waiting_for_the_player(app) or app.coach is None, "the next screen")
    await wait_screen(pilot, "LobbyScreen")
    assert app.coach is None and app.match is None and not list(app.saves_dir.iterdir())


def test_the_coached_tutorial_walks_through_every_step_with_its_key_script(saves):
    """The key script `game.playtime` times, pressed as a person would, up to the last
    step, the score, where Esc leaves (the script's Enter there is the walk's last key);
    then the details of each step, walked again with checks along the way."""

    async def scenario():
        app = make_app(saves)
        async with app.run_test(size=SMALL) as pilot:
            reached = await play_script(pilot, until="score")
            assert [*dict.fromkeys(reached), "score"] == [s.id for s in STEPS if s.id != "wrap_up"]
            await escape_to_the_lobby(pilot)
            await walk(pilot, unexpected=False)

    run(scenario())


def test_unexpected_keys_at_every_step_get_a_hint_and_never_get_the_tutorial_stuck(saves):
    async def scenario():
        app = make_app(saves)
        async with app.run_test(size=TINY) as pilot:
            await walk(pilot, unexpected=True)

    run(scenario())


def test_escape_leaves_the_tutorial_at_any_step(saves):
    async def scenario():
        app = make_app(saves)
        async with app.run_test(size=SMALL) as pilot:
            await to_tutorial(pilot)
            await pilot.press("enter")
            await at_step(pilot, "draft")
            assert "Leave the tutorial" in screen_text(app)  # the footer says how
            await pilot.press("escape")
            await wait_screen(pilot, "LobbyScreen")
            assert app.coach is None and app.match is None
            assert not list(saves.iterdir())
            await pilot.press("t")  # and it starts again from the first step
            await wait_screen(pilot, "TutorialBriefing")
            assert step(app) == "brief"
            await pilot.press("escape")  # Esc on the brief leaves it too
            await wait_screen(pilot, "LobbyScreen")
            assert app.coach is None and app.match is None

    run(scenario())


def test_while_the_others_move_the_coach_waits_with_the_table(saves):
    """At a readable pace the coach says it waits, and says nothing of what has not
    happened yet; Enter then gets the wait as its hint, and Space skips the wait."""
    from game.tui.app import ParleyApp

    from .conftest import NOW

    async def scenario():
        app = ParleyApp(saves, pace=60, seed_source=lambda: 7, clock=lambda: NOW)
        async with app.run_test(size=SMALL) as pilot:
            await to_tutorial(pilot)
            await pilot.press("enter")
            await at_step(pilot, "draft")
            await pilot.press("right", "right", "down", "right", "right", "p")
            await wait_for(pilot, lambda: step(app) == "rejected" and "weighing" in coach_text(app), "the coach waiting")
            assert "gave Moscow less" not in coach_text(app)
            await pilot.press("enter")
            await pilot.pause()
            assert "weighing" in app.coach.hint and step(app) == "rejected"
            await pilot.press("space")
            await wait_for(pilot, lambda: app.coach.live and "rejected it" in coach_text(app), "Moscow's answer")

    run(scenario())


@pytest.mark.parametrize("where", ["rejected", "consent", "batna"])
def test_escape_leaves_the_tutorial_from_any_step(saves, where):
    """Esc leaves from every step (closing a window first, as Esc does everywhere); from
    the last one, the score, in the key script's walk above, which gets there anyway."""

    async def scenario():
        app = make_app(saves)
        async with app.run_test(size=SMALL) as pilot:
            await play_script(pilot, until=where)
            await escape_to_the_lobby(pilot)

    run(scenario())
