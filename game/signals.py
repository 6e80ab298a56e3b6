"""Stopping a long-running command (`parley host`, `parley serve`) on Ctrl+C or SIGTERM."""

from __future__ import annotations

import asyncio
import signal


def stop_on_signals() -> asyncio.Event:
    """An event set by Ctrl+C (SIGINT) or SIGTERM, on the running event loop.

    Installed here, not left to Python's default: a program started in the background
    by a shell or a script inherits SIGINT *ignored*, and asyncio then leaves it so,
    which made `parley host` deaf to Ctrl+C (and to the tests' SIGINT) there. Where the
    loop cannot take signal handlers (Windows), Ctrl+C still cancels asyncio.run's task."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, stop.set)
        except (NotImplementedError, RuntimeError):
            pass
    return stop
