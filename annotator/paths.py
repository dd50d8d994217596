"""Where the bundled migrations and resources live, in a checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def migrations_dir() -> Path:
    """The folder of numbered SQL migrations (``db/`` in a checkout)."""
    return _first_existing(_PACKAGE.parent / "db", _PACKAGE / "_db")


def resources_dir() -> Path:
    """The folder of icons, schemes, stylesheets and sample articles."""
    return _first_existing(_PACKAGE.parent / "resources", _PACKAGE / "_resources")


def default_scheme_path() -> Path:
    """The label scheme a new project starts with."""
    return resources_dir() / "schemes" / "news-quotes.toml"


def samples_dir() -> Path:
    """The bundled sample corpus used by ``--demo``."""
    return resources_dir() / "samples"


def icon_path() -> Path:
    """The application icon (scalable), also installed for the menu by the packages."""
    return resources_dir() / "icons" / "annotator.svg"
