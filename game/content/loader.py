"""Load a scenario folder into a checked, frozen `Scenario`.

A scenario is every `*.yaml` file in `content/<id>/`; each file holds some of the
top-level keys (`scenario.yaml` the metadata and calendar, `cards.yaml` the cards,
and so on) and together they make one document. Errors come back all at once as
`ContentError`, each naming file, line and field.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from game.content.checks import check_scenario
from game.content.models import DELEGATIONS, Scenario
from game.content.yamlsource import ContentError, PathKey, Problem, SourceDoc, parse_yaml, read_text

MAIN_FILE = "scenario.yaml"


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
    raise ContentError(
        [Problem(str(root), 0, "scenario", f"no scenario '{scenario_id}' (known: {', '.join(known) or 'none'})")]
    )


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
            raise ContentError([Problem(_shown(folder), 0, "(folder)", f"no {MAIN_FILE} in this folder")])
        for path in files:
            try:
                doc = parse_yaml(path, _shown(path))
            except ContentError as exc:
                problems.extend(exc.problems)
                continue
            if path.name == MAIN_FILE:
                self.main = doc
            if not isinstance(doc.data, dict):
                problems.append(Problem(doc.file, 1, "(file)", "expected a mapping of keys (name: value) at the top"))
                continue
            for key, value in doc.data.items():
                if key in self.data:
                    first = self.origin[key]
                    problems.append(
                        Problem(doc.file, doc.line_of((key,)), str(key), f"also given in {first.file}:{first.line_of((key,))}")
                    )
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
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = "unknown field (check the spelling; `parley schema` lists the fields)"
        elif err["type"] == "literal_error" and "ru" in message:
            message = f"{message} (delegations are {', '.join(DELEGATIONS)})"
        elif err["type"] == "value_error":
            message = message.removeprefix("Value error, ")
        if loc and loc[-1] == "[key]":
            message = f"bad key: {message}"
        problems.append(Problem(where.file, where.line, where.path, message))
    return problems


def content_hash(scenario: Scenario, briefs: dict[str, str]) -> str:
    """SHA-256 of the scenario as the game reads it: the validated model and the briefs.

    Comments, layout and notes such as DESIGN.md do not change it, so editing them
    keeps saves loadable; any change that could change a game does.
    """
    # The game lengths count by what changes a game (id and turns), not by their label or
    # stated minutes; a scenario without lengths hashes as it did before they existed.
    digest = hashlib.sha256(scenario.model_dump_json(exclude={"calendar": {"lengths"}}).encode())
    for length in scenario.calendar.lengths:
        digest.update(f"\0length\0{length.id}\0{length.turns}".encode())
    for code in sorted(briefs):
        digest.update(b"\0" + code.encode() + b"\0" + briefs[code].encode())
    return digest.hexdigest()


def load_scenario(folder: Path | str) -> Scenario:
    """Parse, validate and cross-check a scenario folder. Raises ContentError."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ContentError([Problem(_shown(folder), 0, "(folder)", "not a folder")])
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
            problems.append(Problem(where.file, where.line, where.path, f"no brief file '{spec.brief_file}' in the scenario folder"))
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


def load_scenario_by_id(scenario_id: str, root: Path | None = None) -> Scenario:
    return load_scenario(find_scenario(scenario_id, root))


def installed_hashes(root: Path | None = None) -> dict[str, str]:
    """Every scenario installed here that loads: its id -> its content hash (what a client
    tells a host when it joins, so that a table whose scenario differs refuses it before
    seating it)."""
    out = {}
    for folder in scenario_dirs(root):
        try:
            scenario = load_scenario(folder)
        except ContentError:
            continue
        out[scenario.id] = scenario.content_hash
    return out
