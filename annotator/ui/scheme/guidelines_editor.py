"""The Guidelines tab of the label scheme dialog: the guidelines document and each label's description."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import KINDS
from annotator.services.guidelines import save_guidelines_document, save_label_guide
from annotator.store.project import ProjectError
from annotator.ui.scheme.guidelines import SECTIONS

DOCUMENT = "document/"  # combo data is "section/name": a tuple would not survive the round trip through Qt
_NOTE = ("Saved at once in the project (like the scheme, not undone by Ctrl+Z). "
         "The document is Markdown; Shift+F1 shows it with every label's description.")


class GuidelinesEditor(QWidget):
    """Pick the document or a label, edit its text (and examples, one a line), save."""

    saved = Signal()

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.target = QComboBox()
        self.target.setAccessibleName("Guideline to edit")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Markdown: # headings, *emphasis*, lists…")
        self.examples = QPlainTextEdit()
        self.examples.setPlaceholderText("One example a line")
        self.examples.setMaximumHeight(90)
        self.save_button = QPushButton("Save guidelines")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel(_NOTE, wordWrap=True)
        form = QFormLayout()
        form.addRow("&Edit", self.target)
        form.addRow("&Text", self.text)
        self._examples_label = QLabel("E&xamples")
        self._examples_label.setBuddy(self.examples)
        form.addRow(self._examples_label, self.examples)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addLayout(row)
        self._shown = DOCUMENT  # the entry the text boxes hold
        self._dirty = False
        self._fill_targets()
        self.target.currentIndexChanged.connect(self._on_target_changed)
        self._on_target_changed()
        for edit in (self.text, self.examples):
            edit.textChanged.connect(self._on_edited)

    def _fill_targets(self) -> None:
        self.target.addItem("Guidelines document", DOCUMENT)
        scheme = self._session.scheme
        for section, heading in SECTIONS:
            names = list(KINDS) if section == "kinds" else [label.name for label in getattr(scheme, section)]
            for name in names:
                self.target.addItem(f"{heading[:-1] if heading.endswith('s') else heading}: {name}", f"{section}/{name}")

    def select(self, section: str, name: str = "") -> None:
        """Show one entry: the document (section "document") or a label's guideline."""
        index = self.target.findData(f"{section}/{name}")
        if index >= 0:
            self.target.setCurrentIndex(index)

    def _on_edited(self) -> None:
        self._dirty = True

    def _on_target_changed(self, _index: int = 0) -> None:
        # Picking another entry keeps what was typed in this one.
        if self._dirty and not self._save(self._shown):
            # Refused (another program writing, a read-only file; the status says so): the typed text stays
            # on screen, on its own entry, to save again, instead of giving way to the picked one's.
            self.target.blockSignals(True)
            self.target.setCurrentIndex(self.target.findData(self._shown))
            self.target.blockSignals(False)
            return
        self._shown = self.target.currentData()
        section, name = self._shown.split("/", 1)
        scheme = self._session.scheme
        is_document = section == "document"
        self.examples.setVisible(not is_document)
        self._examples_label.setVisible(not is_document)
        label = None if is_document else scheme.guide(section, name)
        self.text.setPlainText(scheme.guidelines if is_document else label.description if label else "")
        self.examples.setPlainText("\n".join(label.examples) if label else "")
        self._dirty = False

    def save(self) -> bool:
        """Write the shown entry to the project; False (said in the tab) when it cannot be written."""
        return self._save(self._shown)

    def settle(self) -> bool:
        """Save typed text before the dialog closes; True when it may close, False to keep it open.

        Text typed and not yet saved never vanishes unasked: it is saved, and when the project refuses
        (another program writing, a read-only file) the user chooses to save again, discard it or stay.
        """
        while self._dirty and not self.save():
            choice = self._ask_unsaved()
            if choice == QMessageBox.StandardButton.Discard:
                self._dirty = False
                return True
            if choice != QMessageBox.StandardButton.Save:
                return False  # Cancel (or Esc): the dialog stays, the text and the status's reason on screen
        return True

    def _ask_unsaved(self) -> QMessageBox.StandardButton:
        entry = self.target.itemText(self.target.findData(self._shown))
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        box = QMessageBox(QMessageBox.Icon.Warning, "Guidelines not saved",
                          f"What you typed in “{entry}” could not be saved.", buttons, self)
        box.setInformativeText(self.status.text())
        box.button(QMessageBox.StandardButton.Save).setText("Save again")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        return QMessageBox.StandardButton(box.exec())

    def _save(self, entry: str) -> bool:
        section, name = entry.split("/", 1)
        project = self._session.project
        try:
            if section == "document":
                save_guidelines_document(project, self.text.toPlainText())
            else:
                examples = tuple(line.strip() for line in self.examples.toPlainText().splitlines() if line.strip())
                save_label_guide(project, section, name, self.text.toPlainText().strip(), examples)
        except (ProjectError, ValueError) as exc:  # a read-only or locked project: said here, never a traceback
            self.status.setText(f"Not saved: {exc}")
            return False
        self._dirty = False
        self._session.scheme_changed()
        self.status.setText(f"Saved: {self.target.itemText(self.target.findData(entry))}.")
        self.saved.emit()
        return True
