"""Seeded randomness without hidden state.

The engine never keeps a random stream in its state: every draw is a pure
function of the game seed and a key that names the draw (the event, how often it
fired, where the game stands: date, round, turn). Replaying the log therefore
reproduces every draw without storing generator state, and the order in which
draws are made, or what else was said in between, does not change them.

`Rng` is a small SplitMix64 stream for computer delegations, seeded the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")
_MASK = (1 << 64) - 1


def derive(seed: int, *key: object) -> int:
    """A 64-bit integer that depends only on `seed` and `key`."""
    text = repr((seed, *key)).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")


def roll(seed: int, *key: object) -> float:
    """A number in [0, 1) that depends only on `seed` and `key`."""
    return derive(seed, *key) / 2**64


class Rng:
    """SplitMix64: tiny, fast, and the same on every platform and Python version."""

    __slots__ = ("_state",)

    def __init__(self, seed: int):
        self._state = seed & _MASK

    def next64(self) -> int:
        self._state = (self._state + 0x9E3779B97F4A7C15) & _MASK
        z = self._state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def random(self) -> float:
        return (self.next64() >> 11) / 2**53

    def below(self, n: int) -> int:
        """A uniform integer in [0, n)."""
        if n <= 0:
            raise ValueError("n must be positive")
        return self.next64() % n  # bias below 2**-40 for any n we use

    def choice(self, items: Sequence[T]) -> T:
        return items[self.below(len(items))]

    def sample(self, items: Iterable[T], k: int) -> list[T]:
        pool = list(items)
        out: list[T] = []
        for _ in range(min(k, len(pool))):
            out.append(pool.pop(self.below(len(pool))))
        return out
