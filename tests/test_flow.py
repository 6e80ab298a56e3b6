"""The table's and the console's flow, without Textual: what comes next after anything
happened, in the order a person at the table meets it."""

from __future__ import annotations

import pytest

from game.flow import (
    BackToFacilitator,
    Brief,
    ComputerMove,
    ConsoleFacts,
    HandOver,
    News,
    TableFacts,
    TheEnd,
    Wait,
    console_next,
    table_next,
)

TWO = frozenset({"a", "b"})


def table(**changes) -> TableFacts:
    """A person's turn at a two-person hot seat, briefed, nothing new: the table waits for them."""
    facts = dict(seat="a", turn="a", ended=False, people=TWO, computer_to_move=False, briefed=True)
    facts.update(changes)
    return TableFacts(**facts)


def test_the_seat_to_move_plays_once_briefed_and_up_to_date():
    assert table_next(table()) == Wait("your_turn", "a")


def test_the_brief_comes_first_then_the_news_then_play():
    assert table_next(table(briefed=False, news=True)) == Brief()
    assert table_next(table(news=True)) == News()
    assert table_next(table()) == Wait("your_turn", "a")


def test_an_observer_has_no_brief_to_read():
    assert table_next(table(seat="observer", turn="b", people=frozenset(), briefed=False, has_brief=False)) == \
        Wait("their_turn", "b")


def test_the_keyboard_goes_to_the_person_to_move_before_anything_else_of_theirs():
    # b is to move at this keyboard: the cover first, and b's brief and news only behind it
    assert table_next(table(turn="b", briefed=False, news=True)) == HandOver("b")


def test_a_computer_moves_only_once_the_person_here_has_read_the_news():
    facts = table(turn="c", people=frozenset({"a"}), computer_to_move=True, news=True)
    assert table_next(facts) == News()
    assert table_next(table(turn="c", people=frozenset({"a"}), computer_to_move=True)) == ComputerMove("c")


def test_the_end_comes_before_everything_but_a_lent_table_going_back():
    assert table_next(table(ended=True, briefed=False, news=True, turn=None)) == TheEnd()
    assert table_next(table(ended=True, lent=True, turn=None)) == BackToFacilitator()


def test_a_lent_table_goes_back_once_no_person_here_is_to_move():
    assert table_next(table(lent=True)) == Wait("your_turn", "a")
    assert table_next(table(lent=True, turn="c", computer_to_move=True)) == BackToFacilitator()
    assert table_next(table(lent=True, turn=None)) == BackToFacilitator()  # between rounds, or paused


@pytest.mark.parametrize(("changes", "expected"), [
    ({"lost": "The connection to the host was lost."}, Wait("lost")),
    ({"paused": True, "turn": None}, Wait("paused")),
    ({"turn": "b", "people": frozenset({"a"})}, Wait("their_turn", "b")),
    ({"turn": None}, Wait("between_rounds")),
])
def test_what_the_table_waits_for(changes, expected):
    assert table_next(table(**changes)) == expected


def test_a_lost_line_is_said_before_a_pause_and_a_turn():
    assert table_next(table(lost="down", paused=True)) == Wait("lost")


def console(**changes) -> ConsoleFacts:
    facts = dict(turn="a", ended=False, people=TWO, computer_to_move=False, at_this_keyboard=True)
    facts.update(changes)
    return ConsoleFacts(**facts)


@pytest.mark.parametrize(("changes", "expected"), [
    ({}, Wait("person_to_move", "a")),
    ({"ended": True, "lost": "down"}, TheEnd()),
    ({"lost": "down", "paused": True}, Wait("lost")),
    ({"paused": True, "computer_to_move": True}, Wait("paused")),
    ({"turn": "c", "computer_to_move": True}, ComputerMove("c")),
    ({"at_this_keyboard": False, "people": frozenset()}, Wait("their_turn", "a")),
    ({"turn": None}, Wait("between_rounds")),
])
def test_the_console_steps(changes, expected):
    assert console_next(console(**changes)) == expected
