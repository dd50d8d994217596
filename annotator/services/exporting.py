"""Export a project's annotations as JSONL (Prodigy), doccano JSONL, spaCy DocBin, CSV or UIMA CAS XMI."""

from __future__ import annotations

import csv
import math
import os
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from annotator.core.collector import collector_paused
from annotator.core.model import GOLD, Article, Quote, Tokens
from annotator.core.text import plural
from annotator.services import export_parallel, writers, writers_prodigy, writers_xmi
from annotator.services.chunk_writer import ChunkWriter
from annotator.services.errors import ExportError
from annotator.services.export_targets import (
    SHARD_PREFIX,
    SHARD_SUFFIX,
    check_target,
    is_shard_folder,
    names_folder,
    replacing,
    replacing_tree,
)
from annotator.services.token_cuts import Edges, split_at
from annotator.store import export_rows, registry
from annotator.store import tokens as token_store
from annotator.store.project import Project

FORMATS = ("jsonl", "doccano", "spacy", "csv", "labelstudio", "xmi")
# What a file name's suffix says it holds (doccano is JSONL too, so it is only ever asked for by name).
SUFFIX_FORMATS = {".jsonl": ("jsonl", "doccano"), ".spacy": ("spacy",), ".csv": ("csv",), ".json": ("labelstudio",),
                  ".zip": ("xmi",)}
FORMAT_SUFFIXES = {"jsonl": ".jsonl", "doccano": ".jsonl", "spacy": ".spacy", "csv": ".csv", "labelstudio": ".json",
                   "xmi": ".zip"}
# A .spacy export of more documents than this is a folder of DocBin files of this many documents each.
SHARD_DOCS = 500


@dataclass
class ExportReport:
    """What an export wrote."""

    path: Path
    format: str
    records: int = 0
    quotes: int = 0
    skipped: list[str] = field(default_factory=list)  # one warning line per article left out
    dev: tuple[Path, int] | None = None  # a split .spacy export: the dev file and its records
    beside: list[str] = field(default_factory=list)  # files written with it ("labelling config X")

    def summary(self) -> str:
        """One line for the command line and the status bar."""
        line = f"Exported {plural(self.quotes, 'quote')} in {plural(self.records, 'record')} as {self.format} to {self.path}"
        if self.dev:
            line += f" (train) and {self.dev[0]} (dev, {plural(self.dev[1], 'record')})"
        if self.beside:
            line += f", with {', '.join(self.beside)}"
        if self.skipped:
            line += f"; {plural(len(self.skipped), 'article')} skipped, see the warnings"
        if not self.records and not self.skipped:
            line += " (no article has quotes or is marked done for this selection)"
        return line

    def skip(self, article: Article, exc: Exception) -> None:
        """Leave ``article`` out, with a warning naming it and why."""
        reason = str(exc).splitlines()[0][:200] if str(exc) else ""
        self.skipped.append(f"article {article.id} ({article.title or article.source or 'untitled'}) left out: "
                            f"{exc.__class__.__name__}{': ' + reason if reason else ''}")


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


def records(project: Project, annotator: str | None = None, gold: bool = False) -> Iterator[tuple[Article, str, list[Quote]]]:
    """(article, annotator, quotes) for every article an annotator worked on, in article order.

    An annotator worked on an article if they quoted in it or marked it done (Ctrl+D), and gold on
    one the reviewer decided a group of or marked done. An article marked done without quotes is a
    real "no quotes here" example; one nobody touched is left out, not exported as such. Read a batch
    of articles at a time: memory stays flat however large the project.

    Parameters
    ----------
    annotator: only this annotator's quotes.
    gold: only adjudicated quotes (annotator "gold").
    """
    ids = export_rows.names(project)
    for batch in export_rows.batches(project, GOLD if gold else annotator):
        for article, groups in _worked_on(batch, ids):
            for name in sorted(groups):
                yield article, name, [_quote(row, name, ids, batch.topics) for row in groups[name]]


def _worked_on(batch: export_rows.Batch, ids: export_rows.Names) -> Iterator[tuple[Article, dict[str, list[tuple]]]]:
    """Each article of ``batch`` someone worked on, with its quote rows by annotator name."""
    by_article = {article_id: list(rows) for article_id, rows in groupby(batch.rows, itemgetter(0))}
    for article in batch.articles:
        groups = {
            ids.annotators[annotator_id]: list(group)
            for annotator_id, group in groupby(by_article.get(article.id, ()), itemgetter(1))
        }
        for name in batch.done.get(article.id, ()):
            groups.setdefault(name, [])  # marked done with no quotes: a record without spans
        if groups:  # nobody worked on it: not a "no quotes" example
            yield article, groups


def _quote(row: tuple, annotator: str, ids: export_rows.Names, topics: dict[int, tuple[str, ...]]) -> Quote:
    """A Quote from a QUOTE_ROW tuple."""
    (article_id, _, id_, start, end, kind, speaker_id, speaker_start, speaker_end, cue_start, cue_end, stance,
     claim_id, note, origin) = row
    return Quote(
        id_, article_id, start, end, annotator, kind=kind, speaker=ids.speakers.get(speaker_id),
        speaker_span=None if speaker_start is None or speaker_end is None else (speaker_start, speaker_end),
        cue_span=None if cue_start is None or cue_end is None else (cue_start, cue_end), stance=stance,
        claim=ids.claims.get(claim_id), topics=topics.get(id_, ()), note=note, origin=origin,
    )


@cache
def _tokenizer():
    """spaCy's rule-based English tokenizer: Prodigy's token offsets, no model needed.

    Loaded once per process (a third of a second): a window exports more than once.
    """
    import spacy

    return spacy.blank("en")


class _TokenSource:
    """Articles' tokens: from the project's cache, or computed now and cached a batch at a time."""

    def __init__(self, project: Project, keep: bool = False):
        self.project = project
        self.key = f"spacy-{version('spacy')}-blank-en"
        self._strings = writers_prodigy.JsonBytes()  # token texts recur across articles: encode each once
        self._nlp = None
        self._storing = True
        self._new: dict[int, tuple[bytes, bytes]] = {}  # computed since the last store, packed
        #: With ``keep`` (in a worker process, which only reads the project), what :meth:`store` would have
        #: stored, for the process that runs the export to store (:meth:`take`).
        self.kept: dict[int, tuple[bytes, bytes]] | None = {} if keep else None

    def cached(self, articles: list[Article]) -> dict[int, tuple[bytes, bytes]]:
        """The cached tokens of ``articles`` by id, still packed: :meth:`get` unpacks each when it is needed."""
        return token_store.packed_tokens(self.project, self.key, [a.id for a in articles])

    def get(self, article: Article, packed: tuple[bytes, bytes] | None, report: ExportReport) -> Tokens | None:
        """The tokens of ``article``: ``packed`` (from :meth:`cached`) unpacked, or computed now if None.

        Just before its lines are written, while the tokens are in the CPU's cache for each line that
        reuses them, not a batch of articles ahead. An article that cannot be tokenised gives None and is
        named in ``report``.
        """
        if packed is not None:
            return token_store.unpack(packed)
        if self._nlp is None:
            self._nlp = _tokenizer()
        try:
            tokens, self._new[article.id] = writers_prodigy.tokenise_packed(article.text, self._nlp, self._strings)
        except Exception as exc:  # noqa: BLE001 - one article never stops the others
            report.skip(article, exc)
            return None
        return tokens

    def store(self, packed: dict[int, tuple[bytes, bytes]] | None = None) -> None:
        """Cache the tokens computed since the last call (and ``packed``, a worker's), for the next export."""
        if packed:
            self._new.update(packed)
        if self.kept is not None:
            self.kept.update(self._new)
        elif self._new and self._storing:
            # A project that cannot be written now (read-only, locked) exports without the cache. Stored
            # here, not on a thread: on a loaded machine a thread holding the interpreter when it is
            # descheduled stalls the export (measured: a first export's median 4.3 s against 3.4 s).
            self._storing = token_store.store_packed(self.project, self.key, self._new)
        self._new = {}

    def take(self) -> dict[int, tuple[bytes, bytes]]:
        """What a ``keep`` source kept since the last call, packed; it keeps no more of it."""
        kept, self.kept = self.kept or {}, {}
        return kept


@contextmanager
def _freed_later(path: Path) -> Iterator[None]:
    """Keep the file an export replaces open until it is replaced, then close it on a thread of its own.

    Replacing a file frees its blocks within the rename, which took a tenth of a second for the 150 MB
    of a 100,000-quote JSONL export; while the old file is open, the rename only unnames it, and the
    blocks are freed when it is closed, after the new file is in place. Only where an open file can be
    renamed over (POSIX), and only a regular file.
    """
    fd = None
    if os.name == "posix":
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:  # none there, or not ours to read: replaced as usual
            fd = None
    try:
        yield
    finally:
        if fd is not None:
            threading.Thread(target=os.close, args=(fd,), name=export_parallel.FREEING_THREAD, daemon=True).start()


def _export_prodigy(
    project: Project,
    out: Path,
    wanted: str | None,
    report: ExportReport,
    progress: Callable[[int], None] | None,
    processes: int | None = None,
) -> ExportReport:
    """The JSONL export, the same records as :func:`records` gives, from plain rows instead of Quotes.

    Written by several processes at once when :func:`export_parallel.plan` finds it pays (or ``processes``
    asks for more than one).
    """
    plan = export_parallel.plan(project, wanted, processes)
    # Each line makes a few hundred objects that live until it is written; without the collector's full
    # passes (over every object of the process, spaCy's too) that this many would make due, an export
    # takes a twentieth less, more in a window's process.
    with collector_paused(), _freed_later(out), replacing(out, binary=True) as handle:
        if plan is not None:
            try:
                export_parallel.run(project, out, handle, wanted, report, progress, plan)
            except export_parallel.Unavailable:
                plan = None
        if plan is None:
            with ChunkWriter(handle) as write:
                write_lines(project, write, wanted, report, progress, _TokenSource(project))
    return report


def write_lines(
    project: Project,
    write: Callable[..., None],
    wanted: str | None,
    report: ExportReport,
    progress: Callable[[int], None] | None,
    tokens: _TokenSource,
    ids: tuple[int, int] | None = None,
) -> None:
    """Hand ``write`` the JSONL lines of the articles (with ids in ``ids``, if given) in article order."""
    names = export_rows.names(project)
    lines = writers_prodigy.ProdigyLines(names.speakers, names.claims)
    for batch in export_rows.batches(project, wanted, ids=ids):
        worked = list(_worked_on(batch, names))
        cached = tokens.cached([article for article, _ in worked])
        lines.topics = batch.topics
        for article, groups in worked:
            article_tokens = tokens.get(article, cached.get(article.id), report)
            if article_tokens is None:
                continue  # could not be tokenised: named in the report
            head = lines.head(article)
            edges = Edges(article_tokens)
            for name in sorted(groups):
                rows = groups[name]
                # A span that cuts a token (a mid-word quote) gets this line tokens cut to fit.
                line_tokens = _aligned(article, article_tokens, edges, rows) or article_tokens
                write(head, line_tokens.json, lines.tail(article, line_tokens, name, rows))
                report.records += 1
                report.quotes += len(rows)
                if progress:
                    progress(report.records)
        tokens.store()


_STARTS, _ENDS = itemgetter(3), itemgetter(4)  # a QUOTE_ROW's quote offsets
_MENTION_STARTS = itemgetter(7, 9)  # its speaker's and its cue's start
_NO_MENTION = {(None, None)}


def _aligned(article: Article, tokens: Tokens, edges: Edges, rows: list[tuple]) -> Tokens | None:
    """``tokens`` cut so every span of ``rows`` (QUOTE_ROW tuples) lies on token boundaries; None if they do."""
    cut_starts, cut_ends = edges.cuts(map(_STARTS, rows), map(_ENDS, rows))
    if not _NO_MENTION.issuperset(map(_MENTION_STARTS, rows)):  # most quotes name no speaker or cue span
        mentions = [span for row in rows for span in ((row[7], row[8]), (row[9], row[10]))
                    if span[0] is not None and span[1] is not None]
        more_starts, more_ends = edges.cuts([start for start, _ in mentions], [end for _, end in mentions])
        cut_starts |= more_starts
        cut_ends |= more_ends
    return split_at(article.text, tokens, cut_starts, cut_ends, edges)


def _export_docbin(out: Path, selected, report: ExportReport) -> ExportReport:
    """``.spacy``: one DocBin file, or past SHARD_DOCS documents a folder of DocBin shards (``spacy train``
    reads a folder of .spacy files as one corpus); one shard is held in memory at a time."""
    from spacy.tokens import DocBin

    from annotator.services.writers_spacy import spacy_doc, tokenised

    nlp = _tokenizer()
    last: tuple[int | None, object] = (None, None)  # the article tokenised last, for its other annotators
    with replacing_tree(out) as tree:
        shards = 0
        docbin = DocBin(store_user_data=True)
        for article, name, quotes in selected:
            if len(docbin) == SHARD_DOCS:
                (tree.folder() / f"{SHARD_PREFIX}{shards:04d}{SHARD_SUFFIX}").write_bytes(docbin.to_bytes())
                shards += 1
                docbin = DocBin(store_user_data=True)
            try:
                if last[0] != article.id:
                    last = (article.id, tokenised(article.text, nlp))
                doc = spacy_doc(article, name, quotes, nlp, last[1])
            except Exception as exc:  # noqa: BLE001 - one article never stops the others
                report.skip(article, exc)
                continue
            docbin.add(doc)
            report.records += 1
            report.quotes += len(quotes)
        data = docbin.to_bytes()
        if shards:
            (tree.folder() / f"{SHARD_PREFIX}{shards:04d}{SHARD_SUFFIX}").write_bytes(data)
        else:  # a small export stays one file, loadable with DocBin().from_disk(out)
            with tree.open(binary=True) as handle:
                handle.write(data)
    return report


def split_paths(out: Path) -> tuple[Path, Path]:
    """The train and dev files a ``--dev`` export of ``out`` writes."""
    return out.with_name(f"{out.stem}-train.spacy"), out.with_name(f"{out.stem}-dev.spacy")


def dev_article(index: int, share: float) -> bool:
    """Whether the ``index``-th article exported (from 0) goes to dev: the first, then one in 1/share.

    ceil((index + 1) * share) steps up once per 1/share articles, so dev holds ceil(n * share) of n
    articles, at least one, and the same ones in every export of the same articles.
    """
    return math.ceil((index + 1) * share) != math.ceil(index * share)


def _export_split(
    project: Project, out: Path, annotator: str | None, gold: bool, share: float, report: ExportReport
) -> ExportReport:
    """Two DocBin files, train and dev, split by article; each is streamed as a plain .spacy export is."""
    if not 0 < share < 1:
        raise ExportError(f"the dev share must lie between 0 and 1, not {share}")
    train_path, dev_path = split_paths(out)
    for path in (train_path, dev_path):
        check_target(path, project.path)

    def side(want_dev: bool):
        index, last = -1, None
        for article, name, quotes in records(project, annotator, gold):
            if article.id != last:
                index, last = index + 1, article.id
            if dev_article(index, share) == want_dev:
                yield article, name, quotes

    dev_report = _export_docbin(dev_path, side(True), ExportReport(dev_path, "spacy"))
    _export_docbin(train_path, side(False), report)
    report.path = train_path
    report.dev = (dev_path, dev_report.records)
    report.records += dev_report.records
    report.quotes += dev_report.quotes
    report.skipped += dev_report.skipped
    return report


def export_project(
    project: Project,
    out: Path,
    format: str | None = None,
    annotator: str | None = None,
    gold: bool = False,
    progress: Callable[[int], None] | None = None,
    excel: bool = False,
    dev: float | None = None,
    predictions: bool = False,
    processes: int | None = None,
) -> ExportReport:
    """Write the selected annotations to ``out`` in ``format``; the file appears only when complete.

    Parameters
    ----------
    out: the file to write (replaced whole); a folder is refused before anything is written, except
        for xmi, which writes a folder (new, empty or an earlier XMI export's) or a ``.zip``.
    format: one of FORMATS; None takes it from the suffix of ``out`` (:func:`format_for`), and one
        that contradicts the suffix is refused.
    annotator, gold: the selection, as in :func:`records`.
    progress: called with the number of records written so far.
    excel: start a CSV with a byte order mark, by which Excel knows it is UTF-8 (else it shows
        accents, curly quotes and emoji garbled).
    dev: for .spacy, the share of articles held out: ``out`` names ``NAME-train.spacy`` and
        ``NAME-dev.spacy`` instead, split by article (every annotator's version of an article lands
        on one side), deterministically (:func:`dev_article`).
    predictions: for Label Studio, write each version as a prediction (pre-annotation), not an annotation.
    processes: for JSONL, how many processes write it: None chooses (several for a large export on a
        machine with cores to spare, :func:`export_parallel.plan`), 1 keeps it in this process.
    """
    try:
        format = format_for(out, format)
    except ExportError as exc:
        raise ExportError(f"{out}: {exc}") from None
    if format == "xmi":  # a folder or a .zip: writers_xmi checks which
        writers_xmi.check_xmi_target(out)
    elif names_folder(out) and not (format == "spacy" and is_shard_folder(Path(out))):
        raise ExportError(f"{out} is a folder; give a file name")
    check_target(out, project.path)
    if annotator is not None and annotator not in registry.annotator_names(project):
        known = ", ".join(registry.annotator_names(project)) or "none yet"
        raise ExportError(f"no annotator named '{annotator}' in this project (annotators: {known})")
    out = Path(out)
    report = ExportReport(out, format)
    if format == "jsonl":
        return _export_prodigy(project, out, GOLD if gold else annotator, report, progress, processes)
    selected = records(project, annotator, gold)
    if format == "spacy" and dev is not None:
        return _export_split(project, out, annotator, gold, dev, report)
    if format == "spacy":
        return _export_docbin(out, selected, report)
    if format == "labelstudio":
        from annotator.services.writers_labelstudio import config_path, write_tasks
        from annotator.store import labels

        report.records, report.quotes = write_tasks(out, selected, labels.scheme(project), predictions, progress,
                                                    project.path)
        report.beside.append(f"its labelling config {config_path(out)}")
        return report
    if format == "xmi":
        writers_xmi.write_xmi(out, selected, report, progress)
        return report
    with replacing(out) as handle:
        if format == "csv":
            if excel:
                handle.write("\ufeff")
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
    with replacing(Path(out)) as handle:
        for article, suggestions in items:
            quotes = [
                Quote(None, article.id, s.start, s.end, "suggestions", kind=s.kind, speaker=s.speaker,
                      speaker_span=s.speaker_span, cue_span=s.cue_span, topics=s.topics, origin="suggestion")
                for s in suggestions
            ]
            handle.write(writers.jsonl_line(writers.prodigy_record(article, "suggestions", quotes, nlp)) + "\n")
            count += 1
    return count
