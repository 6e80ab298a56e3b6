"""The saves folder as a list a person chooses from: for each save, its scenario,
the date and round reached in the game, who played what, and when it was last
played. Listing reads the log's lines without replaying it (loading still
verifies everything); a save that cannot be read is listed with the reason.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from game.i18n import _
from game.store.log import SUFFIX, Header, SaveError, read_header

_WANTED = (b'"type":"round_started"', b'"type":"date_advanced"', b'"type":"game_ended"')


@dataclass(frozen=True)
class SaveInfo:
    path: Path
    modified: float  # wall-clock time of the last write (seconds since the epoch)
    header: Header | None = None
    problem: str | None = None  # why the save cannot be read, for a person
    date: dt.date | None = None  # the date reached in the game
    round: str | None = None  # the last round opened
    actions: int = 0
    ended: str | None = None  # how the game ended, if it did

    @property
    def name(self) -> str:
        return self.path.name.removesuffix(SUFFIX)

    @property
    def seats(self) -> str:
        if self.header is None or not self.header.seats:
            return "-"
        return ", ".join(f"{d}: {kind}" for d, kind in self.header.seats.items())


def describe_save(path: Path) -> SaveInfo:
    path = Path(path)
    try:
        modified = path.stat().st_mtime
        header = read_header(path)
    except (OSError, SaveError) as exc:
        return SaveInfo(path=path, modified=0.0, problem=str(exc).split(": ", 1)[-1])
    date = round_id = ended = None
    actions = -1  # the opening (start) command is not an action
    try:
        with open(path, "rb") as f:
            f.readline()
            for line in f:
                if line.startswith(b'{"cmd"'):
                    actions += 1
                elif any(key in line for key in _WANTED):
                    event = json.loads(line)["ev"]
                    if event["type"] == "round_started":
                        round_id, date = event["round"], dt.date.fromisoformat(event["date"])
                    elif event["type"] == "date_advanced":
                        date = dt.date.fromisoformat(event["date"])
                    else:
                        ended = event["reason"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return SaveInfo(path=path, modified=modified, header=header,
                        problem=_("damaged save ({error})").format(error=type(exc).__name__))
    return SaveInfo(
        path=path, modified=modified, header=header, date=date, round=round_id, actions=max(actions, 0), ended=ended
    )


def list_saves(folder: Path) -> list[SaveInfo]:
    """Every save in `folder`, most recently played first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    infos = [describe_save(p) for p in folder.glob(f"*{SUFFIX}") if p.is_file()]
    # Equal times: the game's own save before a named copy of it.
    return sorted(infos, key=lambda i: (-i.modified, i.header is not None and i.header.name is not None, i.path.name))


def latest_unfinished(folder: Path) -> SaveInfo | None:
    """The save to continue: the most recently played game that has not ended."""
    for info in list_saves(folder):
        if info.problem is None and info.ended is None:
            return info
    return None
