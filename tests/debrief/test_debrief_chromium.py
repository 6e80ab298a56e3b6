"""The HTML debrief of an Abu Dhabi game in a real browser (headless Chromium): the
concession curves are drawn, with a size, one per delegation that made offers. A
screenshot is kept at tests/debrief/out/debrief.png for a person to look at."""

from __future__ import annotations

import json
import re
import struct
import subprocess
from pathlib import Path

from chromium import FLAGS

from game.debrief import to_html

OUT = Path(__file__).parent / "out"

# Added to a copy of the page only: the debrief itself has no scripts.
MEASURE = """
<script>
const found = [...document.querySelectorAll("svg.chart polyline.curve")].map(line => {
  const box = line.getBBox();
  const shown = line.getBoundingClientRect();
  return {delegation: line.dataset.delegation, width: box.width, height: box.height,
          length: line.getTotalLength(), points: line.points.numberOfItems,
          shown: shown.width * shown.height > 0 || shown.width + shown.height > 0};
});
const charts = [...document.querySelectorAll("svg.chart")].map(svg => svg.getBoundingClientRect().width);
const pre = document.createElement("pre");
pre.id = "measured";
pre.textContent = JSON.stringify({curves: found, charts: charts});
document.body.appendChild(pre);
</script>
"""


def browse(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )


def test_the_html_debrief_draws_its_concession_curves_in_chromium(chromium, simulated_debriefs, tmp_path):
    db = simulated_debriefs[0]
    page = to_html(db)
    offering = [c.delegation for c in db.curves if c.offers]
    assert offering

    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = browse(chromium, tmp_path / "profile", "--dump-dom", probe.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom.stdout, re.S)
    assert found, dom.stdout[-2000:]
    measured = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    curves = measured["curves"]
    assert [c["delegation"] for c in curves] == offering
    for curve in curves:
        assert curve["width"] > 50 and curve["height"] > 5 and curve["length"] > 50, curve
        assert curve["points"] >= 2 and curve["shown"], curve
    assert len(measured["charts"]) == len(db.curves) and all(width > 300 for width in measured["charts"])

    OUT.mkdir(exist_ok=True)
    shot = OUT / "debrief.png"
    shot.unlink(missing_ok=True)
    page_file = tmp_path / "debrief.html"
    page_file.write_text(page, encoding="utf-8")
    done = browse(chromium, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,2000", page_file.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 2000)
    assert len(data) > 50_000  # a page of text and charts, not a blank one
