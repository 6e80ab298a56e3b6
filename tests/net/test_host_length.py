"""`parley host --length`: hosted tables play the game length the facilitator chose
(issue 12), and the host refuses a length the scenario does not have."""

from __future__ import annotations

import contextlib
import io

from game.cli import main
from game.content.loader import load_scenario_by_id
from game.engine.rules import Rules
from game.net.host import Host
from game.store.log import load

from .test_loopback import NOW


def test_hosted_tables_play_the_chosen_length_and_their_saves_keep_it(tmp_path):
    rules = Rules(load_scenario_by_id("abu-dhabi"))
    host = Host.new(rules, 2, tmp_path, [3, 4], NOW, length="class")
    for table in host.tables.values():
        assert table.match.session.state.round_turns == rules.round_turns("class")
        view = table.match.view("ru")
        assert view.round is not None and view.round.turns == rules.lengths["class"].turns
        assert load(table.match.path, load_scenario_by_id).state.round_turns == rules.round_turns("class")


def test_an_unknown_length_is_one_line_and_no_host(tmp_path):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--saves-dir", str(tmp_path), "host", "--length", "marathon", "--port", "0"])
    assert code == 2 and "marathon" in err.getvalue() and "class" in err.getvalue()
    assert not any(tmp_path.iterdir())


def test_the_host_writes_each_tables_class_pack_for_that_tables_game(tmp_path):
    """`parley host --handouts DIR`: a pack per table, whose handouts describe that
    table's game (its hidden readings), at the table's length."""
    from game.engine.views import view_for

    from .hostproc import HostProcess

    rules = Rules(load_scenario_by_id("abu-dhabi"))
    host = HostProcess(tmp_path / "saves", tables=2, seed=9, extra=("--length", "class", "--handouts", str(tmp_path / "packs")))
    try:
        host.port_and_codes()
        lesson = host.lesson
    finally:
        host.stop()
    for n in (1, 2):
        folder = tmp_path / "packs" / f"table-{n}"
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            f"{stem}{suffix}" for stem in ("handout-ru", "handout-ua", "handout-us", "facilitator-guide")
            for suffix in (".md", ".html"))
        save = next(lesson.glob("*.parley"), None)
        assert save is not None
    for save in lesson.glob("*.parley"):
        loaded = load(save, load_scenario_by_id)
        state = loaded.state
        assert state.round_turns == rules.round_turns("class")
        guide_seeds = {(tmp_path / "packs" / f"table-{n}" / "facilitator-guide.md").read_text() for n in (1, 2)}
        assert any(f"seed **{state.seed}**" in text for text in guide_seeds)
        variants = view_for(rules, state, "ru").private["ru"].variants
        packs = [(tmp_path / "packs" / f"table-{n}" / "handout-ru.md").read_text() for n in (1, 2)]
        assert any(all(v.label in text for v in variants) for text in packs)
