"""Import files and folders into a project: one transaction per file, bad files reported, never half-kept."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.core.model import Article, Document
from annotator.core.text import plural, printable, sha256_of
from annotator.services.assigning import add_batch, is_batch
from annotator.services.errors import ImportFileError, NotArticlesError
from annotator.services.readers import SUFFIXES, iter_path, os_reason
from annotator.services.xmi_types import TYPESYSTEM_NAME
from annotator.store import articles as article_store
from annotator.store import labels
from annotator.store import quotes as quote_store
from annotator.store.failures import write_failure
from annotator.store.project import Project, ProjectBusyError, ProjectError, now

Progress = Callable[[int, int, Path], None]


@dataclass
class ImportReport:
    """What an import did: counts, rejected files with reasons, labels added to the scheme."""

    files: int = 0
    articles_added: int = 0
    articles_existing: int = 0
    quotes_added: int = 0
    quotes_existing: int = 0
    skipped: list[Path] = field(default_factory=list)
    rejected: list[tuple[Path, str]] = field(default_factory=list)
    # Files of other records (gold quote spans, ...), with why: skipped whole, not an error.
    not_articles: list[tuple[Path, str]] = field(default_factory=list)
    # Set when the project itself could not be written (disk full, read-only): the batch stopped there,
    # and this line says why; summary() leaves it out so a caller can show it as the error it is.
    stopped: str = ""
    new_stances: list[str] = field(default_factory=list)
    new_topics: list[str] = field(default_factory=list)
    # (name the file gave, name it was filed under instead), once each: import --annotator NAME.
    replaced: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the command line and the window's status bar."""
        parts = [
            plural(self.articles_added, "new article"),
            f"{self.articles_existing} already present",
            plural(self.quotes_added, "quote"),
        ]
        if self.quotes_existing:
            parts.append(f"{plural(self.quotes_existing, 'quote')} already present")
        for owner in sorted({owner for _, owner in self.replaced}):
            names = sorted({name for name, by in self.replaced if by == owner})
            noun = "annotator" if len(names) == 1 else "annotators"
            parts.append(f"the files' {noun} {', '.join(names)} replaced by {owner}")
        if self.new_stances or self.new_topics:
            parts.append("labels added: " + ", ".join(self.new_stances + self.new_topics))
        if self.skipped:
            names = _names(self.skipped)
            parts.append(f"{len(self.skipped)} skipped as not a supported type ({names})")
        if self.not_articles:
            names = _names([path for path, _ in self.not_articles])
            parts.append(f"{len(self.not_articles)} skipped as not articles ({names})")
        parts.append(f"{len(self.rejected)} rejected")
        return f"Read {plural(self.files, 'file')}: " + ", ".join(parts)


def _names(paths: list[Path]) -> str:
    """The first few file names of a list, for a summary."""
    return ", ".join(printable(p.name) for p in paths[:5]) + (", …" if len(paths) > 5 else "")


def unwritable(project_path: Path) -> str | None:
    """Why a project file (existing or to be created) cannot be written, checked before opening it."""
    path = Path(project_path)
    folder = path.parent
    shown = printable(str(path))
    if path.is_dir():
        return f"{shown}: a folder, not a project file; give a file name such as corpus.annotator.db"
    if not folder.is_dir():
        return f"{shown}: the folder {printable(str(folder))} does not exist; nothing was imported"
    if path.exists() and not os.access(path, os.W_OK):
        return f"{shown}: the project file is read-only; nothing was imported"
    # SQLite writes its journal (-wal, -shm) beside the file, so the folder must be writable too.
    if not os.access(folder, os.W_OK):
        return f"{shown}: the project's folder {printable(str(folder))} is read-only; nothing was imported"
    return None


def check_path(path: Path) -> None:
    """Raise an ImportFileError naming ``path`` as given when it cannot be reached or is no file."""
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        if os.path.islink(path):
            target = printable(os.readlink(path))
            raise ImportFileError(path, f"a symbolic link to {target}, which does not exist", as_given=True) from exc
        raise ImportFileError(path, "no such file or folder", as_given=True) from exc
    except OSError as exc:
        raise ImportFileError(path, f"cannot reach it ({os_reason(exc)})", as_given=True) from exc
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        # Reading a pipe or a device would block or never end.
        raise ImportFileError(path, "not a regular file (a pipe, socket or device)", as_given=True)


def iter_files(paths: Iterable[Path], report: ImportReport) -> Iterator[Path]:
    """Files named directly, and supported files under folders (recursively, hidden ones left out)."""
    def unreadable(exc: OSError) -> None:
        folder = Path(exc.filename)
        error = ImportFileError(folder, f"cannot read the folder ({os_reason(exc)})", as_given=True)
        report.rejected.append((folder, str(error)))

    for path in paths:
        path = Path(path)
        if path.is_dir():
            # os.walk skips a folder it cannot list unless told: a folder left out must be reported.
            for root, dirs, files in os.walk(path, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    child = Path(root) / name
                    if name.startswith(".") or name.lower() == TYPESYSTEM_NAME.lower():
                        continue  # hidden, or the type system the .xmi files beside it are read with
                    if child.suffix.lower() in SUFFIXES:
                        yield child
                    else:
                        report.skipped.append(child)
        else:
            yield path


def import_paths(
    project: Project,
    paths: Iterable[Path],
    annotator: str,
    progress: Progress | None = None,
    *,
    override: bool = False,
    stored: Callable[[Path, int], None] | None = None,
) -> ImportReport:
    """Import every file under ``paths``; quotes in files without an annotator go to ``annotator``.

    Parameters
    ----------
    project: the open project.
    paths: files and folders.
    annotator: owner of quotes whose file names no annotator.
    progress: called with (done, total, path) after each file.
    override: file every quote under ``annotator``, replacing the names the files give (reported).
    stored: called with (file, documents stored from it so far) after each document; an exception it
        raises (Cancelled) rolls the file back and ends the import there.
    """
    report = ImportReport()
    files = list(iter_files(paths, report))
    for index, path in enumerate(files, start=1):
        report.files += 1
        counts = report_counts(report)
        if is_batch(path):  # a batch from annotator assign: File -> Add batch
            _add_batch(project, path, report)
            if progress:
                progress(index, len(files), path)
            continue
        try:
            check_path(path)
            # One transaction per file: a file that fails half-way (a bad line, a full disk) leaves nothing.
            with project.atomic():
                for count, document in enumerate(iter_path(path), start=1):
                    store_document(project, document, annotator, report, override=override)
                    if stored:
                        stored(path, count)
        except NotArticlesError as exc:
            restore_counts(report, counts)
            report.not_articles.append((path, str(exc)))
        except ImportFileError as exc:
            restore_counts(report, counts)  # nothing of this file was kept
            report.rejected.append((path, str(exc)))
        except Exception as exc:
            restore_counts(report, counts)
            # The store words its own errors; the batch names the cause SQLite or the OS gave.
            # (another writer's lock is worded by the store, which says how long it waited).
            reason = None if isinstance(exc, ProjectBusyError) else write_failure(exc) or write_failure(exc.__cause__)
            if reason is None and not isinstance(exc, ProjectError):
                if not isinstance(exc, ValueError):
                    raise
                report.rejected.append((path, f"{printable(path.name)}: cannot store it ({exc})"))
            else:
                report.stopped = _stopped(project, exc, reason, path)
                break
        if progress:
            progress(index, len(files), path)
    return report


def _add_batch(project: Project, path: Path, report: ImportReport) -> None:
    """Add a batch file's articles to the project, or reject it with the reason."""
    try:
        added, existing = add_batch(project, path)
    except ProjectError as exc:
        report.rejected.append((path, str(exc)))
        return
    report.articles_added += added
    report.articles_existing += existing


def _stopped(project: Project, exc: Exception, reason: str | None, path: Path) -> str:
    """One line for a batch stopped because the project could not be written."""
    where = printable(str(project.path)) if project.path else "the project"
    because = str(exc) if reason is None else f"{where}: cannot write to it: {reason}"
    return f"{because}; import stopped at {printable(path.name)}, nothing of it kept"


def report_counts(report: ImportReport) -> tuple:
    """What storing a file may change in ``report``, to put back if the file is rolled back."""
    return (report.articles_added, report.articles_existing, report.quotes_added, report.quotes_existing,
            len(report.new_stances), len(report.new_topics), len(report.replaced))


def restore_counts(report: ImportReport, counts: tuple) -> None:
    """Undo what a rolled-back file added to ``report``."""
    (report.articles_added, report.articles_existing, report.quotes_added, report.quotes_existing,
     stances, topics, replaced) = counts
    del report.new_stances[stances:], report.new_topics[topics:], report.replaced[replaced:]


def store_document(
    project: Project, document: Document, annotator: str, report: ImportReport, *, override: bool = False
) -> int:
    """Store one read document (article and quotes) and count it in ``report``; returns the article id.

    A quote goes to the annotator its file names, else ``annotator``; with ``override`` every quote
    goes to ``annotator`` and the names it replaced are added to ``report.replaced``.
    """
    article = Article(
        id=None, text=document.text, sha256=sha256_of(document.text), title=document.title,
        outlet=document.outlet, url=document.url, published=document.published, source=document.source,
        imported_at=now(),
    )
    article_id, created = article_store.insert_article(project, article)
    if created:
        report.articles_added += 1
    else:
        report.articles_existing += 1
    if not document.quotes:
        return article_id
    existing = {(q.annotator, q.start, q.end) for q in quote_store.quotes_for_article(project, article_id)}
    for quote in document.quotes:
        named = quote.annotator or document.annotator
        owner = annotator if override else named or annotator
        if named and owner != named and (named, owner) not in report.replaced:
            report.replaced.append((named, owner))
        if (owner, quote.start, quote.end) in existing:
            report.quotes_existing += 1
            continue
        if quote.stance and labels.ensure_stance(project, quote.stance):
            report.new_stances.append(quote.stance)
        for topic in quote.topics:
            if labels.ensure_topic(project, topic):
                report.new_topics.append(topic)
        origin = quote.origin if quote.origin in ("manual", "suggestion", "import") else "import"
        quote_store.insert_quote(project, replace(quote, id=None, article_id=article_id, annotator=owner, origin=origin))
        existing.add((owner, quote.start, quote.end))
        report.quotes_added += 1
    return article_id
