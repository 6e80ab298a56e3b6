"""Computer delegations that negotiate like the parties whose seats they take.

An `AIAgent` sees only its own delegation's view and the transcript as that
delegation sees it. It knows its own valuations and red lines; it does not know
the others' valuations, red lines or hidden variants. It estimates them as a person
at the table would: what a delegation proposes it probably wants, what it rejects
it probably does not (`OpponentModel`).

How it decides, on its turn:
- its demand falls over the calendar, fast or slow by preset (a time-dependent
  concession curve: hard-liners concede late, deal-makers early). Demand is a share
  of what is at stake on the package's cards for this delegation, so a small,
  technical deal that is all gain (the energy pause for Moscow) passes where a
  package on the core questions must win a lot;
- a package on the table that crosses one of its hard red lines is rejected; one
  worth at least its demand is accepted; otherwise it counters with its own draft,
  or rejects;
- with an empty table it drafts a package: options it values, that its model says
  the others may accept, never across its own hard red lines, and proposes it if
  the draft meets its demand; otherwise it uses a lever, calls a recess, or passes.
  It does not offer again a package that was turned down, nor an option a delegation
  that must sign it refused on its own, until the situation changes (a scenario event,
  a new round, a signature, a red line moved): it offers its next idea instead;
- a lever is chosen for what it is expected to bring: each open lever is valued by
  what it does that this delegation's view shows (meters it can see, public flags, its
  own red lines) against the way its own score is counted; one expected to hurt it, or
  to change nothing it can see, is left alone;
- each seat plays in the style its scenario gives it (`game.content.models.Style`,
  read from its own view): in Abu Dhabi, Moscow and Kyiv both play for time and
  call recesses more often early on, and both are readier for small technical
  deals than for steps on the core questions; Washington mediates, drafting texts
  for the other two and pressing with its levers as its patience runs down.
Every decision carries a reason in the delegation's voice (`game.agents.voice`), built
from what drove it; when a scenario event it heard since its last turn moved what that
decision reads (the strength of its hand, the calendar, its red lines, the text in
force, its own score), the reason names the event.
All randomness comes from a generator seeded by the game seed, the preset and the
delegation: the same seed reproduces a game, two seeds differ.

The parts: `presets` (the presets), `opponent` (what it learns of the others),
`valuation` (the figures it reads from its view), `turn` (one decision and its reason);
this module holds the agent itself, which remembers the game between its turns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from game.agents.opponent import SITUATION_CHANGES, TALK, Item, OpponentModel, changes_situation
from game.agents.presets import DEFAULT_PRESETS, PRESETS
from game.agents.registry import Words, register
from game.agents.turn import _CONSEQUENCES, _Turn
from game.agents.valuation import _Singles, _Valuation
from game.content import models as cm
from game.engine import commands as C
from game.engine import events as E
from game.engine.core import Refusal
from game.engine.rng import Rng, derive
from game.engine.views import PrivateView, View
from game.i18n import N_


@register(
    "ai", Words(N_("Computer: preset drawn per game"), N_("computer, preset drawn per game"), N_("computer")),
    presets={  # in the order a seat offers them
        "pragmatist": Words(N_("Computer: pragmatist"), N_("computer, pragmatist"), N_("pragmatist")),
        "hardliner": Words(N_("Computer: hard-liner"), N_("computer, hard-liner"), N_("hardliner")),
        "dealmaker": Words(N_("Computer: dealmaker"), N_("computer, dealmaker"), N_("dealmaker")),
    },
)
class AIAgent:
    kind = "ai"

    def __init__(self, delegation: str, seed: int, preset: str | None = None):
        self.delegation = delegation
        if preset is None:
            preset = DEFAULT_PRESETS[derive(seed, "preset", delegation) % len(DEFAULT_PRESETS)]
        if preset not in PRESETS:
            raise ValueError(f"unknown preset '{preset}' (known: {', '.join(PRESETS)})")
        self.preset = PRESETS[preset]
        self.style = cm.Style()  # the scenario's, read from its view (`PrivateView.style`) at each turn
        self.rng = Rng(derive(seed, "agent", self.kind, preset, delegation))
        self.model = OpponentModel()
        self.own_offers: dict[Item, int] = defaultdict(int)
        self.touched: dict[str, int] = defaultdict(int)  # offers and answers heard, per card
        self._valuation: _Valuation | None = None
        self._seen: dict[str, tuple] = {}  # see `since_last`
        self.singles: dict[str, _Singles] = {}  # card -> its options scored: see `_Turn.single_options`
        self.singles_epoch: tuple | None = None  # the valuation and active red lines they were scored under
        self.news: dict[str, list[E.Event]] = {}  # events heard since its last turn -> what they did that it saw
        # Packages turned down since the situation last changed (a scenario event): who
        # turned each down, and its text. It does not offer them again until something changes.
        self.turned_down: list[tuple[str, dict[str, str]]] = []
        self.mine: set[int] = set()  # the packages it proposed
        # Who has been turning down its texts (halved each round): a mediator presses them.
        self.blockers: dict[str, float] = defaultdict(float)

    def valuation(self, mine: PrivateView) -> _Valuation:
        """The figures its own valuation gives, worked out again only when the valuation in
        its view changes (a card joins or leaves the table)."""
        found = self._valuation
        if found is None or found.values is not mine.values or found.weights is not mine.weights:
            found = self._valuation = _Valuation.of(self, mine.values, mine.weights, mine.off_table[1])
        return found

    def since_last(self, slot: str, part: object, build):
        """What `build` works out from `part` of the view, reused while that part is equal to
        the one seen on the last turn (views share unchanged parts, so this is quick to tell)."""
        found = self._seen.get(slot)
        if found is None or found[0] != part:
            found = self._seen[slot] = (part, build())
        return found[1]

    @property
    def label(self) -> str:
        return f"ai:{self.preset.name}"

    # ------------------------------------------------------------------ learning

    def observe(self, events: Sequence[E.Event]) -> None:
        for event in events:
            if not isinstance(event, TALK):  # what scenario events did it notes; the model learns from offers and answers
                if isinstance(event, E.EventFired):
                    self.news.setdefault(event.event, [])
                if isinstance(event, E.RoundStarted):
                    for who in self.blockers:
                        self.blockers[who] *= 0.5
                if isinstance(event, SITUATION_CHANGES):
                    if changes_situation(event):
                        self.turned_down = []  # something changed: what was turned down may pass now
                elif isinstance(event, _CONSEQUENCES) and event.cause.startswith("event:"):
                    self.news.setdefault(event.cause[6:], []).append(event)
                continue
            self.model.observe(event, self.delegation)
            if isinstance(event, E.PackageRejected):
                self.turned_down.append((event.by, dict(self.model.packages.get(event.package, {}))))
                if event.package in self.mine:
                    self.blockers[event.by] += 1.0
            if isinstance(event, E.PackageProposed) and event.by == self.delegation:
                self.mine.add(event.package)
            if event.by != self.delegation or isinstance(event, E.PackageProposed):
                for card in self.model.packages.get(event.package, ()):
                    self.touched[card] += 1  # what it learned or offered on this card may change its drafts
            if isinstance(event, E.PackageProposed) and event.by == self.delegation:
                for item in event.items.items():
                    self.own_offers[item] += 1

    # ------------------------------------------------------------------ deciding

    def decide(self, view: View, refused: Sequence[Refusal]) -> C.Command:
        turn = _Turn(self, view)
        # The engine said no (a card closed, a linkage we misread): do something safe.
        command = turn.fallback() if refused else turn.decide()
        self.news = {}  # heard and answered
        return command
