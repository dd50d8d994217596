"""File → Merge: bring annotators' project files into the open (review) project and show what came in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.services.commands import Change
from annotator.services.merging import MergeReport, merge_projects
from annotator.store.project import PROJECT_SUFFIX
from annotator.ui import file_dialogs
from annotator.ui.session import Session

_FILTER = f"Annotator projects (*{PROJECT_SUFFIX});;All files (*)"
_INTRO = ("Choose annotators' project files. Articles are matched by text, speakers by name and alias, and each "
          "annotator's quotes stay under their name. Merging the same files again changes nothing; a newer file "
          "of an annotator updates that annotator's quotes.")


class MergeDialog(QDialog):
    """Choose project files, merge them into the session's project, show the summary and speaker conflicts."""

    merged = Signal(object)  # the MergeReport

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Merge annotators' projects")
        self.session = session
        self.report: MergeReport | None = None
        intro = QLabel(_INTRO)
        intro.setWordWrap(True)
        self.files = QListWidget()
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        add = QPushButton("Add files…")
        add.clicked.connect(self._on_add_clicked)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self._on_remove_clicked)
        side = QVBoxLayout()
        side.addWidget(add)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.files, 1)
        row.addLayout(side)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.conflicts_label = QLabel("Speaker conflicts (names kept apart; settle them in the speakers panel):")
        self.conflicts_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.conflicts = QListWidget()
        self.conflicts.setMaximumHeight(140)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.merge_button = self.buttons.addButton("Merge", QDialogButtonBox.ButtonRole.ApplyRole)
        self.merge_button.clicked.connect(self.run_merge)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.conflicts_label)
        layout.addWidget(self.conflicts)
        layout.addWidget(self.buttons)
        self.resize(620, 440)
        self._update()

    def paths(self) -> list[Path]:
        """The files chosen, in order."""
        return [Path(self.files.item(k).data(Qt.ItemDataRole.UserRole)) for k in range(self.files.count())]

    def add_paths(self, paths: list[Path | str]) -> None:
        """Add files to merge (each once)."""
        known = set(self.paths())
        for path in map(Path, paths):
            if path not in known:
                known.add(path)
                self.files.addItem(path.name)
                item = self.files.item(self.files.count() - 1)
                item.setData(Qt.ItemDataRole.UserRole, str(path))
                item.setToolTip(str(path))
        self._update()

    def run_merge(self) -> MergeReport | None:
        """Merge the chosen files; the views are told to reload; None (with the error shown) on failure."""
        paths = self.paths()
        if not paths:
            return None
        try:
            report = merge_projects(self.session.project, paths)
        except Exception as error:  # a bad file must be reported, not take the window down
            self.summary.setText(f"Merge failed: {error}")
            self.summary.setStyleSheet("color: #c0392b;")
            return None
        self.report = report
        self.summary.setStyleSheet("")
        self.summary.setText(report.summary() + ".")
        self.conflicts.clear()
        self.conflicts.addItems(report.conflicts)
        self._update()
        # Merging is not undoable, and commands on the stack hold rows a merge may have replaced.
        self.session.undo_stack.clear()
        self.session.changed.emit(Change(speakers=True, claims=True))
        self.merged.emit(report)
        return report

    def _on_add_clicked(self) -> None:
        here = self.session.project.path
        folder = str(here.parent if here is not None else Path.home())  # annotators' files sit beside it
        names = file_dialogs.open_file_names(self, "Projects to merge", folder, _FILTER)
        self.add_paths(names)

    def _on_remove_clicked(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self._update()

    def _update(self) -> None:
        self.merge_button.setEnabled(self.files.count() > 0)
        self.remove_button.setEnabled(self.files.count() > 0)
        has_conflicts = self.conflicts.count() > 0
        self.conflicts_label.setVisible(has_conflicts)
        self.conflicts.setVisible(has_conflicts)
