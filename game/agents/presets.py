"""The computer delegations' presets (`ai:hardliner`, `ai:pragmatist`, `ai:dealmaker`):
how much a package must win, how fast that demand falls over the calendar, how far a
delegation drafts for the others, and how readily it calls a recess, uses a lever or
walks out. Plain `ai` draws one per game from the seed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    name: str
    demand: float  # share of what is at stake a package must win at the start of the talks
    floor: float  # ... and at the very end (below 0: ready to give a little for a deal)
    shape: float  # < 1 concedes late (boulware), > 1 early (conceder)
    soft_penalty: float  # utility points a soft red line is worth to this delegation
    cooperation: float  # weight of the others' estimated wishes when drafting
    recess: float  # chance of a recess on a turn with nothing worth doing
    lever: float  # chance of using an available lever on such a turn
    walk_margin: float = 0.0  # score points staying must look worse by before it walks out


PRESETS: dict[str, Preset] = {
    "hardliner": Preset("hardliner", demand=0.85, floor=0.3, shape=0.35, soft_penalty=8.0,
                        cooperation=0.3, recess=0.12, lever=0.30, walk_margin=0.5),
    "pragmatist": Preset("pragmatist", demand=0.55, floor=0.05, shape=1.0, soft_penalty=4.0,
                         cooperation=0.7, recess=0.06, lever=0.20, walk_margin=2.0),
    "dealmaker": Preset("dealmaker", demand=0.3, floor=-0.1, shape=2.5, soft_penalty=2.0,
                        cooperation=1.2, recess=0.02, lever=0.12, walk_margin=4.0),
}
DEFAULT_PRESETS = tuple(PRESETS)  # `ai` without a preset draws one of these per game
