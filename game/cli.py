"""The `parley` command."""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from game import i18n
from game.content.loader import MAIN_FILE, ORIGINAL_LANGUAGE, content_root, load_scenario, load_scenario_by_id, scenario_dirs
from game.content.models import Scenario
from game.content.yamlsource import ContentError
from game.i18n import N_, N_plural, _, ngettext

if TYPE_CHECKING:  # types only: the modules are imported where they are used, for a quick start
    from game.analysis.moment import MomentInfo
    from game.engine.state import GameState

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


def saves_dir(cli_value: str | None) -> Path:
    """--saves-dir, else $PARLEY_SAVES, else ./saves."""
    return Path(cli_value or os.environ.get("PARLEY_SAVES") or "saves")


SEED_MAX = 2**63 - 1


def _seed(text: str) -> int:
    """A seed on the command line: a whole number from 0 to 2**63 - 1 (argparse reports a
    bad one in one line)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{text}' is not a whole number").format(text=text)) from None
    if not 0 <= value <= SEED_MAX:
        raise argparse.ArgumentTypeError(
            _("a seed is a whole number from 0 to {largest}, not {text}").format(largest=SEED_MAX, text=text))
    return value


def _err(message: str) -> None:
    print(f"parley: {message}", file=sys.stderr)


def _scenario_or_explain(scenario_id: str) -> Scenario | None:
    """The scenario, or None after telling the user why it cannot be had."""
    try:
        return load_scenario_by_id(scenario_id)
    except ContentError as exc:
        _err(exc.problems[0].message if len(exc.problems) == 1 else str(exc))
        return None


# ---------------------------------------------------------------------------- scenarios


def cmd_scenarios(args: argparse.Namespace) -> int:
    rows = []
    broken = []
    for folder in scenario_dirs():
        try:
            sc = load_scenario(folder)
        except ContentError as exc:
            count = len(exc.problems)
            broken.append(ngettext("{name}: does not load ({count} problem; run `parley validate {folder}`)",
                                   "{name}: does not load ({count} problems; run `parley validate {folder}`)",
                                   count).format(name=folder.name, count=count, folder=folder))
            continue
        parties = ", ".join(
            _("{code} ({short})").format(code=code, short=spec.short) for code, spec in sc.delegations.items())
        rows.append((sc.id, sc.title, sc.summary, _("delegations: {delegations}").format(delegations=parties)))
    if not rows and not broken:
        print(_("No scenarios in {folder}.").format(folder=content_root()))
    width = max((len(r[0]) for r in rows), default=0)
    for sid, title, summary, parties in rows:
        print(f"{sid:<{width}}  {title}\n{'':<{width}}  {summary}\n{'':<{width}}  {parties}")
    for line in broken:
        _err(line)
    return EXIT_PROBLEM if broken else EXIT_OK


# ---------------------------------------------------------------------------- validate


def _scenario_folders(paths: list[str]) -> list[Path]:
    if not paths:
        return scenario_dirs()
    out = []
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            path = path.parent
        if (path / MAIN_FILE).is_file():
            out.append(path)
        elif path.is_dir() and scenario_dirs(path):
            out.extend(scenario_dirs(path))
        else:
            out.append(path)  # load_scenario names what is missing
    return out


def cmd_validate(args: argparse.Namespace) -> int:
    folders = _scenario_folders(args.paths)
    if not folders:
        _err(_("no scenarios found in {folder}").format(folder=content_root()))
        return EXIT_PROBLEM
    from game.i18n.content import check_translation, languages

    failed = 0
    for folder in folders:
        try:
            sc = load_scenario(folder, ORIGINAL_LANGUAGE)
        except ContentError as exc:
            failed += 1
            for problem in exc.problems:
                print(problem)
            continue
        translated = languages(folder)
        problems = [problem for lang in translated for problem in check_translation(sc, folder, lang)]
        for problem in problems:
            print(problem)
        if problems:
            failed += 1
            continue
        counts = {
            "cards": ngettext("{count} card", "{count} cards", len(sc.cards)).format(count=len(sc.cards)),
            "rounds": ngettext("{count} round", "{count} rounds", len(sc.calendar.rounds)).format(
                count=len(sc.calendar.rounds)),
            "events": ngettext("{count} event", "{count} events", len(sc.events)).format(count=len(sc.events)),
        }
        if translated:
            # Translators: {languages} lists language codes: "de, fr".
            print(_("ok: {folder} ({id}: {cards}, {rounds}, {events}; translated: {languages})").format(
                folder=folder, id=sc.id, languages=", ".join(translated), **counts))
        else:
            print(_("ok: {folder} ({id}: {cards}, {rounds}, {events})").format(folder=folder, id=sc.id, **counts))
    if failed:
        # Translators: "scenario(s)": one scenario or more.
        _err(_("{failed} of {total} scenario(s) have problems").format(failed=failed, total=len(folders)))
    return EXIT_PROBLEM if failed else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    schema = Scenario.model_json_schema()
    # A scenario is split over several files, each holding some of the top-level keys:
    # any one file is valid against the schema when no top-level key is required.
    schema.pop("required", None)
    schema["title"] = "Parley scenario file"
    print(json.dumps(schema, indent=2))
    return EXIT_OK


# ---------------------------------------------------------------------------- import / export


def cmd_import(args: argparse.Namespace) -> int:
    """A GENIUS domain and its profiles, as a scenario folder that validates."""
    import re
    import shutil
    import tempfile

    from game.content.genius import GeniusError, import_genius, slug

    domain = Path(args.domain)
    if args.id is not None and not re.fullmatch(r"[a-z][a-z0-9_-]{0,63}", args.id):
        _err(_("--id takes lowercase letters, digits, - and _, starting with a letter (for example {example})").format(
            example="my-case"))
        return EXIT_USAGE
    out = Path(args.out) if args.out else content_root() / (args.id or slug(
        domain.stem.replace("_domain", "").replace("domain", ""), 40).replace("_", "-"))
    if out.exists() and not out.is_dir():
        _err(_("{folder} is a file, not a folder: choose another with -o").format(folder=out))
        return EXIT_USAGE
    if out.is_dir() and any(out.iterdir()) and not args.force:
        _err(_("{folder} is not empty: choose another with -o, or add --force to write over it").format(folder=out))
        return EXIT_USAGE
    if args.rounds < 1 or (args.turns is not None and not 1 <= args.turns <= 99):
        _err(_("--rounds must be at least 1, and --turns 1 to 99"))
        return EXIT_USAGE
    # Written beside its place first, and moved there only once it loads: a failed import
    # leaves no half-made scenario where the lobby would list it.
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    except OSError as exc:
        _err(_("cannot write to {folder}: {problem}").format(folder=out.parent, problem=exc.strerror or exc))
        return EXIT_PROBLEM
    try:
        try:
            import_genius(domain, [Path(p) for p in args.profiles], work, scenario_id=args.id, rounds=args.rounds,
                          turns=args.turns)
        except GeniusError as exc:
            for file, line, message in exc.problems:
                print(f"{file}:{line}: {message}", file=sys.stderr)
            return EXIT_PROBLEM
        try:
            scenario = load_scenario(work, ORIGINAL_LANGUAGE)
        except ContentError as exc:  # the files read, but what they say does not make a scenario Parley can play
            for problem in exc.problems:
                _err(str(problem).replace(str(work), str(out)))
            return EXIT_PROBLEM
        if out.is_dir():
            shutil.rmtree(out)  # --force
        work.rename(out)
    except OSError as exc:
        _err(_("cannot write to {folder}: {problem}").format(folder=out, problem=exc.strerror or exc))
        return EXIT_PROBLEM
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(_("Wrote {folder}: scenario {id} ({cards} cards; delegations {codes}). "
            "`parley validate {folder}` checks it; `parley analyze --scenario {id}` analyses it.").format(
        folder=out, id=scenario.id, cards=len(scenario.cards), codes=", ".join(scenario.parties)))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """A scenario's utilities as GENIUS XML (which negmas reads too)."""
    from game.analysis.domain import UnknownVariant, parse_variants
    from game.content.genius import export_genius

    scenario = _scenario_or_explain(args.scenario)
    if scenario is None:
        return EXIT_PROBLEM
    try:
        variants = parse_variants(scenario, args.variant or [])
    except UnknownVariant as exc:
        _err(str(exc))
        return EXIT_USAGE
    out = Path(args.out or f"{scenario.id}-{args.format}")
    files = export_genius(scenario, out, variants)
    for path in files:
        print(path)
    _err(_("The utilities of the cards at the start, each delegation's BATNA as its reservation value; red lines, "
           "meters, objectives and events have no GENIUS form and are left out."))
    if args.format == "negmas":
        _err(_("negmas reads the folder with Scenario.from_genius_folder({folder!r}).").format(folder=str(out)))
    return EXIT_OK


# ---------------------------------------------------------------------------- simulate / replay


def _parse_agents(text: str | None, parties: tuple[str, ...]) -> dict[str, str]:
    """The agent kind for each of the scenario's `parties`, from "CODE=KIND,..." (random where none is given)."""
    from game.agents import UnknownAgent, check_spec

    seats = {d: "random" for d in parties}
    if not text:
        return seats
    for part in text.split(","):
        code, sep, kind = part.strip().partition("=")
        if not sep or code not in parties or not kind:
            example = ",".join(f"{d}=KIND" for d in parties)
            raise ValueError(_("--agents takes {example}; could not read '{part}'").format(example=example, part=part))
        try:
            check_spec(kind)
        except UnknownAgent as exc:
            # Translators: {problem} says what is wrong with an agent kind; {delegation} is a delegation's code.
            raise ValueError(_("{problem} for {delegation}").format(problem=exc, delegation=code)) from None
        seats[code] = kind
    return seats


class _Progress:
    """A progress bar on stderr for long runs, only when a person is watching it."""

    WIDTH = 30

    def __init__(self, total: int, show_lines: bool):
        self.total = total
        self.shown = -1
        # Only when the bar cannot tangle with per-game lines on the same terminal.
        self.active = total > 1 and sys.stderr.isatty() and not (show_lines and sys.stdout.isatty())

    def update(self, done: int) -> None:
        filled = self.WIDTH * done // self.total
        if not self.active or (filled == self.shown and done != self.total):
            return
        self.shown = filled
        bar = "#" * filled + "." * (self.WIDTH - filled)
        print("\r" + _("[{bar}] {done}/{total} games").format(bar=bar, done=done, total=self.total),
              end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.active:
            print(file=sys.stderr)


def cmd_simulate(args: argparse.Namespace) -> int:
    from game.headless import Job, describe, describe_summary, game_seed, rules_for, simulate_all, tournament_summary

    if args.games < 1:
        _err(_("--games must be at least 1"))
        return EXIT_USAGE
    if args.workers < 1:
        _err(_("--workers must be at least 1"))
        return EXIT_USAGE
    scenario = _scenario_or_explain(args.scenario)
    if scenario is None:
        return EXIT_PROBLEM
    try:
        seats = _parse_agents(args.agents, scenario.parties)
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    rules_for(scenario.id, scenario)  # loaded once: this process's games, and the workers it forks, use it
    save_dir = Path(args.save_dir) if args.save_dir else None
    jobs = []
    for k in range(args.games):
        seed = game_seed(args.seed, k)
        save_to = None if save_dir is None else str(save_dir / f"{scenario.id}-seed{seed}-game{k}.parley")
        jobs.append(Job(scenario.id, k, seed, seats, save_to, nash=args.summary))
    results = []
    progress = _Progress(args.games, show_lines=not args.summary)
    for k, result in enumerate(simulate_all(jobs, args.workers)):
        if args.summary:
            results.append(result)
        else:
            print(json.dumps(result, sort_keys=True) if args.json else describe(result))
        progress.update(k + 1)
    progress.close()
    if args.summary:
        figures = tournament_summary(results)
        distances = [r["nash_distance"] for r in results if r["nash_distance"] is not None]
        if distances:
            figures["nash_distance"] = round(sum(distances) / len(distances), 2)
        titles = {card.id: card.title for card in scenario.cards}
        print(json.dumps(figures, sort_keys=True) if args.json else describe_summary(figures, titles))
    return EXIT_OK


def _resolve_save(name: str, args: argparse.Namespace) -> Path:
    """A save path as given, else the name looked up in the saves folder."""
    from game.store.log import SUFFIX

    path = Path(name)
    if path.exists() or path.is_absolute() or len(path.parts) > 1:
        return path
    folder = saves_dir(args.saves_dir)
    for candidate in (folder / name, folder / f"{name}{SUFFIX}"):
        if candidate.exists():
            return candidate
    return path


def _load_save(path: Path, *, named: bool = False):
    """The save at `path`, loaded and verified, its warnings said on stderr (with its path
    when `named`: several saves are read); None once it has said why it cannot be loaded."""
    from game.store.log import SaveError, load

    try:
        loaded = load(path, load_scenario_by_id)
    except SaveError as exc:
        _err(str(exc))
        return None
    for warning in loaded.warnings:
        _err(_("warning: {path}: {warning}").format(path=path, warning=warning) if named
             else _("warning: {warning}").format(warning=warning))
    return loaded


def cmd_saves(args: argparse.Namespace) -> int:
    from game.store.log import SUFFIX, SaveError, read_header

    folder = saves_dir(args.saves_dir)
    paths = sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []
    if not paths:
        print(_("No saves in {folder}.").format(folder=folder))
        return EXIT_OK
    for path in paths:
        try:
            header = read_header(path)
        except SaveError as exc:
            print(_("{name}: cannot be read: {problem}").format(name=path.name, problem=str(exc).split(": ", 1)[-1]))
            continue
        seats = ", ".join(f"{d}={k}" for d, k in header.seats.items()) or "-"
        # Translators: in the list of saves, in place of the time a game was started: it was played by computers.
        created = header.created or _("simulated")
        print(_("{name}: {scenario}, seed {seed}, {created}, seats {seats}").format(
            name=path.name, scenario=header.scenario, seed=header.seed, created=created, seats=seats))
    return EXIT_OK


def cmd_replay(args: argparse.Namespace) -> int:
    from game.headless import describe, summary
    from game.session import LocalSession

    loaded = _load_save(_resolve_save(args.save, args))
    if loaded is None:
        return EXIT_PROBLEM
    result = summary(LocalSession.resume(loaded))
    result["agents"] = dict(loaded.header.seats)
    result["verified"] = True
    print(json.dumps(result, sort_keys=True) if args.json else _("verified: {summary}").format(summary=describe(result)))
    return EXIT_OK


# ---------------------------------------------------------------------------- analyze


def cmd_analyze(args: argparse.Namespace) -> int:
    from game.analysis import UnknownVariant, parse_variants
    from game.analysis.report import build_report, format_report
    from game.engine import events as E
    from game.engine.rules import Rules

    if args.save is None and args.scenario is None:
        _err(_("analyze needs --scenario ID or --save SAVE"))
        return EXIT_USAGE
    if args.save is not None and args.variant:
        _err(_("a save fixes the hidden variants (the ones drawn in that game); leave out --variant"))
        return EXIT_USAGE
    final_state = save_info = variants = None
    if args.save is not None:
        path = _resolve_save(args.save, args)
        loaded = _load_save(path)
        if loaded is None:
            return EXIT_PROBLEM
        if args.scenario is not None and args.scenario != loaded.header.scenario:
            _err(_("the save is of scenario '{saved}', not '{asked}'").format(
                saved=loaded.header.scenario, asked=args.scenario))
            return EXIT_USAGE
        started = next((e for e in loaded.events if isinstance(e, E.GameStarted)), None)
        if started is None:
            _err(_("{path}: the save holds no game start, so its hidden variants are unknown").format(path=path))
            return EXIT_PROBLEM
        rules, variants, final_state = loaded.rules, started.variants, loaded.state
        save_info = {"path": str(path), "seed": loaded.header.seed}
    else:
        scenario = _scenario_or_explain(args.scenario)
        if scenario is None:
            return EXIT_PROBLEM
        rules = Rules(scenario)
        try:
            variants = parse_variants(scenario, args.variant)
        except UnknownVariant as exc:
            _err(str(exc))
            return EXIT_USAGE
    from game.analysis.moment import MomentError, moment_of_save, no_deal_moment

    moment: GameState | None
    moment_info: MomentInfo | None
    try:
        if args.save is not None:
            moment, moment_info = moment_of_save(rules, loaded.steps, args.at)
        elif args.at is not None:
            moment, moment_info = no_deal_moment(rules, args.at, args.seed, variants)
        else:
            moment = moment_info = None
    except MomentError as exc:
        _err(str(exc))
        return EXIT_USAGE
    report = build_report(
        rules, variants, chosen=None if final_state else variants, final_state=final_state, save=save_info,
        moment=moment, moment_info=moment_info,
    )
    if args.json:
        print(json.dumps(report))
    else:
        print(format_report(report, rules), end="")
    return EXIT_OK


# ---------------------------------------------------------------------------- debrief


DEBRIEF_FORMATS = ("md", "html", "csv", "json")


def _write_atomically(path: Path, text: str) -> str | None:
    """Write `text` to `path` whole or not at all. Returns None, or what went wrong, for a person."""
    from game.store.files import write_text_atomically

    try:
        write_text_atomically(path, text)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def cmd_debrief(args: argparse.Namespace) -> int:
    from game.debrief import CompareError, compare, debrief_of, to_csv, to_html, to_markdown

    if len(args.saves) > 1 and not args.compare:
        _err(_("several saves are compared side by side: add --compare (or debrief one save at a time)"))
        return EXIT_USAGE
    paths = [_resolve_save(name, args) for name in args.saves]
    if args.output is not None:
        from game.store.log import SUFFIX

        target = Path(args.output)
        if target.suffix == SUFFIX or any(target.resolve() == p.resolve() for p in paths):
            _err(_("{file} looks like a save: write the debrief to another file (say, lesson.{format})").format(
                file=args.output, format=args.format))
            return EXIT_USAGE
    names = [p.name for p in paths]
    labels = names if len(set(names)) == len(names) else [str(p) for p in paths]
    debriefs = []
    for path, label in zip(paths, labels):
        loaded = _load_save(path, named=True)
        if loaded is None:
            return EXIT_PROBLEM
        debriefs.append(debrief_of(loaded, label=label))
    what = debriefs[0]
    if args.compare:
        try:
            what = compare(debriefs)
        except CompareError as exc:
            _err(str(exc))
            return EXIT_USAGE
    if args.format == "json":
        text = what.model_dump_json(indent=2) + "\n"
    else:
        text = {"md": to_markdown, "html": to_html, "csv": to_csv}[args.format](what)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    problem = _write_atomically(Path(args.output), text)
    if problem is not None:
        _err(_("cannot write {file}: {problem}").format(file=args.output, problem=problem))
        return EXIT_PROBLEM
    return EXIT_OK


def _debrief_help() -> str:
    from game.debrief.columns import COMPARE_COLUMNS, DEBRIEF_COLUMNS, describe

    return (
        # Translators: the lines are broken by hand (the help prints them as they are).
        _("The debrief of one game: the timeline, the scores and what could have been signed (the signable Nash point), "
          "what was left\n"
          "on the table card by card, red lines touched, commitments and the statements or moves that went\n"
          "against them (read by a heuristic), concession curves, the hidden readings and briefs, and\n"
          "questions for discussion. With --compare, several tables of one scenario side by side.") + "\n\n"
        + _("CSV columns of a debrief (one row per logged event):") + "\n" + describe(DEBRIEF_COLUMNS) + "\n\n"
        + _("CSV columns of a comparison (one row per table):") + "\n" + describe(COMPARE_COLUMNS)
    )


# ---------------------------------------------------------------------------- balance


def cmd_balance(args: argparse.Namespace) -> int:
    """Paired-seed games with probe strategies in each seat: does the scenario play like
    its source, and can a simple strategy beat the computer delegations?"""
    from game.balance import balance, render

    if args.games < 2:
        _err(_("--games must be at least 2"))
        return EXIT_USAGE
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        _err(_("--jobs must be at least 1"))
        return EXIT_USAGE
    scenario = _scenario_or_explain(args.scenario)
    if scenario is None:
        return EXIT_PROBLEM

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print("\r" + _("{done}/{total} strategies played").format(done=done, total=total),
                  end="" if done < total else "\n", file=sys.stderr, flush=True)

    report = balance(scenario.id, games=args.games, base_seed=args.seed, jobs=jobs, progress=progress)
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
    else:
        print(render(report, {code: spec.short for code, spec in scenario.delegations.items()}))
    return EXIT_OK


def _length_or_explain(scenario: Scenario, length: str | None) -> bool:
    """True if `length` is None or one of the scenario's game lengths; else says so."""
    lengths = [each.id for each in scenario.calendar.lengths]
    if length is None or length in lengths:
        return True
    if lengths:
        _err(_("{scenario} has no game length '{length}' (it has: {lengths})").format(
            scenario=scenario.id, length=length, lengths=", ".join(lengths)))
    else:
        _err(_("{scenario} has no game length '{length}' (it has: none)").format(scenario=scenario.id, length=length))
    return False


def cmd_handouts(args: argparse.Namespace) -> int:
    """The class pack: a handout per delegation and the facilitator's guide, for one game."""
    from game.engine.rules import Rules
    from game.handouts import class_pack, write_pack

    scenario = _scenario_or_explain(args.scenario)
    if scenario is None:
        return EXIT_PROBLEM
    if not _length_or_explain(scenario, args.length):
        return EXIT_USAGE
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1_000_000)
    folder = Path(args.output)
    try:
        pack = class_pack(Rules(scenario), seed, games=args.games, length=args.length)
        written = write_pack(pack, folder, paper=args.paper)
    except OSError as exc:
        _err(_("could not write the class pack to {folder}: {problem}").format(
            folder=folder, problem=exc.strerror or exc))
        return EXIT_PROBLEM
    print(_("The class pack for {title}, game seed {seed} (start it from the lobby with this seed; "
            "the handouts do not show it, only the facilitator's guide):").format(title=scenario.title, seed=seed))
    for path in written:
        print(f"  {path}")
    print(_("Print the .html files from a browser (one page per sheet, as laid out); the .md files are the same text."))
    return EXIT_OK


# ---------------------------------------------------------------------------- parser


# ---------------------------------------------------------------------------- host


def _lesson_to_resume(folder: Path, given: str) -> Path | None:
    """The lesson `--resume` names: the folder given, else the latest lesson in the saves
    folder (a saves folder holding a host.json itself is a lesson of an older host)."""
    from game.net.host import MANIFEST

    if given:  # a lesson's folder, as a path or by its name in the saves folder
        return next((p for p in (Path(given), folder / given) if (p / MANIFEST).is_file()), None)
    lessons = [p.parent for p in (*folder.glob(f"*/{MANIFEST}"), folder / MANIFEST) if p.is_file()]
    return max(lessons, key=lambda p: (p / MANIFEST).stat().st_mtime, default=None)


def print_codes(host) -> None:
    """The join codes as a class reads them: the students' first, the facilitators' apart."""
    from game.net.codes import grouped
    from game.net.host import FACILITATOR

    print(_("Students' codes (one per seat, a secret for that seat alone; anyone watching may share the observers'):"))
    for table in host.tables.values():
        for seat, code in table.codes.items():
            if seat != FACILITATOR:
                print(f"  {table.id}  {seat:<12} {grouped(code)}")
    print(_("Facilitators' codes (not for the projector: with one, a person steers the table):"))
    for table in host.tables.values():
        print(f"  {table.id}  {FACILITATOR:<12} {grouped(table.codes[FACILITATOR])}")
    print(_("The teacher's desk (one code over every table; `parley join HOST CODE`; not for the projector):"))
    print(f"  {grouped(host.desk.code)}")


def cmd_host(args: argparse.Namespace) -> int:
    """Serve tables over the network until interrupted. Each run is a lesson in a folder
    of its own under the saves folder; `--resume` takes the last one (or the one given)
    up again where it stopped."""
    import asyncio
    import datetime as dt
    import secrets

    from game.engine.rng import derive
    from game.engine.rules import Rules
    from game.match import unused_path
    from game.net.host import MANIFEST, Host
    from game.store.log import SaveError

    saves = saves_dir(args.saves_dir)
    if args.max_connections < 1:
        _err(_("--max-connections must be at least 1, not {value}").format(value=args.max_connections))
        return EXIT_USAGE
    tls = None
    if args.tls_cert or args.tls_key:
        import ssl

        if not (args.tls_cert and args.tls_key):
            _err(_("TLS needs both --tls-cert and --tls-key"))
            return EXIT_USAGE
        try:
            tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            tls.load_cert_chain(args.tls_cert, args.tls_key)
        except (OSError, ssl.SSLError) as exc:
            _err(_("cannot use the certificate {certificate} with the key {key}: {problem}").format(
                certificate=args.tls_cert, key=args.tls_key, problem=exc))
            return EXIT_PROBLEM
    new_lesson: Path | None = None  # removed again if the host cannot start serving
    try:
        if args.resume is not None:
            given = [flag for flag, value in (("--tables", args.tables), ("--scenario", args.scenario),
                     ("--seed", args.seed), ("--length", args.length), ("--handouts", args.handouts)) if value is not None]
            if given:
                _err(_("{options} cannot change a lesson that is resumed: it goes on as it was started. "
                       "Leave out --resume to start a new lesson.").format(options=", ".join(given)))
                return EXIT_USAGE
            folder = _lesson_to_resume(saves, args.resume)
            if folder is None:
                where = args.resume or saves
                _err(_("there is no lesson to resume in {folder} (a lesson's folder holds its {manifest}); "
                       "leave out --resume to start a new one").format(folder=where, manifest=MANIFEST))
                return EXIT_PROBLEM
            try:
                host = Host.resume(folder)
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                _err(_("the lesson in {folder} cannot be resumed: its {manifest} is damaged ({problem})").format(
                    folder=folder, manifest=MANIFEST, problem=exc))
                return EXIT_PROBLEM
            print(_("Resuming the lesson in {folder}: {count} table(s).").format(folder=folder, count=len(host.tables)))
        else:
            tables = args.tables if args.tables is not None else 1
            if not 1 <= tables <= 50:
                _err(_("--tables must be from 1 to 50"))
                return EXIT_USAGE
            scenario = _scenario_or_explain(args.scenario or "abu-dhabi")
            if scenario is None:
                return EXIT_PROBLEM
            if not _length_or_explain(scenario, args.length):
                return EXIT_USAGE
            earlier = _lesson_to_resume(saves, "")
            now = dt.datetime.now().astimezone()
            folder = new_lesson = unused_path(saves, f"lesson-{now:%Y%m%d-%H%M%S}", suffix="")
            folder.mkdir(parents=True)
            # Each table's seed is derived one way from the base, and no table plays the
            # base itself: a finished table's log (which its players receive) then tells
            # nothing about the hidden draws of the tables still playing.
            base = args.seed if args.seed is not None else secrets.randbits(63)
            seeds = [derive(base, "host table", n) >> 1 for n in range(1, tables + 1)]  # seeds are 63-bit
            host = Host.new(Rules(scenario), tables, folder, seeds, now, length=args.length)
            print(_("A new lesson: {count} table(s) of {title}, saved in {folder}.").format(
                count=tables, title=scenario.title, folder=folder))
            if earlier is not None:
                print(_("The lesson before it stays in {folder}; `parley host --resume {folder}` takes it up "
                        "again.").format(folder=earlier))
            if args.handouts:
                from game.handouts import class_pack, write_pack

                for table, seed in zip(host.tables.values(), seeds):
                    out = Path(args.handouts) / table.id
                    write_pack(class_pack(Rules(scenario), seed, length=args.length), out)
                    print(_("Class pack for {table} (sheet code on its handouts): {folder}").format(
                        table=table.id, folder=out))
    except (SaveError, OSError, ValueError, KeyError) as exc:
        _err(_("cannot start the host from {folder}: {problem}").format(folder=saves, problem=exc))
        return EXIT_PROBLEM

    descriptors = raise_descriptor_limit()
    # Room for what the host opens itself (saves, logs) and for a burst of accepts (asyncio takes up to a
    # hundred at once, before the oldest idle ones are closed): past the limit it pauses a whole second.
    connections = args.max_connections if descriptors is None else max(16, min(args.max_connections, descriptors - 128))

    async def serve() -> None:
        from game.net.addresses import exposure, reachable, url
        from game.signals import stop_on_signals

        stop = stop_on_signals()
        server = await host.serve(args.bind, args.port, max_connections=connections, tls=tls)
        port = server.sockets[0].getsockname()[1]
        address = url("wss" if tls else "ws", reachable(args.bind), port)
        print(_("Serving on {address} (saves and {manifest} in {folder}).").format(
            address=address, manifest=MANIFEST, folder=folder))
        said = exposure(args.bind)
        if said:
            print(said)
        plain = address if tls else address.removeprefix("ws://")
        print(_("Students join with `parley join {address} CODE`, or in a browser through "
                "`parley serve {address}`.").format(address=plain))
        if descriptors is None:
            print(_("At most {count} connections at once.").format(count=connections))
        else:
            print(_("At most {count} connections at once (this process may open {descriptors} files and "
                    "sockets).").format(count=connections, descriptors=descriptors))
        print_codes(host)
        page = args.page_url or url("http", reachable(args.bind), 8000, "/")  # where `parley serve` would be

        def slips() -> None:
            from game.net.slips import write_slips

            try:
                students, facilitators = write_slips(host, folder, plain, page)
            except (OSError, ValueError) as exc:  # a disk problem, or a --page-url too long for a QR code
                print(_("parley host: the seat slips could not be written: {problem}").format(problem=exc),
                      file=sys.stderr, flush=True)
                return
            print(_("Seat slips to print: {students}; the facilitators' apart, not for the projector: {facilitators} "
                    "(their QR codes open {page} with the code filled in, where `parley serve` runs).").format(
                students=students, facilitators=facilitators, page=page), flush=True)

        slips()
        loop = asyncio.get_running_loop()
        host.codes_changed.append(lambda: loop.run_in_executor(None, slips))  # off the event loop
        operator = OperatorConsole(host)
        operator.start()
        print(_("At this terminal: `codes` shows the codes again; `withdraw TABLE SEAT` (for example "
                "`withdraw table-1 facilitator`) or `withdraw desk` replaces a code at once, for a code that leaked."))
        print(_("Stop with Ctrl+C; `parley host --resume` takes this lesson up again."), flush=True)
        try:
            await stop.wait()
        finally:  # also where asyncio's own Ctrl+C handling cancels this (no signal handlers on Windows)
            await host.stop(server)

    try:
        asyncio.run(serve())
    except OSError as exc:
        host.close()
        if new_lesson is not None:  # a lesson that never served (its games not begun) is not one to resume
            import shutil

            shutil.rmtree(new_lesson, ignore_errors=True)
        _err(_("cannot listen on {address}:{port}: {problem}").format(
            address=args.bind, port=args.port, problem=exc.strerror or exc))
        return EXIT_PROBLEM
    except KeyboardInterrupt:  # Ctrl+C before the host was listening
        pass
    finally:
        host.close()
    print(_("Stopped. Every table is saved in {folder}; `parley host --resume` takes the lesson up again.").format(
        folder=folder), flush=True)
    return EXIT_OK


def raise_descriptor_limit(wanted: int = 65536) -> int | None:
    """Raise this process's soft limit of open files (sockets) towards its hard limit,
    where the system allows (macOS starts programs at 256); the limit in force, or None
    where there is none to read (Windows)."""
    try:
        import resource
    except ImportError:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    for attempt in (target, min(target, 10240)):  # macOS refuses more than OPEN_MAX (10240) whatever the hard limit
        if soft == resource.RLIM_INFINITY or soft >= attempt:
            break
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (attempt, hard))
            soft = attempt
        except (ValueError, OSError):
            continue
    return wanted if soft == resource.RLIM_INFINITY else soft


class OperatorConsole:
    """What the host's operator types at its terminal while it serves: `codes`, and
    `withdraw TABLE SEAT`. Lines are read on a thread of their own (a terminal, a pipe;
    nothing at all when there is no input) and acted on in the host's event loop."""

    def __init__(self, host) -> None:
        import asyncio

        self.host = host
        self.loop = asyncio.get_running_loop()

    def start(self) -> None:
        import threading

        if sys.stdin is None or sys.stdin.closed:
            return
        try:
            if sys.stdin.isatty() and os.tcgetpgrp(sys.stdin.fileno()) != os.getpgrp():
                return  # started in the background (`parley host &`): reading the terminal would stop it
        except (OSError, AttributeError):  # no terminal to ask about (Windows, a closed descriptor)
            pass
        threading.Thread(target=self._read, daemon=True, name="operator").start()

    def _read(self) -> None:
        try:
            for line in sys.stdin:
                self.loop.call_soon_threadsafe(self._line, line)
        except (OSError, ValueError, RuntimeError):  # the input went away, or the loop closed
            return

    def _line(self, line: str) -> None:
        import asyncio

        words = line.split()
        if not words:
            return
        if words == ["codes"]:
            print_codes(self.host)
        elif words == ["withdraw", "desk"]:
            from game.net.codes import grouped

            print(_("New desk code: {code}. The old one no longer works; a desk that held it was disconnected.").format(
                code=grouped(self.host.withdraw_desk())), flush=True)
        elif words[0] == "withdraw" and len(words) == 3:
            asyncio.ensure_future(self._withdraw(*words[1:]))
        else:
            seats = next(iter(self.host.tables.values())).seats if self.host.tables else ()
            print(_("Type `codes`, `withdraw TABLE SEAT` (seats: {seats}) or `withdraw desk`.").format(
                seats=", ".join(seats)), flush=True)

    async def _withdraw(self, table_id: str, seat: str) -> None:
        from game.net.codes import grouped

        table = self.host.tables.get(table_id)
        if table is None or seat not in table.codes:
            print(_("No seat {seat} at a table {table}: the tables are {tables}; the seats {seats}.").format(
                seat=repr(seat), table=repr(table_id), tables=", ".join(self.host.tables),
                seats=", ".join(next(iter(self.host.tables.values())).codes)), flush=True)
            return
        async with table.lock:
            code = self.host.withdraw(table, seat)
        print(_("New code for {table} {seat}: {code}. The old one no longer works; whoever held it "
                "was disconnected.").format(table=table_id, seat=seat, code=grouped(code)), flush=True)


# ---------------------------------------------------------------------------- join, serve


def _address_or_explain(text: str) -> str | None:
    """The host's ws:// address, or None after telling the user what an address looks like."""
    from game.net.client import parse_address

    uri = parse_address(text)
    if uri is None:
        _err(_("{text} is not an address: give the host as HOST or HOST:PORT (for example 192.168.1.20:8765)").format(
            text=repr(text)))
    return uri


def cmd_join(args: argparse.Namespace) -> int:
    """A seat at a hosted table, in the same full-screen game as `parley play`."""
    uri = _address_or_explain(args.address)
    if uri is None:
        return EXIT_USAGE
    # A browser seat (`parley serve`) runs this with pipes, not a terminal, and says so.
    in_browser = bool(os.environ.get("TEXTUAL_DRIVER"))
    if not in_browser and (not sys.stdout.isatty() or not sys.stdin.isatty()):
        _err(_("joining needs a terminal (run it in a terminal window, or use `parley serve` for a browser)."))
        return EXIT_PROBLEM
    from game.tui.app import ParleyApp

    ParleyApp(saves_dir(args.saves_dir), join=(uri, args.code)).run()
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Browser seats: a web page per student, each running `parley join` for its seat."""
    uri = _address_or_explain(args.address)
    if uri is None:
        return EXIT_USAGE
    from game.serve import serve

    return serve(uri, bind=args.bind, port=args.port, public_url=args.public_url,
                 saves=str(saves_dir(args.saves_dir).resolve()), max_sessions=args.max_sessions,
                 per_address=args.per_address, idle_minutes=args.idle_minutes)


# ---------------------------------------------------------------------------- play


def cmd_play(args: argparse.Namespace) -> int:
    """The full-screen game (Textual); imported only here, so the other commands stay light."""
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        _err(_("parley play needs a terminal (run it in a terminal window, or use `parley simulate`)."))
        return EXIT_PROBLEM
    from game.tui.app import ParleyApp

    ParleyApp(saves_dir(args.saves_dir), pace=args.pace, facilitator=args.facilitator).run()
    return EXIT_OK


# argparse's own words (usage, the sections, the help option, its errors), translated
# through Parley's catalog like Parley's own: argparse looks each up through its
# module-level `_` and `ngettext`, which `build_parser` points at Parley's.
ARGPARSE_WORDS = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"), N_("argument %(argument_name)s: %(message)s"),
    N_("invalid %(type)s value: %(value)r"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("expected one argument"),
    N_("expected at most one argument"), N_("expected at least one argument"),
    N_("one of the arguments %s is required"), N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"), N_plural("expected %s argument", "expected %s arguments"),
)


def build_parser() -> argparse.ArgumentParser:
    from game.net import limits

    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]

    parser = argparse.ArgumentParser(
        prog="parley",
        description=_(
            "Parley: a negotiation game. Play a delegation at the table of the US-mediated Russia-Ukraine talks "
            "or of another scenario, or let computer delegations play."
        ),
        epilog=_("With no command, `parley` starts the full-screen game (the same as `parley play`)."),
    )
    parser.add_argument("--saves-dir", metavar="DIR", help=_("where saves go (default: $PARLEY_SAVES, else ./saves)"))
    parser.add_argument("--lang", metavar="LANG", help=_(_LANG_HELP))
    # The same options after the command (`parley host --saves-dir DIR`); SUPPRESS keeps
    # the one given before the command when it is not repeated after it.
    saves = argparse.ArgumentParser(add_help=False)
    saves.add_argument("--saves-dir", metavar="DIR", default=argparse.SUPPRESS,
                       help=_("where saves go (default: $PARLEY_SAVES, else ./saves)"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("play", parents=[saves],
                       help=_("the full-screen game: lobby, briefing, the table (the default command)"))
    p.add_argument(
        "--pace", type=float, default=0.8, metavar="SECONDS",
        help=_("pause between computer delegations' moves (default 0.8; Space skips it)"),
    )
    p.add_argument(
        "--facilitator", action="store_true",
        help=_("run the table from the facilitator's seat: see everything, steer the game, play no delegation"),
    )
    p.set_defaults(func=cmd_play)

    p = sub.add_parser("scenarios", help=_("list the available scenarios"))
    p.set_defaults(func=cmd_scenarios)

    p = sub.add_parser("validate", help=_("check scenario files; errors as FILE:LINE: field: message"))
    p.add_argument("paths", nargs="*", metavar="PATH", help=_("scenario folders or files (default: every scenario)"))
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help=_("print the JSON Schema of scenario files (for editors)"))
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("simulate", parents=[saves], help=_("play whole games with computer delegations"))
    p.add_argument("--scenario", required=True, metavar="ID")
    p.add_argument("--seed", type=_seed, default=1, metavar="N",
                   help=_("seed of game 0; game k uses a seed derived from N and k"))
    p.add_argument("--games", type=int, default=1, metavar="K")
    p.add_argument("--agents", metavar="CODE=KIND,...",
                   help=_("agent kind per delegation, by its code (default: random; `parley scenarios` lists "
                          "each scenario's delegations)"))
    p.add_argument("--save-dir", metavar="DIR", help=_("write each game's log there"))
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help=_("play the games in N processes (the output is the same as with one)"))
    p.add_argument("--json", action="store_true", help=_("one JSON object per game on stdout"))
    p.add_argument(
        "--summary", action="store_true",
        help=_("instead of one line per game, figures over all games: agreement rate per card, "
               "scores, distance to the signable Nash point, common texts, end reasons"),
    )
    p.set_defaults(func=cmd_simulate)

    p = sub.add_parser(
        "balance", parents=[saves],
        help=_("measure a scenario: paired games with probe strategies in each seat, and its dynamics"),
        description=_("Plays the same N game seeds with each probe strategy in each seat (the presets, always pass, "
                      "always recess, walk out in round k, each lever whenever it can be used, random) against the "
                      "computer delegations, and prints each strategy's mean score against the seat's best preset, then "
                      "the dynamics of the all-computer games (cards signed, comprehensive settlements, postponements, "
                      "walk-outs, levers, scores by the round the talks ended)."),
    )
    p.add_argument("--scenario", required=True, metavar="ID")
    p.add_argument("--games", type=int, default=300, metavar="N", help=_("paired games per strategy (default 300)"))
    p.add_argument("--seed", type=_seed, default=1, metavar="N", help=_("seed of game 0 (as in simulate)"))
    p.add_argument("--jobs", type=int, metavar="K", help=_("worker processes (default: one per core)"))
    p.add_argument("--json", action="store_true", help=_("the report as JSON"))
    p.set_defaults(func=cmd_balance)

    p = sub.add_parser("handouts",
                       help=_("the class pack: a printable handout per delegation and a facilitator's guide"))
    p.add_argument("--scenario", default="abu-dhabi", metavar="ID", help=_("the scenario (default abu-dhabi)"))
    p.add_argument("-o", "--output", default="handouts", metavar="DIR",
                   help=_("the folder to write to (default ./handouts)"))
    p.add_argument("--seed", type=_seed, metavar="N",
                   help=_("the game the handouts are for (default: a new random seed)"))
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help=_("the paper size to print on (default a4)"))
    p.add_argument("--games", type=int, default=40, metavar="N",
                   help=_("computer games measured for each delegation's typical BATNA path (default 40; 0: none)"))
    p.add_argument("--length", metavar="ID",
                   help=_("the game length the pack is for, e.g. class (default: the scenario's first)"))
    p.set_defaults(func=cmd_handouts)

    p = sub.add_parser("saves", parents=[saves], help=_("list the saves in the saves folder"))
    p.set_defaults(func=cmd_saves)

    p = sub.add_parser("replay", parents=[saves], help=_("replay a save, verify it, and print its summary"))
    p.add_argument("save", metavar="SAVE", help=_("a save file, or the name of one in the saves folder"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("analyze", parents=[saves],
                       help=_("Pareto frontier, Nash, KS and max-welfare outcomes of a scenario or a save"))
    p.add_argument("--scenario", metavar="ID", help=_("the scenario (with --save: taken from the save)"))
    p.add_argument(
        "--variant", action="append", default=[], metavar="V",
        help=_("a hidden variant to analyse, by id (repeatable; default: each hidden reading's first variant)"),
    )
    p.add_argument("--save", metavar="SAVE", help=_(
        "also measure a saved game's final outcome, and analyse what can be signed at its current position "
        "(a path, or a name in the saves folder)"
    ))
    p.add_argument("--at", metavar="ROUND", help=_(
        "analyse what can be signed as round ROUND opens (its id or number): in the save with --save, else in a "
        "game where nothing is signed (--seed)"
    ))
    p.add_argument("--seed", type=_seed, default=1, metavar="N", help=_("the no-deal game's seed for --at (default 1)"))
    p.add_argument("--json", action="store_true", help=_("one JSON object on stdout"))
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("import", help=_("make a scenario from another tool's files"))
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True)
    q = kinds.add_parser("genius", help=_("a GENIUS domain (XML) and its parties' profiles: a scenario folder"))
    q.add_argument("domain", metavar="DOMAIN.xml")
    q.add_argument("profiles", nargs="+", metavar="PROFILE.xml", help=_("one profile per party (2 to 6)"))
    q.add_argument("-o", "--out", metavar="FOLDER", help=_("where to write the scenario (default content/ID)"))
    q.add_argument("--id", metavar="ID", help=_("the scenario's id (default: from the domain's file name)"))
    q.add_argument("--rounds", type=int, default=3, metavar="N", help=_("sessions in its calendar (default 3)"))
    q.add_argument("--turns", type=int, metavar="N", help=_("turns a session (default: 4 for each party)"))
    q.add_argument("--force", action="store_true", help=_("write over the files of a folder that is not empty"))
    q.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help=_("write a scenario's utilities for the research tools"))
    p.add_argument("format", choices=("genius", "negmas"),
                   help=_("genius: GENIUS XML files; negmas: the same files, which negmas reads"))
    p.add_argument("scenario", metavar="SCENARIO")
    p.add_argument("-o", "--out", metavar="FOLDER", help=_("where to write them (default SCENARIO-FORMAT)"))
    p.add_argument("--variant", action="append", metavar="ID",
                   help=_("a hidden reading to export under (repeat; default: the first of each)"))
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("host", parents=[saves],
                       help=_("serve tables over the network: each seat joins with its own code"))
    p.add_argument("--scenario", metavar="ID", help=_("the scenario (default abu-dhabi)"))
    p.add_argument("--tables", type=int, metavar="N", help=_("how many tables (default 1)"))
    p.add_argument("--resume", nargs="?", const="", metavar="FOLDER",
                   help=_("take the last lesson (or the lesson in FOLDER) up again, instead of starting a new one"))
    p.add_argument("--max-connections", type=int, default=limits.HOST_CONNECTIONS, metavar="N",
                   help=_("connections open at once, at most (default {default}); past it the oldest "
                          "that have not joined a seat are closed").format(default=limits.HOST_CONNECTIONS))
    p.add_argument("--page-url", metavar="URL",
                   help=_("where students' browsers reach `parley serve`, for the QR codes on the seat slips "
                          "(default http://THIS-MACHINE:8000/)"))
    p.add_argument("--tls-cert", metavar="FILE", help=_("serve over wss:// (TLS) with this certificate (PEM)..."))
    p.add_argument("--tls-key", metavar="FILE", help=_("... and this private key (PEM)"))
    p.add_argument("--port", type=int, default=8765, metavar="P", help=_("the port (default 8765; 0 picks a free one)"))
    p.add_argument("--bind", default="127.0.0.1", metavar="ADDR",
                   help=_("the address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for a classroom)"))
    p.add_argument("--seed", type=_seed, metavar="N", help=_("the first table's seed (default: random)"))
    p.add_argument("--length", metavar="ID", help=_("the game length, e.g. class (default: the scenario's first)"))
    p.add_argument("--handouts", metavar="DIR",
                   help=_("also write each table's class pack (`parley handouts`) into DIR/TABLE"))
    p.set_defaults(func=cmd_host)

    p = sub.add_parser("join", parents=[saves],
                       help=_("take your seat at a hosted table with its join code (the same game as `play`)"))
    p.add_argument("address", metavar="HOST[:PORT]",
                   help=_("the host's address, as `parley host` printed it (default port 8765)"))
    p.add_argument("code", nargs="?", metavar="CODE",
                   help=_("your seat's join code (without it, the game asks for it)"))
    p.set_defaults(func=cmd_join)

    p = sub.add_parser("serve", parents=[saves],
                       help=_("browser seats: a web page where students join a hosted table by code"))
    p.add_argument("address", metavar="HOST[:PORT]", help=_("the `parley host` to join (default port 8765)"))
    p.add_argument("--port", type=int, default=8000, metavar="P", help=_("the web page's port (default 8000)"))
    p.add_argument("--bind", default="127.0.0.1", metavar="ADDR",
                   help=_("the address to listen on (default 127.0.0.1; 0.0.0.0 for a classroom)"))
    p.add_argument("--public-url", metavar="URL",
                   help=_("the page's address as students' browsers reach it (default http://ADDR:P)"))
    p.add_argument("--max-sessions", type=int, default=limits.SERVE_SESSIONS, metavar="N",
                   help=_("browser seats open at once, at most (default {default}; each runs a game of "
                          "50-70 MB)").format(default=limits.SERVE_SESSIONS))
    p.add_argument("--per-address", type=int, default=limits.SERVE_PER_ADDRESS, metavar="N",
                   help=_("browser seats from one computer, at most (default {default})").format(
                       default=limits.SERVE_PER_ADDRESS))
    p.add_argument("--idle-minutes", type=float, default=limits.SERVE_IDLE_MINUTES, metavar="M",
                   help=_("end a browser seat's game after M minutes untouched: no key, resize or focus "
                          "(default {default})").format(default=limits.SERVE_IDLE_MINUTES))
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "debrief", parents=[saves],
        help=_("a played game as a lesson (Markdown, HTML, CSV), or several tables compared"),
        description=_debrief_help(), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("saves", nargs="+", metavar="SAVE", help=_("a save file, or the name of one in the saves folder"))
    p.add_argument("--format", choices=DEBRIEF_FORMATS, default="md",
                   help=_("md (default), html (one self-contained page), csv or json"))
    p.add_argument("-o", "--output", metavar="FILE",
                   help=_("write to FILE (replaced whole) instead of standard output"))
    p.add_argument("--compare", action="store_true", help=_("set several saves of one scenario side by side"))
    p.set_defaults(func=cmd_debrief)
    # --lang is read before the parser is built (`_language`); every command takes it,
    # before or after the command's name.
    for command in sub.choices.values():
        command.add_argument("--lang", metavar="LANG", default=argparse.SUPPRESS, help=_(_LANG_HELP))
    return parser


_LANG_HELP = N_("the language to play and write in: en or de "
                "(default: $PARLEY_LANG, else the system's language, else en)")


def _language(argv: list[str]) -> str:
    """The language asked for by `--lang` anywhere on the command line (read before the
    parser is built, so that its help speaks the language too), else by the environment."""
    asked = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            asked = argv[i + 1]
        elif arg.startswith("--lang="):
            asked = arg.split("=", 1)[1]
    return i18n.choose(asked)


def main(argv: list[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    try:
        lang = _language(words)
    except i18n.LanguageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    with i18n.using(lang):  # the command's language, for as long as it runs
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "play"])
        try:
            return args.func(args)
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:
            # `parley simulate ... | head`: the reader left; that is not an error.
            sys.stderr.close()
            return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
