"""Over a whole networked game, no message the host sends to a seat holds anything
only another delegation may know: its brief, red lines, levers, private meters, or
(before the end, when they are revealed to all) its hidden readings."""

from __future__ import annotations

import asyncio
import re

from tests.abu_dhabi import DELEGATIONS

from .test_loopback import SEED, finish, hosted_game, seat_player


def fragments(text: str, size: int = 28) -> list[str]:
    """Plain runs of words from `text` (no quotes or line breaks, which JSON escapes)."""
    runs = re.findall(rf"[A-Za-z][A-Za-z ,]{{{size - 1},}}", text)
    return [run[:size] for run in runs]


def secrets_of(scenario, code: str) -> dict[str, list[str]]:
    spec = scenario.delegations[code]
    always = fragments(scenario.briefs.get(code, ""))
    always += [f for line in spec.red_lines for f in fragments(line.explanation)]
    always += [f for lever in spec.levers for f in fragments(lever.description)]
    always += [f'"{code}.{m.id}"' for m in spec.meters if not m.public]
    always += [f for hidden in spec.hidden for v in hidden.options for f in fragments(getattr(v, "brief", "") or "")]
    until_end = [f'"{hidden.id}":"{v.id}"' for hidden in spec.hidden for v in hidden.options]
    until_end += [f for hidden in spec.hidden for v in hidden.options for f in fragments(v.description)]
    return {"always": always, "until_end": until_end}


def known_to(scenario, code: str) -> str:
    """Every text `code` may read: its own private texts and everything public. A phrase
    of another delegation's brief that is also here is no secret (briefs share phrases)."""
    own = secrets_of(scenario, code)
    public = scenario.model_dump_json(include={"title", "summary", "cards", "events"})
    positions = " ".join(d.public_position for d in scenario.delegations.values())
    # a lever's label is public once it is used: the table reads "Moscow uses a lever: ..."
    levers = " ".join(lever.label.lower() for d in scenario.delegations.values() for lever in d.levers)
    return " ".join([*own["always"], *own["until_end"], scenario.briefs.get(code, ""), public, positions, levers])


def test_no_seat_receives_another_delegations_secrets(rules, tmp_path):
    async def go():
        host, server, uri, table, clients = await hosted_game(rules, tmp_path, keep_raw=True)
        try:
            await asyncio.wait_for(asyncio.gather(*(seat_player(clients[d], SEED) for d in DELEGATIONS)), 120)
            return {seat: list(c.raw) for seat, c in clients.items()}
        finally:
            await finish(host, server, clients.values())

    received = asyncio.run(go())
    scenario = rules.scenario
    for seat in DELEGATIONS:
        messages = received[seat]
        ended = next(i for i, m in enumerate(messages) if '"type":"game_ended"' in m)
        mine = secrets_of(scenario, seat)
        assert any(f in m for f in mine["always"] for m in messages)  # the check sees its own secrets
        for other in DELEGATIONS:
            if other == seat:
                continue
            theirs = secrets_of(scenario, other)
            allowed = known_to(scenario, seat)
            always = [f for f in theirs["always"] if f not in allowed]
            until_end = [f for f in theirs["until_end"] if f not in allowed]
            assert len(always) > 10  # plenty of the others' secrets are checked
            for i, message in enumerate(messages):
                for secret in always + (until_end if i < ended else []):
                    assert secret not in message, (seat, other, secret)
    # an observer receives none of any delegation's secrets (the public texts aside)
    observed = received["observer"]
    ended = next(i for i, m in enumerate(observed) if '"type":"game_ended"' in m)
    public = " ".join([
        scenario.model_dump_json(include={"title", "summary", "cards", "events"}),
        *(d.public_position for d in scenario.delegations.values()),
        *(lever.label.lower() for d in scenario.delegations.values() for lever in d.levers),  # shown when used
    ])
    for owner in DELEGATIONS:
        theirs = secrets_of(scenario, owner)
        always = [f for f in theirs["always"] if f not in public]
        assert len(always) > 10
        for i, message in enumerate(observed):
            for secret in always + ([f for f in theirs["until_end"] if f not in public] if i < ended else []):
                assert secret not in message, ("observer", owner, secret)
    # the facilitator's seat, for comparison, does receive every delegation's secrets
    assert all(any(f in m for m in received["facilitator"] for f in secrets_of(scenario, d)["always"]) for d in DELEGATIONS)
