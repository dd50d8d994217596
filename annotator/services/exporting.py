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
from annotator.store import tokens as token_store
from annotator.store.project import Project
from annotator.store.quote_table import quote_table

FORMATS = ("jsonl", "doccano", "spacy", "csv")


@dataclass
class ExportReport:
    """What an export wrote."""

    path: Path
    format: str
    records: int = 0
    quotes: int = 0

    def summary(self) -> str:
        """One line for the command line and the status bar."""
        return f"Exported {self.quotes} quote(s) in {self.records} record(s) as {self.format} to {self.path}"


def records(project: Project, annotator: str | None = None, gold: bool = False) -> Iterator[tuple[Article, str, list[Quote]]]:
    """(article, annotator, quotes) for every article and selected annotator, in article order.

    Parameters
    ----------
    annotator: only this annotator's quotes.
    gold: only adjudicated quotes (annotator "gold").
    """
    wanted = GOLD if gold else annotator
    by_article: dict[int, dict[str, list[Quote]]] = defaultdict(lambda: defaultdict(list))
    for quote in quote_store.all_quotes(project, wanted):
        by_article[quote.article_id][quote.annotator].append(quote)
    for article in article_store.all_articles(project):
        groups = by_article.get(article.id)
        if groups:
            for name in sorted(groups):
                yield article, name, groups[name]
        elif wanted is None:
            # An article nobody annotated still belongs in a full export, with no spans.
            yield article, "", []


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
    with _replacing(out, binary=True) as handle:
        for article in article_store.all_articles(project):
            rows = by_article.get(article.id)
            if rows is None and wanted is not None:
                continue
            article_tokens = tokens.of(article)
            head = lines.head(article, article_tokens)
            # An article nobody annotated still belongs in a full export, with no spans.
            groups = groupby(rows, itemgetter(1)) if rows else [(None, ())]
            for annotator_id, group in groups:
                quotes = list(group)
                name = "" if annotator_id is None else table.annotators[annotator_id]
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
    """Write to a temporary file beside ``path`` and move it into place only when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        mode = "wb" if binary else "w"
        kwargs = {} if binary else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
        # mkstemp makes the file private; an export should get the same permissions as any new file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_project(
    project: Project,
    out: Path,
    format: str = "jsonl",
    annotator: str | None = None,
    gold: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ExportReport:
    """Write the selected annotations to ``out`` in ``format``; the file appears only when complete.

    Parameters
    ----------
    out: the file to write (replaced whole).
    format: one of FORMATS.
    annotator, gold: the selection, as in :func:`records`.
    progress: called with the number of records written so far.
    """
    if format not in FORMATS:
        raise ExportError(f"unknown format '{format}'; expected one of {', '.join(FORMATS)}")
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
