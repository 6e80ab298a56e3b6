"""`parley serve`: browser seats for students without a terminal.

The page is textual-serve's: a terminal drawn in the browser (xterm.js) whose process
is a `parley join HOST` run on this machine, one per browser tab, started when the tab
connects and stopped when it closes. Textual's web driver speaks to that page instead
of a terminal, so the student sees the same game as `parley join` and types their own
seat's join code on its join screen. Everything the page loads comes from this server
but a web font, which falls back to the browser's monospace font: no internet needed.

All game traffic goes through the same `parley host`, with the same codes and the same
redaction: to the host a browser seat is an ordinary client. This page server holds no
game state and knows no codes; stopping it ends the browser sessions, not the tables
(a student rejoins with the same code).
"""

from __future__ import annotations

import asyncio
import os
import shlex
import socket
import sys
from typing import Any, Callable
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from game.signals import stop_on_signals

TITLE = "Parley"
ANY_ADDRESS = ("", "0.0.0.0", "::")
QUIT_WITHIN = 1.0  # seconds a tab's game gets to quit (its tab closed, or the server stopping) before it is killed
SHUTDOWN_SECONDS = 1.5  # how long open browser sessions get to end on Ctrl+C: their games' quit, and a little more


def join_command(uri: str) -> str:
    """The shell command textual-serve runs for each browser tab: this same Python
    running `parley join URI`, with no code (the student types it in the page)."""
    command = shlex.join([sys.executable, "-m", "game", "join", uri])
    # exec: the game replaces the shell, so stopping the session stops the game.
    return command if os.name == "nt" else f"exec {command}"


class Session(AppService):
    """One browser tab's `parley join`. textual-serve closes the page only when the game
    says it is leaving; a game that could not start or that died would leave the tab on
    its loading screen for ever. Here the page closes whenever the process ends, and
    the tab shows "Session ended" with a Restart button."""

    async def run(self) -> None:
        await super().run()
        await self.remote_close()

    async def stop(self) -> None:
        """textual-serve's stop asks the game to quit and waits for it for as long as it
        takes: a game that does not quit (hung, or not a Textual app) held Ctrl+C for the
        server's whole shutdown timeout, then outlived the server. Here it is killed
        after `QUIT_WITHIN`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + QUIT_WITHIN
        try:
            # (textual-serve's reading task swallows a cancellation, so a timeout here
            # may return quietly: what counts is whether the process ended.)
            await asyncio.wait_for(super().stop(), QUIT_WITHIN)
        except (TimeoutError, asyncio.TimeoutError):
            pass
        process = self._process  # textual-serve's handle on the game's process
        if process is None:
            return
        if process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), max(0.05, deadline - loop.time()))
        except (TimeoutError, asyncio.TimeoutError):
            try:
                process.kill()
            except ProcessLookupError:  # it ended meanwhile
                pass
            await process.wait()


class PageServer(Server):
    """textual-serve's server. Without a public URL the page's own links (its scripts,
    its websocket) follow the address the browser used, so one server answers on
    localhost and on the classroom network alike."""

    def __init__(self, command: str, *, bind: str, port: int, public_url: str | None):
        super().__init__(command, host=bind, port=port, title=TITLE, public_url=public_url)
        self.fixed_url = public_url.rstrip("/") if public_url else None
        self.open_pages: set[web.WebSocketResponse] = set()
        self.sessions: set[Session] = set()
        self.stopping = False

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        base = self.fixed_url or str(request.url.origin())
        scheme, rest = base.split(":", 1)
        router = request.app.router
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": ("wss:" if scheme == "https" else "ws:") + rest + str(router["websocket"].url_for()),
            "config": {"static": {"url": base + str(router["static"].url_for(filename="/")).rstrip("/") + "/"}},
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's, with a Session for each tab."""
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        session = Session(self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                          close=websocket.close, download_manager=self.download_manager)
        self.open_pages.add(websocket)
        self.sessions.add(session)  # from before its game starts, so that a stop meanwhile stops it too
        try:
            await session.start(to_int(request.query.get("width", "80"), 80), to_int(request.query.get("height", "24"), 24))
            if not self.stopping:
                await self._process_messages(websocket, session)
        finally:
            self.open_pages.discard(websocket)
            await session.stop()  # asks the game to quit and waits for it (a while)
            self.sessions.discard(session)
        return websocket

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C: every open page is closed and every tab's game stopped (killed if it
        does not quit in time), all at once and bounded: a tab that never answers the
        close must neither hold the server nor leave its game running after it."""
        self.stopping = True
        tasks = [asyncio.create_task(page.close(code=WSCloseCode.GOING_AWAY, message=b"parley serve stopped"))
                 for page in list(self.open_pages)]
        tasks += [asyncio.create_task(session.stop()) for session in list(self.sessions)]
        if tasks:
            await asyncio.wait(tasks, timeout=QUIT_WITHIN + 0.25)
        for session in list(self.sessions):  # a stop the loop was too busy to finish: kill its game now
            process = session._process
            if process is not None and process.returncode is None:
                try:
                    process.kill()
                except ProcessLookupError:
                    pass

    async def on_startup(self, app: web.Application) -> None:
        """Nothing to print: `serve` says what to tell students once it is listening."""


def page_address(bind: str, port: int, public_url: str | None) -> str:
    """The address to give students."""
    if public_url:
        return public_url
    host = bind
    if bind in ANY_ADDRESS:  # every interface: guess the one facing the classroom network
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.connect(("192.0.2.1", 9))  # no packet is sent for a UDP connect
                host = probe.getsockname()[0]
        except OSError:
            host = socket.gethostname()
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def host_answers(uri: str, timeout: float = 1.0) -> bool:
    """Whether something accepts connections at the host's address (a quick TCP connect)."""
    try:
        parts = urlsplit(uri)
        port = parts.port or (443 if parts.scheme == "wss" else 80)
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            return True
    except (OSError, ValueError):
        return False


async def _run(page: PageServer, bind: str, port: int, announce: Callable[[int], None]) -> None:
    stop = stop_on_signals()
    runner = web.AppRunner(await page._make_app(), shutdown_timeout=SHUTDOWN_SECONDS, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, bind or None, port).start()
        announce(runner.addresses[0][1])  # the port, as picked when --port 0
        await stop.wait()
    finally:
        await runner.cleanup()  # closes the browser sessions, which stops their games


def serve(uri: str, *, bind: str, port: int, public_url: str | None = None) -> int:
    """Serve the browser seats until Ctrl+C; 0, or 1 after saying what went wrong."""
    if not 0 <= port < 65536:
        print(f"parley: --port must be from 0 to 65535, not {port}", file=sys.stderr)
        return 1
    if public_url and not public_url.startswith(("http://", "https://")):
        print(f"parley: --public-url must start with http:// or https://, not {public_url!r}", file=sys.stderr)
        return 1

    def announce(listening_port: int) -> None:
        if not host_answers(uri):
            print(f"parley: warning: no parley host answers at {uri} yet; "
                  "students can join once it is running.", file=sys.stderr)
        print(f"Browser seats for the parley host at {uri}.")
        print(f"Tell students to open {page_address(bind, listening_port, public_url)} in a browser")
        print("and type their own seat's join code (one of those `parley host` printed).")
        print("Each browser tab runs `parley join` on this machine. Stop with Ctrl+C.", flush=True)

    page = PageServer(join_command(uri), bind=bind, port=port, public_url=public_url)
    try:
        asyncio.run(_run(page, bind, port, announce))
    except OSError as exc:  # the port is taken, the address is not this machine's...
        reason = os.strerror(exc.errno) if exc.errno and exc.errno > 0 else exc.strerror or exc
        print(f"parley: cannot serve the page on {bind}:{port}: {reason}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0
