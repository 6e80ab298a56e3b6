"""English left in German text: the catalog's English sentences, cut at their
placeholders, that a German screen or transcript still shows.

A piece counts when it is at least two words long and its German translation does not
contain it too (names such as "BATNA" or "Status quo" are the same in both)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

CATALOG = Path(__file__).resolve().parents[2] / "game" / "locale" / "de" / "LC_MESSAGES" / "parley.po"
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _pieces(text: str) -> list[str]:
    out = []
    for part in _PLACEHOLDER.split(text):
        part = " ".join(part.split()).strip(" .,;:!?()\u2014\u201c\u201d\"'-")
        if len(part.split()) >= 2:
            out.append(part)
    return out


@lru_cache(maxsize=1)
def english_pieces() -> tuple[str, ...]:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    found = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        german = " ".join(s for s in strings if s)
        for english in ids:
            found.update(p for p in _pieces(english) if p not in german)
    return tuple(sorted(found, key=len, reverse=True))


def leftovers(text: str) -> list[str]:
    """The English pieces of the catalog that `text` shows (whole words only)."""
    flat = " ".join(text.split())
    return [p for p in english_pieces()
            if p in flat and re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", flat)]  # `in` first: far quicker


_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{3,}")
CONTENT = Path(__file__).resolve().parents[2] / "content"


@lru_cache(maxsize=1)
def english_only_words() -> frozenset[str]:
    """Words of the catalog's English sentences that no German text of Parley uses (its
    catalog, its scenarios' German texts and briefs): a German screen showing one of them
    shows English. Placeholders are left out."""
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    english, german = set(), set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in ids:
            english.update(w.lower() for w in _WORD.findall(_PLACEHOLDER.sub(" ", text)))
        for text in strings:
            german.update(w.lower() for w in _WORD.findall(_PLACEHOLDER.sub(" ", text or "")))
    for path in [*CONTENT.glob("*/i18n/de.yaml"), *CONTENT.glob("*/i18n/de/**/*.md")]:
        german.update(w.lower() for w in _WORD.findall(path.read_text(encoding="utf-8")))
    return frozenset(english - german)


def english_words(text: str) -> list[str]:
    """The words of `text` that only Parley's English uses."""
    only = english_only_words()
    text = re.sub(r"\S*/\S*|\S+\.[a-z]{2,8}\b", " ", text)  # file paths and names are the machine's words
    return sorted({w for w in _WORD.findall(text) if w.lower() in only})
