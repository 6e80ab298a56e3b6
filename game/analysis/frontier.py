"""Pareto frontier, Nash, Kalai-Smorodinsky and max-welfare points, exactly.

Conventions
-----------
- The parties considered are every delegation or any group of them (the report
  lists every pair); the utility of a delegation outside the group plays no part
  (it is reported, not used).
- An outcome is *individually rational* (IR) when every considered party's utility
  is at least its BATNA (>=, exactly; `Domain.batna`).
- The *frontier* is the set of IR outcomes that no outcome Pareto-dominates (at
  least as good for every considered party, better for one). A dominator of an IR
  outcome is IR itself, so this is also the Pareto frontier of the IR set. Several
  outcomes can share one utility vector; all of them are on the frontier. Frontiers
  compare as sets: of utility vectors (`Analysis.vectors`) and of outcomes
  (`Analysis.outcomes`). If no outcome is IR the frontier is empty and the points
  below are None.
- *ideal* (for KS) is each considered party's best utility within the IR set.
- *Nash*: the frontier outcome maximising the product over considered parties of
  (utility - BATNA).
- *KS* (Kalai-Smorodinsky): the frontier outcome maximising the minimum over
  considered parties of (utility - BATNA) / (ideal - BATNA); a party whose ideal
  equals its BATNA (every IR outcome leaves it exactly at its BATNA) counts as 1.
- *Max welfare*: the frontier outcome maximising the sum of the considered
  parties' utilities.
- Ties: among outcomes that score equally, the one whose tuple of option indices
  (cards in scenario order; on each card the status quo first, then the other
  options in the scenario's order) is lexicographically smallest. So a tie leaves
  the earliest cards at the status quo. Each frontier `Point` carries that smallest
  outcome of its utility vector, and `count`, the number of outcomes sharing it.

Algorithm (exact, never sampled)
--------------------------------
Utilities are sums of per-card terms (weight * value / total weight), scaled to
integers (`game.analysis.domain`). Dynamic programming runs over the cards in
scenario order: the partial sums after k cards are combined with every option of
card k+1, equal partial vectors are merged into one node (keeping every
back-pointer), and two kinds of partial are dropped:

1. dominated partials: if partial P is dominated by partial Q, every completion of
   P is dominated by the same completion of Q, so no outcome through P is on the
   frontier;
2. hopeless partials: if P plus the best possible rest of some considered party is
   below that party's BATNA, no completion of P is IR.

Before that, an option that another option of the same card dominates (for the
considered parties) is left out: swapping in the better option dominates every
outcome that uses it.

A frontier outcome is never dropped: its options and partials are not dominated
(else the outcome would be) and not hopeless (it is IR). Conversely every vector
that survives the last stage is IR (the bound with an empty rest is the IR test)
and is dominated by no surviving vector, hence by no outcome at all: a dropped
dominator would itself be dominated by a survivor or fail the BATNA. A surviving
node holds every prefix with its partial vector: a prefix that uses a left-out
option, or whose own prefix was dropped, is strictly dominated by a candidate or
hopeless, so its vector is no survivor's. Hence the back-pointers enumerate exactly
the outcomes of each frontier vector, and count them. The smallest outcome of each
node is found forward: its smallest prefix extends the smallest prefix of one of
its back-pointers, so nodes are ranked stage by stage by (rank of the previous
node's smallest prefix, option), and the winning back-pointers spell the smallest
outcome backwards.

Numbers are integers (each party's utilities times one common denominator, see
`game.analysis.domain`), so every comparison, tie and BATNA test is exact; the Nash
product and the welfare sum are integers too, and KS ratios are Fractions.

Nash, KS and max-welfare are searched over the frontier only, and their maxima
equal the maxima over the whole IR set: if an IR outcome x is dominated by y, then
y is IR and scores at least as well as x on each criterion (product of
non-negative gains, minimum of normalised gains, sum), so some frontier outcome
reaches every maximum. (A dominated outcome can tie a frontier outcome, e.g. when
the best Nash product is 0; by convention the points are frontier outcomes.) The
IR ideal is reached on the frontier for the same reason.
"""

from __future__ import annotations

import bisect
import enum
import math
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any, Final, Generic, Literal, TypeVar

from game.analysis.domain import Domain, Outcome

Vector = tuple[int, ...]


@dataclass(frozen=True)
class Point:
    """An outcome, and how many outcomes share its utilities for the considered parties."""

    outcome: Outcome
    count: int
    domain: Domain = field(repr=False, compare=False)

    @cached_property
    def utilities(self) -> dict[str, Fraction]:
        """Exact utilities to every party of the domain (the ignored one of a pair too)."""
        return self.domain.utilities(self.outcome)


@dataclass(frozen=True)
class Analysis:
    domain: Domain
    parties: tuple[str, ...]  # the considered parties
    batna: dict[str, Fraction]
    frontier: tuple[Point, ...]  # one point per utility vector, best for parties[0] first
    ideal: dict[str, Fraction] | None  # best utility within the IR set; None if the set is empty
    nash: Point | None
    ks: Point | None
    max_welfare: Point | None
    # per stage: node (feature, partial vector) -> its back-pointers (previous node, option)
    _stages: list[dict[Any, list[tuple[Any, int]]]] = field(repr=False, compare=False, default_factory=list)
    _vectors: tuple[Vector, ...] = field(repr=False, compare=False, default=())  # scaled, same order as frontier
    _finals: dict[Vector, list[Any]] = field(repr=False, compare=False, default_factory=dict)  # vector -> last nodes

    @property
    def individually_rational(self) -> bool:
        """False when no outcome gives every considered party at least its BATNA."""
        return bool(self.frontier)

    @property
    def outcome_count(self) -> int:
        """The number of outcomes on the frontier (several can share a utility vector)."""
        return sum(p.count for p in self.frontier)

    def vectors(self) -> set[tuple[Fraction, ...]]:
        """The frontier as a set of exact utility vectors (considered parties, in order)."""
        scale = [self.domain.scale[self.domain.index(p)] for p in self.parties]
        return {tuple(Fraction(x, k) for x, k in zip(v, scale)) for v in self._vectors}

    def on_frontier(self, utilities: Mapping[str, float | Fraction]) -> bool:
        """Whether these exact utilities (of the considered parties) are a frontier point."""
        scaled = []
        for p in self.parties:
            x = Fraction(utilities[p]) * self.domain.scale[self.domain.index(p)]
            if x.denominator != 1:
                return False
            scaled.append(int(x))
        return tuple(scaled) in self._vector_set

    @cached_property
    def _vector_set(self) -> frozenset[Vector]:
        return frozenset(self._vectors)

    def outcomes_of(self, point: Point) -> Iterator[Outcome]:
        """Every outcome with `point`'s utilities (for the considered parties)."""
        for node in self._finals[self._vectors[self.frontier.index(point)]]:
            yield from self._expand(len(self._stages), node)

    def outcomes(self) -> Iterator[Outcome]:
        """Every outcome on the frontier."""
        for vector in self._vectors:
            for node in self._finals[vector]:
                yield from self._expand(len(self._stages), node)

    def _expand(self, k: int, node: Any) -> Iterator[Outcome]:
        if k == 0:
            yield ()
            return
        for previous, option in self._stages[k - 1][node]:
            for prefix in self._expand(k - 1, previous):
                yield (*prefix, option)


# ---------------------------------------------------------------------------- the search


class Out(enum.Enum):
    """The type of `OUT`."""

    OUT = "out"


OUT: Final = Out.OUT  # `Features.finish`: the outcome is ruled out

F = TypeVar("F", bound=Hashable)  # a search's features


class Features(Generic[F]):
    """What a search adds to plain sums of per-card terms (`game.analysis.signable`): a
    *feature* carried along each partial outcome (what later cards and the end still
    need to know of it), per-option steps that change it, add integer points or rule the
    option out, and a last step at the end. Partials are merged and compared only when
    their features are equal, so the search stays exact. This base class is the plain
    search: one feature, nothing added."""

    start: F  # the feature of the empty partial

    def __init__(self, start: F):
        self.start = start

    def group(self, k: int, option: int) -> Hashable:
        """Options of card k in one group differ only in their terms (and additive `extra`):
        one that another of its group dominates can be left out."""
        return None

    def extra(self, k: int, option: int) -> tuple[int, ...] | None:
        """Points option `option` of card k adds whatever the feature, per party of the
        domain (scaled); None: no outcome with it counts."""
        return None

    def step(self, k: int, feature: F, option: int) -> tuple[F, tuple[int, ...] | None] | None:
        """(the new feature, points to add per party or None) after choosing `option` on
        card k; None: the partial is ruled out."""
        return feature, None

    def finish(self, feature: F) -> tuple[int, ...] | Literal[Out.OUT] | None:
        """Points to add per party at the end (None: nothing); `OUT`: the outcome is ruled out."""
        return None

    def headroom(self) -> tuple[int, ...] | None:
        """The most points `step` and `finish` can still add, per party (for pruning)."""
        return None


PLAIN: Features[Hashable] = Features(())


def analyze(domain: Domain, parties: Iterable[str] | None = None) -> Analysis:
    """The frontier and the Nash, KS and max-welfare points for `parties` (default:
    every party of the domain). See the module docstring for the conventions. A domain
    with `features` (`game.analysis.signable`) is searched with them."""
    parties = tuple(domain.parties if parties is None else parties)
    if not parties or len(set(parties)) != len(parties) or any(p not in domain.parties for p in parties):
        raise ValueError(f"parties must be distinct parties of the domain {domain.parties}, got {parties}")
    # A domain's model has features of its own type; the search never looks inside them,
    # only hands each one back to the model that made it.
    features: Features[Hashable] = getattr(domain, "features", None) or PLAIN
    idx = [domain.index(p) for p in parties]
    d = len(idx)
    n = len(domain.cards)
    batna = [domain.batna_scaled[p] for p in idx]
    batnas = {p: domain.batna(p) for p in parties}
    # Per card, the options as vectors of the considered parties' scaled terms (plus any
    # fixed points the features add), less those another option of the same card
    # dominates when the options differ in nothing else (no outcome using them can be
    # on the frontier: swapping in the better option dominates it).
    card_options: list[list[tuple[int, Vector]]] = []
    for k in range(n):
        vectors = []
        for i in range(len(domain.options[k])):
            v = tuple(domain.terms[p][k][i] for p in idx)
            extra = features.extra(k, i)
            if extra is not None:
                v = tuple(a + extra[p] for a, p in zip(v, idx))
            vectors.append(v)
        groups = [features.group(k, i) for i in range(len(vectors))]
        card_options.append([
            (i, v) for i, v in enumerate(vectors)
            if not any(
                w != v and groups[j] == groups[i] and all(a >= b for a, b in zip(w, v)) for j, w in enumerate(vectors)
            )
        ])
    # best_rest[k][j]: the most party j can still gain from cards k..n-1 (and the features)
    room = features.headroom()
    best_rest = [[0 if room is None else room[p] for p in idx] for _ in range(n + 1)]
    for k in range(n - 1, -1, -1):
        best_rest[k] = [best_rest[k + 1][j] + max(v[j] for _, v in card_options[k]) for j in range(d)]

    # Each stage maps a node (feature, partial vector) to its back-pointers (previous
    # node, option). `rank` orders a stage's nodes by their smallest prefix (distinct
    # nodes hold disjoint prefix sets, so the ranks are distinct); `first` keeps the
    # back-pointer to that smallest prefix; `count` the number of prefixes.
    Node = tuple[Hashable, Vector]
    start: Node = (features.start, (0,) * d)
    stages: list[dict[Node, list[tuple[Node, int]]]] = []
    firsts: list[dict[Node, tuple[Node, int]]] = []
    rank: dict[Node, int] = {start: 0}
    count: dict[Node, int] = {start: 1}
    if any(best_rest[0][j] < batna[j] for j in range(d)):
        rank = {}
    plain = features is PLAIN
    step = features.step
    for k in range(n):
        need = [batna[j] - best_rest[k + 1][j] for j in range(d)]
        candidates: dict[Node, list[tuple[Node, int]]] = {}
        get = candidates.get
        options = card_options[k]
        for node in rank:
            feature, vector = node
            for option, add in options:
                if plain:
                    new_feature = feature
                    new = tuple(a + b for a, b in zip(vector, add)) if d != 3 else (
                        vector[0] + add[0], vector[1] + add[1], vector[2] + add[2]
                    )
                else:
                    stepped = step(k, feature, option)
                    if stepped is None:
                        continue
                    new_feature, points = stepped
                    if points is None:
                        new = tuple(a + b for a, b in zip(vector, add))
                    else:
                        new = tuple(a + b + points[p] for a, b, p in zip(vector, add, idx))
                if d == 3:
                    if new[0] < need[0] or new[1] < need[1] or new[2] < need[2]:
                        continue
                elif any(new[j] < need[j] for j in range(d)):
                    continue
                key = (new_feature, new)
                entry = get(key)
                if entry is None:
                    candidates[key] = [(node, option)]
                else:
                    entry.append((node, option))
        by_feature: dict[Hashable, list[Vector]] = {}
        for feature, vector in candidates:
            by_feature.setdefault(feature, []).append(vector)
        kept = {
            (feature, v): candidates[(feature, v)]
            for feature, vectors in by_feature.items() for v in _pareto(vectors)
        }
        first = {v: min(preds, key=lambda po: (rank[po[0]], po[1])) for v, preds in kept.items()}
        order = sorted(kept, key=lambda v: (rank[first[v][0]], first[v][1]))
        count = {v: sum(count[prev] for prev, _ in preds) for v, preds in kept.items()}
        rank = {v: r for r, v in enumerate(order)}
        stages.append(kept)
        firsts.append(first)

    # The end: each node's last points (or its exclusion), then the frontier of the
    # resulting vectors; several nodes can end on one vector.
    finals: dict[Vector, list[Node]] = {}
    for node in rank:
        feature, vector = node
        finished = features.finish(feature)
        if finished is OUT:
            continue
        points = finished
        if points is not None:
            vector = tuple(a + points[p] for a, p in zip(vector, idx))
        if any(vector[j] < batna[j] for j in range(d)):
            continue
        finals.setdefault(vector, []).append(node)
    vectors = sorted(_pareto(list(finals)), reverse=True)
    finals = {v: sorted(finals[v], key=rank.__getitem__) for v in vectors}

    def smallest(vector: Vector) -> Outcome:
        node = finals[vector][0]
        out = []
        for k in range(n - 1, -1, -1):
            node, option = firsts[k][node]
            out.append(option)
        return tuple(reversed(out))

    frontier = tuple(Point(smallest(v), sum(count[node] for node in finals[v]), domain) for v in vectors)
    if not frontier:
        return Analysis(domain, parties, batnas, (), None, None, None, None, stages, (), {})

    best = [max(v[j] for v in vectors) for j in range(d)]
    ideal = {p: Fraction(best[j], domain.scale[idx[j]]) for j, p in enumerate(parties)}
    common = math.lcm(*(domain.scale[p] for p in idx))
    factor = [common // domain.scale[p] for p in idx]

    def nash_key(v: Vector) -> int:
        return math.prod(v[j] - batna[j] for j in range(d))

    def ks_key(v: Vector) -> Fraction:
        ratios = [Fraction(v[j] - batna[j], best[j] - batna[j]) for j in range(d) if best[j] != batna[j]]
        return min(ratios, default=Fraction(1))

    def welfare_key(v: Vector) -> int:
        return sum(v[j] * factor[j] for j in range(d))

    def choose(key: Callable[[Vector], Any]) -> Point:
        i = min(range(len(vectors)), key=lambda i: (-key(vectors[i]), frontier[i].outcome))
        return frontier[i]

    return Analysis(
        domain, parties, batnas, frontier, ideal,
        choose(nash_key), choose(ks_key), choose(welfare_key), stages, tuple(vectors), finals,
    )


def _pareto(vectors: list[Vector]) -> list[Vector]:
    """The vectors (distinct) that no other vector in the list dominates.

    In descending lexicographic order a dominator always comes before what it
    dominates, and a vector dominated by a dropped one is dominated by whatever
    dropped that one, so each vector need only be checked against those kept.
    """
    vectors.sort(reverse=True)
    if not vectors:
        return []
    d = len(vectors[0])
    kept: list[Vector] = []
    if d == 1:
        return vectors[:1]
    if d == 2:
        top = None
        for v in vectors:
            if top is None or v[1] > top:
                kept.append(v)
                top = v[1]
        return kept
    if d == 3:
        # Staircase of the kept (y, z): y ascending, z strictly descending; the first
        # step with y' >= y has the largest z' among them.
        ys: list[int] = []
        zs: list[int] = []
        for v in vectors:
            y, z = v[1], v[2]
            i = bisect.bisect_left(ys, y)
            if i < len(ys) and zs[i] >= z:
                continue  # a kept vector is >= in x (sort order), y and z
            kept.append(v)
            j = i + 1 if i < len(ys) and ys[i] == y else i
            lo = i
            while lo > 0 and zs[lo - 1] <= z:
                lo -= 1
            ys[lo:j] = [y]
            zs[lo:j] = [z]
        return kept
    for v in vectors:
        if not any(all(a >= b for a, b in zip(w, v)) for w in kept):
            kept.append(v)
    return kept


# ---------------------------------------------------------------------------- distances


Utilities = Mapping[str, float | Fraction]  # party -> utility, exact or as shown


def distance(a: Utilities, b: Utilities, parties: Iterable[str]) -> float:
    """Euclidean distance between two utility profiles, over `parties`."""
    return math.sqrt(sum((float(a[p]) - float(b[p])) ** 2 for p in parties))


def distance_to_frontier(analysis: Analysis, utilities: Utilities) -> float | None:
    """Distance in utility space (considered parties) to the nearest frontier point;
    0 on the frontier; None when the frontier is empty."""
    if not analysis.frontier:
        return None
    if analysis.on_frontier(utilities):
        return 0.0
    return min(distance(point.utilities, utilities, analysis.parties) for point in analysis.frontier)


def distance_to_nash(analysis: Analysis, utilities: Utilities) -> float | None:
    if analysis.nash is None:
        return None
    return distance(analysis.nash.utilities, utilities, analysis.parties)
