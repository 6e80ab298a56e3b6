"""A corpus of broken scenarios: each deliberate error is reported with file, line and field.

Every case copies content/tutorial, breaks one thing, and states where the error
is: the file, the line (found from the text of the broken file itself, so the
expectation is not a number typed by hand), a piece of the field path and of the
message. Each case runs through the library (`load_scenario` raising ContentError)
and through `parley validate` as a subprocess: the `FILE:LINE: path: message` lines on
stdout, no traceback, exit 1. The command checks each folder it is given on its own, so
one `parley validate FOLDER FOLDER ...` checks every case's folder (a process takes
most of a second to start; the corpus has dozens of cases).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from game.content.loader import load_scenario
from game.content.yamlsource import ContentError, Problem

REPO = Path(__file__).resolve().parents[2]
TUTORIAL = REPO / "content" / "tutorial"

Mutation = Callable[[Path], None]


# --------------------------------------------------------------------------- mutations


def replace(file: str, old: str, new: str) -> Mutation:
    """Replace the first `old` in `file` by `new`."""

    def mutate(folder: Path) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"content/tutorial/{file} changed: the corpus cannot find {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def replace_bytes(file: str, old: bytes, new: bytes) -> Mutation:
    def mutate(folder: Path) -> None:
        path = folder / file
        raw = path.read_bytes()
        assert old in raw, f"content/tutorial/{file} changed: the corpus cannot find {old!r}"
        path.write_bytes(raw.replace(old, new, 1))

    return mutate


def append(file: str, text: str) -> Mutation:
    def mutate(folder: Path) -> None:
        path = folder / file
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return mutate


def write(file: str, content: str | bytes) -> Mutation:
    def mutate(folder: Path) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / file).write_bytes(data)

    return mutate


def delete(file: str) -> Mutation:
    def mutate(folder: Path) -> None:
        (folder / file).unlink()

    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(folder: Path) -> None:
        for m in mutations:
            m(folder)

    return mutate


def duplicate_card(card_id: str) -> Mutation:
    """Append a second copy of card `card_id` to the end of cards.yaml."""

    def mutate(folder: Path) -> None:
        path = folder / "cards.yaml"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        start = lines.index(f"  - id: {card_id}\n")
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("  - id: ")), len(lines))
        block = "".join(lines[start:end])
        text = "".join(lines)
        path.write_text(text + ("" if text.endswith("\n") else "\n") + block, encoding="utf-8")

    return mutate


# --------------------------------------------------------------------------- expectations


def line_of(raw: bytes, marker: str, occurrence: int = 1) -> int:
    """The 1-based line (as an editor counts: by newlines) where `marker` occurs the nth time."""
    needle = marker.encode("utf-8")
    at = -1
    for _ in range(occurrence):
        at = raw.find(needle, at + 1)
        assert at != -1, f"marker {marker!r} (occurrence {occurrence}) is not in the broken file"
    return raw.count(b"\n", 0, at) + 1


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Mutation
    file: str  # the file the error is reported in, relative to the scenario folder
    marker: str | None  # text on the expected line of the broken file; None: line 1
    path: str  # a piece of the reported field path
    message: str | Callable[[Path], str]  # a piece of the reported message (or made from the broken folder)
    occurrence: int = 1  # which occurrence of `marker`
    count: int = 1  # how many problems the case reports in all

    def expected_message(self, folder: Path) -> str:
        return self.message(folder) if callable(self.message) else self.message

    def expected_line(self, folder: Path) -> int:
        if self.marker is None:
            return 1
        return line_of((folder / self.file).read_bytes(), self.marker, self.occurrence)


def first_given(file: str, marker: str) -> Callable[[Path], str]:
    """The duplicate-key message, naming the line of the first key as found in the broken file."""
    return lambda folder: f"duplicate key (first given on line {line_of((folder / file).read_bytes(), marker)})"

ALIAS_OPTIONS = """
  - id: extra
    title: Extra
    description: "A card that reuses another card's options by alias."
    options: &opts
      - {id: a, label: A, description: "Option a."}
      - {id: b, label: B, description: "Option b."}
    status_quo: a
    consent: [ru]
    weights: {ru: 1, ua: 1, us: 1}
    values: {ru: {a: 1, b: 2}, ua: {a: 1, b: 2}, us: {a: 1, b: 2}}
    source: invented
  - id: extra_two
    title: Extra two
    description: "Second card."
    options: *opts
"""

CASES: list[Case] = [
    # ---- YAML syntax
    Case(
        "syntax-bad-indentation",
        replace("cards.yaml", "    title: Prisoner exchange\n", "    title: Prisoner exchange\n   oops: misindented\n"),
        "cards.yaml", "   oops: misindented", "(file)", "YAML syntax error",
    ),
    Case(
        "syntax-unclosed-bracket",
        replace("cards.yaml", "consent: [ru, ua, us]", "consent: [ru, ua, us"),
        "cards.yaml", "consent: [ru, ua, us\n", "(file)", "'[' left open",
    ),
    Case(
        "syntax-unclosed-brace",
        replace(
            "delegations.yaml",
            "forbid: {card: prisoners, options: [all_for_all]}",
            "forbid: {card: prisoners, options: [all_for_all]",
        ),
        "delegations.yaml", "forbid: {card: prisoners", "(file)", "'{' left open",
    ),
    Case(
        "syntax-unclosed-bracket-at-end-of-file",
        append("events.yaml", "    to: [ru, ua,\n"),
        "events.yaml", "    to: [ru, ua,", "(file)", "left open",
    ),
    Case(
        "syntax-unclosed-quote",
        replace(
            "events.yaml",
            'text: "A first text is signed. The mood at the table improves."',
            'text: "A first text is signed. The mood at the table improves.',
        ),
        "events.yaml", "text: \"A first", "(file)", "quote left open",
    ),
    Case(
        "syntax-key-without-colon",
        replace("cards.yaml", "    status_quo: open\n", "    status_quo open\n"),
        "cards.yaml", "    status_quo open", "(file)", "could not find expected ':'",
    ),
    Case(
        "syntax-tab-indentation",
        replace("cards.yaml", "    title: Prisoner exchange\n", "\ttitle: Prisoner exchange\n"),
        "cards.yaml", "\ttitle: Prisoner exchange", "(file)", "'\\t'",
    ),
    Case(
        "syntax-two-documents",
        append("events.yaml", "---\nmore: 1\n"),
        "events.yaml", "---", "(file)", "single document",
    ),
    Case(
        "alias-refused",
        append("cards.yaml", ALIAS_OPTIONS),
        "cards.yaml", "options: *opts", "(file)", "aliases",
    ),
    # ---- missing fields
    Case(
        "missing-card-title",
        replace("cards.yaml", "    title: Prisoner exchange\n", ""),
        "cards.yaml", "  - id: prisoners", "cards[prisoners].title", "Field required",
    ),
    Case(
        "missing-option-label",
        replace("cards.yaml", "{id: small, label: Small exchange, ", "{id: small, "),
        "cards.yaml", "{id: small, description", "cards[prisoners].options[small].label", "Field required",
    ),
    Case(
        "missing-effect-field",
        replace("events.yaml", "{kind: set_flag, flag: goodwill}", "{kind: set_flag}"),
        "events.yaml", "{kind: set_flag}", "events[first_deal].effects[0].flag", "Field required",
    ),
    Case(
        "missing-round-turns",
        replace("scenario.yaml", "      turns: 9\n", ""),
        "scenario.yaml", "    - id: practice", "calendar.rounds[practice].turns", "Field required",
    ),
    Case(
        "missing-top-level-summary",
        replace(
            "scenario.yaml",
            'summary: "One round, three cards: learn to propose, accept and counter before the real talks."\n',
            "",
        ),
        "scenario.yaml", None, "summary", "Field required",
    ),
    # ---- wrong types
    Case(
        "wrong-type-turns",
        replace("scenario.yaml", "turns: 9", "turns: many"),
        "scenario.yaml", "turns: many", "calendar.rounds[practice].turns", "valid integer",
    ),
    Case(
        "wrong-type-points",
        replace("scenario.yaml", "        points: 10", "        points: lots"),
        "scenario.yaml", "points: lots", "scoring.us.objectives[any_deal].points", "valid number",
    ),
    Case(  # the value model has no fixed BATNA: an old scenario is told what to do
        "fixed-batna",
        replace("scenario.yaml", "  us:\n    objectives:", "  us:\n    batna: 30\n    objectives:"),
        "scenario.yaml", "  us:", "scoring.us", "no longer used",
    ),
    Case(
        "wrong-type-bool",
        replace("delegations.yaml", "hard: false", "hard: sometimes"),
        "delegations.yaml", "hard: sometimes", "delegations.ru.red_lines[no_all_for_all].hard", "valid boolean",
    ),
    Case(
        "wrong-type-list-for-text",
        replace("cards.yaml", "    title: The next round\n", "    title: [The, next, round]\n"),
        "cards.yaml", "title: [The", "cards[next_round].title", "valid string",
    ),
    Case(
        "impossible-date",
        replace("scenario.yaml", "  end: 2026-01-21", "  end: 2026-02-30"),
        "scenario.yaml", "end: 2026-02-30", "calendar.end", "date",
    ),
    Case(
        "unknown-delegation-in-list",
        replace("cards.yaml", "consent: [ru, ua, us]", "consent: [ru, ua, uk]"),
        "cards.yaml", "consent: [ru, ua, uk]", "cards[next_round].consent[2]",
        "unknown delegation 'uk' (delegations: ru, ua, us)",
    ),
    Case(  # the parties are the keys of `delegations`: a renamed one leaves the old name unknown where it is used
        "unknown-delegation-as-key",
        replace("delegations.yaml", "  us:\n", "  uk:\n"),
        "cards.yaml", "consent: [ru, ua, us]", "cards[next_round].consent[2]",
        "unknown delegation 'us' (delegations: ru, ua, uk)", count=20,  # every use of either name
    ),
    Case(
        "delegation-named-like-a-seat",
        replace("delegations.yaml", "  us:\n", "  facilitator:\n"),
        "delegations.yaml", "  facilitator:", "delegations.facilitator", "not a delegation", count=21,
    ),
    Case(
        "delegation-code-not-an-id",
        replace("delegations.yaml", "  us:\n", "  US:\n"),
        "delegations.yaml", "  US:", "delegations.US", "bad key",
    ),
    Case(
        "unknown-effect-kind",
        replace("events.yaml", "kind: set_flag", "kind: set_flags"),
        "events.yaml", "kind: set_flags", "events[first_deal].effects[0].kind", "set_flags",
    ),
    Case(
        "meter-start-out-of-range",
        replace("delegations.yaml", "{id: patience, label: Patience, start: 60", "{id: patience, label: Patience, start: 160"),
        "delegations.yaml", "{id: patience", "delegations.us.meters[patience]", "start (160.0) is outside 0..100",
    ),
    Case(
        "top-level-is-a-list",
        write("events.yaml", "- one\n- two\n"),
        "events.yaml", None, "(file)", "expected a mapping",
    ),
    # ---- unknown references
    Case(
        "red-line-forbids-unknown-card",
        replace("delegations.yaml", "forbid: {card: prisoners,", "forbid: {card: prisonerz,"),
        "delegations.yaml", "forbid: {card: prisonerz", "delegations.ru.red_lines[no_all_for_all].forbid.card",
        "unknown card 'prisonerz'",
    ),
    Case(
        "red-line-forbids-unknown-option",
        replace("delegations.yaml", "options: [all_for_all]", "options: [all_for_one]"),
        "delegations.yaml", "options: [all_for_one]", "delegations.ru.red_lines[no_all_for_all].forbid.options[0]",
        "unknown option 'all_for_one'",
    ),
    Case(
        "red-line-unless-unknown-card",
        replace("delegations.yaml", "unless: {cards: [{card: prisoners,", "unless: {cards: [{card: prisonerz,"),
        "delegations.yaml", "unless: {cards: [{card: prisonerz", "red_lines[no_short_pause_alone].unless.cards[0].card",
        "unknown card 'prisonerz'",
    ),
    Case(
        "red-line-cost-unknown-meter",
        replace("delegations.yaml", "cost: {ru.standing: -10}", "cost: {ru.standin: -10}"),
        "delegations.yaml", "cost: {ru.standin", "delegations.ru.red_lines[no_all_for_all].cost.ru.standin",
        "unknown meter 'ru.standin'",
    ),
    # ---- the value model: a score is worked out from what its delegation sees
    Case(
        "red-line-cost-on-another-delegations-meter",
        replace("delegations.yaml", "cost: {ru.standing: -10}", "cost: {us.patience: -10}"),
        "delegations.yaml", "cost: {us.patience", "delegations.ru.red_lines[no_all_for_all].cost.us.patience",
        "its own delegation's meters",
    ),
    Case(
        "red-line-on-a-card-without-its-delegations-consent",
        replace(
            "cards.yaml",
            "    status_quo: none\n    consent: [ru, ua]\n    weights: {ru: 1, ua: 1, us: 1}\n    values:\n      ru: {none",
            "    status_quo: none\n    consent: [ua]\n    weights: {ru: 1, ua: 1, us: 1}\n    values:\n      ru: {none",
        ),
        "delegations.yaml", "forbid: {card: prisoners", "delegations.ru.red_lines[no_all_for_all].forbid.card",
        "does not need ru's consent",
    ),
    Case(
        "score-counts-another-delegations-private-meter",
        replace("scenario.yaml", "  ru: {}", "  ru:\n    meters: {ua.standing: 0.5}"),
        "scenario.yaml", "meters: {ua.standing", "scoring.ru.meters.ua.standing", "private meter",
    ),
    Case(
        "objective-reads-a-flag-set-on-signing",
        replace("scenario.yaml", "when: {signed_at_least: 1}", "when: {flags_set: [goodwill]}"),
        "scenario.yaml", "when: {flags_set: [goodwill]}", "scoring.us.objectives[any_deal].when",
        "event 'first_deal' sets when a card is signed",
    ),
    Case(
        "event-effect-sets-unknown-flag",
        replace("events.yaml", "flag: goodwill", "flag: good_will"),
        "events.yaml", "flag: good_will", "events[first_deal].effects[0].flag", "unknown flag 'good_will'",
    ),
    Case(
        "event-condition-unknown-flag",
        replace("events.yaml", "when: {signed_at_least: 1}", "when: {flags_set: [no_such_flag]}"),
        "events.yaml", "flags_set: [no_such_flag]", "events[first_deal].trigger.when.flags_set[0]", "unknown flag 'no_such_flag'",
    ),
    Case(
        "card-values-unknown-option",
        replace(
            "cards.yaml",
            "us: {none: 0, small: 70, all_for_all: 100}",
            "us: {none: 0, small: 70, all_for_all: 100, everyone: 5}",
        ),
        "cards.yaml", "everyone: 5", "cards[prisoners].values.us.everyone", "unknown option 'everyone'",
    ),
    Case(
        "card-value-out-of-range",
        replace("cards.yaml", "us: {open: 0, soon: 100, later: 50}", "us: {open: 0, soon: 150, later: 50}"),
        "cards.yaml", "soon: 150", "cards[next_round].values.us.soon", "0 to 100",
    ),
    Case(
        "lever-effect-unknown-meter",
        replace("delegations.yaml", "meter: us.patience", "meter: us.patiense"),
        "delegations.yaml", "meter: us.patiense", "delegations.us.levers[push].effects[0].meter", "unknown meter 'us.patiense'",
    ),
    Case(
        "comprehensive-unknown-card",
        replace(
            "scenario.yaml",
            "comprehensive: [energy_pause, prisoners, next_round]",
            "comprehensive: [energy_pause, prisoners, last_round]",
        ),
        "scenario.yaml", "comprehensive:", "comprehensive[2]", "unknown card 'last_round'",
    ),
    Case(
        "status-quo-not-an-option",
        replace("cards.yaml", "status_quo: open", "status_quo: closed"),
        "cards.yaml", "status_quo: closed", "cards[next_round].status_quo", "unknown option 'closed'",
    ),
    Case(
        "missing-brief-file",
        delete("briefs/ua.md"),
        "delegations.yaml", "brief_file: briefs/ua.md", "delegations.ua.brief_file", "no brief file 'briefs/ua.md'",
    ),
    Case(
        "brief-file-outside-the-folder",
        replace("delegations.yaml", "brief_file: briefs/us.md", "brief_file: ../../../../../../etc/hostname"),
        "delegations.yaml", "brief_file: ../", "delegations.us.brief_file", "no brief file",
    ),
    # ---- duplicates
    Case(
        "duplicate-card-id",
        duplicate_card("prisoners"),
        "cards.yaml", "  - id: prisoners", "cards[prisoners].id", "duplicate card id 'prisoners'", occurrence=2,
    ),
    Case(
        # the duplicate has other options than the first card: its own values and
        # status quo are checked against its own options, and no error lands on the first
        "duplicate-card-id-with-other-options",
        both(
            replace("cards.yaml", "  - id: next_round\n", "  - id: prisoners\n"),
            replace(
                "scenario.yaml",
                "comprehensive: [energy_pause, prisoners, next_round]",
                "comprehensive: [energy_pause, prisoners]",
            ),
        ),
        "cards.yaml", "  - id: prisoners", "cards[prisoners].id", "duplicate card id 'prisoners'", occurrence=2,
    ),
    Case(
        "duplicate-option-id",
        replace("cards.yaml", "{id: later, label: Within a month,", "{id: soon, label: Within a month,"),
        "cards.yaml", "{id: soon, label: Within a month", "cards[next_round].options[soon].id", "duplicate option id 'soon'",
        # the card's values now name an option `later` that no longer exists, for each delegation
        count=4,
    ),
    Case(
        "duplicate-flag-id",
        replace("scenario.yaml", "comprehensive:", "  - id: goodwill\n    description: \"Twice.\"\ncomprehensive:"),
        "scenario.yaml", "  - id: goodwill", "flags[goodwill].id", "duplicate flag id 'goodwill'", occurrence=2,
    ),
    Case(
        "duplicate-key-in-mapping",
        replace("cards.yaml", "    title: The next round\n", "    title: The next round\n    title: The round after\n"),
        "cards.yaml", "    title: The round after", "cards[next_round].title",
        first_given("cards.yaml", "    title: The next round"),
    ),
    Case(
        "duplicate-key-in-flow-mapping",
        replace("cards.yaml", "weights: {ru: 1, ua: 2, us: 2}", "weights: {ru: 1, ua: 2, us: 2, ru: 3}"),
        "cards.yaml", "weights: {ru: 1, ua: 2", "cards[energy_pause].weights.ru", "duplicate key",
    ),
    Case(
        "duplicate-top-level-key-across-files",
        write("more.yaml", "# more flags\n\nflags:\n  - id: extra\n    description: \"Extra.\"\n"),
        "more.yaml", "flags:", "flags", "also given in",
    ),
    # ---- unknown fields (typos)
    Case(
        "unknown-field-in-card",
        replace("cards.yaml", "    status_quo: open\n", "    status_qou: open\n    status_quo: open\n"),
        "cards.yaml", "status_qou", "cards[next_round].status_qou", "unknown field",
    ),
    Case(
        "unknown-top-level-field",
        replace("scenario.yaml", "description: |", "descripton: |"),
        "scenario.yaml", "descripton:", "descripton", "unknown field",
    ),
    # ---- empty files, bad bytes
    Case("empty-file", write("events.yaml", ""), "events.yaml", None, "(file)", "empty"),
    Case("whitespace-only-file", write("events.yaml", "\n  \n\n"), "events.yaml", None, "(file)", "empty"),
    Case("comment-only-file", write("events.yaml", "# nothing yet\n"), "events.yaml", None, "(file)", "no YAML document"),
    Case(
        "non-utf8-byte",
        replace_bytes("cards.yaml", b"title: Prisoner exchange", b"title: Prisoner \xffexchange"),
        "cards.yaml", "title: Prisoner ", "(file)", "not valid UTF-8 (byte 0xff at column 21)",
    ),
    Case(
        "latin1-file",
        replace_bytes("events.yaml", b"title: A first deal", "title: A first d\u00e9al".encode("latin-1")),
        "events.yaml", "title: A first d", "(file)", "not valid UTF-8 (byte 0xe9 at column 21)",
    ),
    Case(
        "control-character",
        replace("cards.yaml", "title: Prisoner exchange", "title: Prisoner\x07exchange"),
        "cards.yaml", "title: Prisoner", "(file)", "U+0007",
    ),
    Case(
        # YAML reads U+2028 as a line break, editors do not: the lines reported
        # after it must still be the editor's.
        "line-separator-does-not-shift-lines",
        both(
            replace("cards.yaml", "title: Energy strike pause", 'title: "Energy\u2028strike pause"'),
            replace("cards.yaml", "    title: The next round\n", "    title: The next round\n    title: The round after\n"),
        ),
        "cards.yaml", "    title: The round after", "cards[next_round].title",
        first_given("cards.yaml", "    title: The next round"),
    ),
]

assert len({c.name for c in CASES}) == len(CASES)


def broken(case: Case, tmp_path: Path) -> Path:
    folder = tmp_path / case.name
    shutil.copytree(TUTORIAL, folder)
    case.mutate(folder)
    return folder


def matches(problem_file: Path, line: int, path: str, message: str, case: Case, folder: Path) -> bool:
    return (
        problem_file == (folder / case.file).resolve()
        and line == case.expected_line(folder)
        and case.path in path
        and case.expected_message(folder) in message
    )


def describe(case: Case, folder: Path) -> str:
    return f"expected {case.file}:{case.expected_line(folder)}: *{case.path}*: *{case.expected_message(folder)}*"


# --------------------------------------------------------------------------- tests


def test_the_unbroken_copy_loads(tmp_path):
    """The base of the corpus is valid, so each case's problems are its own."""
    folder = tmp_path / "tutorial"
    shutil.copytree(TUTORIAL, folder)
    load_scenario(folder)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_library_reports_file_line_and_field(case: Case, tmp_path):
    folder = broken(case, tmp_path)
    with pytest.raises(ContentError) as caught:
        load_scenario(folder)
    problems: list[Problem] = caught.value.problems
    shown = "\n".join(str(p) for p in problems)
    assert any(
        matches(Path(p.file).resolve(), p.line, p.path, p.message, case, folder) for p in problems
    ), f"{describe(case, folder)}; got:\n{shown}"
    assert len(problems) == case.count, f"expected {case.count} problem(s); got:\n{shown}"
    for p in problems:
        assert p.line >= 1, p
        assert p.path and p.message, p
        assert not p.message.startswith("Value error"), p  # pydantic's prefix is noise
    # the exception's text is the same lines the CLI prints
    assert str(caught.value) == shown


@pytest.fixture(scope="module")
def validated_together(tmp_path_factory, parley):
    """Every case's broken folder, and one `parley validate` run over all of them."""
    root = tmp_path_factory.mktemp("corpus")
    folders = {case.name: broken(case, root) for case in CASES}
    return folders, parley("validate", *(str(folder) for folder in folders.values()))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_cli_reports_file_line_and_field(case: Case, validated_together):
    folders, run = validated_together
    folder = folders[case.name]
    run.assert_no_traceback()
    assert run.code == 1, run
    # every line on stdout is a problem line: nothing else is mixed in
    assert len(run.problems) == len(run.stdout.splitlines()), run.stdout
    # every folder was found to have problems: each case alone exits 1
    assert f"{len(folders)} of {len(folders)} scenario(s) have problems" in run.stderr, run.stderr
    ours = [p for p in run.problems if p.file.is_relative_to(folder.resolve())]
    shown = "\n".join(f"{p.file}:{p.line}: {p.path}: {p.message}" for p in ours)
    assert any(matches(p.file, p.line, p.path, p.message, case, folder) for p in ours), f"{describe(case, folder)}; got:\n{shown}"
    assert len(ours) == case.count, f"expected {case.count} problem(s); got:\n{shown}"


# --------------------------------------------------------------------------- several errors at once


def _expect(folder: Path, file: str, marker: str, path: str, message: str, occurrence: int = 1):
    line = line_of((folder / file).read_bytes(), marker, occurrence)
    return ((folder / file).resolve(), line, path, message)


def _assert_all_reported(expected, reported):
    """Each expected (file, line, path piece, message piece) is among the reported problems."""
    missing = [
        e for e in expected
        if not any(f == e[0] and line == e[1] and e[2] in path and e[3] in msg for f, line, path, msg in reported)
    ]
    assert not missing, "not reported: " + repr(missing) + "\nreported:\n" + "\n".join(map(repr, reported))


def test_every_cross_reference_error_is_reported_not_just_the_first(tmp_path, parley):
    folder = tmp_path / "many"
    shutil.copytree(TUTORIAL, folder)
    for mutate in (
        replace("delegations.yaml", "forbid: {card: prisoners,", "forbid: {card: prisonerz,"),
        replace("delegations.yaml", "meter: us.patience", "meter: us.patiense"),
        replace("events.yaml", "flag: goodwill", "flag: good_will"),
        replace("cards.yaml", "status_quo: open", "status_quo: closed"),
        replace(
            "cards.yaml",
            "us: {none: 0, small: 70, all_for_all: 100}",
            "us: {none: 0, small: 70, all_for_all: 100, everyone: 5}",
        ),
        replace(
            "scenario.yaml",
            "comprehensive: [energy_pause, prisoners, next_round]",
            "comprehensive: [energy_pause, prisoners, last_round]",
        ),
        delete("briefs/ua.md"),
    ):
        mutate(folder)
    expected = [
        _expect(folder, "delegations.yaml", "forbid: {card: prisonerz", "forbid.card", "unknown card 'prisonerz'"),
        _expect(folder, "delegations.yaml", "meter: us.patiense", "levers[push].effects[0].meter", "unknown meter"),
        _expect(folder, "events.yaml", "flag: good_will", "effects[0].flag", "unknown flag 'good_will'"),
        _expect(folder, "cards.yaml", "status_quo: closed", "cards[next_round].status_quo", "unknown option 'closed'"),
        _expect(folder, "cards.yaml", "everyone: 5", "cards[prisoners].values.us.everyone", "unknown option 'everyone'"),
        _expect(folder, "scenario.yaml", "comprehensive:", "comprehensive[2]", "unknown card 'last_round'"),
        _expect(folder, "delegations.yaml", "brief_file: briefs/ua.md", "delegations.ua.brief_file", "no brief file"),
    ]
    _assert_exactly_these_reported(folder, expected, parley)


def _assert_exactly_these_reported(folder, expected, parley) -> None:
    """The library and `parley validate` both report every expected problem, and no other."""
    with pytest.raises(ContentError) as caught:
        load_scenario(folder)
    problems = caught.value.problems
    _assert_all_reported(expected, [(Path(p.file).resolve(), p.line, p.path, p.message) for p in problems])
    assert len(problems) == len(expected), "\n".join(map(str, problems))

    run = parley("validate", str(folder))
    run.assert_no_traceback()
    assert run.code == 1
    _assert_all_reported(expected, [(p.file, p.line, p.path, p.message) for p in run.problems])
    assert len(run.problems) == len(expected), run.stdout


def test_every_schema_error_is_reported_not_just_the_first(tmp_path, parley):
    folder = tmp_path / "many"
    shutil.copytree(TUTORIAL, folder)
    for mutate in (
        replace("cards.yaml", "    title: Prisoner exchange\n", ""),
        replace("cards.yaml", "    status_quo: open\n", "    status_qou: open\n    status_quo: open\n"),
        replace("scenario.yaml", "turns: 9", "turns: many"),
        replace("delegations.yaml", "hard: false", "hard: sometimes"),
    ):
        mutate(folder)
    expected = [
        _expect(folder, "cards.yaml", "  - id: prisoners", "cards[prisoners].title", "Field required"),
        _expect(folder, "cards.yaml", "status_qou", "cards[next_round].status_qou", "unknown field"),
        _expect(folder, "scenario.yaml", "turns: many", "calendar.rounds[practice].turns", "valid integer"),
        _expect(folder, "delegations.yaml", "hard: sometimes", "red_lines[no_all_for_all].hard", "valid boolean"),
    ]
    _assert_exactly_these_reported(folder, expected, parley)


def test_every_broken_file_is_reported_not_just_the_first(tmp_path, parley):
    folder = tmp_path / "many"
    shutil.copytree(TUTORIAL, folder)
    for mutate in (
        replace("cards.yaml", "consent: [ru, ua, us]", "consent: [ru, ua, us"),
        write("events.yaml", ""),
        replace_bytes("delegations.yaml", b"name: Ukrainian delegation", b"name: Ukrainian \xfe delegation"),
        replace("scenario.yaml", "  end: 2026-01-21\n", "  end: 2026-01-21\n  end: 2026-01-22\n"),
    ):
        mutate(folder)
    expected = [
        _expect(folder, "cards.yaml", "consent: [ru, ua, us\n", "(file)", "left open"),
        ((folder / "events.yaml").resolve(), 1, "(file)", "empty"),
        _expect(folder, "delegations.yaml", "name: Ukrainian", "(file)", "not valid UTF-8"),
        _expect(folder, "scenario.yaml", "  end: 2026-01-22", "calendar.end", "duplicate key"),
    ]
    with pytest.raises(ContentError) as caught:
        load_scenario(folder)
    problems = caught.value.problems
    _assert_all_reported(expected, [(Path(p.file).resolve(), p.line, p.path, p.message) for p in problems])
    assert len(problems) == len(expected), "\n".join(map(str, problems))

    run = parley("validate", str(folder))
    run.assert_no_traceback()
    assert run.code == 1
    _assert_all_reported(expected, [(p.file, p.line, p.path, p.message) for p in run.problems])


def test_validate_a_file_path_checks_its_scenario(tmp_path, parley):
    """`parley validate FOLDER/cards.yaml` checks the scenario that file belongs to."""
    case = next(c for c in CASES if c.name == "red-line-forbids-unknown-card")
    folder = broken(case, tmp_path)
    run = parley("validate", str(folder / "cards.yaml"))
    run.assert_no_traceback()
    assert run.code == 1
    assert any(matches(p.file, p.line, p.path, p.message, case, folder) for p in run.problems), run.stdout


def test_validate_good_and_broken_folders_together(tmp_path, parley):
    good = tmp_path / "good"
    shutil.copytree(TUTORIAL, good)
    case = next(c for c in CASES if c.name == "status-quo-not-an-option")
    bad = broken(case, tmp_path)
    run = parley("validate", str(good), str(bad))
    run.assert_no_traceback()
    assert run.code == 1
    assert any(line.startswith("ok: ") and str(good) in line for line in run.stdout.splitlines()), run.stdout
    assert any(matches(p.file, p.line, p.path, p.message, case, bad) for p in run.problems), run.stdout
    assert "1 of 2 scenario(s) have problems" in run.stderr


def test_validate_a_missing_folder(tmp_path, parley):
    run = parley("validate", str(tmp_path / "nowhere"))
    run.assert_no_traceback()
    assert run.code == 1
    assert "not a folder" in run.stdout
