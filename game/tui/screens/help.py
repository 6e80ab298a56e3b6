"""Help (F1 or ?): the rules in brief and every key."""

from __future__ import annotations

from rich.markdown import Markdown
from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from game.i18n import N_, _, current, pgettext
from game.tui.widgets.footer import Footer

# The help, written in Markdown in parts a translator can take one at a time, and put
# together in the player's language when it is shown (`help_markdown`).
RULES_TITLE = N_("The rules in brief")
# Translators: the help is Markdown: keep the **bold**, *italic* and `code` marks; `parley ...` are commands
RULES_INTRO = N_("Two to six delegations, as the scenario sets them, negotiate **issue cards** (in Abu Dhabi: "
                 "NATO status, Donbas, security guarantees, the energy-strike pause, sanctions, elections and "
                 "more). Each card has options; the **status quo** holds until a text is signed.")
RULES_POINTS = (
    # Translators: one point of the rules; Markdown: keep the **bold**, *italic* and `code` marks
    N_("**Turns.** In each round the delegations take turns. On your turn you make one move: propose, counter, "
       "accept, reject, use a lever, call a recess, walk out or pass. A short **statement** to the table is free "
       "(one per turn)."),
    N_("**Packages.** A package names one option on one or more cards. It is signed once every delegation whose "
       "consent its cards need has accepted it. A counter replaces the package on the table. Packages left open "
       "lapse when the round ends."),
    N_("**Red lines.** Your brief lists them. A *hard* line (\u2716) cannot be crossed: the table refuses the "
       "package. A *soft* line (!) can be crossed, at a cost paid on signing. Marks judge the whole package, as "
       "the table does: some lines give way when the same package meets a condition (your brief says which)."),
    N_("**Events** fire on dates, at rounds, or when conditions hold: a round may be postponed, a meter may move. "
       "Play stops until you have read them."),
    N_("**Turn timer.** If the game has one, the time left shows at the top; when it runs out the delegation "
       "passes (or a computer delegation moves for it), and the log says so."),
    N_("**Facilitator.** A facilitator may pause the table, fire events, inject news, move rounds, reveal hidden "
       "information and hand seats over; every such step is logged."),
    N_("**Hosted tables.** With `parley host`, each delegation plays from its own computer: join with the code you "
       "were given (`parley join HOST CODE`, or j in the lobby). The host keeps the game, the save and the turn "
       "timer; you see only your own seat."),
    N_("**BATNA and score.** Your **BATNA** (best alternative to a negotiated agreement) is what you have if "
       "nothing is signed: at the start, the worth to you of the status quo on every card (0-100); it then moves "
       "with the meters your brief names (in Abu Dhabi, battlefield leverage for Moscow and Kyiv, which the "
       "calendar tends to move towards Moscow). Your **score** = what the signed text is worth to you over no "
       "agreement + how far "
       "your BATNA moved + the objectives you meet: with nothing signed, it is how far your BATNA moved. The top "
       "strip shows your score and BATNA now; the briefing (b) shows the BATNA's path and your objectives."),
    N_("**If signed now.** Under the cards and on the table you see what signing the package now would change in "
       "your score (soft-line costs and objectives included), your score then, and how you would then stand "
       "against your BATNA now. Plus is better than not signing. Some delegations have **hidden readings** of "
       "their position; they are revealed at the end."),
)
RULES_NOTE = N_("Some mechanics are invented for play (numbers, chances, meters); the scenario's notes say which.")

KEYS_TITLE = N_("Keys")
KEYS_HEADINGS = (N_("Where"), N_("Key"), N_("What it does"))
# (where, key, what it does) for each row of the key table; where is empty under the first row
# of its place (the places are translated in `_places`). The keys are key names, as the
# keyboard writes them: not translated.
KEY_ROWS = (
    ("Everywhere", "F1, ?", N_("This help")),
    ("", "Ctrl+P", N_("Command palette: the main actions by name, and the theme")),
    ("", "Ctrl+Q", N_("Quit Parley (a game in progress is already saved)")),
    ("Lobby", "g, Enter", N_("Start a game with the seats, turn timer and seed shown")),
    ("", "f", N_("Start it with you at the facilitator's seat (`parley play --facilitator` too)")),
    ("", "c", N_("Continue the last unfinished game")),
    ("", "l", N_("Load a save")),
    ("", "t", N_("The coached tutorial: one short negotiation as Kyiv, step by step (Esc leaves it)")),
    ("", "j", N_("Join a hosted table: its address, then your seat's code")),
    ("", "Tab, Shift+Tab", N_("Move between scenario, seats and seed")),
    ("", "\u2190 \u2192", N_("On a seat: a person, or a computer delegation and its preset")),
    ("", "r", N_("A new random seed")),
    ("Table", "\u2191 \u2193", N_("Choose a card")),
    ("", "\u2190 \u2192", N_("Put an option of that card in your draft (or change it)")),
    ("", "Delete", N_("Take the card out of your draft")),
    ("", "x", N_("Clear the draft")),
    ("", "d", N_("Copy the package on the table into your draft (to counter it)")),
    ("", "p", N_("Propose your draft")),
    ("", "c", N_("Counter the package on the table with your draft")),
    ("", "a, r", N_("Accept or reject the package on the table")),
    ("", "s", N_("Make a statement")),
    ("", "g",
     N_("Pledge: a statement that commits you to the options in your draft (the debrief checks later offers "
        "against it)")),
    ("", "l", N_("Use a lever")),
    ("", "e", N_("Call a recess (ends the round)")),
    ("", "w", N_("Walk out (ends the talks)")),
    ("", "n", N_("Pass")),
    ("", "b", N_("Read your brief again")),
    ("", "t",
     N_("To the transcript and back: there \u2191 \u2193, PgUp, PgDn, Home and End scroll it (the mouse wheel does "
        "too)")),
    ("", "Ctrl+S", N_("Save a named copy of the game")),
    ("", "Space", N_("Skip the wait while a computer delegation moves")),
    ("", "q",
     N_("Back to the lobby (the game is saved after every move); at a hosted table, leave it (the host keeps your "
        "seat)")),
    ("Facilitator", "Enter", N_("Hand the keyboard to the person whose turn it is")),
    ("", "p", N_("Pause the table, or resume it")),
    ("", "f", N_("Fire any scenario event now")),
    ("", "i", N_("Inject news: headline, text, who hears it, an optional meter change")),
    ("", "m", N_("Postpone the next round, or bring it forward")),
    ("", "t", N_("Lengthen or shorten the round")),
    ("", "v", N_("Reveal a delegation's hidden reading and red lines to everyone")),
    ("", "h", N_("Hand a seat to a computer delegation, or back to a person")),
    ("", "k", N_("Turn timer: minutes per turn; at expiry the delegation passes or a computer moves")),
    ("", "b", N_("Read any delegation's brief")),
    ("", "x", N_("End the game now")),
    ("", "c", N_("At a hosted table: withdraw a seat's join code and issue a new one")),
    ("Desk", "Space, a", N_("Choose a table, or all or none: the controls act on the chosen tables (none: every table)")),
    ("", "p, r", N_("Pause or resume the chosen tables")),
    ("", "i", N_("News to the chosen tables: to everyone there, or to one delegation at each")),
    ("", "m, k", N_("Move the next round, or set the turn timer, at the chosen tables")),
    ("", "x", N_("End the talks at the chosen tables")),
    ("", "Enter", N_("The table's own console (Esc there comes back to the desk)")),
    ("", "v", N_("The projector view: every table, only what every delegation sees (Esc: back)")),
    ("", "w", N_("Write the class's comparison and each table's debrief into the lesson's folder")),
    ("", "c", N_("Withdraw the desk code and get a new one")),
    ("Notices", "Enter", N_("Continue")),
    ("End", "d", N_("The full debrief of the game")),
    ("", "r", N_("Replay the game from one seat's point of view")),
    ("", "Enter", N_("Back to the lobby")),
    ("Join", "Enter", N_("Join with the code typed")),
    ("", "Esc", N_("Back to the lobby (or quit, after `parley join`)")),
    ("Load", "Enter", N_("Load the save and go on playing")),
    ("", "r, d", N_("Replay the save, or its debrief (a finished game)")),
    ("Debrief", "w", N_("Write it as one HTML page next to the save")),
    ("", "r", N_("Replay the game")),
    ("Replay", "\u2190 \u2192", N_("One event back or on")),
    ("", "PgUp PgDn, [ ]", N_("One round back or on")),
    ("", "Home, End", N_("The first or the last event")),
    ("", "v", N_("Another point of view")),
)


def _places() -> dict[str, str]:
    """The places of the key table in the player's language, told apart from the same
    words elsewhere ("End" is the end screen here, not the key to end the game)."""
    return {
        "Everywhere": pgettext("help: where", "Everywhere"),
        "Lobby": pgettext("help: where", "Lobby"),
        "Table": pgettext("help: where", "Table"),
        "Facilitator": pgettext("help: where", "Facilitator"),
        # Translators: the teacher's desk over every table of a lesson
        "Desk": pgettext("help: where", "Desk"),
        "Notices": pgettext("help: where", "Notices"),
        # Translators: the end screen of a game
        "End": pgettext("help: where", "End"),
        "Join": pgettext("help: where", "Join"),
        "Load": pgettext("help: where", "Load"),
        "Debrief": pgettext("help: where", "Debrief"),
        "Replay": pgettext("help: where", "Replay"),
    }


def rules_markdown(english: bool = False) -> str:
    """The rules in brief, in Markdown: in the player's language, or as written (`english`)."""
    tr = str if english else _
    points = "\n".join("- " + tr(point) for point in RULES_POINTS)
    return f"## {tr(RULES_TITLE)}\n\n{tr(RULES_INTRO)}\n\n{points}\n\n{tr(RULES_NOTE)}\n"


def keys_markdown(english: bool = False) -> str:
    """Every key, as a Markdown table: in the player's language, or as written (`english`)."""
    tr = str if english else _
    places = {} if english else _places()
    lines = [f"## {tr(KEYS_TITLE)}", "", "| " + " | ".join(tr(h) for h in KEYS_HEADINGS) + " |", "|---|---|---|"]
    for where, key, what in KEY_ROWS:
        lines.append(f"| {places.get(where, where)} | {key} | {tr(what)} |" if where else f"| | {key} | {tr(what)} |")
    return "\n".join(lines) + "\n"


def help_markdown() -> str:
    """The whole help in the player's language."""
    return rules_markdown() + "\n" + keys_markdown()


# The help as written, in English (what the tests read).
RULES = rules_markdown(english=True)
KEYS = keys_markdown(english=True)


class _Rendered:
    """The help text, laid out once per width and kept: Rich lays out its tables in
    tens of milliseconds, and the help opens often."""

    def __init__(self, markdown: Markdown) -> None:
        self.markdown = markdown
        self.lines: dict[tuple[int, int], list[list[Segment]]] = {}

    def __rich_console__(self, console, options):
        key = (id(console), options.max_width)
        lines = self.lines.get(key)
        if lines is None:
            lines = self.lines[key] = console.render_lines(self.markdown, options, pad=False)
        for line in lines:
            yield from line
            yield Segment.line()


_RENDERED: dict[str, _Rendered] = {}  # the help laid out, per language


def rendered() -> _Rendered:
    """The help in the player's language, parsed once per language."""
    code = current()
    found = _RENDERED.get(code)
    if found is None:
        found = _Rendered(Markdown(help_markdown()))
        if current() == code:  # kept only if the language did not change meanwhile (a lobby's F2)
            _RENDERED[code] = found
    return found


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,question_mark,q", "close", N_("Close help"))]

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Label(_("Parley: help"), classes="dialog-title")
            with VerticalScroll(id="help-text"):
                # Rich renders the text in one pass: the help opens at once (Textual's
                # Markdown widget builds a widget per block and took most of a second).
                yield Static(rendered(), id="help-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-text").focus()

    def action_close(self) -> None:
        self.dismiss(None)
