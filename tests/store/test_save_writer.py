"""LogWriter: a save is appended as the game goes, one flushed write per action, and
never written over."""

from __future__ import annotations

import pytest
from _savetools import SCRIPTED_SEED, SEATS, scripted_commands

from game.engine import commands as C
from game.session import LocalSession
from game.store.log import LogWriter, encode_header, encode_step, load, make_header, write_save


class CountingFile:
    """Wraps the writer's file to record what it is asked to do."""

    def __init__(self, inner):
        self.inner = inner
        self.calls: list[str] = []

    def write(self, text):
        self.calls.append("write")
        return self.inner.write(text)

    def flush(self):
        self.calls.append("flush")
        return self.inner.flush()

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_the_writer_never_overwrites_a_file(tmp_path, rules):
    path = tmp_path / "taken.parley"
    path.write_bytes(b"someone's save\n")
    mtime = path.stat().st_mtime_ns
    header = make_header(rules.scenario, 1, None, SEATS)
    with pytest.raises(FileExistsError):
        LogWriter(path, header)
    with pytest.raises(FileExistsError):
        LocalSession.start(rules, 1, save_to=path)
    assert path.read_bytes() == b"someone's save\n" and path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.parley"]

    # not even a save the writer made itself
    mine = tmp_path / "mine.parley"
    LogWriter(mine, header).close()
    before = mine.read_bytes()
    with pytest.raises(FileExistsError):
        LogWriter(mine, header)
    assert mine.read_bytes() == before == encode_header(header).encode()


@pytest.mark.parametrize("fsync", [True, False])
def test_each_action_is_on_disk_when_submit_returns(tmp_path, rules, scenario_for, fsync):
    path = tmp_path / "live.parley"
    session = LocalSession.start(rules, SCRIPTED_SEED, save_to=path, seats=dict(SEATS), fsync=fsync)
    writer = session.writer
    assert writer is not None
    header_text = encode_header(make_header(rules.scenario, SCRIPTED_SEED, None, SEATS))
    expected = header_text + encode_step(*session.steps[0])
    assert path.read_bytes() == expected.encode()  # the header and the start, before any action

    counting = CountingFile(writer._file)
    writer._file = counting
    for command in scripted_commands():
        counting.calls.clear()
        outcome = session.submit(command)
        if not outcome.events:
            assert counting.calls == []  # a refused action leaves no trace
            continue
        # one unbuffered write of the whole group (command and its events)
        assert counting.calls == ["write"]
        expected += encode_step(command, outcome.events)
        # read back through a separate handle while the writer is still open
        with open(path, "rb") as other:
            assert other.read() == expected.encode()
        loaded = load(path, scenario_for)
        assert loaded.state == session.state and loaded.warnings == []
    session.close()
    session.close()  # closing twice is harmless
    assert path.read_bytes() == expected.encode()


class FailingFile(CountingFile):
    """Writes part of what it is given, then fails, as a full disk does."""

    def __init__(self, inner):
        super().__init__(inner)
        self.fail = True

    def write(self, data):
        if self.fail:
            self.fail = False
            self.inner.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")
        return self.inner.write(data)


def test_a_failed_write_leaves_no_half_action_and_changes_nothing(tmp_path, rules, scenario_for):
    path = tmp_path / "full.parley"
    session = LocalSession.start(rules, SCRIPTED_SEED, save_to=path, seats=dict(SEATS), fsync=False)
    commands = [c for c in scripted_commands()]
    first = session.submit(commands[0])
    assert first.events
    before_state, before_steps, before_bytes = session.state, list(session.steps), path.read_bytes()
    session.writer._file = FailingFile(session.writer._file)
    with pytest.raises(OSError):
        session.submit(commands[1])
    assert path.read_bytes() == before_bytes  # the half-written action is gone
    assert session.state == before_state and session.steps == before_steps  # and the game did not move
    session.submit(commands[1])  # the disk has room again
    assert load(path, scenario_for).state == session.state
    session.close()


def test_the_writer_creates_the_saves_folder(tmp_path, rules):
    path = tmp_path / "new" / "deeper" / "game.parley"
    with LogWriter(path, make_header(rules.scenario, 1, None, {}), fsync=False) as writer:
        writer.append(C.Start(seed=1), ())
    assert path.is_file()


def test_write_save_replaces_atomically_and_leaves_no_temporary_file(tmp_path, rules, scenario_for):
    session = LocalSession.start(rules, 2, fsync=False)
    for command in scripted_commands()[:5]:
        session.submit(command)
    path = tmp_path / "whole.parley"
    path.write_bytes(b"an older copy\n")
    write_save(path, session.header(seats=dict(SEATS)), session.steps)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["whole.parley"]
    loaded = load(path, scenario_for)
    assert loaded.state == session.state and loaded.steps == session.steps
