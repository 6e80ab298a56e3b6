"""Safe YAML reading that remembers where every value came from.

PyYAML's composer gives us nodes with line marks; we turn them into plain Python
data ourselves so that we can (a) record the line of every key and list item,
(b) refuse duplicate keys, which PyYAML silently overwrites, and (c) refuse
aliases, which is what makes "billion laughs" bombs possible. Files are size
checked and decoded as strict UTF-8 before YAML sees them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 1_000_000

PathKey = tuple[Any, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file, printed as `FILE:LINE: path: message`."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.path}: {self.message}"


class ContentError(Exception):
    """Raised with every problem found, never with just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class SourceDoc:
    """A parsed YAML file: its data and the line of every path inside it."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, path: PathKey) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        for cut in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:cut]))
            if line is not None:
                return line
        return 1


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in scenario files", event.start_mark
            )
        return super().compose_node(parent, index)


def display_path(path: PathKey) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(file)"


def read_text(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> str:
    """Read a content file as strict UTF-8, refusing huge files before reading them."""
    size = path.stat().st_size
    if size > limit:
        raise ContentError(
            [Problem(shown, 1, "(file)", f"file is {size / 1e6:.1f} MB; content files are limited to {limit / 1e6:.1f} MB")]
        )
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError(
            [Problem(shown, line, "(file)", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {column}); save the file as UTF-8")]
        ) from None


def parse_yaml(path: Path, shown: str) -> SourceDoc:
    text = read_text(path, shown)
    if not text.strip():
        raise ContentError([Problem(shown, 1, "(file)", "file is empty")])
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or exc.context or "YAML syntax error"
        raise ContentError([Problem(shown, line, "(file)", f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(shown, 1, "(file)", f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()
    if node is None:
        raise ContentError([Problem(shown, 1, "(file)", "file holds no YAML document")])
    doc = SourceDoc(shown, None)
    problems: list[Problem] = []
    doc.data = _to_data(loader, node, (), doc, problems)
    if problems:
        raise ContentError(problems)
    return doc


def _to_data(loader: _Loader, node: yaml.Node, path: PathKey, doc: SourceDoc, problems: list[Problem]) -> Any:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(doc.file, key_node.start_mark.line + 1, display_path(path), "keys must be plain names"))
                continue
            key = loader.construct_object(key_node)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                key = str(key)
            if key in out:
                first = doc.lines.get(path + (key,), 0)
                problems.append(
                    Problem(doc.file, key_node.start_mark.line + 1, display_path(path + (key,)), f"duplicate key (first given on line {first})")
                )
                continue
            doc.lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _to_data(loader, value_node, path + (key,), doc, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(loader, item, path + (i,), doc, problems) for i, item in enumerate(node.value)]
    return loader.construct_object(node)
