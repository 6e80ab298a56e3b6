"""The command line in German: its help and errors (argparse's own words too),
`parley validate`'s problems, and `parley debrief --lang de` in Markdown, HTML and CSV."""

from __future__ import annotations

import csv
import io
import re
import shutil

from tests.cli.test_cli import ROOT, parley
from tests.i18n.leftovers import english_words, leftovers


def _english(text: str) -> list[str]:
    return leftovers(text) + english_words(text)


def test_help_and_usage_errors_speak_german():
    helped = parley("--lang", "de", "--help")
    assert helped.returncode == 0
    assert helped.stdout.startswith("Aufruf: parley") and "Optionen:" in helped.stdout
    assert "diese Hilfe zeigen und beenden" in " ".join(helped.stdout.split())
    commands = set(re.findall(r"^    (\w+) ", helped.stdout, re.M))  # command names and metavars stay as typed
    options = re.sub(r"(?<![\w-])--?[\w-]+", " ", helped.stdout)  # option names stay as typed too
    words = [w for w in _english(options) if w not in commands and not w.isupper()]
    assert len(commands) > 10 and words == [], words
    wrong = parley("simulate", "--lang", "de")
    assert wrong.returncode == 2 and "Fehler: diese Argumente fehlen: --scenario" in wrong.stderr
    english = parley("simulate")
    assert "error: the following arguments are required: --scenario" in english.stderr
    assert parley("--lang", "xx", "scenarios").returncode == 2


def test_validate_names_the_problems_in_german(tmp_path):
    folder = tmp_path / "tutorial"
    shutil.copytree(ROOT / "content" / "tutorial", folder)
    cards = folder / "cards.yaml"
    cards.write_text(cards.read_text(encoding="utf-8").replace("status_quo: ", "status_quota: ", 1), encoding="utf-8")
    german, english = parley("validate", str(folder), "--lang", "de"), parley("validate", str(folder))
    assert german.returncode == english.returncode == 1
    problem = re.compile(r"^(?P<where>.+?:\d+: \S+): (?P<message>.*)$", re.M)
    de, en = problem.findall(german.stdout), problem.findall(english.stdout)
    assert de and [w for w, _ in de] == [w for w, _ in en]  # the same places: FILE:LINE: path
    assert all(d != e for (_, d), (_, e) in zip(de, en)) and _english(german.stdout) == [], german.stdout


def test_debrief_in_german_in_markdown_html_and_csv(tmp_path):
    saves = tmp_path / "saves"
    made = parley("simulate", "--scenario", "abu-dhabi", "--seed", "4", "--agents", "ru=ai,ua=ai,us=ai",
                  "--save-dir", str(saves))
    assert made.returncode == 0, made.stderr
    (save,) = saves.glob("*.parley")
    md = parley("debrief", str(save), "--lang", "de")
    assert md.returncode == 0, md.stderr
    assert "Energiepause" in md.stdout and _english(md.stdout) == [], _english(md.stdout)
    html = parley("debrief", str(save), "--lang", "de", "--format", "html")
    assert '<html lang="de"' in html.stdout
    text = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", html.stdout, flags=re.S)
    assert _english(text) == [], _english(text)
    rows = list(csv.reader(io.StringIO(parley("debrief", str(save), "--lang", "de", "--format", "csv").stdout)))
    english_rows = list(csv.reader(io.StringIO(parley("debrief", str(save), "--format", "csv").stdout)))
    assert len(rows) == len(english_rows) > 10 and rows[0] != english_rows[0]  # headers in German...
    assert [r[:3] for r in rows[1:]] == [r[:3] for r in english_rows[1:]]  # ... its data (number, round, ISO date) the same
