"""The coach of the tutorial: the steps a newcomer takes at a first table, what each
asks for and why, and the check that the player did it.

The tutorial is the scenario `coached-tutorial` with the player at Kyiv's seat and
Moscow and Washington as `responder` delegations (they answer every package by its
worth to them and never propose), so every step below happens in every run:

1. read the brief (what you want, your red line, your BATNA);
2. draft a package on two cards;
3. propose it;
4. see it rejected, and read why (a package worth less to Moscow than no agreement);
5. try to cross your own red line, and be refused;
6. propose a card that needs a third delegation's consent;
7. see that package lapse: the round ends before Washington can answer;
8. see time move your BATNA between the sessions;
9. sign a package Moscow now accepts (Washington's deadline changed its sums);
10. read your score on the end screen.

The coach is pure: the screens tell it what the player did and what happened (the
player's own view of events), and it answers with the step to show, whether a key's
action is open now, and a hint for anything else. It reads no clock and draws nothing.
Its player-facing sentences are in `TEXT`, marked for translation and translated as
they are shown (`say`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from game.content.models import Coaching, Scenario
from game.engine import commands as C
from game.engine import events as E
from game.engine.appraise import appraise, score_parts
from game.engine.views import View
from game.i18n import N_, _, formats

SCENARIO = "coached-tutorial"
SEED = 0  # nothing in the tutorial is drawn; a fixed seed keeps its save-free games alike
RESPONDER = "responder"  # who plays the delegations the player does not


def seats(scenario: Scenario) -> dict[str, str]:
    """Who plays each delegation of the coached scenario: the player at its `coaching.seat`,
    responders at the others."""
    coaching = script(scenario)
    return {d: "person" if d == coaching.seat else RESPONDER for d in scenario.parties}


def script(scenario: Scenario) -> Coaching:
    """The coach's script data of `scenario` (its seat, first package, consent card...)."""
    if scenario.coaching is None:
        raise ValueError(f"scenario {scenario.id} has no coaching: the coach cannot run it")
    return scenario.coaching

# The table's actions open at every step (reading, the wait, leaving); any other action
# is open only at a step that names it (`Step.actions`), so an action added to the table
# later stays closed in the tutorial until a step opens it.
ALWAYS_OPEN = frozenset({"briefing", "skip", "transcript", "leave", "leave_tutorial"})


@dataclass(frozen=True)
class Step:
    id: str
    actions: frozenset[str] = frozenset()  # the game actions open at this step
    enter: bool = False  # Enter goes on, once the step is live
    waits: bool = False  # the step goes live only once something happens at the table


STEPS: tuple[Step, ...] = (
    Step("brief", enter=True),
    Step("draft", frozenset({"clear_draft"})),
    Step("propose", frozenset({"propose", "clear_draft"})),
    Step("rejected", enter=True, waits=True),
    Step("red_line", frozenset({"propose", "clear_draft"})),
    Step("consent", frozenset({"propose", "clear_draft"})),
    Step("lapse", enter=True, waits=True),
    Step("batna", enter=True),
    Step("sign", frozenset({"propose", "clear_draft", "draft_table"})),
    Step("wrap_up", frozenset({"propose", "pass_turn", "clear_draft", "draft_table"})),
    Step("score", enter=True),
)
INDEX = {step.id: i for i, step in enumerate(STEPS)}

# Every sentence the coach says. Per step: its title, what to do, why, and the hint for
# a key it does not expect; "wait" is shown while the step waits for the table. Numbers
# come in already written ({start}, {score}...: "17.5", "+25.0").
# The names of the tutorial's cards, options and delegations in these sentences (Energy strike
# pause, Two-week pause, The next round, Kyiv, Moscow...) are written as the coached-tutorial
# scenario's translation writes them.
TEXT: dict[str, dict[str, str]] = {
    "brief": {
        "title": N_("Read your brief"),
        "what": N_("Read Kyiv's brief: what you want, your red line, your BATNA. Arrow keys scroll; "
                   "Enter goes to the table. Esc leaves the tutorial, here and at the table."),
        "why": N_("Only you see this brief."),
        "hint": N_("Read the brief (arrow keys scroll it), then press Enter."),
    },
    "draft": {
        "title": N_("Draft a package on two cards"),
        # Translators: card and option names as the coached-tutorial scenario's translation writes them
        "what": N_("\u2191 \u2193 choose a card, \u2190 \u2192 an option: put an option on Energy strike pause "
                   "and on Prisoner exchange."),
        "why": N_("A give on one card can pay for a gain on another. The line under the cards shows each "
                  "option's value to you."),
        # Translators: card and option names as the coached-tutorial scenario's translation writes them
        "hint": N_("Put an option on Energy strike pause and on Prisoner exchange: \u2191 \u2193 card, "
                   "\u2190 \u2192 option."),
    },
    "propose": {
        "title": N_("Propose it"),
        "what": N_("Press p to put your draft on the table."),
        "why": N_("Your draft line says what signing it would add to your score. Moscow must agree too."),
        # Translators: card and option names as the coached-tutorial scenario's translation writes them
        "hint": N_("Press p to propose your draft: Energy strike pause and Prisoner exchange, nothing else."),
    },
    "rejected": {
        "title": N_("Rejected: read why"),
        "wait": N_("Moscow is weighing your package\u2026 (Space skips the wait)"),
        "what": N_("Moscow rejected it. Read its reason in the transcript (t goes there to scroll, t again comes "
                   "back), then press Enter."),
        "why": N_("A delegation signs only what beats no agreement, its BATNA. Your package gave Moscow less."),
        "hint": N_("Read Moscow's reason in the transcript, then press Enter."),
    },
    "red_line": {
        "title": N_("Try to cross your red line"),
        # Translators: card and option names as the coached-tutorial scenario's translation writes them
        "what": N_("Clear the draft (x), put only a Two-week pause on Energy strike pause, and propose it (p). "
                   "Note the \u2716 mark."),
        "why": N_("A hard red line cannot be crossed: the table refuses the package."),
        # Translators: card and option names as the coached-tutorial scenario's translation writes them
        "hint": N_("Draft a Two-week pause alone (x clears the draft), then press p."),
    },
    "consent": {
        "title": N_("Consent: who must agree"),
        # Translators: card and option names as the coached-tutorial scenario's translation writes them
        "what": N_("Clear the draft (x), put only The next round (any date) in it, and propose it (p). "
                   "Washington has no turn left in this session: answer y to send it anyway."),
        # Translators: card and option names as the coached-tutorial scenario's translation writes them
        "why": N_("A package is signed only when every delegation its cards need has accepted it (the line under "
                  "the cards says who). The next round needs {consent}."),
        # Translators: card and option names as the coached-tutorial scenario's translation writes them
        "hint": N_("Draft only The next round (x clears the draft), then press p and y."),
    },
    "lapse": {
        "title": N_("A package lapses"),
        "wait": N_("Moscow answers; the session is about to end\u2026 (Space skips the wait)"),
        "what": N_("Moscow accepted, but the session ended before Washington could: the package lapsed. "
                   "Press Enter."),
        "why": N_("Packages never carry over to the next round."),
        "hint": N_("Close the news if it is shown (Enter), then press Enter."),
    },
    "batna": {
        "title": N_("Time moves your BATNA"),
        "what": N_("Strikes hit your power grid between the sessions: your BATNA fell from {start} to "
                   "{now} (top lines). Press Enter."),
        "why": N_("With nothing signed, your score is how far your BATNA moved. Washington's deadline "
                  "gives Moscow a reason to sign now."),
        "hint": N_("Look at the BATNA figure in the top lines, then press Enter."),
    },
    "sign": {
        "title": N_("Reach a signature"),
        "wait": N_("Moscow is weighing your package\u2026 (Space skips the wait)"),
        "what": N_("Draft the energy pause and the prisoner exchange again, and propose a package Moscow "
                   "can accept now."),
        "why": N_("A deal is signed when it beats the BATNA of everyone who must consent."),
        # Translators: card and option names as the coached-tutorial scenario's translation writes them
        "again": N_("Moscow rejected it (see its reason). Try a Two-week pause with a Small exchange."),
        # Translators: card and option names as the coached-tutorial scenario's translation writes them
        "hint": N_("Draft Energy strike pause and Prisoner exchange (\u2191 \u2193 card, \u2190 \u2192 option), "
                   "then press p."),
    },
    "wrap_up": {
        "title": N_("Signed"),
        "what": N_("Part of the text is signed. Propose the rest, or pass (n) until the talks end."),
        "why": N_("The talks end when the whole text is signed or the calendar runs out."),
        "hint": N_("Propose another package (p), or pass (n) until the talks end."),
    },
    "score": {
        "title": N_("Your score"),
        "what": N_("Your score is {score}: the signed text is worth {agreements} to you over no "
                   "agreement, and your BATNA moved {moved}. Enter finishes the tutorial."),
        "what_none": N_("Nothing was signed: your score is {score}, how far your BATNA moved. "
                        "Enter finishes the tutorial."),
        "what_objectives": N_("Your score is {score}: the signed text is worth {agreements} to you over "
                              "no agreement, your BATNA moved {moved}, and your objectives add {objectives}. "
                              "Enter finishes the tutorial."),
        "what_none_objectives": N_("Nothing was signed: your score is {score}: your BATNA moved {moved}, "
                                   "and your objectives add {objectives}. Enter finishes the tutorial."),
        "why": N_("Above zero, you ended better off than your BATNA at the start. d opens the debrief."),
        "hint": N_("Press Enter to finish the tutorial (d opens the debrief first)."),
    },
    "coach": {
        "step": N_("Step {number} of {total}"),
        # Translators: card and option names as the coached-tutorial scenario's translation writes them
        "not_first": N_("Your package must hold Energy strike pause and Prisoner exchange, and nothing else."),
        # Translators: card and option names as the coached-tutorial scenario's translation writes them
        "no_red_line": N_("This package does not cross your red line: draft a Two-week pause on its own."),
        # Translators: card and option names as the coached-tutorial scenario's translation writes them
        "not_consent": N_("Draft only The next round this time (x clears the draft)."),
        "dialog": N_("This window waits for one of its keys: {keys}."),
        "brief_again": N_("Enter (or Esc) closes the brief and takes you back to the table."),
        "in_transcript": N_("You are in the transcript (arrows scroll it): t takes you back to the cards."),
        "done": N_("Tutorial complete. Choose a scenario and the seats in the lobby; g starts a game of your own."),
        "left": N_("You left the tutorial. t in the lobby starts it again."),
    },
}
TOTAL = len(STEPS) - 1  # "wrap_up" is a step only when a text is signed but the talks go on


def say(key: str, field: str, **values: object) -> str:
    """The coach's sentence `field` of `key`, in the player's language, with `values` filled in."""
    return _(TEXT[key][field]).format(**values)


_number, _signed = formats.fixed, formats.signed  # figures as the coach writes them: "17.5", "+25.0"


@dataclass(frozen=True)
class Shown:
    """What the coach panel shows: the step, what to do, why, and the last hint."""

    progress: str
    title: str
    what: str
    why: str
    hint: str


class Coach:
    def __init__(self, coaching: Coaching) -> None:
        self.coaching = coaching
        self.seat = coaching.seat
        self.index = 0
        self.live = True
        self.rejected_again = False  # in "sign": a package of the second session was turned down
        self.hint = ""
        self.finished = False
        self.left = False

    # ------------------------------------------------------------------ reading

    @property
    def step(self) -> Step:
        return STEPS[self.index]

    def allows(self, action: str) -> bool:
        """Whether a table action is open at this step: those of `ALWAYS_OPEN`, and the
        step's own once it is live; Enter ("coach_next") once a step that goes on with it
        is live."""
        if action == "coach_next":
            return self.step.enter and self.live and not self.finished
        if action in ALWAYS_OPEN:
            return True
        return action in self.step.actions and self.live

    def shown(self, view: View) -> Shown:
        step = self.step
        text = TEXT[step.id]
        number = min(self.index, INDEX["wrap_up"]) + 1
        what = _(text["wait"]) if not self.live else self._what(view)
        if step.id == "sign" and self.rejected_again and self.live:
            what = _(text["again"])
        return Shown(
            progress=say("coach", "step", number=number, total=TOTAL),
            title=_(text["title"]),
            what=what,
            why=self._why(view) if self.live else "",  # the why follows what happened: not before it did
            hint=self.hint,
        )

    def _what(self, view: View) -> str:
        step = self.step.id
        if step == "batna":
            parts = score_parts(view, self.seat)
            return say(step, "what", start=_number(parts.status_quo), now=_number(parts.batna))
        if step == "score":
            parts = score_parts(view, self.seat)
            key = "what" if any(c.signed is not None for c in view.cards) else "what_none"
            if parts.objectives:
                key += "_objectives"
            return say(step, key, score=_signed(parts.score), agreements=_signed(parts.agreements),
                       moved=_signed(parts.moved), objectives=_signed(parts.objectives))
        return say(step, "what")

    def _why(self, view: View) -> str:
        if self.step.id == "consent":
            names = {d.code: d.short for d in view.delegations}
            card = next((c for c in view.cards if c.id == self.coaching.consent_card), None)
            consent = ", ".join(names[d] for d in card.consent) if card is not None else ""
            return say("consent", "why", consent=consent)
        return say(self.step.id, "why")

    # ------------------------------------------------------------------ what the player did

    def unexpected(self, dialog_keys: str | None = None) -> str:
        """The hint for a key the coach does not expect: in a dialog (`dialog_keys`, the
        keys it shows), those keys; at the table, what this step asks for."""
        if dialog_keys:
            self.hint = say("coach", "dialog", keys=dialog_keys)
        elif not self.live:
            self.hint = say(self.step.id, "wait")
        else:
            self.hint = say(self.step.id, "hint")
        return self.hint

    def brief_closed(self) -> None:
        if self.step.id == "brief":
            self._next()

    def drafted(self, draft: dict[str, str]) -> None:
        if self.step.id == "draft" and all(card in draft for card in self.coaching.first):
            self._next()

    def check(self, command: C.Command, view: View) -> str | None:
        """None if `command` is what this step asks for; otherwise the hint (and the
        command is not sent)."""
        step = self.step.id
        kind = {C.Propose: "propose", C.Counter: "counter", C.Pass: "pass_turn"}.get(type(command))
        hint = None
        if kind is None or not self.allows(kind):
            hint = say(step, "hint")
        elif not isinstance(command, (C.Propose, C.Counter)):
            pass  # a pass, where this step allows one: nothing more to check
        elif step == "propose" and set(command.items) != set(self.coaching.first):
            hint = say("coach", "not_first")
        elif step == "red_line" and not appraise(view, self.seat, command.items).hard:
            hint = say("coach", "no_red_line")
        elif step == "consent" and set(command.items) != {self.coaching.consent_card}:
            hint = say("coach", "not_consent")
        self.hint = hint or ""
        return hint

    def took(self, command: C.Command, refusal) -> None:
        """The player's command went through (`refusal` None) or was refused."""
        step = self.step.id
        self.hint = ""
        if refusal is not None:
            if step == "red_line" and refusal.code == "red_line":
                self._next()
            return
        if isinstance(command, (C.Propose, C.Counter)):
            if step in ("propose", "consent"):
                self._next(live=False)
            elif step == "sign":
                self.live = False

    def saw(self, events: Iterable[E.Event], view: View) -> None:
        """Events of the game, as the player's seat sees them."""
        for event in events:
            step = self.step.id
            if step == "rejected" and isinstance(event, E.PackageRejected):
                self.live = True
            elif step == "lapse" and isinstance(event, E.PackageLapsed):
                self.live = True
            elif step == "sign" and isinstance(event, E.PackageRejected):
                self.live, self.rejected_again = True, True
            elif step == "sign" and isinstance(event, E.AgreementSigned):
                self._next()
        if view.end is not None and self.index < INDEX["score"]:
            self.index, self.live = INDEX["score"], True

    def enter(self) -> bool:
        """Enter, at a step that goes on with it: True if it went on."""
        if not self.allows("coach_next"):
            return False
        if self.step.id == "score":
            self.finished = True
        else:
            self._next()
        return True

    def _next(self, live: bool | None = None) -> None:
        self.hint = ""
        if self.index < len(STEPS) - 1:
            self.index += 1
        self.live = (not self.step.waits) if live is None else live
