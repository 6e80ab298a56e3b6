"""What every benchmark prints: a figure, its unit, and its ratio to a target."""

from __future__ import annotations

import statistics
import time


def line(name: str, value: float, unit: str, target: float | None = None, higher_is_better: bool = True) -> None:
    text = f"{name:<44} {value:>12,.1f} {unit}"
    if target is not None:
        ratio = value / target if higher_is_better else target / value
        verdict = "meets target" if ratio >= 1 else "BELOW TARGET"
        sign = ">=" if higher_is_better else "<="
        text += f"   target {sign} {target:g} {unit}: {ratio:.2f}x, {verdict}"
    print(text)


def median_ms(run, repeats: int) -> float:
    """The median time of `repeats` calls of `run`, in milliseconds."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000
