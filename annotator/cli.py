"""The ``annotator`` command line: the window by default, and batch commands for projects."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path

from annotator import __version__
from annotator.core.text import plural, printable


def default_annotator() -> str:
    """The name recorded on quotes when none is given: the login name."""
    try:
        return getpass.getuser() or "annotator"
    except (KeyError, OSError):
        return "annotator"


class CommandError(Exception):
    """A failure to report in one line and exit with status 1."""


def _open(path: Path, must_exist: bool = True, read_only: bool = False, private_copy: bool = False):
    """Open a project for a command; read-only commands never create or change the file."""
    from annotator.services.projects import open_project
    from annotator.store.project import ProjectError, can_write

    if must_exist and not Path(path).exists():
        raise CommandError(f"{path}: no such project file")
    if not (read_only or private_copy or can_write(path)):
        raise CommandError(f"{path}: the project (or its folder) cannot be written; nothing was changed")
    try:
        project = open_project(path, read_only=read_only, private_copy=private_copy)
    except ProjectError as exc:
        raise CommandError(str(exc)) from exc
    if project.backup_path:
        print(f"Migrated {path} to schema version {project.schema_version}; backup at {project.backup_path}")
    return project


def cmd_gui(args: argparse.Namespace) -> int:
    """Open the window."""
    from annotator.app import run_gui
    from annotator.services.opening import split_files

    try:
        db, articles = split_files(list(getattr(args, "files", None) or []), args.db)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    return run_gui(db=db, demo=args.demo, screenshot=args.screenshot, annotator=args.annotator,
                   files=articles, size=args.size)


def cmd_import(args: argparse.Namespace) -> int:
    """Add articles (and their quotes, from JSONL) to a project."""
    from annotator.services.assigning import assigned_to
    from annotator.services.importing import import_paths, unwritable

    problem = unwritable(args.db)
    if problem:
        raise CommandError(problem)
    sidecar = _read_sidecar(args.meta) if args.meta else None
    project = _open(args.db, must_exist=False)
    with project:
        progress = None
        if len(args.paths) > 1 or any(Path(p).is_dir() for p in args.paths):
            progress = _progress_bar("import")
        # An explicit --annotator names the owner of every quote, replacing names the files give.
        # A file handed out by assign is its annotator's: quotes without a name are theirs.
        owner = args.annotator or assigned_to(project) or default_annotator()
        with _article_counter() as stored:
            report = import_paths(project, [Path(p) for p in args.paths], owner, progress,
                                  override=args.annotator is not None, stored=stored)
        if sidecar is not None:
            from annotator.services.metadata import apply_sidecar

            updated, unmatched = apply_sidecar(project, sidecar)
    for _path, reason in report.rejected:
        print(f"rejected: {reason}", file=sys.stderr)
    for _path, reason in report.not_articles:
        print(f"skipped: {reason}", file=sys.stderr)
    if sidecar is not None:
        for name in unmatched:
            print(f"warning: {args.meta.name}: no article imported from a file named {name}", file=sys.stderr)
    print(report.summary() + (f"; details of {plural(updated, 'article')} from {args.meta.name}" if sidecar else ""))
    if report.stopped:
        print(f"annotator: {report.stopped}", file=sys.stderr)
    return 1 if report.rejected or report.stopped else 0


def _read_sidecar(path: Path):
    """The --meta sidecar, read before the project is touched: a bad line stops the import, naming each one."""
    from annotator.services.metadata import read_sidecar

    sidecar = read_sidecar(path)
    for line in sidecar.errors:
        print(f"error: {line}", file=sys.stderr)
    if sidecar.errors:
        raise CommandError(f"--meta {path}: {plural(len(sidecar.errors), 'bad line')}; nothing was imported")
    return sidecar


def _progress_bar(label: str):
    """A tqdm progress callback (done, total, item); quiet when stderr is not a terminal."""
    from tqdm import tqdm

    bar: dict = {}

    def update(done: int, total: int, _item: object = None) -> None:
        if "bar" not in bar:
            bar["bar"] = tqdm(total=total, desc=label, unit="file", disable=not sys.stderr.isatty(), leave=False)
        bar["bar"].update(1)
        if done == total:
            bar["bar"].close()

    return update


@contextmanager
def _article_counter():
    """A callback (file, articles stored from it) counting a large file's articles on a terminal."""
    from tqdm import tqdm

    bars: dict[Path, tqdm] = {}

    def stored(path: Path, count: int) -> None:
        bar = bars.get(path)
        if bar is None:
            for done in bars.values():
                done.close()
            bar = bars[path] = tqdm(desc=f"import {printable(path.name)}", unit=" article", leave=False,
                                    disable=not sys.stderr.isatty())
        bar.update(count - bar.n)

    try:
        yield stored
    finally:
        for bar in bars.values():
            bar.close()


def _step_bar(label: str):
    """A tqdm progress callback (done, total) for work counted in steps; quiet when stderr is not a terminal."""
    from tqdm import tqdm

    bar: dict = {}

    def update(done: int, total: int) -> None:
        if "bar" not in bar:
            bar["bar"] = tqdm(total=total, desc=label, unit="step", disable=not sys.stderr.isatty(), leave=False)
        bar["bar"].update(done - bar["bar"].n)
        if done >= total:
            bar["bar"].close()

    return update


def _processes(value: str) -> int:
    """``--processes``: a whole number, at least 1."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes, 1 or more, not '{value}'")
    return int(value)


def cmd_export(args: argparse.Namespace) -> int:
    """Write annotations as JSONL, doccano, spaCy, CSV or UIMA CAS XMI."""
    from annotator.services.errors import ExportError
    from annotator.services.export_targets import check_target, is_shard_folder
    from annotator.services.exporting import FORMAT_SUFFIXES, export_project, format_for, names_folder

    if args.gold and args.annotator:
        raise CommandError("choose --gold or --annotator, not both")
    # Checked before the project is opened: a wrong target must not cost a migration or a half export.
    # A sharded .spacy export is replaced; an XMI export is a folder (writers_xmi checks which it may replace).
    if names_folder(args.out) and not is_shard_folder(Path(args.out)) and args.format != "xmi":
        raise CommandError(f"--out {args.out} is a folder; give a file name")
    out = Path(args.out)
    try:
        fmt = format_for(out, args.format)
    except ExportError as exc:
        raise CommandError(
            f"--format {args.format} contradicts --out {args.out}: {exc}; leave --format out "
            f"or give a {FORMAT_SUFFIXES[args.format]} file"
        ) from exc
    if args.dev is not None and fmt != "spacy":
        raise CommandError(f"--dev is for .spacy exports; --out {args.out} is written as {fmt}")
    if args.excel and fmt != "csv":
        raise CommandError(f"--excel is for CSV exports; --out {args.out} is written as {fmt}")
    if args.predictions and fmt != "labelstudio":
        raise CommandError(f"--predictions is for Label Studio exports; --out {args.out} is written as {fmt}")
    if args.processes is not None and fmt != "jsonl":
        raise CommandError(f"--processes is for JSONL exports; --out {args.out} is written as {fmt}")
    if args.processes is not None:
        from annotator.services.export_parallel import PROCESSES_PER_CORE, most_processes

        if args.processes > most_processes():
            # Thousands of processes would only wait for a core, and failed with "Too many open files".
            print(f"note: --processes {args.processes} is more than this machine can use; writing with "
                  f"{most_processes()} ({PROCESSES_PER_CORE} per core)", file=sys.stderr)
            args.processes = most_processes()
    try:
        check_target(out, args.db)  # before the project is opened: the target may be the project itself
        if fmt == "xmi":
            from annotator.services.writers_xmi import check_xmi_target

            check_xmi_target(out)
    except ExportError as exc:
        raise CommandError(str(exc)) from exc
    from annotator.store.project import can_write

    # The token cache is kept in the project when it can be written; a read-only file still exports.
    with _open(args.db, read_only=not can_write(args.db)) as project:
        try:
            report = export_project(project, out, fmt, annotator=args.annotator, gold=args.gold, excel=args.excel,
                                    dev=args.dev, predictions=args.predictions, processes=args.processes)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"{args.out}: {exc.strerror or exc}") from exc
    for line in report.skipped:
        print(f"warning: {line}", file=sys.stderr)
    print(report.summary())
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    """Print counts and the schema version."""
    from annotator.services.info import info_summary, project_info

    with _open(args.db, read_only=True) as project:
        info = project_info(project)
    print(json.dumps(info, indent=2) if args.json else info_summary(info))
    return 0


def _suggester(model: str | None):
    from annotator.nlp.pipeline import ModelNotInstalled
    from annotator.nlp.suggest import Suggester

    try:
        suggester = Suggester(model=model)
    except ModelNotInstalled as exc:
        raise CommandError(str(exc)) from exc
    if suggester.degraded:
        print("annotator: no trained spaCy model could be loaded; suggestions are degraded (rules only)",
              file=sys.stderr)
    return suggester


def cmd_suggest(args: argparse.Namespace) -> int:
    """Precompute suggestions for every article."""
    from annotator.services.errors import ExportError
    from annotator.services.export_targets import check_target
    from annotator.services.suggesting import pipeline_key, suggest_project, suggestion_records

    try:
        if args.out:
            check_target(args.out, args.db)
    except ExportError as exc:
        raise CommandError(str(exc)) from exc
    with _open(args.db) as project:
        suggester = _suggester(args.model)
        report = suggest_project(project, suggester, n_process=args.processes, progress=_progress_bar("suggest"))
        if args.out:
            _write_suggestions(Path(args.out), suggestion_records(project, pipeline_key(project, suggester)))
    for line in report.failed:
        print(f"warning: {line}", file=sys.stderr)
    print(report.summary() + (f"; written to {args.out}" if args.out else ""))
    return 0


def _write_suggestions(out: Path, records) -> None:
    from annotator.services.errors import ExportError
    from annotator.services.exporting import write_suggestion_records

    try:
        write_suggestion_records(out, records)
    except ExportError as exc:
        raise CommandError(str(exc)) from exc
    except OSError as exc:
        raise CommandError(f"{out}: {exc}") from exc


def cmd_eval(args: argparse.Namespace) -> int:
    """Score suggestions against a gold JSONL."""
    from annotator.core.evaluation import format_report
    from annotator.services.errors import AnnotatorError
    from annotator.services.evaluating import evaluate
    from annotator.services.suggesting import pipeline_key, suggest_project

    # Suggestions are cached in a private copy: scoring them leaves the project as it was.
    with _open(args.db, private_copy=True) as project:
        suggester = _suggester(args.model)
        suggest_project(project, suggester)
        try:
            result = evaluate(project, Path(args.gold), pipeline_key(project, suggester))
        except AnnotatorError as exc:
            raise CommandError(str(exc)) from exc
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(format_report(result, f"{args.gold} against {args.db} ({plural(result['documents'], 'document')})"))
        overlap = result["overlap"]
        print(f"Overlap F1 {overlap['f1']:.3f}, exact F1 {result['exact']['f1']:.3f}, "
              f"speaker accuracy {result['speaker']['accuracy']:.3f}")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    """Bring annotators' project files into a review project."""
    from annotator.services.merging import merge_projects
    from annotator.store.project import ProjectError

    for other in args.projects:
        if not Path(other).exists():
            raise CommandError(f"{other}: no such project file")
    with _open(args.db, must_exist=False) as project:
        try:
            report = merge_projects(project, [Path(p) for p in args.projects], progress=_step_bar("merge"))
        except (ProjectError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
    for conflict in report.conflicts:
        print(f"conflict: {conflict}", file=sys.stderr)
    print(report.summary())
    return 0


def cmd_adjudicate(args: argparse.Namespace) -> int:
    """Accept every unanimous quote into gold."""
    from annotator.services.review import unanimous_decisions

    if not args.unanimous:
        raise CommandError("nothing to do: pass --unanimous (other decisions are made in the review window)")
    with _open(args.db) as project:
        macro = unanimous_decisions(project)
        if macro is not None:
            macro.do(project)
    count = 0 if macro is None else len(macro.commands)
    print(f"Accepted {plural(count, 'unanimous quote')} into gold")
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    """Print the agreement table."""
    from annotator.services.agreeing import agreement_table, project_agreement

    with _open(args.db, read_only=True) as project:
        report = project_agreement(project)
    print(json.dumps(report, indent=2) if args.json else agreement_table(report))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    """Train the topic and stance classifiers on the project's quotes."""
    from annotator.services.learning import MIN_EXAMPLES_SETTING, train_models

    with _open(args.db) as project:
        if args.min_examples is not None:
            project.set_setting(MIN_EXAMPLES_SETTING, str(args.min_examples))
        report = train_models(project)
    print(report.summary())
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    """Hand the corpus's new articles out to annotators, one project file each."""
    from annotator.services.assigning import AssignError, assign_corpus, reviewed_articles

    reviewed = None
    if args.exclude_done:
        with _open(args.exclude_done, read_only=True) as review:
            reviewed = reviewed_articles(review)
    names = [name.strip() for name in args.to.split(",") if name.strip()]
    with _open(args.db) as corpus:
        try:
            report = assign_corpus(corpus, names, args.out, overlap=args.overlap, per_article=args.per_article,
                                   seed=args.seed, reviewed=reviewed)
        except AssignError as exc:
            raise CommandError(str(exc)) from exc
    print(report.summary())
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    """Print each annotator's progress."""
    from annotator.services.progress import progress_table, project_progress

    with _open(args.db, read_only=True) as project:
        report = project_progress(project)
    print(json.dumps(report, indent=2) if args.json else progress_table(report))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="annotator", description="Build quote-attribution datasets from news.",
        usage="annotator [gui] [--db PROJECT] [--demo] [--screenshot PNG [--size WxH]] [FILE...]\n"
              "       annotator COMMAND ...")
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    _gui_options(parser)
    parser.set_defaults(handler=cmd_gui)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", prog="annotator")

    gui = sub.add_parser("gui", help="open the window (the default)", description="Open the annotation window.")
    _gui_options(gui)
    gui.add_argument("files", nargs="*", type=Path, metavar="FILE",
                     help="article files to show side by side (imported when new), or a PROJECT.annotator.db")
    gui.set_defaults(handler=cmd_gui)

    imp = sub.add_parser("import", help="add articles", description="Add articles (.txt .md .html .docx .jsonl, Label Studio .json, .xmi, an XMI .zip, folders).")
    imp.add_argument("--db", required=True, type=Path, help="project file (created if missing)")
    imp.add_argument("--annotator", help="owner of every imported quote, replacing the names JSONL files give "
                     "(default: the file's names, else the login name)")
    imp.add_argument("--meta", type=Path, metavar="FILE", help="article details (title, outlet, date, url) "
                     "for the imported files: a CSV with a header row or a JSONL, one line per file name")
    imp.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    imp.set_defaults(handler=cmd_import)

    exp = sub.add_parser("export", help="write annotations", description="Export annotations.")
    exp.add_argument("--db", required=True, type=Path, help="project file")
    # A str, not a Path: Path drops the trailing slash that says the user named a folder.
    exp.add_argument("--out", required=True, help="file to write; its extension (.jsonl, .spacy, .csv, .json, .zip for xmi) sets the format")
    exp.add_argument("--format", choices=("jsonl", "doccano", "spacy", "csv", "labelstudio", "xmi"),
                     help="jsonl (the default), doccano, spacy, csv, labelstudio (.json, with NAME.config.xml "
                     "beside it) or xmi (UIMA CAS XMI for INCEpTION: --out a folder or NAME.zip); must fit the "
                     "extension of --out")
    exp.add_argument("--gold", action="store_true", help="only adjudicated (gold) quotes")
    exp.add_argument("--annotator", help="only this annotator's quotes")
    exp.add_argument("--excel", action="store_true",
                     help="CSV for Excel: starts with a byte order mark, so accents and emoji open right")
    exp.add_argument("--dev", type=float, metavar="SHARE",
                     help="spacy: write NAME-train.spacy and NAME-dev.spacy, SHARE of the articles in dev")
    exp.add_argument("--predictions", action="store_true",
                     help="labelstudio: write the quotes as predictions (pre-annotations), not annotations")
    exp.add_argument("--processes", type=_processes, metavar="N",
                     help="jsonl: write with N processes at once, at most 4 per core (default: one per idle core for "
                          "20,000 quotes or more)")
    exp.set_defaults(handler=cmd_export)

    sug = sub.add_parser("suggest", help="precompute suggestions", description="Suggest quotes and speakers.")
    sug.add_argument("--db", required=True, type=Path, help="project file")
    sug.add_argument("--out", type=Path, help="also write the suggestions as JSONL (export format)")
    sug.add_argument("--processes", type=int, default=1, help="spaCy worker processes (default 1)")
    sug.add_argument("--model", help="spaCy pipeline to load (default: en_core_web_sm if installed, else rules only; "
                     "a named model that is not installed is an error)")
    sug.set_defaults(handler=cmd_suggest)

    ev = sub.add_parser("eval", help="score suggestions against gold", description="Score suggestions.")
    ev.add_argument("--gold", required=True, type=Path, help="gold JSONL (doc, start, end, kind, speaker)")
    ev.add_argument("--db", required=True, type=Path, help="project holding the gold's articles")
    ev.add_argument("--json", action="store_true", help="print JSON")
    ev.add_argument("--model", help="spaCy pipeline to load")
    ev.set_defaults(handler=cmd_eval)

    tra = sub.add_parser("train", help="learn topics and stance from the project's quotes",
                         description="Train topic and stance classifiers on the project's own quotes.")
    tra.add_argument("--db", required=True, type=Path, help="project file")
    tra.add_argument("--min-examples", type=int, help="quotes a label needs (a project setting; default 20)")
    tra.set_defaults(handler=cmd_train)

    mer = sub.add_parser("merge", help="bring annotators' work together", description="Merge annotators' projects.")
    mer.add_argument("--db", required=True, type=Path, help="the review project (created if missing)")
    mer.add_argument("projects", nargs="+", metavar="OTHER", type=Path, help="annotators' project files")
    mer.set_defaults(handler=cmd_merge)

    adj = sub.add_parser("adjudicate", help="settle quotes into gold", description="Adjudicate into gold.")
    adj.add_argument("--db", required=True, type=Path, help="the review project")
    adj.add_argument("--unanimous", action="store_true", help="accept every unanimous quote into gold")
    adj.set_defaults(handler=cmd_adjudicate)

    agr = sub.add_parser("agreement", help="agreement table", description="Inter-annotator agreement.")
    agr.add_argument("--db", required=True, type=Path, help="the review project")
    agr.add_argument("--json", action="store_true", help="print JSON")
    agr.set_defaults(handler=cmd_agreement)

    asg = sub.add_parser("assign", help="hand articles out, one file per annotator",
                         description="Hand the articles nobody has yet out to annotators, one project file each.")
    asg.add_argument("--db", required=True, type=Path, help="the corpus project (records who has what)")
    asg.add_argument("--to", required=True, metavar="A,B,C", help="annotators' names, comma-separated")
    asg.add_argument("--overlap", type=float, default=0.0, help="fraction of articles shared (default 0)")
    asg.add_argument("--per-article", type=int, default=2, help="annotators per shared article (default 2)")
    asg.add_argument("--seed", type=int, default=0, help="the same seed gives the same assignment (default 0)")
    asg.add_argument("--exclude-done", type=Path, metavar="REVIEW", help="leave out articles decided in REVIEW")
    asg.add_argument("--out", required=True, type=Path, help="folder for the files (NAME.annotator.db)")
    asg.set_defaults(handler=cmd_assign)

    prg = sub.add_parser("progress", help="per-annotator progress", description="Progress of each annotator.")
    prg.add_argument("--db", required=True, type=Path, help="the review (or corpus) project")
    prg.add_argument("--json", action="store_true", help="print JSON")
    prg.set_defaults(handler=cmd_progress)

    info = sub.add_parser("info", help="counts and schema version", description="Show what a project holds.")
    info.add_argument("--db", required=True, type=Path, help="project file")
    info.add_argument("--json", action="store_true", help="print JSON")
    info.set_defaults(handler=cmd_info)
    parser.commands = frozenset(sub.choices)  # read by _route_files
    return parser


def _gui_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, help="project file (default: the last one)")
    parser.add_argument("--demo", action="store_true", help="open the bundled sample corpus")
    parser.add_argument("--screenshot", type=Path, metavar="PNG", help="save the window to PNG once loaded, then exit")
    parser.add_argument("--annotator", default=None, help="your name, recorded on every quote")
    parser.add_argument("--size", type=_window_size, metavar="WxH", help="window size, e.g. 1280x800 (with "
                        "--screenshot: the picture's size)")


def _window_size(text: str) -> tuple[int, int]:
    """WIDTHxHEIGHT in pixels, as --size takes it."""
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()) or not (200 <= int(width) <= 10000 and 200 <= int(height) <= 10000):
        raise argparse.ArgumentTypeError(f"'{text}' is not WIDTHxHEIGHT in pixels (200 to 10000), e.g. 1280x800")
    return int(width), int(height)


def _route_files(argv: list[str], commands: frozenset[str]) -> list[str]:
    """Send `annotator [options] FILE...` to the gui command: argparse cannot mix FILEs with COMMANDs."""
    takes_value = {"--db", "--screenshot", "--annotator", "--size"}
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in takes_value:
            skip = True
        elif token == "--" or not token.startswith("-"):
            return argv if token in commands else ["gui", *argv]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``annotator`` command."""
    parser = build_parser()
    args = parser.parse_args(_route_files(list(sys.argv[1:] if argv is None else argv), parser.commands))
    try:
        return args.handler(args)
    except CommandError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`annotator agreement | head`): not an error worth a traceback. Point
        # stdout at nothing so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        # A write refused half-way through a batch (another program holds the lock, a read-only file):
        # one line, not a traceback. Each file or step before it was committed whole.
        from annotator.store.project import ProjectError

        if not isinstance(exc, ProjectError):
            raise
        print(f"annotator: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
