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
import html
import os
import shlex
import socket
import sys
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from game.i18n import _, current, formats, ngettext
from game.net.addresses import reachable, url
from game.net.limits import SERVE_IDLE_MINUTES, SERVE_PER_ADDRESS, SERVE_SESSIONS
from game.signals import stop_on_signals

TITLE = "Parley"
QUIT_WITHIN = 1.0  # seconds a tab's game gets to quit (its tab closed, or the server stopping) before it is killed
SHUTDOWN_SECONDS = 1.5  # how long open browser sessions get to end on Ctrl+C: their games' quit, and a little more

FULL_PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;line-height:1.5}}</style></head>
<body><h1>{heading}</h1><p>{why}</p><p>{advice}</p></body></html>"""


def full_page(why: str) -> str:
    """The page a browser gets when there is no seat for it now, saying `why`."""
    def text(words: str) -> str:
        return html.escape(words, quote=False)

    return FULL_PAGE.format(
        lang=html.escape(current()), title=text(_("Parley: no free seat here")), heading=text(_("No free browser seat")),
        why=text(why),
        advice=text(_("Close a Parley tab you no longer use, then reload this page,\nor ask the facilitator.")),
    )


def join_command(uri: str, code: str | None = None, saves: str | None = None, lang: str | None = None) -> str:
    """The shell command textual-serve runs for each browser tab: this same Python
    running `parley join URI`, with the seat's code when the page's address carried it
    (a seat slip's QR code), else without (the student types it in the page), in the
    tab's language (`?lang=de`; default: the server's); the finished games' logs go to
    `saves` (`parley serve --saves-dir`)."""
    where = ["--saves-dir", saves] if saves else []
    where += ["--lang", lang or current()]
    command = shlex.join([sys.executable, "-m", "game", *where, "join", uri, *([code] if code else [])])
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
        except TimeoutError:
            pass
        process = self._process  # textual-serve's handle on the game's process
        if process is None:
            return
        if process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), max(0.05, deadline - loop.time()))
        except TimeoutError:
            try:
                process.kill()
            except ProcessLookupError:  # it ended meanwhile
                pass
            await process.wait()


class PageServer(Server):
    """textual-serve's server. Without a public URL the page's own links (its scripts,
    its websocket) follow the address the browser used, so one server answers on
    localhost and on the classroom network alike."""

    def __init__(self, command: str, *, bind: str, port: int, public_url: str | None, uri: str | None = None,
                 saves: str | None = None, max_sessions: int = SERVE_SESSIONS, per_address: int = SERVE_PER_ADDRESS,
                 idle_minutes: float = SERVE_IDLE_MINUTES):
        """`command` is what a tab runs; with `uri` (the host's), a tab opened from a seat
        slip (`/?code=CODE`) runs `parley join URI CODE` instead."""
        super().__init__(command, host=bind, port=port, title=TITLE, public_url=public_url)
        self.uri, self.saves = uri, saves
        self.fixed_url = public_url.rstrip("/") if public_url else None
        self.open_pages: set[web.WebSocketResponse] = set()
        self.sessions: set[Session] = set()
        self.by_address: dict[str, int] = {}  # address -> its tabs with a game
        self.max_sessions, self.per_address, self.idle = max_sessions, per_address, idle_minutes * 60
        self.stopping = False

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.router.add_get("/ws/{code}", self.handle_websocket, name="websocket_code")  # a slip's tab
        # a tab in a language of its own (`/?lang=de`), with or without a slip's code
        app.router.add_get("/ws-{lang}", self.handle_websocket, name="websocket_lang")
        app.router.add_get("/ws-{lang}/{code}", self.handle_websocket, name="websocket_lang_code")
        return app

    @staticmethod
    def lang_of(typed: str) -> str | None:
        """A language Parley speaks, from a page's address; None for anything else."""
        from game.i18n import LanguageError, known

        try:
            return known(typed) if typed else None
        except LanguageError:
            return None

    def no_seat(self, address: str) -> str | None:
        """Why a new tab from `address` gets no game now, or None."""
        if len(self.sessions) >= self.max_sessions:
            return ngettext("This server runs at most {count} browser seat at once, and it is in use.",
                            "This server runs at most {count} browser seats at once, and all are in use.",
                            self.max_sessions).format(count=self.max_sessions)
        if self.by_address.get(address, 0) >= self.per_address:
            return ngettext("This computer has {count} Parley tab open already, the most one computer may have.",
                            "This computer has {count} Parley tabs open already, the most one computer may have.",
                            self.per_address).format(count=self.per_address)
        return None

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any] | web.Response:
        why = self.no_seat(request.remote or "?")
        if why is not None:
            return web.Response(status=503, text=full_page(why), content_type="text/html")
        base = self.fixed_url or str(request.url.origin())
        scheme, rest = base.split(":", 1)
        router = request.app.router
        code = self.code_of(request.query.get("code", ""))
        lang = self.lang_of(request.query.get("lang", ""))
        if lang:
            socket_path = (router["websocket_lang_code"].url_for(lang=lang, code=code) if code
                           else router["websocket_lang"].url_for(lang=lang))
        else:
            socket_path = router["websocket_code"].url_for(code=code) if code else router["websocket"].url_for()
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": ("wss:" if scheme == "https" else "ws:") + rest + str(socket_path),
            "config": {"static": {"url": base + str(router["static"].url_for(filename="/")).rstrip("/") + "/"}},
            "application": {"name": self.title},
        }

    def code_of(self, typed: str) -> str | None:
        """A seat's code from a page's address, in its plain form; None if it is none."""
        from game.net.codes import is_code, normalise

        code = normalise(typed)
        return code if self.uri is not None and is_code(code) else None

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's, with a Session for each tab, within the server's limits."""
        address = request.remote or "?"
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        why = self.no_seat(address)
        if why is not None or self.stopping:
            # (at most 123 bytes in a close frame: cut between characters, never inside one)
            reason = (why or "stopping").encode()[:120].decode(errors="ignore").encode()
            await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=reason)
            return websocket
        code = self.code_of(request.match_info.get("code", ""))
        lang = self.lang_of(request.match_info.get("lang", ""))
        command = join_command(self.uri, code, self.saves, lang) if (code or lang) and self.uri else self.command

        async def close() -> None:  # (aiohttp's close says whether it closed: textual-serve needs no answer)
            await websocket.close()

        session = Session(command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                          close=close, download_manager=self.download_manager)
        self.open_pages.add(websocket)
        self.sessions.add(session)  # from before its game starts, so that a stop meanwhile stops it too
        self.by_address[address] = self.by_address.get(address, 0) + 1
        try:
            await session.start(to_int(request.query.get("width", "80"), 80), to_int(request.query.get("height", "24"), 24))
            if not self.stopping:
                await self._process_messages(websocket, session)
        finally:
            self.open_pages.discard(websocket)
            await session.stop()  # asks the game to quit and waits for it (a while)
            self.sessions.discard(session)
            left = self.by_address.get(address, 1) - 1
            if left:
                self.by_address[address] = left
            else:
                self.by_address.pop(address, None)
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse, session: AppService) -> None:
        """What the tab sends (keys, its size, pings), to its game; a message that is
        not the page's is ignored. A tab untouched for `idle` seconds (no key, no resize,
        no focus; the page's own pings do not count) is closed, and its game stopped: a
        seat left open on a laptop holds no game for ever."""
        from aiohttp import WSMsgType

        loop = asyncio.get_running_loop()
        last_key = loop.time()

        async def end_when_idle() -> None:
            while True:
                await asyncio.sleep(max(1.0, last_key + self.idle - loop.time()))
                if loop.time() - last_key >= self.idle:
                    await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"idle: the game was stopped")
                    return

        watchdog = asyncio.create_task(end_when_idle())
        try:
            async for message in websocket:
                if message.type != WSMsgType.TEXT:
                    continue
                try:
                    kind, data = message.json()
                except (ValueError, TypeError):
                    continue
                if kind == "stdin" and isinstance(data, str):
                    last_key = loop.time()
                    await session.send_bytes(data.encode("utf-8"))
                elif kind == "resize" and isinstance(data, dict):
                    last_key = loop.time()
                    await session.set_terminal_size(to_int(str(data.get("width")), 80), to_int(str(data.get("height")), 24))
                elif kind == "ping":
                    await websocket.send_json(["pong", data])
                elif kind == "blur":
                    await session.blur()
                elif kind == "focus":
                    last_key = loop.time()
                    await session.focus()
        finally:
            watchdog.cancel()

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C: every open page is closed and every tab's game stopped (killed if it
        does not quit in time), all at once and bounded: a tab that never answers the
        close must neither hold the server nor leave its game running after it."""
        self.stopping = True
        tasks: list[asyncio.Task[object]] = [
            asyncio.create_task(page.close(code=WSCloseCode.GOING_AWAY, message=b"parley serve stopped"))
            for page in list(self.open_pages)
        ]
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
    return url("http", reachable(bind), port, "/")


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


def serve(uri: str, *, bind: str, port: int, public_url: str | None = None, saves: str | None = None,
          max_sessions: int = SERVE_SESSIONS, per_address: int = SERVE_PER_ADDRESS,
          idle_minutes: float = SERVE_IDLE_MINUTES) -> int:
    """Serve the browser seats until Ctrl+C; 0, or 1 after saying what went wrong."""
    if not 0 <= port < 65536:
        print("parley: " + _("--port must be from 0 to 65535, not {port}").format(port=port), file=sys.stderr)
        return 1
    if public_url and not public_url.startswith(("http://", "https://")):
        print("parley: " + _("--public-url must start with http:// or https://, not {url}").format(url=repr(public_url)),
              file=sys.stderr)
        return 1

    def announce(listening_port: int) -> None:
        if not host_answers(uri):
            print("parley: " + _("warning: no parley host answers at {address} yet; "
                                 "students can join once it is running.").format(address=uri), file=sys.stderr)
        print(_("Browser seats for the parley host at {address}.").format(address=uri))
        print(_("Tell students to open {page} in a browser\n"
                "and type their own seat's join code (one of those `parley host` printed).").format(
            page=page_address(bind, listening_port, public_url)))
        # (the plural of a whole number of minutes, else of a fraction: 2 stands for any)
        print(ngettext("Each browser tab runs `parley join` on this machine: at most {count} at once, {per_address} "
                       "from one computer, each ended after {minutes} minute untouched. Stop with Ctrl+C.",
                       "Each browser tab runs `parley join` on this machine: at most {count} at once, {per_address} "
                       "from one computer, each ended after {minutes} minutes untouched. Stop with Ctrl+C.",
                       int(idle_minutes) if float(idle_minutes).is_integer() else 2).format(
            count=max_sessions, per_address=per_address, minutes=formats.number(idle_minutes, 2)), flush=True)

    for name, value in (("--max-sessions", max_sessions), ("--per-address", per_address), ("--idle-minutes", idle_minutes)):
        if value < 1:
            print("parley: " + _("{option} must be at least 1, not {value}").format(
                option=name, value=formats.number(value, 2)), file=sys.stderr)
            return 1
    page = PageServer(join_command(uri, saves=saves), bind=bind, port=port, public_url=public_url, uri=uri, saves=saves,
                      max_sessions=max_sessions, per_address=per_address, idle_minutes=idle_minutes)
    try:
        asyncio.run(_run(page, bind, port, announce))
    except OSError as exc:  # the port is taken, the address is not this machine's...
        reason = os.strerror(exc.errno) if exc.errno and exc.errno > 0 else exc.strerror or exc
        print("parley: " + _("cannot serve the page on {address}:{port}: {problem}").format(
            address=bind, port=port, problem=reason), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0
