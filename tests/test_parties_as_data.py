"""The parties are data: a scenario names its delegations (2 to 6), and nothing in the
code names one. These tests read the code itself, then check the boundaries where a
party's name comes in (content, commands, the network)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.engine.core import new_game, step
from game.engine.rules import Rules
from game.engine.views import view_for

GAME = Path(__file__).resolve().parents[1] / "game"
# A party's code as a value: "ru", or a reference to something of it ("us.patience").
PARTY_LITERAL = re.compile(r"(ru|ua|us)([.=:].*)?", re.S)


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string nodes that are docstrings (they may give examples)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def party_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    skip = _docstrings(tree)
    return [
        f"{path}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
        and PARTY_LITERAL.fullmatch(node.value)
    ]


def test_no_code_names_a_party():
    found = [hit for path in sorted(GAME.rglob("*.py")) for hit in party_literals(path)]
    assert not found, "party codes belong to the scenario's content:\n" + "\n".join(found)


def test_the_check_finds_a_party_literal(tmp_path):
    """The scan above sees a party named in code, and not one named in a docstring."""
    sample = tmp_path / "sample.py"
    sample.write_text('"""Moscow is "ru"."""\nSEAT = "ua"\nMETER = "us.patience"\nOTHER = ("user", "rust")\n',
                      encoding="utf-8")
    assert [hit.split(": ", 1)[1] for hit in party_literals(sample)] == ["'ua'", "'us.patience'"]



def test_the_engine_refuses_a_delegation_the_scenario_does_not_have(rules):
    state = new_game(rules, 1).state
    for command in (
        C.Pass(by="uk"),
        C.Reveal(delegation="uk"),
        C.HandSeat(delegation="uk", to="person"),
        C.Inject(headline="News", text="Something happened.", to=("ru", "uk")),
    ):
        outcome = step(rules, state, command)
        assert outcome.refusal is not None and outcome.refusal.code == "unknown_delegation", command
        assert outcome.refusal.args == {"delegation": "uk"} and not outcome.events and outcome.state is state


def test_a_seat_that_is_not_a_party_sees_nothing(rules):
    state = new_game(rules, 1).state
    with pytest.raises(ValueError):
        view_for(rules, state, "uk")
    assert view_for(rules, state, "ru").parties == rules.parties == ("ru", "ua", "us")


# ---------------------------------------------------------------------------- two and four parties

TWO, FOUR = "itex-cypress", "river-basin"  # a classic two-party case; a four-party test scenario


def _rules(scenario: str) -> Rules:
    return Rules(load_scenario_by_id(scenario))


@pytest.mark.parametrize("scenario, parties", [(TWO, ("itex", "cypress")), (FOUR, ("upland", "delta", "midway", "bank"))])
def test_the_parties_are_the_scenarios(scenario, parties):
    rules = _rules(scenario)
    assert rules.parties == parties
    view = view_for(rules, new_game(rules, 1).state, parties[0])
    assert view.parties == parties and set(view.private) == {parties[0]}
    assert len({d.colour for d in view.delegations}) == len(parties)  # each its own colour


def test_who_must_consent_is_listed_in_the_scenarios_order():
    """Not in a set's order, which changes from one run to the next (PYTHONHASHSEED):
    the analysis and the debrief list soft lines and signatories from it."""
    rules = _rules(FOUR)
    cards = [card.id for card in rules.scenario.cards]
    for size in (1, 2, len(cards)):
        items = {card: "x" for card in cards[-size:]}
        needed = rules.consent_needed(items)
        assert list(needed) == [d for d in rules.parties if d in needed]
        assert set(needed) == {d for card in items for d in rules.cards[card].consent}


@pytest.mark.parametrize("scenario", [TWO, FOUR])
def test_simulate_plays_whole_games_of_any_number_of_parties(scenario, capsys):
    from game.cli import main

    parties = _rules(scenario).parties
    agents = ",".join(f"{d}=ai" for d in parties)
    assert main(["simulate", "--scenario", scenario, "--games", "3", "--agents", agents]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    for line in lines:
        assert line.split(": ", 1)[1].split(" on ")[0] in ("agreement", "end_date", "walkout", "event"), line
        assert all(f" {d} " in line.split("scores:")[1] + " " for d in parties), line
    assert main(["simulate", "--scenario", scenario, "--agents", "ru=ai"]) == 2  # no such delegation here
    assert "--agents takes " + ",".join(f"{d}=KIND" for d in parties) in capsys.readouterr().err


@pytest.mark.parametrize("scenario", [TWO, FOUR])
def test_a_debrief_of_any_number_of_parties_names_and_scores_each(scenario, tmp_path):
    from game.debrief.build import build_debrief
    from game.debrief.render import to_csv, to_html, to_markdown
    from game.headless import play_game

    rules = _rules(scenario)
    session = play_game(rules, 5, {d: "ai" for d in rules.parties})
    debrief = build_debrief(rules, session.steps)
    assert [s.delegation for s in debrief.scores] == list(rules.parties)
    assert debrief.curves and {c.delegation for c in debrief.curves} <= set(rules.parties)
    shorts = [rules.scenario.delegations[d].short for d in rules.parties]
    markdown, html = to_markdown(debrief), to_html(debrief)
    for short in shorts:
        assert f"| {short} |" in markdown and short in html
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(to_csv(debrief))))
    assert len(rows) == len(debrief.events)  # one row per logged event
    assert {row["actor"] for row in rows} >= set(rules.parties)  # every delegation moved, by its code
    colours = rules.scenario.colours
    assert all(c.colour == colours[c.delegation] for c in debrief.curves)
    assert html.count('class="chart"') == len(debrief.curves)


def _outcomes(domain):
    import itertools

    return itertools.product(*(range(len(options)) for options in domain.options))


@pytest.mark.parametrize("scenario", [TWO, FOUR])
def test_the_analysis_is_exact_for_any_number_of_parties(scenario):
    """The frontier and the Nash point of every group the report lists, against a brute
    force over every outcome with the same exact utilities."""
    from fractions import Fraction

    from game.analysis.report import analysis_for

    rules = _rules(scenario)
    analyses = analysis_for(rules)
    n = len(rules.parties)
    assert len(analyses) == (1 if n == 2 else 1 + n * (n - 1) // 2)  # everyone, then each pair
    for key, analysis in analyses.items():
        domain, parties = analysis.domain, analysis.parties
        assert key == "+".join(parties)
        batna = {p: domain.batna(p) for p in parties}
        rational = [u for u in (domain.utilities(o) for o in _outcomes(domain)) if all(u[p] >= batna[p] for p in parties)]
        vectors = {tuple(u[p] for p in parties) for u in rational}
        frontier = {v for v in vectors if not any(w != v and all(a >= b for a, b in zip(w, v)) for w in vectors)}
        assert analysis.vectors() == frontier, key
        if frontier:
            def product(v):
                out = Fraction(1)
                for p, x in zip(parties, v):
                    out *= x - batna[p]
                return out

            best = max(product(v) for v in frontier)
            assert product(tuple(analysis.nash.utilities[p] for p in parties)) == best, key
