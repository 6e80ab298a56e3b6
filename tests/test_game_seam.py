"""The one interface the screens reach a game through (`game.play.Game`): the game
played here and a seat at a hosted table both provide all of it, and no screen asks
which of the two it holds."""

from __future__ import annotations

import ast
import asyncio
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from game.engine import commands as C
from game.match import Match
from game.net.remote import RemoteError, RemoteMatch
from game.play import Game, GameError

ROOT = Path(__file__).resolve().parents[1]
SEATS = {"ru": "person", "ua": "ai:pragmatist", "us": "ai:dealmaker"}


def members(protocol: type) -> set[str]:
    return {name for name in vars(protocol) if not name.startswith("_")}


def remote_seat(rules, seat: str) -> RemoteMatch:
    """A RemoteMatch over a stand-in connection (what the host sent: nothing yet)."""
    welcome = SimpleNamespace(table="table-1", seats={d: "person" for d in rules.parties})
    client = SimpleNamespace(seat=seat, welcome=welcome, events=[], listeners=[], codes={}, present={})
    return RemoteMatch("ws://127.0.0.1:1", "CODE", client, rules)


def test_both_games_provide_everything_a_screen_may_ask(rules):
    wanted = members(Game)
    assert {"submit", "view", "at_this_keyboard", "clock_here", "played", "farewell"} <= wanted
    here = Match.new(rules, 3, SEATS, None)
    there = remote_seat(rules, "ua")
    for game in (here, there):
        missing = {name for name in wanted if not hasattr(type(game), name) and name not in vars(game)}
        assert not missing, (type(game).__name__, missing)


def test_the_two_games_differ_in_what_they_do_not_in_what_they_are(rules):
    here = Match.new(rules, 3, SEATS, None)
    there = remote_seat(rules, "ua")
    assert (here.at_this_keyboard, here.clock_here, here.saves_here, here.codes) == (True, True, True, None)
    assert (there.at_this_keyboard, there.clock_here, there.saves_here) == (False, False, False)
    assert there.codes is None  # a delegation's seat has no codes; the facilitator's has the table's
    assert remote_seat(rules, "facilitator").codes == {}
    assert here.main_seat == "ru" and there.main_seat == "ua"
    assert here.connected("ru") is None and here.lost is None and not here.gone


def test_a_game_played_here_answers_at_once(rules):
    match = Match.new(rules, 3, SEATS, None)
    heard = []
    match.submit(C.Accept(by="ua", package=None), heard.append)  # not ua's turn: refused, at once
    assert len(heard) == 1 and heard[0] is not None and heard[0].code
    with pytest.raises(GameError):
        asyncio.run(match.revoke("ru"))


def test_a_hosted_seat_refuses_what_only_a_game_here_does(rules):
    there = remote_seat(rules, "ua")
    for call in (there.computer_move, lambda: there.time_out("ua"), lambda: there.save_as("copy")):
        with pytest.raises(RemoteError):
            call()
    assert isinstance(RemoteError("x"), GameError)


def _python_files(folder: Path):
    for path in sorted(folder.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


# Where a game is made, its class is named: the app starts and loads games played here,
# the join screen joins a hosted table (and keeps the seat, to tell why it was lost).
MAKERS = {"game/tui/app.py", "game/tui/screens/load.py", "game/tui/screens/join.py"}


def test_no_screen_asks_whether_its_game_is_remote():
    """No screen reads a `remote` flag or tells the two games apart by their class, and
    a screen that shows a game holds a `Game`, never one of the two classes."""
    found = []
    for path, tree in _python_files(ROOT / "game" / "tui"):
        name = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            where = f"{name}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Attribute) and node.attr == "remote":
                found.append(f"{where} .remote")
            elif isinstance(node, ast.Constant) and node.value == "remote":
                found.append(f"{where} 'remote'")
            elif isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("isinstance", "type"):
                named = {n.id for arg in node.args[1:] for n in ast.walk(arg) if isinstance(n, ast.Name)}
                if named & {"Match", "RemoteMatch"}:
                    found.append(f"{where} {ast.unparse(node)}")
            elif isinstance(node, ast.Name) and node.id in ("Match", "RemoteMatch") and name not in MAKERS:
                found.append(f"{where} {node.id}")
    assert not found, found


def test_the_seam_and_the_flow_import_without_textual():
    code = ("import sys, game.flow, game.play, game.match; "
            "bad = sorted(m for m in sys.modules if 'textual' in m); sys.exit(str(bad) if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
