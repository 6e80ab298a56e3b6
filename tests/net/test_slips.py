"""Seat slips (issue 13): one per seat, the facilitators' on a page of their own; each QR
code, as headless Chromium renders the page, decodes to its seat's browser address with
the code filled in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from game.net.codes import grouped
from game.net.host import Host
from game.net.slips import browser_link, write_slips

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "debrief"))
import chromium  # noqa: E402

from .test_loopback import NOW  # noqa: E402

PAGE = "http://192.168.1.20:8000/"


@pytest.fixture
def lesson(rules, tmp_path):
    host = Host.new(rules, 2, tmp_path, [5, 6], NOW)
    try:
        yield host, write_slips(host, tmp_path, "192.168.1.20:8765", PAGE)
    finally:
        host.close()


def test_every_seat_has_a_slip_and_the_facilitators_are_apart(lesson):
    host, (students, facilitators) = lesson
    student_page, facilitator_page = students.read_text(encoding="utf-8"), facilitators.read_text(encoding="utf-8")
    for table in host.tables.values():
        for seat, code in table.codes.items():
            here, there = (facilitator_page, student_page) if seat == "facilitator" else (student_page, facilitator_page)
            assert grouped(code) in here and grouped(code) not in there, (table.id, seat)
            assert f"parley join 192.168.1.20:8765 {grouped(code)}" in here
    assert "Not for the projector" in facilitator_page and "Not for the projector" not in student_page
    assert "Russian delegation (Moscow)" in student_page and "Observers" in student_page
    for path in (students, facilitators):
        assert oct(path.stat().st_mode & 0o777) == "0o600"  # codes are secrets


def test_the_qr_codes_decode_to_each_seats_browser_address_in_headless_chromium(lesson, tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    binary = chromium.find()
    if binary is None:
        pytest.skip(chromium.missing())
    host, (students, _) = lesson
    shot = tmp_path / "slips.png"
    subprocess.run(
        [binary, *chromium.FLAGS, f"--screenshot={shot}", "--window-size=900,2400", "--force-device-scale-factor=2",
         students.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    found = {result.text for result in zxingcpp.read_barcodes(Image.open(shot))}
    wanted = {browser_link(PAGE, code) for t in host.tables.values() for seat, code in t.codes.items() if seat != "facilitator"}
    assert found == wanted
    assert all(link.startswith(f"{PAGE}?code=") for link in found)
