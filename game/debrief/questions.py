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

from game.debrief.layout import day, short_round
from game.debrief.model import Debrief, Question
from game.engine.rules import DELEGATIONS

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
            text=f"{first.title} was signed in {short_round(db, first.round)} and {never.title} never was: why?",
            facts=(
                f"Signed on {day(first.date)}: {first.title}: {first.label} (package {first.package}).",
                f"{never.title} was put on the table in {never.offered} package(s) and never signed.",
            ),
        )
    offers = sum(1 for e in db.timeline if e.kind == "offer")
    if not offers:
        return Question(
            text="No package was put on the table: what held the delegations back?",
            facts=(f"{db.turns} turn(s) were taken and no package was proposed.",),
        )
    return Question(
        text=f"{offers} packages were proposed and none was signed: what stood in the way?",
        facts=tuple(
            f"{c.title} was put on the table in {c.offered} package(s)."
            for c in sorted(db.cards, key=lambda c: -c.offered)[:3] if c.offered
        ),
    )


def _postponed(db: Debrief) -> Question | None:
    move = next((m for m in db.moves if m.days > 0), None)
    if move is None:
        return None
    how = "by the facilitator" if move.cause == "facilitator" else f"after {move.cause_label}"
    return Question(
        text=f"{short_round(db, move.round)} was postponed by {move.days} day{'s' if move.days != 1 else ''} {how}: what did that change?",
        facts=(
            f"On {day(move.date)} ({short_round(db, move.during)}), {move.label} was moved to start on "
            f"{day(move.start)} ({move.cause_label}).",
        ),
    )


def _soft_line(db: Debrief) -> Question | None:
    touch = next((t for t in db.red_lines if t.what == "crossed"), None)
    if touch is None:
        return None
    costs = ", ".join(f"{c.label} {c.delta:+g}" for c in touch.costs) or "no change in its meters"
    return Question(
        text=(
            f"{db.name(touch.delegation)} crossed its soft red line \u201c{touch.label}\u201d on {touch.title} "
            f"at a cost of {costs}: was it worth it?"
        ),
        facts=(
            f"Package {touch.package} signed in {short_round(db, touch.round)} ({day(touch.date)}) put "
            f"\u201c{touch.option_label}\u201d on {touch.title}.",
        ),
    )


def _rejected(db: Debrief) -> Question | None:
    above = [r for r in db.rejections if r.worth > 0 and not r.blocked]
    if not above:
        return None
    r = max(above, key=lambda r: (r.worth, -r.index))
    return Question(
        text=(
            f"Package {r.package} was rejected by {db.name(r.by)} although signing it would have raised "
            "their score: why?"
        ),
        facts=(
            f"Proposed by {db.name(r.proposer)} in {short_round(db, r.round)}: {r.items}.",
            f"Signing it then would have changed {db.name(r.by)}'s score by {r.worth:+.1f} (to {r.score_then:+.1f}); "
            f"the signed text would then have been worth {r.utility:.1f} to them against a BATNA of {r.batna:.1f}.",
        ),
    )


def _contradiction(db: Debrief) -> Question | None:
    c = next((c for c in db.commitments if c.contradicted_by), None)
    if c is None:
        return None
    move = c.contradicted_by[0]
    verb = {"propose": "proposed", "counter": "put forward in a counter-proposal", "accept": "accepted"}[move.kind]
    how = "in a pledge" if c.explicit else "in a statement"
    return Question(
        text=(
            f"{db.name(c.delegation)} took a position on {c.title} {how} and later {verb} a package that went "
            "against it: how did the others read that?"
        ),
        facts=(
            f"{short_round(db, c.round)}: {db.name(c.delegation)} said \u201c{c.statement}\u201d "
            f"({c.stance} \u201c{c.label}\u201d).",
            f"{short_round(db, move.round)}: package {move.package} with \u201c{move.option_label}\u201d on {c.title}.",
        ),
    )


def _blocked(db: Debrief) -> Question | None:
    blocks = Counter((t.delegation, t.label) for t in db.red_lines if t.what == "blocked")
    if not blocks:
        return None
    (code, label), times = blocks.most_common(1)[0]
    return Question(
        text=(
            f"{db.name(code)}'s own hard red line \u201c{label}\u201d blocked {times} of its moves: "
            "what did the others know of where that line ran?"
        ),
        facts=tuple(
            f"{short_round(db, t.round)}: {t.action or 'a move'} with \u201c{t.option_label}\u201d on {t.title}."
            for t in db.red_lines if t.what == "blocked" and (t.delegation, t.label) == (code, label)
        )[:3],
    )


def _left_on_table(db: Debrief) -> Question | None:
    gaps = [g for g in db.left_on_table if g.nash is not None and g.nash != g.achieved]
    if not gaps or db.standing.distance_to_nash is None:
        return None
    gap = max(gaps, key=lambda g: sum(g.to_nash.values()))
    gains = ", ".join(f"{db.name(d)} {v:+.1f}" for d, v in gap.to_nash.items())
    facts = [
        f"On that card alone the change is worth: {gains} (utility points).",
        f"Valued as if signed at the start, the text achieved lies {db.standing.distance_to_nash:.1f} score points "
        "from the signable Nash point.",
        "The signable Nash point crosses no hard red line of a delegation whose consent it needs: it could have "
        "been signed.",
    ]
    if gap.nash_crosses:
        facts.append("That option crosses soft red lines, at their cost: " + "; ".join(gap.nash_crosses) + ".")
    return Question(
        text=(
            f"At the signable Nash point {gap.title} would read \u201c{gap.nash_label}\u201d instead of "
            f"\u201c{gap.achieved_label}\u201d: what kept the table from it?"
        ),
        facts=tuple(facts),
    )


def _facilitator(db: Debrief) -> Question | None:
    first_move = next((e.index for e in db.timeline if e.actor in DELEGATIONS), None)
    steps = [
        e for e in db.timeline if e.kind == "facilitator" and e.actor == "facilitator"
        # a turn timer chosen in the lobby, before anyone moved, is a setting of the table, not a step in
        and not (e.command == "turn_timer" and (first_move is None or e.index < first_move))
    ]
    if not steps:
        return None
    return Question(
        text=f"The facilitator stepped in {len(steps)} time(s): how did the table respond?",
        facts=tuple(f"{short_round(db, e.round)}: {e.text}" for e in steps[:3]),
    )


def _ending(db: Debrief) -> Question | None:
    if not db.finished:
        return None
    signed = {s.title for s in db.signed}
    missing = [c.title for c in db.cards if c.comprehensive and c.title not in signed]
    scores = "Final scores (agreements + BATNA moved + objectives): " + ", ".join(f"{db.name(s.delegation)} {s.score:+.1f}" for s in db.scores) + "."
    match db.end_reason:
        case "walkout":
            text = f"The game ended by a walk-out of {db.name(db.ended_by)}: what led to it, and what did it change for each delegation?"
        case "agreement":
            text = "A comprehensive settlement was signed: which concessions made it possible, and who made them?"
        case "end_date":
            total = sum(c.comprehensive for c in db.cards)
            text = (
                f"The calendar ran out with {len(missing)} of the {total} cards of a settlement unsigned: "
                "would more time have changed that?"
            )
        case "facilitator":
            text = "The facilitator ended the game: where did the talks stand at that moment?"
        case _:
            text = "Events ended the talks: could the delegations have seen them coming?"
    return Question(text=text, facts=(db.end_text, scores))


def _each(db: Debrief, text: str, fact) -> Question:
    """A question about every delegation, with one fact about each."""
    return Question(text=text, facts=tuple(f"{db.name(s.delegation)}: {fact(s)}." for s in db.scores))


def _scores(db: Debrief) -> Question:
    return _each(
        db, "Which delegation ended furthest above its BATNA at the start, and how much of that came from the "
        "agreements rather than from how its alternative moved?",
        lambda s: (
            f"score {s.score:+.1f}: agreements {s.agreements:+.1f}, BATNA moved {s.batna_moved:+.1f}, "
            f"objectives {s.objectives:+.1f}"
        ),
    )


def _batnas(db: Debrief) -> Question:
    return _each(
        db, "What moved each delegation's BATNA during the game, and how did that change its wish to sign?",
        lambda s: f"BATNA {s.batna_start:.1f} at the start, {s.batna:.1f} at the end ({s.batna_moved:+.1f})",
    )


def _concessions(db: Debrief) -> Question | None:
    moved = [c for c in db.curves if len(c.offers) > 1]
    if not moved:
        return None
    return Question(
        text="Which delegation conceded most between its first and its last offer, and what did it get for it?",
        facts=tuple(
            f"{c.name}: its first offer was worth {c.offers[0].utility:.1f} to itself (turn {c.offers[0].turn}), "
            f"its last {c.offers[-1].utility:.1f} (turn {c.offers[-1].turn})."
            for c in moved
        ),
    )


def _readings(db: Debrief) -> Question | None:
    facts = tuple(
        f"{db.name(h.delegation)}: {v.hidden_label}: {v.label}." for h in db.hidden for v in h.variants
    )
    if not facts:
        return None
    return Question(
        text="Which moves showed each delegation's hidden reading, and did any delegation guess another's?",
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
