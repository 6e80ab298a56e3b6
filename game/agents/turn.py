"""One decision of a computer delegation (`_Turn`): the numbers it works with on this
turn, what it proposes, accepts, rejects, the levers it pulls and when it walks out, and
the reason it gives, naming the event that moved what the decision reads (`_READS`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from game.agents.opponent import Item
from game.agents.valuation import (
    _active_lines,
    _cards_and_text,
    _progress,
    _Singles,
    _strength,
    _time_to_act,
)
from game.agents.voice import item as item_reference
from game.agents.voice import say
from game.content import models as cm
from game.engine import commands as C
from game.engine import events as E
from game.engine.appraise import RedLineJudge, score_parts
from game.engine.appraise import ViewFacts as _ViewFacts  # shared with the offer composer
from game.engine.conditions import Reads, holds, reads
from game.engine.views import CardView, LeverView, RedLineView, View

if TYPE_CHECKING:
    from game.agents.ai import AIAgent

# What each kind of decision reads, so that a reason names only an event that moved it:
# the strength of its hand and the time left set its demands and its pace; the text in
# force and its red lines decide what it can sign; a mediator's patience and its own score
# decide its levers.
_DEMAND = frozenset({"strength", "time", "text", "lines"})
_READS = {
    "propose_core": _DEMAND, "propose_technical": _DEMAND, "propose_bridge": _DEMAND, "counter": _DEMAND,
    "accept": _DEMAND, "accept_late": _DEMAND, "reject_cost": _DEMAND, "reject_soft": _DEMAND,
    "reject_red_line": frozenset({"text", "lines"}),
    "recess_time": frozenset({"strength", "time"}), "recess_strong": frozenset({"strength", "time"}),
    "recess_nothing": _DEMAND, "pass_wait": _DEMAND,
    "lever": frozenset({"score"}), "lever_strong": frozenset({"strength", "score"}),
    "lever_impatient": frozenset({"patience", "score"}),
    "walk_out": frozenset({"score", "strength", "time"}),
}
# What a scenario event can do that a delegation may see (each names its cause).
_CONSEQUENCES: Final = (  # a tuple, for `isinstance` (see `game.agents.opponent.TALK`)
    E.MeterChanged, E.FlagChanged, E.RedLineChanged, E.RoundMoved, E.RoundTurnsChanged,
    E.AgreementExpired, E.AgreementSuspended,
)


class _Turn:
    """One decision: the numbers the agent works with on this turn."""

    def __init__(self, agent: AIAgent, view: View):
        self.agent = agent
        self.view = view
        self.me = agent.delegation
        self.mine = view.private[self.me]
        agent.style = self.mine.style  # the scenario's style for this seat
        # What the cards and its red lines say changes seldom between turns: read once, kept while the same.
        # `text` is what is in force: what linkages and gains are read against.
        self.cards, self.text = agent.since_last("cards", view.cards, lambda: _cards_and_text(view.cards))
        self.lines_by_card, self.line_ids, self.linked, self.active_lines = agent.since_last(
            "red_lines", self.mine.red_lines, lambda: _active_lines(self.mine.red_lines)
        )
        self._facts: _ViewFacts | None = None
        self._judge: RedLineJudge | None = None
        self._achieved: _ViewFacts | None = None
        self._linkage_keys: dict[Reads, tuple] = {}
        self.valuation = agent.valuation(self.mine)
        self.total_weight = self.valuation.total_weight
        self.progress = _progress(view)
        self.card_stake = self.valuation.card_stake
        self._item_gain: dict[Item, float] = {}
        p = agent.preset
        self.demand = p.floor + (p.demand - p.floor) * (1 - self.progress ** (1 / p.shape))
        self.strength = _strength(view, self.me, agent.style.strength)  # 0 weak .. 1 strong, 0.5 unknown
        if self.demand > 0:
            self.demand *= 0.6 + 0.8 * self.strength
        self.cooperation = p.cooperation * (1.4 - 0.8 * self.strength)  # a strong hand drafts for itself

    # ---------------------------------------------------------------- valuation

    def item_gain(self, card: str, option: str) -> float:
        found = self._item_gain.get((card, option))
        if found is None:
            values = self.mine.values[card]
            current = self.text.get(card, self.cards[card].status_quo)
            found = self._item_gain[(card, option)] = (
                self.mine.weights[card] * (values[option] - values[current]) / self.total_weight
            )
        return found

    def gain(self, items: dict[str, str], crossed: list[RedLineView] | None = None) -> float:
        """Utility points `items` add for this delegation, soft red lines counted at their price."""
        total = sum(self.item_gain(card, option) for card, option in items.items())
        crossed = self.crossed(items) if crossed is None else crossed
        soft = sum(1 for line in crossed if not line.hard)
        return total - soft * self.agent.preset.soft_penalty

    def stake(self, items: dict[str, str]) -> float:
        """Utility points at stake on the cards of `items`: best against worst option."""
        return sum(self.card_stake[card] for card in items)

    def worth_it(self, items: dict[str, str], gain: float | None = None) -> bool:
        """Does `items` meet today's demand? A loss only ever passes once demand is below 0."""
        gain = self.gain(items) if gain is None else gain
        if gain <= 0 and self.demand >= 0:
            return False
        stake = self.stake(items)
        demand = self.demand
        if stake <= 0.5 * self.valuation.max_stake:  # a small, technical step
            demand *= self.agent.style.technical
        return gain >= demand * stake

    def crossed(self, items: dict[str, str]) -> list[RedLineView]:
        """Own active red lines that signing `items` would cross: the judgement every seat
        uses (`RedLineJudge`), the composer's included."""
        if self._judge is None:
            self._judge = RedLineJudge(self.view, self.me)
        return self._judge.crossed(items)

    def facts(self) -> _ViewFacts:
        if self._facts is None:
            self._facts = _ViewFacts(self.view, self.me, self.text)
        return self._facts

    def hard_crossed(self, items: dict[str, str]) -> list[RedLineView]:
        return [line for line in self.crossed(items) if line.hard]

    def others_wish(self, items: dict[str, str]) -> float:
        """How much the other parties seem to want `items` (the opponent model)."""
        model = self.agent.model
        if not model.score:
            return 0.0
        if len(items) == 1:
            (item,) = items.items()
            return sum(model.wish(d, item) for d in self.cards[item[0]].consent if d != self.me)
        needed = {d for card in items for d in self.cards[card].consent} - {self.me}
        return sum(model.wish(d, item) for d in needed for item in items.items())

    def focus(self, items: dict[str, str]) -> str:
        """The item that matters most to us, as a reference its reader names in words."""
        values = self.mine.values

        def weight(item: Item) -> float:
            card, option = item
            current = self.text.get(card, self.cards[card].status_quo)
            return abs(self.mine.weights[card] * (values[card][option] - values[card][current]))

        card, option = max(items.items(), key=weight)
        return item_reference(card, option)

    # ---------------------------------------------------------------- drafting

    def turned_down(self) -> tuple[set[Item], set[frozenset[Item]]]:
        """What was turned down since the situation last changed: the options a delegation
        whose consent their card needs refused on their own, and every refused package."""
        items, packages = set(), set()
        for who, text in self.agent.turned_down:
            packages.add(frozenset(text.items()))
            if len(text) == 1:
                (card, option), = text.items()
                if card in self.cards and who in self.cards[card].consent:
                    items.add((card, option))
        return items, packages

    def draft(self, exclude: dict[str, str] | None = None) -> tuple[dict[str, str], float] | None:
        """The package this delegation would put forward now, and its gain; None if nothing."""
        candidates: list[tuple[float, Item]] = []  # (-score, item): sorted, the best comes first
        epoch = (self.valuation, self.active_lines)  # what every card's kept scores rest on
        if self.agent.singles_epoch != epoch:
            self.agent.singles_epoch, self.agent.singles = epoch, {}
        refused_items, refused_packages = self.turned_down()
        for card in self.view.cards:
            if not card.open or card.id in self.text:
                continue
            singles = self.single_options(card)
            if exclude and card.id in exclude:
                singles = [single for single in singles if single[1][1] != exclude[card.id]]
            if refused_items:
                singles = [single for single in singles if single[1] not in refused_items]
            candidates += singles
        if not candidates:
            return None
        candidates.sort()  # ties by card and option id
        package = self.bundle(candidates, 0)
        if self.rng_float() < 0.2 and len(candidates) > 1:  # now and then, the second idea
            package = dict([candidates[1][1]])  # candidates never cross a hard line
        if frozenset(package.items()) in refused_packages:  # turned down, and nothing has changed since:
            for base in range(1, min(len(candidates), 8)):  # the next idea that was not
                package = self.bundle(candidates, base)
                if frozenset(package.items()) not in refused_packages:
                    break
            else:
                return None
        return package, self.gain(package)

    def bundle(self, candidates: list[tuple[float, Item]], base: int) -> dict[str, str]:
        """The package built on `candidates[base]`: the next few candidates added as
        sweeteners while each raises its score (none across a hard line)."""
        package = dict([candidates[base][1]])
        best = -candidates[base][0]
        for _, (card, option) in candidates[base + 1: base + 8]:
            if card in package or len(package) >= 3:
                continue
            if not self.sweetener(card, option):
                continue
            trial = {**package, card: option}
            crossed = self.crossed(trial)
            if any(line.hard for line in crossed):
                continue
            score = self.score(trial, crossed)
            if score > best + 0.05:
                package, best = trial, score
        return package

    def single_options(self, card: CardView) -> list[tuple[float, Item]]:
        """(-score, item) for each option of the unsigned `card` worth drafting on its own.

        Drafting asks this of every card on every turn, and between two turns most cards
        are untouched, so the parts of each score are kept while what they read stays the
        same: the valuation and its own active red lines (`draft` checks those once), what
        was heard or offered on the card (`AIAgent.touched`) and, where one of its red lines
        has a linkage, what that reads in the view; the blend is kept for each strength of
        the hand. What does not depend on what was heard (the gains
        net of red lines) is shared by every game (`_Valuation.standing`), and so are the
        scores of a card nothing has been heard or offered on yet (`_Valuation.pristine`)."""
        agent = self.agent
        touched = agent.touched.get(card.id, 0)
        read = self.linked.get(card.id)
        linkage = None if read is None else self.linkage_key(read)
        key = (touched, linkage)
        found = agent.singles.get(card.id)
        if found is None or found.key != key:
            standing = (card.id, self.line_ids.get(card.id, ()), linkage)
            if touched:
                found = _Singles(key, self._single_parts(card, standing))
            else:
                found = self.valuation.pristine(standing, lambda: _Singles(key, self._single_parts(card, standing)))
            agent.singles[card.id] = found
        scores = found.scores.get(self.strength)
        if scores is None:
            scores = found.scores[self.strength] = self._blend_singles(found.parts)
        return scores

    def linkage_key(self, read: Reads) -> tuple:
        """What the linkages on a card can read in this view (see `_ViewFacts`); the text
        they are read against is the text in force with one of the card's options."""
        found = self._linkage_keys.get(read)
        if found is None:
            facts = self.facts()
            found = self._linkage_keys[read] = (
                tuple(self.text.items()) if read.text else None,
                facts.date if read.date else None,
                facts.round_id if read.round else None,
                tuple(facts.flag(f) for f in read.flags),
                tuple(facts.meter(m) for m in read.meters),
                tuple((d, p.variants) for d, p in self.view.private.items()) if read.variants else None,
            )  # a view knows no end: `read.end` can change nothing
        return found

    def _standing(self, card: CardView) -> tuple[float, float, list[str], list[tuple[str, Item, float, float | None]]]:
        """(stake, bridge, the others who sign it, [(option, item, own gain, own gain net of
        soft red lines or None if it crosses a hard one)]) for the unsigned `card`."""
        others, bridge, options = self.valuation.card(card, self.me)
        penalty = self.agent.preset.soft_penalty
        lines = self.lines_by_card.get(card.id)
        standing = []
        for option, item, own in options:  # `own`: its gain against the status quo (the card is unsigned)
            net: float | None = own
            if lines:
                crossed = self.crossed({card.id: option})
                net = None if any(line.hard for line in crossed) else own - penalty * len(crossed)
            standing.append((option, item, own, net))
        return self.card_stake[card.id], bridge, others, standing

    def _single_parts(self, card: CardView, standing: tuple) -> tuple[float, float, list[tuple], frozenset[str]]:
        """(stake, bridge, [(option, item, own gain net of soft lines or None, others' wish,
        staleness)], the options that may sweeten a draft)."""
        model, mediator, offers = self.agent.model, self.agent.style.mediator, self.agent.own_offers
        stake, bridge, others, options = self.valuation.standing(standing, lambda: self._standing(card))
        wished = [model.score.get(d) or {} for d in others]
        parts: list[tuple[str, Item, float | None, float, float]] = []
        sweet = set()
        for option, item, own, net in options:
            wishes = [found.get(item, 0.0) for found in wished]
            if wishes and min(wishes) >= 0 and max(wishes) > 0:
                sweet.add(option)  # see `sweetener`
            if not mediator and own <= 0 and not any(w > 0 for w in wishes):
                parts.append((option, item, None, 0.0, 0.0))  # a loss for us that nobody has asked for
            elif net is None:
                parts.append((option, item, None, 0.0, 0.0))  # across a hard red line
            else:
                parts.append((option, item, net, sum(wishes), offers.get(item, 0) * stake))
        return stake, bridge, parts, frozenset(sweet)

    def _blend_singles(self, found: tuple) -> list[tuple[float, Item]]:
        stake, bridge, parts, _ = found
        return [
            (-self.blend(own, wish, stale, 0.0, stake, bridge), item)
            for option, item, own, wish, stale in parts
            if own is not None
        ]

    def sweetener(self, card: str, option: str) -> bool:
        """May (card, option) join a draft? Only as a trade: something another party has
        asked for, and nothing a party has turned down (no bundling of lost causes).
        Worked out with the card's single options (`_single_parts`): ask after those."""
        return option in self.agent.singles[card].parts[3]

    def score(self, items: dict[str, str], crossed: list[RedLineView] | None = None) -> float:
        """How good a draft `items` is: own gain, what the others seem to want, and
        freshness (an offer made again and again is worth less each time); small
        packages are easier to agree than large ones."""
        own = self.gain(items, crossed)
        offers = self.agent.own_offers
        stale = sum(offers.get(item, 0) * self.card_stake[item[0]] for item in items.items()) if offers else 0.0
        stake = self.stake(items)
        size = 0.15 * (len(items) - 1) * stake
        return self.blend(own, self.others_wish(items), stale, size, stake, self.bridge(items))

    def blend(self, own: float, wish: float, stale: float, size: float, stake: float, bridge: float) -> float:
        """The one formula behind every draft's score (see `score`)."""
        if self.agent.style.mediator:  # a mediator drafts for the others, with an eye on its own interests
            return 0.4 * own + self.cooperation * (wish + 0.5 * bridge) - 0.6 * stale - size
        # A strong hand asks on the big questions; a weak one looks for small steps.
        reach = 0.5 * (self.strength - 0.5) * stake
        return own + self.cooperation * wish - 0.6 * stale - size + reach

    def bridge(self, items: dict[str, str]) -> float:
        """A mediator's prior: small texts on cards everyone signs are easier to agree."""
        return 1.0 / len(items) + (0.5 if len(self.cards[next(iter(items))].consent) == 2 else 0.0)

    def core(self, items: dict[str, str]) -> bool:
        """Does `items` touch one of the three cards that weigh most for this delegation?"""
        return any(card in self.valuation.top3 for card in items)

    def rng_float(self) -> float:
        return self.agent.rng.next64() / 2**64

    # ---------------------------------------------------------------- the decision

    def decide(self) -> C.Command:
        table = self.view.table
        # the package on the table, when it waits for this delegation's answer
        answer = table if table is not None and self.me in table.needs and self.me not in table.accepted_by else None
        if not (answer is not None and self.worth_it(answer.items) and not self.hard_crossed(answer.items)):
            leave = self.maybe_walk_out()
            if leave is not None:
                return leave
        if answer is not None:
            return self.respond(answer.items, answer.id)
        if table is not None:
            return self.wait_or_press()
        return self.open_table()

    def respond(self, items: dict[str, str], package: int) -> C.Command:
        hard = self.hard_crossed(items)
        if hard:  # said in the table's words: the line's own label and explanation stay secret
            offending = {hard[0].card: items[hard[0].card]}
            return C.Reject(by=self.me, package=package, say=self.say("reject_red_line", focus=self.focus(offending)))
        if self.worth_it(items):
            key = "accept_late" if self.progress > 0.7 else "accept"
            return C.Accept(by=self.me, package=package, say=self.say(key, focus=self.focus(items)))
        if self.rng_float() < 0.5:  # half the time, a counter-proposal rather than a plain no
            draft = self.draft(exclude=items)
            if draft is not None and self.worth_it(draft[0], draft[1]):
                return C.Counter(by=self.me, items=draft[0], say=self.say("counter", focus=self.focus(draft[0])))
        soft = [line for line in self.crossed(items) if not line.hard]
        if soft:
            offending = {soft[0].card: items[soft[0].card]}
            return C.Reject(by=self.me, package=package, say=self.say("reject_soft", focus=self.focus(offending)))
        worst = min(items.items(), key=lambda item: self.gain(dict([item])))
        return C.Reject(by=self.me, package=package, say=self.say("reject_cost", focus=self.focus(dict([worst]))))

    def wait_or_press(self) -> C.Command:
        lever = self.maybe_lever()
        return lever or C.Pass(by=self.me, say=self.say("pass_table"))

    def open_table(self) -> C.Command:
        draft = self.draft()
        if draft is not None:
            items, gain = draft
            mediator = self.agent.style.mediator
            if self.worth_it(items, gain) or (mediator and gain >= -0.5 and self.others_wish(items) >= 0):
                key = "propose_bridge" if mediator else ("propose_core" if self.core(items) else "propose_technical")
                return C.Propose(by=self.me, items=items, say=self.say(key, focus=self.focus(items)))
        lever = self.maybe_lever()
        if lever is not None:
            return lever
        recess = self.agent.preset.recess
        if self.agent.style.plays_for_time and self.progress < 0.6:
            recess *= 1.0 + 2.0 * self.strength  # time is on our side while our hand is strong
        if self.rng_float() < recess:
            if not self.agent.style.plays_for_time:
                key = "recess_nothing"
            else:
                key = "recess_strong" if self.strength > 0.55 else "recess_time"
            return C.Recess(by=self.me, say=self.say(key))
        return C.Pass(by=self.me, say=self.say("pass_wait"))

    def walk_out_figures(self) -> tuple[float, float] | None:
        """(its score if it walked out now, the score it can expect if it stays to the end),
        from its own view; None while it has no trend to read (the first round). Leaving
        scores what it has now, without the objectives a walk-out forfeits. Staying scores
        what it has now at the end date, moved by its BATNA's trend (per round so far) over
        the rounds still to come, plus half of what the best package it could still
        propose would bring."""
        path = self.mine.batna_path
        if len(path) < 2:
            return None
        trend = (path[-1] - path[0]) / (len(path) - 1)
        rounds_left = sum(1 for r in self.view.rounds if r.status != "done" and r.start <= self.view.calendar_end)
        leave = score_parts(self.view, self.me, end=("walkout", self.me)).score
        stay = score_parts(self.view, self.me, end=("end_date", None)).score + trend * rounds_left
        draft = self.draft()
        if draft is not None:
            stay += 0.5 * max(0.0, draft[1])
        return leave, stay

    def maybe_walk_out(self) -> C.Command | None:
        """Walk out when staying looks worse for it than leaving, by more than its preset's
        margin (`walk_out_figures`); the reason says so in its own voice."""
        if self.agent.style.mediator:  # a mediator does not walk out (in Abu Dhabi, the mediation_suspended event ends its part)
            return None
        figures = self.walk_out_figures()
        if figures is None:
            return None
        leave, stay = figures
        if leave <= stay + self.agent.preset.walk_margin:
            return None
        return C.WalkOut(by=self.me, say=self.say("walk_out"))

    def maybe_lever(self) -> C.Command | None:
        """Now and then a lever, if one of those open to it is expected to help it: each is
        valued by what it does that this delegation can see (`lever_value`); one that is
        expected to hurt it, or to change nothing it can see, is left alone."""
        levers = [lv for lv in self.mine.levers if lv.available and lv.uses_left > 0]
        if not levers:
            return None
        chance = self.agent.preset.lever
        impatience = 0.0
        if self.agent.style.mediator:  # a mediator presses harder as its patience runs down
            patience = next((m for m in self.mine.meters if m.id == self.agent.style.patience), None)
            if patience is not None:
                impatience = (patience.max - patience.value) / max(patience.max - patience.min, 1)
                chance *= 1.0 + impatience
        useful = [(self.lever_value(lv), i, lv) for i, lv in enumerate(levers)]
        useful = [v for v in useful if v[0][0] > 0]
        if not useful:
            return None
        best = max(v[0][0] for v in useful)
        if self.rng_float() >= chance * min(3.0, 1.0 + best):  # the more it expects, the sooner it acts (up to 3x)
            return None
        (_, gain), _, lever = max(useful, key=lambda v: (v[0][0], -v[1]))  # the most useful; ties: the first
        if impatience > 0.5:  # the reason names what drove the move
            key = "lever_impatient"
        elif self.strength > 0.6:
            key = "lever_strong"
        else:
            key = "lever"
        return C.UseLever(by=self.me, lever=lever.id, say=self.say(key, label=f"lever:{self.me}.{lever.id}", gain=gain))

    def lever_value(self, lever: LeverView) -> tuple[float, str]:
        """What `lever` is expected to add to this delegation's own score, and the label of
        what it helps most: read from the lever's effects that its view shows (meters it can
        see, public flags, its own red lines) and the way its own score is counted. What a
        lever does to another delegation's hidden meters or red lines is not in the view."""
        scoring = self.mine.scoring
        if scoring is None:
            return 0.0, ""
        meters = {m.id: m for m in (*self.view.public_meters, *self.mine.meters)}
        moved: dict[str, float] = {}
        flags: dict[str, bool] = {}
        parts: list[tuple[float, str]] = []  # (points, what)
        for effect in lever.effects:
            match effect:
                case cm.ChangeMeter(meter=meter, delta=delta, set=absolute) if meter in meters:
                    m = meters[meter]
                    value = absolute if absolute is not None else moved.get(meter, m.value) + delta
                    moved[meter] = min(m.max, max(m.min, value))
                case cm.SetFlag(flag=flag, value=value):
                    flags[flag] = value
                case cm.ImposeRedLine() | cm.LiftRedLine():  # a line of its own: fewer or more texts it can sign
                    sign = -1 if isinstance(effect, cm.ImposeRedLine) else 1
                    parts.append((sign * self.agent.preset.soft_penalty, "words:our_red_lines"))
        for meter, value in moved.items():
            weight = scoring.meters.get(meter, 0.0)
            if weight:
                parts.append((weight * (value - meters[meter].value), f"meter:{meter}"))
            if meter in self.agent.style.keeps_engaged:
                # the mediator's patience staves off its turn: worth most when it runs low
                m = meters[meter]
                urgency = 1.0 if m.value <= m.min + 0.6 * (m.max - m.min) else 0.5
                parts.append((0.35 * urgency * (value - m.value), f"meter:{meter}"))
        if self.agent.style.mediator:
            press = self.pressure(lever)
            if press:
                parts.append((press, "words:moving_the_table"))
        if moved or flags:  # objectives that the changed flags and meters would meet or miss
            now, then = self.achieved_facts(), _WhatIf(self.view, self.me, self.achieved_facts().text, flags, moved)
            for objective in scoring.objectives:
                change = holds(objective.when, then) - holds(objective.when, now)
                if change:
                    parts.append((change * objective.points, f"objective:{self.me}.{objective.id}"))
        total = sum(points for points, _ in parts)
        helps = max(parts, default=(0.0, ""))  # the part that helps most names it in the reason
        return total, helps[1]

    PRESS = 60.0  # score points a mediator expects from moving a blocker's meter across its whole range

    def pressure(self, lever: LeverView, depth: int = 0) -> float:
        """What `lever` is worth to a mediator as pressure on whoever has been turning down
        its texts most: each visible meter of that delegation that the lever lowers, in
        proportion to its share of the refusals; a lever that opens another (a threat that
        makes sanctions possible) is worth half of what that one would be. Pressure needs
        time to work: in the last round it is worth the share of the round still to come."""
        blockers = {who: n for who, n in self.agent.blockers.items() if n > 0 and who != self.me}
        total = sum(blockers.values())
        if total < 1.0:
            return 0.0
        most = max(blockers.values())
        blockers = {who: n for who, n in blockers.items() if n == most}  # it presses the one that blocks most
        meters = {m.id: m for m in (*self.view.public_meters, *self.mine.meters)}
        value = 0.0
        for effect in lever.effects:
            match effect:
                case cm.ChangeMeter(meter=meter, delta=delta, set=absolute) if meter in meters:
                    who = meter.split(".", 1)[0]
                    m = meters[meter]
                    change = (absolute - m.value) if absolute is not None else delta
                    if who in blockers and change < 0:
                        value += blockers[who] / total * -change / max(m.max - m.min, 1) * self.PRESS
                case cm.SetFlag(flag=flag, value=True) if depth == 0:
                    for other in self.mine.levers:
                        needs = other.available_when
                        if other.id != lever.id and other.uses_left > 0 and needs is not None and flag in needs.flags_set:
                            value += 0.5 * self.pressure(other, depth + 1)
        return value * _time_to_act(self.view) if depth == 0 else value

    def achieved_facts(self) -> _ViewFacts:
        """The view read against what the talks have achieved (what scores count)."""
        if self._achieved is None:
            text = {
                c.id: c.signed.option for c in self.view.cards if c.signed is not None and not c.signed.suspended
            }
            self._achieved = _ViewFacts(self.view, self.me, text)
        return self._achieved

    # ---------------------------------------------------------------- what drove it

    def say(self, key: str, **fields: str | int | float) -> C.Phrase:
        """The reason for this decision. When an event the table heard since this
        delegation's last turn moved something this kind of decision reads (`_READS`), the
        reason names it: 'After "Pressure along the front", ...'."""
        reason = say(key, None, **fields)  # `inner` given, so that no field can be taken for it
        event = self.driving_event(_READS.get(key, frozenset()))
        if event is not None:
            return say("after_event", inner=reason, event=f"event:{event}")
        return reason

    def driving_event(self, reads: frozenset[str]) -> str | None:
        """The event heard since the last turn that moved most of what `reads` names;
        None if none moved any of it."""
        if not self.agent.news:
            return None
        heard = {f.id for f in self.view.fired}
        best, most = None, 0.01  # a meter must move at least a hundredth of its range
        for event, consequences in self.agent.news.items():
            weight = sum(self.weigh(c, reads) for c in consequences)
            if weight > most and event in heard:
                best, most = event, weight
        return best

    def weigh(self, consequence: E.Event, reads: frozenset[str]) -> float:
        """How much `consequence` moved what a decision reads: a meter by the share of its
        range it moved (or, for the meters its score counts, the points it moved it by, a
        tenth); the calendar, its red lines and the text in force count whole."""
        match consequence:
            case E.MeterChanged(meter=meter, delta=delta):
                weight = 0.0
                if ("strength" in reads and meter == self.agent.style.strength) or (
                    "patience" in reads and self.agent.style.mediator and meter == self.agent.style.patience
                ):
                    found = next((m for m in (*self.view.public_meters, *self.mine.meters) if m.id == meter), None)
                    weight += abs(delta) / (found.max - found.min) if found is not None else 0.0
                scoring = self.mine.scoring
                if "score" in reads and scoring is not None:
                    weight += abs(delta * (scoring.meters.get(meter, 0.0))) / 10
                return weight
            case E.RoundMoved() | E.RoundTurnsChanged():
                return 1.0 if "time" in reads else 0.0
            case E.AgreementExpired() | E.AgreementSuspended():
                return 1.0 if "text" in reads else 0.0
            case E.RedLineChanged():  # only its own reach it
                return 1.0 if "lines" in reads else 0.0
            case E.FlagChanged(flag=flag):
                lines, score = self.flags_read()
                return 1.0 if ("lines" in reads and flag in lines) or ("score" in reads and flag in score) else 0.0
        return 0.0

    def flags_read(self) -> tuple[frozenset[str], frozenset[str]]:
        """The flags its red lines' linkages read, and those its objectives read."""
        mine = self.mine

        def read() -> tuple[frozenset[str], frozenset[str]]:
            lines = reads(line.unless for line in mine.red_lines if line.active).flags
            score = reads(o.when for o in mine.scoring.objectives).flags if mine.scoring is not None else ()
            return frozenset(lines), frozenset(score)

        return self.agent.since_last("flags_read", (mine.red_lines, mine.scoring), read)

    def fallback(self) -> C.Command:
        table = self.view.table
        if table is not None and self.me in table.needs:
            return C.Reject(by=self.me, package=table.id, say=self.say("reject_cost", focus=self.focus(table.items)))
        return C.Pass(by=self.me, say=self.say("pass_wait"))


class _WhatIf(_ViewFacts):
    """The view as it would read with some flags and meters changed."""

    __slots__ = ("_flags",)

    def __init__(self, view: View, me: str, text: dict[str, str], flags: dict[str, bool], meters: dict[str, float]):
        super().__init__(view, me, text)
        self._flags = flags
        self._meters.update(meters)

    def flag(self, flag: str) -> bool | None:
        return self._flags[flag] if flag in self._flags else self.view.flags.get(flag)
