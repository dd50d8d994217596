"""Handing a corpus out (``annotator assign``) and adding a batch to an annotator's project."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.assignment import AssignmentError, assign, check_options
from annotator.core.text import plural, printable
from annotator.store import assignments as store
from annotator.store.project import PROJECT_SUFFIX, Project, ProjectError


class AssignError(Exception):
    """An assignment that cannot be made as asked; the message names the option or file."""


@dataclass
class AssignReport:
    """What an assignment handed out: the batch, each file with its article count, the shared articles."""

    batch: int = 0
    files: list[tuple[str, Path, int]] = field(default_factory=list)
    shared: int = 0
    alone: int = 0
    left_out: int = 0

    def summary(self) -> str:
        """One line for the command line."""
        if not self.files:
            return "No new article to hand out; no file written" + self._left_out()
        loads = ", ".join(f"{name} {count}" for name, _path, count in self.files)
        return (f"Batch {self.batch}: {plural(self.shared + self.alone, 'article')} handed out, {self.shared} to several "
                f"annotators and {self.alone} to one ({loads}); {plural(len(self.files), 'file')} written"
                + self._left_out())

    def _left_out(self) -> str:
        return f"; {plural(self.left_out, 'article')} already reviewed left out" if self.left_out else ""


def batch_path(folder: Path, annotator: str, batch: int) -> Path:
    """Where an annotator's file of a batch goes: NAME.annotator.db first, NAME.batchN.annotator.db after."""
    stem = annotator if batch == 1 else f"{annotator}.batch{batch}"
    return Path(folder) / f"{stem}{PROJECT_SUFFIX}"


def assign_corpus(
    corpus: Project,
    annotators: list[str],
    out: Path,
    *,
    overlap: float = 0.0,
    per_article: int = 2,
    seed: int = 0,
    reviewed: set[str] | None = None,
) -> AssignReport:
    """Hand every article nobody has yet out to ``annotators``: one file each in ``out``, recorded in ``corpus``.

    Parameters
    ----------
    reviewed: text hashes of articles already decided in a review project, left out (``--exclude-done``).
    """
    try:
        check_options(annotators, overlap, per_article)
    except AssignmentError as exc:
        raise AssignError(str(exc)) from exc
    report = AssignReport(batch=store.next_batch(corpus))
    keys = store.unassigned_articles(corpus)
    if reviewed:
        report.left_out = sum(1 for key in keys if key in reviewed)
        keys = [key for key in keys if key not in reviewed]
    if not keys:
        return report
    result = assign(keys, annotators, overlap, per_article, seed, prior=store.assigned_counts(corpus))
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise AssignError(f"--out {printable(str(out))}: a file, not a folder; nothing was handed out")
    targets = {name: batch_path(out, name, report.batch) for name in annotators if result.by_annotator[name]}
    for target in targets.values():
        if target.exists():
            raise AssignError(f"{printable(str(target))} already exists; nothing was handed out")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AssignError(f"--out {printable(str(out))}: cannot be made ({exc.strerror or exc})") from exc
    rows = {name: [(key, name, report.batch, i) for i, key in enumerate(result.by_annotator[name])]
            for name in targets}
    partial = {name: target.with_name(f".{target.name}.partial") for name, target in targets.items()}
    try:
        for name, path in partial.items():
            path.unlink(missing_ok=True)
            store.write_share(corpus, path, name, rows[name])
        # Recorded before the files get their names: a failure here leaves no file that the corpus denies.
        store.record_assignments(corpus, [row for name in targets for row in rows[name]])
    except (ProjectError, OSError) as exc:
        for path in partial.values():
            path.unlink(missing_ok=True)
        raise AssignError(str(exc) if isinstance(exc, ProjectError) else f"{exc}; nothing was handed out") from exc
    for name, target in targets.items():
        os.replace(partial[name], target)
        report.files.append((name, target, len(rows[name])))
    report.shared = len(result.overlap)
    report.alone = len(keys) - report.shared
    return report


def reviewed_articles(review: Project) -> set[str]:
    """Text hashes of the articles a review project has decided (left out by ``--exclude-done``)."""
    return store.reviewed_shas(review)


def assigned_to(project: Project) -> str | None:
    """Who the project was handed out to (None for a project not written by ``annotator assign``)."""
    return project.get_setting(store.ASSIGNED_TO)


def is_batch(path: Path) -> bool:
    """Whether ``path`` names a project file (a batch from ``annotator assign``) rather than articles."""
    return Path(path).name.endswith(PROJECT_SUFFIX)


def add_batch(project: Project, path: Path) -> tuple[int, int]:
    """Add a batch file's articles (with suggestions, registries, order) to ``project``, leaving its work alone.

    Returns (articles added, articles already present). A batch written for someone else is refused.
    """
    mine = assigned_to(project)
    with store.attached_batch(project, Path(path)):
        owner = store.batch_owner(project)
        if mine and owner and owner != mine:
            raise ProjectError(f"{printable(str(path))}: a batch for {owner}, and this project is {mine}'s; "
                               "nothing was added")
        return store.add_batch_rows(project)

