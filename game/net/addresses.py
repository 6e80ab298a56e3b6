"""The addresses a class can use: a server listening on every interface (0.0.0.0, ::)
is reached at this machine's network address, never at 0.0.0.0; an IPv6 address goes
in brackets in a URL."""

from __future__ import annotations

import socket

from game.i18n import _

ANY_ADDRESS = ("", "0.0.0.0", "::")


def lan_address() -> str:
    """This machine's address on the network its default route faces (the classroom's,
    on a school network), or its host name when it has none."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # no packet is sent for a UDP connect
            return probe.getsockname()[0]
    except OSError:
        return socket.gethostname()


def reachable(bind: str) -> str:
    """The host part of the address others use for a server bound to `bind`."""
    return lan_address() if bind in ANY_ADDRESS else bind


def url(scheme: str, host: str, port: int, path: str = "") -> str:
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{scheme}://{host}:{port}{path}"


def exposure(bind: str) -> str | None:
    """What binding the host to `bind` exposes, as a sentence, when it is worth saying:
    more than this machine, or this machine only."""
    if bind in ANY_ADDRESS:
        return _("The host is listening on every network interface of this machine: anyone on its networks can "
                 "reach it (on a school network, only the classroom's should).")
    if bind in ("127.0.0.1", "::1", "localhost"):
        return _("The host is listening on this machine only: other computers cannot join "
                 "(use --bind 0.0.0.0 for a classroom).")
    return None
