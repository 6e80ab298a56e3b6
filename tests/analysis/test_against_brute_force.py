"""The analysis equals brute-force enumeration on hundreds of small random scenarios:
the frontier as a set (of utility vectors and of outcomes), the Nash, KS and
max-welfare points, the IR ideal, for all three delegations and every pair."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from _reference import GROUPS, Reference, random_case
from hypothesis import given, settings
from hypothesis import strategies as st

from game.analysis import Domain, analyze, domain_for
from game.analysis.frontier import _pareto

SEEDS = range(320)


def _ids(domain: Domain, outcome) -> tuple[str, ...]:
    text = domain.as_text(outcome)
    return tuple(text[c] for c in domain.cards)


def _check(case: dict) -> int:
    """Compare every group; returns how many groups had an IR outcome."""
    rules, variants, meters = case["rules"], case["variants"], case["meters"]
    domain = domain_for(rules, variants, meters=meters)
    ref = Reference(rules, variants, meters)
    assert domain.size == len(list(ref.outcomes()))
    nonempty = 0
    for group in GROUPS:
        expected = ref.solve(group)
        got = analyze(domain, group)
        if expected is None:
            assert got.frontier == () and not got.individually_rational
            assert got.nash is got.ks is got.max_welfare is got.ideal is None
            continue
        nonempty += 1
        assert got.batna == dict(zip(group, expected["batna"]))
        assert got.vectors() == expected["vectors"]
        outcomes = [_ids(domain, o) for o in got.outcomes()]
        assert len(outcomes) == len(set(outcomes)) == got.outcome_count
        assert set(outcomes) == expected["outcomes"]
        assert tuple(got.ideal[p] for p in group) == expected["ideal"]
        for point in got.frontier:
            vector = tuple(point.utilities[p] for p in group)
            assert point.count == expected["count"][vector]
            assert _ids(domain, point.outcome) == expected["smallest"][vector]
            assert {_ids(domain, o) for o in got.outcomes_of(point)} == expected["by_vector"][vector]
        for name in ("nash", "ks", "max_welfare"):
            point = getattr(got, name)
            assert _ids(domain, point.outcome) == expected[name], name
            assert point.utilities == {p: ref.utility(p, expected[name]) for p in ("ru", "ua", "us")}
            assert expected[name + "_value"] == expected[name + "_value_ir"]  # the frontier reaches the IR maximum
    return nonempty


def test_random_scenarios_equal_brute_force():
    rng = random.Random(20260214)
    nonempty = 0
    for _ in SEEDS:
        nonempty += _check(random_case(rng))
    # the cases are not all trivially empty: most groups have individually rational outcomes
    assert nonempty > len(SEEDS) * len(GROUPS) // 3


def test_utilities_and_batna_match_the_engine():
    """The exact utilities agree with the engine's floats (Rules.utility, Rules.batna)."""
    from game.analysis.report import start_state

    rng = random.Random(7)
    for _ in range(40):
        case = random_case(rng)
        rules, variants, meters = case["rules"], case["variants"], case["meters"]
        domain = domain_for(rules, variants, meters=meters)
        state = start_state(rules, {p: {**{h.id: h.options[0].id for h in rules.scenario.delegations[p].hidden},
                                         **variants.get(p, {})} for p in ("ru", "ua", "us")})
        state.meters.update(meters or {})
        for _ in range(10):
            outcome = tuple(rng.randrange(len(o)) for o in domain.options)
            text = domain.as_text(outcome)
            assert domain.from_text(text) == outcome
            for p in domain.parties:
                assert float(domain.utility(p, outcome)) == pytest.approx(rules.utility(state, p, text), abs=1e-9)
                assert float(domain.batna(p)) == pytest.approx(rules.batna(state, p), abs=1e-9)


# ---------------------------------------------------------------------------- hypothesis, on Domain directly

small = st.integers(min_value=0, max_value=4)


@st.composite
def domains(draw):
    n = draw(st.integers(min_value=1, max_value=5))
    sizes = [draw(st.integers(min_value=1, max_value=3)) for _ in range(n)]
    utilities = {p: [[Fraction(draw(small)) for _ in range(s)] for s in sizes] for p in ("ru", "ua", "us")}
    batnas = {p: Fraction(draw(st.integers(min_value=0, max_value=2 * n))) for p in ("ru", "ua", "us")}
    options = [[f"o{i}" for i in range(s)] for s in sizes]
    return Domain.from_rationals(("ru", "ua", "us"), [f"c{k}" for k in range(n)], options, utilities, batnas)


def _brute(domain: Domain, group):
    import itertools
    import math

    outcomes = list(itertools.product(*[range(len(o)) for o in domain.options]))
    vec = {o: tuple(domain.utility(p, o) for p in group) for o in outcomes}
    b = tuple(domain.batna(p) for p in group)
    ir = [o for o in outcomes if all(x >= y for x, y in zip(vec[o], b))]
    vs = {vec[o] for o in ir}
    front = {v for v in vs if not any(w != v and all(x >= y for x, y in zip(w, v)) for w in vs)}
    fo = [o for o in ir if vec[o] in front]
    if not fo:
        return None
    ideal = [max(vec[o][j] for o in ir) for j in range(len(group))]
    nash = min(fo, key=lambda o: (-math.prod(x - y for x, y in zip(vec[o], b)), o))
    ks = min(fo, key=lambda o: (-min((Fraction(x - y) / (i - y) for x, y, i in zip(vec[o], b, ideal) if i != y),
                                      default=Fraction(1)), o))
    mw = min(fo, key=lambda o: (-sum(vec[o]), o))
    return front, set(fo), nash, ks, mw


@settings(max_examples=150, deadline=None)
@given(domains())
def test_tie_heavy_domains_equal_brute_force(domain):
    """Tiny integer utilities: exact ties everywhere, BATNAs on the nose."""
    for group in GROUPS:
        expected = _brute(domain, group)
        got = analyze(domain, group)
        if expected is None:
            assert not got.individually_rational and got.nash is None
            continue
        front, outcomes, nash, ks, mw = expected
        assert got.vectors() == front
        assert set(got.outcomes()) == outcomes
        assert (got.nash.outcome, got.ks.outcome, got.max_welfare.outcome) == (nash, ks, mw)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(small, small, small), max_size=40), st.integers(min_value=1, max_value=3))
def test_pareto_filter(points, d):
    vectors = list({p[:d] for p in points})
    expected = {v for v in vectors if not any(w != v and all(x >= y for x, y in zip(w, v)) for w in vectors)}
    assert set(_pareto(list(vectors))) == expected


# ---------------------------------------------------------------------------- Abu Dhabi's own numbers


@pytest.mark.parametrize("variants", [
    {},
    {"ru": {"donbas_reading": "historical_lands"}, "ua": {"time_horizon": "home_front_strain"}},
    {"us": {"administration_line": "political_core"}},
])
@pytest.mark.parametrize("cards", [
    ("energy_pause", "next_round", "ceasefire", "nato_status", "donbas"),
    ("guarantees", "foreign_troops", "sanctions", "us_aid", "south"),
])
def test_abu_dhabi_card_subsets_equal_brute_force(abu_dhabi_rules, variants, cards):
    """The scenario's real valuations and BATNAs on five of its cards (2,000-odd outcomes)."""
    domain = domain_for(abu_dhabi_rules, variants, cards=cards)
    ref = Reference(abu_dhabi_rules, variants, cards=cards)
    for group in GROUPS:
        expected = ref.solve(group)
        got = analyze(domain, group)
        if expected is None:
            assert not got.individually_rational
            continue
        assert got.vectors() == expected["vectors"]
        assert {_ids(domain, o) for o in got.outcomes()} == expected["outcomes"]
        for name in ("nash", "ks", "max_welfare"):
            assert _ids(domain, getattr(got, name).outcome) == expected[name]


def test_abu_dhabi_full_space_every_variant(abu_dhabi_rules):
    """All 15 cards, every draw of the hidden variants: the frontier is IR and mutually
    non-dominated, the points are its maxima, and no IR outcome near it (sampled)
    escapes it."""
    import itertools
    import math

    sc = abu_dhabi_rules.scenario
    readings = [(code, h.id, [v.id for v in h.options]) for code, spec in sc.delegations.items() for h in spec.hidden]
    rng = random.Random(3)
    for combo in itertools.product(*[ids for _, _, ids in readings]):
        variants = {code: {hid: vid} for (code, hid, _), vid in zip(readings, combo)}
        domain = domain_for(abu_dhabi_rules, variants)
        assert domain.size == math.prod(len(o) for o in domain.options) > 10**8
        for group in GROUPS:
            a = analyze(domain, group)
            assert a.individually_rational
            b = [a.batna[p] for p in group]
            vectors = a.vectors()
            assert all(all(x >= y for x, y in zip(v, b)) for v in vectors)
            assert set(_pareto(list(a._vectors))) == set(a._vectors)

            def gains(v):
                return math.prod(x - y for x, y in zip(v, b))

            nash = tuple(a.nash.utilities[p] for p in group)
            assert gains(nash) == max(gains(v) for v in vectors)
            welfare = sum(a.max_welfare.utilities[p] for p in group)
            assert welfare == max(sum(v) for v in vectors)
            for point in (a.nash, a.ks, a.max_welfare):
                assert point in a.frontier
            checked = 0
            for _ in range(200):  # outcomes near the frontier: change one to three cards of a frontier point
                outcome = list(rng.choice(a.frontier).outcome)
                for k in rng.sample(range(len(outcome)), rng.randint(1, 3)):
                    outcome[k] = rng.randrange(len(domain.options[k]))
                u = tuple(domain.utility(p, tuple(outcome)) for p in group)
                if all(x >= y for x, y in zip(u, b)):
                    checked += 1
                    assert any(all(x >= y for x, y in zip(v, u)) for v in vectors)
            assert checked > 20
