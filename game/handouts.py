"""The class pack (`parley handouts`): for each delegation a print-ready handout, and a
facilitator's guide, each as Markdown and as HTML with print styles.

A handout is for one game: the seed picks the hidden readings. Only the facilitator's
guide names the seed (with it, anyone could print every delegation's handout); the
handouts carry a sheet code derived from it one way, which the guide repeats, so that
sheets and game can be matched. Everything in a delegation's handout comes from that
delegation's own view of the game (`view_for`, the one place hidden information is
redacted) and from public scenario text; nothing of another delegation's brief, red
lines, valuations, meters or hidden readings is in it.

Each document is laid out as pages, one section a page (`Document.pages`), designed
to fit A4 and US Letter alike; the page count a document claims ("page 2 of 5") is
checked by printing it in headless Chromium (tests/handouts).
"""

from __future__ import annotations

import html
import statistics
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from game.brief import score_markdown
from game.content.loader import find_scenario
from game.content.yamlsource import ContentError
from game.engine.core import new_game
from game.engine.rules import DELEGATIONS, Rules
from game.engine.rng import derive
from game.engine.views import View, view_for

PAPERS = {"a4": "A4", "letter": "letter"}
TYPICAL_GAMES = 40  # all-computer games measured for the typical BATNA path


@dataclass(frozen=True)
class Document:
    stem: str  # the file name, without its suffix
    title: str
    pages: tuple[str, ...]  # Markdown, one page each


# ---------------------------------------------------------------------------- measuring


def sheet_code(seed: int) -> str:
    """Four letters that tell which game a handout is for without telling its seed."""
    n = derive(seed, "handout sheet code")
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O: read aloud, they pass for digits
    return "".join(letters[(n >> (5 * k)) % len(letters)] for k in range(4))


def typical_paths(
    rules: Rules, seed: int, games: int = TYPICAL_GAMES, length: str | None = None,
) -> dict[str, list[float]]:
    """Each delegation's mean BATNA moved at the end of each round, over `games`
    all-computer games at `length` with seeds drawn from `seed` (rounds that most games
    reached)."""
    from game.balance import DEFAULT, play
    from game.agents import make_agent

    makers = {d: (lambda d, s: make_agent(DEFAULT, d, s)) for d in DELEGATIONS}
    played = [play(rules, derive(seed, "typical", k) % 2**63, makers, length=length) for k in range(games)]
    out: dict[str, list[float]] = {d: [] for d in DELEGATIONS}
    for k in range(max((len(g.by_round) for g in played), default=0)):
        reached = [g.by_round[k] for g in played if len(g.by_round) > k]
        if len(reached) * 2 < len(played):
            break
        for d in DELEGATIONS:
            out[d].append(statistics.fmean(r[d][1] for r in reached))
    return out


# ---------------------------------------------------------------------------- a delegation's handout


def delegation_handout(
    rules: Rules, seed: int, code: str, typical: list[float], games: int, length: str | None = None,
) -> Document:
    """`code`'s handout for the game with `seed`, from its own view at the start."""
    view = view_for(rules, new_game(rules, seed).state, code)
    mine = view.private[code]
    me = next(d for d in view.delegations if d.code == code)
    title = f"{me.name}: confidential"
    head = (f"# {view.title}\n\n**{title}.** Sheet code **{sheet_code(seed)}**: the game your facilitator "
            "starts for this handout.\n\n")
    brief = mine.brief.strip()
    if brief.startswith("# "):  # the handout's own heading replaces the brief's
        brief = brief.split("\n", 1)[1].strip() if "\n" in brief else ""
    first, rest = _halves(brief)
    pages = [head + "## Your brief\n\n" + first]
    pages.append(rest + "\n\n" + _reading(view, code) if rest else _reading(view, code))
    pages.append(_lines_page(view, code))
    pages.append(_values_page(view, code))
    pages.append(_score_page(view, code, typical, games, rules.lengths.get(length) if length else None))
    pages.append(HOW_TO_PLAY)
    return Document(stem=f"handout-{code}", title=f"{view.title}: {title}", pages=tuple(pages))


def _halves(brief: str) -> tuple[str, str]:
    """The brief in two parts for two pages, split at the `## ` heading nearest its middle
    (a brief with no headings stays whole)."""
    parts = [p for p in brief.split("\n## ")]
    if len(parts) < 2:
        return brief, ""
    parts = [parts[0]] + ["## " + p for p in parts[1:]]
    total = sum(len(p.split()) for p in parts)
    words, cut = 0, len(parts) - 1
    for k, part in enumerate(parts[:-1], 1):
        words += len(part.split())
        if words >= total / 2:
            cut = k
            break
    return "\n\n".join(parts[:cut]).strip(), "\n\n".join(parts[cut:]).strip()


def _reading(view: View, code: str) -> str:
    out = ["## Your hidden reading (drawn for this game)", ""]
    out += [f"- **{v.label}**: {v.description}" for v in view.private[code].variants] or [
        "_None: your position is as the brief says._"]
    return "\n".join(out)


def _lines_page(view: View, code: str) -> str:
    mine = view.private[code]
    cards = {c.id for c in view.cards}
    out = ["## Your red lines", "",
            "A **hard** line (\u2716) cannot be crossed: the table refuses any package that crosses it. "
            "A **soft** line (!) can be crossed, at a cost to you on signing.", ""]
    for line in mine.red_lines:
        kind = "hard \u2716" if line.hard else "soft !"
        state = "" if line.active else " _(not in force at the start; events may impose it)_"
        later = "" if line.card in cards else " _(a card that comes to the table later)_"
        out.append(f"- **{line.label}** ({kind}){state}: {line.card_title}{later}: "
                   f"{', '.join(line.option_labels)}. {line.explanation}")
    if not mine.red_lines:
        out.append("_None._")
    return "\n".join(out)


def _values_page(view: View, code: str) -> str:
    mine = view.private[code]
    names = {d.code: d.short for d in view.delegations}
    top = max(mine.weights.values(), default=1.0) or 1.0
    out = ["## What each card is worth to you", "",
           "Each option's worth to you (0-100); the status quo, marked (sq), holds until a text is signed. "
           "More dots: the card matters more to you. *Consent*: whose acceptance a package on the card needs.", "",
           "| Card | Options: worth to you | Consent |", "|---|---|---|"]
    for card in sorted(view.cards, key=lambda c: (-mine.weights.get(c.id, 0.0), view.cards.index(c))):
        values = mine.values.get(card.id, {})
        dots = "\u25cf" * max(1, round(4 * mine.weights.get(card.id, 0.0) / top))
        options = " \u00b7 ".join(
            f"{o.label}{' (sq)' if o.id == card.status_quo else ''} **{values.get(o.id, 0):.0f}**" for o in card.options
        )
        consent = ", ".join(names[d] for d in card.consent)
        out.append(f"| {card.title} {dots} | {options} | {consent} |")
    return "\n".join(out)


def _score_page(view: View, code: str, typical: list[float], games: int, length=None) -> str:
    mine = view.private[code]
    out = score_markdown(view, code, printed=True)
    if typical:
        path = " \u00b7 ".join(f"after round {k} {mine.batna_start + moved:.1f} ({moved:+.1f})"
                               for k, moved in enumerate(typical, 1))
        played = f" at the {length.label.lower()} length" if length is not None else ""
        out += ["", "**How your BATNA typically moves** (the mean of "
                f"{games} games of computer delegations{played}): at the start {mine.batna_start:.1f} \u00b7 {path}. "
                "Your table will differ: the meters move with events and with what the delegations do."]
    out += ["", "## What you do not know", "",
            "You do not see the other delegations' valuations, red lines or meters; you learn about them from "
            "their offers, answers and statements. Each may hold a hidden reading you learn only at the end."]
    return "\n".join(out)


HOW_TO_PLAY = """\
## How to play

**The table.** Three delegations take turns in rounds set by the calendar. On your turn
you make one move: propose a package, counter the one on the table, accept or reject it,
use a lever, call a recess, walk out, or pass. One short statement a turn is free.

**Packages.** A package names one option on one or more cards. It is signed when every
delegation whose consent its cards need has accepted it. A package still open when the
round ends lapses. Before you propose, the table warns you if a delegation that must
agree has no turn left in the round.

**Your numbers.** Your BATNA is what you have if nothing is signed; it moves with the
meters your brief names. Your score = what the signed text is worth to you over no
agreement + how far your BATNA moved + the objectives you meet. The composer shows, for
any draft, what signing it now would do to your score.

**Red lines.** The table refuses a package that crosses one of your hard lines, or one
of another delegation's when it must consent. Soft lines cost you on signing.

**Events.** News arrives on dates, at rounds, or when conditions hold: a round may be
postponed, a meter may move. Play stops until you have read it.

| Key | What it does | Key | What it does |
|---|---|---|---|
| \u2191 \u2193 | choose a card | p | propose your draft |
| \u2190 \u2192 | pick an option for your draft | c | counter the package on the table |
| Delete, x | drop a card, clear the draft | a, r | accept, reject |
| d | copy the table's package into your draft | s, g | statement, pledge |
| l | use a lever | n | pass |
| b | your brief again | t | scroll the transcript |
| F1 | help | q | back to the lobby (the game is saved) |

Some mechanics are invented for play (numbers, chances, meters); the scenario's notes say which.
"""


# ---------------------------------------------------------------------------- the facilitator's guide


def facilitator_guide(rules: Rules, seed: int, length: str | None = None) -> Document:
    sc = rules.scenario
    try:
        teaching = find_scenario(sc.id) / "teaching.md"
        notes = teaching.read_text(encoding="utf-8") if teaching.is_file() else ""
    except (ContentError, OSError, UnicodeDecodeError):  # the guide goes without the scenario's notes
        notes = ""
    sections = _sections(notes)
    names = ", ".join(f"{spec.name} ({spec.short})" for spec in sc.delegations.values())
    chosen = f", at the {rules.lengths[length].label.lower()} length" if length in rules.lengths else ""
    timed = sorted((length for length in sc.calendar.lengths if length.minutes), key=lambda length: length.minutes)
    short = f"the {timed[0].label.lower()} length (about {timed[0].minutes} minutes)" if timed else "the shortest length"
    full = f"about {timed[-1].minutes} minutes" if timed else "the full calendar"
    first = [
        f"# {sc.title}: facilitator's guide", "",
        f"{sc.summary}", "",
        f"Delegations: {names}. The handouts in this pack (sheet code **{sheet_code(seed)}**) are for the game "
        f"with seed **{seed}**{chosen}: start it from the lobby with that seed, so that each handout's hidden "
        "reading and numbers are the game's. Keep the seed to yourself: with it, anyone could print every "
        "delegation's handout. For hosted tables, `parley host --handouts DIR` writes a pack for each table.", "",
        "## A 45-minute lesson", "",
        "| Minutes | What happens |", "|---|---|",
        "| 0-5 | Set up: seat the class (below), start the game with the pack's seed. |",
        "| 5-12 | Brief reading: each delegation reads its handout (pages 1-4) and agrees on two aims and one "
        "line it will not cross. |",
        f"| 12-35 | The rounds: choose {short} in the lobby; keep the facilitator's desk open. |",
        "| 35-45 | Debrief: the end screen, then the debrief (d); two or three discussion questions. |", "",
        "## A 90-minute lesson", "",
        "| Minutes | What happens |", "|---|---|",
        "| 0-10 | Set up, and the tutorial (t in the lobby) for anyone new to the game. |",
        "| 10-25 | Brief reading and a delegation meeting: aims, red lines, a first offer. |",
        f"| 25-65 | The full game ({full} for a newcomer), with a pause after round 2 for delegations to regroup. |",
        "| 65-90 | Debrief: scores, BATNA paths, the analysis of what could be signed, the questions. |", "",
        "## Seating a class", "",
        "- **Hot seat:** one computer, the delegations take turns at the keyboard; a hand-over screen hides "
        "each delegation's table from the next. Good for small groups and a projector.",
        "- **One laptop per delegation:** `parley host` on the teacher's machine; each delegation joins with "
        "its code (`parley join`, or j in the lobby). The host keeps the save and the turn timer.",
        "- **Browser seats:** `parley serve HOST` gives students a web page where they join the hosted table "
        "by code, with nothing to install.",
        "- **Computer delegations** can hold any seat, so a group of two plays one delegation against two computers.",
    ]
    watch = (sections.get("What to watch for at the table", "") + "\n" +
             sections.get("When to use the facilitator's controls", "")).strip()
    questions = sections.get("Discussion questions", "").strip()
    pages = ["\n".join(first)]
    pages.append(watch or "## What to watch for at the table\n\n_The scenario has no teaching notes._")
    pages.append(questions or "## Discussion questions\n\n_The scenario has no teaching notes._")
    return Document(stem="facilitator-guide", title=f"{sc.title}: facilitator's guide", pages=tuple(pages))


def _sections(notes: str) -> dict[str, str]:
    """A teaching notes file's `## ` sections, each with its heading."""
    out: dict[str, str] = {}
    current = None
    for line in notes.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            out[current] = line + "\n"
        elif current is not None:
            out[current] += line + "\n"
    return out


# ---------------------------------------------------------------------------- writing


def to_markdown(doc: Document) -> str:
    n = len(doc.pages)
    return "\n\n---\n\n".join(f"{page.strip()}\n\n_Page {k} of {n}_" for k, page in enumerate(doc.pages, 1)) + "\n"


STYLE = """
@page { size: %(paper)s; margin: 14mm 15mm; }
html { font-family: "DejaVu Serif", Georgia, serif; font-size: 9.6pt; line-height: 1.32; color: #111; }
body { margin: 0 auto; max-width: 180mm; }
section.page { break-after: page; }
section.page:last-child { break-after: auto; }
h1 { font-size: 15pt; margin: 0 0 4pt; }
h2 { font-size: 12pt; margin: 9pt 0 4pt; border-bottom: 0.5pt solid #888; }
p, li { margin: 0 0 4pt; orphans: 3; widows: 3; }
ul, ol { padding-left: 14pt; margin: 0 0 5pt; }
table { border-collapse: collapse; width: 100%%; margin: 4pt 0; font-size: 8.8pt; }
th, td { border: 0.5pt solid #999; padding: 2pt 3pt; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
tr { break-inside: avoid; }
.folio { text-align: right; font-size: 8pt; color: #555; margin-top: 6pt; }
@media screen { body { padding: 10mm; } section.page { border-bottom: 1px dashed #bbb; margin-bottom: 10mm; } }
"""


def to_html(doc: Document, paper: str = "a4") -> str:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")  # a scenario's text is text, never markup
    n = len(doc.pages)
    pages = "\n".join(
        f'<section class="page">\n{md.render(page)}<p class="folio">Page {k} of {n}</p>\n</section>'
        for k, page in enumerate(doc.pages, 1)
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(doc.title)}</title>\n<style>{STYLE % {'paper': PAPERS[paper]}}</style>\n"
        f"</head>\n<body>\n{pages}\n</body>\n</html>\n"
    )


def class_pack(rules: Rules, seed: int, games: int = TYPICAL_GAMES, length: str | None = None) -> list[Document]:
    typical = typical_paths(rules, seed, games, length) if games > 0 else {d: [] for d in DELEGATIONS}
    docs = [delegation_handout(rules, seed, d, typical[d], games, length) for d in DELEGATIONS]
    docs.append(facilitator_guide(rules, seed, length))
    return docs


def write_pack(docs: list[Document], folder: Path, paper: str = "a4") -> list[Path]:
    """Each document as `.md` and `.html` in `folder`; returns the paths written."""
    from game.store.files import write_text_atomically

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in docs:
        for suffix, text in ((".md", to_markdown(doc)), (".html", to_html(doc, paper))):
            path = folder / f"{doc.stem}{suffix}"
            write_text_atomically(path, text)
            written.append(path)
    return written
