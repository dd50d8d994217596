"""What the window says about the project file itself: failed writes, read-only opens, other programs' work."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow

#: Actions that change the project; a read-only project disables them.
EDITING_ACTIONS = (
    "import_files", "import_folder", "scheme", "undo", "redo", "new_quote", "new_quote_raw", "set_span",
    "delete_quote", "cycle_kind", "accept_suggestion", "reject_suggestion", "accept_all", "mark_done",
)
#: How long a failure stays in the status bar.
MESSAGE_MS = 15000


class ProjectWatch(QObject):
    """Puts the session's reports in the window: failures in the status bar, read-only in title and bar."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.session = window.session
        self._disabled: list = []  # the actions a read-only project turned off
        self.badge = QLabel()
        self.badge.setObjectName("readOnlyBadge")
        self.badge.setStyleSheet("QLabel { color: #a04000; font-weight: bold; padding: 0 6px; }")
        window.statusBar().addPermanentWidget(self.badge)
        self.session.writeFailed.connect(self._on_write_failed)
        self.session.externalChange.connect(self._on_external_change)
        self.session.projectReplaced.connect(lambda: QTimer.singleShot(0, self.show_access))
        self.show_access()

    def show_access(self) -> None:
        """Mark a read-only project in the title and status bar and disable editing; undo the marks otherwise."""
        read_only = not self.session.writable
        self.badge.setText("Read-only" if read_only else "")
        self.badge.setVisible(read_only)
        self.badge.setToolTip(
            "This project file (or its folder) cannot be written: you can read and export, not annotate."
            if read_only else "")
        title = self.window.windowTitle().replace(" (read-only)", "")
        if read_only:
            name, sep, rest = title.partition(" — ")
            title = f"{name} (read-only){sep}{rest}"
        self.window.setWindowTitle(title)
        if read_only:
            actions = [getattr(self.window.actions_, name, None) for name in EDITING_ACTIONS]
            self._disabled += [a for a in actions if a is not None and a.isEnabled()]
            for action in self._disabled:
                action.setEnabled(False)
        else:
            for action in self._disabled:  # only what this watch turned off: others manage their own
                action.setEnabled(True)
            self._disabled = []

    def _on_write_failed(self, message: str) -> None:
        self.window.statusBar().showMessage(message, MESSAGE_MS)

    def _on_external_change(self) -> None:
        if not self.window.statusBar().currentMessage():
            self.window.statusBar().showMessage(
                f"{self.session.project.name} was changed by another program; the views show its work.", 5000)
