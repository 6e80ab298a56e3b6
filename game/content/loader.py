"""Load a scenario folder into a checked, frozen `Scenario`.

A scenario is every `*.yaml` file in `content/<id>/`; each file holds some of the
top-level keys (`scenario.yaml` the metadata and calendar, `cards.yaml` the cards,
and so on) and together they make one document. Errors come back all at once as
`ContentError`, each naming file, line and field.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from game.content.checks import check_scenario
from game.content.models import Scenario
from game.content.yamlsource import ContentError, PathKey, Problem, SourceDoc, parse_yaml, read_text
from game.i18n import N_, N_plural, _, ngettext

MAIN_FILE = "scenario.yaml"
ORIGINAL_LANGUAGE = "en"  # the language scenarios are written in; translations live in i18n/


def content_root() -> Path:
    """The folder that holds the scenarios: `PARLEY_CONTENT`, else the repository's `content/`."""
    env = os.environ.get("PARLEY_CONTENT")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "content"


def scenario_dirs(root: Path | None = None) -> list[Path]:
    root = root or content_root()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / MAIN_FILE).is_file())


def find_scenario(scenario_id: str, root: Path | None = None) -> Path:
    """The folder of scenario `scenario_id`, by folder name or by the id inside it."""
    root = root or content_root()
    direct = root / scenario_id
    if (direct / MAIN_FILE).is_file():
        return direct
    known = [p.name for p in scenario_dirs(root)]
    if known:
        message = _("no scenario '{scenario}' (known: {known})").format(scenario=scenario_id, known=", ".join(known))
    else:
        message = _("no scenario '{scenario}' (known: none)").format(scenario=scenario_id)
    raise ContentError([Problem(str(root), 0, "scenario", message)])


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


class _Merged:
    """The scenario's files merged into one document, remembering where each key came from."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data: dict[str, Any] = {}
        self.origin: dict[str, SourceDoc] = {}
        self.main: SourceDoc | None = None
        problems: list[Problem] = []
        # scenario.yaml first: a top-level key given twice is then reported in the
        # other file, where it most likely strayed, not in the main one.
        files = sorted(folder.glob("*.yaml"), key=lambda p: (p.name != MAIN_FILE, p.name))
        if not (folder / MAIN_FILE).is_file():
            message = _("no {file} in this folder").format(file=MAIN_FILE)
            raise ContentError([Problem(_shown(folder), 0, "(folder)", message)])
        for path in files:
            try:
                doc = parse_yaml(path, _shown(path))
            except ContentError as exc:
                problems.extend(exc.problems)
                continue
            if path.name == MAIN_FILE:
                self.main = doc
            if not isinstance(doc.data, dict):
                problems.append(Problem(doc.file, 1, "(file)", _("expected a mapping of keys (name: value) at the top")))
                continue
            for key, value in doc.data.items():
                if key in self.data:
                    first = self.origin[key]
                    where = _("also given in {file}:{line}").format(file=first.file, line=first.line_of((key,)))
                    problems.append(Problem(doc.file, doc.line_of((key,)), str(key), where))
                    continue
                self.data[key] = value
                self.origin[key] = doc
        if problems:
            raise ContentError(problems)

    def locate(self, loc: PathKey) -> Problem:
        """A Problem skeleton (file, line, readable path) for a path into the merged data."""
        top = loc[0] if loc and isinstance(loc[0], str) and loc[0] in self.data else None
        doc = self.origin.get(top) if top is not None else self.main
        doc = doc or self.main
        assert doc is not None
        obj: Any = self.data
        real: list[Any] = []
        shown: list[str] = []
        for i, part in enumerate(loc):
            if part == "[key]":  # pydantic's marker for an error in a mapping's key
                continue
            if isinstance(obj, dict) and part in obj:
                obj = obj[part]
                real.append(part)
                shown.append(("." if shown else "") + str(part))
            elif isinstance(obj, list) and isinstance(part, int) and 0 <= part < len(obj):
                item = obj[part]
                obj = item
                real.append(part)
                label = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else part
                shown.append(f"[{label}]")
            elif i == len(loc) - 1 and isinstance(part, (str, int)):
                shown.append(("." if shown else "") + str(part) if isinstance(part, str) else f"[{part}]")
        return Problem(doc.file, doc.line_of(tuple(real)), "".join(shown) or "(file)", "")


# pydantic's messages in words of our own, so that they can be translated, each filled from
# the error's context (`ctx`). The English is pydantic's; a kind of error not here keeps
# pydantic's own message, in English.
_PYDANTIC = {
    "missing": N_("Field required"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
    "string_type": N_("Input should be a valid string"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "date_type": N_("Input should be a valid date"),
    "date_from_datetime_inexact": N_("Datetimes provided to dates should have zero time - e.g. be exact dates"),
    # Translators: {expected} lists the values the field takes: "'start', 'end' or 'check'".
    "literal_error": N_("Input should be {expected}"),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "multiple_of": N_("Input should be a multiple of {multiple_of}"),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "dict_type": N_("Input should be a valid dictionary"),
    "list_type": N_("Input should be a valid list"),
    "tuple_type": N_("Input should be a valid tuple"),
    "set_type": N_("Input should be a valid set"),
    # Translators: {class_name} is the name of a part of a scenario in the code, such as Card.
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
    "model_attributes_type": N_("Input should be a valid dictionary or object to extract fields from"),
    # Translators: {discriminator} is a field's name in quotes ('kind'); {expected_tags} its values, in quotes.
    "union_tag_invalid": N_("Input tag '{tag}' found using {discriminator} does not match any of the expected tags: "
                            "{expected_tags}"),
    "union_tag_not_found": N_("Unable to extract tag using discriminator {discriminator}"),
}
_DATE_PARSING = {
    # Translators: {error} says what is wrong with the date (one of the phrases of pydantic's date parser below).
    "date_parsing": N_("Input should be a valid date in the format YYYY-MM-DD, {error}"),
    # Translators: {error} says what is wrong with the date (one of the phrases of pydantic's date parser below).
    "date_from_datetime_parsing": N_("Input should be a valid date or datetime, {error}"),
}
# What pydantic's date parser (speedate) says is wrong with a date, in its words.
_DATE_ERRORS = frozenset((
    N_("input is too short"),
    N_("unexpected extra characters at the end of the input"),
    N_("invalid character in year"),
    N_("invalid character in month"),
    N_("invalid character in day"),
    N_("invalid character in hour"),
    N_("invalid date separator, expected `-`"),
    N_("invalid datetime separator, expected `T`, `t`, `_` or space"),
    N_("month value is outside expected range of 1-12"),
    N_("day value is outside expected range"),
    N_("hour value is outside expected range of 0-23"),
    N_("year 0 is out of range"),
    N_("dates after 9999 are not supported as unix timestamps"),
    N_("dates before 0000 are not supported as unix timestamps"),
))
# Too few or too many items, by the kind of collection pydantic names (`field_type`).
_TOO_SHORT = {
    "List": N_plural(
        "List should have at least {min_length} item after validation, not {actual_length}",
        "List should have at least {min_length} items after validation, not {actual_length}",
    ),
    "Tuple": N_plural(
        "Tuple should have at least {min_length} item after validation, not {actual_length}",
        "Tuple should have at least {min_length} items after validation, not {actual_length}",
    ),
    "Dictionary": N_plural(
        "Dictionary should have at least {min_length} item after validation, not {actual_length}",
        "Dictionary should have at least {min_length} items after validation, not {actual_length}",
    ),
}
_TOO_LONG = {
    "List": N_plural(
        "List should have at most {max_length} item after validation, not {actual_length}",
        "List should have at most {max_length} items after validation, not {actual_length}",
    ),
    "Tuple": N_plural(
        "Tuple should have at most {max_length} item after validation, not {actual_length}",
        "Tuple should have at most {max_length} items after validation, not {actual_length}",
    ),
    "Dictionary": N_plural(
        "Dictionary should have at most {max_length} item after validation, not {actual_length}",
        "Dictionary should have at most {max_length} items after validation, not {actual_length}",
    ),
}
# A value pydantic lists in `expected`: a quoted string, a number, or a constant.
_VALUE = r"(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|-?\d+(?:\.\d+)?|True|False|None)"


def _alternatives(expected: str) -> str:
    """pydantic's list of the values a field takes ("'start', 'end' or 'check'") with the reader's
    word for "or"; as pydantic wrote it if it is one value, or a list this does not read."""
    found = re.fullmatch(rf"({_VALUE}(?:, {_VALUE})*) or ({_VALUE})", expected)
    if found is None:
        return expected
    # Translators: the last of several values a field can take: "'start', 'end' or 'check'".
    return _("{values} or {last}").format(values=", ".join(re.findall(_VALUE, found.group(1))), last=found.group(2))


def _number(value: object) -> str:
    """A limit from pydantic's context as pydantic shows it: 0.0 as 0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def pydantic_message(err: Mapping[str, Any]) -> str:
    """A pydantic error's message in the reader's language: pydantic's own words (English)
    for a kind of error this does not know."""
    kind, ctx = err["type"], dict(err.get("ctx") or {})
    try:
        if kind in _PYDANTIC:
            if kind == "literal_error":
                ctx["expected"] = _alternatives(str(ctx.get("expected", "")))
            return _(_PYDANTIC[kind]).format(**{key: _number(value) for key, value in ctx.items()})
        if kind in _DATE_PARSING and ctx.get("error") in _DATE_ERRORS:
            return _(_DATE_PARSING[kind]).format(error=_(ctx["error"]))
        limits = {"too_short": _TOO_SHORT, "too_long": _TOO_LONG}.get(kind, {})
        if ctx.get("field_type") in limits:
            singular, plural = limits[ctx["field_type"]]
            count = ctx["min_length" if kind == "too_short" else "max_length"]
            return ngettext(singular, plural, count).format(**ctx)
        if kind == "string_too_short":
            return ngettext("String should have at least {min_length} character",
                            "String should have at least {min_length} characters", ctx["min_length"]).format(**ctx)
        if kind == "string_too_long":
            return ngettext("String should have at most {max_length} character",
                            "String should have at most {max_length} characters", ctx["max_length"]).format(**ctx)
    except (KeyError, IndexError, ValueError, TypeError):
        pass
    return str(err["msg"])


def _pydantic_problems(merged: _Merged, error: ValidationError) -> list[Problem]:
    problems = []
    errors = error.errors(include_url=False)
    failed = [tuple(err["loc"]) for err in errors]
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "too_short" and any(len(other) > len(loc) and other[: len(loc)] == loc for other in failed):
            # pydantic counts only the items that validated: a list whose one item is
            # wrong is also "too short". The item's own error is the real one.
            continue
        if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
            # an effect with a wrong or missing `kind`: point at the `kind` field
            loc += (str(err.get("ctx", {}).get("discriminator", "kind")).strip("'"),)
        where = merged.locate(loc)
        message = pydantic_message(err)
        if err["type"] == "extra_forbidden":
            message = _("unknown field (check the spelling; `parley schema` lists the fields)")
        elif err["type"] == "value_error":
            message = message.removeprefix("Value error, ")  # the scenario's own checks (models.py)
        if loc and loc[-1] == "[key]":
            message = _("bad key: {problem}").format(problem=message)
        problems.append(Problem(where.file, where.line, where.path, message))
    return problems


def content_hash(scenario: Scenario, briefs: dict[str, str]) -> str:
    """SHA-256 of the scenario as the game reads it: the validated model and the briefs.

    Comments, layout and notes such as DESIGN.md do not change it, so editing them
    keeps saves loadable; any change that could change a game does.
    """
    # The game lengths count by what changes a game (id and turns), not by their label or
    # stated minutes; a scenario without lengths hashes as it did before they existed.
    # A party's colour and its computer style change no replay (a save holds every move
    # a computer made), so they are left out: saves made before they existed still load.
    # Nor does the coach's script (`coaching`).
    digest = hashlib.sha256(scenario.model_dump_json(exclude={
        "calendar": {"lengths"}, "delegations": {code: {"colour", "style"} for code in scenario.delegations},
        "coaching": True,
    }).encode())
    for length in scenario.calendar.lengths:
        digest.update(f"\0length\0{length.id}\0{length.turns}".encode())
    for code in sorted(briefs):
        digest.update(b"\0" + code.encode() + b"\0" + briefs[code].encode())
    return digest.hexdigest()


def load_scenario(folder: Path | str, lang: str | None = None) -> Scenario:
    """Parse, validate and cross-check a scenario folder, with its texts in `lang`
    (default: the language this process speaks) where it has a translation into it.
    Raises ContentError."""
    folder = Path(folder)
    scenario = _load_original(folder)
    from game import i18n

    lang = i18n.current() if lang is None else i18n.known(lang)
    if lang == ORIGINAL_LANGUAGE:
        return scenario
    from game.i18n.content import translate

    return translate(scenario, folder, lang)


def _load_original(folder: Path) -> Scenario:
    if not folder.is_dir():
        raise ContentError([Problem(_shown(folder), 0, "(folder)", _("not a folder"))])
    merged = _Merged(folder)
    try:
        scenario = Scenario.model_validate(merged.data)
    except ValidationError as exc:
        raise ContentError(_pydantic_problems(merged, exc)) from None

    problems = []
    for path, message in check_scenario(scenario):
        where = merged.locate(path)
        problems.append(Problem(where.file, where.line, where.path, message))

    briefs: dict[str, str] = {}
    for code, spec in scenario.delegations.items():
        target = (folder / spec.brief_file).resolve()
        where = merged.locate(("delegations", code, "brief_file"))
        if folder.resolve() not in target.parents or not target.is_file():
            problems.append(Problem(where.file, where.line, where.path,
                                    _("no brief file '{file}' in the scenario folder").format(file=spec.brief_file)))
            continue
        try:
            briefs[code] = read_text(target, _shown(target))
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    scenario._briefs = briefs
    scenario._content_hash = content_hash(scenario, briefs)
    return scenario


def load_scenario_by_id(scenario_id: str, root: Path | None = None, lang: str | None = None) -> Scenario:
    return load_scenario(find_scenario(scenario_id, root), lang)


def installed_hashes(root: Path | None = None) -> dict[str, str]:
    """Every scenario installed here that loads: its id -> its content hash (what a client
    tells a host when it joins, so that a table whose scenario differs refuses it before
    seating it)."""
    out = {}
    for folder in scenario_dirs(root):
        try:
            scenario = load_scenario(folder, ORIGINAL_LANGUAGE)
        except ContentError:
            continue
        out[scenario.id] = scenario.content_hash
    return out
