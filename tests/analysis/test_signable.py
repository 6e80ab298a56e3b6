"""The signable analysis (`game.analysis.signable`): exact against brute force on random
small scenarios with hard and soft red lines, linkages, soft costs and objectives; on
Abu Dhabi its points cross no hard red line of a delegation whose consent they need,
under every hidden-reading combination, and are worth what signing them would score."""

from __future__ import annotations

import itertools
import random

import pytest
from _signable_reference import SignableReference, random_signable_case

from game.analysis import analyze
from game.analysis.domain import complete_variants
from game.analysis.report import start_state
from game.analysis.signable import signable_domain
from game.content.loader import load_scenario_by_id
from game.engine.rules import Rules
from tests.abu_dhabi import DELEGATIONS

POINTS = ("nash", "ks", "max_welfare")


def _names(domain, outcome) -> tuple[str, ...]:
    return tuple(domain.options[k][i] for k, i in enumerate(outcome))


def _check(case) -> bool:
    rules, state = case["rules"], case["state"]
    domain = signable_domain(rules, state)
    ref = SignableReference(rules, state)
    assert {p: domain.batna(p) for p in DELEGATIONS} == ref.batnas
    got = analyze(domain)
    expected = ref.solve_signable()
    if expected is None:
        assert not got.individually_rational
        return False
    assert got.vectors() == expected["vectors"]
    assert {_names(domain, o) for o in got.outcomes()} == expected["outcomes"]
    for name in POINTS:
        point = getattr(got, name)
        assert _names(domain, point.outcome) == expected[name], name
        assert tuple(point.utilities[p] for p in DELEGATIONS) == ref.value(expected[name])[0]
    for point in got.frontier:
        names = _names(domain, point.outcome)
        assert domain.signable(point.outcome) and ref.value(names)[1]
        assert point.count == expected["count"][tuple(point.utilities[p] for p in DELEGATIONS)]
    return True


def test_random_scenarios_with_red_lines_linkages_costs_and_objectives_equal_brute_force():
    rng = random.Random(20261205)
    found = 0
    for _ in range(120):
        found += _check(random_signable_case(rng))
    assert found > 60  # most cases have something signable to compare


def test_exact_too_when_a_delegation_scores_meters_another_one_s_soft_lines_cost():
    """The content check keeps this out of a scenario (no seat could foresee those costs),
    but the analysis itself stays exact when every delegation scores every meter."""
    rng = random.Random(77)
    found = 0
    for _ in range(60):
        found += _check(random_signable_case(rng, shared_meters=True))
    assert found > 30


ABU = Rules(load_scenario_by_id("abu-dhabi"))


def _combinations():
    hidden = [(d, h.id, [v.id for v in h.options]) for d in DELEGATIONS for h in ABU.scenario.delegations[d].hidden]
    for picks in itertools.product(*(ids for _, _, ids in hidden)):
        chosen: dict = {}
        for (d, h, _), v in zip(hidden, picks):
            chosen.setdefault(d, {})[h] = v
        yield complete_variants(ABU.scenario, chosen)


@pytest.mark.parametrize("variants", list(_combinations()), ids=lambda v: "-".join(x for d in v.values() for x in d.values()))
def test_abu_dhabi_signable_points_cross_no_hard_line_of_a_consenting_delegation(variants):
    state = start_state(ABU, variants)
    domain = signable_domain(ABU, state)
    a = analyze(domain)
    assert a.individually_rational  # the energy pause alone leaves everyone better off
    for name in POINTS:
        point = getattr(a, name)
        items = domain.package(point.outcome)
        assert items, name
        for d in ABU.consent_needed(items):
            assert not [qid for qid, line in ABU.crossed(state, d, items) if line.hard], (name, d, items)
        # worth what the engine's score would make of it
        ref = SignableReference(ABU, state)
        assert tuple(point.utilities[p] for p in DELEGATIONS) == ref.value(_names(domain, point.outcome))[0]
