"""Scenario translations (`content/<id>/i18n/<lang>.yaml` and translated briefs): what
`parley validate` reports about them, what a translated scenario is, and that the
shipped German translations are complete."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from game.content.loader import load_scenario, scenario_dirs
from game.content.yamlsource import ContentError
from game.i18n.content import check_translation, languages, skeleton, texts

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def tutorial(tmp_path) -> Path:
    """A copy of the tutorial scenario with its German translation, free to edit."""
    folder = tmp_path / "tutorial"
    shutil.copytree(REPO / "content" / "tutorial", folder)
    return folder


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_every_shipped_scenario_has_a_complete_german_translation():
    for folder in scenario_dirs(REPO / "content"):
        scenario = load_scenario(folder, "en")
        assert "de" in languages(folder), folder
        assert check_translation(scenario, folder, "de") == [], folder
        german = load_scenario(folder, "de")
        # every text and every brief differs from the English, except names both languages share
        same = [path for (path, en), (_, de) in zip(texts(scenario), texts(german)) if en == de]
        assert all(path[-1] in ("place", "short", "name", "title", "label") for path in same), (folder, same)
        assert all(german.briefs[code] != scenario.briefs[code] for code in scenario.delegations), folder


def test_a_translated_scenario_keeps_its_rules_and_its_content_hash():
    english = load_scenario(REPO / "content" / "abu-dhabi", "en")
    german = load_scenario(REPO / "content" / "abu-dhabi", "de")
    assert german.content_hash == english.content_hash
    assert german.cards[0].title == "Energiepause" and german.delegations["ua"].short == "Kiew"
    strip = {"title", "description", "label", "text", "summary", "sources", "name", "short", "public_position",
             "explanation", "headline", "place", "brief"}
    assert _without(german.model_dump(mode="json"), strip) == _without(english.model_dump(mode="json"), strip)
    assert german.briefs["ru"].startswith("# Moskau")


def _without(data, keys):
    if isinstance(data, dict):
        return {k: _without(v, keys) for k, v in data.items() if k not in keys}
    if isinstance(data, list):
        return [_without(v, keys) for v in data]
    return data


def test_validate_reports_a_missing_a_stale_and_a_placeholder_broken_text(tutorial, parley):
    english_cards = tutorial / "cards.yaml"
    before = english_cards.read_text(encoding="utf-8")
    english_cards.write_text(english_cards.read_text(encoding="utf-8").replace(
        "title: Energy strike pause", "title: Energy strike pause for {days} days", 1), encoding="utf-8")
    assert english_cards.read_text(encoding="utf-8") != before
    german = tutorial / "i18n" / "de.yaml"

    def break_it(data):
        del data["cards"]["prisoners"]["title"]  # missing
        data["cards"]["ghost"] = {"title": "Ein Gespenst"}  # stale: no card 'ghost'
        data["delegations"]["ru"]["meters"]["standing"]["label"] = "Rückhalt {x}"  # a placeholder the English lacks
    _edit_yaml(german, break_it)
    run = parley("validate", str(tutorial))
    run.assert_no_traceback()
    assert run.code == 1
    found = {(p.path, p.message.split(":")[0]) for p in run.problems}
    assert ("cards[prisoners].title", "missing") in found, run.stdout
    assert ("cards.ghost.title", "stale") in found, run.stdout
    assert ("cards[energy_pause].title", "placeholders (none) differ from the original's {days}") in found
    assert ("delegations.ru.meters[standing].label", "placeholders {x} differ from the original's (none)") in found
    lines = german.read_text(encoding="utf-8").splitlines()
    for problem in run.problems:
        assert problem.file == german.resolve()
        if "stale" in problem.message:
            assert lines[problem.line - 1].strip() == "title: Ein Gespenst"
        if problem.path.startswith("delegations.ru"):
            assert "Rückhalt {x}" in lines[problem.line - 1]
    missing = next(p for p in run.problems if p.path == "cards[prisoners].title")
    assert lines[missing.line - 1].strip() == "prisoners:"  # the card it belongs to


def test_validate_reports_a_missing_translated_brief(tutorial, parley):
    (tutorial / "i18n" / "de" / "briefs" / "us.md").unlink()
    run = parley("validate", str(tutorial))
    assert run.code == 1
    assert [(p.path, p.message.split(":")[0]) for p in run.problems] == [("delegations.us.brief_file", "missing")]


def test_a_missing_text_reads_in_english_and_a_broken_file_names_its_line(tutorial):
    german = tutorial / "i18n" / "de.yaml"
    _edit_yaml(german, lambda data: data["cards"]["prisoners"].pop("title"))
    scenario = load_scenario(tutorial, "de")
    cards = {c.id: c for c in scenario.cards}
    assert cards["prisoners"].title == load_scenario(tutorial, "en").cards[1].title  # English, not a gap
    assert cards["energy_pause"].title == "Energiepause"
    german.write_text(german.read_text(encoding="utf-8") + "\ncards: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_scenario(tutorial, "de")
    problem = caught.value.problems[0]
    assert problem.file.endswith("i18n/de.yaml") and problem.line > 1
    assert load_scenario(tutorial, "en").id == "tutorial"  # English still plays


def test_a_translators_skeleton_is_the_tree_the_translation_has():
    folder = REPO / "content" / "coached-tutorial"
    scenario = load_scenario(folder, "en")
    tree = skeleton(scenario)
    german = yaml.safe_load((folder / "i18n" / "de.yaml").read_text(encoding="utf-8"))

    def keys(node, prefix=()):
        if isinstance(node, dict):
            return {k for key, value in node.items() for k in keys(value, prefix + (str(key),))}
        return {prefix}
    assert keys(tree) == keys(german)
