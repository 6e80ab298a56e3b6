"""Red lines are judged once, on the whole package: the composer's card marks, its draft
bar, the package panel and the computer delegations (`RedLineJudge`, from a seat's view)
say what the engine does when it refuses (`Rules.crossed`, from the game state), on
every draft in every state. Before, a card was marked on its option alone, so a linked
line showed ✖ on a package the table accepted."""

from __future__ import annotations

import pytest
from computer_games import states_along
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.engine.appraise import appraise
from game.engine.core import step, whose_turn
from game.engine.rules import Rules
from game.engine.views import view_for
from game.session import LocalSession
from game.tui.widgets.cards import HARD, SOFT, package_marks
from tests.abu_dhabi import DELEGATIONS

RULES = Rules(load_scenario_by_id("abu-dhabi"))


# Game states along computer games of several seeds: texts signed, flags set, meters and
# red lines moved (some imposed, some lifted), the frost over, cards added.
STATES = states_along(RULES, range(1, 7), turns=80, every=8)


@st.composite
def drafts(draw):
    """A state and a package of open, proposable cards in it."""
    state = draw(st.sampled_from(STATES))
    cards = [c for c in state.cards if not RULES.card_closed(state, c) and RULES.proposable[c]]
    chosen = draw(st.lists(st.sampled_from(cards), min_size=1, max_size=6, unique=True))
    return state, {c: draw(st.sampled_from(RULES.proposable[c])) for c in chosen}


def engine_lines(state, who: str, items: dict[str, str]) -> dict[str, bool]:
    return {qid: line.hard for qid, line in RULES.crossed(state, who, items)}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts())
def test_every_seat_judges_a_package_as_the_engine_does(draft):
    state, items = draft
    for who in DELEGATIONS:
        view = view_for(RULES, state, who)
        appraisal = appraise(view, who, items)
        seen = {line.id: line.hard for line in (*appraisal.hard, *appraisal.soft)}
        assert seen == engine_lines(state, who, items), (who, items)
        # the card marks come from that same appraisal of the whole package
        expected = {}
        for line in (*appraisal.hard, *appraisal.soft):
            expected[line.card] = HARD if line.hard or expected.get(line.card) == HARD else SOFT
        assert package_marks(view, who, items) == expected


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts())
def test_the_table_refuses_a_proposal_exactly_when_the_draft_bar_says_it_crosses_a_hard_line(draft):
    state, items = draft
    who = whose_turn(RULES, state)
    if who is None:
        return
    blocked = appraise(view_for(RULES, state, who), who, items).blocked
    outcome = step(RULES, state, C.Propose(by=who, items=items))
    refused_for_a_line = outcome.refusal is not None and outcome.refusal.code == "red_line"
    if outcome.refusal is not None and not refused_for_a_line:
        return  # refused for another reason first (the table already holds a package...)
    assert refused_for_a_line == blocked, (who, items, outcome.refusal)


def _bargaining_chip_state():
    for seed in range(1, 200):
        state = LocalSession.start(RULES, seed).state
        if state.variants["ru"].get("donbas_reading") == "bargaining_chip":
            return state
    pytest.skip("no seed draws Moscow's bargaining-chip reading")


def test_a_linked_line_the_rest_of_the_draft_satisfies_marks_nothing():
    """The issue's case: as Moscow under the bargaining-chip reading, a freeze in Donbas
    with neutral status, no foreign troops and a full infrastructure ban. The card showed
    ✖ while the draft bar showed no red line, and the table took the package."""
    state = _bargaining_chip_state()
    view = view_for(RULES, state, "ru")
    alone = {"donbas": "current_line"}
    assert package_marks(view, "ru", alone) == {"donbas": HARD}
    core = {"nato_status": "neutral_status", "foreign_troops": "no_foreign_troops", "nato_infrastructure": "full_ban"}
    package = {**core, **alone}
    assert "donbas" not in package_marks(view, "ru", package)
    assert not appraise(view, "ru", package).blocked
    outcome = step(RULES, state, C.Propose(by="ru", items=package))
    assert outcome.refusal is None or outcome.refusal.code != "red_line"


def test_washingtons_sanctions_relief_is_unmarked_with_a_ceasefire_in_the_draft():
    state = LocalSession.start(RULES, 1).state
    view = view_for(RULES, state, "us")
    assert package_marks(view, "us", {"sanctions": "phased_relief"}) == {"sanctions": HARD}
    assert package_marks(view, "us", {"sanctions": "phased_relief", "ceasefire": "contact_line"}) == {}
