"""The game through its screens, as a person plays it: key presses at 100x30."""

from __future__ import annotations

from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.engine import events as E
from game.engine.rules import Rules
from game.match import Match
from game.store.log import load

from .conftest import LARGE, SMALL, make_app, run, screen_name, screen_text, start_game, wait_for, wait_screen

HOT_SEAT = {"ru": "person", "ua": "person", "us": "person"}


def steps_of(app):
    return app.match.session.steps


def last_command(app) -> C.Command:
    return steps_of(app)[-1][0]


def logged(app, kind) -> list:
    return [e for _, events in steps_of(app) for e in events if isinstance(e, kind)]


async def to_my_turn(pilot, seat: str | None = None, limit: int = 40) -> None:
    """Acknowledge briefings, notices and hand-overs until a person's turn at the table."""
    app = pilot.app
    for _ in range(limit):
        await wait_for(
            pilot,
            lambda: screen_name(app) in ("BriefingScreen", "NoticeScreen", "HandOverScreen", "EndScreen")
            or (screen_name(app) == "TableScreen" and app.match.whose_turn == app.screen.seat and not app.screen._busy),
            "a screen that waits for a person",
        )
        if screen_name(app) == "EndScreen":
            raise AssertionError("the game ended before the turn came")
        if screen_name(app) == "TableScreen" and (seat is None or app.screen.seat == seat):
            return
        await pilot.press("enter")
    raise AssertionError(f"no turn for {seat} came")


async def next_decision(pilot, seat: str) -> str:
    """Wait until a screen needs the person: a brief, a notice, the end, or `seat`'s turn."""
    app = pilot.app
    await wait_for(
        pilot,
        lambda: screen_name(app) in ("BriefingScreen", "NoticeScreen", "EndScreen")
        or (screen_name(app) == "TableScreen" and app.match.whose_turn == seat and not app.screen._busy),
        f"{seat}'s next decision",
    )
    return screen_name(app)


async def draft(pilot, card: str, steps: int = 1) -> None:
    """Put an option of `card` in the draft with the arrow keys."""
    grid = pilot.app.screen.query_one("#cards")
    grid.focus()
    target = [c.id for c in pilot.app.screen.view.cards].index(card)
    while grid.cursor_row != target:
        await pilot.press("down" if grid.cursor_row < target else "up")
    await pilot.press(*(["right"] * steps))


# ---------------------------------------------------------------------------- a whole game


def test_a_whole_solo_game_of_abu_dhabi_through_the_screens(saves):
    async def scenario():
        app = make_app(saves, seed=11)
        async with app.run_test(size=SMALL) as pilot:
            await start_game(pilot)  # default seats: Moscow is the person, two computer delegations
            seen = set()
            match = app.match
            for _ in range(400):
                name = await next_decision(pilot, "ru")
                seen.add(name)
                if name == "EndScreen":
                    break
                await pilot.press("n" if name == "TableScreen" else "enter")  # Moscow passes; the others talk
            assert screen_name(app) == "EndScreen"
            assert {"BriefingScreen", "NoticeScreen", "TableScreen"} <= seen
            text = screen_text(app)
            assert "How it ended" in text and "Score (vs BATNA at the start)" in text
            for name in ("Russian", "Ukrainian", "United States"):
                assert name in text
            assert match.ended
            # The save on disk is the whole game and loads back to the same end.
            loaded = load(match.path, load_scenario_by_id)
            assert loaded.state.ended and len(loaded.steps) == len(match.session.steps)

    run(scenario())


# ---------------------------------------------------------------------------- the actions


def test_propose_from_the_composer_and_counter_accept_reject_in_hot_seat(saves):
    async def scenario():
        app = make_app(saves, seed=3)
        async with app.run_test(size=SMALL) as pilot:
            await start_game(pilot, HOT_SEAT)
            await to_my_turn(pilot, "ru")
            await draft(pilot, "energy_pause")
            first = app.screen.view.cards[0].options[1].id
            assert app.screen.draft == {"energy_pause": first}
            assert "If signed now" in screen_text(app) and "BATNA" in screen_text(app)
            await pilot.press("p")
            await wait_for(pilot, lambda: isinstance(last_command(app), C.Propose), "the proposal")
            proposed = logged(app, E.PackageProposed)[-1]
            assert proposed.by == "ru" and proposed.items == {"energy_pause": first}

            # Kyiv counters: copies the table into its draft, changes the option, counters.
            await to_my_turn(pilot, "ua")
            await pilot.press("d")
            await draft(pilot, "energy_pause")  # the next option
            await pilot.press("c")
            await wait_for(pilot, lambda: isinstance(last_command(app), C.Counter), "the counter")
            counter = logged(app, E.PackageProposed)[-1]
            assert counter.counter and counter.by == "ua" and counter.items["energy_pause"] != first

            # Washington's consent is not needed on this card: it passes. Moscow rejects.
            await to_my_turn(pilot, "us")
            await pilot.press("r")
            await wait_for(pilot, lambda: "Refused" in screen_text(app), "the refusal (consent not needed)")
            await pilot.press("n")
            await to_my_turn(pilot, "ru")
            await pilot.press("r")
            await wait_for(pilot, lambda: isinstance(last_command(app), C.Reject), "the rejection")
            assert logged(app, E.PackageRejected)[-1].by == "ru"

            # Kyiv proposes the pause again; Washington passes; Moscow accepts: it is signed.
            await to_my_turn(pilot, "ua")
            await pilot.press("x")
            await draft(pilot, "energy_pause")
            await pilot.press("p")
            await wait_for(pilot, lambda: isinstance(last_command(app), C.Propose), "Kyiv's proposal")
            await to_my_turn(pilot, "us")
            await pilot.press("n")
            await to_my_turn(pilot, "ru")
            await pilot.press("a")
            await wait_for(pilot, lambda: bool(logged(app, E.AgreementSigned)), "the signature")
            assert logged(app, E.PackageAccepted)[-1].by == "ru"
            assert app.match.view("ru").cards[0].signed is not None

    run(scenario())


def test_hot_seat_hand_over_hides_the_previous_delegation(saves):
    async def scenario():
        app = make_app(saves, seed=3)
        async with app.run_test(size=SMALL) as pilot:
            await start_game(pilot, HOT_SEAT)
            await to_my_turn(pilot, "ru")
            ru = app.match.view("ru").private["ru"]
            secrets = [line.label for line in ru.red_lines] + ["Russian delegation: confidential", "Moscow: confidential"]
            await pilot.press("b")  # Moscow reads its brief again, then plays
            await wait_screen(pilot, "BriefingScreen")
            assert any(s in screen_text(app) for s in secrets)
            await pilot.press("enter")
            await pilot.press("n")
            await wait_screen(pilot, "HandOverScreen")
            text = screen_text(app)
            assert "Hand over the keyboard" in text and "Ukrainian" in text
            await pilot.press("enter")
            await wait_for(pilot, lambda: screen_name(app) != "HandOverScreen", "the hand-over to end")
            assert app.screen_stack[1].__class__.__name__ == "LobbyScreen"
            table = next(s for s in app.screen_stack if type(s).__name__ == "TableScreen")
            assert table.seat == "ua"
            text = screen_text(app)
            for secret in secrets:
                assert secret not in text, secret
            # Kyiv's own brief is what it sees now.
            assert "Ukrainian delegation" in text or "Kyiv" in text

    run(scenario())


def test_a_hot_seat_game_opens_on_the_hand_over_when_started_continued_or_loaded(saves):
    """Whoever sits at the keyboard after `q` may be any delegation's player: continuing or
    loading a hot-seat game never opens on a delegation's table or brief, only on the
    hand-over to the delegation whose turn it is."""

    async def covered_for(pilot, seat: str) -> None:
        app = pilot.app
        await wait_screen(pilot, "HandOverScreen")
        name = app.match.view(seat).delegations
        name = next(d.name for d in name if d.code == seat)
        text = screen_text(app)
        assert "Hand over the keyboard" in text and name in text
        view = app.match.view(seat).private[seat]
        for line in view.red_lines:  # nothing of the seat's table shows under the cover
            assert line.label not in text
        table = next(s for s in app.screen_stack if type(s).__name__ == "TableScreen")
        assert table.has_class("-covered") or table.seat == seat

    async def scenario():
        app = make_app(saves, seed=3)
        async with app.run_test(size=SMALL) as pilot:
            await start_game(pilot, HOT_SEAT)
            await covered_for(pilot, "ru")  # a new hot-seat game: the cover first, then the brief
            await to_my_turn(pilot, "ru")
            await pilot.press("n")
            await to_my_turn(pilot, "ua")
            path = app.match.path
            await pilot.press("q")
            await wait_screen(pilot, "LobbyScreen")

            await pilot.press("c")  # continue: Kyiv is to move, and sees the cover first
            await covered_for(pilot, "ua")
            await pilot.press("enter")
            await wait_for(pilot, lambda: screen_name(app) == "TableScreen", "Kyiv's table")
            assert app.screen.seat == "ua" and not app.screen.has_class("-covered")
            await pilot.press("q")
            await wait_screen(pilot, "LobbyScreen")

            await pilot.press("l")  # load from the list: the same
            await wait_screen(pilot, "LoadScreen")
            want = [i.path for i in app.screen.saves].index(path)
            while app.screen.query_one("#saves").cursor_row != want:
                await pilot.press("down")
            await pilot.press("enter")
            await covered_for(pilot, "ua")

    run(scenario())


def test_a_proposal_nobody_can_answer_before_the_round_ends_is_flagged_before_it_is_sent(saves):
    """Washington moves last in a round: on its last turn, a package that needs Moscow's
    consent would lapse unanswered. The draft says so, and proposing asks first."""

    async def scenario():
        app = make_app(saves, seed=5)
        async with app.run_test(size=SMALL) as pilot:
            await start_game(pilot, {"ru": "ai:pragmatist", "ua": "ai:pragmatist", "us": "person"})
            for _ in range(10):
                await to_my_turn(pilot, "us")
                if app.match.view("us").turns_left == 1:
                    break
                await pilot.press("n")
            view = app.match.view("us")
            assert view.turns_left == 1 and view.still_to_move == ()
            card = next(c for c in view.cards if "ru" in c.consent and c.open and c.signed is None)
            await draft(pilot, card.id)
            await wait_for(pilot, lambda: "no turn left this round" in screen_text(app), "the warning in the draft")
            proposed = len(logged(app, E.PackageProposed))
            await pilot.press("p")
            await wait_screen(pilot, "ConfirmScreen")
            assert "Propose it anyway?" in screen_text(app) and "Moscow" in screen_text(app)
            await pilot.press("n")
            await wait_for(pilot, lambda: screen_name(app) == "TableScreen" and not app.screen._busy, "the table")
            assert len(logged(app, E.PackageProposed)) == proposed  # nothing was sent
            await pilot.press("p")
            await wait_screen(pilot, "ConfirmScreen")
            await pilot.press("y")
            await wait_for(pilot, lambda: len(logged(app, E.PackageProposed)) == proposed + 1, "the proposal")

    run(scenario())


def test_the_transcript_rewraps_on_resize_and_t_moves_to_it_and_back(saves):
    async def scenario():
        app = make_app(saves, seed=5)
        async with app.run_test(size=SMALL) as pilot:
            await start_game(pilot)
            await to_my_turn(pilot, "ru")
            from game.tui.widgets.cards import CardGrid
            from game.tui.widgets.panels import Transcript

            transcript = app.screen.query_one(Transcript)
            narrow = transcript.scrollable_content_region.width
            assert transcript.lines and max(strip.cell_length for strip in transcript.lines) <= narrow
            rows = len(transcript.lines)
            await pilot.resize_terminal(*LARGE)
            await wait_for(pilot, lambda: transcript.scrollable_content_region.width > narrow, "the wider transcript")
            await wait_for(pilot, lambda: len(transcript.lines) < rows, "the lines wrapped anew")
            assert max(strip.cell_length for strip in transcript.lines) > narrow  # wider lines now

            await pilot.press("t")
            assert transcript.has_focus
            await pilot.press("t")
            assert app.screen.query_one(CardGrid).has_focus

    run(scenario())


async def washingtons_statement(pilot) -> None:
    """A game with Washington a person, at its turn, the statement's prompt open (s)."""
    await start_game(pilot, {"ru": "ai:pragmatist", "ua": "ai:pragmatist", "us": "person"})
    await to_my_turn(pilot, "us")
    await pilot.press("s")
    await wait_screen(pilot, "PromptScreen")


def test_statement_lever_and_recess(saves):
    async def scenario():
        app = make_app(saves, seed=5)
        async with app.run_test(size=SMALL) as pilot:
            await washingtons_statement(pilot)
            assert f"0/{C.MAX_STATEMENT} characters" in screen_text(app)  # the limit shows while typing
            await pilot.press(*"We want a visible step")
            await wait_for(pilot, lambda: f"22/{C.MAX_STATEMENT} characters" in screen_text(app), "the count")
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(last_command(app), C.Statement), "the statement")
            assert last_command(app).text == "We want a visible step"
            assert "We want a visible step" in screen_text(app)

            # Levers: the list shows them; those not available now are disabled.
            await pilot.press("l")
            await wait_screen(pilot, "LeverScreen")
            levers = app.match.view("us").private["us"].levers
            usable = [lv for lv in levers if lv.available and lv.uses_left > 0]
            assert usable, "Washington should have a lever at the start"
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(last_command(app), C.UseLever), "the lever")
            assert last_command(app).lever == usable[0].id
            assert logged(app, E.LeverUsed)[-1].by == "us"

            await to_my_turn(pilot, "us")
            await pilot.press("e")
            await wait_screen(pilot, "ConfirmScreen")
            await pilot.press("y")
            await wait_for(pilot, lambda: isinstance(last_command(app), C.Recess), "the recess")
            assert logged(app, E.RoundEnded)[-1].reason == "recess"

    run(scenario())


def test_walk_out_ends_the_game_on_the_end_screen(saves):
    async def scenario():
        app = make_app(saves, seed=5)
        async with app.run_test(size=SMALL) as pilot:
            await start_game(pilot)
            await to_my_turn(pilot, "ru")
            await pilot.press("w")
            await wait_screen(pilot, "ConfirmScreen")
            await pilot.press("n")  # no: nothing happens
            await wait_screen(pilot, "TableScreen")
            assert not app.match.ended
            match = app.match
            await pilot.press("w")
            await wait_screen(pilot, "ConfirmScreen")
            await pilot.press("y")
            await wait_for(pilot, lambda: screen_name(app) in ("EndScreen", "NoticeScreen"), "the end")
            if screen_name(app) == "NoticeScreen":
                await pilot.press("enter")
            await wait_screen(pilot, "EndScreen")
            await wait_for(pilot, lambda: "A delegation walked out (Moscow)" in screen_text(app), "how it ended")
            ended = [e for e in match.session.events() if isinstance(e, E.GameEnded)]
            assert ended[-1].reason == "walkout" and ended[-1].by == "ru"
            await pilot.press("enter")
            await wait_screen(pilot, "LobbyScreen")

    run(scenario())


def test_a_red_line_refusal_is_a_message_not_a_crash(saves):
    async def scenario():
        app = make_app(saves, seed=5)
        async with app.run_test(size=SMALL) as pilot:
            await start_game(pilot, {"ru": "ai:pragmatist", "ua": "person", "us": "ai:pragmatist"})
            await to_my_turn(pilot, "ua")
            view = app.screen.view
            line = next(line for line in view.private["ua"].red_lines if line.hard and line.active)
            card = next(c for c in view.cards if c.id == line.card)
            choices = [o.id for o in card.options if o.id != card.status_quo]
            if view.table is not None:
                await pilot.press("x")
            await draft(pilot, card.id, choices.index(line.options[0]) + 1)
            assert app.screen.draft[card.id] == line.options[0]
            assert "\u2716" in screen_text(app)  # the composer marks it before anything is sent
            other = next(c.id for c in view.cards if c.id != card.id and c.signed is None and c.open)
            await draft(pilot, other)  # so that the package differs from the one on the table
            offers = len(logged(app, E.PackageProposed))
            await pilot.press("c" if view.table is not None else "p")
            await wait_for(pilot, lambda: "Refused" in screen_text(app), "the refusal message")
            assert "red line" in screen_text(app)
            assert len(logged(app, E.PackageProposed)) == offers  # nothing went on the table
            assert logged(app, E.RedLineBlocked)[-1].red_line == line.id  # the debrief will see it
            assert "A red line blocked that package." in screen_text(app)
            assert screen_name(app) == "TableScreen"

    run(scenario())


# ---------------------------------------------------------------------------- saves


def test_save_as_quit_continue_and_load(saves):
    async def scenario():
        app = make_app(saves, seed=9)
        async with app.run_test(size=SMALL) as pilot:
            await start_game(pilot)
            await to_my_turn(pilot, "ru")
            await pilot.press("n")
            await to_my_turn(pilot, "ru")
            played = len(steps_of(app))
            path = app.match.path

            await pilot.press("ctrl+s")
            await wait_screen(pilot, "PromptScreen")
            await pilot.press(*"class one")
            await pilot.press("enter")
            await wait_for(pilot, lambda: (saves / "class-one.parley").exists(), "the named save")
            named = load(saves / "class-one.parley", load_scenario_by_id)
            assert len(named.steps) == played and named.header.name == "class one"

            # Quit to the lobby: nothing is lost; c continues the same game.
            await pilot.press("q")
            await wait_screen(pilot, "LobbyScreen")
            assert len(load(path, load_scenario_by_id).steps) == played
            await pilot.press("c")
            await to_my_turn(pilot, "ru")
            assert app.match.path == path and len(steps_of(app)) == played
            await pilot.press("n")
            await to_my_turn(pilot, "ru")
            more = len(steps_of(app))
            assert more > played
            await pilot.press("q")
            await wait_screen(pilot, "LobbyScreen")

            # Load from the list: both saves are there, newest first.
            await pilot.press("l")
            await wait_screen(pilot, "LoadScreen")
            text = screen_text(app)
            assert "class-one" in text and path.stem in text and "abu-dhabi" in text
            table = app.screen.query_one("#saves")
            want = [i.path for i in app.screen.saves].index(saves / "class-one.parley")
            while table.cursor_row != want:
                await pilot.press("down")
            await pilot.press("enter")
            await to_my_turn(pilot, "ru")
            assert app.match.path == saves / "class-one.parley" and len(steps_of(app)) == played

    run(scenario())


def test_a_damaged_save_is_listed_with_its_problem_and_not_touched(saves):
    (saves / "broken.parley").write_bytes(b'{"format":"parley-save","version":1,"scenario":"abu-dhabi"}\n{"cmd":')
    before = (saves / "broken.parley").read_bytes()

    async def scenario():
        app = make_app(saves)
        async with app.run_test(size=SMALL) as pilot:
            await wait_screen(pilot, "LobbyScreen")
            await pilot.press("l")
            await wait_screen(pilot, "LoadScreen")
            assert "cannot be read" in screen_text(app)
            await pilot.press("enter")
            await wait_for(pilot, lambda: "cannot be loaded" in screen_text(app), "the message")
            assert screen_name(app) == "LoadScreen"

    run(scenario())
    assert (saves / "broken.parley").read_bytes() == before


# ---------------------------------------------------------------------------- events


def _postponing_seed() -> int:
    """A seed whose round 2 is postponed when Moscow only passes (found with the engine)."""
    rules = Rules(load_scenario_by_id("abu-dhabi"))
    for seed in range(1, 60):
        match = Match.new(rules, seed, {"ru": "person", "ua": "ai:pragmatist", "us": "ai:pragmatist"}, None)
        while not match.ended and not any(isinstance(e, E.RoundMoved) for e in match.session.events()):
            if match.computer_to_move:
                match.computer_move()
            elif match.whose_turn == "ru":
                match.act(C.Pass(by="ru"))
            else:
                break
        if any(isinstance(e, E.RoundMoved) and e.round == "r2" for e in match.session.events()):
            return seed
    raise AssertionError("no seed postpones round 2")


def test_a_postponed_round_stops_play_until_acknowledged(saves):
    seed = _postponing_seed()

    async def scenario():
        app = make_app(saves, seed=seed)
        async with app.run_test(size=SMALL) as pilot:
            await start_game(pilot)
            for _ in range(100):
                name = await next_decision(pilot, "ru")
                if name == "NoticeScreen" and "postponed" in screen_text(app):
                    break
                await pilot.press("n" if name == "TableScreen" else "enter")
            assert screen_name(app) == "NoticeScreen"
            steps = len(steps_of(app))
            await pilot.pause(0.2)
            assert len(steps_of(app)) == steps  # play waits while the notice is open
            await pilot.press("enter")
            await wait_for(pilot, lambda: screen_name(app) != "NoticeScreen", "the notice to close")
            assert "postponed" in screen_text(app)  # the strip and the transcript keep it

    run(scenario())


def test_loading_a_finished_game_shows_its_end_and_a_computer_only_game_is_explained(saves):
    rules = Rules(load_scenario_by_id("abu-dhabi"))
    computers = Match.new(rules, 3, {"ru": "ai", "ua": "ai", "us": "ai"}, saves)  # stopped mid-game
    for _ in range(3):
        computers.computer_move()
    computers.close()
    over = Match.new(rules, 3, {"ru": "person", "ua": "ai", "us": "ai"}, saves)
    over.act(C.WalkOut(by="ru"))
    over.close()

    async def scenario():
        app = make_app(saves)
        async with app.run_test(size=SMALL) as pilot:
            await wait_screen(pilot, "LobbyScreen")
            await pilot.press("l")
            await wait_screen(pilot, "LoadScreen")
            paths = [i.path for i in app.screen.saves]
            table = app.screen.query_one("#saves")
            while paths[table.cursor_row] != over.path:
                await pilot.press("down")
            await pilot.press("enter")
            await wait_screen(pilot, "EndScreen")
            assert "walked out" in screen_text(app)
            await pilot.press("enter")
            await wait_screen(pilot, "LobbyScreen")

            await pilot.press("l")
            await wait_screen(pilot, "LoadScreen")
            table = app.screen.query_one("#saves")
            while app.screen.saves[table.cursor_row].path != computers.path:
                await pilot.press("down")
            await pilot.press("enter")
            await wait_for(pilot, lambda: screen_name(app) == "LobbyScreen", "the lobby")
            assert any("no seat for a person" in n.message for n in app._notifications)

    run(scenario())


def test_a_pledge_commits_the_delegation_to_its_draft(saves):
    async def scenario():
        app = make_app(saves, seed=5)
        async with app.run_test(size=SMALL) as pilot:
            await start_game(pilot, {"ru": "ai:pragmatist", "ua": "ai:pragmatist", "us": "person"})
            await to_my_turn(pilot, "us")
            await pilot.press("g")  # an empty draft: nothing to pledge yet
            assert "draft first" in screen_text(app) and screen_name(app) == "TableScreen"
            await draft(pilot, "energy_pause")
            chosen = dict(app.screen.draft)
            await pilot.press("g")
            await wait_screen(pilot, "PromptScreen")
            assert "A pledge to the table: Energy infrastructure strike pause" in screen_text(app)
            await pilot.press(*"We will hold to this")
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(last_command(app), C.Statement), "the pledge")
            assert last_command(app).pledge == chosen
            assert logged(app, E.StatementMade)[-1].pledge == chosen

    run(scenario())


# ---------------------------------------------------------------------------- small terminals


def test_at_80x24_the_table_says_so_and_keeps_the_draft_the_marks_the_keys_and_the_timer(saves):
    """Below 100x30 the game says it is laid out for more and degrades on purpose: the
    draft column and your marks stay in view, the footer keeps help and the lobby (the
    keys it has no room for still work), and the turn timer stays in the header."""
    from .conftest import TINY

    async def scenario():
        app = make_app(saves, seed=5)
        async with app.run_test(size=TINY) as pilot:
            await wait_screen(pilot, "LobbyScreen")
            await wait_for(pilot, lambda: any("80x24" in n.message for n in app._notifications), "the notice")
            rules = Rules(load_scenario_by_id("abu-dhabi"))
            match = Match.new(rules, 5, {"ru": "person", "ua": "ai", "us": "ai"}, saves, timer=300)
            app.open_match(match)
            await wait_screen(pilot, "BriefingScreen")
            await to_my_turn(pilot, "ru")
            await wait_for(pilot, lambda: "left" in (app.screen.sub_title or ""), "the timer")
            lines = [strip.text for strip in app.screen._compositor.render_strips()]  # the table alone
            text = "\n".join(lines)
            assert len(lines) == 24 and "left" in lines[0]  # the header: the time left, then the title
            assert "Your draft" in text and "Yours" in text
            footer = lines[-1]
            for key in ("Offer", "Accept", "Reject", "Pass", "Lobby", "Help"):
                assert key in footer, footer
            assert max(len(line.rstrip()) for line in lines) <= 80
            await pilot.press("s")  # not in the footer at this width, and still a key
            await wait_screen(pilot, "PromptScreen")
            await pilot.press("escape")
            await wait_for(pilot, lambda: screen_name(app) == "TableScreen", "the table")
            await pilot.resize_terminal(100, 30)  # wide enough again: every key in the footer
            await wait_for(pilot, lambda: "Walk out" in app.screen._compositor.render_strips()[-1].text, "the full footer")

    run(scenario())


def test_the_lobby_offers_a_class_length_with_its_measured_time(saves):
    async def scenario():
        app = make_app(saves, seed=5)
        async with app.run_test(size=SMALL) as pilot:
            await wait_for(pilot, lambda: bool(getattr(app.screen, "entries", None)), "the scenario list")
            await pilot.pause()
            lengths = app.screen.query_one("#length")
            labels = [label for label, _ in lengths.choices]
            assert labels == ["Full game (30 min)", "Class (20 min)"]
            await wait_for(pilot, lambda: "Full game (30 min)" in screen_text(app), "the length shown")
            lengths.focus()
            await pilot.press("right")
            assert lengths.value == "class"
            await wait_for(pilot, lambda: "Class (20 min)" in screen_text(app), "the class length shown")
            await pilot.press("g")
            await to_my_turn(pilot, "ru")
            assert app.match.session.state.round_turns == [6, 6, 6, 6, 6]
            assert "6 turns left" in screen_text(app) or "5 turns left" in screen_text(app)

    run(scenario())


def test_wide_characters_and_emoji_never_break_a_border(saves):
    """A statement in Cyrillic, CJK and emoji: every row of the table keeps the
    terminal's width in cells, so the transcript's and the table panel's borders stay put."""
    from rich.cells import cell_len

    async def scenario():
        app = make_app(saves, seed=5)
        async with app.run_test(size=SMALL) as pilot:
            await washingtons_statement(pilot)
            app.screen.query_one("#prompt").value = "Київ і 東京の代表団 🙂🤝 — переговори тривають 🕊️"
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(last_command(app), C.Statement), "the statement")
            await wait_for(pilot, lambda: "東京" in screen_text(app), "the statement in the transcript")
            rows = [strip.text for strip in app.screen._compositor.render_strips()]
            assert all(cell_len(row) == SMALL[0] for row in rows), [row for row in rows if cell_len(row) != SMALL[0]]
            bordered = [row for row in rows if row.startswith("│")]
            assert bordered and all(row.rstrip().endswith(("│", "╯")) for row in bordered), [
                r for r in bordered if not r.rstrip().endswith(("│", "╯"))
            ]

    run(scenario())
