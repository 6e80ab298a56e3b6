"""Writing a file whole or not at all (a debrief, an export): a temporary file beside
it, then a rename, so that a reader never sees half a file."""

from __future__ import annotations

import os
from pathlib import Path

from game.i18n import _


def write_text_atomically(path: Path, text: str, *, private: bool = False) -> None:
    """Write `text` to `path`; raises OSError (with a message for a person) and leaves
    nothing behind when it cannot. The file gets the usual permissions (the umask's),
    or, `private`, its owner's alone (a file of secrets)."""
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(21, _("it is a folder"), str(path))
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o666)
        with open(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise
