"""No internal id (`spring_pause`, `thirty_days`, `ru.leverage`, `ru.no_article5`...)
reaches a player (issue 12): the briefs, the transcript of whole games (the computer
delegations' reasons included), the engine's refusals, the debrief, and every screen of
the snapshot tests are scanned for the scenario's ids."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from game.brief import briefing_markdown
from game.content.loader import load_scenario_by_id
from game.debrief import debrief_of
from game.debrief.render import to_html, to_markdown
from game.engine import commands as C
from game.engine.core import new_game, step
from game.engine.rules import Rules
from game.engine.views import view_for, visible_events
from game.headless import play_game
from game.narrate import Narrator
from game.store.log import load
from tests.abu_dhabi import DELEGATIONS
from tests.words import explain

SNAPSHOTS = Path(__file__).parent / "tui" / "__snapshots__"



def internal_ids(rules: Rules) -> set[str]:
    """The scenario's ids that no English text would hold by chance: those with an
    underscore, and the qualified ids of meters, red lines, levers and objectives."""
    sc = rules.scenario
    ids: set[str] = set()
    for card in sc.cards:
        ids.add(card.id)
        ids.update(o.id for o in card.options)
    for code, spec in sc.delegations.items():
        ids.update(f"{code}.{m.id}" for m in spec.meters)
        ids.update(f"{code}.{x.id}" for x in (*spec.red_lines, *spec.levers))
        ids.update(x.id for x in (*spec.red_lines, *spec.levers))
        for hidden in spec.hidden:
            ids.add(hidden.id)
            ids.update(v.id for v in hidden.options)
    for scoring in sc.scoring.values():
        ids.update(o.id for o in scoring.objectives)
    ids.update(e.id for e in sc.events)
    ids.update(f.id for f in sc.flags)
    return {i for i in ids if "_" in i or "." in i}


def find_ids(text: str, ids: set[str]) -> list[str]:
    return sorted(i for i in ids if re.search(rf"(?<![\w.]){re.escape(i)}(?![\w])", text))


def test_the_scanner_finds_an_id(rules):
    ids = internal_ids(rules)
    assert {"spring_pause", "thirty_days", "ru.leverage"} <= ids
    assert find_ids("Package 2: spring_pause: thirty_days.", ids) == ["spring_pause", "thirty_days"]
    assert find_ids("The spring pause for thirty days.", ids) == []


@pytest.fixture(scope="module")
def played(rules, tmp_path_factory):
    folder = tmp_path_factory.mktemp("games")
    games = []
    for k, seats in enumerate([{"ru": "ai", "ua": "ai", "us": "ai"}, {"ru": "random", "ua": "ai", "us": "random"},
                               {"ru": "ai:hardliner", "ua": "random", "us": "ai:dealmaker"}]):
        path = folder / f"g{k}.parley"
        play_game(rules, 30 + k, seats, save_to=path)
        games.append(load(path, load_scenario_by_id))
    return games


def test_briefs_name_no_internal_id(rules, played):
    ids = internal_ids(rules)
    for game in played:
        for seat in DELEGATIONS:
            for state in (new_game(rules, game.state.seed).state, game.state):
                others = {d: [h.label for h in rules.scenario.delegations[d].hidden] for d in DELEGATIONS if d != seat}
                text = briefing_markdown(view_for(rules, state, seat), seat, others)
                assert find_ids(text, ids) == [], seat


def test_transcripts_and_debriefs_name_no_internal_id(rules, played):
    ids = internal_ids(rules)
    narrator = Narrator(rules.scenario)
    for game in played:
        events = [e for _, evs in game.steps for e in evs]
        for seat in (*DELEGATIONS, "facilitator"):
            text = "\n".join(line.text for line in narrator.lines(visible_events(rules, events, seat)))
            assert find_ids(text, ids) == [], seat
        debrief = debrief_of(game, label="scan")
        assert find_ids(to_markdown(debrief), ids) == []
        html = re.sub(r"<[^>]+>", " ", to_html(debrief))  # the text, not the markup's classes
        assert find_ids(html, ids) == []


def test_refusals_name_no_internal_id(rules):
    """What the engine says when it refuses a move, for moves of every kind on random states."""
    ids = internal_ids(rules)
    rng = random.Random(5)
    state = new_game(rules, 8).state
    cards = rules.scenario.cards
    messages = set()
    for _ in range(400):
        view = view_for(rules, state, "facilitator")
        who = view.whose_turn
        if who is None:
            break
        other = rng.choice(DELEGATIONS)
        items = {c.id: rng.choice(c.options).id for c in rng.sample(cards, rng.randint(1, 4))}
        tries = [
            C.Propose(by=who, items=items), C.Counter(by=who, items=items), C.Accept(by=who, package=None),
            C.Reject(by=who, package=None), C.Propose(by=other, items=items), C.Accept(by=who, package=99),
            C.UseLever(by=who, lever=rng.choice(rules.scenario.delegations[who].levers).id),
        ]
        for command in tries:
            outcome = step(rules, state, command)
            if outcome.refusal is not None:
                messages.add(explain(outcome.refusal, rules))
        state = step(rules, state, C.Pass(by=who)).state
    assert len(messages) > 5
    for message in messages:
        assert find_ids(message, ids) == [], message


def test_screens_name_no_internal_id(rules):
    """Every screen the snapshot tests take, at every size."""
    ids = internal_ids(rules)
    shots = sorted(SNAPSHOTS.rglob("*.svg"))
    assert shots
    for shot in shots:
        text = re.sub(r"<[^>]+>", "", shot.read_text(encoding="utf-8")).replace("&#160;", " ")
        assert find_ids(text, ids) == [], shot.name
