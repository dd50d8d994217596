"""Articles named on the command line: import the new ones and say which articles to show, in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.services.errors import ImportFileError, NotArticlesError
from annotator.services.importing import (
    ImportReport,
    check_path,
    report_counts,
    restore_counts,
    store_document,
)
from annotator.services.readers import iter_path
from annotator.store.project import PROJECT_SUFFIX, Project, ProjectError


def split_files(files: list[Path], db: Path | None) -> tuple[Path | None, list[Path]]:
    """The project to open and the article files of `annotator [--db P] FILE...`.

    A FILE ending in .annotator.db is a project (as a file manager passes it); the others are articles.
    Raises ValueError, naming the file, for two projects, a project other than --db, or a missing file.
    """
    projects = [f for f in files if f.name.endswith(PROJECT_SUFFIX)]
    articles = [f for f in files if f not in projects]
    if len(projects) > 1 or (projects and db is not None and Path(db) != projects[0]):
        raise ValueError(f"{projects[-1]}: one project at a time; open the others in new windows")
    if projects and not projects[0].is_file():
        raise ValueError(f"{projects[0]}: no such project file")
    missing = [f for f in articles if not f.exists()]
    if missing:
        raise ValueError(f"{missing[0]}: no such file")
    return (projects[0] if projects else db), articles


@dataclass
class OpenedFiles:
    """The articles of the named files in the order given, and a line per file that could not be opened."""

    article_ids: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    report: ImportReport = field(default_factory=ImportReport)


def articles_for_files(project: Project, paths: list[Path], annotator: str) -> OpenedFiles:
    """Import each file (a text already in the project is found, not copied) and list its articles' ids.

    Each file is one transaction: a file that cannot be read or stored leaves nothing behind, is named in
    ``problems`` and the others are still opened.
    """
    opened = OpenedFiles()
    for path in paths:
        counts = report_counts(opened.report)
        try:
            check_path(path)
            if Path(path).is_dir():
                raise ImportFileError(path, "a folder: open files, or import the folder (Ctrl+Shift+I)", as_given=True)
            with project.atomic():  # a JSONL read a line at a time: an error rolls the whole file back
                ids = [store_document(project, document, annotator, opened.report) for document in iter_path(Path(path))]
        except (ImportFileError, NotArticlesError) as exc:
            restore_counts(opened.report, counts)  # rolled back: nothing of the file was added
            opened.problems.append(str(exc))
            continue
        except ProjectError as exc:  # the project cannot be written: the rest would fail the same way
            restore_counts(opened.report, counts)
            opened.problems.append(str(exc))
            break
        for article_id in ids:
            if article_id not in opened.article_ids:  # the same text named twice is shown once
                opened.article_ids.append(article_id)
    return opened
