"""How the debrief words the log. `game.narrate.Narrator` words events for the
transcript and is used wherever it fits; this module words only what the debrief
needs said otherwise: red-line events, which the transcript tells in the second
person to their own delegation, facilitator commands (a line for each, whatever
its kind), and causes.
"""

from __future__ import annotations

from typing import Any

from game.engine.rules import Rules
from game.i18n import N_, _
from game.narrate import Narrator

# Events that never make a line of the timeline of their own: bookkeeping, meter
# and flag changes (told with the action behind them), and passes.
QUIET = frozenset({"game_started", "turn_ended", "date_advanced", "meter_changed", "flag_changed", "passed"})

# What a facilitator's command did, in its line of the timeline.
COMMANDS = {
    # Translators: what a facilitator's command did, in "Facilitator (pause): ..." at the debrief's timeline.
    "pause": N_("pause"),
    "resume": N_("resume"),
    "fire_event": N_("fire an event"),
    "move_round": N_("move the next round"),
    "change_turns": N_("change the turns"),
    "end_now": N_("end the game"),
    "inject": N_("inject news"),
    "reveal": N_("reveal hidden information"),
    "hand_seat": N_("hand over a seat"),
    "turn_timer": N_("set the turn timer"),
}

# A hard red line that blocked a delegation's own move, by the move it blocked.
BLOCKS = {
    "propose": N_("{who}'s hard red line \u201c{label}\u201d blocks its proposal: {items}."),
    "counter": N_("{who}'s hard red line \u201c{label}\u201d blocks its counter-proposal: {items}."),
    "accept": N_("{who}'s hard red line \u201c{label}\u201d blocks its acceptance: {items}."),
}
# Translators: {action} is the engine's name for the move (a code), for a move Parley has no sentence for.
BLOCKS_OTHER = N_("{who}'s hard red line \u201c{label}\u201d blocks its {action}: {items}.")


def command_name(kind: str) -> str:
    return _(COMMANDS[kind]) if kind in COMMANDS else kind.replace("_", " ")


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
        kind, _sep, ref = cause.partition(":")
        n = self.narrator
        if kind == "event" and ref in n.events:
            return _("the event \u201c{title}\u201d").format(title=n.events[ref].title)
        if kind == "lever":
            code, _sep, lever = ref.partition(".")
            found = n.levers.get(ref)
            return _("{who}'s lever \u201c{lever}\u201d").format(
                who=n.short(code), lever=found.label if found else lever)
        if kind == "red_line":
            return _("the red line \u201c{label}\u201d").format(label=self.red_line(ref))
        if kind == "facilitator":
            return _("the facilitator")
        if kind == "date":
            return _("the calendar ({date})").format(date=ref)
        return cause

    # ------------------------------------------------------------------ lines

    def line(self, event: Any) -> tuple[str, str] | None:
        """(kind, text) for an event in the debrief, or None for one it leaves unsaid."""
        n = self.narrator
        kind = getattr(event, "type", "")
        match kind:
            case "red_line_blocked":
                who, label, items = n.short(event.delegation), self.red_line(event.red_line), n.items(event.items)
                if event.action == "sign":
                    return "red_line", _(
                        "{who}'s hard red line \u201c{label}\u201d stops the signature of {items}."
                    ).format(who=who, label=label, items=items)
                template = _(BLOCKS[event.action]) if event.action in BLOCKS else _(BLOCKS_OTHER)
                return "red_line", template.format(who=who, label=label, items=items, action=event.action)
            case "soft_line_crossed":
                return "red_line", _(
                    "Signing package {number} crosses {who}'s soft red line \u201c{label}\u201d, at its cost."
                ).format(number=event.package, who=n.short(event.delegation), label=self.red_line(event.red_line))
            case "red_line_changed":
                owner = event.red_line.split(".", 1)[0]
                template = _("{who}'s red line \u201c{label}\u201d is now in force ({cause}).") if event.active else _(
                    "{who}'s red line \u201c{label}\u201d is lifted ({cause}).")
                return "red_line", template.format(
                    who=n.short(owner), label=self.red_line(event.red_line), cause=self.cause(event.cause))
        found = n.line(event)
        if found is not None:
            text = found.text
            if kind == "statement_made" and getattr(event, "pledge", None):
                text = _("{text} Pledge: {items}.").format(text=text, items=n.items(event.pledge))
            to = getattr(event, "to", ())
            if kind in ("event_fired", "message_sent") and to:
                text = _("{text} (to {whom} only)").format(text=text, whom=", ".join(n.short(d) for d in to))
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
            said.append(", ".join(f"{k} {v}" for k, v in fields.items()) or _("done."))
        return _("Facilitator ({command}): {what}").format(command=command_name(command.kind), what=" ".join(said))
