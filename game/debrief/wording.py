"""How the debrief words the log. `game.narrate.Narrator` words events for the
transcript and is used wherever it fits; this module words only what the debrief
needs said otherwise: red-line events, which the transcript tells in the second
person to their own delegation, facilitator commands (a line for each, whatever
its kind), and causes.
"""

from __future__ import annotations

from typing import Any

from game.engine.rules import Rules
from game.narrate import Narrator

# Events that never make a line of the timeline of their own: bookkeeping, meter
# and flag changes (told with the action behind them), and passes.
QUIET = frozenset({"game_started", "turn_ended", "date_advanced", "meter_changed", "flag_changed", "passed"})

COMMANDS = {
    "pause": "pause",
    "resume": "resume",
    "fire_event": "fire an event",
    "move_round": "move the next round",
    "change_turns": "change the turns",
    "end_now": "end the game",
    "inject": "inject news",
    "reveal": "reveal hidden information",
    "hand_seat": "hand over a seat",
    "turn_timer": "set the turn timer",
}

ACTIONS = {"propose": "proposal", "counter": "counter-proposal", "accept": "acceptance", "sign": "signature"}

def command_name(kind: str) -> str:
    return COMMANDS.get(kind, kind.replace("_", " "))


class Wording:
    """Lines of the debrief's timeline for one scenario."""

    def __init__(self, rules: Rules):
        self.rules = rules
        self.narrator = Narrator(rules.scenario)

    # ------------------------------------------------------------------ names

    def red_line(self, qid: str) -> str:
        found = self.rules.red_line_by_id.get(qid)
        return found[1].label if found else qid

    def cause(self, cause: str) -> str:
        """A logged cause ("event:round2_postponed", "lever:us.send_envoy",
        "red_line:ua.no_cession", "facilitator") for a reader."""
        kind, _, ref = cause.partition(":")
        n = self.narrator
        if kind == "event" and ref in n.events:
            return f"the event \u201c{n.events[ref].title}\u201d"
        if kind == "lever":
            code, _, lever = ref.partition(".")
            found = n.levers.get((code, lever))
            return f"{n.short(code)}'s lever \u201c{found.label if found else lever}\u201d"
        if kind == "red_line":
            return f"the red line \u201c{self.red_line(ref)}\u201d"
        if kind == "facilitator":
            return "the facilitator"
        if kind == "date":
            return f"the calendar ({ref})"
        return cause

    # ------------------------------------------------------------------ lines

    def line(self, event: Any) -> tuple[str, str] | None:
        """(kind, text) for an event in the debrief, or None for one it leaves unsaid."""
        n = self.narrator
        kind = getattr(event, "type", "")
        match kind:
            case "red_line_blocked":
                label = self.red_line(event.red_line)
                if event.action == "sign":
                    return "red_line", (
                        f"{n.short(event.delegation)}'s hard red line \u201c{label}\u201d stops the signature of "
                        f"{n.items(event.items)}."
                    )
                return "red_line", (
                    f"{n.short(event.delegation)}'s hard red line \u201c{label}\u201d blocks its "
                    f"{ACTIONS.get(event.action, event.action)}: {n.items(event.items)}."
                )
            case "soft_line_crossed":
                return "red_line", (
                    f"Signing package {event.package} crosses {n.short(event.delegation)}'s soft red line "
                    f"\u201c{self.red_line(event.red_line)}\u201d, at its cost."
                )
            case "red_line_changed":
                owner = event.red_line.split(".", 1)[0]
                state = "now in force" if event.active else "lifted"
                return "red_line", (
                    f"{n.short(owner)}'s red line \u201c{self.red_line(event.red_line)}\u201d is {state} "
                    f"({self.cause(event.cause)})."
                )
        found = n.line(event)
        if found is not None:
            text = found.text
            if kind == "statement_made" and getattr(event, "pledge", None):
                text += f" Pledge: {n.items(event.pledge)}."
            to = getattr(event, "to", ())
            if kind in ("event_fired", "message_sent") and to:
                text += f" (to {', '.join(n.short(d) for d in to)} only)"
            return ("move" if found.kind == "quiet" else found.kind), text  # a pass is left out; a time-out is a move
        return None

    def facilitator(self, command: Any, events) -> str:
        """One line for a facilitator command: what it was and what it caused."""
        said = []
        for event in events:
            if getattr(event, "type", "") in ("turn_ended", "date_advanced", "flag_changed"):
                continue
            found = self.line(event)
            if found is not None:
                said.append(found[1])
        if not said:  # a kind of command this module cannot word yet: its own fields
            fields = command.model_dump(mode="json", exclude={"kind", "by"}, exclude_none=True)
            said.append(", ".join(f"{k} {v}" for k, v in fields.items()) or "done.")
        return f"Facilitator ({command_name(command.kind)}): " + " ".join(said)
