"""Where the window keeps its settings and default project: QSettings in the user's config folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QSettings

RECENT_LIMIT = 8


def config_dir() -> Path:
    """The settings folder ($ANNOTATOR_HOME/config when set, so tests and portable setups stay apart)."""
    home = os.environ.get("ANNOTATOR_HOME")
    if home:
        return Path(home) / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir("annotator", appauthor=False))


def data_dir() -> Path:
    """Where the default and demo projects live."""
    home = os.environ.get("ANNOTATOR_HOME")
    if home:
        return Path(home) / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir("annotator", appauthor=False))


def settings() -> QSettings:
    """The settings file, opened from an explicit path so nothing depends on Qt's cached locations."""
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "annotator.ini"), QSettings.IniFormat)


def saved_annotator() -> str | None:
    """The annotator name given on a previous run."""
    value = settings().value("annotator")
    return str(value) if value else None


def save_annotator(name: str) -> None:
    """Remember the annotator's name for the next runs."""
    settings().setValue("annotator", name)


def recent_projects() -> list[Path]:
    """Recently opened project files that still exist, newest first."""
    raw = settings().value("recent", "[]")
    try:
        paths = [Path(p) for p in json.loads(raw)]
    except (TypeError, ValueError):
        paths = []
    return [p for p in paths if p.exists()]


def add_recent_project(path: Path) -> None:
    """Put a project first in the recent list (and make it the one opened next time)."""
    path = Path(path).resolve()
    paths = [path] + [p for p in recent_projects() if p.resolve() != path]
    store = settings()
    store.setValue("recent", json.dumps([str(p) for p in paths[:RECENT_LIMIT]]))
    store.setValue("last_project", str(path))


def last_project() -> Path | None:
    """The project open when the window last closed, if it still exists."""
    value = settings().value("last_project")
    return Path(value) if value and Path(value).exists() else None


def pane_state(project_path: Path | None) -> dict:
    """A project's open panes: {"panes": [{"article": id, "scroll": offset}], "current": index, "current_article": id}."""
    if project_path is None:
        return {}
    raw = settings().value(f"panes/{_key(project_path)}", "{}")
    try:
        state = json.loads(raw)
    except (TypeError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def save_pane_state(project_path: Path | None, state: dict) -> None:
    """Remember a project's open panes and reading positions."""
    if project_path is not None:
        settings().setValue(f"panes/{_key(project_path)}", json.dumps(state))


def _key(path: Path) -> str:
    # QSettings treats "/" as a group separator; a hash keeps one flat key per project file.
    import hashlib

    return hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:16]
