"""The Abu Dhabi scenario against its source (shared/SCENARIO-BRIEF.md, from the seed):
what is marked `source: seed` is in the seed, what is game design says so, and the
points of the source that a class should meet are in the game."""

from __future__ import annotations

import pytest

from game.content.loader import load_scenario_by_id
from game.engine.core import new_game
from game.engine.rules import Rules


@pytest.fixture(scope="module")
def scenario():
    return load_scenario_by_id("abu-dhabi")


@pytest.fixture(scope="module")
def rules(scenario):
    return Rules(scenario)


def card(scenario, card_id):
    return next(c for c in scenario.cards if c.id == card_id)


def option_source(card, option) -> str:
    return (option.source or card.source).value


def test_every_option_says_where_it_comes_from_in_its_own_text(scenario):
    """A player or facilitator reads the option's text, not the YAML: an option marked
    invented says it was added for the game, and one that says so is marked invented."""
    for card in scenario.cards:
        for option in card.options:
            says = "added for the game" in option.description
            if option.source is not None and option.source.value == "invented":
                assert says, f"{card.id}.{option.id} is invented but its text does not say so"
            if says:
                assert option_source(card, option) == "invented", f"{card.id}.{option.id} says invented, marked seed"


@pytest.mark.parametrize("card_id, option", [
    ("sanctions", "phased_relief"), ("sanctions", "broad_relief"),  # the seed names new sanctions, not relief
    ("ceasefire", "after_withdrawal"),  # the sequencing
    ("ceasefire", "contact_line"),  # remote (satellite) monitoring
    ("eu_membership", "accession_accepted"), ("eu_membership", "accession_civilian"),
    ("us_aid", "defensive_only"),
    ("referendum", "after_ceasefire"), ("referendum", "with_elections"),
    ("next_round", "standing_format"),  # the seed reports only the offer to send the envoy
    ("energy_pause", "frost_pause_reported"), ("foreign_troops", "trainers_only"), ("army_cap", "high_ceiling"),
])
def test_options_the_seed_does_not_name_are_marked_invented(scenario, card_id, option):
    found = card(scenario, card_id)
    assert option_source(found, next(o for o in found.options if o.id == option)) == "invented"


def test_the_envoy_arriving_is_invented_the_offer_is_the_seeds(scenario):
    events = {e.id: e for e in scenario.events}
    assert events["envoy_offered"].source.value == "seed"
    assert events["envoy_dispatched"].source.value == "invented"
    assert "added for the game" in events["envoy_dispatched"].text


def test_the_elections_card_claims_nothing_for_kyiv_that_the_seed_does_not_say(scenario):
    text = card(scenario, "elections").description
    assert "rejects tying" not in text
    assert "only Moscow's side" in text


def test_kyivs_nato_line_takes_no_guarantee_as_a_substitute_for_the_course(rules):
    """The seed offers Article-5-like guarantees as a substitute for membership, not for
    the NATO course: neutral status stays forbidden whatever guarantee is in the text."""
    state = new_game(rules, seed=1).state
    crossed = rules.crossed(state, "ua", {"nato_status": "neutral_status", "guarantees": "article5_like"})
    assert "ua.no_neutrality" in {qid for qid, _ in crossed}


def test_the_istanbul_model_is_moscows_ceiling_a_hard_line(rules):
    state = new_game(rules, seed=1).state
    crossed = dict(rules.crossed(state, "ru", {"guarantees": "military_assistance"}))
    assert crossed["ru.veto_in_guarantees"].hard


def test_a_ceasefire_after_a_donbas_withdrawal_crosses_kyivs_territorial_line(rules):
    """The loophole: every ceasefire the computer delegations signed was this option,
    which cedes Donbas in all but name. It is bound like a withdrawal: hard without a
    referendum clause, and costly at home with one."""
    state = new_game(rules, seed=1).state
    without = {qid: line for qid, line in rules.crossed(state, "ua", {"ceasefire": "after_withdrawal"})}
    assert without["ua.no_withdrawal_ceasefire"].hard
    with_clause = dict(rules.crossed(state, "ua", {"ceasefire": "after_withdrawal", "referendum": "after_ceasefire"}))
    assert "ua.no_withdrawal_ceasefire" not in with_clause
    assert not with_clause["ua.defensive_lines_ceasefire"].hard


def test_the_sources_warnings_reach_the_players(scenario):
    events = {e.id: e for e in scenario.events}
    briefs = scenario.briefs
    # the energy pause is a situational partial compromise; reading more into it is self-deception
    assert "self-deception" in card(scenario, "energy_pause").description
    assert "core question open" in events["pause_agreed"].text
    # the war is decided on the battlefield; the talks keep channels open and manage expectations
    assert "decided on the battlefield" in events["battlefield_pressure"].text
    assert "decided on the battlefield" in briefs["ru"]
    # doubts that a European force could stop an offensive, or that Europeans would risk war
    reassurance = next(o for o in card(scenario, "foreign_troops").options if o.id == "reassurance_force")
    assert "large-scale offensive" in reassurance.description and "risk a war" in reassurance.description
    assert "risk a war" in briefs["ua"]
    # the lasting rivalry between Moscow and Washington
    assert "rivalry" in briefs["ru"] and "rivalry" in briefs["us"]


def test_a_score_may_not_count_a_meter_another_delegations_soft_lines_cost():
    """A seat could not foresee another delegation's soft-line costs, so the worth its screen
    shows would miss them: the check keeps such a meter out of a score."""
    from game.content.checks import check_scenario
    from game.content.models import DelegationScoring

    scenario = load_scenario_by_id("abu-dhabi")
    ru = scenario.scoring["ru"]
    scoring = {**scenario.scoring, "ru": DelegationScoring(meters={**ru.meters, "us.patience": 0.1}, objectives=ru.objectives)}
    findings = list(check_scenario(scenario.model_copy(update={"scoring": scoring})))
    assert [(path, message) for path, message in findings if "us.patience" in path] == [
        (("scoring", "ru", "meters", "us.patience"),
         "meter 'us.patience' bears another delegation's soft-line costs, which this delegation cannot see coming: "
         "a score may not count it"),
    ]
    assert not list(check_scenario(scenario))
