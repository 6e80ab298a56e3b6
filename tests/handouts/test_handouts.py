"""The class pack (issue 12): `parley handouts` writes a handout per delegation and a
facilitator's guide; no handout holds what its delegation may not know; each prints on
the pages it claims, on A4 and on US Letter, in headless Chromium."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess

import pytest
from chromium import FLAGS

from game.cli import main
from game.engine.core import new_game
from game.engine.views import view_for
from game.handouts import Document, sheet_code, to_html, to_markdown
from tests.abu_dhabi import DELEGATIONS


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_the_command_writes_the_pack_and_the_same_seed_writes_the_same_pack(tmp_path):
    code, out, _ = _cli("handouts", "--scenario", "abu-dhabi", "--seed", "42", "--games", "4", "-o", str(tmp_path / "a"))
    assert code == 0 and "seed 42" in out
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(f"{stem}{suffix}" for stem in ("handout-ru", "handout-ua", "handout-us", "facilitator-guide")
                           for suffix in (".md", ".html"))
    _cli("handouts", "--seed", "42", "--games", "4", "-o", str(tmp_path / "b"))
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    ru = (tmp_path / "a" / "handout-ru.md").read_text(encoding="utf-8")
    code = sheet_code(42)
    assert "Russian delegation: confidential" in ru and f"Sheet code **{code}**" in ru
    guide = (tmp_path / "a" / "facilitator-guide.md").read_text(encoding="utf-8")
    assert "seed **42**" in guide and code in guide


def test_only_the_guide_names_the_seed_which_would_unlock_every_handout(tmp_path):
    """With the seed, anyone could print every delegation's handout: the handouts carry a
    sheet code instead, which tells nothing of the seed."""
    seed = 735_912_441
    _cli("handouts", "--seed", str(seed), "--games", "0", "-o", str(tmp_path))
    for code in DELEGATIONS:
        for suffix in (".md", ".html"):
            text = (tmp_path / f"handout-{code}{suffix}").read_text(encoding="utf-8")
            assert str(seed) not in text and "seed" not in text.lower(), (code, suffix)
    assert str(seed) in (tmp_path / "facilitator-guide.md").read_text(encoding="utf-8")
    assert len({sheet_code(s) for s in range(200)}) > 190  # codes tell games apart


def test_a_pack_for_the_class_length_says_so_and_an_unknown_length_is_refused(tmp_path):
    code, _, _ = _cli("handouts", "--seed", "3", "--games", "2", "--length", "class", "-o", str(tmp_path))
    assert code == 0
    ru = (tmp_path / "handout-ru.md").read_text(encoding="utf-8")
    assert "at the class length" in ru
    assert "at the class length" in (tmp_path / "facilitator-guide.md").read_text(encoding="utf-8")
    code, _, err = _cli("handouts", "--length", "marathon", "-o", str(tmp_path / "x"))
    assert code == 2 and "marathon" in err and "Traceback" not in err


def test_scenario_markup_stays_text_in_the_html(rules):
    page = to_html(Document(stem="x", title="x", pages=("A <script>alert(1)</script> line",)))
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_a_bad_scenario_or_folder_is_one_line_not_a_traceback(tmp_path):
    code, _, err = _cli("handouts", "--scenario", "nowhere", "-o", str(tmp_path))
    assert code == 1 and "nowhere" in err and "Traceback" not in err
    blocked = tmp_path / "file"
    blocked.write_text("x")
    code, _, err = _cli("handouts", "--games", "0", "-o", str(blocked))
    assert code == 1 and "could not write" in err and "Traceback" not in err


def test_each_handout_has_its_own_brief_lines_values_and_batna(rules, pack, seed):
    for doc, code in zip(pack, DELEGATIONS):
        view = view_for(rules, new_game(rules, seed).state, code)
        mine = view.private[code]
        text = to_markdown(doc)
        for line in mine.red_lines:
            assert line.label in text and line.card_title in text
        for variant in mine.variants:  # the hidden reading drawn for this game's seed
            assert variant.label in text
        assert f"{mine.batna_start:.1f}" in text and "How your BATNA typically moves" in text
        card = view.cards[0]
        assert card.title in text and f"**{mine.values[card.id][card.options[0].id]:.0f}**" in text
        assert "## How to play" in text


def _secrets(rules, code: str, seed: int) -> set[str]:
    """What only other delegations may know: their briefs' sentences, red lines, hidden
    readings, private meters, levers and objectives, minus any text `code` knows too."""
    sc = rules.scenario
    known = set()
    spec = sc.delegations[code]
    known |= {x.label for x in (*spec.red_lines, *spec.levers, *spec.meters)}
    known |= {o.label for o in sc.scoring[code].objectives}
    known |= {c.title for c in sc.cards} | {o.label for c in sc.cards for o in c.options}
    own = view_for(rules, new_game(rules, seed).state, code).private[code].brief
    known |= {s.strip() for s in re.split(r"(?<=[.!?])\s+", own.replace("\n", " "))}
    secrets = set()
    for other in DELEGATIONS:
        if other == code:
            continue
        ospec = sc.delegations[other]
        secrets |= {x.label for x in ospec.red_lines} | {x.explanation for x in ospec.red_lines}
        secrets |= {x.label for x in ospec.levers}
        secrets |= {m.label for m in ospec.meters if not m.public}
        secrets |= {v.label for h in ospec.hidden for v in h.options}
        secrets |= {v.description for h in ospec.hidden for v in h.options}
        secrets |= {o.label for o in sc.scoring[other].objectives}
        view = view_for(rules, new_game(rules, seed).state, other)
        brief = view.private[other].brief
        secrets |= {s.strip() for s in re.split(r"(?<=[.!?])\s+", brief.replace("\n", " ")) if len(s.strip()) > 40}
    return {s for s in secrets if s and s not in known}


def test_no_handout_holds_another_delegations_secrets(rules, pack, seed):
    for doc, code in zip(pack, DELEGATIONS):
        secrets = _secrets(rules, code, seed)
        assert len(secrets) > 20
        for text in (to_markdown(doc), to_html(doc)):
            flat = " ".join(text.split())
            for secret in secrets:
                assert " ".join(secret.split()) not in flat, (code, secret)


def test_the_guide_has_lesson_plans_seating_and_questions_from_the_source(pack):
    guide = " ".join(to_markdown(pack[-1]).split())
    for wanted in ("A 45-minute lesson", "A 90-minute lesson", "Seating a class", "Hot seat", "parley host",
                   "What to watch for", "facilitator's controls", "Discussion questions",
                   "situational partial compromise"):
        assert wanted in guide, wanted


# ---------------------------------------------------------------------------- printed


MEASURE = """
<script>
const width = document.querySelector("body").clientWidth;
const wide = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > width + 1)
  .map(e => e.tagName + ":" + (e.textContent || "").slice(0, 40));
const pre = document.createElement("pre");
pre.id = "measured";
pre.textContent = JSON.stringify({wide: wide});
document.body.appendChild(pre);
</script>
"""


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_each_document_prints_on_the_pages_it_claims(chromium, pack, tmp_path, paper):
    """Printed to PDF, a document has exactly as many pages as it has sections, each
    claiming "Page k of n": a section that overflowed its page would add one. No box
    reaches past the page's width either (nothing cut at the right edge)."""
    for doc in pack:
        page = tmp_path / f"{doc.stem}-{paper}.html"
        page.write_text(to_html(doc, paper), encoding="utf-8")
        pdf = tmp_path / f"{doc.stem}-{paper}.pdf"
        done = subprocess.run(
            [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
             f"--print-to-pdf={pdf}", page.as_uri()],
            capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 0 and pdf.exists(), done.stderr[-2000:]
        data = pdf.read_bytes()
        assert _pages(data) == len(doc.pages), (doc.stem, paper, _pages(data), len(doc.pages))
        size = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
        assert size, doc.stem
        width, height = float(size.group(1)), float(size.group(2))
        want = (595.0, 842.0) if paper == "a4" else (612.0, 792.0)  # points
        assert abs(width - want[0]) < 2 and abs(height - want[1]) < 2, (paper, width, height)

        probe = tmp_path / f"{doc.stem}-{paper}-probe.html"
        probe.write_text(to_html(doc, paper).replace("</body>", MEASURE + "</body>"), encoding="utf-8")
        dom = subprocess.run(
            [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=760,1000", "--dump-dom",
             probe.as_uri()],
            capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL,
        )
        found = re.search(r'<pre id="measured">(.*?)</pre>', dom.stdout, re.S)
        assert found, dom.stdout[-1000:]
        assert '"wide":[]' in found.group(1).replace("&quot;", '"'), (doc.stem, found.group(1)[:500])


def test_the_page_check_would_see_an_overflowing_page(chromium, tmp_path):
    """The check above fails on a page whose text does not fit: it flows onto a page more."""
    long = Document(stem="long", title="Long", pages=("## One\n\n" + "A line of text that goes on. " * 900, "## Two"))
    page = tmp_path / "long.html"
    page.write_text(to_html(long), encoding="utf-8")
    pdf = tmp_path / "long.pdf"
    subprocess.run([chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=180, stdin=subprocess.DEVNULL)
    assert _pages(pdf.read_bytes()) > len(long.pages)


def test_the_pack_in_german_has_german_handouts_and_teaching_notes(tmp_path):
    from game import i18n
    from tests.i18n.leftovers import english_words, leftovers

    code, out, _ = _cli("handouts", "--lang", "de", "--seed", "42", "--games", "2", "-o", str(tmp_path / "de"))
    assert code == 0 and i18n.current() == "en"  # the command's language ends with it
    for path in sorted((tmp_path / "de").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert leftovers(text) + english_words(text) == [], (path.name, leftovers(text) + english_words(text))
    guide = (tmp_path / "de" / "facilitator-guide.md").read_text(encoding="utf-8")
    assert "## Worauf am Tisch zu achten ist" in guide and "## Diskussionsfragen" in guide
