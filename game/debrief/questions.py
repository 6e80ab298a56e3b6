"""Discussion questions drawn from what happened in one game.

Each rule below looks for one kind of fact in the debrief (a card signed while
another never was, a postponed round, a soft red line crossed, a package turned
down that was worth more than a BATNA, a statement the same delegation later went
against, a hard red line that blocked offers, value left on the table, the
facilitator stepping in, how the game ended) and, when it finds one, asks about
it, citing the facts. The questions ask why and what changed; they assign no
motive and take no side. General questions (concessions, the hidden readings, the
scores, the BATNAs) fill up to six, so that there are always at least four.
"""

from __future__ import annotations

from collections import Counter

from game.debrief.layout import day, delta, fixed, short_round
from game.debrief.model import Debrief, Question
from game.i18n import N_, _, ngettext

MOST = 8
LEAST = 4


def _signed_and_not(db: Debrief) -> Question | None:
    signed = {s.card for s in db.signed}
    open_cards = [c for c in db.cards if c.id not in signed and c.offered]
    never = max(open_cards, key=lambda c: (c.comprehensive, c.offered), default=None)
    if db.signed:
        first = db.signed[0]
        if never is None:
            return None
        return Question(
            text=_("{signed} was signed in {round} and {never} never was: why?").format(
                signed=first.title, round=short_round(db, first.round), never=never.title),
            facts=(
                _("Signed on {date}: {card}: {option} (package {package}).").format(
                    date=day(first.date), card=first.title, option=first.label, package=first.package),
                ngettext("{card} was put on the table in {count} package and never signed.",
                         "{card} was put on the table in {count} packages and never signed.",
                         never.offered).format(card=never.title, count=never.offered),
            ),
        )
    offers = sum(1 for e in db.timeline if e.kind == "offer")
    if not offers:
        return Question(
            text=_("No package was put on the table: what held the delegations back?"),
            facts=(ngettext("{count} turn was taken and no package was proposed.",
                            "{count} turns were taken and no package was proposed.",
                            db.turns).format(count=db.turns),),
        )
    return Question(
        text=ngettext("{count} package was proposed and none was signed: what stood in the way?",
                      "{count} packages were proposed and none was signed: what stood in the way?",
                      offers).format(count=offers),
        facts=tuple(
            ngettext("{card} was put on the table in {count} package.",
                     "{card} was put on the table in {count} packages.",
                     c.offered).format(card=c.title, count=c.offered)
            for c in sorted(db.cards, key=lambda c: -c.offered)[:3] if c.offered
        ),
    )


def _postponed(db: Debrief) -> Question | None:
    move = next((m for m in db.moves if m.days > 0), None)
    if move is None:
        return None
    if move.cause == "facilitator":
        text = ngettext("{round} was postponed by {days} day by the facilitator: what did that change?",
                        "{round} was postponed by {days} days by the facilitator: what did that change?", move.days)
    else:
        text = ngettext("{round} was postponed by {days} day after {cause}: what did that change?",
                        "{round} was postponed by {days} days after {cause}: what did that change?", move.days)
    return Question(
        text=text.format(round=short_round(db, move.round), days=move.days, cause=move.cause_label),
        facts=(
            _("On {date} ({during}), {round} was moved to start on {start} ({cause}).").format(
                date=day(move.date), during=short_round(db, move.during), round=move.label, start=day(move.start),
                cause=move.cause_label),
        ),
    )


def _soft_line(db: Debrief) -> Question | None:
    touch = next((t for t in db.red_lines if t.what == "crossed"), None)
    if touch is None:
        return None
    costs = ", ".join(f"{c.label} {delta(c.delta)}" for c in touch.costs) or _("no change in its meters")
    return Question(
        text=_(
            "{who} crossed its soft red line \u201c{label}\u201d on {card} at a cost of {costs}: was it worth it?"
        ).format(who=db.name(touch.delegation), label=touch.label, card=touch.title, costs=costs),
        facts=(
            _("Package {package} signed in {round} ({date}) put \u201c{option}\u201d on {card}.").format(
                package=touch.package, round=short_round(db, touch.round), date=day(touch.date),
                option=touch.option_label, card=touch.title),
        ),
    )


def _rejected(db: Debrief) -> Question | None:
    above = [r for r in db.rejections if r.worth > 0 and not r.blocked]
    if not above:
        return None
    r = max(above, key=lambda r: (r.worth, -r.index))
    return Question(
        text=_(
            "Package {package} was rejected by {who} although signing it would have raised their score: why?"
        ).format(package=r.package, who=db.name(r.by)),
        facts=(
            _("Proposed by {proposer} in {round}: {items}.").format(
                proposer=db.name(r.proposer), round=short_round(db, r.round), items=r.items),
            _("Signing it then would have changed {who}'s score by {worth} (to {score}); the signed text would then "
              "have been worth {utility} to them against a BATNA of {batna}.").format(
                who=db.name(r.by), worth=fixed(r.worth, 1, True), score=fixed(r.score_then, 1, True),
                utility=fixed(r.utility), batna=fixed(r.batna)),
        ),
    )


# A delegation that took a position and later moved against it: by whether the position
# was a pledge, and by the move.
CONTRADICTIONS = {
    (True, "propose"): N_("{who} took a position on {card} in a pledge and later proposed a package that went "
                          "against it: how did the others read that?"),
    (True, "counter"): N_("{who} took a position on {card} in a pledge and later put forward in a counter-proposal a "
                          "package that went against it: how did the others read that?"),
    (True, "accept"): N_("{who} took a position on {card} in a pledge and later accepted a package that went "
                         "against it: how did the others read that?"),
    (False, "propose"): N_("{who} took a position on {card} in a statement and later proposed a package that went "
                           "against it: how did the others read that?"),
    (False, "counter"): N_("{who} took a position on {card} in a statement and later put forward in a "
                           "counter-proposal a package that went against it: how did the others read that?"),
    (False, "accept"): N_("{who} took a position on {card} in a statement and later accepted a package that went "
                          "against it: how did the others read that?"),
}


def _contradiction(db: Debrief) -> Question | None:
    c = next((c for c in db.commitments if c.contradicted_by), None)
    if c is None:
        return None
    move = c.contradicted_by[0]
    stance = _("for \u201c{option}\u201d") if c.stance == "for" else _("against \u201c{option}\u201d")
    return Question(
        text=_(CONTRADICTIONS[c.explicit, move.kind]).format(who=db.name(c.delegation), card=c.title),
        facts=(
            _("{round}: {who} said \u201c{statement}\u201d ({position}).").format(
                round=short_round(db, c.round), who=db.name(c.delegation), statement=c.statement,
                position=stance.format(option=c.label)),
            _("{round}: package {package} with \u201c{option}\u201d on {card}.").format(
                round=short_round(db, move.round), package=move.package, option=move.option_label, card=c.title),
        ),
    )


# A move blocked by a delegation's own hard red line, by the move.
BLOCKED = {
    "propose": N_("{round}: propose with \u201c{option}\u201d on {card}."),
    "counter": N_("{round}: counter with \u201c{option}\u201d on {card}."),
    "accept": N_("{round}: accept with \u201c{option}\u201d on {card}."),
    "sign": N_("{round}: sign with \u201c{option}\u201d on {card}."),
    None: N_("{round}: a move with \u201c{option}\u201d on {card}."),
}
# Translators: {action} is the engine's name for a move Parley has no sentence for.
BLOCKED_OTHER = N_("{round}: {action} with \u201c{option}\u201d on {card}.")


def _blocked(db: Debrief) -> Question | None:
    blocks = Counter((t.delegation, t.label) for t in db.red_lines if t.what == "blocked")
    if not blocks:
        return None
    (code, label), times = blocks.most_common(1)[0]
    return Question(
        text=ngettext(
            "{who}'s own hard red line \u201c{label}\u201d blocked {count} of its moves: what did the others know of "
            "where that line ran?",
            "{who}'s own hard red line \u201c{label}\u201d blocked {count} of its moves: what did the others know of "
            "where that line ran?", times).format(who=db.name(code), label=label, count=times),
        facts=tuple(
            _(BLOCKED.get(t.action or None, BLOCKED_OTHER)).format(
                round=short_round(db, t.round), action=t.action, option=t.option_label, card=t.title)
            for t in db.red_lines if t.what == "blocked" and (t.delegation, t.label) == (code, label)
        )[:3],
    )


def _left_on_table(db: Debrief) -> Question | None:
    gaps = [g for g in db.left_on_table if g.nash is not None and g.nash != g.achieved]
    if not gaps or db.standing.distance_to_nash is None:
        return None
    gap = max(gaps, key=lambda g: sum(g.to_nash.values()))
    gains = ", ".join(f"{db.name(d)} {fixed(v, 1, True)}" for d, v in gap.to_nash.items())
    facts = [
        _("On that card alone the change is worth: {gains} (utility points).").format(gains=gains),
        _("Valued as if signed at the start, the text achieved lies {distance} score points from the signable Nash "
          "point.").format(distance=fixed(db.standing.distance_to_nash)),
        _("The signable Nash point crosses no hard red line of a delegation whose consent it needs: it could have "
          "been signed."),
    ]
    if gap.nash_crosses:
        facts.append(_("That option crosses soft red lines, at their cost: {lines}.").format(
            lines="; ".join(gap.nash_crosses)))
    return Question(
        text=_("At the signable Nash point {card} would read \u201c{nash}\u201d instead of \u201c{achieved}\u201d: "
               "what kept the table from it?").format(card=gap.title, nash=gap.nash_label, achieved=gap.achieved_label),
        facts=tuple(facts),
    )


def _facilitator(db: Debrief) -> Question | None:
    first_move = next((e.index for e in db.timeline if e.actor in db.names), None)  # a delegation's move
    steps = [
        e for e in db.timeline if e.kind == "facilitator" and e.actor == "facilitator"
        # a turn timer chosen in the lobby, before anyone moved, is a setting of the table, not a step in
        and not (e.command == "turn_timer" and (first_move is None or e.index < first_move))
    ]
    if not steps:
        return None
    return Question(
        text=ngettext("The facilitator stepped in {count} time: how did the table respond?",
                      "The facilitator stepped in {count} times: how did the table respond?",
                      len(steps)).format(count=len(steps)),
        facts=tuple(_("{round}: {text}").format(round=short_round(db, e.round), text=e.text) for e in steps[:3]),
    )


def _ending(db: Debrief) -> Question | None:
    if not db.finished:
        return None
    signed = {s.title for s in db.signed}
    missing = [c.title for c in db.cards if c.comprehensive and c.title not in signed]
    scores = _("Final scores (agreements + BATNA moved + objectives): {scores}.").format(
        scores=", ".join(f"{db.name(s.delegation)} {fixed(s.score, 1, True)}" for s in db.scores))
    match db.end_reason:
        case "walkout":
            text = _("The game ended by a walk-out of {who}: what led to it, and what did it change for each "
                     "delegation?").format(who=db.name(db.ended_by))
        case "agreement":
            text = _("A comprehensive settlement was signed: which concessions made it possible, and who made them?")
        case "end_date":
            total = sum(c.comprehensive for c in db.cards)
            text = ngettext(
                "The calendar ran out with {missing} of the {total} card of a settlement unsigned: would more time "
                "have changed that?",
                "The calendar ran out with {missing} of the {total} cards of a settlement unsigned: would more time "
                "have changed that?", total).format(missing=len(missing), total=total)
        case "facilitator":
            text = _("The facilitator ended the game: where did the talks stand at that moment?")
        case _:
            text = _("Events ended the talks: could the delegations have seen them coming?")
    return Question(text=text, facts=(db.end_text, scores))


def _each(db: Debrief, text: str, fact) -> Question:
    """A question about every delegation, with one fact about each."""
    return Question(text=text, facts=tuple(
        _("{delegation}: {fact}.").format(delegation=db.name(s.delegation), fact=fact(s)) for s in db.scores))


def _scores(db: Debrief) -> Question:
    return _each(
        db, _("Which delegation ended furthest above its BATNA at the start, and how much of that came from the "
              "agreements rather than from how its alternative moved?"),
        lambda s: _("score {score}: agreements {agreements}, BATNA moved {moved}, objectives {objectives}").format(
            score=fixed(s.score, 1, True), agreements=fixed(s.agreements, 1, True), moved=fixed(s.batna_moved, 1, True),
            objectives=fixed(s.objectives, 1, True)),
    )


def _batnas(db: Debrief) -> Question:
    return _each(
        db, _("What moved each delegation's BATNA during the game, and how did that change its wish to sign?"),
        lambda s: _("BATNA {start} at the start, {end} at the end ({moved})").format(
            start=fixed(s.batna_start), end=fixed(s.batna), moved=fixed(s.batna_moved, 1, True)),
    )


def _concessions(db: Debrief) -> Question | None:
    moved = [c for c in db.curves if len(c.offers) > 1]
    if not moved:
        return None
    return Question(
        text=_("Which delegation conceded most between its first and its last offer, and what did it get for it?"),
        facts=tuple(
            _("{delegation}: its first offer was worth {first} to itself (turn {first_turn}), its last {last} "
              "(turn {last_turn}).").format(
                delegation=c.name, first=fixed(c.offers[0].utility), first_turn=c.offers[0].turn,
                last=fixed(c.offers[-1].utility), last_turn=c.offers[-1].turn)
            for c in moved
        ),
    )


def _readings(db: Debrief) -> Question | None:
    facts = tuple(
        _("{delegation}: {reading}: {label}.").format(delegation=db.name(h.delegation), reading=v.hidden_label,
                                                     label=v.label)
        for h in db.hidden for v in h.variants
    )
    if not facts:
        return None
    return Question(
        text=_("Which moves showed each delegation's hidden reading, and did any delegation guess another's?"),
        facts=facts,
    )


RULES = (_signed_and_not, _postponed, _soft_line, _rejected, _contradiction, _blocked, _left_on_table, _facilitator)


def ask(db: Debrief) -> list[Question]:
    """Between four and eight questions, each citing the facts it rests on."""
    questions = [q for q in (rule(db) for rule in RULES) if q is not None][: MOST - 1]
    ending = _ending(db)
    if ending is not None:
        questions.append(ending)
    for general in (_concessions(db), _readings(db), _scores(db), _batnas(db)):
        if general is not None and len(questions) < max(LEAST, 6):
            questions.append(general)
    return questions[:MOST]
