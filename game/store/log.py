"""The game log on disk: a save *is* the log.

Format (JSON Lines, UTF-8, one record per line):

    {"format": "parley-save", "version": 2, "scenario": ..., "content_hash": ..., "seed": ..., "created": ..., "seats": {...}}
    {"cmd": {...command...}, "n": 3}
    {"ev": {...event...}}
    {"ev": {...event...}}
    {"ev": {...event...}}
    {"cmd": ...}

Each command is followed by the `n` events it caused; the group is written with one
`write` and flushed, so a crash loses at most the action in flight. Loading replays
every command through the engine and checks that it decides exactly the logged
events; a cut-off last group is dropped (and reported), anything else that does not
add up refuses the save with a message naming the line. Loading never writes.

`created` is the wall-clock time of a game started by a person; simulated games
leave it `null` so that the same arguments always give the same bytes.

A save holds no words of the scenario or of the rules, only ids and codes, so that a
game played in one language reads in any other (format 2). A format-1 save wrote some
of them in English (why a package lapsed, why an event fired, the scenario's messages);
it still loads: those fields are taken as the rules decide them now.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from game.content.models import Scenario
from game.content.yamlsource import ContentError
from game.engine import commands as C
from game.engine import events as E
from game.engine.core import Outcome, blank_state, step
from game.engine.rules import Rules
from game.engine.state import GameState
from game.i18n import _, formats, ngettext
from game.i18n.engine import refusal
from game.i18n.names import Names

FORMAT = "parley-save"
VERSION = 2
# The fields of a format-1 save that held English words instead of codes: what the rules
# decide now stands in for them when such a save is checked (`_upgrade_v1`).
_V1_WORDING = {
    "package_lapsed": ("why",),
    "event_fired": ("reason", "date", "round", "by", "proposer", "chance"),
    "message_sent": ("text", "headline", "effect"),
    "game_ended": ("text", "cause", "effect"),
}
SUFFIX = ".parley"
MAX_SAVE_BYTES = 64_000_000

_COMMAND = TypeAdapter(C.Command)
_EVENT = TypeAdapter(E.Event)


class SaveError(Exception):
    """A save that cannot be loaded; the message says what is wrong, for a person."""


class Header(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow")

    format: str
    version: int
    scenario: str
    content_hash: str
    seed: int
    created: str | None = None
    seats: dict[str, str] = {}
    name: str | None = None


Step = tuple[C.Command, tuple[E.Event, ...]]


def as_record(model: C.Command | E.Event) -> dict[str, Any]:
    """A command or event as the log writes it: empty optional fields (None) are left out."""
    return model.model_dump(mode="json", exclude_none=True)


def encode_step(command: C.Command, events: Iterable[E.Event]) -> str:
    events = tuple(events)
    lines = [json.dumps({"cmd": as_record(command), "n": len(events)}, separators=(",", ":"))]
    lines += [json.dumps({"ev": as_record(e)}, separators=(",", ":")) for e in events]
    return "\n".join(lines) + "\n"


def encode_header(header: Header) -> str:
    return json.dumps(header.model_dump(mode="json"), separators=(",", ":")) + "\n"


def make_header(scenario: Scenario, seed: int, created: str | None, seats: dict[str, str], name: str | None = None) -> Header:
    return Header(
        format=FORMAT, version=VERSION, scenario=scenario.id, content_hash=scenario.content_hash,
        seed=seed, created=created, seats=dict(seats), name=name,
    )


class LogWriter:
    """Appends a game's steps to its save file as they happen."""

    def __init__(self, path: Path, header: Header | None, *, fsync: bool = True):
        """A new save at `path` (never over an existing file); with `header=None`, go on
        appending to the complete save already there (see `LogWriter.reopen`)."""
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fsync = fsync
        if header is None:
            self._file = open(self.path, "ab", buffering=0)
            return
        self._file = open(self.path, "xb", buffering=0)  # never overwrite a save; no hidden buffer
        self._write(encode_header(header))

    @classmethod
    def reopen(cls, path: Path, header: Header, steps: Iterable[Step], *, fsync: bool = True) -> LogWriter:
        """Go on writing a loaded game. The save is first rewritten whole and atomically
        from what loaded, so that a cut-off last action can never sit before the next one."""
        write_save(path, header, steps)
        return cls(path, None, fsync=fsync)

    def append(self, command: C.Command, events: Iterable[E.Event]) -> None:
        self._write(encode_step(command, events))

    def _write(self, text: str) -> None:
        data = text.encode("utf-8")
        good = self._file.tell()
        try:
            written = 0
            while written < len(data):
                written += self._file.write(data[written:])
        except OSError:
            # A half-written action (disk full) must not stay in front of the next one.
            try:
                self._file.truncate(good)
                self._file.seek(good)
            except OSError:
                pass
            raise
        if self._fsync:
            os.fsync(self._file.fileno())

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()

    def __enter__(self) -> LogWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_save(path: Path, header: Header, steps: Iterable[Step]) -> None:
    """Write a whole save atomically: a temporary file, then a rename over `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(encode_header(header))
        for command, events in steps:
            f.write(encode_step(command, events))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


@dataclass
class LoadedGame:
    header: Header
    rules: Rules
    state: GameState
    steps: list[Step]
    warnings: list[str] = field(default_factory=list)

    @property
    def events(self) -> list[E.Event]:
        return [e for _command, events in self.steps for e in events]


def _fail(path: Path, line: int | None, message: str) -> SaveError:
    where = f"{path}:{line}" if line else str(path)
    # Parts of the message can come from the file (names, a refusal quoting a card id):
    # never let its control characters reach the terminal.
    message = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in message)
    return SaveError(f"{where}: {message}")


def _quoted(text: str) -> str:
    """A name from the file, safe to print: no control characters, not too long."""
    if text.isprintable() and len(text) <= 80:
        return f"'{text}'"
    return repr(text[:80])


def read_header(path: Path) -> Header:
    """Only the first line: enough to list a save without replaying it."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            first = f.readline(1_000_000)
    except OSError as exc:
        raise _fail(path, None, _("cannot read the file ({problem})").format(problem=exc.strerror or exc)) from None
    return _parse_header(path, first, cut=not first.endswith(b"\n"))


_HEADER_START = json.dumps({"format": FORMAT}, separators=(",", ":"))[:-1].encode()  # b'{"format":"parley-save"'


def _parse_header(path: Path, first: bytes, cut: bool = False) -> Header:
    """`first` is the first line; `cut` says the file ends inside it (no newline after it)."""
    if not first.strip():
        if cut:
            raise _fail(path, None, _("the file is empty; it is not a Parley save"))
        raise _fail(path, 1, _("not a Parley save (the first line is not a save header)"))
    try:
        data = json.loads(first.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        if cut and (first.startswith(_HEADER_START) or _HEADER_START.startswith(first.strip())):
            raise _fail(path, 1, _("the save was cut off inside its header; it holds no game")) from None
        raise _fail(path, 1, _("not a Parley save (the first line is not a save header)")) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _fail(path, 1, _("not a Parley save (the first line is not a save header)"))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _fail(path, 1, _("damaged save header: no format version"))
    if version > VERSION:
        raise _fail(path, 1, _("this save uses format {version}, newer than this Parley reads ({readable}); "
                               "update Parley to open it").format(version=version, readable=VERSION))
    try:
        return Header.model_validate(data)
    except ValidationError as exc:
        from game.content.loader import pydantic_message

        error = exc.errors(include_url=False)[0]
        field_name = ".".join(str(p) for p in error["loc"])
        raise _fail(path, 1, _("damaged save header: {field}: {problem}").format(
            field=field_name, problem=pydantic_message(error))) from None


def load(path: Path | str, scenario_for: Callable[[str], Scenario]) -> LoadedGame:
    """Read, replay and verify a save. Raises SaveError with a message for a person."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_SAVE_BYTES:
            raise _fail(path, None, _("the file is {size} MB, too large to be a Parley save").format(
                size=formats.number(size / 1e6, 0)))
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(path, None, _("cannot read the file ({problem})").format(problem=exc.strerror or exc)) from None
    lines = raw.split(b"\n")
    header = _parse_header(path, lines[0], cut=len(lines) == 1)
    if header.version < 1:
        raise _fail(path, 1, _("unknown save format version {version}").format(version=header.version))
    not_installed = _("this save is of scenario {scenario}, which is not installed here")
    try:
        scenario = scenario_for(header.scenario)
    except ContentError as exc:
        if any(p.path == "scenario" for p in exc.problems):  # no such scenario folder
            raise _fail(path, 1, not_installed.format(scenario=_quoted(header.scenario))) from None
        raise _fail(
            path, 1,
            _("this save is of scenario {scenario}, which is installed but does not load "
              "({count} problem(s); run `parley validate`)").format(
                scenario=_quoted(header.scenario), count=len(exc.problems)),
        ) from None
    except Exception:
        raise _fail(path, 1, not_installed.format(scenario=_quoted(header.scenario))) from None
    if scenario.content_hash != header.content_hash:
        raise _fail(
            path, 1,
            _("this save was made with a different version of scenario {scenario} "
              "(its files have changed since), so it cannot be replayed exactly").format(
                scenario=_quoted(header.scenario)),
        )
    rules = Rules(scenario)

    warnings: list[str] = []
    records: list[tuple[int, dict[str, Any]]] = []
    body = lines[1:]
    # The text after the last newline is a line being written when the game stopped
    # (empty for a save that ends with its newline, absent when the file is all header).
    complete, tail = body[:-1], (body[-1] if body else b"")
    for offset, line in enumerate(complete, start=2):
        records.append((offset, _parse_record(path, offset, line)))
    tail_cut = False
    if tail.strip():
        try:
            last = json.loads(tail.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            tail_cut = True
        else:
            if not isinstance(last, dict):
                raise _fail(path, len(lines), _("damaged save: this line is not a valid record"))
            records.append((len(lines), last))

    steps: list[Step] = []
    state = blank_state(rules)
    i = 0
    while i < len(records):
        line_no, record = records[i]
        if "cmd" not in record:
            raise _fail(path, line_no, _("damaged save: expected a command record here"))
        try:
            command = _COMMAND.validate_python(record["cmd"])
            count = record["n"]
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise ValueError
        except (ValidationError, KeyError, TypeError, ValueError):
            raise _fail(path, line_no, _("damaged save: this command record cannot be read")) from None
        if count == 0:
            # Only actions that happened are logged: a refused command causes no event.
            raise _fail(path, line_no, _("damaged save: this action is logged with no events, so it never happened"))
        group = records[i + 1 : i + 1 + count]
        logged: list[tuple[int, dict[str, Any]]] = []
        for ev_line, ev_record in group:
            # Check the records before deciding the group was cut off: a group that runs
            # into the next command is damage, not the end of the file.
            if "ev" not in ev_record:
                raise _fail(path, ev_line, _("damaged save: expected event {number} of {count} of the action at line "
                                             "{line} here").format(number=len(logged) + 1, count=count, line=line_no))
            if header.version >= 2:
                _read_event(path, ev_line, ev_record["ev"])
            elif not isinstance(ev_record["ev"], dict):
                raise _fail(path, ev_line, _("damaged save: this event record cannot be read"))
            logged.append((ev_line, ev_record["ev"]))
        if len(group) < count:
            warnings.append(_cut_off(line_no))
            tail_cut = False  # that is the one cut-off action
            break
        if not steps:
            if not isinstance(command, C.Start):
                raise _fail(path, line_no, _("damaged save: the log does not begin with the game's start"))
            if command.seed != header.seed:
                raise _fail(
                    path, line_no,
                    _("damaged save: the game's start (seed {start}) does not match the header (seed {header})").format(
                        start=command.seed, header=header.seed),
                )
        try:
            outcome: Outcome = step(rules, state, command)
        except Exception as exc:  # the engine promises not to raise; a save must not crash loading if it does
            detail = " ".join(str(exc).split())[:200]
            raise _fail(
                path, line_no,
                _("the save does not replay: the rules fail on this action ({error}: {detail}); "
                  "this is a bug in Parley, please report it with the save").format(
                    error=type(exc).__name__, detail=detail),
            ) from None
        if header.version < 2:
            logged = _upgrade_v1(outcome, logged)
            for ev_line, ev in logged:
                _read_event(path, ev_line, ev)
        problem = _divergence(outcome, logged, rules)
        if problem is not None:
            raise _fail(path, problem[0] or line_no, problem[1])
        state = outcome.state
        steps.append((command, outcome.events))
        i += 1 + count
    if tail_cut:
        warnings.append(_cut_off(len(lines)))
    if not steps:
        if warnings:
            raise _fail(path, 2, _("the save holds no game (it was cut off while the game was being set up)"))
        raise _fail(path, 2, _("the save holds no game (it ends after its header)"))
    return LoadedGame(header=header, rules=rules, state=state, steps=steps, warnings=warnings)


def _read_event(path: Path, line_no: int, record: object) -> None:
    try:
        _EVENT.validate_python(record)
    except (ValidationError, TypeError):
        raise _fail(path, line_no, _("damaged save: this event record cannot be read")) from None


def _cut_off(line_no: int) -> str:
    """The warning for the last action, cut off in the file (a game stopped while it was written)."""
    return _("the action at line {line} was cut off when the game stopped and was dropped").format(line=line_no)


def _upgrade_v1(outcome: Outcome, logged: list[tuple[int, dict[str, Any]]]) -> list[tuple[int, dict[str, Any]]]:
    """A format-1 action's events with their English wording replaced by the codes the
    rules decide now; every other field is still checked against the rules."""
    decided = [as_record(e) for e in outcome.events]
    out = []
    for index, (line, theirs) in enumerate(logged):
        ours = decided[index] if index < len(decided) else None
        kind = theirs.get("type")
        wording = _V1_WORDING.get(kind) if isinstance(kind, str) else None
        if ours is not None and wording and ours.get("type") == kind and ours.get("cause") != "facilitator":
            theirs = {key: value for key, value in theirs.items() if key not in wording}
            theirs.update({key: ours[key] for key in wording if key in ours})
        out.append((line, theirs))
    return out


def _parse_record(path: Path, line_no: int, line: bytes) -> dict[str, Any]:
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        raise _fail(path, line_no, _("damaged save: this line is not UTF-8 text")) from None
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        raise _fail(path, line_no, _("damaged save: this line is not a valid record")) from None
    if not isinstance(record, dict):
        raise _fail(path, line_no, _("damaged save: this line is not a valid record"))
    return record


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _divergence(outcome: Outcome, logged: list[tuple[int, dict[str, Any]]], rules: Rules) -> tuple[int | None, str] | None:
    """None when the rules decide exactly the logged events, else (line, message).

    Events are compared as they are written (their JSON), not as parsed models: a
    parsed event need not equal the one the engine decided even when the bytes are
    the same (a `date | str` field reads a date back as a string).
    """
    decided = [as_record(e) for e in outcome.events]
    for index, (ours, (line, theirs)) in enumerate(zip(decided, logged)):
        if _canonical(ours) == _canonical(theirs):
            continue
        kind = theirs.get("type") if isinstance(theirs, dict) else None
        if kind != ours.get("type"):
            message = _("the save does not replay: event {number} of this action is logged as '{logged}' but the rules "
                        "decide '{decided}' (the file was edited or damaged)")
            return line, message.format(number=index + 1, logged=kind, decided=ours.get("type"))
        fields = sorted(k for k in set(ours) | set(theirs) if _canonical(ours.get(k)) != _canonical(theirs.get(k)))
        message = _("the save does not replay: event {number} of this action ('{kind}') differs from what the rules "
                    "decide in: {fields} (the file was edited or damaged)")
        return line, message.format(number=index + 1, kind=kind, fields=", ".join(fields))
    if len(decided) != len(logged):
        if outcome.refusal is not None and not decided:
            refused = refusal(outcome.refusal, Names(rules.scenario))
            return None, _("the save does not replay: the rules refuse this action ({refusal}) "
                           "(the file was edited or damaged)").format(refusal=refused)
        # Translators: {logged} and {decided} are numbers of events: "3 events".
        message = _("the save does not replay: this action is logged with {logged} but the rules decide {decided} "
                    "(the file was edited or damaged)")
        return None, message.format(logged=_events(len(logged)), decided=_events(len(decided)))
    return None


def _events(count: int) -> str:
    return ngettext("{count} event", "{count} events", count).format(count=count)
