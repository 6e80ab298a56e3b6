"""The debrief and the comparison as Markdown, HTML, CSV and a terminal chart."""

from __future__ import annotations

import csv
import io
import re

import pytest

from game.content.loader import load_scenario_by_id
from game.debrief import CompareError, compare, debrief_of, terminal_chart, to_csv, to_html, to_markdown
from game.debrief.columns import DEBRIEF_COLUMNS
from game.engine.rules import Rules
from game.headless import play_game
from game.store.log import load


def test_markdown_has_every_section_and_says_the_heuristic_is_one(scripted):
    md = to_markdown(scripted)
    headings = re.findall(r"^## (.+)$", md, re.M)
    assert headings == [
        "The outcome", "Scores", "Concession curves", "What was left on the table", "Red lines touched",
        "Commitments", "Hidden readings and briefs, revealed", "Questions for discussion", "Timeline",
    ]
    assert "read from the statements' words by a heuristic" in md
    assert "| Round 1 | 23 Jan 2026 | Moscow | Neutrality, not deferral |" in md
    assert "Domestic standing -15" in md
    for i, question in enumerate(scripted.questions, start=1):
        assert f"{i}. **{question.text}**" in md
    timeline = md[md.index("## Timeline"):]
    assert len(re.findall(r"^\| \d+ \|", timeline, re.M)) == len(scripted.timeline)
    assert "#### Moscow: confidential brief" in md  # the brief's headings sit under the section's


def test_markdown_keeps_table_rows_whole_whatever_a_statement_says(rules):
    from _debrieftools import play

    from game.debrief import build_debrief
    from game.engine import commands as C

    db = build_debrief(rules, play(rules, 5, [C.Statement(by="ru", text="a | b || c")]).steps)
    row = next(line for line in to_markdown(db).splitlines() if "a \\| b" in line)
    assert row.count(" | ") == 4  # five cells: the statement's bars are escaped


def test_html_is_one_self_contained_page_with_a_chart_per_delegation_that_offered(scripted, simulated_debriefs):
    for db in (scripted, *simulated_debriefs):
        page = to_html(db)
        assert page.startswith("<!DOCTYPE html>") and "<script" not in page.lower()
        links = re.findall(r'(?:src|href)="([^"]*)"', page)
        assert all(link.startswith("#") for link in links), links  # nothing outside the page
        assert "@import" not in page and "url(" not in page
        charts = re.findall(r'<svg class="chart" data-delegation="(\w+)"', page)
        curves = re.findall(r'<polyline class="curve" data-delegation="(\w+)"', page)
        offering = [c.delegation for c in db.curves if c.offers]
        assert charts == [c.delegation for c in db.curves] and curves == offering
        assert page.count('class="batna"') == len(db.curves)


def test_html_escapes_what_players_wrote(scripted):
    page = to_html(scripted)
    assert "<b>No</b>" not in page
    assert "&lt;b&gt;No&lt;/b&gt; &amp; &quot;quotes&quot;." in page


def test_csv_has_one_row_per_logged_event_with_the_documented_columns(scripted, scripted_save):
    rows = list(csv.reader(io.StringIO(to_csv(scripted))))
    assert rows[0] == [name for name, _ in DEBRIEF_COLUMNS]
    logged = load(scripted_save, load_scenario_by_id).events
    body = [dict(zip(rows[0], row)) for row in rows[1:]]
    assert [r["event"] for r in body] == [e.type for e in logged]  # every event, in order
    assert [int(r["index"]) for r in body] == list(range(1, len(logged) + 1))
    facilitator = [r["command"] for r in body if r["by"] == "facilitator"]
    assert list(dict.fromkeys(facilitator)) == ["pause", "resume", "move_round", "fire_event", "change_turns", "end_now"]
    first, opening = body[0], body[1]
    assert (first["event"], first["command"], first["by"]) == ("game_started", "start", "")
    assert (opening["round"], opening["date"], opening["kind"], opening["turn"]) == ("r1", "2026-01-23", "round", "1")
    assert any(r["event"] == "turn_ended" and r["text"] == "" for r in body)  # bookkeeping has a row too
    assert [r["package"] for r in body if r["kind"] == "offer"] == ["1", "2"]


def test_terminal_chart_draws_every_curve_in_the_space_given(simulated_debriefs):
    db = simulated_debriefs[0]
    lines = terminal_chart(db.curves, 70, 14, db.round_marks)
    assert len(lines) == 14 and all(len(line) <= 70 for line in lines)
    drawn = "".join(lines[:-3])
    assert any("\u2801" <= ch <= "\u28ff" for ch in drawn)  # braille strokes between the offers
    for curve in db.curves:
        assert curve.name[0] in drawn  # its offers
    assert lines[-3].startswith("    \u2514") and "R1" in lines[-2] and "R5" in lines[-2]
    assert lines[-1].startswith("M Moscow K Kyiv W Washington")
    assert terminal_chart([], 30, 8)[-1] == " (small: accepted; \u250aX: BATNA)"


def test_compare_sets_tables_side_by_side(simulated_debriefs):
    c = compare(simulated_debriefs)
    md = to_markdown(c)
    for n, db in enumerate(simulated_debriefs, start=1):
        assert f"| Table {n} |" in md and f"Table {n}: {db.label}" in md  # short names, and which save is which
    assert "| Energy infrastructure strike pause |" in md
    assert "## Timing" in md and "| Game ended | 20 Mar 2026 | 20 Mar 2026 |" in md
    assert "| How | the calendar ran out | the calendar ran out |" in md
    rows = list(csv.reader(io.StringIO(to_csv(c))))
    assert len(rows) == 3
    table = [dict(zip(rows[0], row)) for row in rows[1:]]
    first = simulated_debriefs[0]
    assert table[0]["table"] == first.label and float(table[0]["score_ru"]) == first.scores[0].score
    signed = {s.card: s for s in first.signed}
    assert table[0]["signed_energy_pause"] == signed["energy_pause"].label
    assert table[0]["signed_round_energy_pause"] == signed["energy_pause"].round
    assert {"signed_ceasefire", "signed_round_ceasefire", "signed_date_ceasefire"} <= set(rows[0])
    page = to_html(c)
    assert "<svg" not in page and page.count("<table>") == 4
    assert page.count('<div class="wide"><table>') == 4  # a wide table scrolls in its box; the page keeps its width


def test_compare_refuses_tables_of_different_scenarios(simulated_debriefs, tmp_path):
    tutorial = Rules(load_scenario_by_id("tutorial"))
    path = tmp_path / "tutorial.parley"
    play_game(tutorial, 1, {"ru": "random", "ua": "random", "us": "random"}, save_to=path)
    other = debrief_of(load(path, load_scenario_by_id), label="tutorial.parley")
    with pytest.raises(CompareError, match=r"only tables of one scenario can be compared.*tutorial.parley: tutorial"):
        compare([*simulated_debriefs, other])
    with pytest.raises(CompareError):
        compare([])
