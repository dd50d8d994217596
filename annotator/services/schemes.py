"""Replace a project's label scheme from a TOML file (not undoable: labels are project settings)."""

from __future__ import annotations

from pathlib import Path

from annotator.core.model import LabelScheme
from annotator.core.scheme import load_scheme
from annotator.store import labels
from annotator.store.project import Project


def apply_scheme_file(project: Project, path: Path | str) -> LabelScheme:
    """Load a scheme file and apply it to the project in one transaction; returns the project's new scheme.

    Parameters
    ----------
    project: the open project.
    path: a label scheme TOML file.

    Raises
    ------
    SchemeError: the file is unreadable or invalid; the project is left unchanged.
    """
    scheme = load_scheme(Path(path))
    labels.apply_scheme(project, scheme)
    return labels.scheme(project)
