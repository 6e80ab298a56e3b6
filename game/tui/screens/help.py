"""Help (F1 or ?): the rules in brief and every key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from rich.markdown import Markdown
from rich.segment import Segment
from textual.widgets import Footer, Label, Static

RULES = """\
## The rules in brief

Three delegations (Moscow, Kyiv, Washington) negotiate **issue cards**: NATO status,
Donbas, security guarantees, the energy-strike pause, sanctions, elections and more.
Each card has options; the **status quo** holds until a text is signed.

- **Turns.** In each round the delegations take turns. On your turn you make one move:
  propose, counter, accept, reject, use a lever, call a recess, walk out or pass.
  A short **statement** to the table is free (one per turn).
- **Packages.** A package names one option on one or more cards. It is signed once
  every delegation whose consent its cards need has accepted it. A counter replaces the
  package on the table. Packages left open lapse when the round ends.
- **Red lines.** Your brief lists them. A *hard* line (\u2716) cannot be crossed: the table
  refuses the package. A *soft* line (!) can be crossed, at a cost paid on signing.
  Marks judge the whole package, as the table does: some lines give way when the same
  package meets a condition (your brief says which).
- **Events** fire on dates, at rounds, or when conditions hold: a round may be postponed,
  a meter may move. Play stops until you have read them.
- **Turn timer.** If the game has one, the time left shows at the top; when it runs out
  the delegation passes (or a computer delegation moves for it), and the log says so.
- **Facilitator.** A facilitator may pause the table, fire events, inject news, move
  rounds, reveal hidden information and hand seats over; every such step is logged.
- **Hosted tables.** With `parley host`, each delegation plays from its own computer:
  join with the code you were given (`parley join HOST CODE`, or j in the lobby). The
  host keeps the game, the save and the turn timer; you see only your own seat.
- **BATNA and score.** Your **BATNA** (best alternative to a negotiated agreement) is what
  you have if nothing is signed: at the start, the worth to you of the status quo on every
  card (0-100); it then moves with the meters your brief names (for Moscow and Kyiv,
  battlefield leverage, which the calendar tends to move towards Moscow). Your **score** =
  what the signed text is worth to you over no agreement + how far your BATNA moved + the
  objectives you meet: with nothing signed, it is how far your BATNA moved. The top strip
  shows your score and BATNA now; the briefing (b) shows the BATNA's path and your objectives.
- **If signed now.** Under the cards and on the table you see what signing the package now
  would change in your score (soft-line costs and objectives included), your score then,
  and how you would then stand against your BATNA now. Plus is better than not signing.
  Some delegations have **hidden readings** of their position; they are revealed at the end.

Some mechanics are invented for play (numbers, chances, meters); the scenario's notes say which.
"""

KEYS = """\
## Keys

| Where | Key | What it does |
|---|---|---|
| Everywhere | F1, ? | This help |
| | Ctrl+P | Command palette: the main actions by name, and the theme |
| | Ctrl+Q | Quit Parley (a game in progress is already saved) |
| Lobby | g, Enter | Start a game with the seats, turn timer and seed shown |
| | f | Start it with you at the facilitator's seat (`parley play --facilitator` too) |
| | c | Continue the last unfinished game |
| | l | Load a save |
| | t | The coached tutorial: one short negotiation as Kyiv, step by step (Esc leaves it) |
| | j | Join a hosted table: its address, then your seat's code |
| | Tab, Shift+Tab | Move between scenario, seats and seed |
| | \u2190 \u2192 | On a seat: a person, or a computer delegation and its preset |
| | r | A new random seed |
| Table | \u2191 \u2193 | Choose a card |
| | \u2190 \u2192 | Put an option of that card in your draft (or change it) |
| | Delete | Take the card out of your draft |
| | x | Clear the draft |
| | d | Copy the package on the table into your draft (to counter it) |
| | p | Propose your draft |
| | c | Counter the package on the table with your draft |
| | a, r | Accept or reject the package on the table |
| | s | Make a statement |
| | g | Pledge: a statement that commits you to the options in your draft (the debrief checks later offers against it) |
| | l | Use a lever |
| | e | Call a recess (ends the round) |
| | w | Walk out (ends the talks) |
| | n | Pass |
| | b | Read your brief again |
| | t | To the transcript and back: there \u2191 \u2193, PgUp, PgDn, Home and End scroll it (the mouse wheel does too) |
| | Ctrl+S | Save a named copy of the game |
| | Space | Skip the wait while a computer delegation moves |
| | q | Back to the lobby (the game is saved after every move); at a hosted table, leave it (the host keeps your seat) |
| Facilitator | Enter | Hand the keyboard to the person whose turn it is |
| | p | Pause the table, or resume it |
| | f | Fire any scenario event now |
| | i | Inject news: headline, text, who hears it, an optional meter change |
| | m | Postpone the next round, or bring it forward |
| | t | Lengthen or shorten the round |
| | v | Reveal a delegation's hidden reading and red lines to everyone |
| | h | Hand a seat to a computer delegation, or back to a person |
| | k | Turn timer: minutes per turn; at expiry the delegation passes or a computer moves |
| | b | Read any delegation's brief |
| | x | End the game now |
| | c | At a hosted table: withdraw a seat's join code and issue a new one |
| Notices | Enter | Continue |
| End | d | The full debrief of the game |
| | r | Replay the game from one seat's point of view |
| | Enter | Back to the lobby |
| Join | Enter | Join with the code typed |
| | Esc | Back to the lobby (or quit, after `parley join`) |
| Load | Enter | Load the save and go on playing |
| | r, d | Replay the save, or its debrief (a finished game) |
| Debrief | w | Write it as one HTML page next to the save |
| | r | Replay the game |
| Replay | \u2190 \u2192 | One event back or on |
| | PgUp PgDn, [ ] | One round back or on |
| | Home, End | The first or the last event |
| | v | Another point of view |
"""


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


HELP = _Rendered(Markdown(RULES + "\n" + KEYS))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,question_mark,q", "close", "Close help")]

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Label("Parley: help", classes="dialog-title")
            with VerticalScroll(id="help-text"):
                # Rich renders the text in one pass: the help opens at once (Textual's
                # Markdown widget builds a widget per block and took most of a second).
                yield Static(HELP, id="help-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-text").focus()

    def action_close(self) -> None:
        self.dismiss(None)
