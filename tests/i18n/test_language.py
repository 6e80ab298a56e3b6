"""Choosing the language, the catalogs, and what follows the language: dates, numbers,
plurals; and that the language never reaches a save."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import game.i18n as i18n
from game.content.loader import load_scenario
from game.engine.rules import Rules
from game.headless import play_game
from game.i18n import LanguageError, _, choose, formats, ngettext, using
from game.narrate import Narrator
from game.store.log import load
from tests.abu_dhabi import DELEGATIONS

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("asked", "env", "chosen"), [
    ("de", {"PARLEY_LANG": "en", "LANG": "en_US.UTF-8"}, "de"),  # --lang first
    (None, {"PARLEY_LANG": "de", "LANG": "en_US.UTF-8"}, "de"),  # then PARLEY_LANG
    (None, {"LANG": "de_DE.UTF-8"}, "de"),  # then the system's locale
    (None, {"LANGUAGE": "fr:de", "LANG": "en_GB.UTF-8"}, "de"),  # LANGUAGE lists several, best first
    (None, {"LC_ALL": "de_AT.UTF-8", "LANG": "en_US.UTF-8"}, "de"),
    (None, {"LC_ALL": "fr_FR.UTF-8", "LANG": "de_DE.UTF-8"}, "en"),  # LC_ALL decides, and Parley has no French
    (None, {"LANG": "C.UTF-8"}, "en"),
    (None, {}, "en"),
    ("DE", {}, "de"), ("de-CH", {}, "de"), ("en_US.UTF-8", {}, "en"),
])
def test_the_language_is_asked_then_set_then_the_systems_then_english(asked, env, chosen):
    assert choose(asked, env) == chosen


def test_a_language_asked_for_by_name_must_be_one_parley_speaks():
    with pytest.raises(LanguageError, match="Parley speaks en, de; 'fr' is not one of them"):
        choose("fr", {})
    with pytest.raises(LanguageError):
        choose(None, {"PARLEY_LANG": "klingon"})


def test_the_command_line_refuses_an_unknown_language_plainly(capsys):
    from game.cli import main

    assert main(["--lang", "fr", "scenarios"]) == 2
    assert "Parley speaks en, de" in capsys.readouterr().err
    assert i18n.current() == "en"


def test_the_command_line_speaks_the_language_asked_for(capsys):
    from game.cli import main

    try:
        assert main(["scenarios", "--lang", "de"]) == 0
        out = capsys.readouterr().out
        assert "Abu Dhabi 2026: Gespräche unter US-Vermittlung" in out, out
    finally:
        i18n.use("en")


def test_dates_numbers_and_plurals_follow_the_language():
    day = dt.date(2026, 1, 24)
    with using("de"):
        assert formats.date(day) == "24. Januar 2026"
        assert formats.day(day) == "24. Januar"
        assert formats.weekday_date(day) == "Sa., 24. Januar 2026"
        assert formats.number(1234.5) == "1234,5" and formats.fixed(2.5, 2) == "2,50"
        assert formats.percent(0.873) == "87\u00a0%"
        assert ngettext("{n} turn", "{n} turns", 1) == "{n} turn"  # no catalog entry: the English stands
    assert formats.date(day) == "24 Jan 2026"
    assert formats.number(1234.5) == "1234.5" and formats.fixed(20.85, 1) == "20.9"  # as Python rounds
    assert formats.percent(0.023, 1) == "2.3%"


def test_a_catalog_without_its_compiled_file_is_compiled_from_its_po(tmp_path, monkeypatch):
    source = REPO / "game" / "locale" / "de" / "LC_MESSAGES" / "parley.po"
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(source, folder / "parley.po")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "_catalogs", {})
    assert not (folder / "parley.mo").exists()
    with using("de"):
        assert _("The game is over.") not in ("", "The game is over.")


def test_a_game_saves_the_same_bytes_in_every_language_and_debriefs_in_each(tmp_path):
    """The language is the reader's: a game played in German is byte for byte the game
    played in English, and each reads it in their own language."""
    saves = {}
    for lang in ("de", "en"):
        with using(lang):
            rules = Rules(load_scenario(REPO / "content" / "abu-dhabi"))
            assert (rules.scenario.cards[0].title == "Energiepause") == (lang == "de")
            path = tmp_path / f"{lang}.parley"
            play_game(rules, 7, {d: "ai" for d in DELEGATIONS}, save_to=path)
            saves[lang] = path.read_bytes()
    assert saves["de"] == saves["en"]
    game = load(tmp_path / "de.parley", lambda sid: load_scenario(REPO / "content" / sid))
    english = [line.text for line in Narrator(game.rules.scenario).lines(game.events)]
    with using("de"):
        german_rules = load_scenario(REPO / "content" / "abu-dhabi")
        german = [line.text for line in Narrator(german_rules).lines(game.events)]
    assert len(english) == len(german) and english != german
    assert any("proposes package" in line for line in english)
    assert any("schlägt Paket" in line for line in german), german[:10]
