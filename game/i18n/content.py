"""Scenario texts per language.

A scenario is written in English. A translation is `content/<id>/i18n/<lang>.yaml`:
the scenario's texts (every field typed `Text` in `game.content.models`) in the same
tree, where a list of things with ids becomes a mapping keyed by those ids and any
other list a mapping keyed by position::

    title: Die Gespräche von Abu Dhabi
    cards:
      energy_pause:
        title: Pause der Angriffe auf die Energieinfrastruktur
        options:
          frost_pause: {label: Beiderseitige Pause für die Frostperiode, description: ...}
    events:
      postponed: {title: ..., text: ..., effects: {0: {text: ...}}}

The briefs come from `i18n/<lang>/` under the same names as the originals
(`briefs/ru.md` -> `i18n/de/briefs/ru.md`).

A translated scenario keeps the original's content hash: the rules and so the saves
do not depend on the language. A text the translation lacks stays in English;
`parley validate` lists missing keys, stale keys (ids the scenario no longer has) and
texts whose placeholders differ from the original's, as FILE:LINE: path: message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from game.content.models import TRANSLATABLE, Scenario
from game.content.yamlsource import ContentError, PathKey, Problem, SourceDoc, parse_yaml, read_text
from game.i18n import _

FOLDER = "i18n"
TRANSLATED_FILES = ("teaching.md",)  # a scenario's files for people besides its texts and briefs
_PLACEHOLDER = re.compile(r"\{[^{}\s]*\}")


class Key(str):
    """A path step into a list (an id or a position), shown as `[key]`."""


TextPath = tuple[str, ...]


# ---------------------------------------------------------------------------- the texts of a scenario


def _translatable(annotation: Any, metadata: list[Any] | tuple[Any, ...] = ()) -> bool:
    if any(item is TRANSLATABLE for item in metadata):
        return True
    if get_origin(annotation) is Annotated:
        return any(item is TRANSLATABLE for item in annotation.__metadata__) or _translatable(get_args(annotation)[0])
    return any(_translatable(arg) for arg in get_args(annotation))


def texts(model: BaseModel, prefix: TextPath = ()) -> Iterator[tuple[TextPath, str]]:
    """Every translatable text of `model`, with its path (list items by id or position)."""
    for name, info in type(model).model_fields.items():
        yield from _walk(getattr(model, name), prefix + (name,), _translatable(info.annotation, info.metadata))


def _walk(value: Any, path: TextPath, text: bool) -> Iterator[tuple[TextPath, str]]:
    if isinstance(value, BaseModel):
        yield from texts(value, path)
    elif isinstance(value, str):
        if text and value:
            yield path, value
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            key = getattr(item, "id", None) if isinstance(item, BaseModel) else None
            yield from _walk(item, path + (Key(key if isinstance(key, str) else index),), text)
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _walk(item, path + (str(name),), text)


def shown(path: TextPath) -> str:
    """A path as validate prints it: cards[energy_pause].options[frost_pause].label."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, Key) else ("." if out else "") + part
    return out


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


# ---------------------------------------------------------------------------- a translation file


def translation_file(folder: Path, lang: str) -> Path:
    return folder / FOLDER / f"{lang}.yaml"


def translated_file(folder: Path, lang: str, original: str) -> Path:
    """Where the translation of a file of the scenario folder (a brief, the teaching
    notes) lies: `i18n/<lang>/` and the original's own path under it."""
    return folder / FOLDER / lang / PurePosixPath(original)


def languages(folder: Path) -> list[str]:
    """The languages a scenario folder has a translation for."""
    return sorted(p.stem for p in (folder / FOLDER).glob("*.yaml"))


class Translation:
    """A translation file read: its texts by path, and where each came from."""

    def __init__(self, doc: SourceDoc):
        self.doc = doc
        self.texts: dict[TextPath, str] = {}
        self.raw: dict[TextPath, PathKey] = {}  # our path -> the YAML's own keys, for line numbers
        self.problems: list[Problem] = []
        if doc.data is None:
            return
        if not isinstance(doc.data, dict):
            self.problems.append(Problem(doc.file, 1, "(file)", _("expected a mapping of texts (name: text) at the top")))
            return
        self._flatten(doc.data, (), ())

    def _flatten(self, data: dict[Any, Any], path: TextPath, raw: PathKey) -> None:
        for key, value in data.items():
            step, where = str(key), raw + (key,)
            if isinstance(value, dict):
                self._flatten(value, path + (step,), where)
            elif isinstance(value, str):
                self.texts[path + (step,)] = value.strip()
                self.raw[path + (step,)] = where
            else:
                self.problems.append(Problem(self.doc.file, self.doc.line_of(where), _plain(path + (step,)),
                                             _("expected a text or a mapping of texts")))

    def line(self, path: TextPath) -> int:
        raw = self.raw.get(path)
        if raw is not None:
            return self.doc.line_of(raw)
        # a missing text: the line of the deepest part of its path the file has
        node: Any = self.doc.data
        found: list[Any] = []
        for step in path:
            if not isinstance(node, dict):
                break
            match = next((k for k in node if str(k) == step), None)
            if match is None:
                break
            found.append(match)
            node = node[match]
        return self.doc.line_of(tuple(found))


def _plain(path: TextPath) -> str:
    return ".".join(path)


def _normal(path: TextPath) -> TextPath:
    return tuple(str(part) for part in path)


def read_translation(folder: Path, lang: str) -> Translation | None:
    """The translation of the scenario in `folder` into `lang`, or None if it has none.
    A file YAML cannot read raises ContentError naming file and line."""
    path = translation_file(folder, lang)
    if not path.is_file():
        return None
    return Translation(parse_yaml(path, _shown(path)))


def _shown(path: Path) -> str:
    import os

    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------- checking and applying


def check_translation(scenario: Scenario, folder: Path, lang: str) -> list[Problem]:
    """What is wrong with the translation of `scenario` into `lang`: missing texts and
    briefs, stale keys, texts whose placeholders differ from the original's."""
    try:
        translation = read_translation(folder, lang)
    except ContentError as exc:
        return list(exc.problems)
    if translation is None:
        return []
    problems = list(translation.problems)
    file = translation.doc.file
    original = {_normal(path): (path, text) for path, text in texts(scenario)}
    for key, (path, text) in original.items():
        if key not in translation.texts:
            problems.append(Problem(file, translation.line(key), shown(path), _("missing: no translation of this text")))
            continue
        wanted, given = placeholders(text), placeholders(translation.texts[key])
        if wanted != given:
            problems.append(Problem(file, translation.line(key), shown(path), _(
                "placeholders {given} differ from the original's {wanted}").format(
                given=" ".join(given) or _("(none)"), wanted=" ".join(wanted) or _("(none)"))))
    for key in translation.texts:
        if key not in original:
            problems.append(Problem(file, translation.line(key), _plain(key),
                                    _("stale: the scenario has no such text (an id that changed or was removed?)")))
    for code, spec in scenario.delegations.items():
        brief = translated_file(folder, lang, spec.brief_file)
        if not brief.is_file():
            problems.append(Problem(file, 1, f"delegations.{code}.brief_file",
                                    _("missing: no translated brief {file}").format(file=_shown(brief))))
    for notes in TRANSLATED_FILES:
        if (folder / notes).is_file() and not translated_file(folder, lang, notes).is_file():
            problems.append(Problem(file, 1, notes, _("missing: no translation {file}").format(
                file=_shown(translated_file(folder, lang, notes)))))
    problems.sort(key=lambda p: (p.file, p.line, p.path))
    return problems


def translate(scenario: Scenario, folder: Path, lang: str) -> Scenario:
    """`scenario` with its texts and briefs in `lang` where the translation has them,
    keeping the original's content hash. Raises ContentError for a translation file
    that cannot be read; missing and stale texts are left to `check_translation`."""
    translation = read_translation(folder, lang)
    briefs = dict(scenario.briefs)
    for code, spec in scenario.delegations.items():
        brief = translated_file(folder, lang, spec.brief_file)
        if brief.is_file():
            briefs[code] = read_text(brief, _shown(brief))
    if translation is None and briefs == scenario.briefs:
        return scenario  # nothing of it in `lang`: it stays what it is, in its own language
    data = scenario.model_dump(mode="json")
    if translation is not None:
        if translation.problems:
            raise ContentError(translation.problems)
        for path, _text in texts(scenario):
            given = translation.texts.get(_normal(path))
            if given:
                _put(data, path, given)
    try:
        translated = Scenario.model_validate(data)
    except ValidationError as exc:  # a text the original's rules refuse (too long, say): said where it is
        assert translation is not None
        raise ContentError([_problem(translation, data, err) for err in exc.errors(include_url=False)]) from None
    translated._briefs = briefs
    translated._content_hash = scenario.content_hash
    translated._language = lang
    return translated


def skeleton(scenario: Scenario) -> dict[str, Any]:
    """The tree a translation file has, filled with the original texts (a translator's start)."""
    tree: dict[Any, Any] = {}
    for path, text in texts(scenario):
        node = tree
        for step in path[:-1]:
            node = node.setdefault(_yaml_key(step), {})
        node[_yaml_key(path[-1])] = text
    return tree


def _yaml_key(step: str) -> str | int:
    return int(step) if isinstance(step, Key) and step.isdigit() else str(step)


def _problem(translation: Translation, data: Any, err: Any) -> Problem:
    """A translated text the scenario's model refuses, where the translation file has it."""
    from game.content.loader import pydantic_message

    path: list[str] = []
    node = data
    for step in err["loc"]:
        if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
            key = node.get("id") if isinstance(node, dict) else None
            path.append(Key(key if isinstance(key, str) else step))
        elif isinstance(node, dict) and step in node:
            node = node[step]
            path.append(str(step))
    text_path = tuple(path)
    return Problem(translation.doc.file, translation.line(_normal(text_path)), shown(text_path), pydantic_message(err))


def _put(data: Any, path: TextPath, text: str) -> None:
    node = data
    for step in path[:-1]:
        node = _child(node, step)
    last = path[-1]
    if isinstance(node, list):
        node[_index(node, last)] = text
    else:
        node[last] = text


def _child(node: Any, step: str) -> Any:
    if isinstance(node, (list, tuple)):
        return node[_index(node, step)]
    return node[step]


def _index(items: list[Any] | tuple[Any, ...], step: str) -> int:
    if isinstance(step, Key):
        for i, item in enumerate(items):
            if isinstance(item, dict) and item.get("id") == step:
                return i
    return int(step)
