"""Every scenario in content/ passes `parley validate`; `parley schema` is usable JSON.

The tests are parametrized over the folders of content/ so that a broken
scenario fails under its own name.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from game.content.loader import load_scenario

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"


def _scenario_folders() -> list[Path]:
    """Every folder of content/ that holds YAML, with or without a scenario.yaml."""
    if not CONTENT.is_dir():
        return []
    return sorted(
        p for p in CONTENT.iterdir()
        if p.is_dir() and not p.name.startswith(".") and any(p.glob("*.yaml"))
    )


FOLDERS = _scenario_folders()


def test_content_has_scenarios():
    assert any(p.name == "tutorial" for p in FOLDERS), FOLDERS


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_scenario_loads(folder: Path):
    assert (folder / "scenario.yaml").is_file(), f"{folder.name}: no scenario.yaml"
    sc = load_scenario(folder)
    assert sc.cards and sc.calendar.rounds
    assert set(sc.briefs) == set(sc.delegations)
    assert sc.content_hash


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_validate_folder_passes(folder: Path, parley):
    run = parley("validate", str(folder))
    run.assert_no_traceback()
    assert run.code == 0, f"{folder.name}:\n{run.stdout}{run.stderr}"
    assert run.stdout.startswith(f"ok: {folder}"), run.stdout
    assert run.problems == []


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_validate_without_arguments_passes_on(folder: Path, validate_everything):
    run = validate_everything
    run.assert_no_traceback()
    ok = re.compile(rf"^ok: .*[/\\]{re.escape(folder.name)} \(")
    assert any(ok.match(line) for line in run.stdout.splitlines()), f"no `ok:` for {folder.name}:\n{run.stdout}"
    mine = [p for p in run.problems if folder.resolve() in p.file.parents]
    assert mine == [], f"{folder.name}:\n" + "\n".join(map(repr, mine))


def test_validate_without_arguments_exits_0(validate_everything):
    run = validate_everything
    run.assert_no_traceback()
    assert run.code == 0, run.stdout + run.stderr
    assert run.stderr == ""
    assert len([line for line in run.stdout.splitlines() if line.startswith("ok: ")]) == len(FOLDERS), run.stdout


def test_schema_is_json_with_cards_and_delegations(parley):
    run = parley("schema")
    run.assert_no_traceback()
    assert run.code == 0, run.stderr
    schema = json.loads(run.stdout)
    assert schema["type"] == "object"
    assert {"cards", "delegations"} <= set(schema["properties"])
    # one file holds only some of the top-level keys, so none is required
    assert "required" not in schema
    assert schema.get("additionalProperties") is False  # a typo at the top is flagged by editors
