"""Named exceptions of the services layer, each with a message fit to show the user as is."""

from __future__ import annotations

from pathlib import Path


class AnnotatorError(Exception):
    """Base of every error the app reports to the user rather than as a crash."""


class ImportFileError(AnnotatorError):
    """A file that cannot be imported: names the file, the line if any, and why."""

    def __init__(self, path: str | Path, reason: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.reason = reason
        self.line = line
        where = self.path.name if line is None else f"{self.path.name}, line {line}"
        super().__init__(f"{where}: {reason}")


class ExportError(AnnotatorError):
    """An export that cannot be written (bad target, unknown format, article missing)."""


class Cancelled(AnnotatorError):
    """Long work (a merge, an export) stopped because the user asked; nothing it began was kept."""
