"""Hidden information must not reach another delegation.

For every delegation, the JSON of every view and of every event it can see must not
contain another delegation's red line ids, labels or explanations, brief text, or
hidden variant ids, labels or descriptions (variants: until the game ends).
"""

from __future__ import annotations

import pytest

from game.engine import Rules, new_game, step
from game.engine import commands as C
from game.engine.core import blank_state
from game.engine.fold import fold_into
from game.engine.rng import roll
from game.engine.views import OBSERVER, redact_event, view_for
from game.headless import game_seed, play_game

DELEGATIONS = ("ru", "ua", "us")
VIEWERS = (*DELEGATIONS, OBSERVER)  # an observer must see no delegation's secrets



def _secrets(rules: Rules) -> dict[str, dict[str, set[str]]]:
    """delegation -> {"always": strings never shown to others, "variants": until the end}."""
    sc = rules.scenario
    out = {}
    for d in DELEGATIONS:
        spec = sc.delegations[d]
        always: set[str] = set()
        for line in spec.red_lines:
            always |= {f"{d}.{line.id}", line.label, line.explanation}
        brief = sc.briefs.get(d, "")
        always |= {p.strip() for p in brief.split("\n\n") if len(p.strip()) > 40}
        variants: set[str] = set()
        for hidden in spec.hidden:
            for v in hidden.options:
                variants |= {v.id, v.label, v.description}
                always |= {p.strip() for p in v.brief.split("\n\n") if len(p.strip()) > 40}
        out[d] = {"always": always, "variants": variants}
    return out


def _check(text: str, viewer: str, secrets, ended: bool, where: str) -> None:
    for owner in DELEGATIONS:
        if owner == viewer:
            continue
        kinds = ["always"] if ended else ["always", "variants"]
        for kind in kinds:
            for secret in secrets[owner][kind]:
                assert secret not in text, f"{where}: {viewer} sees {owner}'s secret {secret!r}"


def _audit_game(rules, session, secrets) -> None:
    state = blank_state(rules)
    for command, events in session.steps:
        for event in events:
            fold_into(rules, state, event)
            for viewer in VIEWERS:
                shown = redact_event(rules, event, viewer)
                if shown is not None:
                    _check(shown.model_dump_json(), viewer, secrets, False, f"event {event.type}")
        for viewer in VIEWERS:
            view = view_for(rules, state, viewer)
            _check(view.model_dump_json(), viewer, secrets, state.ended, f"view after {command.kind}")


def test_secret_strings_do_not_occur_in_public_content(rules):
    """Sanity check of the test itself: no secret collides with public text."""
    secrets = _secrets(rules)
    public = view_for(rules, new_game(rules, 1).state, "ua").model_copy(update={"private": {}}).model_dump_json()
    for owner in DELEGATIONS:
        for kind in ("always", "variants"):
            for s in secrets[owner][kind]:
                assert s not in public, (owner, s)


@pytest.mark.parametrize("kind", ["random", "ai"])
def test_games_leak_nothing(rules, kind):
    """Random games end early and often; computer delegations play the whole calendar
    and give reasons, which must not quote their secret briefs or red lines either."""
    secrets = _secrets(rules)
    seats = {d: kind for d in DELEGATIONS}
    for k in range(100 if kind == "random" else 15):
        session = play_game(rules, game_seed(2024, k), seats)
        _audit_game(rules, session, secrets)


def _derive_variant(rules, seed, code, hidden):
    point = roll(seed, "variant", code, hidden.id) * sum(v.weight for v in hidden.options)
    for v in hidden.options:
        point -= v.weight
        if point < 0:
            return v.id
    return hidden.options[-1].id


def test_game_started_seed_does_not_reveal_other_variants(rules):
    """Kyiv's transcript carries the game seed; the hidden variants are a public
    function of it (`roll(seed, "variant", code, hidden)`), so Kyiv can compute
    Moscow's reading of Donbas on turn one."""
    hidden = rules.scenario.delegations["ru"].hidden[0]
    derived_right = 0
    for seed in range(40):
        outcome = new_game(rules, seed)
        started = redact_event(rules, outcome.events[0], "ua")
        guess = _derive_variant(rules, started.seed, "ru", hidden)
        derived_right += guess == outcome.state.variants["ru"][hidden.id]
    assert derived_right < 40, "every one of Moscow's hidden variants was derived from Kyiv's transcript"


def test_soft_line_cost_is_not_attributed_to_a_red_line_in_public(rules):
    """Signing a package that crosses Kyiv's soft line `physical_guarantee` moves the
    public meter ua.support; Moscow sees that move with cause 'red_line' and delta -10,
    which tells it that Kyiv has a red line there and what it costs."""
    state = new_game(rules, 1).state
    for command in (
        C.Propose(by="ru", items={"foreign_troops": "no_foreign_troops", "army_cap": "high_ceiling"}),
        C.Accept(by="ua"),
        C.Accept(by="us"),
    ):
        outcome = step(rules, state, command)
        assert outcome.ok, outcome.refusal
        state = outcome.state
    seen = [redact_event(rules, e, "ru") for e in outcome.events]
    causes = [e.cause for e in seen if e is not None and getattr(e, "cause", None)]
    assert not any(c.split(":", 1)[0] == "red_line" for c in causes), causes


def test_an_observer_sees_the_public_table_only(rules):
    """What every delegation sees, the observer sees; what only some see, it does not."""
    for k in range(10):
        session = play_game(rules, game_seed(77, k), {d: "ai" for d in DELEGATIONS})
        state = blank_state(rules)
        for _, events in session.steps:
            for event in events:
                fold_into(rules, state, event)
                everyone = [redact_event(rules, event, d) for d in DELEGATIONS]
                shown = redact_event(rules, event, OBSERVER)
                if all(e == event for e in everyone):
                    assert shown == event or event.type == "game_started", event.type
                if any(e is None for e in everyone):
                    assert shown is None, f"{event.type} is hidden from a delegation but shown to an observer"
                if event.type == "game_started":
                    assert shown.seed is None and shown.variants == {}
            view = view_for(rules, state, OBSERVER)
            assert view.viewer == OBSERVER and view.private == {}
            public = {m.id for m in view_for(rules, state, "ua").public_meters} & {
                m.id for m in view_for(rules, state, "ru").public_meters
            }
            assert {m.id for m in view.public_meters} <= public
