"""Named exceptions of the services layer, each with a message fit to show the user as is."""

from __future__ import annotations

from pathlib import Path

from annotator.core.text import printable


class AnnotatorError(Exception):
    """Base of every error the app reports to the user rather than as a crash."""


class ImportFileError(AnnotatorError):
    """A file that cannot be imported: names the file (by name, or as given), the line if any, and why."""

    def __init__(self, path: str | Path, reason: str, line: int | None = None, *, as_given: bool = False) -> None:
        self.path = Path(path)
        self.reason = reason
        self.line = line
        # A path that is missing or cannot be reached is named as the user typed it: its base name
        # alone would not say which folder was meant.
        name = printable(str(path) if as_given else self.path.name)
        where = name if line is None else f"{name}, line {line}"
        super().__init__(f"{where}: {reason}")


class NotArticlesError(ImportFileError):
    """A file of another kind of record (a gold file of quote spans, say): skipped, not an error."""


class ExportError(AnnotatorError):
    """An export that cannot be written (bad target, unknown format, article missing)."""


class Cancelled(AnnotatorError):
    """Long work (a merge, an export) stopped because the user asked; nothing it began was kept."""
