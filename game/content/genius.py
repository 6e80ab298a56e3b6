"""GENIUS negotiation domains into Parley scenarios, and Parley scenarios back out.

GENIUS (the negotiation environment of the ANAC competitions, also read by negmas)
keeps a domain in one XML file (its issues and their values) and each party's
preferences in a profile XML: a linear additive utility, with a weight per issue and an
evaluation per value, a reservation value and a discount factor.

Importing (`import_genius`):
- each profile is a delegation (its code from the file name), each discrete issue a
  card, each value an option;
- an option is worth its evaluation over the best evaluation of its issue, x 100 (as
  GENIUS normalises an issue); a card's weight is the issue's weight over the sum of
  the weights, x 100;
- every card gets a first option `none` (no agreement on this term), its status quo,
  worth the party's reservation value x 100 on every card: no agreement at all is
  worth exactly the reservation value, and a full agreement exactly its GENIUS utility
  (x 100). Every party consents to every card; signing them all ends the talks;
- GENIUS has no calendar: the scenario gets `rounds` sessions of `turns` turns (game
  design, marked invented). A discount factor below 1 is not played (Parley does not
  shrink utilities over time): the scenario's description says so.

Exporting (`export_genius`): the cards active at the start become issues and their
options but the status quo become values (an agreement in GENIUS settles every issue).
The evaluation of an option is its value; the weight of an issue is proportional to
its card's weight times its best value. A party's GENIUS utility is then
(W x U - R) / M, where U is its Parley utility, W the sum of its weights, R what the
cards not at the table add, and M the sum over the cards at the table of weight times
best value: a positive affine map, so the frontier, the Nash and Kalai-Smorodinsky
points and the order of outcomes are the same in both. The reservation value is the
party's BATNA at the start, mapped the same way. Red lines, meters, objectives, events
and hidden readings have no GENIUS form and are left out (the export says so).

XML is read with expat, refusing any document type declaration (so no entity
expansion and no external entity) and any file over `MAX_BYTES`.
"""

from __future__ import annotations

import re
import unicodedata
import xml.parsers.expat
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from game.i18n import _

MAX_BYTES = 2_000_000  # a GENIUS file is a few kilobytes; anything this large is not one
MAX_ELEMENTS = 20_000
MAX_DEPTH = 50  # a GENIUS file nests five or six deep
MAX_NUMBER = 10**12  # an evaluation, a weight: far below this in any real profile
# A plain decimal number, its exponent bounded (Fraction("1e999999999") would take hours).
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?")
STATUS_QUO = "none"
DATE = "2027-01-04"  # the imported calendar's first day (invented)


class GeniusError(ValueError):
    """Problems with GENIUS files: each names its file and line."""

    def __init__(self, problems: list[tuple[str, int, str]]):
        self.problems = problems
        super().__init__("\n".join(f"{file}:{line}: {message}" for file, line, message in problems))


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)

    def all(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]

    def walk(self, tag: str) -> list[Node]:
        """Every element named `tag` below this one, in document order."""
        out, todo = [], list(reversed(self.children))
        while todo:
            node = todo.pop()
            if node.tag == tag:
                out.append(node)
            todo.extend(reversed(node.children))
        return out


def read_xml(path: Path) -> Node:
    """The XML file at `path` as a tree with line numbers; GeniusError if it is not
    well-formed, too large, or declares a document type (entities included)."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise GeniusError([(name, 1, _("the file is {size} bytes: too large for a GENIUS file (at most {limit})")
                                .format(size=size, limit=MAX_BYTES))])
        data = path.read_bytes()
    except OSError as exc:
        raise GeniusError([(name, 1, _("cannot be read: {problem}").format(problem=exc.strerror or exc))]) from None
    parser = xml.parsers.expat.ParserCreate()
    root = Node("", {}, 0)
    stack = [root]
    count = 0

    def refuse(message: str) -> None:
        raise GeniusError([(name, parser.CurrentLineNumber, message)])

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal count
        count += 1
        if count > MAX_ELEMENTS:
            refuse(_("more than {limit} elements: too large for a GENIUS file").format(limit=MAX_ELEMENTS))
        if len(stack) > MAX_DEPTH:
            refuse(_("elements nested more than {limit} deep: not a GENIUS file").format(limit=MAX_DEPTH))
        node = Node(tag, dict(attrs), parser.CurrentLineNumber)
        stack[-1].children.append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def doctype(*_args: Any) -> None:
        refuse(_("a document type declaration (DTD) is not allowed in a GENIUS file"))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.ExternalEntityRefHandler = lambda *args: refuse(_("external entities are not allowed"))  # type: ignore[assignment]
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise GeniusError([(name, exc.lineno, _("not well-formed XML: {problem}").format(
            problem=xml.parsers.expat.ErrorString(exc.code)))]) from None
    if not root.children:
        raise GeniusError([(name, 1, _("no XML element in the file"))])
    return root.children[0]


# ---------------------------------------------------------------------------- reading GENIUS


@dataclass
class Issue:
    name: str
    values: list[str]
    line: int


@dataclass
class Profile:
    file: str
    evaluations: dict[str, dict[str, Fraction]]  # issue name -> value -> evaluation
    weights: dict[str, Fraction]  # issue name -> weight
    reservation: Fraction
    discount: Fraction


def _number(text: str | None, file: str, line: int, what: str, problems: list[tuple[str, int, str]]) -> Fraction | None:
    """`text` as an exact number, or None after noting the problem."""
    plain = str(text).strip()
    if text is None or not _NUMBER.fullmatch(plain):
        problems.append((file, line, _("{what} is not a number: {value}").format(what=what, value=repr(text))))
        return None
    value = Fraction(plain)
    if abs(value) > MAX_NUMBER:
        problems.append((file, line, _("{what} is too large: {value}").format(what=what, value=repr(text))))
        return None
    return value


def read_domain(path: Path) -> list[Issue]:
    root = read_xml(path)
    name = str(path)
    issues = []
    for node in root.walk("issue"):
        kind = node.attrs.get("etype") or node.attrs.get("type") or node.attrs.get("vtype") or "discrete"
        label = node.attrs.get("name", "").strip()
        if not label:
            raise GeniusError([(name, node.line, _("an issue without a name"))])
        if kind != "discrete":
            raise GeniusError([(name, node.line, _("issue {issue} is {kind}: only discrete issues can be imported")
                                .format(issue=repr(label), kind=kind))])
        values = [item.attrs.get("value", "").strip() for item in node.all("item")]
        if len(values) < 2 or any(not v for v in values) or len(set(values)) != len(values):
            raise GeniusError([(name, node.line, _("issue {issue} needs two or more distinct values").format(
                issue=repr(label)))])
        issues.append(Issue(label, values, node.line))
    if not issues:
        raise GeniusError([(name, root.line, _("no issue found: is this a GENIUS domain file?"))])
    if len({i.name for i in issues}) != len(issues):
        raise GeniusError([(name, root.line, _("two issues have the same name"))])
    return issues


def read_profile(path: Path, issues: list[Issue]) -> Profile:
    root = read_xml(path)
    name = str(path)
    by_index: dict[str, str] = {}
    evaluations: dict[str, dict[str, Fraction]] = {}
    problems: list[tuple[str, int, str]] = []
    known = {i.name: i for i in issues}
    for node in root.walk("issue"):
        label = node.attrs.get("name", "").strip()
        issue = known.get(label)
        if issue is None:
            problems.append((name, node.line, _("issue {issue} is not in the domain").format(issue=repr(label))))
            continue
        by_index[node.attrs.get("index", "")] = label
        found = {}
        for item in node.all("item"):
            value = item.attrs.get("value", "").strip()
            if value not in issue.values:
                problems.append((name, item.line, _("value {value} is not a value of issue {issue} in the domain")
                                 .format(value=repr(value), issue=repr(label))))
                continue
            evaluation = _number(item.attrs.get("evaluation"), name, item.line, _("the evaluation"), problems)
            if evaluation is None:
                continue
            if evaluation < 0:
                problems.append((name, item.line, _("an evaluation cannot be negative")))
            found[value] = evaluation
        missing = [v for v in issue.values if v not in found]
        unread = len(found) < len(node.all("item"))  # an item that did not read is reported already
        if missing and not unread:
            problems.append((name, node.line, _("issue {issue} has no evaluation for {values}").format(
                issue=repr(label), values=", ".join(repr(v) for v in missing))))
        elif found and not missing and max(found.values()) <= 0:
            problems.append((name, node.line, _("issue {issue}: every evaluation is 0").format(issue=repr(label))))
        evaluations[label] = found
    for issue in issues:
        if issue.name not in evaluations and not any(p[2].startswith(repr(issue.name)) for p in problems):
            problems.append((name, root.line, _("issue {issue} of the domain has no evaluations here").format(
                issue=repr(issue.name))))
    weights: dict[str, Fraction] = {}
    for node in root.walk("weight"):
        found_label = by_index.get(node.attrs.get("index", ""))
        if found_label is None:
            problems.append((name, node.line, _("a weight for issue index {index}, which has no issue here").format(
                index=repr(node.attrs.get("index")))))
            continue
        label = found_label
        weight = _number(node.attrs.get("value"), name, node.line, _("the weight"), problems)
        if weight is None:
            continue
        weights[label] = weight
        if weight < 0:
            problems.append((name, node.line, _("a weight cannot be negative")))
    for issue in issues:
        if issue.name in evaluations and issue.name not in weights and not problems:
            problems.append((name, root.line, _("issue {issue} has no weight").format(issue=repr(issue.name))))
    if weights and sum(weights.values()) <= 0 and not problems:
        problems.append((name, root.line, _("the weights add up to 0")))
    reservation, discount = Fraction(0), Fraction(1)
    for node in root.walk("reservation"):
        found_value = _number(node.attrs.get("value"), name, node.line, _("the reservation value"), problems)
        if found_value is not None:
            reservation = found_value
            if not 0 <= reservation <= 1:
                problems.append((name, node.line, _("the reservation value must be between 0 and 1")))
    for node in root.walk("discount_factor"):
        found_value = _number(node.attrs.get("value"), name, node.line, _("the discount factor"), problems)
        if found_value is not None:
            discount = found_value
            if not 0 < discount <= 1:
                problems.append((name, node.line, _("the discount factor must be above 0 and at most 1")))
    if problems:
        raise GeniusError(problems)
    return Profile(name, evaluations, weights, reservation, discount)


# ---------------------------------------------------------------------------- into a scenario


def slug(text: str, limit: int = 40) -> str:
    """An id from a GENIUS name: "60 days" -> "v60_days", "$4.37" -> "v4_37"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:limit].strip("_")
    if not out or not out[0].isalpha():
        out = "v" + out if out else "v"
    return out


def _unique(ids: list[str], limit: int) -> list[str]:
    out: list[str] = []
    for i in ids:
        candidate, n = i, 2
        while candidate in out or candidate == STATUS_QUO:
            suffix = f"_{n}"
            candidate = i[: limit - len(suffix)] + suffix
            n += 1
        out.append(candidate)
    return out


def party_code(profile: Path, domain: Path) -> str:
    """A party's code from its profile's file name, less the words it shares with the
    domain's (up to a separator): ItexvsCypress_Itex.xml beside ItexvsCypress_domain.xml
    -> "itex"; Lunch_Dora.xml beside Lunch_domain.xml -> "dora"."""
    stem, base = profile.stem, domain.stem
    shared = 0
    while shared < min(len(stem), len(base)) and stem[shared].lower() == base[shared].lower():
        shared += 1
    cut = max((i + 1 for i, ch in enumerate(stem[:shared]) if ch in "_- ."), default=0)
    rest = stem[cut:].strip("_- .") or stem
    code = slug(rest, 16)
    return code if code not in ("facilitator", "observer", "omniscient") else f"p_{code}"[:16]


def _value(x: Fraction) -> float | int:
    """A number for YAML: whole numbers as ints, others rounded to 6 places."""
    return int(x) if x.denominator == 1 else round(float(x), 6)


def import_genius(
    domain_path: Path, profile_paths: list[Path], out: Path, *, scenario_id: str | None = None,
    rounds: int = 3, turns: int | None = None,
) -> Path:
    """Write a Parley scenario folder at `out` from a GENIUS domain and its profiles
    (2 to 6); returns the folder. GeniusError names the file and line of any problem."""
    domain_path, profile_paths = Path(domain_path), [Path(p) for p in profile_paths]
    if not 2 <= len(profile_paths) <= 6:
        raise GeniusError([(str(domain_path), 1, _("give 2 to 6 profiles (one per party), not {count}").format(
            count=len(profile_paths)))])
    issues = read_domain(domain_path)
    problems: list[tuple[str, int, str]] = []
    profiles: list[Profile] = []
    for path in profile_paths:
        try:
            profiles.append(read_profile(path, issues))
        except GeniusError as exc:
            problems += exc.problems
    if problems:
        raise GeniusError(problems)
    codes = _unique([party_code(p, domain_path) for p in profile_paths], 16)
    card_ids = _unique([slug(i.name) for i in issues], 40)
    option_ids = {i.name: _unique([slug(v) for v in i.values], 40) for i in issues}
    sid = scenario_id or slug(domain_path.stem.replace("_domain", "").replace("domain", ""), 40).replace("_", "-")
    title = domain_path.stem.replace("_domain", "").replace("_", " ").strip() or sid
    turns = turns or 4 * len(codes)

    cards = []
    for issue, card in zip(issues, card_ids):
        values: dict[str, dict[str, Any]] = {}
        weights: dict[str, Any] = {}
        for code, profile in zip(codes, profiles):
            evaluations = profile.evaluations[issue.name]
            best = max(evaluations.values())
            values[code] = {STATUS_QUO: _value(profile.reservation * 100)}
            values[code].update({
                oid: _value(evaluations[v] / best * 100) for v, oid in zip(issue.values, option_ids[issue.name])
            })
            weights[code] = _value(profile.weights[issue.name] / sum(profile.weights.values()) * 100)
        cards.append({
            "id": card, "title": issue.name,
            "description": f"{issue.name}: " + ", ".join(issue.values) + ".",
            "options": [{"id": STATUS_QUO, "label": "No agreement on this term",
                         "description": "Nothing is agreed on this term yet.", "source": "invented"}]
            + [{"id": oid, "label": v, "description": f"{issue.name}: {v}."}
               for v, oid in zip(issue.values, option_ids[issue.name])],
            "status_quo": STATUS_QUO, "consent": list(codes), "weights": weights, "values": values, "source": "seed",
        })
    source = f"GENIUS domain {domain_path.name}, profiles " + ", ".join(p.name for p in profile_paths)
    discounted = [(code, p.discount) for code, p in zip(codes, profiles) if p.discount < 1]
    description = (
        f"Imported from a GENIUS negotiation domain ({source}) by `parley import genius`. Each issue is a card; "
        "each party's valuations, weights and reservation value are the profile's. The calendar is Parley's own "
        "(invented): GENIUS negotiations have a deadline, not dates."
    )
    if discounted:
        description += " The profiles' discount factors (" + ", ".join(f"{c} {float(d):g}" for c, d in discounted) + (
            ") are not played: Parley does not shrink what an agreement is worth over time.")
    import datetime as dt

    start = dt.date.fromisoformat(DATE)
    round_list = [{
        "id": f"s{k + 1}", "label": f"Session {k + 1}", "place": "Negotiation room",
        "start": (start + dt.timedelta(days=7 * k)).isoformat(), "end": (start + dt.timedelta(days=7 * k)).isoformat(),
        "turns": turns, "source": "invented",
    } for k in range(rounds)]
    scenario = {
        "id": sid, "title": title, "summary": f"A negotiation imported from GENIUS: {len(codes)} parties, "
        f"{len(issues)} issues.", "description": description, "sources": [source],
        "calendar": {"start": start.isoformat(), "end": (start + dt.timedelta(days=7 * rounds)).isoformat(),
                     "turn_order": list(codes), "rounds": round_list},
        "comprehensive": list(card_ids),
        "scoring": {code: {} for code in codes},
    }
    delegations = {"delegations": {code: {
        "name": path.stem, "short": code.replace("_", " ").title(),
        "public_position": "Our position is set out in our profile.",
        "brief_file": f"briefs/{code}.md",
    } for code, path in zip(codes, profile_paths)}}
    out = Path(out)
    (out / "briefs").mkdir(parents=True, exist_ok=True)
    _dump(out / "scenario.yaml", scenario)
    _dump(out / "delegations.yaml", delegations)
    _dump(out / "cards.yaml", {"cards": cards})
    for code, profile, path in zip(codes, profiles, profile_paths):
        (out / "briefs" / f"{code}.md").write_text(_brief(code, path, profile, issues), encoding="utf-8")
    return out


def _dump(path: Path, data: dict[str, Any]) -> None:
    text = "# Written by `parley import genius`: edit freely; `parley validate` checks it.\n"
    path.write_text(text + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")


def _brief(code: str, path: Path, profile: Profile, issues: list[Issue]) -> str:
    total = sum(profile.weights.values())
    lines = [f"You negotiate for **{path.stem}** (profile {path.name}).", "",
             f"Without an agreement you keep your reservation value, {float(profile.reservation * 100):g} of 100.", "",
             "What each issue is worth to you (its share of your utility), and each value's worth on it:", ""]
    for issue in sorted(issues, key=lambda i: -profile.weights[i.name]):
        best = max(profile.evaluations[issue.name].values())
        worth = ", ".join(f"{v} {float(profile.evaluations[issue.name][v] / best * 100):g}" for v in issue.values)
        lines.append(f"- **{issue.name}** ({float(profile.weights[issue.name] / total * 100):.0f}%): {worth}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- out of a scenario


def export_genius(scenario: Any, out: Path, variants: dict[str, dict[str, str]] | None = None) -> list[Path]:
    """Write `scenario` (a `Scenario`) as a GENIUS domain and one profile per delegation
    into the folder `out`, under its hidden readings `variants` (default: the first of
    each); returns the files written. See the module docstring for the mapping."""
    from xml.sax.saxutils import quoteattr

    from game.analysis.domain import complete_variants
    from game.engine.rules import Rules

    rules = Rules(scenario)
    chosen = complete_variants(scenario, variants)
    cards = [c for c in scenario.cards if c.active]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<negotiation_template number_of_sessions="1">',
             f'<utility_space number_of_issues="{len(cards)}">',
             '<objective index="0" description="" name="root" type="objective" etype="objective">']
    for k, card in enumerate(cards, start=1):
        lines.append(f'<issue index="{k}" name={quoteattr(card.title)} vtype="discrete" type="discrete" '
                     'etype="discrete">')
        for j, option in enumerate((o for o in card.options if o.id != card.status_quo), start=1):
            lines.append(f'<item index="{j}" value={quoteattr(option.label)}/>')
        lines.append("</issue>")
    lines += ["</objective>", "</utility_space>", "</negotiation_template>"]
    domain = out / f"{scenario.id}_domain.xml"
    domain.write_text("\n".join(lines) + "\n", encoding="utf-8")
    written = [domain]
    for code in scenario.parties:
        values, weights = rules.valuation(code, chosen.get(code, {}))
        best = {c.id: max(Fraction(str(values[c.id][o.id])) for o in c.options if o.id != c.status_quo) for c in cards}
        scale = sum(Fraction(str(weights[c.id])) * best[c.id] for c in cards)
        status_quo = sum(Fraction(str(weights[c.id])) * Fraction(str(values[c.id][c.status_quo])) for c in cards)
        # the BATNA at the start (the status quo, no meter moved yet), mapped as every utility: (W x U - R) / M
        reservation = (status_quo / scale) if scale else Fraction(0)
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<utility_space>",
                 f'<reservation value="{float(min(max(reservation, Fraction(0)), Fraction(1))):.10g}"/>',
                 '<discount_factor value="1"/>',
                 '<objective index="0" description="" name="root" type="objective" etype="objective">']
        for k, card in enumerate(cards, start=1):
            lines.append(f'<issue index="{k}" name={quoteattr(card.title)} vtype="discrete" type="discrete" '
                         'etype="discrete">')
            for j, option in enumerate((o for o in card.options if o.id != card.status_quo), start=1):
                lines.append(f'<item index="{j}" value={quoteattr(option.label)} evaluation='
                             f'"{float(Fraction(str(values[card.id][option.id]))):.10g}"/>')
            lines.append("</issue>")
        for k, card in enumerate(cards, start=1):
            weight = Fraction(str(weights[card.id])) * best[card.id] / scale if scale else Fraction(0)
            lines.append(f'<weight index="{k}" value="{float(weight):.12g}"/>')
        lines += ["</objective>", "</utility_space>"]
        path = out / f"{scenario.id}_{code}.xml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    return written
