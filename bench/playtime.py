"""How long a game takes a newcomer, per game length (game.playtime's model over
simulated games), against the minutes the scenario states in the lobby."""

from __future__ import annotations

from game.content.loader import load_scenario_by_id
from game.engine.rules import Rules
from game.playtime import PACE, brief_seconds, tutorial_seconds, typical_minutes

GAMES = 36


def main() -> None:
    rules = Rules(load_scenario_by_id("abu-dhabi"))
    print(f"play time (newcomer's pace: {PACE}):")
    for length in rules.scenario.calendar.lengths:
        mean, sd = typical_minutes(rules, length.id, games=GAMES)
        stated = f"{length.minutes} min stated" if length.minutes else "no time stated"
        ratio = f", measured/stated {mean / length.minutes:.2f}" if length.minutes else ""
        print(f"  {length.id:<8} {mean:5.1f} min ± {sd:4.1f} over {GAMES} games ({stated}{ratio})")
    briefs = ", ".join(f"{d} {brief_seconds(rules, 1, d) / 60:.1f}" for d in rules.parties)
    print(f"  reading the brief (min): {briefs}")
    steps = tutorial_seconds()
    total = sum(steps.values()) / 60
    print(f"  coached tutorial (its key script, {PACE.key:g} s a key, {PACE.orient:g} s to find what a step "
          f"points at): {total:.1f} min, measured/10 min wanted {total / 10:.2f}")
    print("    " + " · ".join(f"{step} {seconds:.0f} s" for step, seconds in steps.items()))


if __name__ == "__main__":
    main()
