"""Parley's languages: the one place that knows which language the player reads.

The code's own sentences go through gettext: write `_("The game is over.")`, or
`ngettext("{n} turn", "{n} turns", n).format(n=n)` for a number, and never glue
English grammar together with f-strings. A sentence kept in a table until it is
shown is marked with `N_()` where it is written and translated with `_()` where it
is shown. Scenario texts are translated by `game.i18n.content`; dates and numbers by
`game.i18n.formats`.

The catalogs are `game/locale/<lang>/LC_MESSAGES/parley.po`, compiled to `.mo` by
the Makefile (`make catalogs`); a catalog whose `.mo` is missing or older than its
`.po` is compiled in memory instead, so a checkout never shows stale words.

The language is chosen once per process (`choose`, then `use`): `--lang`, then
`PARLEY_LANG`, then the system locale, then English. Every seat of a hosted table
is its own process, so every seat reads its own language.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol

DOMAIN = "parley"
DEFAULT = "en"
# The language codes Parley speaks, each named in its own language (as a lobby lists them).
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch"}
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"

class Catalog(Protocol):
    def gettext(self, message: str) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int) -> str: ...
    def pgettext(self, context: str, message: str) -> str: ...


class _English:
    """The sentences as written: what a catalog of English would give."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        return message


_catalogs: dict[str, Catalog] = {}
_current = DEFAULT


class LanguageError(ValueError):
    """A language Parley does not speak; the message says which ones it does."""


def known(code: str) -> str:
    """`code` if Parley speaks it (any case, `de_DE.UTF-8` counts as `de`); else LanguageError."""
    short = code.strip().replace("-", "_").split(".")[0].split("_")[0].lower()
    if short not in LANGUAGES:
        raise LanguageError(f"Parley speaks {', '.join(LANGUAGES)}; '{code}' is not one of them.")
    return short


def choose(asked: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """The language to use: `asked` (from `--lang`), else PARLEY_LANG, else the system
    locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext reads them), else English.
    A language asked for by name must be known; one guessed from the locale need not."""
    env = os.environ if env is None else env
    if asked:
        return known(asked)
    if env.get("PARLEY_LANG"):
        return known(env["PARLEY_LANG"])
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable)
        if not value:
            continue
        for part in value.split(":"):  # LANGUAGE may list several, best first
            if part in ("C", "POSIX") or part.startswith(("C.", "POSIX.")):
                continue
            try:
                return known(part)
            except LanguageError:
                continue
        if variable != "LANGUAGE":
            break  # gettext's rule: the first of LC_ALL, LC_MESSAGES, LANG that is set decides
    return DEFAULT


def catalog(code: str) -> Catalog:
    """The translations of `code` (English: the sentences as written), loaded once."""
    code = known(code)
    found = _catalogs.get(code)
    if found is None:
        found = _catalogs[code] = _load(code)
    return found


def _load(code: str) -> Catalog:
    if code == DEFAULT:
        return _English()
    import gettext as _gettext

    folder = LOCALE_DIR / code / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    if not po.is_file():
        return _gettext.NullTranslations()
    return _gettext.GNUTranslations(compile_po(po))


def compile_po(po: Path) -> BinaryIO:
    """A `.po` file compiled in memory (Babel), for a checkout whose `.mo` is not built."""
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        messages = read_po(handle)
    out = io.BytesIO()
    write_mo(out, messages, use_fuzzy=False)
    out.seek(0)
    return out


def use(code: str) -> None:
    """Make `code` the language of this process from now on."""
    global _current
    catalog(code)
    _current = known(code)


def current() -> str:
    return _current


@contextmanager
def using(code: str) -> Iterator[None]:
    """Speak `code` inside the block (a debrief written in another language, a test)."""
    before = current()
    use(code)
    try:
        yield
    finally:
        use(before)


def _(message: str) -> str:
    """`message` in the current language."""
    return catalog(_current).gettext(message) if _current != DEFAULT else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a message for `n`, by the current language's plural rule."""
    return catalog(_current).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, told apart from the same English words
    used elsewhere by `context`."""
    return catalog(_current).pgettext(context, message)


def N_(message: str) -> str:
    """Marks `message` for translation where it is written; `_()` translates it where it is shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message with a plural for translation where it is written; `ngettext(*pair, n)`
    translates it where it is shown."""
    return singular, plural


__all__ = ["DEFAULT", "LANGUAGES", "LanguageError", "N_", "N_plural", "_", "catalog", "choose", "current", "known",
           "ngettext", "pgettext", "use", "using"]
