"""The commitment detector reads statements typed in German as well as in English: a
German pledge is a commitment for an option, a German refusal one against it, and the
German labels match whatever their endings."""

from __future__ import annotations

import pytest
from _debrieftools import play

from game.debrief.build import build_debrief
from game.debrief.commitments import Reader, every_language
from game.engine import commands as C
from game.i18n import using


@pytest.fixture(scope="module")
def reader(rules) -> Reader:
    return Reader(rules.scenario, every_language(rules.scenario))


@pytest.mark.parametrize("text, expected", [
    ("Wir sind bereit, eine gegenseitige Pause für die Frostperiode zu unterzeichnen.",
     [("energy_pause", "frost_pause", "for")]),
    ("Einer gegenseitigen Pause für die Frostperiode stimmen wir nicht zu.",
     [("energy_pause", "frost_pause", "against")]),
    ("Eine gegenseitige Pause für die Frostperiode lehnen wir ab.",
     [("energy_pause", "frost_pause", "against")]),
    ("Wir wollen die gegenseitige Pause für die Frostperiode, keinesfalls aber: Angriffe gehen weiter!",
     [("energy_pause", "frost_pause", "for"), ("energy_pause", "strikes_continue", "against")]),
    ("Eine Garantie analog zu Artikel 5 kommt für uns nicht in Frage.",
     [("guarantees", "article5_like", "against")]),
    ("Wir sind bereit, weiter zu verhandeln.", []),
    # what follows "und", "sondern"... is about the next thing named; "nicht nur" is no refusal
    ("Wir sind für eine gegenseitige Pause für die Frostperiode und gegen: Angriffe gehen weiter.",
     [("energy_pause", "frost_pause", "for"), ("energy_pause", "strikes_continue", "against")]),
    ("Eine gegenseitige Pause für die Frostperiode ist nicht nur möglich, sondern nötig.",
     [("energy_pause", "frost_pause", "for")]),
    ("Auf diese Weise unterstützen wir eine gegenseitige Pause für die Frostperiode.",
     [("energy_pause", "frost_pause", "for")]),
])
def test_german_statements_are_read_with_german_labels_and_negations(rules, reader, text, expected):
    assert reader.positions(text) == expected


def test_a_german_pledge_and_a_german_refusal_in_a_played_game(rules):
    session = play(rules, 2, [
        C.Pass(by="ru"),
        C.Statement(by="ua", text="Eine gegenseitige Pause für die Frostperiode lehnen wir ab."),
        C.Propose(by="ua", items={"energy_pause": "frost_pause"}),  # against its own refusal
        C.Pass(by="us"),
        C.Statement(by="ru", text="Wir sind bereit, die Pause mit Meldekanal für Vorfälle zu unterzeichnen."),
        C.Reject(by="ru", package=1),
    ])
    for lang in ("en", "de"):  # the statements stay as typed; the debrief reads them in any language
        with using(lang):
            found = {(c.delegation, c.option, c.stance): c for c in build_debrief(rules, session.steps).commitments}
        assert set(found) == {("ua", "frost_pause", "against"), ("ru", "frost_pause_reported", "for")}, lang
        refusal = found["ua", "frost_pause", "against"]
        assert [(m.kind, m.package) for m in refusal.contradicted_by] == [("propose", 1)]
        assert refusal.statement == "Eine gegenseitige Pause für die Frostperiode lehnen wir ab."
