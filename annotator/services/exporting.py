"""Export a project's annotations as JSONL (Prodigy), doccano JSONL, spaCy DocBin or CSV."""

from __future__ import annotations

import csv
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import IO

from annotator.core.model import GOLD, Article, Quote, Tokens
from annotator.services import writers, writers_prodigy
from annotator.services.errors import ExportError
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.store import registry
from annotator.store import review as review_store
from annotator.store import tokens as token_store
from annotator.store.project import Project
from annotator.store.quote_table import quote_table

FORMATS = ("jsonl", "doccano", "spacy", "csv")
# What a file name's suffix says it holds (doccano is JSONL too, so it is only ever asked for by name).
SUFFIX_FORMATS = {".jsonl": ("jsonl", "doccano"), ".spacy": ("spacy",), ".csv": ("csv",)}
FORMAT_SUFFIXES = {"jsonl": ".jsonl", "doccano": ".jsonl", "spacy": ".spacy", "csv": ".csv"}


@dataclass
class ExportReport:
    """What an export wrote."""

    path: Path
    format: str
    records: int = 0
    quotes: int = 0

    def summary(self) -> str:
        """One line for the command line and the status bar."""
        line = f"Exported {self.quotes} quote(s) in {self.records} record(s) as {self.format} to {self.path}"
        if not self.records:
            line += " (no article has quotes or is marked done for this selection)"
        return line


def format_for(out: Path | str, requested: str | None = None) -> str:
    """The format to write ``out`` in: ``requested``, else the one its suffix names, else jsonl.

    Raises ExportError, with the reason alone (the caller names the file), when ``requested`` is
    unknown or contradicts the suffix (csv into ``a.spacy``).
    """
    suffix = Path(out).suffix.lower()
    fits = SUFFIX_FORMATS.get(suffix)
    if requested is None:
        return fits[0] if fits else "jsonl"
    if requested not in FORMATS:
        raise ExportError(f"unknown format '{requested}'; expected one of {', '.join(FORMATS)}")
    if fits and requested not in fits:
        raise ExportError(f"a {suffix} file holds {' or '.join(fits)}, not {requested}")
    return requested


def names_folder(out: Path | str) -> bool:
    """Whether ``out`` is a folder, or is written as one (a trailing slash)."""
    return str(out).endswith(("/", os.sep)) or Path(out).is_dir()


def records(project: Project, annotator: str | None = None, gold: bool = False) -> Iterator[tuple[Article, str, list[Quote]]]:
    """(article, annotator, quotes) for every article an annotator worked on, in article order.

    An annotator worked on an article if they quoted in it or marked it done (Ctrl+D), and gold on
    one the reviewer decided a group of or marked done. An article marked done without quotes is a
    real "no quotes here" example; one nobody touched is left out, not exported as such.

    Parameters
    ----------
    annotator: only this annotator's quotes.
    gold: only adjudicated quotes (annotator "gold").
    """
    wanted = GOLD if gold else annotator
    by_article: dict[int, dict[str, list[Quote]]] = defaultdict(lambda: defaultdict(list))
    for quote in quote_store.all_quotes(project, wanted):
        by_article[quote.article_id][quote.annotator].append(quote)
    articles = article_store.all_articles(project)
    marked = marked_done(project, [a.id for a in articles], wanted)
    for article in articles:
        groups = by_article.get(article.id, {})
        for name in sorted(groups.keys() | marked.get(article.id, set())):
            yield article, name, groups.get(name, [])


def marked_done(project: Project, article_ids: list[int], wanted: str | None = None) -> dict[int, set[str]]:
    """The annotators (``wanted`` only, if given) who marked each article done, by article id.

    For gold: articles whose review is marked done or has any group decided (all rejected leaves
    gold with no quotes there, which is still the reviewer's answer).
    """
    marked: dict[int, set[str]] = defaultdict(set)
    names = registry.annotator_names(project) if wanted is None else [wanted]
    for name in names:
        annotator_id = registry.annotator_id(project, name)
        if annotator_id is None:
            continue
        for article_id in article_ids:
            if article_store.article_status(project, article_id, annotator_id) == "done":
                marked[article_id].add(name)
    if wanted in (None, GOLD):
        decided = review_store.decision_counts(project)
        for article_id in article_ids:
            if decided.get(article_id) or review_store.review_status(project, article_id) == "done":
                marked[article_id].add(GOLD)
    return marked


def _tokenizer():
    """spaCy's rule-based English tokenizer: Prodigy's token offsets, no model needed."""
    import spacy

    return spacy.blank("en")


class _TokenSource:
    """Each article's tokens, from the project's cache or computed once and cached after."""

    def __init__(self, project: Project, strings: dict[str | None, str]):
        self.project = project
        self.key = f"spacy-{version('spacy')}-blank-en"
        self.cached = token_store.cached_tokens(project, self.key)
        self.new: dict[int, Tokens] = {}
        self._strings = strings
        self._nlp = None

    def of(self, article: Article) -> Tokens:
        """The tokens of an article."""
        tokens = self.cached.get(article.id)
        if tokens is None:
            if self._nlp is None:
                self._nlp = _tokenizer()
            tokens = self.new[article.id] = writers_prodigy.tokenise(article.text, self._nlp, self._strings)
        return tokens

    def save(self) -> None:
        """Store the token lists computed during this export."""
        if self.new:
            token_store.store_tokens(self.project, self.key, self.new)


def _export_prodigy(
    project: Project,
    out: Path,
    wanted: str | None,
    report: ExportReport,
    progress: Callable[[int], None] | None,
) -> ExportReport:
    """The JSONL export, the same records as :func:`records` gives, from plain rows instead of Quotes."""
    table = quote_table(project, wanted)
    by_article = {article_id: list(rows) for article_id, rows in groupby(table.rows, itemgetter(0))}
    lines = writers_prodigy.ProdigyLines(table)
    tokens = _TokenSource(project, lines.strings)
    articles = article_store.all_articles(project)
    marked = marked_done(project, [a.id for a in articles], wanted)
    with _replacing(out, binary=True) as handle:
        for article in articles:
            groups = {
                table.annotators[annotator_id]: list(group)
                for annotator_id, group in groupby(by_article.get(article.id, ()), itemgetter(1))
            }
            for name in marked.get(article.id, ()):
                groups.setdefault(name, [])  # marked done with no quotes: a record without spans
            if not groups:
                continue  # nobody worked on it: not a "no quotes" example
            article_tokens = tokens.of(article)
            head = lines.head(article, article_tokens)
            for name in sorted(groups):
                quotes = groups[name]
                handle.write(head)
                handle.write(lines.tail(article, article_tokens, name, quotes))
                report.records += 1
                report.quotes += len(quotes)
                if progress:
                    progress(report.records)
    tokens.save()
    return report


def _export_docbin(out: Path, selected, report: ExportReport) -> ExportReport:
    from spacy.tokens import DocBin

    from annotator.services.writers_spacy import spacy_doc

    nlp = _tokenizer()
    docbin = DocBin(store_user_data=True)
    for article, name, quotes in selected:
        docbin.add(spacy_doc(article, name, quotes, nlp))
        report.records += 1
        report.quotes += len(quotes)
    with _replacing(out, binary=True) as handle:
        handle.write(docbin.to_bytes())
    return report


@contextmanager
def _replacing(path: Path, binary: bool = False) -> Iterator[IO]:
    """Write to a temporary file beside ``path`` and move it into place only when complete.

    On any failure the temporary file and the folders made for it are removed, and an OSError
    becomes an ExportError naming ``path`` (never the temporary name).
    """
    if names_folder(path):
        raise ExportError(f"{path} is a folder; give a file name")
    created: list[Path] = []
    tmp: str | None = None
    try:
        _make_folder(path.parent, created)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        mode = "wb" if binary else "w"
        kwargs = {} if binary else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
        # mkstemp makes the file private; an export should get the same permissions as any new file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        for folder in reversed(created):
            try:
                folder.rmdir()
            except OSError:
                break
        if isinstance(exc, OSError):
            raise ExportError(f"{path}: cannot write it ({exc.strerror or exc.__class__.__name__})") from exc
        raise


def _make_folder(folder: Path, created: list[Path]) -> None:
    """Create ``folder`` and its missing parents, adding each to ``created`` (outermost first) once made."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir()
        created.append(each)


def export_project(
    project: Project,
    out: Path,
    format: str | None = None,
    annotator: str | None = None,
    gold: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ExportReport:
    """Write the selected annotations to ``out`` in ``format``; the file appears only when complete.

    Parameters
    ----------
    out: the file to write (replaced whole); a folder is refused before anything is written.
    format: one of FORMATS; None takes it from the suffix of ``out`` (:func:`format_for`), and one
        that contradicts the suffix is refused.
    annotator, gold: the selection, as in :func:`records`.
    progress: called with the number of records written so far.
    """
    if names_folder(out):
        raise ExportError(f"{out} is a folder; give a file name")
    try:
        format = format_for(out, format)
    except ExportError as exc:
        raise ExportError(f"{out}: {exc}") from None
    if annotator is not None and annotator not in registry.annotator_names(project):
        known = ", ".join(registry.annotator_names(project)) or "none yet"
        raise ExportError(f"no annotator named '{annotator}' in this project (annotators: {known})")
    out = Path(out)
    report = ExportReport(out, format)
    if format == "jsonl":
        return _export_prodigy(project, out, GOLD if gold else annotator, report, progress)
    selected = records(project, annotator, gold)
    if format == "spacy":
        return _export_docbin(out, selected, report)
    with _replacing(out) as handle:
        if format == "csv":
            writer = csv.DictWriter(handle, fieldnames=writers.CSV_HEADER)
            writer.writeheader()
        for article, name, quotes in selected:
            if format == "doccano":
                handle.write(writers.jsonl_line(writers.doccano_record(article, name, quotes)) + "\n")
            else:
                writer.writerows(writers.csv_rows(article, name, quotes))
            report.records += 1
            report.quotes += len(quotes)
            if progress:
                progress(report.records)
    return report


def write_suggestion_records(out: Path, items) -> int:
    """Write (article, suggestions) pairs as export-format JSONL records of origin "suggestion"."""
    nlp = _tokenizer()
    count = 0
    with _replacing(Path(out)) as handle:
        for article, suggestions in items:
            quotes = [
                Quote(None, article.id, s.start, s.end, "suggestions", kind=s.kind, speaker=s.speaker,
                      speaker_span=s.speaker_span, cue_span=s.cue_span, topics=s.topics, origin="suggestion")
                for s in suggestions
            ]
            handle.write(writers.jsonl_line(writers.prodigy_record(article, "suggestions", quotes, nlp)) + "\n")
            count += 1
    return count
