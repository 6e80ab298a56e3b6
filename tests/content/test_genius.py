"""GENIUS domains in and out: `parley import genius` makes a scenario that validates,
plays and analyses, with the points worked out by hand below; broken and hostile XML is
refused with its file and line; `parley export` writes the same utilities back out.

The GENIUS files are written by these tests (the ANAC files are GPL-licensed data)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from game.analysis.report import analysis_for
from game.content.genius import GeniusError, export_genius, import_genius, read_xml
from game.content.loader import load_scenario, load_scenario_by_id
from game.engine.rules import Rules
from game.headless import play_game

ROOT = Path(__file__).resolve().parents[2]


def domain_xml(issues: dict[str, list[str]]) -> str:
    lines = ['<?xml version="1.0"?>', "<negotiation_template>", "<utility_space>",
             '<objective index="0" name="root" type="objective" etype="objective">']
    for k, (name, values) in enumerate(issues.items(), start=1):
        lines.append(f'<issue index="{k}" name="{name}" vtype="discrete" type="discrete" etype="discrete">')
        lines += [f'<item index="{j}" value="{v}"/>' for j, v in enumerate(values, start=1)]
        lines.append("</issue>")
    return "\n".join(lines + ["</objective>", "</utility_space>", "</negotiation_template>", ""])


def profile_xml(evaluations: dict[str, dict[str, float]], weights: dict[str, float], reservation: float,
                discount: float = 1.0) -> str:
    lines = ['<?xml version="1.0"?>', "<utility_space>", f'<reservation value="{reservation}"/>',
             f'<discount_factor value="{discount}"/>', '<objective index="0" name="root" type="objective">']
    for k, (name, values) in enumerate(evaluations.items(), start=1):
        lines.append(f'<issue index="{k}" name="{name}" type="discrete" etype="discrete">')
        lines += [f'<item index="{j}" value="{v}" evaluation="{e}"/>' for j, (v, e) in enumerate(values.items(), 1)]
        lines.append("</issue>")
    lines += [f'<weight index="{k}" value="{weights[name]}"/>' for k, name in enumerate(evaluations, start=1)]
    return "\n".join(lines + ["</objective>", "</utility_space>", ""])


# A lunch to agree on. Anna: place 0.6 (A 10, B 5, C 0), time 0.4 (noon 4, one 2),
# reservation 0.1. Ben: place 0.5 (A 0, B 6, C 12), time 0.5 (noon 1, one 2), reservation
# 0.25. Normalised per issue (an evaluation over the issue's best), x 100:
#   A noon (100, 25)   A one (80, 50)   B noon (70, 50)   B one (50, 75)   C noon (40, 75)   C one (20, 100)
# Frontier: A noon, A one, B one, C one (B noon and C noon are dominated). Nash product over
# the BATNAs (10, 25): 90x0, 70x25 = 1750, 40x50 = 2000, 10x75 = 750: Nash is B one (50, 75).
# Kalai-Smorodinsky (ideal 100, 100): min(40/90, 50/75) = 0.444 is the best: B one again.
# Half-agreements ("none", Anna's 10 and Ben's 25 on a card) are all dominated.
ISSUES = {"Place": ["A", "B", "C"], "Time": ["noon", "one"]}
ANNA = profile_xml({"Place": {"A": 10, "B": 5, "C": 0}, "Time": {"noon": 4, "one": 2}}, {"Place": 0.6, "Time": 0.4}, 0.1)
BEN = profile_xml({"Place": {"A": 0, "B": 6, "C": 12}, "Time": {"noon": 1, "one": 2}}, {"Place": 0.5, "Time": 0.5}, 0.25)


@pytest.fixture
def lunch(tmp_path) -> tuple[Path, list[Path]]:
    folder = tmp_path / "genius"
    folder.mkdir()
    (folder / "Lunch_domain.xml").write_text(domain_xml(ISSUES))
    (folder / "Lunch_Anna.xml").write_text(ANNA)
    (folder / "Lunch_Ben.xml").write_text(BEN)
    return folder / "Lunch_domain.xml", [folder / "Lunch_Anna.xml", folder / "Lunch_Ben.xml"]


def parley(*args: str, content: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PARLEY_LANG": "en"}
    if content is not None:
        env["PARLEY_CONTENT"] = str(content)
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=600)


def test_an_imported_domain_validates_plays_and_analyses_as_worked_out_by_hand(lunch, tmp_path):
    domain, profiles = lunch
    content = tmp_path / "content"
    made = parley("import", "genius", str(domain), *map(str, profiles), "-o", str(content / "lunch"))
    assert made.returncode == 0, made.stderr
    assert "delegations anna, ben" in made.stdout
    assert parley("validate", str(content / "lunch")).returncode == 0
    scenario = load_scenario(content / "lunch")
    assert scenario.id == "lunch" and scenario.parties == ("anna", "ben")
    rules = Rules(scenario)
    session = play_game(rules, 3, {"anna": "ai", "ben": "ai"})
    assert session.state.ended

    analysis = analysis_for(rules)["anna+ben"]
    place = {"A": "a", "B": "b", "C": "c"}
    frontier = {(Fraction(100), Fraction(25)), (Fraction(80), Fraction(50)), (Fraction(50), Fraction(75)),
                (Fraction(20), Fraction(100))}
    assert analysis.vectors() == frontier
    assert analysis.domain.batna("anna") == 10 and analysis.domain.batna("ben") == 25
    nash = analysis.domain.as_text(analysis.nash.outcome)
    assert nash == {"place": place["B"], "time": "one"}
    assert analysis.nash.utilities == {"anna": 50, "ben": 75}
    assert analysis.domain.as_text(analysis.ks.outcome) == nash

    report = parley("analyze", "--scenario", "lunch", "--json", content=content)
    assert report.returncode == 0, report.stderr
    data = json.loads(report.stdout)
    point = data["analyses"]["anna+ben"]["nash"]
    assert point["utilities"] == {"anna": 50.0, "ben": 75.0}
    assert data["signable"]["nash"]["scores"] == {"anna": 40.0, "ben": 50.0}  # over the BATNAs: 50 - 10, 75 - 25


def test_an_exported_scenario_reads_back_with_the_same_analysis(tmp_path):
    """The classic case out to GENIUS XML and back in: each party's best option on every
    card is worth 100, so the utilities come back exactly, and so do the points."""
    scenario = load_scenario_by_id("itex-cypress")
    files = export_genius(scenario, tmp_path / "out")
    assert [f.name for f in files] == ["itex-cypress_domain.xml", "itex-cypress_itex.xml", "itex-cypress_cypress.xml"]
    again = load_scenario(import_genius(files[0], files[1:], tmp_path / "again"))
    before, after = analysis_for(Rules(scenario))["itex+cypress"], analysis_for(Rules(again))["itex+cypress"]
    assert after.vectors() == before.vectors()
    assert after.nash.utilities == before.nash.utilities
    assert [after.domain.batna(p) for p in after.parties] == [before.domain.batna(p) for p in before.parties]


def test_every_party_comes_back_with_its_own_code(tmp_path):
    """Four parties out and back in: their codes survive (a code starting like "domain"
    included), and so do the analysis's points."""
    scenario = load_scenario_by_id("river-basin")
    files = export_genius(scenario, tmp_path / "out")
    again = load_scenario(import_genius(files[0], files[1:], tmp_path / "again"))
    assert again.parties == scenario.parties == ("upland", "delta", "midway", "bank")
    key = "+".join(scenario.parties)
    before, after = analysis_for(Rules(scenario))[key], analysis_for(Rules(again))[key]
    assert before.nash is not None and after.nash is not None
    assert after.nash.utilities.keys() == before.nash.utilities.keys()
    assert after.domain.as_text(after.nash.outcome).keys() == {c.id for c in again.cards}


def test_export_on_the_command_line(tmp_path):
    result = parley("export", "negmas", "abu-dhabi", "-o", str(tmp_path / "ad"))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "ad").iterdir())
    assert names == ["abu-dhabi_domain.xml", "abu-dhabi_ru.xml", "abu-dhabi_ua.xml", "abu-dhabi_us.xml"]
    assert "left out" in result.stderr
    read_xml(tmp_path / "ad" / "abu-dhabi_ru.xml")  # well-formed


@pytest.mark.parametrize("text, line, message", [
    ('<?xml version="1.0"?>\n<negotiation_template>\n<issue name="Place">\n<item value="A">\n</issue>\n', 5,
     "not well-formed XML: mismatched tag"),
    ('<?xml version="1.0"?>\n<negotiation_template>\n<objective>\n<issue name="Place" etype="real">\n'
     '</issue></objective></negotiation_template>\n', 4, "only discrete issues"),
    ("", 1, "not well-formed XML"),
])
def test_a_broken_domain_is_reported_with_file_and_line(lunch, text, line, message):
    domain, profiles = lunch
    domain.write_text(text)
    with pytest.raises(GeniusError) as caught:
        import_genius(domain, profiles, domain.parent / "out")
    (file, at, said), = caught.value.problems
    assert (file, at) == (str(domain), line) and message in said
    result = parley("import", "genius", str(domain), *map(str, profiles), "-o", str(domain.parent / "out"))
    assert result.returncode == 1 and f"{domain}:{line}: " in result.stderr and "Traceback" not in result.stderr


def test_a_broken_profile_is_reported_with_file_and_line(lunch):
    domain, profiles = lunch
    profiles[1].write_text(BEN.replace('value="B" evaluation="6"', 'value="B" evaluation="six"')
                           .replace('value="noon"', 'value="dawn"'))
    with pytest.raises(GeniusError) as caught:
        import_genius(domain, profiles, domain.parent / "out")
    found = {(line, message.split(":")[0]) for _file, line, message in caught.value.problems}
    assert all(file == str(profiles[1]) for file, _line, _message in caught.value.problems)
    lines = BEN.splitlines()
    six = next(i for i, text in enumerate(lines, 1) if 'value="B"' in text)
    assert any(line == six and "not a number" in m for _f, line, m in caught.value.problems), found
    assert any("'dawn' is not a value of issue 'Time'" in m for _f, _line, m in caught.value.problems)


def test_hostile_xml_is_refused_safely(lunch, tmp_path):
    domain, profiles = lunch
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
              '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n<lolz>&lol2;</lolz>\n')
    external = ('<?xml version="1.0"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
                '<negotiation_template>&xxe;</negotiation_template>\n')
    for text in (laughs, external):
        domain.write_text(text)
        with pytest.raises(GeniusError, match="document type declaration"):
            import_genius(domain, profiles, tmp_path / "out")
    huge = tmp_path / "huge.xml"
    with huge.open("w") as out:
        out.write("<negotiation_template>")
        out.write("<x/>" * 600_000)
        out.write("</negotiation_template>")
    with pytest.raises(GeniusError, match="too large"):
        import_genius(huge, profiles, tmp_path / "out")
    many = tmp_path / "many.xml"
    many.write_text("<a>" + "<b/>" * 30_000 + "</a>")
    with pytest.raises(GeniusError, match="more than"):
        read_xml(many)
    deep = tmp_path / "deep.xml"
    deep.write_text("<a>" * 5_000 + "</a>" * 5_000)
    with pytest.raises(GeniusError, match="nested more than"):
        read_xml(deep)
    assert not (tmp_path / "out").exists()


def test_a_number_too_large_to_be_an_evaluation_is_refused_at_once(lunch):
    domain, profiles = lunch
    profiles[0].write_text(ANNA.replace('evaluation="10"', 'evaluation="1e999999999"'))
    with pytest.raises(GeniusError) as caught:
        import_genius(domain, profiles, domain.parent / "out")
    assert any("not a number" in message for _file, _line, message in caught.value.problems)
    profiles[0].write_text(ANNA.replace('evaluation="10"', 'evaluation="1e99"'))
    with pytest.raises(GeniusError, match="too large"):
        import_genius(domain, profiles, domain.parent / "out")


def test_the_command_refuses_a_bad_target_and_leaves_nothing_half_made(lunch, tmp_path):
    domain, profiles = lunch
    a_file = tmp_path / "taken"
    a_file.write_text("not a folder")
    result = parley("import", "genius", str(domain), *map(str, profiles), "-o", str(a_file))
    assert result.returncode == 2 and "is a file, not a folder" in result.stderr and "Traceback" not in result.stderr
    result = parley("import", "genius", str(domain), *map(str, profiles), "--id", "Bad Id", "-o", str(tmp_path / "x"))
    assert result.returncode == 2 and "--id takes" in result.stderr
    domain.write_text(domain.read_text().replace('name="Time" vtype="discrete" type="discrete" etype="discrete"',
                                                 'name="Time" etype="real"'))
    content = tmp_path / "content"
    result = parley("import", "genius", str(domain), *map(str, profiles), "-o", str(content / "lunch"))
    assert result.returncode == 1 and "only discrete issues" in result.stderr
    assert not content.exists() or not any(content.iterdir())  # nothing half-made where the lobby would list it


def test_the_number_of_profiles_is_two_to_six(lunch):
    domain, profiles = lunch
    with pytest.raises(GeniusError, match="give 2 to 6 profiles"):
        import_genius(domain, profiles[:1], domain.parent / "out")
