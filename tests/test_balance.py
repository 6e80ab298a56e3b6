"""`parley balance`: paired-seed games with probe strategies in each seat, and the
dynamics of the all-computer games."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.agents import make_agent
from game.balance import DEFAULT, PRESET_SPECS, Probe, balance, make_probe, play, probes_for
from game.content.loader import load_scenario_by_id
from game.engine.rules import Rules
from tests.abu_dhabi import DELEGATIONS

ROOT = Path(__file__).resolve().parents[1]
RULES = Rules(load_scenario_by_id("abu-dhabi"))


@pytest.fixture(scope="module")
def report():
    return balance("abu-dhabi", games=4, base_seed=3)


def makers(seat: str | None = None, probe: Probe | None = None):
    out = {d: (lambda d, s: make_agent(DEFAULT, d, s)) for d in DELEGATIONS}
    if seat is not None:
        out[seat] = lambda d, s: make_probe(probe, d, s)
    return out


def test_every_seat_has_every_probe_the_issue_names(report):
    for seat in DELEGATIONS:
        names = [row["probe"] for row in report["seats"][seat]["probes"]]
        assert [n for n in names if n in PRESET_SPECS] == list(PRESET_SPECS)
        assert {"always pass", "always recess", "random"} <= set(names)
        assert [f"walk out in round {k}" for k in range(1, len(RULES.rounds) + 1)] == [
            n for n in names if n.startswith("walk out")
        ]
        for lever in RULES.scenario.delegations[seat].levers:
            assert f"{lever.id} whenever it can be used" in names
        assert report["seats"][seat]["best_preset"] in PRESET_SPECS


def test_games_are_paired_the_default_computer_in_a_seat_plays_the_all_computer_games(report):
    """Same seeds, same draws: the `ai` probe in any seat is the all-computer game, so its
    mean is the dynamics' mean score and its difference to itself is nil."""
    for seat in DELEGATIONS:
        row = next(r for r in report["seats"][seat]["probes"] if r["probe"].startswith(f"{DEFAULT} "))
        assert row["mean"] == report["dynamics"]["mean_score"][seat]
        best = report["seats"][seat]["best_preset"]
        best_row = next(r for r in report["seats"][seat]["probes"] if r["probe"] == best)
        assert best_row["vs_best_preset"] == 0 and best_row["vs_best_preset_se"] == 0


def test_the_report_is_the_same_in_worker_processes():
    assert balance("abu-dhabi", games=2, base_seed=5, jobs=2) == balance("abu-dhabi", games=2, base_seed=5, jobs=1)


def test_a_walk_out_probe_walks_out_in_its_round():
    probe = next(p for p in probes_for(RULES, "ua") if p.name == "walk out in round 2")
    game = play(RULES, 11, makers("ua", probe))
    assert game.walked_out and game.end_reason == "walkout" and game.end_round == 2


def test_a_lever_probe_uses_its_lever_until_its_uses_run_out():
    probe = next(p for p in probes_for(RULES, "ua") if p.name.startswith("appeal_to_washington"))
    game = play(RULES, 11, makers("ua", probe))
    lever = next(lv for lv in RULES.scenario.delegations["ua"].levers if lv.id == "appeal_to_washington")
    assert game.levers["ua.appeal_to_washington"] == lever.uses


def test_always_pass_never_agrees_to_anything():
    """Moscow's consent is needed for the energy pause, which computer games sign."""
    assert "energy_pause" in play(RULES, 11, makers()).signed_cards
    probe = next(p for p in probes_for(RULES, "ru") if p.name == "always pass")
    game = play(RULES, 11, makers("ru", probe))
    assert not any(key.startswith("ru.") for key in game.levers)
    assert not any("ru" in RULES.cards[card].consent for card in game.signed_cards)


def test_dynamics_count_what_the_games_did(report):
    dyn = report["dynamics"]
    assert set(dyn["signed"]) == set(RULES.card_order)
    assert sum(row["games"] for row in dyn["mean_score_by_end_round"].values()) == report["games"]
    assert set(dyn["levers"]) == {f"{d}.{lv.id}" for d in DELEGATIONS for lv in RULES.scenario.delegations[d].levers}
    assert abs(sum(dyn["end_reasons"].values()) - 1) < 1e-3


def test_how_time_plays_is_measured_after_every_round(report):
    """Each round's end is measured in every game that reached it: the scores had the talks
    ended then, with and without what was signed, and how far each BATNA had moved."""
    rows = report["dynamics"]["if_ended_after_round"]
    assert list(rows) == list(range(1, len(rows) + 1)) and rows[1]["games"] == report["games"]
    assert all(rows[k]["games"] >= rows[k + 1]["games"] for k in list(rows)[:-1])
    last = rows[max(rows)]
    assert set(last["score"]) == set(last["batna_moved"]) == set(last["no_deal_score"]) == set(DELEGATIONS)
    # time favours Moscow: its BATNA has risen and Kyiv's fallen by the last round
    assert last["batna_moved"]["ru"] > rows[1]["batna_moved"]["ru"] > 0 > rows[1]["batna_moved"]["ua"] > last["batna_moved"]["ua"]
    # each round's change of the no-deal score is the mean of the per-game changes
    assert "no_deal_change" not in rows[1]
    for k in list(rows)[1:]:
        change = rows[k]["no_deal_change"]
        assert set(change) == set(DELEGATIONS) and all(c["se"] >= 0 for c in change.values())
        if rows[k]["games"] == rows[k - 1]["games"]:  # the same games: the change of the means
            for d in DELEGATIONS:
                assert abs(change[d]["mean"] - (rows[k]["no_deal_score"][d] - rows[k - 1]["no_deal_score"][d])) < 0.02


def parley(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_parley_balance_prints_a_report_and_json():
    text = parley("balance", "--scenario", "abu-dhabi", "--games", "2", "--jobs", "1")
    assert text.returncode == 0, text.stderr
    assert "Moscow: best preset" in text.stdout and "mean score by the round the talks ended in" in text.stdout
    data = parley("balance", "--scenario", "abu-dhabi", "--games", "2", "--jobs", "1", "--json")
    assert json.loads(data.stdout)["games"] == 2


@pytest.mark.parametrize("args, said", [
    (("--scenario", "nowhere", "--games", "2"), "nowhere"),
    (("--scenario", "abu-dhabi", "--games", "1"), "--games must be at least 2"),
    (("--scenario", "abu-dhabi", "--games", "2", "--jobs", "0"), "--jobs must be at least 1"),
])
def test_parley_balance_mistakes_are_one_line(args, said):
    done = parley("balance", *args)
    assert done.returncode != 0 and said in done.stderr and "Traceback" not in done.stderr


def test_no_computer_delegation_offers_again_what_was_turned_down_while_nothing_changed():
    """Washington re-proposed options a delegation had just rejected, and Moscow its
    rejected text; a package turned down is offered again only once the situation has
    changed (a scenario event, a new round, a signature, a red line moved)."""
    games = [play(RULES, seed, makers()) for seed in range(1, 41)]
    assert sum(game.repeats for game in games) == 0
