"""Join codes people can read off a projector, say aloud and type: twelve characters
from an alphabet without look-alikes (no 0/O, 1/I/L, U/V), shown in groups of four
(`K7QM-3XWA-9PHT`). A code never starts with a hyphen, so `parley join HOST CODE`
always reads it as the code.

Twelve characters of 29 give about 58 bits: with the host turning an address away
after a few failed joins (`game.net.host`), guessing one is out of reach.

A code is kept in its plain form (`K7QM3XWA9PHT`); `normalise` turns whatever a
person typed (any case, with or without spaces and hyphens) into that form.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # no 0 O 1 I L U V
LENGTH = 12
GROUP = 4
SEPARATORS = " -_.\t"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def grouped(code: str) -> str:
    """A code as people read it: groups of four joined by hyphens (any other code as it is)."""
    if not is_code(code):
        return code
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalise(text: str) -> str:
    """What was typed, in a code's plain form: upper case, without separators. A string
    that cannot be a code comes back as it was typed (trimmed), so the codes of an
    older host (any URL-safe text, case-sensitive) still match exactly."""
    plain = "".join(ch for ch in text.strip() if ch not in SEPARATORS).upper()
    return plain if is_code(plain) else text.strip()


def is_code(text: str) -> bool:
    return len(text) == LENGTH and all(ch in ALPHABET for ch in text)


OLD_LENGTH = 22  # the codes of hosts before these (secrets.token_urlsafe(16)), still taken up by a resumed lesson


def looks_like_a_code(text: str) -> bool:
    """Whether what a person typed can be a code (this form, or an older host's)."""
    typed = text.strip()
    return is_code(normalise(typed)) or (len(typed) == OLD_LENGTH and not any(c.isspace() for c in typed))
