"""`parley serve` as a program: the page is Parley's and needs nothing from the internet
but a web font; each browser tab runs a game that the tab's closing, the game's ending
and Ctrl+C all stop; mistakes a user could type are one `parley:` line, not a
traceback. A real browser (headless Chromium) loads the page; its screenshot is kept at
tests/net/out/serve.png for a person to look at.

Every program here runs in its own process group, emptied at teardown, so a game a
test leaves behind cannot outlive it. Ports are picked by the programs (`--port 0`)
and read back from what they print, so two test runs never race for one.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
from base64 import b64decode
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).parent / "out"
OPEN = r"open (http://127\.0\.0\.1:(\d+)/)"

# A page server like `parley serve`'s, whose tabs run the command given after `--`
# instead of `parley join`.
PAGE_FOR = """
import asyncio, shlex, sys
from game.serve import PageServer, _run
page = PageServer("exec " + shlex.join(sys.argv[1:]), bind="127.0.0.1", port=0, public_url=None)
asyncio.run(_run(page, "127.0.0.1", 0, lambda port: print(f"open http://127.0.0.1:{port}/", flush=True)))
"""

# The smallest Textual app with a join screen's shape: a prompt and a field; Enter leaves.
TINY_APP = """
from textual.app import App
from textual.widgets import Input, Label

class Tiny(App):
    def compose(self):
        yield Label("TINY-JOIN-SCREEN")
        yield Input()

    def on_input_submitted(self):
        self.exit()

Tiny().run()
"""


class Running:
    """A program in a process group of its own, its output (stdout and stderr) read
    by a thread as it comes."""

    def __init__(self, args: list[str], background: bool = False):
        self.process = subprocess.Popen(
            args, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, start_new_session=True,
            # `background`: started as a shell starts a program in the background, SIGINT ignored
            preexec_fn=ignore_sigint if background else None,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern: str, timeout: float = 15) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found := re.search(pattern, self.output):
                return found
            if self.process.poll() is not None and not self.reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"{pattern!r} not seen in:\n{self.output}")

    def group_is_empty(self, timeout: float = 5) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return True
            time.sleep(0.05)
        return False

    def stop(self, timeout: float = 10) -> int | None:
        """Ctrl+C, then after `timeout` SIGKILL for the program and anything it started."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(5)
        self.reader.join(5)
        return self.process.returncode


def ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def parley(*args: str) -> list[str]:
    return [sys.executable, "-m", "game", *args]


def get(url: str, **headers: str) -> tuple[int, str]:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        return response.status, response.read().decode("utf-8")


def tab(url: str, width: int = 100, height: int = 30):
    """The websocket a browser tab opens: the terminal's bytes down, keys up."""
    return connect(url.replace("http://", "ws://") + f"ws?width={width}&height={height}", open_timeout=10)


def receive_until_closed(ws, timeout: float = 15) -> tuple[bytes, int | None]:
    """(the terminal's bytes, the close code) once the server closes the tab."""
    screen, deadline = b"", time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            message = ws.recv(timeout=deadline - time.monotonic())
            if isinstance(message, bytes):
                screen += message
    except ConnectionClosed as closed:
        return screen, closed.rcvd.code if closed.rcvd else None
    except TimeoutError:
        pass
    raise AssertionError(f"the tab was not closed within {timeout} s ({len(screen)} bytes received)")


def receive_until(ws, wanted: bytes, timeout: float = 15) -> bytes:
    screen, deadline = b"", time.monotonic() + timeout
    while wanted not in screen:
        message = ws.recv(timeout=max(0.01, deadline - time.monotonic()))
        if isinstance(message, bytes):
            screen += message
    return screen


@pytest.fixture(scope="module")
def no_host():
    """A port on which nothing listens, kept so for the module: bound, never listening."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]


@pytest.fixture(scope="module")
def served(no_host):
    """`parley serve` for a host that is not running yet, and its page's address."""
    running = Running(parley("serve", f"127.0.0.1:{no_host}", "--port", "0"))
    try:
        yield running.wait_for(OPEN).group(1), running
    finally:
        running.stop()


@pytest.fixture
def page_for():
    """A page server whose tabs run the given command; stopped at teardown."""
    started: list[Running] = []

    def start(*command: str, background: bool = False) -> tuple[str, Running]:
        running = Running([sys.executable, "-c", PAGE_FOR, *command], background=background)
        started.append(running)
        return running.wait_for(OPEN).group(1), running

    try:
        yield start
    finally:
        for running in started:
            running.stop()


@pytest.fixture
def tiny_app(tmp_path) -> str:
    path = tmp_path / "tiny_app.py"
    path.write_text(TINY_APP, encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------------------- the page


def test_the_page_is_parleys_and_its_links_follow_the_address_the_browser_used(served):
    url, _ = served
    status, html = get(url)
    assert status == 200
    assert "<div>Parley</div>" in html
    assert f'<script src="{url}static/js/textual.js">' in html
    assert f'data-session-websocket-url="{url.replace("http", "ws")}ws"' in html
    # reached by another name (the classroom address, say), the page points there
    _, html = get(url, Host="classroom.example:8000")
    assert '<script src="http://classroom.example:8000/static/js/textual.js">' in html
    assert 'data-session-websocket-url="ws://classroom.example:8000/ws"' in html
    status, script = get(url + "static/js/textual.js")
    assert status == 200 and "WebSocket" in script and len(script) > 100_000  # xterm.js is in it


def test_the_page_needs_nothing_from_the_internet_but_a_web_font(served):
    url, _ = served
    _, html = get(url)
    links = re.findall(r'(?:src|href)\s*=\s*"([^"]+)"', html)
    outside = [link for link in links if not link.startswith(url)]
    # The font has local fallbacks ('Roboto Mono', Monaco, 'Courier New', monospace).
    assert outside == ["https://fonts.googleapis.com/css?family=Roboto%20Mono"], outside
    _, script = get(url + "static/js/textual.js")
    assert not re.search(r"https?://(?!www\.w3\.org)[\w.-]+\.[a-z]{2,}", script)


def test_no_host_answering_yet_is_a_warning_and_the_page_is_served_anyway(served, no_host):
    url, running = served
    assert f"parley: warning: no parley host answers at ws://127.0.0.1:{no_host}" in running.output
    assert "their own seat's join code" in running.output
    assert get(url)[0] == 200


# ---------------------------------------------------------------------------- mistakes


def test_a_port_in_use_is_one_line_and_exit_1():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(parley("serve", "127.0.0.1:8765", "--port", str(port)), cwd=ROOT,
                              capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert f"parley: cannot serve the page on 127.0.0.1:{port}: Address already in use" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "open http" not in done.stdout  # nothing to tell students


@pytest.mark.parametrize("args, code, said", [
    (["no such:address", "--port", "0"], 2, "is not an address"),
    (["127.0.0.1:8765", "--port", "0", "--bind", "192.0.2.1"], 1, "cannot serve the page on 192.0.2.1:0"),  # not ours
    (["127.0.0.1:8765", "--port", "70000"], 1, "--port must be from 0 to 65535"),
    (["127.0.0.1:8765", "--port", "0", "--public-url", "classroom:8000"], 1, "--public-url must start with http"),
])
def test_a_mistake_is_one_parley_line_and_an_exit_code(args, code, said):
    done = subprocess.run(parley("serve", *args), cwd=ROOT, capture_output=True, text=True, timeout=20,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == code, done.stderr
    errors = [line for line in done.stderr.splitlines() if not line.startswith("parley: warning:")]
    assert len(errors) == 1 and errors[0].startswith("parley: ") and said in errors[0], done.stderr
    assert "Traceback" not in done.stdout + done.stderr


# ---------------------------------------------------------------------------- tabs


def test_a_tab_shows_a_textual_app_takes_keys_and_closes_when_the_app_leaves(page_for, tiny_app):
    """textual-serve and Textual 8 together: the app's screen reaches the tab, the tab's
    keys reach the app, and the app's leaving closes the tab (normally: 1000)."""
    url, running = page_for(sys.executable, tiny_app)
    with tab(url) as ws:
        receive_until(ws, b"TINY-JOIN-SCREEN")
        ws.send(json.dumps(["stdin", "x\r"]))
        _, code = receive_until_closed(ws)
    assert code == 1000
    assert "Traceback" not in running.output


def test_a_game_that_cannot_start_closes_its_tab_instead_of_leaving_it_loading(page_for):
    url, running = page_for(sys.executable, "-c", "import sys; sys.exit('parley: no game here')")
    with tab(url) as ws:
        screen, _ = receive_until_closed(ws, timeout=10)
    assert screen == b""
    running.wait_for("parley: no game here")  # what the game said is in the server's output


def test_ctrl_c_closes_the_open_tabs_stops_their_games_and_exits_0(page_for, tiny_app):
    url, running = page_for(sys.executable, tiny_app)
    with tab(url) as ws:
        receive_until(ws, b"TINY-JOIN-SCREEN")
        running.process.send_signal(signal.SIGINT)
        _, code = receive_until_closed(ws, timeout=10)
    assert code == 1001  # going away
    assert running.process.wait(10) == 0
    assert running.group_is_empty(), "a tab's game outlived the server"
    assert "Traceback" not in running.output


@pytest.mark.parametrize("signum, background", [(signal.SIGINT, True), (signal.SIGTERM, False)],
                         ids=["ctrl-c-started-in-the-background", "sigterm"])
def test_a_stop_is_bounded_by_games_that_do_not_quit_and_tabs_that_do_not_answer(page_for, signum, background):
    """A tab whose game ignores the request to quit (`sleep` is no Textual app) held the
    server for its whole shutdown timeout and then outlived it; a tab that never reads
    and a socket that never finished opening must not hold it either."""
    url, running = page_for("sleep", "3600", background=background)
    port = int(re.search(r":(\d+)/", url).group(1))
    silent = socket.create_connection(("127.0.0.1", port))  # a tab that opens, then never reads
    bare = socket.create_connection(("127.0.0.1", port))
    with tab(url), silent, bare:  # the first tab reads; its game is `sleep`
        silent.sendall((f"GET /ws?width=80&height=24 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        assert silent.recv(12) == b"HTTP/1.1 101"
        deadline = time.monotonic() + 30
        while len(_processes_named("sleep", running.process.pid)) < 2:  # the two tabs' games
            assert time.monotonic() < deadline, "the tabs' games never started"
            time.sleep(0.05)
        running.process.send_signal(signum)
        assert running.process.wait(60) == 0, running.output
        assert running.group_is_empty(), "a tab's game outlived the server"


def _processes_named(name: str, group: int) -> list[str]:
    """The processes called `name` in process group `group`."""
    listing = subprocess.run(["ps", "-eo", "pgid=,comm="], capture_output=True, text=True, check=True).stdout
    return [line for line in listing.splitlines() if line.split() == [str(group), name]]


def test_parley_serve_stops_on_ctrl_c_with_exit_0(no_host):
    running = Running(parley("serve", f"127.0.0.1:{no_host}", "--port", "0"))
    try:
        running.wait_for(OPEN)
        running.process.send_signal(signal.SIGINT)
        assert running.process.wait(10) == 0
        assert "Traceback" not in running.output
    finally:
        running.stop()


def test_a_browser_seat_joins_a_hosted_table_by_code(tmp_path):
    """A real `parley host`, `parley serve` for it, and a tab: the join screen, a seat's
    code typed in the tab, and that seat's own brief on the screen."""
    host = Running(parley("--saves-dir", str(tmp_path / "host"), "host", "--port", "0", "--seed", "5"))
    try:
        port = host.wait_for(r"Serving on ws://127\.0\.0\.1:(\d+)").group(1)
        code = host.wait_for(r"table-1\s+ua\s+(\S+)").group(1)
        page = Running(parley("--saves-dir", str(tmp_path / "page"), "serve", f"127.0.0.1:{port}", "--port", "0"))
        try:
            url = page.wait_for(OPEN).group(1)
            with tab(url) as ws:
                receive_until(ws, b"Take your seat at a hosted table", timeout=20)
                ws.send(json.dumps(["stdin", code + "\r"]))
                receive_until(ws, b"Kyiv: confidential brief", timeout=20)
            assert "Traceback" not in page.output
        finally:
            page.stop()
    finally:
        host.stop()


# ---------------------------------------------------------------------------- a real browser


def _chromium_helper():
    spec = importlib.util.spec_from_file_location("parley_test_chromium", ROOT / "tests" / "debrief" / "chromium.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def devtools(ws):
    """Just enough of the Chrome DevTools Protocol over `ws`: one call at a time, events ignored."""
    calls = iter(range(1, 1_000_000))

    def call(method: str, **params) -> dict:
        n = next(calls)
        ws.send(json.dumps({"id": n, "method": method, "params": params}))
        while True:
            reply = json.loads(ws.recv(timeout=30))
            if reply.get("id") == n:
                assert "error" not in reply, reply
                return reply["result"]

    return call


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_page_in_headless_chromium(served, tmp_path):
    """The page in a real browser: it connects its terminal, which draws the game (or,
    while `parley join` cannot run, says the session ended). Screenshot: tests/net/out/serve.png."""
    helper = _chromium_helper()
    binary = helper.find()
    if binary is None:
        pytest.skip(helper.missing())
    url, running = served
    browser = Running([binary, *helper.FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1000,700",
                       "--remote-debugging-port=0", "about:blank"])
    try:
        endpoint = browser.wait_for(r"DevTools listening on (ws://\S+)", timeout=30).group(1)
        debug_port = re.match(r"ws://[^/]+:(\d+)/", endpoint).group(1)
        _, targets = get(f"http://127.0.0.1:{debug_port}/json/list")
        page_endpoint = next(t for t in json.loads(targets) if t["type"] == "page")["webSocketDebuggerUrl"]
        with connect(page_endpoint, max_size=None, open_timeout=10) as ws:
            page = devtools(ws)
            page("Emulation.setDeviceMetricsOverride", width=1000, height=700, deviceScaleFactor=1, mobile=False)
            page("Page.navigate", url=url)
            deadline, state = time.monotonic() + 15, ""
            while time.monotonic() < deadline and not re.search(r"-first-byte|-closed", state):
                time.sleep(0.2)
                state = page("Runtime.evaluate", expression="document.body ? document.body.className : ''")
                state = state["result"].get("value", "")
            time.sleep(0.5)  # the terminal fades in
            shot = b64decode(page("Page.captureScreenshot", format="png")["data"])
        OUT.mkdir(exist_ok=True)
        (OUT / "serve.png").write_bytes(shot)
        with connect(endpoint, open_timeout=10) as ws:
            ws.send(json.dumps({"id": 1, "method": "Browser.close"}))
        assert browser.process.wait(15) == 0
    finally:
        browser.stop()
    assert "-loaded" in state, f"the page's terminal never connected (body class {state!r})"
    assert "-first-byte" in state or "needs a terminal" in running.output, state
    width, height = png_size(shot)
    assert (width, height) == (1000, 700) and len(shot) > 5_000
