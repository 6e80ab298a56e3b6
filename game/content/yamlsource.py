"""Safe YAML reading that remembers where every value came from.

PyYAML's composer gives us nodes with line marks; we turn them into plain Python
data ourselves so that we can (a) record the line of every key and list item,
(b) refuse duplicate keys, which PyYAML silently overwrites, and (c) refuse
aliases, which is what makes "billion laughs" bombs possible. Files are size
checked and decoded as strict UTF-8 before YAML sees them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from game.i18n import N_, _, formats

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 100  # nesting of mappings and lists; real scenarios stay far below

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
    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]  # PyYAML's own, untyped
            raise yaml.composer.ComposerError(
                None, None, _("aliases (*name) are not allowed in scenario files"), event.start_mark
            )
        # PyYAML composes recursively: without a bound, "[[[[..." within the size
        # limit ends in a RecursionError instead of a message.
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, _("values are nested more than {depth} levels deep").format(depth=MAX_DEPTH),
                    self.peek_event().start_mark,  # type: ignore[no-untyped-call]
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Lines:
    """Line numbers as editors count them: only a newline ends a line.

    PyYAML's marks also count U+0085, U+2028 and U+2029 (and a lone CR) as line
    breaks, so text pasted with one of those would shift every later line number.
    """

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] = []
        at = text.find("\n")
        while at != -1:
            self.starts.append(at + 1)
            at = text.find("\n", at + 1)

    def line(self, index: int) -> int:
        return bisect.bisect_right(self.starts, index) + 1

    def of(self, mark: yaml.Mark | None) -> int:
        return self.line(mark.index) if mark is not None else 1

    def odd_break(self, line: int) -> str:
        """A hint if `line` holds a character that YAML, unlike editors, reads as a line break."""
        start = self.starts[line - 2] if line >= 2 else 0
        end = self.starts[line - 1] if line - 1 < len(self.starts) else len(self.text)
        for ch in self.text[start:end].replace("\r\n", "\n"):
            if ch in "\x85\u2028\u2029\r":
                return _(" (the line holds {character}, which YAML reads as a line break; remove it)").format(
                    character=f"U+{ord(ch):04X}")
        return ""


def display_path(path: PathKey) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(file)"


def _too_big(shown: str, size: float, limit: int) -> ContentError:
    return ContentError(
        [Problem(shown, 1, "(file)", _("file is {size} MB; content files are limited to {limit} MB").format(
            size=formats.fixed(size / 1e6, 1), limit=formats.fixed(limit / 1e6, 1)))]
    )


def read_text(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> str:
    """Read a content file as strict UTF-8, refusing huge files before reading them."""
    try:
        if not path.is_file():
            raise ContentError([Problem(shown, 1, "(file)", _("not a regular file"))])
        size = path.stat().st_size
        if size > limit:
            raise _too_big(shown, size, limit)
        with path.open("rb") as stream:
            raw = stream.read(limit + 1)  # never more, even if the file grew since stat
    except OSError as exc:
        raise ContentError([Problem(shown, 1, "(file)", _("cannot read the file: {problem}").format(
            problem=exc.strerror or exc))]) from None
    if len(raw) > limit:
        raise _too_big(shown, len(raw), limit)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = _("not valid UTF-8 (byte {byte} at column {column}); save the file as UTF-8").format(
            byte=f"0x{raw[exc.start]:02x}", column=column)
        raise ContentError([Problem(shown, line, "(file)", message)]) from None


class _Unusual(Exception):
    """The fast path met something it leaves to the careful path (which explains it)."""


def _compose_fast(text: str) -> tuple[Any, yaml.Node | None]:
    """Compose the node tree from libyaml's events, iteratively, when libyaml is there.

    The pure-Python composer is ten times slower on a real scenario; this one builds
    the same nodes from the C parser's events. Anything unusual (an alias, deep
    nesting, more than one document, any YAML error) is left to the careful
    composer, which gives the precise message.
    """
    if not getattr(yaml, "__with_libyaml__", False):
        raise _Unusual
    loader = yaml.CSafeLoader(text)
    try:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return loader, None
        loader.get_event()  # document start
        stack: list[tuple[yaml.Node, list[Any]]] = []
        root = None
        while True:
            event = loader.get_event()
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                node, items = stack.pop()
                node.end_mark = event.end_mark
                if isinstance(node, yaml.MappingNode):
                    node.value = list(zip(items[0::2], items[1::2]))
                else:
                    node.value = items
                finished = node
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None:
                    raise _Unusual
                tag = event.tag
                if tag is None or tag == "!":
                    tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
                # libyaml's marks (yaml._yaml.Mark) serve the nodes as PyYAML's do
                finished = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark,  # type: ignore[arg-type]
                                           style=event.style)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if event.anchor is not None or len(stack) >= MAX_DEPTH:
                    raise _Unusual
                kind = yaml.MappingNode if isinstance(event, yaml.MappingStartEvent) else yaml.SequenceNode
                tag = event.tag
                if tag is None or tag == "!":
                    tag = loader.resolve(kind, None, event.implicit)  # type: ignore[no-untyped-call]
                node_class: Any = kind  # libyaml's marks serve the nodes as PyYAML's do
                stack.append((node_class(tag, [], event.start_mark, None, flow_style=event.flow_style), []))
                continue
            else:  # an alias, or anything else out of the ordinary
                raise _Unusual
            if not stack:
                root = finished
                break
            stack[-1][1].append(finished)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise _Unusual  # a second document: the careful path words it
        return loader, root
    except yaml.YAMLError:
        raise _Unusual from None
    except Exception:
        loader.dispose()
        raise


def parse_yaml(path: Path, shown: str) -> SourceDoc:
    text = read_text(path, shown)
    if not text.strip():
        raise ContentError([Problem(shown, 1, "(file)", _("file is empty"))])
    lines = _Lines(text)
    try:
        loader, node = _compose_fast(text)
    except _Unusual:
        return _parse_careful(text, shown, lines)
    try:
        return _document(loader, node, shown, lines)
    finally:
        loader.dispose()


def _parse_careful(text: str, shown: str, lines: _Lines) -> SourceDoc:
    loader = None
    try:
        loader = _Loader(text)  # the reader refuses control characters here already
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        line = lines.line(exc.position)
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        message = _("character {character} is not allowed in YAML (column {column}); remove it").format(
            character=f"U+{exc.character:04X}", column=column)
        raise ContentError([Problem(shown, line, "(file)", message)]) from None
    except yaml.MarkedYAMLError as exc:
        raise ContentError([Problem(shown, *_syntax_error(exc, lines, loader))]) from None
    except yaml.YAMLError as exc:
        # Translators: {problem} is PyYAML's own message, in English.
        raise ContentError([Problem(shown, 1, "(file)", _("YAML error: {problem}").format(problem=exc))]) from None
    try:
        return _document(loader, node, shown, lines)
    finally:
        loader.dispose()


def _document(loader: Any, node: yaml.Node | None, shown: str, lines: _Lines) -> SourceDoc:
    if node is None:
        raise ContentError([Problem(shown, 1, "(file)", _("file holds no YAML document"))])
    doc = SourceDoc(shown, None)
    problems: list[Problem] = []
    doc.data = _to_data(loader, node, (), "", doc, lines, problems)
    if problems:
        raise ContentError(problems)
    return doc


def _syntax_error(exc: yaml.MarkedYAMLError, lines: _Lines, loader: _Loader | None) -> tuple[int, str, str]:
    line, path, message = _syntax_error_at(exc, lines, loader)
    return line, path, message + lines.odd_break(line)


# What may be left open where PyYAML met the end of a quoted text or a bracket, by the context it names.
_LEFT_OPEN = (
    ("quoted scalar", N_(" (is a quote left open?)")),
    ("flow sequence", N_(" (is a '[' left open?)")),
    ("flow mapping", N_(" (is a '{' left open?)")),
    ("flow collection", N_(" (is a bracket left open?)")),
)


def _syntax_error_at(exc: yaml.MarkedYAMLError, lines: _Lines, loader: _Loader | None) -> tuple[int, str, str]:
    """(line, path, message) of a PyYAML error, at the line where the fault most likely is.

    PyYAML notices some faults only later in the file: an unclosed quote or bracket,
    or a key without its colon, is reported where the parser gave up. Its context
    mark is where the quoted scalar, flow collection or key began: report that line.
    """
    # PyYAML's own words (English): its problem and the context it met it in.
    problem = exc.problem or exc.context or _("YAML syntax error")
    context = exc.context if exc.problem else None
    pline = lines.of(exc.problem_mark) if exc.problem_mark else lines.of(exc.context_mark)
    cline = lines.of(exc.context_mark) if exc.context_mark else pline
    at_end = "<stream end>" in problem
    if at_end and context == "while parsing a flow node" and loader is not None and loader.flow_level > 0 and loader.marks:
        # "[a, b," at the end of the file: the node that is missing is at the end,
        # the bracket left open is the innermost collection the parser was in.
        context, cline = "while parsing a flow collection", lines.of(loader.marks[-1])
    opened = context is not None and (
        context.startswith("while scanning") or context.startswith("while parsing a flow")
    )
    if context is None or cline == pline:
        return pline, "(file)", _("YAML syntax error: {problem}").format(problem=problem)
    if opened:
        hint = next((_(words) for kind, words in _LEFT_OPEN if kind in context), "")
        # Translators: {context} is PyYAML's (English), such as "while scanning a quoted scalar".
        message = _("YAML syntax error: {problem} on line {line}, {context} that starts on line {start}").format(
            problem=problem, line=pline, context=context, start=cline)
        return cline, "(file)", message + hint
    if not context.startswith("while"):  # "expected a single document in the stream"
        return pline, "(file)", _("YAML syntax error: {context}, {problem}").format(context=context, problem=problem)
    return pline, "(file)", _("YAML syntax error: {problem} ({context} that starts on line {start})").format(
        problem=problem, context=context, start=cline)


# A scalar YAML cannot read as what its form says it is, by its tag's kind.
_CANNOT_READ = {
    # Translators: {problem} is Python's own message, in English (here and below).
    "timestamp": N_("cannot read '{value}' as a date: {problem}"),
    "int": N_("cannot read '{value}' as an integer: {problem}"),
    "float": N_("cannot read '{value}' as a number: {problem}"),
    "bool": N_("cannot read '{value}' as true or false: {problem}"),
    # Translators: {kind} is the name of a YAML tag, such as "binary".
    None: N_("cannot read '{value}' as {kind}: {problem}"),
}


def _construct(loader: _Loader, node: yaml.Node, shown: str, doc: SourceDoc, lines: _Lines, problems: list[Problem]) -> Any:
    """A scalar's value; a bad date (2026-02-30), unknown tag or the like is a problem, not a crash."""
    try:
        return loader.construct_object(node)
    except yaml.MarkedYAMLError as exc:
        message = exc.problem or exc.context or _("cannot read this value")
    except (ValueError, TypeError, OverflowError) as exc:
        kind = node.tag.rsplit(":", 1)[-1]
        message = _(_CANNOT_READ.get(kind, _CANNOT_READ[None])).format(value=node.value, kind=kind, problem=exc)
    problems.append(Problem(doc.file, lines.of(node.start_mark), shown or "(file)", message))
    return None


def _item_label(node: yaml.Node, index: int) -> str:
    """How a list item is shown in a path: by its `id` when it has one, like the loader does."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == "id" and isinstance(value_node, yaml.ScalarNode):
                if value_node.tag == "tag:yaml.org,2002:str" and value_node.value:
                    return str(value_node.value)
    return str(index)


_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


def _to_data(
    loader: _Loader, node: yaml.Node, path: PathKey, shown: str, doc: SourceDoc, lines: _Lines, problems: list[Problem]
) -> Any:
    doc.lines.setdefault(path, lines.of(node.start_mark))
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
        # we build lists and mappings ourselves, so a tag on one (`!!python/object:...`,
        # `!!set`) would be silently dropped: refuse it as scalars with such tags are
        problems.append(Problem(doc.file, lines.of(node.start_mark), shown or "(file)",
                                _("tags such as '{tag}' are not allowed").format(tag=node.tag)))
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    Problem(doc.file, lines.of(key_node.start_mark), shown or "(file)", _("keys must be plain names")))
                continue
            key = _construct(loader, key_node, shown, doc, lines, problems)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                key = str(key)
            key_shown = (shown + "." if shown else "") + str(key)
            if key in out:
                first = doc.lines.get(path + (key,), 0)
                problems.append(
                    Problem(doc.file, lines.of(key_node.start_mark), key_shown,
                            _("duplicate key (first given on line {line})").format(line=first))
                )
                continue
            doc.lines[path + (key,)] = lines.of(key_node.start_mark)
            out[key] = _to_data(loader, value_node, path + (key,), key_shown, doc, lines, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_data(loader, item, path + (i,), f"{shown}[{_item_label(item, i)}]", doc, lines, problems)
            for i, item in enumerate(node.value)
        ]
    return _construct(loader, node, shown, doc, lines, problems)
