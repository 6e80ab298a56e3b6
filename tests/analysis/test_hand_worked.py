"""A 3-card, 3-party domain worked out by hand: frontier, Nash, KS and max-welfare
points, for all three delegations and for the pair Moscow-Kyiv."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest
from _reference import make_scenario

from game.analysis import analyze, domain_for
from game.engine.rules import Rules

# Every delegation weighs the three cards equally (weight 1 each, total 3), so a
# utility is the plain mean of the three values. The status quo is each card's
# first option. Values (ru, ua, us):
#
#   card A:  a0 = (90,  0, 30)   a1 = (30, 60, 60)
#   card B:  b0 = (60, 30,  0)   b1 = ( 0, 90, 60)
#   card C:  c0 = (30, 30,  0)   c1 = (60,  0, 30)   c2 = (0, 60, 90)
#
# BATNAs: ru 30, ua 25, us 20.
#
# The 12 outcomes, sums of the three values, then / 3:
#   a0 b0 c0: ru 90+60+30=180 ua  0+30+30= 60 us 30+ 0+ 0= 30 -> (60, 20, 10)  ua 20 < 25: not IR
#   a0 b0 c1: ru 90+60+60=210 ua  0+30+ 0= 30 us 30+ 0+30= 60 -> (70, 10, 20)  not IR (ua)
#   a0 b0 c2: ru 90+60+ 0=150 ua  0+30+60= 90 us 30+ 0+90=120 -> (50, 30, 40)  IR
#   a0 b1 c0: ru 90+ 0+30=120 ua  0+90+30=120 us 30+60+ 0= 90 -> (40, 40, 30)  IR
#   a0 b1 c1: ru 90+ 0+60=150 ua  0+90+ 0= 90 us 30+60+30=120 -> (50, 30, 40)  IR, ties a0 b0 c2
#   a0 b1 c2: ru 90+ 0+ 0= 90 ua  0+90+60=150 us 30+60+90=180 -> (30, 50, 60)  IR (ru exactly at 30)
#   a1 b0 c0: ru 30+60+30=120 ua 60+30+30=120 us 60+ 0+ 0= 60 -> (40, 40, 20)  IR (us exactly at 20)
#   a1 b0 c1: ru 30+60+60=150 ua 60+30+ 0= 90 us 60+ 0+30= 90 -> (50, 30, 30)  IR
#   a1 b0 c2: ru 30+60+ 0= 90 ua 60+30+60=150 us 60+ 0+90=150 -> (30, 50, 50)  IR
#   a1 b1 c0: ru 30+ 0+30= 60 ua 60+90+30=180 us 60+60+ 0=120 -> (20, 60, 40)  not IR (ru)
#   a1 b1 c1: ru 30+ 0+60= 90 ua 60+90+ 0=150 us 60+60+30=150 -> (30, 50, 50)  IR, ties a1 b0 c2
#   a1 b1 c2: ru 30+ 0+ 0= 30 ua 60+90+60=210 us 60+60+90=210 -> (10, 70, 70)  not IR (ru)
#
# All three: the IR vectors are (50,30,40) (40,40,30) (30,50,60) (40,40,20) (50,30,30)
# (30,50,50). (40,40,20) is dominated by (40,40,30), (50,30,30) by (50,30,40), (30,50,50)
# by (30,50,60); the other three trade off (ru against ua). Frontier: {(50,30,40),
# (40,40,30), (30,50,60)}, outcomes a0b0c2, a0b1c1 | a0b1c0 | a0b1c2.
#
# Nash, gains over (30, 25, 20):
#   (50,30,40): 20 *  5 * 20 = 2000   <- max
#   (40,40,30): 10 * 15 * 10 = 1500
#   (30,50,60):  0 * 25 * 40 =    0
#   Two outcomes give (50,30,40): a0b0c2 = (0,0,2) and a0b1c1 = (0,1,1); the smaller is a0b0c2.
# KS: ideal within the IR set = (50, 50, 60); ideal - BATNA = (20, 25, 40):
#   (50,30,40): min(20/20, 5/25, 20/40) = min(1, 0.2, 0.5)  = 0.2
#   (40,40,30): min(10/20, 15/25, 10/40) = min(0.5, 0.6, 0.25) = 0.25   <- max
#   (30,50,60): min(0, 1, 1) = 0
#   KS = a0b1c0.
# Max welfare: sums 120, 110, 140 -> (30,50,60), a0b1c2.
#
# The pair Moscow-Kyiv (Washington ignored), BATNAs (30, 25): IR are a0b0c2 (50,30),
# a0b1c0 (40,40), a0b1c1 (50,30), a0b1c2 (30,50), a1b0c0 (40,40), a1b0c1 (50,30),
# a1b0c2 (30,50), a1b1c1 (30,50). None of (50,30), (40,40), (30,50) dominates another:
# frontier = those 3 vectors, 8 outcomes.
#   Nash: gains (20,5)=100, (10,15)=150 <- max, (0,25)=0; (40,40) comes from a0b1c0 = (0,1,0)
#         and a1b0c0 = (1,0,0): a0b1c0.
#   KS: ideal (50,50), ranges (20,25): (50,30) min(1, 0.2)=0.2; (40,40) min(0.5, 0.6)=0.5 <- max;
#       (30,50) 0. KS = a0b1c0.
#   Max welfare: 80, 80, 80, a three-way tie: the smallest of all 8 outcomes, a0b0c2 = (0,0,2).

VALUES = {
    "A": {"a0": (90, 0, 30), "a1": (30, 60, 60)},
    "B": {"b0": (60, 30, 0), "b1": (0, 90, 60)},
    "C": {"c0": (30, 30, 0), "c1": (60, 0, 30), "c2": (0, 60, 90)},
}
PARTIES = ("ru", "ua", "us")


@pytest.fixture(scope="module")
def domain():
    cards = [
        {
            "id": card.lower(),
            "options": list(options),
            "status_quo": next(iter(options)),
            "weights": {p: 1.0 for p in PARTIES},
            "values": {p: {o: float(v[j]) for o, v in options.items()} for j, p in enumerate(PARTIES)},
        }
        for card, options in VALUES.items()
    ]
    domain = domain_for(Rules(make_scenario(cards)))
    # In the game the disagreement point is each BATNA, the status quo's utility moved by
    # the meters: here (60, 20, 10). The worked example sets it by hand to (30, 25, 20).
    assert [domain.batna(p) for p in PARTIES] == [60, 20, 10]
    return replace(domain, batna_scaled=tuple(k * b for k, b in zip(domain.scale, (30, 25, 20))))


def _named(domain, outcome) -> str:
    return "".join(domain.as_text(outcome).values())


def _vec(*xs) -> tuple[Fraction, ...]:
    return tuple(Fraction(x) for x in xs)


def test_all_three(domain):
    a = analyze(domain)
    assert a.vectors() == {_vec(50, 30, 40), _vec(40, 40, 30), _vec(30, 50, 60)}
    assert sorted(_named(domain, o) for o in a.outcomes()) == ["a0b0c2", "a0b1c0", "a0b1c1", "a0b1c2"]
    assert a.ideal == {"ru": 50, "ua": 50, "us": 60}
    assert _named(domain, a.nash.outcome) == "a0b0c2"
    assert a.nash.utilities == {"ru": 50, "ua": 30, "us": 40} and a.nash.count == 2
    assert _named(domain, a.ks.outcome) == "a0b1c0"
    assert a.ks.utilities == {"ru": 40, "ua": 40, "us": 30}
    assert _named(domain, a.max_welfare.outcome) == "a0b1c2"
    assert a.max_welfare.utilities == {"ru": 30, "ua": 50, "us": 60}


def test_moscow_and_kyiv(domain):
    a = analyze(domain, ("ru", "ua"))
    assert a.vectors() == {_vec(50, 30), _vec(40, 40), _vec(30, 50)}
    assert a.outcome_count == 8
    assert sorted(_named(domain, o) for o in a.outcomes()) == [
        "a0b0c2", "a0b1c0", "a0b1c1", "a0b1c2", "a1b0c0", "a1b0c1", "a1b0c2", "a1b1c1",
    ]
    assert _named(domain, a.nash.outcome) == "a0b1c0"
    assert _named(domain, a.ks.outcome) == "a0b1c0"
    assert _named(domain, a.max_welfare.outcome) == "a0b0c2"
    assert a.max_welfare.utilities["us"] == 40  # reported for the ignored party, not used


def test_no_individually_rational_outcome_is_none_not_a_crash(domain):
    hopeless = replace(domain, batna_scaled=(domain.scale[0] * 71, *domain.batna_scaled[1:]))  # ru wants > 70
    a = analyze(hopeless)
    assert not a.individually_rational and a.frontier == ()
    assert a.nash is None and a.ks is None and a.max_welfare is None and a.ideal is None
    assert list(a.outcomes()) == []


def test_ideal_outcomes_and_status_quo(domain):
    assert _named(domain, domain.ideal("ru")) == "a0b0c1"  # 70: 90 + 60 + 60
    assert _named(domain, domain.ideal("ua")) == "a1b1c2"  # 70
    assert domain.utility("us", domain.status_quo) == 10
    assert domain.size == 12
