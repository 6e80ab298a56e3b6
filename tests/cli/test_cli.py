"""The `parley` command as a person runs it: a subprocess, its output and exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def parley(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    result = subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=cwd, env=full_env, timeout=300
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def test_help_lists_every_command():
    result = parley("--help")
    assert result.returncode == 0
    for command in ("play", "scenarios", "validate", "schema", "simulate", "replay", "analyze", "debrief"):
        assert command in result.stdout


def test_no_arguments_starts_the_game_and_explains_when_there_is_no_terminal():
    """`parley` alone is `parley play`; without a terminal it says so instead of failing."""
    result = parley()
    assert result.returncode == 1
    assert "needs a terminal" in result.stderr
    assert "Traceback" not in result.stderr


def test_scenarios_lists_id_title_and_summary():
    result = parley("scenarios")
    assert result.returncode == 0
    assert "abu-dhabi" in result.stdout and "tutorial" in result.stdout
    assert "Tutorial: a first day at the table" in result.stdout


def test_simulate_200_abu_dhabi_games_is_reproducible():
    args = ("simulate", "--scenario", "abu-dhabi", "--seed", "7", "--games", "200",
            "--agents", "ru=random,ua=random,us=random", "--json")
    first, second = parley(*args), parley(*args)
    assert first.returncode == 0 and first.stdout == second.stdout
    games = [json.loads(line) for line in first.stdout.splitlines()]
    assert len(games) == 200
    assert games[0]["seed"] == 7
    assert len({g["seed"] for g in games}) == 200
    for game in games:
        for key in ("scenario", "seed", "end_date", "end_reason", "signed", "scores", "events"):
            assert key in game
        assert set(game["scores"]) == {"ru", "ua", "us"}


@pytest.mark.parametrize("output", [(), ("--json",), ("--summary",)])
def test_simulate_with_two_workers_prints_what_one_prints(tmp_path, output):
    args = ("simulate", "--scenario", "abu-dhabi", "--seed", "3", "--games", "16", "--agents", "ru=ai,ua=ai,us=ai",
            *output)
    one = parley(*args, "--save-dir", str(tmp_path / "one"))
    two = parley(*args, "--save-dir", str(tmp_path / "two"), "--workers", "2")
    assert one.returncode == two.returncode == 0, two.stderr
    assert one.stdout.replace(str(tmp_path / "one"), "DIR") == two.stdout.replace(str(tmp_path / "two"), "DIR")
    if output != ("--summary",):
        assert len(one.stdout.splitlines()) == 16  # a line for each game
    saved = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert len(saved) == 16 and saved == sorted(p.name for p in (tmp_path / "two").iterdir())
    for name in saved:  # the same games, byte for byte
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_simulate_refuses_bad_arguments_clearly():
    bad_agents = parley("simulate", "--scenario", "tutorial", "--agents", "ru=genius")
    assert bad_agents.returncode == 2 and "unknown agent kind 'genius'" in bad_agents.stderr
    bad_scenario = parley("simulate", "--scenario", "atlantis")
    assert bad_scenario.returncode == 1 and "no scenario 'atlantis'" in bad_scenario.stderr
    assert parley("simulate", "--scenario", "tutorial", "--games", "0").returncode == 2
    workers = parley("simulate", "--scenario", "tutorial", "--workers", "0")
    assert workers.returncode == 2 and "--workers must be at least 1" in workers.stderr


@pytest.mark.parametrize("how", ["env", "flag", "flag after the command"])
def test_saves_folder_from_env_or_flag(tmp_path, how):
    folder = tmp_path / "my-saves"
    written = parley("simulate", "--scenario", "tutorial", "--seed", "4", "--save-dir", str(folder), "--json")
    name = Path(json.loads(written.stdout)["save"]).name
    if how == "env":
        listed = parley("saves", env={"PARLEY_SAVES": str(folder)})
        replayed = parley("replay", name, "--json", env={"PARLEY_SAVES": str(folder)})
    elif how == "flag":
        listed = parley("--saves-dir", str(folder), "saves")
        replayed = parley("--saves-dir", str(folder), "replay", name, "--json")
    else:  # `parley host --saves-dir DIR`, as the issue writes it
        listed = parley("saves", "--saves-dir", str(folder))
        replayed = parley("replay", name, "--json", "--saves-dir", str(folder))
    assert name in listed.stdout and "seed 4" in listed.stdout
    assert replayed.returncode == 0 and json.loads(replayed.stdout)["verified"] is True


def test_saves_default_to_the_saves_folder_of_the_current_directory(tmp_path):
    (tmp_path / "saves").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PARLEY_SAVES"}
    result = subprocess.run(
        [sys.executable, "-m", "game", "saves"], capture_output=True, text=True, cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0 and "No saves in saves" in result.stdout


def test_replay_prints_the_same_summary_as_simulate(tmp_path):
    sim = parley("simulate", "--scenario", "abu-dhabi", "--seed", "3", "--games", "3", "--save-dir", str(tmp_path), "--json")
    for line in sim.stdout.splitlines():
        game = json.loads(line)
        replayed = json.loads(parley("replay", game["save"], "--json").stdout)
        for key in ("scenario", "seed", "end_date", "end_reason", "ended_by", "signed", "scores", "events", "actions"):
            assert replayed[key] == game[key]


def test_simulate_ai_agents_with_a_summary():
    result = parley("simulate", "--scenario", "abu-dhabi", "--seed", "3", "--games", "6",
                    "--agents", "ru=ai:hardliner,ua=ai,us=ai:dealmaker", "--summary", "--json")
    assert result.returncode == 0
    summary = json.loads(result.stdout)
    assert summary["games"] == 6
    for key in ("agreement_rate", "scores", "common_texts", "end_reasons", "nash_distance"):
        assert key in summary
    assert set(summary["scores"]) == {"ru", "ua", "us"}
    text = parley("simulate", "--scenario", "abu-dhabi", "--seed", "3", "--games", "2", "--agents",
                  "ru=ai,ua=ai,us=ai", "--summary")
    assert "Cards agreed" in text.stdout and "Mean distance to the signable Nash point" in text.stdout


def test_simulate_refuses_an_unknown_preset():
    result = parley("simulate", "--scenario", "tutorial", "--agents", "ru=ai:genius")
    assert result.returncode == 2 and "unknown preset 'genius'" in result.stderr


def test_play_facilitator_starts_the_app_at_the_facilitators_seat(monkeypatch):
    from game import cli

    started = {}

    class FakeApp:
        def __init__(self, saves, pace, facilitator):
            started.update(pace=pace, facilitator=facilitator)

        def run(self):
            started["ran"] = True

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("game.tui.app.ParleyApp", FakeApp)
    assert cli.main(["play", "--facilitator", "--pace", "0"]) == 0
    assert started == {"pace": 0.0, "facilitator": True, "ran": True}
    assert cli.main(["play"]) == 0 and started["facilitator"] is False


@pytest.mark.parametrize("text, uri", [
    ("192.168.1.20", "ws://192.168.1.20:8765"),
    ("classroom.local:9000", "ws://classroom.local:9000"),
    ("[::1]:8765", "ws://[::1]:8765"),
    ("ws://10.0.0.2:8765", "ws://10.0.0.2:8765"),
    ("host:port", None), ("a b", None), ("http://x", None), ("h:0", None), ("h:70000", None), ("", None),
])
def test_an_address_is_host_or_host_and_port(text, uri):
    from game.net.client import parse_address

    assert parse_address(text) == uri


def test_join_says_what_is_wrong_without_a_traceback():
    bad = parley("join", "foo:bar", "x")
    assert bad.returncode == 2 and "'foo:bar' is not an address" in bad.stderr
    no_terminal = parley("join", "127.0.0.1:8765", "x")
    assert no_terminal.returncode == 1 and "joining needs a terminal" in no_terminal.stderr
    assert "parley serve" in no_terminal.stderr  # the way to a seat without a terminal


@pytest.mark.parametrize("command", [
    ("simulate", "--scenario", "tutorial", "--games", "1"),
    ("balance", "--scenario", "tutorial", "--games", "1"),
    ("analyze", "--scenario", "abu-dhabi", "--at", "2"),
    ("host", "--scenario", "tutorial"),
])
@pytest.mark.parametrize("seed", ["-5", "99999999999999999999999", "seven"])
def test_a_seed_out_of_range_is_one_line_not_a_traceback(command, seed):
    result = parley(*command, "--seed", seed)
    assert result.returncode == 2
    assert "argument --seed" in result.stderr and "Traceback" not in result.stderr
