"""A seat at a hosted table: one of the two games the screens know (`game.play.Game`).

The screens read a game synchronously (its view, transcript, whose turn it is); a
`RemoteMatch` answers from what the host last sent this seat, which is already
redacted for it on the host. Acting is the one thing that has to wait for the host:
`submit` tells its `answered` the host's refusal or None once the host has answered.
Everything that changes (an update, the line dropping, the seat's code withdrawn) is
told to the listeners, which the screens turn into a redraw.

A dropped connection is taken up again by itself with the same code, a few times,
with growing pauses; a withdrawn code is not.

The computer delegations and the turn timer run on the host, so a remote seat never
has a computer to move and never enters a timeout itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from game.content.models import Scenario
from game.engine import commands as C
from game.engine import events as E
from game.engine.rules import Rules
from game.engine.views import OBSERVER, View, localize
from game.i18n import _
from game.i18n.engine import from_host
from game.match import FACILITATOR, unused_path
from game.net.client import Client, JoinError, Link
from game.net.deskclient import DeskClient
from game.net.protocol import VERSION, DeskWelcome, Hello, Refused, Welcome
from game.play import Answered, Game, GameError, Played
from game.store.files import write_text_atomically
from game.store.log import SUFFIX

# Seconds between attempts to take a dropped seat up again: quickly at first, then for
# about two minutes in all (a host being restarted by the teacher).
RETRIES = (0.5, 1.0, 2.0, 4.0, 8.0) + (15.0,) * 7


class RemoteError(GameError):
    """Something a person at a remote seat should read: the message says what and why."""


def join_problem(exc: BaseException, uri: str) -> str:
    """Why joining failed, in words for the person at the keyboard (whatever failed:
    the join screen shows this, never a traceback)."""
    if isinstance(exc, JoinError):
        return str(exc)
    if isinstance(exc, RemoteError):
        return str(exc)
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        return _("The host at {address} did not answer in time.").format(address=uri)
    if isinstance(exc, OSError):
        return _("No Parley host answers at {address}: is `parley host` running there, and is the address right?").format(
            address=uri)
    from websockets.exceptions import InvalidHandshake, InvalidURI, WebSocketException

    from game.net.protocol import BadMessage

    if isinstance(exc, (InvalidURI, UnicodeError, ValueError)) and not isinstance(exc, BadMessage):
        return _("{address} is not an address a client can join: check the host's name or number.").format(address=uri)
    if isinstance(exc, (InvalidHandshake, BadMessage)):
        return _("Something at {address} answered, but it is not a Parley host of this version.").format(address=uri)
    if isinstance(exc, WebSocketException):
        return _("The connection to {address} failed: {problem}").format(address=uri, problem=exc)
    return _("Joining {address} failed: {problem}").format(address=uri, problem=exc)


async def connect(uri: str, code: str, scenario_for: Callable[[str], Scenario]) -> RemoteMatch | DeskClient:
    """Join the host at `uri` with `code`: the seat it is for, or (the lesson's desk code)
    the teacher's desk. Raises JoinError, RemoteError or OSError (see `join_problem`)."""
    from game.content.loader import installed_hashes

    hello = Hello(version=VERSION, code=code, scenarios=installed_hashes())
    connection, first = await asyncio.wait_for(Link.hello(uri, hello), 15)
    if isinstance(first, DeskWelcome):
        desk = DeskClient(connection, first)
        desk.start()
        await asyncio.wait_for(desk.wait(lambda: set(desk.summaries) >= set(desk.tables)), 15)
        for scenario_id, content_hash in sorted({(t.scenario, t.content_hash) for t in first.tables}):
            desk.rules[scenario_id] = Rules(await installed(desk, scenario_id, content_hash, scenario_for))
        return desk
    if not isinstance(first, Welcome):
        await connection.close()
        raise JoinError(_("the host did not welcome this client"))
    client = await asyncio.wait_for(Client.seated(connection, first), 15)
    scenario = await installed(client, first.scenario, first.content_hash, scenario_for)
    return RemoteMatch(uri, code, client, Rules(scenario))


async def join_table(uri: str, code: str, scenario_for: Callable[[str], Scenario]) -> RemoteMatch:
    """`connect`, for a seat's code only (the desk opening a table's console)."""
    joined = await connect(uri, code, scenario_for)
    if isinstance(joined, DeskClient):
        await joined.close()
        raise JoinError(_("That is the desk's code: open the desk with it (`parley join HOST CODE`)."))
    return joined


async def installed(link: Link, scenario_id: str, content_hash: str, scenario_for: Callable[[str], Scenario]) -> Scenario:
    """The scenario `scenario_id` as installed here, if it is the host's (`content_hash`);
    otherwise the connection closes and RemoteError says what to install."""
    try:
        scenario = scenario_for(scenario_id)
    except Exception:  # noqa: BLE001 - any way it fails to load, the person's answer is the same
        await link.close()
        raise RemoteError(_(
            "This table plays scenario \u201c{scenario}\u201d, which is not installed here "
            "(or does not load). Install the same version of Parley as the host."
        ).format(scenario=scenario_id)) from None
    if scenario.content_hash != content_hash:
        await link.close()
        raise RemoteError(_(
            "This table's scenario \u201c{scenario}\u201d differs from the one installed here: "
            "install the same version of Parley as the host."
        ).format(scenario=scenario.id))
    return scenario


class RemoteMatch:
    """A seat at a hosted table (see `game.play.Game` for what each member promises)."""

    # The host runs the game: each person plays at their own seat, the host keeps the
    # time and the save, and its computer delegations move there.
    at_this_keyboard = False
    clock_here = False
    saves_here = False
    computer_to_move = False

    def __init__(self, uri: str, code: str, client: Client, rules: Rules) -> None:
        self.uri = uri
        self.code = code
        self.client = client
        self.rules = rules
        self.scenario = rules.scenario
        self.seat = client.seat
        self.main_seat = self.seat
        self.table = client.welcome.table
        self.facilitated = self.seat == FACILITATOR
        self.people = [] if self.facilitated else [self.seat]
        self.path: Path | None = None  # the local copy of the log, once fetched
        self._localized: tuple[View, View] | None = None  # (the view sent, the same in this seat's words)
        # Joining again: a delegation that has acted has read its brief and the news so
        # far; an observer or facilitator joining a game under way needs no old news either.
        if self.seat in rules.parties:
            self.resumed = any(getattr(e, "by", None) == self.seat for e in client.events)
        else:
            self.resumed = any(isinstance(e, E.TurnEnded) for e in client.events)
        self.listeners: list[Callable[[], None]] = []
        self.lost: str | None = None  # why the connection is down, while it is
        self.gone = False  # the seat is lost for good (its code withdrawn or used elsewhere, or given up)
        self.code_void = False  # the code no longer works (withdrawn by the facilitator)
        self._closing = False
        self._rejoining: asyncio.Task | None = None
        self._sending: set[asyncio.Task] = set()  # moves on their way to the host
        self._attach(client)

    # ------------------------------------------------------------------ the connection

    def _attach(self, client: Client) -> None:
        """Take `client`'s connection for this seat. A rejoin resends the seat's whole
        transcript, the same events, so the counts the screens hold still fit."""
        self.client = client
        client.listeners.append(self._changed)

    def _changed(self) -> None:
        client = self.client
        if not client.connected and not self._closing and not self.gone:
            final = next((p for p in client.problems if p.fatal and p.code in ("revoked", "replaced")), None)
            if final is not None:  # not to be taken up again: the seat is someone else's now
                self.gone = True
                self.code_void = final.code == "revoked"
                self.lost = (_("This seat's code was withdrawn. Ask the facilitator for the new one.")
                             if self.code_void else from_host(final.code, final.message))
            elif self._rejoining is None:
                self.lost = _("The connection to the host was lost. Reconnecting\u2026")
                self._rejoining = asyncio.get_running_loop().create_task(self._rejoin())
        for listener in list(self.listeners):
            listener()

    async def _rejoin(self) -> None:
        try:
            for pause in RETRIES:
                await asyncio.sleep(pause)
                if self._closing:
                    return
                try:
                    client = await asyncio.wait_for(Client.join(self.uri, self.code, rejoin=True), 10)
                except JoinError as exc:  # the host is there but will not seat us: no use retrying
                    self.gone = True
                    self.lost = str(exc)
                    break
                except Exception:  # noqa: BLE001 - down, restarting, or not answering yet: try again
                    continue
                else:
                    self.lost = None
                    self._attach(client)
                    break
            else:
                self.gone = True
                self.lost = _("The host at {address} cannot be reached. Rejoin with your code when it is back.").format(
                    address=self.uri)
        finally:
            self._rejoining = None
            if self.client.connected or self.gone or self._closing:
                for listener in list(self.listeners):
                    listener()
            else:  # the new connection closed at once: start over
                self._changed()

    def close(self) -> None:
        """Leave the table (the host keeps the seat for a rejoin)."""
        self._closing = True
        if self._rejoining is not None:
            self._rejoining.cancel()
        for task in list(self._sending):
            task.cancel()
        try:
            asyncio.get_running_loop().create_task(self.client.close())
        except RuntimeError:  # no loop any more: the app is gone, and the socket with it
            pass

    # ------------------------------------------------------------------ reading, as a Match

    def view(self, seat: str) -> View:
        """The seat's view as the host sent it, in this seat's own language (the host sends
        the same view to every seat; the words come from the scenario installed here)."""
        if seat != self.seat:
            raise RemoteError(f"this connection sees the table as {self.seat}, not {seat}")  # a bug, not a person's
        sent = self.sent
        if self._localized is None or self._localized[0] is not sent:
            self._localized = (sent, localize(sent, self.rules))
        return self._localized[1]

    @property
    def sent(self) -> View:
        """The view the host last sent this seat (joining waits for the first)."""
        if self.client.view is None:
            raise RemoteError("the host has sent this seat no view yet")  # a bug, not a person's
        return self.client.view

    def transcript(self, seat: str) -> list[E.Event]:
        self.view(seat)
        return list(self.client.events)

    def event_count(self) -> int:
        """Events of this seat's transcript (a remote seat never learns the table's own count)."""
        return len(self.client.events)

    def transcript_since(self, seat: str, start: int) -> list[E.Event]:
        self.view(seat)
        return list(self.client.events[start:])

    @property
    def whose_turn(self) -> str | None:
        return self.sent.whose_turn

    @property
    def ended(self) -> bool:
        return self.sent.phase == "ended"

    @property
    def seats(self) -> dict[str, str]:
        """Who holds each delegation: "person" (a client) or a computer kind; as the
        host welcomed this seat, with the facilitator's hand-overs since."""
        seats = dict(self.client.welcome.seats)
        seats.update({e.delegation: e.to for e in self.client.events if isinstance(e, E.SeatHanded)})
        return seats

    def is_person(self, seat: str | None) -> bool:
        """The seat is played at this keyboard (another person's seat is theirs, at
        their own terminal)."""
        return seat is not None and seat in self.people

    @property
    def observing(self) -> bool:
        return self.seat == OBSERVER

    def connected(self, seat: str) -> int | None:
        """(The facilitator) how many clients sit at `seat` now; None before the host said."""
        return self.client.present.get(seat) if self.client.present else None

    # ------------------------------------------------------------------ acting

    def submit(self, command: C.Command, answered: Answered) -> None:
        """Send `command`; `answered` learns the host's answer once it came (never after `close`)."""

        async def go() -> None:
            refusal = await self.send(command)
            if not self._closing:
                answered(refusal)

        task = asyncio.get_running_loop().create_task(go())
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    def hand_seat(self, delegation: str, to: str, answered: Answered) -> None:
        """(The facilitator) the host hands the seat over, and checks the kind."""
        self.submit(C.HandSeat(delegation=delegation, to=to), answered)

    def computer_move(self) -> None:
        raise RemoteError("computer delegations move on the host")  # a bug, not a person's: computer_to_move is False

    def time_out(self, who: str) -> None:
        raise RemoteError("the host keeps the time")  # a bug, not a person's: clock_here is False

    def save_as(self, name: str) -> Path:
        raise RemoteError(_("The host saves this game after every move. Once the talks are over, a copy comes to "
                            "this computer with the debrief."))

    def farewell(self) -> str:
        return _("You left the table; the host keeps your seat. Join again with your code.")

    async def send(self, command: C.Command) -> Refused | None:
        """The host's refusal of `command`, or None once it was taken."""
        if self.lost is not None:
            return Refused(code="offline", message=self.lost)
        try:
            return await asyncio.wait_for(self.client.act(command), 30)
        except (ConnectionError, TimeoutError):
            return Refused(code="offline", message=_("The host did not answer; your move may not have reached it."))
        except Exception as exc:  # the socket closed under the send
            from websockets.exceptions import ConnectionClosed

            if isinstance(exc, ConnectionClosed):
                return Refused(code="offline", message=_("The connection to the host closed before the move was sent."))
            raise

    @property
    def codes(self) -> dict[str, str] | None:
        """(The facilitator) the table's join codes as the host last said them."""
        return dict(self.client.codes) if self.facilitated else None

    async def revoke(self, seat: str) -> str:
        """(The facilitator) withdraw `seat`'s code; the new one. Its own code withdrawn,
        the connection goes on, and rejoins with the new one. Raises RemoteError."""
        from websockets.exceptions import WebSocketException

        try:
            code = await self.client.revoke(seat)
        except (TimeoutError, JoinError, ConnectionError, WebSocketException) as exc:
            raise RemoteError(str(exc) or _("The host did not answer.")) from None
        if seat == self.seat:
            self.code = code
        return code

    async def played(self, folder: Path) -> Played:
        """The game's log from the host, kept in `folder` and verified. Raises RemoteError."""
        from websockets.exceptions import WebSocketException

        from game.content.loader import load_scenario_by_id
        from game.store.log import SaveError, load

        try:
            path = await asyncio.wait_for(self.fetch_copy(folder), 30)
            loaded = load(path, load_scenario_by_id)
        except (TimeoutError, JoinError, ConnectionError, OSError, SaveError, WebSocketException) as exc:
            raise RemoteError(str(exc) or _("the host did not answer")) from None
        return Played(loaded.rules, tuple(loaded.steps), loaded.header, path)

    async def fetch_copy(self, folder: Path) -> Path:
        """The game's whole log, written to `folder` (for the debrief and the replay)."""
        log = await self.client.fetch_log()
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{Path(log.name).stem}-{self.table}"
        target = folder / f"{stem}{SUFFIX}"
        if target.exists() and target.read_text(encoding="utf-8") != log.text:
            target = unused_path(folder, stem)
        write_text_atomically(target, log.text)
        self.path = target
        return target


if TYPE_CHECKING:  # mypy holds a RemoteMatch to what the screens expect of a game

    def _is_a_game(match: RemoteMatch) -> Game:
        return match
