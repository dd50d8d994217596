"""qtawesome icons, loaded after the window is shown: importing qtawesome costs a fifth of a second."""

from __future__ import annotations

from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QApplication

_loaded = False
_pending: list[tuple[object, str]] = []


def icon(name: str) -> QIcon:
    """A qtawesome icon in the palette's text colour; an empty icon if the name is unknown."""
    import qtawesome as qta

    app = QApplication.instance()
    colour = app.palette().color(QPalette.ButtonText) if app else None
    try:
        return qta.icon(name, color=colour) if colour is not None else qta.icon(name)
    except Exception:  # an unknown name must not take the window down
        return QIcon()


def assign(target: object, name: str) -> None:
    """Give an action or button its icon now if icons are loaded, else once :func:`load` runs."""
    if _loaded:
        target.setIcon(icon(name))
    else:
        _pending.append((target, name))


def load() -> None:
    """Load qtawesome and set every icon assigned so far."""
    global _loaded
    _loaded = True
    while _pending:
        target, name = _pending.pop(0)
        try:
            target.setIcon(icon(name))
        except RuntimeError:  # the widget was closed before icons arrived
            pass
