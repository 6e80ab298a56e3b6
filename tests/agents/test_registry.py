"""One place for the computer strategies: a class registered once is offered by the
lobby and the facilitator, played by `simulate`, measured by `balance`, and seated by a
match (local or hosted), with no edit anywhere else. And one decide-retry-pass loop."""

from __future__ import annotations

import pytest

from game.agents import REGISTRY, Words, attempts, check_spec, register, specs, words
from game.agents.registry import MAX_TRIES, UnknownAgent
from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.engine.core import Refusal
from game.engine.rules import Rules


@pytest.fixture
def stubborn():
    """A strategy of the test's own: it always passes, saying nothing."""

    @register("stubborn", Words("Computer: stubborn", "computer, stubborn", "stubborn"))
    class Stubborn:
        kind = "stubborn"

        def __init__(self, delegation: str, seed: int):
            self.delegation = delegation

        def observe(self, events) -> None:
            pass

        def decide(self, view, refused):
            return C.Pass(by=self.delegation)

    yield Stubborn
    del REGISTRY["stubborn"]


def test_a_registered_strategy_is_offered_everywhere(stubborn, capsys, tmp_path):
    from game.balance import probes_for
    from game.cli import main
    from game.match import Match
    from game.tui.screens.facilitator import seat_label
    from game.tui.screens.lobby import seat_choices

    assert "stubborn" in specs() and words("stubborn").short == "stubborn"
    assert ("Computer: stubborn", "stubborn") in seat_choices()  # the lobby, and the facilitator's hand-over
    assert seat_label("stubborn") == "computer, stubborn"
    rules = Rules(load_scenario_by_id("itex-cypress"))
    assert "stubborn" in [p.name for p in probes_for(rules, "itex")]  # balance plays it in every seat
    assert main(["simulate", "--scenario", "itex-cypress", "--agents", "itex=stubborn,cypress=ai", "--games", "2"]) == 0
    assert capsys.readouterr().out.count("game ") == 2
    match = Match.new(rules, 3, {"itex": "person", "cypress": "ai"}, None)
    assert match.hand_seat("cypress", "stubborn").outcome.ok and match.seats["cypress"] == "stubborn"
    assert isinstance(match.agents["cypress"], stubborn)


def test_what_is_not_registered_is_refused():
    for spec in ("genius", "ai:reckless", "random:fast", "stubborn"):
        with pytest.raises(UnknownAgent):
            check_spec(spec)
    assert specs() == ("ai:pragmatist", "ai:hardliner", "ai:dealmaker", "ai", "random")
    assert "responder" not in specs() and "responder" in specs(offered=False)  # the tutorial's, seated by name
    with pytest.raises(ValueError):
        register("ai", Words("x", "x", "x"))(object)  # a kind is registered once


def test_the_one_decide_retry_pass_loop():
    class Clumsy:
        delegation = "ru"

        def __init__(self):
            self.told: list[list[Refusal]] = []

        def decide(self, view, refused):
            self.told.append(list(refused))
            return C.Recess(by="ru")

    agent = Clumsy()
    views = iter(range(1000))
    tries = attempts(agent, lambda: next(views), "ru", fallback=C.Phrase(key="pass_wait"))
    command, sent = next(tries), 1
    no = Refusal("not_your_turn")
    while True:
        try:
            command = tries.send(no)
        except StopIteration:
            break
        sent += 1
    assert sent == MAX_TRIES + 1 and command == C.Pass(by="ru", say=C.Phrase(key="pass_wait"))
    assert [len(r) for r in agent.told] == list(range(MAX_TRIES))  # told every refusal so far, each time
    tries = attempts(agent, lambda: next(views), "ru")
    next(tries)
    with pytest.raises(StopIteration):
        tries.send(None)  # taken: the turn is over
