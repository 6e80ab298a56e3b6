"""The `responder` delegation answers packages by the value model's worth to it, and
never proposes: what the coached tutorial relies on."""

from __future__ import annotations

import itertools

import pytest

from game.agents import UnknownAgent, check_spec, make_agent
from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.engine.appraise import appraise
from game.engine.rules import Rules
from game.session import LocalSession
from tests.words import said


@pytest.fixture(scope="module")
def rules() -> Rules:
    return Rules(load_scenario_by_id("coached-tutorial"))


def offered(rules: Rules, items: dict[str, str]) -> LocalSession:
    session = LocalSession.start(rules, 0, fsync=False)
    session.submit(C.Propose(by="ua", items=items))  # refused if it crosses Kyiv's own red line
    return session


def packages(rules: Rules):
    cards = [c for c in rules.scenario.cards]
    for size in (1, 2):
        for chosen in itertools.combinations(cards, size):
            for options in itertools.product(*[[o.id for o in c.options if o.id != c.status_quo] for c in chosen]):
                yield {c.id: o for c, o in zip(chosen, options)}


def test_it_accepts_what_is_worth_something_to_it_and_rejects_the_rest_naming_the_costliest_item(rules):
    agent = make_agent("responder", "ru", 1)
    seen = set()
    for items in packages(rules):
        session = offered(rules, items)
        view = session.view("ru")
        if view.table is None:  # refused by Kyiv's own red line
            continue
        command = agent.decide(view, [])
        worth = appraise(view, "ru", items).worth
        if worth >= 0:
            assert isinstance(command, C.Accept) and command.package == view.table.id, items
        else:
            assert isinstance(command, C.Reject), items
            worst = min(items, key=lambda card: appraise(view, "ru", {card: items[card]}).worth)
            title = rules.cards[worst].title
            assert title in said(command, rules) and "worth less to us than no agreement" in said(command, rules)
        seen.add(type(command).__name__)
        assert session.submit(command).ok
    assert seen == {"Accept", "Reject"}


def test_it_passes_without_a_package_to_answer_and_never_proposes(rules):
    session = LocalSession.start(rules, 0, fsync=False)
    assert session.submit(C.Pass(by="ua")).ok
    command = make_agent("responder", "ru", 0).decide(session.view("ru"), [])
    assert isinstance(command, C.Pass) and said(command, rules)


def test_it_is_a_known_kind_without_presets():
    check_spec("responder")
    with pytest.raises(UnknownAgent, match="no presets"):
        check_spec("responder:hardliner")
