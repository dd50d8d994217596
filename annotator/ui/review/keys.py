"""The review panel's keys: what each key does while the keyboard is in the group list or the versions table.

They are read in the panel's event filter rather than set as action shortcuts, so they win over the
window's own keys (Ctrl+D marks an annotator's article done) while the reviewer works in the panel.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView

_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


def review_command(panel, event: QKeyEvent, watched: QObject) -> Callable[[], object] | None:
    """What a key pressed in the review panel does (None: the key is not the panel's)."""
    if panel.versions_view.state() == QAbstractItemView.State.EditingState:
        return None  # typing a gold field: every key, Enter included, belongs to the editor
    key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    ctrl = Qt.KeyboardModifier.ControlModifier
    if mods == ctrl and key == Qt.Key.Key_U:
        return lambda: panel.accept_unanimous(False)
    if mods == ctrl | Qt.KeyboardModifier.ShiftModifier and key == Qt.Key.Key_U:
        return lambda: panel.accept_unanimous(True)
    if mods == ctrl and key == Qt.Key.Key_D:
        return lambda: panel.set_done(panel.status != "done")
    if mods != Qt.KeyboardModifier.NoModifier:
        return None
    if key in _DIGITS:
        return lambda: panel.take_number(_DIGITS[key])
    if key in (Qt.Key.Key_X, Qt.Key.Key_Delete):
        return panel.reject
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return panel.commit_draft
    versions = watched is panel.versions_view  # Up and Down move between a group's fields there
    if key == Qt.Key.Key_J or (key == Qt.Key.Key_Down and not versions):
        return lambda: panel.step(True)
    if key == Qt.Key.Key_K or (key == Qt.Key.Key_Up and not versions):
        return lambda: panel.step(False)
    if key == Qt.Key.Key_Escape and panel.versions.draft is not None:
        return panel.discard_draft
    if key == Qt.Key.Key_Space and versions:
        index = panel.versions_view.currentIndex()
        return lambda: panel.pick_field(index.row(), index.column())
    return None
