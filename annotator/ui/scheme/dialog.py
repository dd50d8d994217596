"""Label scheme settings: the project's stances and topics, and loading another scheme file."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Label, LabelScheme
from annotator.core.scheme import SchemeError, load_scheme
from annotator.paths import resources_dir
from annotator.services.schemes import apply_scheme_file
from annotator.store.project import ProjectError
from annotator.ui.claims.model import swatch
from annotator.ui.session import Session
from annotator.ui.shared import file_dialogs

_NOTE = (
    "Loading a scheme changes the project at once and <b>cannot be undone</b> with Ctrl+Z. "
    "Labels of the new scheme are added or updated (colour, key, keywords); "
    "labels already used by quotes are kept even when the new scheme lacks them."
)


class SchemeDialog(QDialog):
    """Shows the project's labels; previews and applies another scheme TOML (not undoable, and says so)."""

    schemeApplied = Signal(object)  # the project's new LabelScheme

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent, windowTitle="Label scheme")
        self._session = session
        self._pending: Path | None = None

        self.title = QLabel()
        self.stances_table = self._table(("Stance", "Key", "Colour"))
        self.topics_table = self._table(("Topic", "Key", "Colour", "Keywords (suggest the topic)"))
        tabs = QTabWidget()
        tabs.addTab(self.stances_table, "Stances")
        tabs.addTab(self.topics_table, "Topics")
        from annotator.ui.scheme.guidelines_editor import GuidelinesEditor

        self.guidelines = GuidelinesEditor(session)
        # Saved guidelines refresh the window as an applied scheme does (tooltips, the guidelines dock).
        self.guidelines.saved.connect(lambda: self.schemeApplied.emit(self._session.scheme))
        tabs.addTab(self.guidelines, "Guidelines")
        self.tabs = tabs

        self.note = QLabel(_NOTE, wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.error = QLabel(wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        load = QPushButton("Load scheme file…")
        load.clicked.connect(self._on_load_clicked)
        self.apply_button = QPushButton("Apply to project")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self._on_apply_clicked)
        row = QHBoxLayout()
        row.addWidget(load)
        row.addStretch(1)
        row.addWidget(self.apply_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(760, 500)
        self.show_scheme(self._current(), "")

    @staticmethod
    def _table(headers: tuple[str, ...]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Narrow columns for a one-letter key and a colour: the room goes to the keywords, which were cut
        # after four words while the key column stood 60 pixels wide.
        header.setMinimumSectionSize(36)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        return table

    def _current(self) -> LabelScheme:
        return self._session.scheme

    # -- public ----------------------------------------------------------------------------------------------

    def show_scheme(self, scheme: LabelScheme, source: str) -> None:
        """Fill the tables with a scheme; ``source`` names a file being previewed ("" for the project's)."""
        name = escape(scheme.name or "unnamed")  # from a file: shown as written, never as markup
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setText(
            f"Preview of <b>{name}</b> from {escape(source)} — not applied yet"
            if source
            else f"The project's scheme: <b>{name}</b>"
        )
        self._fill(self.stances_table, scheme.stances, keywords=False)
        self._fill(self.topics_table, scheme.topics, keywords=True)

    def load_file(self, path: Path | str) -> bool:
        """Preview a scheme file; on a SchemeError show its message and change nothing."""
        path = Path(path)
        try:
            scheme = load_scheme(path)
        except SchemeError as exc:
            self._show_error(str(exc))
            self._pending = None
            self.apply_button.setEnabled(False)
            return False
        self._show_error("")
        self._pending = path
        self.apply_button.setEnabled(True)
        self.show_scheme(scheme, path.name)
        return True

    def apply_pending(self) -> bool:
        """Apply the previewed scheme file to the project (not undoable); False if it is no longer valid."""
        if self._pending is None:
            return False
        try:
            scheme = apply_scheme_file(self._session.project, self._pending)
        except SchemeError as exc:  # the file changed on disk since the preview
            self._show_error(str(exc))
            return False
        except ProjectError as exc:  # another program writing, or read-only: still the preview, to try again
            self._show_error(f"Not applied: {exc}")
            return False
        self._pending = None
        self.apply_button.setEnabled(False)
        self._session.scheme_changed()
        self.show_scheme(scheme, "")
        self.schemeApplied.emit(scheme)
        return True

    def done(self, result: int) -> None:
        """Close (Esc, Close, the window's close button), saving typed guidelines first; stays open if asked."""
        if not self.guidelines.settle():
            return
        super().done(result)

    # -- slots -----------------------------------------------------------------------------------------------

    def _on_load_clicked(self) -> None:
        start = resources_dir() / "schemes"
        chosen = file_dialogs.open_file_name(self, "Load label scheme", str(start), "Label schemes (*.toml)")
        if chosen:
            self.load_file(chosen)

    def _on_apply_clicked(self) -> None:
        self.apply_pending()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _fill(self, table: QTableWidget, labels: tuple[Label, ...], keywords: bool) -> None:
        table.setRowCount(len(labels))
        for row, label in enumerate(labels):
            name = QTableWidgetItem(label.name)
            name.setToolTip("\n".join([label.description, *label.examples]).strip())
            table.setItem(row, 0, name)
            key = QTableWidgetItem(label.key or "—")
            key.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(row, 1, key)
            table.setItem(row, 2, QTableWidgetItem(swatch(label.colour, 14), label.colour))
            if keywords:
                words = QTableWidgetItem(", ".join(label.keywords))
                words.setToolTip("\n".join(label.keywords))
                table.setItem(row, 3, words)
        # As wide as the longest label (never cut), within reason; the user can still drag it.
        table.horizontalHeader().resizeSection(0, min(240, max(120, table.sizeHintForColumn(0) + 12)))
