"""`parley host` as a teacher runs it: every run a new lesson in a folder of its own, the
last one taken up again only when asked (and then as it was started), the addresses a
class can use, the students' codes apart from the facilitators', and the operator
withdrawing a leaked code at the terminal (issue 13)."""

from __future__ import annotations

import asyncio
import contextlib
import io
import re

import pytest
from websockets.exceptions import InvalidMessage

from game.cli import main
from game.net.client import Client, JoinError

from .conftest import join_and_leave
from .hostproc import HostProcess


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_each_run_is_a_new_lesson_and_resume_takes_the_last_one_up_as_it_was_started(tmp_path, started):
    saves = tmp_path / "saves"
    first = HostProcess(saves, tables=2, seed=5)
    started.append(first)
    _, codes = first.port_and_codes()
    lesson = first.lesson
    first.stop()

    second = HostProcess(saves, tables=1, seed=6)  # next week's lesson: a new one, whatever is in the folder
    started.append(second)
    _, codes2 = second.port_and_codes()
    assert second.lesson != lesson and len(codes2) == 5 and not set(codes2.values()) & set(codes.values())
    assert f"The lesson before it stays in {lesson}" in second.output
    second.stop()

    again = HostProcess(saves, resume=True, extra=(str(lesson),))  # --resume FOLDER
    started.append(again)
    _, codes3 = again.port_and_codes()
    assert again.lesson == lesson and codes3 == codes
    again.stop()


def test_a_resumed_lesson_refuses_what_it_cannot_honour(tmp_path):
    saves = tmp_path / "saves"
    code, _, err = run_cli("--saves-dir", str(saves), "host", "--resume")
    assert code == 1 and "no lesson to resume" in err
    (saves / "lesson-x").mkdir(parents=True)
    (saves / "lesson-x" / "host.json").write_text("{}", encoding="utf-8")
    for flags in (("--tables", "4"), ("--scenario", "tutorial"), ("--seed", "3"), ("--length", "class"),
                  ("--handouts", str(tmp_path / "packs"))):
        code, out, err = run_cli("--saves-dir", str(saves), "host", "--resume", *flags)
        assert code == 2 and flags[0] in err and "cannot change a lesson that is resumed" in err, flags
        assert out == ""


def test_the_operator_withdraws_a_leaked_facilitator_code_at_the_terminal(tmp_path, started):
    host = HostProcess(tmp_path / "saves", tables=1, seed=7, operator=True)
    started.append(host)
    port, codes = host.port_and_codes()
    output = host.output
    students = output[output.index("Students' codes"):output.index("Facilitators' codes")]
    assert "facilitator" not in students.split(":", 1)[1]  # the facilitators' codes are apart
    assert re.search(r"Students join with `parley join 127\.0\.0\.1:\d+ CODE`", output)
    leaked = codes[("table-1", "facilitator")]
    uri = f"ws://127.0.0.1:{port}"

    async def go():
        student = await Client.join(uri, leaked)
        host.type("withdraw table-1 facilitator")
        said = await asyncio.get_running_loop().run_in_executor(None, host.wait_for, "New code for table-1 facilitator")
        await student.wait(lambda: not student.connected, 60)
        assert student.problems[-1].code == "revoked"
        new = re.search(r"New code for table-1 facilitator: (\S+)\.", said).group(1)
        with pytest.raises(JoinError):
            await Client.join(uri, leaked)
        teacher = await Client.join(uri, new)
        assert teacher.seat == "facilitator"
        await teacher.close()
        host.type("withdraw table-9 ru")
        await asyncio.get_running_loop().run_in_executor(None, host.wait_for, "No seat 'ru' at a table 'table-9'")
        host.type("codes")
        await asyncio.get_running_loop().run_in_executor(None, host.wait_for, new)

    asyncio.run(go())
    assert host.stop() == 0 and "Traceback" not in host.output


def test_addresses_a_class_can_use(monkeypatch):
    from game.net import addresses

    monkeypatch.setattr(addresses, "lan_address", lambda: "192.168.1.20")
    assert addresses.url("ws", addresses.reachable("0.0.0.0"), 8765) == "ws://192.168.1.20:8765"
    assert addresses.url("ws", addresses.reachable("::"), 8765) == "ws://192.168.1.20:8765"
    assert addresses.url("ws", "::1", 8765) == "ws://[::1]:8765"
    assert "every network interface" in addresses.exposure("0.0.0.0")
    assert "this machine only" in addresses.exposure("127.0.0.1")


def test_with_256_descriptors_and_300_idle_sockets_a_student_still_joins_and_the_console_stays_short(tmp_path, started):
    """`ulimit -n 256` (macOS's default), and 300 sockets that never say anything: the
    host closes the oldest of them to make room, a real student joins, and the host's
    terminal says so in a few lines rather than thousands."""
    import socket

    host = HostProcess(tmp_path / "saves", tables=1, seed=3, descriptors=256)
    started.append(host)
    port, codes = host.port_and_codes()
    assert re.search(r"At most (\d+) connections at once \(this process may open 256 files", host.output)
    idle = []
    try:
        for _ in range(300):
            sock = socket.create_connection(("127.0.0.1", port), timeout=30)
            idle.append(sock)

        assert join_and_leave(f"ws://127.0.0.1:{port}", codes[("table-1", "ru")]) == "ru"
    finally:
        for sock in idle:
            sock.close()
    assert host.stop() == 0
    lines = host.output.splitlines()
    assert len(lines) < 100 and "Traceback" not in host.output, host.output[-3000:]
    assert any("connections closed" in line for line in lines)


def test_a_host_with_a_certificate_serves_wss_and_a_student_joins_over_it(tmp_path, started, monkeypatch):
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate for the test")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True, timeout=60)
    host = HostProcess(tmp_path / "saves", tables=1, seed=2, extra=("--tls-cert", str(cert), "--tls-key", str(key)))
    started.append(host)
    assert host.ready.wait(60)
    found = re.search(r"Serving on wss://127\.0\.0\.1:(\d+)", host.output)
    assert found, host.output
    port = int(found.group(1))
    codes = {(m.group(1), m.group(2)): m.group(3)
             for m in re.finditer(r"^\s+(table-\d+)\s+(\w+)\s+(\S+)$", host.output, re.M)}
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # as a student does with a certificate of the teacher's making

    assert join_and_leave(f"wss://127.0.0.1:{port}", codes[("table-1", "ua")]) == "ua"
    # plain ws:// to a TLS host does not get a seat: the host ends the connection at the
    # failed TLS handshake, before any HTTP answer
    with pytest.raises(InvalidMessage):
        asyncio.run(asyncio.wait_for(Client.join(f"ws://127.0.0.1:{port}", codes[("table-1", "ua")]), 30))
    assert host.stop() == 0
