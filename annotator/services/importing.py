"""Import files and folders into a project: one transaction per file, bad files reported, never half-kept."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.core.model import Article, Document
from annotator.core.text import sha256_of
from annotator.services.errors import ImportFileError
from annotator.services.readers import SUFFIXES, read_path
from annotator.store import articles as article_store
from annotator.store import labels
from annotator.store import quotes as quote_store
from annotator.store.project import Project, now

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
    new_stances: list[str] = field(default_factory=list)
    new_topics: list[str] = field(default_factory=list)
    # (name the file gave, name it was filed under instead), once each: import --annotator NAME.
    replaced: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the command line and the window's status bar."""
        parts = [
            f"{self.articles_added} new article(s)",
            f"{self.articles_existing} already present",
            f"{self.quotes_added} quote(s)",
        ]
        if self.quotes_existing:
            parts.append(f"{self.quotes_existing} quote(s) already present")
        for owner in sorted({owner for _, owner in self.replaced}):
            names = ", ".join(sorted({name for name, by in self.replaced if by == owner}))
            parts.append(f"the files' annotator(s) {names} replaced by {owner}")
        if self.new_stances or self.new_topics:
            parts.append("labels added: " + ", ".join(self.new_stances + self.new_topics))
        if self.skipped:
            names = ", ".join(p.name for p in self.skipped[:5]) + (", …" if len(self.skipped) > 5 else "")
            parts.append(f"{len(self.skipped)} skipped as not a supported type ({names})")
        parts.append(f"{len(self.rejected)} rejected")
        return f"Read {self.files} file(s): " + ", ".join(parts)


def iter_files(paths: Iterable[Path], report: ImportReport) -> Iterator[Path]:
    """Files named directly, and supported files under folders (recursively, hidden ones left out)."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    child = Path(root) / name
                    if name.startswith("."):
                        continue
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
) -> ImportReport:
    """Import every file under ``paths``; quotes in files without an annotator go to ``annotator``.

    Parameters
    ----------
    project: the open project.
    paths: files and folders.
    annotator: owner of quotes whose file names no annotator.
    progress: called with (done, total, path) after each file.
    override: file every quote under ``annotator``, replacing the names the files give (reported).
    """
    report = ImportReport()
    files = list(iter_files(paths, report))
    for index, path in enumerate(files, start=1):
        report.files += 1
        replaced = len(report.replaced)
        try:
            if not path.exists():
                raise ImportFileError(path, "no such file or folder")
            documents = read_path(path)
            # One transaction per file: a file that fails half-way leaves nothing behind.
            with project.atomic():
                for document in documents:
                    store_document(project, document, annotator, report, override=override)
        except ImportFileError as exc:
            report.rejected.append((path, str(exc)))
            del report.replaced[replaced:]  # nothing of a rejected file was filed under anyone
        except (OSError, ValueError) as exc:
            report.rejected.append((path, f"{path}: {exc}"))
            del report.replaced[replaced:]
        if progress:
            progress(index, len(files), path)
    return report


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
