"""The value model: how every number about a delegation's result is worked out. The
engine's final score (`Rules.final_score`), the view's figures, the composer's and the
package panel's "if signed now", the debrief and the analysis all call these functions,
so the numbers on every screen agree. content/abu-dhabi/DESIGN.md (section "The value
model") explains it in words; this docstring is the short form.

- **Utility** of a text: 0-100, the delegation's weighted value of each card's option
  (the status quo on every card the text leaves open). Weights are normalised over all
  the scenario's cards; a card not (or no longer) at the table stands at its status quo.
- **BATNA** (the best alternative to a negotiated agreement): what the delegation has
  if nothing is signed. At the start it is the utility of the status quo. It then moves
  with the meters the delegation's scoring names (battlefield leverage, standing at home,
  Western support, patience...): BATNA now = U(status quo) + sum of weight x (meter now
  - meter at the start).
- **Score** = agreements + BATNA moved + objectives, where agreements = U(what the talks
  achieved) - U(status quo). So with nothing signed a delegation scores exactly how far
  its BATNA moved (below zero if its alternative eroded) plus the objectives that need no
  agreement; a signed text adds its value over no agreement, which is negative for a text
  worse for you than the status quo. Put another way: the score is how much better off
  the delegation ends than its BATNA was at the start.
- **Worth of a package** (what the composer and the package panel show): the score after
  signing it now minus the score now, with everything else as it is: the change of
  utility, the cost of its own soft red lines it crosses, and the objectives signing it
  meets or ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from game.content.models import Condition


@dataclass(frozen=True)
class ScoreParts:
    """A delegation's result at one moment, in the parts the screens and the debrief show."""

    utility: float  # U(what the talks achieved)
    status_quo: float  # U(no agreement at all): the BATNA at the start
    moved: float  # how far the BATNA moved since the start, through the meters
    objectives: float  # points of the objectives met

    @property
    def agreements(self) -> float:
        """What the signed text is worth over no agreement."""
        return self.utility - self.status_quo

    @property
    def batna(self) -> float:
        """The BATNA now: the status quo, moved by the meters."""
        return self.status_quo + self.moved

    @property
    def score(self) -> float:
        return self.agreements + self.moved + self.objectives

    def as_dict(self) -> dict[str, float]:
        """The parts rounded for saves, tables and JSON (the score from the unrounded parts)."""
        return {
            "utility": round(self.utility, 2),
            "agreements": round(self.agreements, 2),
            "batna_start": round(self.status_quo, 2),
            "batna_moved": round(self.moved, 2),
            "batna": round(self.batna, 2),
            "objectives": round(self.objectives, 2),
            "score": round(self.score, 2),
        }


def utility(
    values: Mapping[str, Mapping[str, float]],
    weights: Mapping[str, float],
    cards: Iterable[tuple[str, str]],
    text: Mapping[str, str],
    off_table: tuple[float, float] = (0.0, 0.0),
) -> float:
    """0-100: the weighted value of `text`. `cards` gives (card, status quo option) for
    every card at the table; `off_table` is (sum of weight x status quo value, sum of
    weights) of the scenario's cards not at the table, which stand at their status quo.
    The weights are normalised over every card of the scenario, so a card coming to the
    table or leaving it does not move anyone's BATNA."""
    total, weight_sum = off_table
    for card, status_quo in cards:
        weight = weights.get(card, 0.0)
        total += weight * values[card][text.get(card, status_quo)]
        weight_sum += weight
    return total / weight_sum if weight_sum else 0.0


def batna_moved(weights: Mapping[str, float], meter: Callable[[str], float], start: Mapping[str, float]) -> float:
    """How far the BATNA moved: sum of weight x (meter now - meter at the start)."""
    return float(sum(w * (meter(m) - start[m]) for m, w in weights.items()))


class Scored(Protocol):
    """An objective as the score reads it: its points and its condition (a scenario's
    `Objective`, or the `ObjectiveView` a delegation sees of its own)."""

    @property
    def id(self) -> str: ...

    @property
    def points(self) -> float: ...

    @property
    def when(self) -> Condition: ...


def objective_points(objectives: Iterable[Scored], holds: Callable[[Condition], bool]) -> float:
    return float(sum(o.points for o in objectives if holds(o.when)))


def objectives_met(objectives: Iterable[Scored], holds: Callable[[Condition], bool]) -> tuple[str, ...]:
    return tuple(o.id for o in objectives if holds(o.when))
