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
from game.content.loader import ORIGINAL_LANGUAGE, find_scenario
from game.content.yamlsource import ContentError
from game.engine.core import new_game
from game.engine.rng import derive
from game.engine.rules import Rules
from game.engine.views import View, view_for
from game.i18n import N_, _, current, formats, ngettext
from game.i18n.content import translated_file

PAPERS = {"a4": "A4", "letter": "letter"}
TYPICAL_GAMES = 40  # all-computer games measured for the typical BATNA path


@dataclass(frozen=True)
class Document:
    stem: str  # the file name, without its suffix
    title: str
    pages: tuple[str, ...]  # Markdown, one page each


def _fixed(x: float, digits: int = 1, signed: bool = False) -> str:
    """`x` with `digits` decimals (a "+" before it if `signed`) in the reader's language."""
    return formats.signed(x, digits) if signed else formats.fixed(x, digits)


def _row(*cells: str) -> str:
    """A row of a Markdown table."""
    return "| " + " | ".join(cells) + " |"


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
    from game.agents import make_agent
    from game.balance import DEFAULT, play

    makers = {d: (lambda d, s: make_agent(DEFAULT, d, s)) for d in rules.parties}
    played = [play(rules, derive(seed, "typical", k) % 2**63, makers, length=length) for k in range(games)]
    out: dict[str, list[float]] = {d: [] for d in rules.parties}
    for k in range(max((len(g.by_round) for g in played), default=0)):
        reached = [g.by_round[k] for g in played if len(g.by_round) > k]
        if len(reached) * 2 < len(played):
            break
        for d in rules.parties:
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
    title = _("{delegation}: confidential").format(delegation=me.name)
    head = f"# {view.title}\n\n" + _(
        "**{title}.** Sheet code **{code}**: the game your facilitator starts for this handout."
    ).format(title=title, code=sheet_code(seed)) + "\n\n"
    brief = mine.brief.strip()
    if brief.startswith("# "):  # the handout's own heading replaces the brief's
        brief = brief.split("\n", 1)[1].strip() if "\n" in brief else ""
    first, rest = _halves(brief)
    pages = [head + "## " + _("Your brief") + "\n\n" + first]
    pages.append(rest + "\n\n" + _reading(view, code) if rest else _reading(view, code))
    pages.append(_lines_page(view, code))
    pages.append(_values_page(view, code))
    pages.append(_score_page(view, code, typical, games, rules.lengths.get(length) if length else None))
    pages.append(how_to_play())
    return Document(stem=f"handout-{code}", title=_("{scenario}: {title}").format(scenario=view.title, title=title),
                    pages=tuple(pages))


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
    out = ["## " + _("Your hidden reading (drawn for this game)"), ""]
    out += [f"- **{v.label}**: {v.description}" for v in view.private[code].variants] or [
        "_" + _("None: your position is as the brief says.") + "_"]
    return "\n".join(out)


def _lines_page(view: View, code: str) -> str:
    mine = view.private[code]
    cards = {c.id for c in view.cards}
    out = ["## " + _("Your red lines"), "",
           _("A **hard** line (\u2716) cannot be crossed: the table refuses any package that crosses it. "
             "A **soft** line (!) can be crossed, at a cost to you on signing."), ""]
    for line in mine.red_lines:
        kind = _("hard \u2716") if line.hard else _("soft !")
        state = "" if line.active else " _(" + _("not in force at the start; events may impose it") + ")_"
        later = "" if line.card in cards else " _(" + _("a card that comes to the table later") + ")_"
        # Translators: a red line in a handout: its name, hard or soft, its notes, its card, the options it forbids.
        out.append("- " + _("**{label}** ({kind}){state}: {card}{later}: {options}. {explanation}").format(
            label=line.label, kind=kind, state=state, card=line.card_title, later=later,
            options=", ".join(line.option_labels), explanation=line.explanation))
    if not mine.red_lines:
        out.append("_" + _("None.") + "_")
    return "\n".join(out)


def _values_page(view: View, code: str) -> str:
    mine = view.private[code]
    names = {d.code: d.short for d in view.delegations}
    top = max(mine.weights.values(), default=1.0) or 1.0
    # Translators: (sq) marks the status quo among a card's options; the same mark in the sentence and the table.
    sq = _("(sq)")
    out = ["## " + _("What each card is worth to you"), "",
           _("Each option's worth to you (0-100); the status quo, marked {sq}, holds until a text is signed. "
             "More dots: the card matters more to you. *Consent*: whose acceptance a package on the card "
             "needs.").format(sq=sq), "",
           _row(_("Card"), _("Options: worth to you"), _("Consent")), "|---|---|---|"]
    for card in sorted(view.cards, key=lambda c: (-mine.weights.get(c.id, 0.0), view.cards.index(c))):
        values = mine.values.get(card.id, {})
        dots = "\u25cf" * max(1, round(4 * mine.weights.get(card.id, 0.0) / top))
        options = " \u00b7 ".join(
            (f"{o.label} {sq}" if o.id == card.status_quo else o.label) + f" **{_fixed(values.get(o.id, 0), 0)}**"
            for o in card.options
        )
        consent = ", ".join(names[d] for d in card.consent)
        out.append(_row(f"{card.title} {dots}", options, consent))
    return "\n".join(out)


def _score_page(view: View, code: str, typical: list[float], games: int, length=None) -> str:
    mine = view.private[code]
    out = score_markdown(view, code, printed=True)
    if typical:
        path = " \u00b7 ".join(
            _("after round {number} {batna} ({moved})").format(
                number=k, batna=_fixed(mine.batna_start + moved), moved=_fixed(moved, 1, True))
            for k, moved in enumerate(typical, 1))
        if length is not None:
            template = ngettext(
                "**How your BATNA typically moves** (the mean of {games} game of computer delegations at the "
                "{length} length): at the start {start} \u00b7 {path}.",
                "**How your BATNA typically moves** (the mean of {games} games of computer delegations at the "
                "{length} length): at the start {start} \u00b7 {path}.", games)
        else:
            template = ngettext(
                "**How your BATNA typically moves** (the mean of {games} game of computer delegations): "
                "at the start {start} \u00b7 {path}.",
                "**How your BATNA typically moves** (the mean of {games} games of computer delegations): "
                "at the start {start} \u00b7 {path}.", games)
        text = template.format(games=games, length=formats.in_sentence(length.label) if length is not None else "",
                               start=_fixed(mine.batna_start), path=path)
        out += ["", text + " " + _("Your table will differ: the meters move with events and with what the "
                                   "delegations do.")]
    out += ["", "## " + _("What you do not know"), "",
            _("You do not see the other delegations' valuations, red lines or meters; you learn about them from "
              "their offers, answers and statements. Each may hold a hidden reading you learn only at the end.")]
    return "\n".join(out)


# The last page of every handout (`how_to_play`): its heading, paragraphs (Markdown), the keys and what they do.
HOW_TO_PLAY = N_("How to play")
HOW_TO_PLAY_PARAGRAPHS = (
    N_("""**The table.** The delegations take turns in rounds set by the calendar. On your turn
you make one move: propose a package, counter the one on the table, accept or reject it,
use a lever, call a recess, walk out, or pass. One short statement a turn is free."""),
    N_("""**Packages.** A package names one option on one or more cards. It is signed when every
delegation whose consent its cards need has accepted it. A package still open when the
round ends lapses. Before you propose, the table warns you if a delegation that must
agree has no turn left in the round."""),
    N_("""**Your numbers.** Your BATNA is what you have if nothing is signed; it moves with the
meters your brief names. Your score = what the signed text is worth to you over no
agreement + how far your BATNA moved + the objectives you meet. The composer shows, for
any draft, what signing it now would do to your score."""),
    N_("""**Red lines.** The table refuses a package that crosses one of your hard lines, or one
of another delegation's when it must consent. Soft lines cost you on signing."""),
    N_("""**Events.** News arrives on dates, at rounds, or when conditions hold: a round may be
postponed, a meter may move. Play stops until you have read it."""),
)
# The keys (never translated) and what they do, two to a row.
HOW_TO_PLAY_KEYS = (
    ("\u2191 \u2193", N_("choose a card"), "p", N_("propose your draft")),
    ("\u2190 \u2192", N_("pick an option for your draft"), "c", N_("counter the package on the table")),
    ("Delete, x", N_("drop a card, clear the draft"), "a, r", N_("accept, reject")),
    ("d", N_("copy the table's package into your draft"), "s, g", N_("statement, pledge")),
    ("l", N_("use a lever"), "n", N_("pass")),
    ("b", N_("your brief again"), "t", N_("scroll the transcript")),
    ("F1", N_("help"), "q", N_("back to the lobby (the game is saved)")),
)
HOW_TO_PLAY_NOTE = N_(
    "Some mechanics are invented for play (numbers, chances, meters); the scenario's notes say which.")


def how_to_play() -> str:
    """The last page of a handout: how the game is played, and its keys."""
    key, does = _("Key"), _("What it does")
    lines = ["## " + _(HOW_TO_PLAY), ""]
    for paragraph in HOW_TO_PLAY_PARAGRAPHS:
        lines += [_(paragraph), ""]
    lines += [_row(key, does, key, does), "|---|---|---|---|"]
    lines += [_row(k1, _(d1), k2, _(d2)) for k1, d1, k2, d2 in HOW_TO_PLAY_KEYS]
    lines += ["", _(HOW_TO_PLAY_NOTE)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- the facilitator's guide

# A scenario's teaching notes (`teaching.md`, and its translations in `i18n/<lang>/`):
# the guide takes these sections, by their headings in the notes' language.
TEACHING = "teaching.md"
WATCH = N_("What to watch for at the table")
CONTROLS = N_("When to use the facilitator's controls")
QUESTIONS = N_("Discussion questions")



def facilitator_guide(rules: Rules, seed: int, length: str | None = None) -> Document:
    sc = rules.scenario
    try:
        folder = find_scenario(sc.id)
        teaching = folder / TEACHING
        translated = translated_file(folder, sc.language, TEACHING)  # the notes in the scenario's language
        if sc.language != ORIGINAL_LANGUAGE and translated.is_file():
            teaching = translated
        notes = teaching.read_text(encoding="utf-8") if teaching.is_file() else ""
    except (ContentError, OSError, UnicodeDecodeError):  # the guide goes without the scenario's notes
        notes = ""
    sections = _sections(notes)
    names = ", ".join(f"{spec.name} ({spec.short})" for spec in sc.delegations.values())
    # the lengths with a play time, shortest first: (label, minutes)
    timed = sorted(((length.label, length.minutes) for length in sc.calendar.lengths if length.minutes),
                   key=lambda timing: timing[1])
    if timed:
        (label, shortest), longest = timed[0], timed[-1][1]
        short = ngettext("the {length} length (about {minutes} minute)",
                         "the {length} length (about {minutes} minutes)", shortest).format(
            length=formats.in_sentence(label), minutes=shortest)
        full = ngettext("about {minutes} minute", "about {minutes} minutes", longest).format(minutes=longest)
    else:
        short, full = _("the shortest length"), _("the full calendar")
    if length in rules.lengths:
        pack = _("The handouts in this pack (sheet code **{code}**) are for the game with seed **{seed}**, at the "
                 "{length} length: start it from the lobby with that seed, so that each handout's hidden reading and "
                 "numbers are the game's.").format(code=sheet_code(seed), seed=seed,
                                                   length=formats.in_sentence(rules.lengths[length].label))
    else:
        pack = _("The handouts in this pack (sheet code **{code}**) are for the game with seed **{seed}**: start it "
                 "from the lobby with that seed, so that each handout's hidden reading and numbers are the "
                 "game's.").format(code=sheet_code(seed), seed=seed)
    title = _("{scenario}: facilitator's guide").format(scenario=sc.title)
    minutes, happens = _("Minutes"), _("What happens")
    first = [
        f"# {title}", "",
        f"{sc.summary}", "",
        " ".join((
            _("Delegations: {names}.").format(names=names), pack,
            _("Keep the seed to yourself: with it, anyone could print every delegation's handout."),
            _("For hosted tables, `parley host --handouts DIR` writes a pack for each table."),
        )), "",
        "## " + _("A 45-minute lesson"), "",
        _row(minutes, happens), "|---|---|",
        _row("0-5", _("Set up: seat the class (below), start the game with the pack's seed.")),
        _row("5-12", _("Brief reading: each delegation reads its handout (pages 1-4) and agrees on two aims and one "
                       "line it will not cross.")),
        _row("12-35", _("The rounds: choose {short} in the lobby; keep the facilitator's desk open.").format(
            short=short)),
        _row("35-45", _("Debrief: the end screen, then the debrief (d); two or three discussion questions.")), "",
        "## " + _("A 90-minute lesson"), "",
        _row(minutes, happens), "|---|---|",
        _row("0-10", _("Set up, and the tutorial (t in the lobby) for anyone new to the game.")),
        _row("10-25", _("Brief reading and a delegation meeting: aims, red lines, a first offer.")),
        _row("25-65", _("The full game ({full} for a newcomer), with a pause after round 2 for delegations to "
                        "regroup.").format(full=full)),
        _row("65-90", _("Debrief: scores, BATNA paths, the analysis of what could be signed, the questions.")), "",
        "## " + _("Seating a class"), "",
        "- " + _("**Hot seat:** one computer, the delegations take turns at the keyboard; a hand-over screen hides "
                 "each delegation's table from the next. Good for small groups and a projector."),
        "- " + _("**One laptop per delegation:** `parley host` on the teacher's machine; each delegation joins with "
                 "its code (`parley join`, or j in the lobby). The host keeps the save and the turn timer."),
        "- " + _("**Browser seats:** `parley serve HOST` gives students a web page where they join the hosted table "
                 "by code, with nothing to install."),
        "- " + _("**Computer delegations** can hold any seat, so a group of two plays one delegation against two "
                 "computers."),
    ]
    # The scenario's teaching notes are found by their headings, in the notes' language.
    def section(heading: str) -> str:
        return sections.get(_(heading), sections.get(heading, ""))

    watch = (section(WATCH) + "\n" + section(CONTROLS)).strip()
    questions = section(QUESTIONS).strip()
    none = "_" + _("The scenario has no teaching notes.") + "_"
    pages = ["\n".join(first)]
    pages.append(watch or "## " + _(WATCH) + "\n\n" + none)
    pages.append(questions or "## " + _(QUESTIONS) + "\n\n" + none)
    return Document(stem="facilitator-guide", title=title, pages=tuple(pages))


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
    return "\n\n---\n\n".join(
        page.strip() + "\n\n_" + _("Page {page} of {pages}").format(page=k, pages=n) + "_"
        for k, page in enumerate(doc.pages, 1)
    ) + "\n"


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
        f'<section class="page">\n{md.render(page)}<p class="folio">'
        + html.escape(_("Page {page} of {pages}").format(page=k, pages=n)) + "</p>\n</section>"
        for k, page in enumerate(doc.pages, 1)
    )
    return (
        f"<!DOCTYPE html>\n<html lang=\"{current()}\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(doc.title)}</title>\n<style>{STYLE % {'paper': PAPERS[paper]}}</style>\n"
        f"</head>\n<body>\n{pages}\n</body>\n</html>\n"
    )


def class_pack(rules: Rules, seed: int, games: int = TYPICAL_GAMES, length: str | None = None) -> list[Document]:
    typical = typical_paths(rules, seed, games, length) if games > 0 else {d: [] for d in rules.parties}
    docs = [delegation_handout(rules, seed, d, typical[d], games, length) for d in rules.parties]
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
