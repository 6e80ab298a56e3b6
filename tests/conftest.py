"""What every test shares: the Abu Dhabi rules (built once per run; a `Rules` never
changes, it only caches its answers), and the markers that say what a test needs, so
that `make test-fast` can leave out the slow kinds:

- `tui`: drives the Textual app (Pilot, snapshots);
- `subprocess`: starts processes (the `parley` command, a host, worker pools);
- `browser`: opens pages in headless Chromium;
- `slow`: takes seconds of computing (long simulations, many games).

A test module gets a marker from what it uses (read from its source once), or from
`SLOW`; a test may also carry one itself.

The quick modules (none of these markers) run last, each module whole and in its own
order, the others as collected: pytest-xdist hands the tests out in this order, a few
at a time (`--maxschedchunk` in pyproject.toml), so a run spread over processes ends
on hundreds of short tests that even the processes out, rather than on a walk through
the screens that one process finishes alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.content.loader import load_scenario_by_id
from game.engine.rules import Rules

# What a module's source says about what its tests need.
NEEDS = {
    "browser": ("chromium",),
    "subprocess": ("subprocess", "hostproc", "Popen", "ProcessPool", '"--workers"'),
    "tui": ("run_test(", "screenshots"),
}
# Modules of tests that compute for seconds though they need none of the above.
SLOW = frozenset({
    "test_ai.py", "test_ai_purpose.py", "test_save_damaged.py", "test_against_brute_force.py", "test_value_model.py",
    "test_no_internal_ids.py", "test_balance.py", "test_handouts.py", "test_property.py", "test_languages.py",
    "test_hostile.py", "test_codes.py", "test_save_crash_safety.py", "test_env.py",
})


@pytest.fixture(scope="session")
def rules() -> Rules:
    """The Abu Dhabi scenario's rules (a module may define its own `rules` for another scenario)."""
    return Rules(load_scenario_by_id("abu-dhabi"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    sources: dict[Path, str] = {}
    quick: dict[Path, bool] = {}
    for item in items:
        path = Path(str(item.fspath))
        if path not in sources:
            sources[path] = path.read_text(encoding="utf-8") if path.suffix == ".py" else ""
            quick[path] = True
        text = sources[path]
        for marker, needles in NEEDS.items():
            if any(needle in text for needle in needles):
                item.add_marker(marker)
                quick[path] = False
        if path.name in SLOW:
            item.add_marker("slow")
            quick[path] = False
    items.sort(key=lambda item: quick[Path(str(item.fspath))])  # stable: each module keeps its order
