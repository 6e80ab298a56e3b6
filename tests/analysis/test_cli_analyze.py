"""`parley analyze` as a person runs it: a subprocess, its output and exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GROUP_KEYS = {"ru+ua+us", "ru+ua", "ru+us", "ua+us"}


def parley(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=cwd, env=dict(os.environ), timeout=300
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def _scripted_save(path: Path, items: dict[str, str]) -> Path:
    """A tutorial game in which Washington proposes `items`, both others accept, and
    the facilitator ends the game (if the signing has not ended it already)."""
    from game.content.loader import load_scenario_by_id
    from game.engine import Rules
    from game.engine import commands as C
    from game.session import LocalSession

    session = LocalSession.start(Rules(load_scenario_by_id("tutorial")), 9, save_to=path, fsync=False)
    for command in (C.Propose(by="us", items=items), C.Accept(by="ru"), C.Accept(by="ua")):
        assert session.submit(command).ok
    if not session.ended:
        assert session.submit(C.EndNow()).ok
    session.close()
    return path


@pytest.fixture(scope="module")
def tutorial_saves(tmp_path_factory) -> list[Path]:
    """Two scripted saves (the tutorial's KS package signed; only a winter pause signed)
    and a few random-agent games (nothing signed)."""
    folder = tmp_path_factory.mktemp("saves")
    saves = [
        _scripted_save(folder / "ks-package.parley", {"energy_pause": "winter", "prisoners": "small", "next_round": "later"}),
        _scripted_save(folder / "pause-only.parley", {"energy_pause": "winter"}),
    ]
    result = parley("simulate", "--scenario", "tutorial", "--seed", "4", "--games", "2", "--save-dir", str(folder))
    assert result.returncode == 0, result.stderr
    return saves + sorted(set(folder.glob("*.parley")) - set(saves))


def test_abu_dhabi_json_has_every_figure():
    result = parley("analyze", "--scenario", "abu-dhabi", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["scenario"] == "abu-dhabi" and len(report["cards"]) == 15
    assert report["outcome_space"] > 10**8
    assert {row["from"] for row in report["variant_choice"]} == {"default"}
    assert report["variants"]["ru"] == {"donbas_reading": "bargaining_chip"}  # the first variant
    assert set(report["delegations"]) == {"ru", "ua", "us"}
    for d in report["delegations"].values():
        assert {"batna", "status_quo_utility", "ideal"} <= set(d)
        assert set(d["ideal"]["outcome"]) == set(report["cards"])
    assert set(report["analyses"]) == GROUP_KEYS
    for key, group in report["analyses"].items():
        assert group["parties"] == key.split("+")
        assert group["individually_rational"] and group["frontier_size"] >= 1
        for name in ("nash", "ks", "max_welfare"):
            point = group[name]
            assert set(point["outcome"]) == set(report["cards"])
            assert set(point["utilities"]) == {"ru", "ua", "us"}
            assert all(point["gains"][p] >= 0 for p in group["parties"])
            assert isinstance(point["red_lines_crossed"], list)
    assert "save" not in report


def test_text_output_names_cards_and_options_and_says_which_variants():
    result = parley("analyze", "--scenario", "abu-dhabi")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for text in ("Energy infrastructure strike pause", "Nash bargaining point", "Kalai-Smorodinsky point",
                 "Max-welfare point", "Pareto frontier", "BATNA", "default: the first variant", "--variant",
                 "Moscow and Kyiv (Washington ignored)"):
        assert text in out, text


def test_variants_are_chosen_by_id():
    result = parley("analyze", "--scenario", "abu-dhabi", "--variant", "historical_lands",
                    "--variant", "ua.home_front_strain", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["variants"] == {
        "ru": {"donbas_reading": "historical_lands"},
        "ua": {"time_horizon": "home_front_strain"},
        "us": {"administration_line": "land_for_peace"},
    }
    assert [row["from"] for row in report["variant_choice"]] == ["chosen", "chosen", "default"]


@pytest.mark.parametrize("args, code, message", [
    (("--scenario", "atlantis"), 1, "no scenario 'atlantis'"),
    (("--scenario", "abu-dhabi", "--variant", "martian"), 2, "no variant 'martian'"),
    (("--scenario", "abu-dhabi", "--variant", "historical_lands", "--variant", "bargaining_chip"), 2, "choose one"),
    ((), 2, "needs --scenario"),
    (("--save", "no-such-save.parley"), 1, "cannot read the file"),
])
def test_errors_are_clear(args, code, message):
    result = parley("analyze", *args)
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert result.stdout == ""


def test_a_damaged_save_is_refused(tmp_path):
    bad = tmp_path / "bad.parley"
    bad.write_text("this is not a save\n")
    result = parley("analyze", "--save", str(bad))
    assert result.returncode == 1 and "not a Parley save" in result.stderr


def test_save_gives_distances_and_uses_its_own_variants(tutorial_saves):
    assert tutorial_saves
    save = tutorial_saves[0]
    result = parley("analyze", "--save", str(save), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["scenario"] == "tutorial"
    assert {row["from"] for row in report["variant_choice"]} <= {"save"}
    facts = report["save"]
    assert {"final_outcome", "utilities", "on_frontier", "distance_to_frontier", "distance_to_nash"} <= set(facts)
    if facts["distance_to_frontier"] is not None:
        assert 0 <= facts["distance_to_frontier"] <= facts["distance_to_nash"] + 1e-9
    text = parley("analyze", "--save", str(save)).stdout
    assert "from the Nash point" in text or "no frontier" in text
    # the same save by name in the saves folder, and the save's scenario checked against --scenario
    by_name = parley("--saves-dir", str(save.parent), "analyze", "--save", save.stem, "--json")
    assert by_name.returncode == 0 and json.loads(by_name.stdout)["save"]["utilities"] == facts["utilities"]
    wrong = parley("analyze", "--scenario", "abu-dhabi", "--save", str(save))
    assert wrong.returncode == 2 and "is of scenario 'tutorial'" in wrong.stderr
    mixed = parley("analyze", "--save", str(save), "--variant", "historical_lands")
    assert mixed.returncode == 2 and "leave out --variant" in mixed.stderr


def test_distances_of_a_signed_package(tutorial_saves):
    on, off = (json.loads(parley("analyze", "--save", str(save), "--json").stdout) for save in tutorial_saves[:2])
    facts = on["save"]
    assert facts["changes"] == {"energy_pause": "winter", "prisoners": "small", "next_round": "later"}
    assert facts["on_frontier"] and facts["distance_to_frontier"] == 0
    assert facts["utilities"] == on["analyses"]["ru+ua+us"]["ks"]["utilities"]  # the tutorial's KS point
    nash = on["analyses"]["ru+ua+us"]["nash"]["utilities"]
    expected = sum((nash[p] - facts["utilities"][p]) ** 2 for p in ("ru", "ua", "us")) ** 0.5
    assert facts["distance_to_nash"] == pytest.approx(expected, abs=1e-3)
    facts = off["save"]
    assert facts["changes"] == {"energy_pause": "winter"} and not facts["on_frontier"]
    assert 0 < facts["distance_to_frontier"] <= facts["distance_to_nash"]
    text = parley("analyze", "--save", str(tutorial_saves[0])).stdout
    assert "Unconstrained: it lies on the frontier" in text and "Prisoner exchange: Small exchange" in text
    assert "the text lies on the signable frontier" in text


def test_final_outcome_utilities_are_the_engines(tutorial_saves):
    """In-process: the save's final outcome, valued by the analysis, is the engine's utility."""
    from game.analysis.report import outcome_figures
    from game.content.loader import load_scenario_by_id
    from game.store.log import load

    for save in tutorial_saves:
        loaded = load(save, load_scenario_by_id)
        figures = outcome_figures(loaded.rules, loaded.state)
        for code in ("ru", "ua", "us"):
            assert float(figures["utilities"][code]) == pytest.approx(loaded.rules.utility(loaded.state, code), abs=1e-9)
        if figures["on_frontier"]:
            assert figures["distance_to_frontier"] == 0.0


# ---------------------------------------------------------------------------- what can be signed


def _hard_lines_crossed(rules, state, items: dict[str, str]) -> list[str]:
    return [qid for d in rules.consent_needed(items) for qid, line in rules.crossed(state, d, items) if line.hard]


def test_the_signable_analysis_lists_its_frontier_and_its_points_can_be_signed():
    from game.analysis.report import start_state
    from game.content.loader import load_scenario_by_id
    from game.engine import Rules

    result = parley("analyze", "--scenario", "abu-dhabi", "--json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert "left out" in report["analyses_note"]  # the unconstrained analysis says what it is
    sig = report["signable"]
    assert sig["moment"]["at"] == "start" and sig["individually_rational"]
    assert len(sig["frontier"]) == sig["frontier_size"] > 1
    rules = Rules(load_scenario_by_id("abu-dhabi"))
    state = start_state(rules, report["variants"])
    for point in (*sig["frontier"], sig["nash"], sig["ks"], sig["max_welfare"]):
        assert set(point["scores"]) == {"ru", "ua", "us"}
        assert point["package"] and not _hard_lines_crossed(rules, state, point["package"])
        assert all(point["scores"][p] >= sig["no_agreement"][p] for p in point["scores"])
    # the unconstrained Nash point, by contrast, cannot be signed
    unconstrained = report["analyses"]["ru+ua+us"]["nash"]["changes"]
    assert _hard_lines_crossed(rules, state, unconstrained)
    text = parley("analyze", "--scenario", "abu-dhabi").stdout
    assert "UNCONSTRAINED ANALYSIS" in text and "WHAT CAN BE SIGNED at the start of the talks" in text


def test_at_a_later_round_the_zone_of_agreement_moves_with_the_battlefield():
    start = json.loads(parley("analyze", "--scenario", "abu-dhabi", "--json").stdout)["signable"]
    later = json.loads(parley("analyze", "--scenario", "abu-dhabi", "--at", "4", "--json").stdout)["signable"]
    assert later["moment"]["round"] == "r4" and later["moment"]["date"] > start["moment"]["date"]
    # no deal: Moscow's position has improved and Kyiv's has eroded
    assert later["no_agreement"]["ru"] > start["no_agreement"]["ru"]
    assert later["no_agreement"]["ua"] < start["no_agreement"]["ua"]
    assert later["nash"]["scores"] != start["nash"]["scores"]
    bad = parley("analyze", "--scenario", "abu-dhabi", "--at", "r9")
    assert bad.returncode == 2 and "no round 'r9'" in bad.stderr


def test_a_save_is_analysed_at_its_position_and_at_a_round_of_it(tutorial_saves):
    save = str(tutorial_saves[0])  # the tutorial's settlement signed: the talks are over
    now = json.loads(parley("analyze", "--save", save, "--json").stdout)
    assert now["signable"]["moment"]["at"] == "save" and now["signable"]["over"]
    assert now["signable"]["frontier"] == [] and now["signable"]["end_reason"] == "agreement"
    assert now["signable"]["final_scores"] == now["save"]["signable"]["final_scores"]
    assert "nothing: the talks are over" in parley("analyze", "--save", save).stdout
    opening = json.loads(parley("analyze", "--save", save, "--at", "1", "--json").stdout)
    assert opening["signable"]["moment"]["at"] == "round" and not opening["signable"]["fixed"]
    assert opening["signable"]["frontier"]
    sig = now["save"]["signable"]
    assert set(sig["final_scores"]) == {"ru", "ua", "us"} and sig["nash_scores"] is not None


def test_a_save_position_holds_the_signed_cards_and_a_round_opening_its_events():
    from game.analysis.moment import moment_of_save
    from game.content.loader import load_scenario_by_id
    from game.engine import Rules
    from game.engine import commands as C
    from game.session import LocalSession

    rules = Rules(load_scenario_by_id("abu-dhabi"))
    session = LocalSession.start(rules, 6, fsync=False)
    assert session.submit(C.Propose(by="ru", items={"energy_pause": "frost_pause"})).ok
    assert session.submit(C.Accept(by="ua")).ok
    while session.state.round_index < 1:
        assert session.submit(C.Pass(by=session.whose_turn)).ok
    state, info = moment_of_save(rules, session.steps, None)
    assert info["at"] == "save" and not info["ended"] and "energy_pause" in state.achieved()
    state, info = moment_of_save(rules, session.steps, "2")
    assert info["round"] == "r2" and state.flags["envoy_offered"]  # round 2's opening event is in


def test_at_the_first_round_the_table_is_the_start_whatever_the_seed():
    start = json.loads(parley("analyze", "--scenario", "abu-dhabi", "--json").stdout)["signable"]
    for seed in ("1", "8"):
        first = json.loads(parley("analyze", "--scenario", "abu-dhabi", "--at", "1", "--seed", seed, "--json").stdout)
        assert first["signable"]["nash"]["package"] == start["nash"]["package"]
        assert first["signable"]["no_agreement"] == start["no_agreement"]
    assert parley("analyze", "--scenario", "abu-dhabi", "--at", "\u0663").returncode == 2  # an Arabic-Indic 3
