"""Reading a scenario `Condition` against what someone knows.

The engine reads conditions on the whole game state; a computer delegation reads its
own red lines' linkages on its view. Both go through `holds`, with a `Facts` that
answers the questions a condition asks. Whatever a `Facts` cannot know (a private
flag or meter, another delegation's hidden variant) makes the part that asks about
it fail: a delegation never counts on what it cannot see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from game.content.models import Condition


class Facts(Protocol):
    @property
    def text(self) -> Mapping[str, str]: ...  # card -> option: the text the condition is read against

    @property
    def date(self) -> dt.date: ...

    @property
    def round_id(self) -> str | None: ...

    @property
    def end_reason(self) -> str | None: ...

    @property
    def ended_by(self) -> str | None: ...

    def flag(self, flag: str) -> bool | None: ...  # None: unknown

    def meter(self, meter: str) -> float | None: ...  # None: unknown

    def variants(self, delegation: str) -> set[str]: ...  # the variant ids known to be drawn


def holds(cond: Condition, facts: Facts) -> bool:
    for flag in cond.flags_set:
        if facts.flag(flag) is not True:
            return False
    for flag in cond.flags_unset:
        if facts.flag(flag) is not False:
            return False
    for test in cond.meters:
        value = facts.meter(test.meter)
        if value is None:
            return False
        if (test.at_least is not None and value < test.at_least) or (test.at_most is not None and value > test.at_most):
            return False
    if cond.cards or cond.signed_at_least is not None or cond.signed_at_most is not None:
        text = facts.text  # read only when asked: working out the text is a Facts' dearest answer
        for card_test in cond.cards:
            option = text.get(card_test.card)
            if (option is not None and (not card_test.options or option in card_test.options)) != card_test.signed:
                return False
        if cond.signed_at_least is not None and len(text) < cond.signed_at_least:
            return False
        if cond.signed_at_most is not None and len(text) > cond.signed_at_most:
            return False
    if cond.date_from is not None and facts.date < cond.date_from:
        return False
    if cond.date_until is not None and facts.date > cond.date_until:
        return False
    if cond.rounds and facts.round_id not in cond.rounds:
        return False
    for delegation, wanted in cond.variants.items():
        if not facts.variants(delegation) & set(wanted):
            return False
    if cond.end_reasons and facts.end_reason not in cond.end_reasons:
        return False
    if cond.ended_by and facts.ended_by not in cond.ended_by:
        return False
    if cond.any and not any(holds(part, facts) for part in cond.any):
        return False
    return True


@dataclass(frozen=True)
class Reads:
    """What `holds` may ask of a `Facts` for some conditions: a condition's answer can only
    change when one of these does (views use this to reuse what they built before)."""

    flags: tuple[str, ...] = ()
    meters: tuple[str, ...] = ()
    text: bool = False  # the signed text
    date: bool = False
    round: bool = False
    variants: bool = False
    end: bool = False


def reads(conditions: Iterable[Condition | None]) -> Reads:
    flags: set[str] = set()
    meters: set[str] = set()
    asks: set[str] = set()

    def walk(cond: Condition) -> None:
        flags.update(cond.flags_set, cond.flags_unset)
        meters.update(test.meter for test in cond.meters)
        if cond.cards or cond.signed_at_least is not None or cond.signed_at_most is not None:
            asks.add("text")
        if cond.date_from is not None or cond.date_until is not None:
            asks.add("date")
        if cond.rounds:
            asks.add("round")
        if cond.variants:
            asks.add("variants")
        if cond.end_reasons or cond.ended_by:
            asks.add("end")
        for part in cond.any:
            walk(part)

    for cond in conditions:
        if cond is not None:
            walk(cond)
    return Reads(
        flags=tuple(sorted(flags)), meters=tuple(sorted(meters)), text="text" in asks, date="date" in asks,
        round="round" in asks, variants="variants" in asks, end="end" in asks,
    )
