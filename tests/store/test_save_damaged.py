"""A truncated, damaged, foreign-scenario or newer-format save gets a clear message
that names the problem, never a traceback, and nothing else on disk is touched."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from _savetools import (
    SCRIPTED_SEED,
    copy_tutorial,
    play_commands,
    random_game,
    run_parley,
    scripted_commands,
    snapshot,
    states_along,
)

from game import cli
from game.content.loader import load_scenario, load_scenario_by_id
from game.engine import commands as C
from game.engine.rules import Rules
from game.store import log
from game.store.log import SaveError, load

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4e30000000049454e44ae426082"
)


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def good(tmp_path_factory, rules) -> bytes:
    """A complete save of the scripted game: every command kind, a deal, a red-line block."""
    path = tmp_path_factory.mktemp("good") / "good.parley"
    play_commands(rules, SCRIPTED_SEED, scripted_commands(), save_to=path)
    return path.read_bytes()


@pytest.fixture
def saves(tmp_path, rules) -> Path:
    return make_saves(tmp_path / "saves", rules)


def make_saves(folder: Path, rules) -> Path:
    """A saves folder with other people's things in it, which loading must not touch."""
    random_game(rules, 1, save_to=folder / "other-1.parley")
    random_game(rules, 2, save_to=folder / "other-2.parley")
    (folder / "notes.txt").write_text("not a save\n", encoding="utf-8")
    (folder / "old").mkdir()
    (folder / "old" / "older.parley").write_bytes(b"whatever\n")
    return folder


def lines_of(data: bytes) -> list[bytes]:
    """The save's lines, without their newlines (the save ends with one)."""
    assert data.endswith(b"\n")
    return data[:-1].split(b"\n")


def joined(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n"


def find_line(lines: list[bytes], needle: bytes, start: int = 1) -> int:
    """Index (0-based) of the first line from `start` containing `needle`."""
    for i in range(start, len(lines)):
        if needle in lines[i]:
            return i
    raise AssertionError(f"no line with {needle!r}")


def expect_refused(path: Path, folder: Path, scenario_for: Callable, fragments: list[str], line: int | None) -> str:
    """Loading `path` fails with a SaveError naming the file (and line) and the problem;
    nothing in `folder` (which holds `path`) changes, `path` included. Returns the message."""
    before = snapshot(folder)
    with pytest.raises(SaveError) as caught:
        load(path, scenario_for)
    message = str(caught.value)
    where = f"{path}:{line}: " if line else f"{path}: "
    assert message.startswith(where), (message, where)
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert "Traceback" not in message and "\n" not in message
    assert snapshot(folder) == before
    return message


def expect_cli_refuses(path: Path, folder: Path, content: Path, message: str, monkeypatch, capsys) -> None:
    """`parley replay SAVE` (in process; test_cli_replay_refuses_every_damaged_save runs
    the real command): exit 1, the message on stderr, nothing on stdout."""
    monkeypatch.setenv("PARLEY_CONTENT", str(content))
    before = snapshot(folder)
    for extra in ([], ["--json"]):
        assert cli.main(["replay", str(path), *extra]) == 1
        out, err = capsys.readouterr()
        assert (out, err) == ("", f"parley: {message}\n")
    assert snapshot(folder) == before


# ---------------------------------------------------------------------------- cases


def _edit_line(index_of: Callable[[list[bytes]], int], edit: Callable[[bytes], bytes]):
    def damage(lines: list[bytes]) -> tuple[bytes, int]:
        lines = list(lines)
        i = index_of(lines)
        new = edit(lines[i])
        assert new != lines[i]
        lines[i] = new
        return joined(lines), i + 1

    return damage


def _header_edit(**changes):
    def damage(lines: list[bytes]) -> tuple[bytes, int]:
        header = json.loads(lines[0])
        for key, value in changes.items():
            if value is _DROP:
                del header[key]
            else:
                header[key] = value
        return joined([json.dumps(header, separators=(",", ":")).encode()] + lines[1:]), 1

    return damage


_DROP = object()


def _whole(data: bytes, line: int | None = None):
    return lambda lines: (data, line)


def _first_pass_cmd(lines):
    return find_line(lines, b'"cmd":{"kind":"pass"')


def _n_up(lines):
    """The first multi-event action claims one event more than it has."""
    lines = list(lines)
    i = find_line(lines, b'"cmd":{"kind":"pass"')
    record = json.loads(lines[i])
    lines[i] = json.dumps({"cmd": record["cmd"], "n": record["n"] + 1}, separators=(",", ":")).encode()
    return joined(lines), i + 1 + record["n"] + 1  # the next command, where an event was expected


def _n_down(lines):
    lines = list(lines)
    i = find_line(lines, b'"cmd":{"kind":"pass"')
    record = json.loads(lines[i])
    lines[i] = json.dumps({"cmd": record["cmd"], "n": record["n"] - 1}, separators=(",", ":")).encode()
    return joined(lines), i + 1  # the command: the rules decide more events than it logs


def _insert_noop(lines):
    i = find_line(lines, b'"cmd":{"kind":"pass"')
    return joined(lines[:i] + [b'{"cmd":{"kind":"pass","by":"ru"},"n":0}'] + lines[i:]), i + 1


def _duplicate_group(lines):
    i = find_line(lines, b'"cmd":{"kind":"pass"')
    n = json.loads(lines[i])["n"]
    group = lines[i : i + 1 + n]
    return joined(lines[: i + 1 + n] + group + lines[i + 1 + n :]), i + 1 + n + 1


def _drop_event(lines):
    i = find_line(lines, b'"cmd":{"kind":"pass"')
    n = json.loads(lines[i])["n"]
    assert n >= 2
    return joined(lines[: i + 1] + lines[i + 2 :]), i + 1 + n  # the next command moved up one


def _swap_events(lines):
    i = find_line(lines, b'"cmd":{"kind":"pass"')
    lines = list(lines)
    lines[i + 1], lines[i + 2] = lines[i + 2], lines[i + 1]
    return joined(lines), i + 2


def _drop_start(lines):
    n = json.loads(lines[1])["n"]
    return joined([lines[0]] + lines[2 + n :]), 2


def _tail_not_object(lines):
    return joined(lines) + b"5", len(lines) + 1


def _blank_line(lines):
    i = find_line(lines, b'"cmd":{"kind":"pass"')
    return joined(lines[:i] + [b""] + lines[i:]), i + 1


def _not_utf8(lines):
    i = find_line(lines, b'"text":"Good morning."')
    return joined(lines[:i] + [lines[i].replace(b"morning", b"m\xffrning")] + lines[i + 1 :]), i + 1


def _replace_in_last(old: bytes, new: bytes):
    return _edit_line(lambda lines: len(lines) - 1, lambda line: line.replace(old, new, 1))


def _last_scores(lines):
    lines = list(lines)
    record = json.loads(lines[-1])
    assert record["ev"]["type"] == "game_ended"
    record["ev"]["scores"]["ru"] += 1.5
    lines[-1] = json.dumps(record, separators=(",", ":")).encode()
    return joined(lines), len(lines)


_random = random.Random(20260120)
RANDOM_BYTES = bytes(_random.randrange(256) for _ in range(3000))

CASES = {
    # not a save at all
    "empty file": (_whole(b""), ["the file is empty", "not a Parley save"]),
    "blank lines": (_whole(b"\n\n\n", 1), ["not a Parley save"]),
    "random JSON object": (_whole(b'{"hello": "world", "version": 1}\n', 1), ["not a Parley save"]),
    "JSON array": (_whole(b"[1, 2, 3]\n", 1), ["not a Parley save"]),
    "JSON string": (_whole(b'"parley-save"\n', 1), ["not a Parley save"]),
    "PNG image": (_whole(PNG, 1), ["not a Parley save"]),
    "random bytes": (_whole(RANDOM_BYTES, 1), ["not a Parley save"]),
    "plain text": (_whole(b"Dear diary,\ntoday I negotiated.\n", 1), ["not a Parley save"]),
    "YAML scenario file": (
        _whole((Path(__file__).parents[2] / "content/tutorial/scenario.yaml").read_bytes(), 1),
        ["not a Parley save"],
    ),
    # the header
    "newer format": (_header_edit(version=99), ["format 99", "newer", "update Parley"]),
    "version zero": (_header_edit(version=0), ["unknown save format version 0"]),
    "version as text": (_header_edit(version="1"), ["damaged save header", "no format version"]),
    "version as boolean": (_header_edit(version=True), ["damaged save header", "no format version"]),
    "header without seed": (_header_edit(seed=_DROP), ["damaged save header", "seed"]),
    "header seed as text": (_header_edit(seed="seven"), ["damaged save header", "seed"]),
    "header seed changed": (
        lambda lines: (_header_edit(seed=4)(lines)[0], 2),
        ["start (seed 3) does not match the header (seed 4)"],
    ),
    "header cut inside": (lambda lines: (lines[0][: len(lines[0]) // 2], 1), ["cut off inside its header"]),
    "header only": (lambda lines: (lines[0] + b"\n", 2), ["holds no game", "ends after its header"]),
    "header only, no newline": (lambda lines: (lines[0], 2), ["holds no game"]),
    # the log
    "command edited so the replay diverges": (
        lambda lines: (lambda d, i: (d, i + 1))(*_edit_line(_first_pass_cmd, lambda l: l.replace(b'"pass"', b'"recess"'))(lines)),
        ["does not replay", "event 1 of this action", "'passed'", "'recess_called'", "edited or damaged"],
    ),
    "event field edited": (_last_scores, ["does not replay", "('game_ended') differs", "scores"]),
    "event edited to an invalid one": (
        _edit_line(lambda lines: find_line(lines, b'"ev":{"type":"passed"'), lambda l: l.replace(b'"passed"', b'"pased"')),
        ["damaged save", "event record cannot be read"],
    ),
    "event with an unknown field": (
        _edit_line(lambda lines: find_line(lines, b'"ev":{"type":"passed"'), lambda l: l.replace(b'"by"', b'"by":"ru","who"')),
        ["event record cannot be read"],
    ),
    "event field of the wrong kind": (
        _edit_line(
            lambda lines: find_line(lines, b'"ev":{"type":"package_proposed"'),
            lambda l: l.replace(b'"package":', b'"package":"x', 1).replace(b',"items"', b'","items"', 1),
        ),
        ["event record cannot be read"],
    ),
    "command of an unknown kind": (
        _edit_line(_first_pass_cmd, lambda l: l.replace(b'"pass"', b'"fly"')),
        ["damaged save", "command record cannot be read"],
    ),
    "command count not a number": (
        _edit_line(_first_pass_cmd, lambda l: l.replace(b'"n":', b'"n":"') .replace(b"}\n", b"}")[:-1] + b'"}'),
        ["command record cannot be read"],
    ),
    "command count negative": (
        _edit_line(_first_pass_cmd, lambda l: l.replace(b'"n":2', b'"n":-2')),
        ["command record cannot be read"],
    ),
    "a command claims more events than follow it": (_n_up, ["damaged save", "expected event 3 of 3"]),
    "a command claims fewer events than follow it": (_n_down, ["does not replay", "logged with 1 event but the rules decide 2"]),
    "an event line removed": (_drop_event, ["expected event 2 of 2"]),
    "events swapped": (_swap_events, ["does not replay", "event 1 of this action", "'turn_ended'", "'passed'"]),
    "an action that caused nothing inserted": (_insert_noop, ["logged with no events"]),
    "an action repeated": (_duplicate_group, ["does not replay", "the rules refuse this action"]),
    "the start removed": (_drop_start, ["does not begin with the game's start"]),
    "a line that is not JSON": (
        _edit_line(_first_pass_cmd, lambda l: l[:-3]),
        ["damaged save", "not a valid record"],
    ),
    "a blank line": (_blank_line, ["not a valid record"]),
    "a line that is not UTF-8": (_not_utf8, ["not UTF-8"]),
    "a last line that is not an object": (_tail_not_object, ["not a valid record"]),
    "the end of the game edited away": (
        _replace_in_last(b'"type":"game_ended"', b'"type":"game_over"'),
        ["event record cannot be read"],
    ),
}


def _foreign(folder, good, content_root, scenario_for):
    data, _ = _header_edit(scenario="atlantis")(lines_of(good))
    path = folder / "foreign.parley"
    path.write_bytes(data)
    return Built(path, content_root, scenario_for, ["scenario 'atlantis'", "not installed"], 1)


def _foreign_real_lookup(folder, good, content_root, scenario_for):
    """The real lookup raises the loader's ContentError for an unknown id."""
    built = _foreign(folder, good, content_root, scenario_for)
    built.scenario_for = lambda sid: load_scenario_by_id(sid, content_root)
    return built


def _control_characters(folder, good, content_root, scenario_for):
    data, _ = _header_edit(scenario="evil\x1b[2J\nname")(lines_of(good))
    path = folder / "evil.parley"
    path.write_bytes(data)
    return Built(path, content_root, scenario_for, ["not installed"], 1)


def _changed_scenario(folder, good, content_root, scenario_for):
    """Saved with the tutorial as it was; a card title changed since: refused, because
    the log may no longer replay the same (the content hash differs)."""
    root = folder.parent / "changed-content"
    scenario_folder = copy_tutorial(root)
    rules = Rules(load_scenario(scenario_folder))
    path = folder / "before-the-change.parley"
    play_commands(rules, SCRIPTED_SEED, scripted_commands(), save_to=path)
    load(path, lambda sid: load_scenario_by_id(sid, root))  # loads before the change
    cards = scenario_folder / "cards.yaml"
    text = cards.read_text(encoding="utf-8")
    assert "title: Prisoner exchange" in text
    cards.write_text(text.replace("title: Prisoner exchange", "title: Prisoner swap"), encoding="utf-8")
    return Built(
        path, root, lambda sid: load_scenario_by_id(sid, root),
        ["made with a different version of scenario 'tutorial'", "cannot be replayed exactly"], 1,
    )


def _missing(folder, good, content_root, scenario_for):
    return Built(folder / "nothing.parley", content_root, scenario_for, ["cannot read the file"], None)


def _a_folder(folder, good, content_root, scenario_for):
    path = folder / "a-folder.parley"
    path.mkdir()
    return Built(path, content_root, scenario_for, ["cannot read the file"], None)


SPECIAL = {
    "scenario not installed": _foreign,
    "scenario not installed (loader lookup)": _foreign_real_lookup,
    "scenario id with control characters": _control_characters,
    "scenario changed since the save": _changed_scenario,
    "file missing": _missing,
    "a folder, not a file": _a_folder,
}
ALL_CASES = list(CASES) + list(SPECIAL)


@dataclass
class Built:
    path: Path
    content: Path
    scenario_for: Callable
    fragments: list[str]
    line: int | None


def build(name: str, folder: Path, good: bytes, content_root: Path, scenario_for: Callable) -> Built:
    if name in SPECIAL:
        return SPECIAL[name](folder, good, content_root, scenario_for)
    damage, fragments = CASES[name]
    data, line = damage(lines_of(good))
    path = folder / "damaged.parley"
    path.write_bytes(data)
    return Built(path, content_root, scenario_for, fragments, line)


@pytest.mark.parametrize("name", ALL_CASES)
def test_damaged_save_is_refused_clearly(name, good, saves, content_root, scenario_for, monkeypatch, capsys):
    built = build(name, saves, good, content_root, scenario_for)
    existed = built.path.exists()
    message = expect_refused(built.path, saves, built.scenario_for, built.fragments, built.line)
    assert message.isprintable()  # no control characters from the file reach the terminal
    expect_cli_refuses(built.path, saves, built.content, message, monkeypatch, capsys)
    assert built.path.exists() == existed


def test_cli_replay_refuses_every_damaged_save(tmp_path, good, rules, content_root, scenario_for):
    """The real `python -m game replay SAVE` on every damaged save: exit code 1, the
    message on stderr, no traceback, nothing on disk changed. (Run a few at a time:
    each process takes a second or so to start.)"""
    jobs = []
    for index, name in enumerate(ALL_CASES):
        folder = tmp_path / f"case{index}" / "saves"
        make_saves(folder, rules)
        built = build(name, folder, good, content_root, scenario_for)
        with pytest.raises(SaveError) as caught:
            load(built.path, built.scenario_for)
        jobs.append((name, built, folder, str(caught.value), snapshot(folder)))

    def run(job):
        name, built, folder, _message, _before = job
        return run_parley(["replay", str(built.path)], content=built.content, cwd=folder)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, jobs))
    problems = []
    for (name, _built, folder, message, before), result in zip(jobs, results):
        if (result.returncode, result.stdout, result.stderr) != (1, "", f"parley: {message}\n"):
            problems.append(f"{name}: exit {result.returncode}, stdout {result.stdout!r}, stderr {result.stderr!r}")
        if "Traceback" in result.stderr + result.stdout:
            problems.append(f"{name}: traceback")
        if snapshot(folder) != before:
            problems.append(f"{name}: the saves folder changed")
    assert not problems, "\n".join(problems)


def test_a_byte_flipped_anywhere_is_refused_or_harmless(tmp_path, good, rules, scenario_for):
    """Flip a bit at every offset: the save is refused with a SaveError, or it loads
    to exactly the game it held (the header's seats and name are not checked by the
    replay, and unknown header keys are allowed), or, when the final newline was hit,
    it loads as a cut-off save."""
    full_steps = load_good_steps(tmp_path, good, scenario_for)
    states = states_along(rules, full_steps)
    header_end = good.index(b"\n")
    header = json.loads(good[:header_end])
    path = tmp_path / "flipped.parley"
    loaded_count = 0
    for offset in range(len(good)):
        data = bytearray(good)
        data[offset] ^= (0x01, 0x20, 0x04)[offset % 3]  # a low bit, the case bit, a middle bit
        path.write_bytes(bytes(data))
        try:
            loaded = load(path, scenario_for)
        except SaveError as exc:
            assert str(exc).startswith(f"{path}:")
            continue
        loaded_count += 1
        if loaded.warnings:
            assert offset == len(good) - 1  # the last newline: the last line looks cut off
            k = len(loaded.steps)
            assert k == len(full_steps) - 1 and loaded.steps == full_steps[:k] and loaded.state == states[k - 1]
            continue
        assert offset < header_end, offset
        flipped = json.loads(bytes(data[:header_end]))
        changed = {key for key in set(header) | set(flipped) if header.get(key) != flipped.get(key)}
        assert not changed & {"format", "version", "scenario", "content_hash", "seed"}, changed
        assert loaded.steps == full_steps and loaded.state == states[-1]
    assert loaded_count < 100  # nearly every flip is caught


def load_good_steps(tmp_path, good, scenario_for):
    path = tmp_path / "good.parley"
    path.write_bytes(good)
    return load(path, scenario_for).steps



# ---------------------------------------------------------------------------- cut off, too large, engine failure


def test_a_save_cut_off_in_its_last_action_loads_with_a_warning(good, saves, content_root, scenario_for, rules):
    lines = lines_of(good)
    last_cmd = max(i for i, line in enumerate(lines) if line.startswith(b'{"cmd"'))
    data = joined(lines[:-1]) + lines[-1][:10]  # the last event was being written
    path = saves / "cut.parley"
    path.write_bytes(data)
    before = snapshot(saves)

    loaded = load(path, scenario_for)
    assert [w for w in loaded.warnings if "cut off" in w]
    assert any(f"line {last_cmd + 1}" in w for w in loaded.warnings)
    full = load_good_steps(saves.parent, good, scenario_for)
    assert loaded.steps == full[:-1]
    assert loaded.state == states_along(rules, full)[-2]

    result = run_parley(["replay", str(path), "--json"], content=content_root, cwd=saves)
    assert result.returncode == 0, result
    summary = json.loads(result.stdout)
    assert summary["verified"] is True and summary["actions"] == len(full) - 2
    assert result.stderr == "".join(f"parley: warning: {w}\n" for w in loaded.warnings)
    assert snapshot(saves) == before


def test_replay_prints_an_unfinished_game(good, saves, content_root):
    lines = lines_of(good)
    path = saves / "unfinished.parley"
    path.write_bytes(joined(lines[:-1]) + lines[-1][:10])
    result = run_parley(["replay", str(path)], content=content_root, cwd=saves)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0
    assert result.stdout.startswith("verified: ") and "still in progress" in result.stdout


def test_a_file_too_large_to_be_a_save(monkeypatch, good, saves, scenario_for):
    path = saves / "huge.parley"
    path.write_bytes(good)
    monkeypatch.setattr(log, "MAX_SAVE_BYTES", len(good) - 1)
    with pytest.raises(SaveError, match="too large to be a Parley save"):
        load(path, scenario_for)


def test_an_engine_failure_while_replaying_is_a_save_error(monkeypatch, good, saves, scenario_for):
    """The engine promises not to raise; if it ever does on a save's command (an edited
    save can send anything), loading still answers with a SaveError naming the line."""
    real_step = log.step
    calls = []

    def failing_step(rules, state, command):
        calls.append(command)
        if len(calls) == 3:
            raise OverflowError("date value out of range")
        return real_step(rules, state, command)

    path = saves / "boom.parley"
    path.write_bytes(good)
    monkeypatch.setattr(log, "step", failing_step)
    with pytest.raises(SaveError) as caught:
        load(path, scenario_for)
    lines = lines_of(good)
    cmd_lines = [i + 1 for i, line in enumerate(lines) if line.startswith(b'{"cmd"')]
    assert str(caught.value).startswith(f"{path}:{cmd_lines[2]}: the save does not replay")
    assert "OverflowError" in str(caught.value)




def test_an_edited_command_that_makes_the_engine_fail_is_a_save_error(tmp_path):
    """A once-real case of the above: MoveNextRound(days=10**9) made the engine raise
    OverflowError. Commands now bound their numbers, so such a record is refused as
    unreadable; either way a save holding it is refused with a message, not a traceback."""
    folder = copy_tutorial(tmp_path / "content")
    main = folder / "scenario.yaml"
    text = main.read_text(encoding="utf-8")
    anchor = "  end: 2026-01-21\n"
    assert text.count(anchor) == 1
    text = text.replace(anchor, "  end: 2026-02-28\n")
    anchor = "      turns: 9\n      source: invented\n"
    assert text.count(anchor) == 1
    text = text.replace(anchor, anchor + (
        "    - id: second\n      label: Second round\n      place: Abu Dhabi\n"
        "      start: 2026-02-01\n      end: 2026-02-01\n      turns: 3\n      source: invented\n"
    ))
    main.write_text(text, encoding="utf-8")
    scenario = load_scenario(folder)
    rules = Rules(scenario)

    path = tmp_path / "saves" / "moved.parley"
    session = play_commands(rules, 5, [C.MoveNextRound(days=3)], save_to=path)
    assert len(session.steps) == 2  # a reasonable move is fine
    with path.open("a", encoding="utf-8") as f:
        f.write('{"cmd":{"kind":"move_round","by":"facilitator","days":1000000000},"n":1}\n')
        f.write('{"ev":{"type":"paused"}}\n')
    line = len(path.read_bytes().splitlines()) - 1
    before = snapshot(path.parent)
    with pytest.raises(SaveError) as caught:
        load(path, lambda sid: scenario)
    assert str(caught.value) == f"{path}:{line}: damaged save: this command record cannot be read"
    assert snapshot(path.parent) == before


def test_text_from_an_edited_command_is_not_printed_raw(good, saves, content_root, scenario_for, monkeypatch, capsys):
    """A refusal quotes the command (an unknown card id here): its control characters
    are escaped, whatever the file holds."""
    lines = lines_of(good)
    i = find_line(lines, b'"cmd":{"kind":"propose"')
    record = json.loads(lines[i])
    record["cmd"]["items"] = {"\x1b]0;pwned\x07\n": "x"}
    lines[i] = json.dumps(record).encode()
    path = saves / "escape.parley"
    path.write_bytes(joined(lines))
    message = expect_refused(path, saves, scenario_for, ["does not replay", "the rules refuse this action"], i + 1)
    assert message.isprintable() and "\\x1b" in message
    expect_cli_refuses(path, saves, content_root, message, monkeypatch, capsys)
