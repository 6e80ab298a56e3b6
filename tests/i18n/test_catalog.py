"""The code's sentences and their catalogs: the template is what the code says now, and
the German catalog translates all of it, keeping every placeholder."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "game" / "locale"
KEYWORDS = {"_": None, "N_": None, "N_plural": (1, 2), "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
_NAMES = re.compile(r"\{([a-z_]+)[^{}]*\}")
# A translation may use {reason} where the English lowercases the sentence it leads into.
_SAME = {"reason_lower": "reason"}


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _ids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_the_template_holds_every_sentence_of_the_code_and_no_other():
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "game"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    template = _ids(_read(LOCALE / "parley.pot"))
    assert found - template == set(), "new sentences in the code: run `make extract` and translate them"
    assert template - found == set(), "sentences the code no longer says: run `make extract`"


def test_every_catalog_translates_every_sentence_with_its_placeholders():
    template = _ids(_read(LOCALE / "parley.pot"))
    for po in LOCALE.glob("*/LC_MESSAGES/parley.po"):
        catalog = _read(po)
        assert _ids(catalog) == template, f"{po}: not up to date with the template (`make extract`)"
        problems = []
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                problems.append(f"untranslated: {ids[0]!r}")
                continue
            wanted = {_SAME.get(n, n) for english in ids for n in _NAMES.findall(english)}
            for text in strings:
                given = {_SAME.get(n, n) for n in _NAMES.findall(text)}
                if given - wanted or (len(strings) == 1 and wanted - given):
                    problems.append(f"placeholders {sorted(given)} != {sorted(wanted)} in {ids[0]!r}")
        assert problems == [], f"{po}:\n" + "\n".join(problems)
