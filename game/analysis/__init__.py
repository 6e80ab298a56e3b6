"""Debrief analysis: each delegation's utility of any outcome, its BATNA, and the
Pareto frontier with its Nash, Kalai-Smorodinsky and max-welfare points, computed
exactly over the whole outcome space (one option per card, status quo included).

Pure: no I/O, no Textual. Conventions and the exactness argument are in
`game.analysis.frontier`; exact numbers in `game.analysis.domain`; the report that
`parley analyze` prints in `game.analysis.report`.
"""

from game.analysis.domain import (
    Domain,
    Outcome,
    UnknownVariant,
    complete_variants,
    default_variants,
    domain_for,
    exact_batna_moved,
    parse_variants,
)
from game.analysis.frontier import Analysis, Point, analyze, distance, distance_to_frontier, distance_to_nash

__all__ = [
    "Analysis", "Domain", "Outcome", "Point", "UnknownVariant",
    "analyze", "complete_variants", "default_variants", "distance", "distance_to_frontier",
    "distance_to_nash", "domain_for", "exact_batna_moved", "parse_variants",
]
