"""`parley debrief` as a person runs it: outputs, files, exit codes and messages."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, main
from game.debrief.columns import DEBRIEF_COLUMNS

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_one_save_prints_its_debrief_in_markdown(capsys, scripted_save, scripted):
    code, out, err = run(capsys, "debrief", str(scripted_save))
    assert code == EXIT_OK and err == ""
    assert out.startswith("# Debrief: Abu Dhabi, 2026: talks under US mediation\n")
    assert "Table: scripted.parley (seed 5)" in out and "## Questions for discussion" in out


def test_a_save_is_found_by_name_in_the_saves_folder(capsys, scripted_save):
    code, out, _ = run(capsys, "--saves-dir", str(scripted_save.parent), "debrief", "scripted", "--format", "json")
    assert code == EXIT_OK
    data = json.loads(out)
    assert data["label"] == "scripted.parley" and data["scenario"] == "abu-dhabi" and data["questions"]


def test_output_file_is_written_whole_and_nothing_else(capsys, scripted_save, tmp_path):
    target = tmp_path / "lesson.html"
    target.write_text("an older debrief")
    code, out, err = run(capsys, "debrief", str(scripted_save), "--format", "html", "-o", str(target))
    assert (code, out, err) == (EXIT_OK, "", "")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lesson.html"]  # no temporary file left


@pytest.mark.parametrize("where", ["missing/folder/out.md", "."])
def test_an_unwritable_output_is_a_clear_message(capsys, scripted_save, tmp_path, where):
    target = tmp_path / where
    code, out, err = run(capsys, "debrief", str(scripted_save), "-o", str(target))
    assert code == EXIT_PROBLEM and out == ""
    assert err.startswith(f"parley: cannot write {target}: ")
    assert not list(tmp_path.glob("**/.*.tmp"))


def test_a_damaged_save_is_named_and_nothing_is_written(capsys, scripted_save, tmp_path):
    damaged = tmp_path / "damaged.parley"
    lines = scripted_save.read_text(encoding="utf-8").splitlines(keepends=True)
    damaged.write_text("".join(lines[:3]) + "{not json\n" + "".join(lines[4:]), encoding="utf-8")
    target = tmp_path / "out.md"
    code, out, err = run(capsys, "debrief", str(scripted_save), str(damaged), "--compare", "-o", str(target))
    assert code == EXIT_PROBLEM and out == ""
    assert err.startswith(f"parley: {damaged}:4: damaged save")
    assert not target.exists()


def test_several_saves_need_compare(capsys, simulated):
    code, out, err = run(capsys, "debrief", *map(str, simulated))
    assert code == EXIT_USAGE and out == ""
    assert "add --compare" in err


def test_compare_writes_one_csv_row_per_table(capsys, simulated):
    code, out, _ = run(capsys, "debrief", "--compare", "--format", "csv", *map(str, simulated))
    assert code == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["table"] for r in rows] == [p.name for p in simulated]
    assert all(r["end_reason"] == "end_date" for r in rows)


def test_compare_refuses_saves_of_different_scenarios(capsys, simulated, tmp_path):
    assert main(["simulate", "--scenario", "tutorial", "--seed", "2", "--save-dir", str(tmp_path)]) == EXIT_OK
    tutorial = next(tmp_path.glob("*.parley"))
    capsys.readouterr()
    code, out, err = run(capsys, "debrief", "--compare", str(simulated[0]), str(tutorial))
    assert code == EXIT_USAGE and out == ""
    assert "only tables of one scenario can be compared" in err and f"{tutorial.name}: tutorial" in err


def test_help_describes_the_csv_columns(capsys):
    with pytest.raises(SystemExit):
        main(["debrief", "--help"])
    out = capsys.readouterr().out
    assert "usage: parley debrief" in out and "--compare" in out
    for column in ("index", "round", "actor", "command", "score_<delegation>", "signed_round_<card>"):
        assert f"  {column} " in out


def test_the_command_runs_as_a_program(scripted_save):
    """One real `python -m game debrief`, end to end."""
    result = subprocess.run(
        [sys.executable, "-m", "game", "debrief", str(scripted_save), "--format", "csv"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env={**os.environ},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == ",".join(name for name, _ in DEBRIEF_COLUMNS)


def test_the_output_is_never_a_save(capsys, scripted_save, tmp_path):
    before = scripted_save.read_bytes()
    for target in (str(scripted_save), str(tmp_path / "other.parley")):
        code, out, err = run(capsys, "debrief", str(scripted_save), "-o", target)
        assert code == EXIT_USAGE and "looks like a save" in err
    assert scripted_save.read_bytes() == before and not (tmp_path / "other.parley").exists()
