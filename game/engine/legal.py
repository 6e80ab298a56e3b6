"""What a seat may do now: the commands the rules would take from it.

`legal_actions(rules, state, seat)` reads the same conditions `core.step` checks (whose
turn it is, the package on the table, the cards still open, the seat's own hard red
lines, its levers), so an agent chooses among moves the engine accepts instead of
finding them by refusal. A test holds it to the engine: every command it lists is
accepted by `step`, and commands it leaves out are refused.

A package names one option (never the status quo) on one or more open cards. Packages
are too many to list (each card multiplies them), so `packages()` yields them one at a
time, the smallest first. A statement is free text: `can_speak` says whether the table
takes one now. For the facilitator, `moves` holds the steering commands that need no
free text or number (pause or resume, fire an event, reveal, end the game).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from game.engine import commands as C
from game.engine.core import whose_turn
from game.engine.rules import Rules
from game.engine.state import GameState
from game.engine.views import FACILITATOR


@dataclass(frozen=True)
class LegalActions:
    seat: str
    moves: tuple[C.Command, ...]  # every command but packages and statements: each is accepted now
    options: Mapping[str, tuple[str, ...]]  # card -> the options a package may name now, in card order
    proposal: str | None  # "propose" (the table is empty), "counter" (a package is on it), or None
    can_speak: bool  # a statement would be taken now
    rules: Rules = field(repr=False, compare=False)
    state: GameState = field(repr=False, compare=False)

    def packages(self, max_cards: int | None = None) -> Iterator[dict[str, str]]:
        """Every package the seat may put on the table now (none if it may not), by number
        of cards, then in card and option order; at most `max_cards` cards each."""
        if self.proposal is None:
            return
        cards = list(self.options)
        table = self.state.table.as_dict if self.state.table is not None else None
        top = len(cards) if max_cards is None else min(max_cards, len(cards))
        for size in range(1, top + 1):
            for chosen in itertools.combinations(cards, size):
                for picked in itertools.product(*(self.options[c] for c in chosen)):
                    items = dict(zip(chosen, picked))
                    if items == table:  # a counter must change something
                        continue
                    if not any(line.hard for _qid, line in self.rules.crossed(self.state, self.seat, items)):
                        yield items

    def allows(self, command: C.Command) -> bool:
        """Whether the rules take `command` now (a statement: whether one may be made)."""
        if isinstance(command, C.Statement):
            return self.can_speak and command.by == self.seat
        if isinstance(command, (C.Propose, C.Counter)):
            if command.by != self.seat or command.kind != self.proposal:
                return False
            items = command.items
            if any(option not in self.options.get(card, ()) for card, option in items.items()):
                return False
            if self.state.table is not None and items == self.state.table.as_dict:
                return False
            return not any(line.hard for _qid, line in self.rules.crossed(self.state, self.seat, items))
        if isinstance(command, (C.Accept, C.Reject)) and command.package is None:
            command = command.model_copy(update={"package": self.state.table.id if self.state.table else None})
        return any(command.model_dump(exclude={"reason", "say"}) == move.model_dump(exclude={"reason", "say"})
                   for move in self.moves)

    def commands(self, max_cards: int | None = None) -> Iterator[C.Command]:
        """The moves, then a command for each package (`packages`)."""
        yield from self.moves
        kind = C.Counter if self.proposal == "counter" else C.Propose
        for items in self.packages(max_cards):
            yield kind(by=self.seat, items=items)


def legal_actions(rules: Rules, state: GameState, seat: str) -> LegalActions:
    """What `seat` (one of the scenario's delegations, or the facilitator) may do now."""
    if seat == FACILITATOR:
        return LegalActions(seat, _facilitator_moves(rules, state), {}, None, False, rules, state)
    if seat not in rules.parties:
        raise ValueError(f"unknown seat {seat!r}: one of {', '.join((*rules.parties, FACILITATOR))}")
    if state.phase != "in_round" or state.paused or whose_turn(rules, state) != seat:
        return LegalActions(seat, (), {}, None, False, rules, state)
    moves: list[C.Command] = []
    table = state.table
    if table is not None and seat in rules.consent_needed(table.as_dict):
        crossed = rules.crossed(state, seat, table.as_dict)
        if seat not in table.accepted and not any(line.hard for _qid, line in crossed):
            moves.append(C.Accept(by=seat, package=table.id))
        moves.append(C.Reject(by=seat, package=table.id))
    for lever in rules.levers[seat].values():
        qid = f"{seat}.{lever.id}"
        if state.lever_uses.get(qid, 0) < lever.uses and (
            lever.available_when is None or rules.holds(lever.available_when, state)
        ):
            moves.append(C.UseLever(by=seat, lever=lever.id))
    moves += [C.Recess(by=seat), C.WalkOut(by=seat), C.Pass(by=seat)]
    return LegalActions(
        seat, tuple(moves), _open_options(rules, state, seat), "propose" if table is None else "counter",
        not state.spoke_this_turn, rules, state,
    )


def _open_options(rules: Rules, state: GameState, seat: str) -> dict[str, tuple[str, ...]]:
    """Card -> the options a package may name: cards at the table, not signed, not closed;
    options other than the status quo, less those a hard red line of the seat's rules
    out whatever else the package says (an active line with no linkage)."""
    in_force = state.in_force()
    ruled_out: dict[str, set[str]] = {}
    for qid, line in rules.red_lines[seat]:
        if line.hard and line.unless is None and rules.red_line_active(state, qid):
            ruled_out.setdefault(line.forbid.card, set()).update(line.forbid.options)
    out: dict[str, tuple[str, ...]] = {}
    for card in rules.card_order:
        if card not in state.cards or card in in_force or rules.card_closed(state, card):
            continue
        options = tuple(o for o in rules.proposable[card] if o not in ruled_out.get(card, ()))
        if options:
            out[card] = options
    return out


def _facilitator_moves(rules: Rules, state: GameState) -> tuple[C.Command, ...]:
    if state.phase in ("setup", "ended"):
        return ()
    moves: list[C.Command] = [C.Resume() if state.paused else C.Pause()]
    moves += [C.FireEvent(event=event) for event in rules.events]
    hidden = [d for d in rules.parties if d not in state.revealed]
    if hidden:
        moves += [C.Reveal(delegation=d) for d in hidden] + [C.Reveal()]
    moves.append(C.EndNow())
    return tuple(moves)
