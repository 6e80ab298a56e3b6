"""Dates and numbers as the current language writes them (Babel's locale data).

Every date a player reads goes through `date`, `day` or `weekday_date`; every number
with decimals or thousands through `number`, and shares through `percent`. English
keeps the table's compact form ("24 Jan 2026"); German writes "24. Januar 2026".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal  # imported where it is first used: the lobby's first frame does not wait for it

import datetime as dt

from game.i18n import current

# Babel date patterns per language: a full date, a day of the month, and a date with its weekday.
_PATTERNS = {
    "en": {"date": "dd MMM y", "day": "dd MMM", "weekday": "EEE dd MMM y", "short": "dd MMM"},
    "de": {"date": "d. MMMM y", "day": "d. MMMM", "weekday": "EEE, d. MMMM y", "short": "d. MMM"},
}


def _pattern(kind: str) -> str:
    return _PATTERNS.get(current(), _PATTERNS["en"])[kind]


def _format(value: dt.date, kind: str) -> str:
    from babel.dates import format_date  # the first date pays for Babel's import, not the first frame

    return format_date(value, _pattern(kind), locale=current())


def date(value: dt.date) -> str:
    """A date with its year: 24 Jan 2026 / 24. Januar 2026."""
    return _format(value, "date")


def day(value: dt.date) -> str:
    """A date within the year: 24 Jan / 24. Januar."""
    return _format(value, "day")


def short_day(value: dt.date) -> str:
    """A date within the year where space is tight: 24 Jan / 24. Jan."""
    return _format(value, "short")


def weekday_date(value: dt.date) -> str:
    """A date with its weekday: Sat 24 Jan 2026 / Sa., 24. Januar 2026."""
    return _format(value, "weekday")


def _rounded(value: float | Decimal, digits: int) -> Decimal:
    """`value` rounded as Python rounds it for display (f"{20.85:.1f}" is "20.9": the
    float's own binary value), as an exact decimal for Babel, which would otherwise
    round the shortest decimal form half to even ("20.8")."""
    from decimal import Decimal

    return Decimal(f"{value:.{digits}f}")


def number(value: float | Decimal, digits: int = 1) -> str:
    """A number with at most `digits` decimals: 1234.5 / 1234,5 (the game's figures are
    small: no thousands separator, as English wrote them before there were languages)."""
    from babel.numbers import format_decimal

    pattern = "0" + ("." + "#" * digits if digits else "")
    return format_decimal(_rounded(value, digits), format=pattern, locale=current())


def fixed(value: float, digits: int = 1) -> str:
    """A number with exactly `digits` decimals: 13.50 / 13,50."""
    from babel.numbers import format_decimal

    pattern = "0" + ("." + "0" * digits if digits else "")
    return format_decimal(_rounded(value, digits), format=pattern, locale=current())


def compact(value: float) -> str:
    """A value as short as it goes, as `:g` writes it: 55, 2.5, -0.25 (55 / 2,5)."""
    return number(value, 6)


def signed(value: float, digits: int = 1, exact: bool = True) -> str:
    """A number with its sign, as a change or a score reads: +13.5 / -2.0 (exactly
    `digits` decimals, or at most that many when `exact` is False)."""
    text = (fixed if exact else number)(value, digits)
    return text if text.startswith(("-", "\u2212")) else "+" + text


def parse_number(text: str) -> float:
    """A number a person typed, in their language's way or in the English one ("2,5"
    and "2.5" in German); ValueError if it is not one."""
    from babel.numbers import NumberFormatError, parse_decimal

    text = text.strip().replace("\u2212", "-")
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return float(parse_decimal(text, locale=current(), strict=True))
    except NumberFormatError as exc:
        raise ValueError(text) from exc


def percent(share: float, digits: int = 0) -> str:
    """A share (0.87) as a percentage: 87% / 87 %."""
    from babel import Locale
    from babel.numbers import format_percent

    pattern = Locale.parse(current()).percent_formats[None].pattern  # "#,##0%" / "#,##0\u00a0%"
    if digits:
        pattern = pattern.replace("0%", "0." + "0" * digits + "%").replace("0\u00a0%", "0." + "0" * digits + "\u00a0%")
    return format_percent(_rounded(share * 100, digits) / 100, format=pattern, locale=current())


def in_sentence(label: str) -> str:
    """A menu label ("Class") as it reads inside a sentence: English writes it in small
    letters ("at the class length"); German keeps its capitals (its nouns have them)."""
    return label if current() == "de" else label.lower()
