"""Small dialogs: the annotator's name (first run), import with progress, export."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from functools import partial
from pathlib import Path

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import GOLD
from annotator.core.text import plural
from annotator.services import exporting
from annotator.services.commands import Change
from annotator.services.errors import AnnotatorError, Cancelled
from annotator.services.exporting import ExportReport, export_project
from annotator.services.importing import ImportReport, import_paths, iter_files
from annotator.store import registry
from annotator.store.project import PROJECT_SUFFIX, Project, ProjectError
from annotator.ui.scheme.dialog import SchemeDialog
from annotator.ui.session import Session
from annotator.ui.shared import file_dialogs
from annotator.ui.shared.background import Tick, run_in_background

__all__ = [
    "AnnotatorNameDialog",
    "ExportDialog",
    "SchemeDialog",
    "ask_annotator_name",
    "import_summary_box",
    "run_import",
]

FORMAT_LABELS = {
    "jsonl": "Prodigy / spaCy JSONL",
    "doccano": "doccano JSONL",
    "spacy": "spaCy DocBin",
    "csv": "CSV, one row per quote",
    "labelstudio": "Label Studio tasks, config beside",
    "xmi": "UIMA CAS XMI for INCEpTION",
}


def _suffix(name: str) -> str:
    """The file suffix of format ``name``, from the exporter's own table so a new format needs no edit here."""
    return exporting.FORMAT_SUFFIXES.get(name, "." + name)


def _label(name: str) -> str:
    """The format's name as shown in the combo box and the file dialog's filter."""
    return FORMAT_LABELS.get(name, name)


class AnnotatorNameDialog(QDialog):
    """First run: who is annotating. The login name is prefilled; OK stays disabled while the name is blank."""

    def __init__(self, default: str = "", parent: QWidget | None = None):
        super().__init__(parent, windowTitle="Who is annotating?")
        intro = QLabel("Your name is recorded on every quote you make, so a reviewer can compare annotators.",
                       wordWrap=True)
        self.name_edit = QLineEdit(default)
        self.name_edit.setPlaceholderText("Your name")
        self.name_edit.selectAll()  # typing replaces the prefilled login name
        self.name_edit.textChanged.connect(self._on_name_changed)
        self.error = QLabel("Type your name: it cannot be empty.")
        self.error.setStyleSheet("color: #c0392b;")
        policy = self.error.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the dialog must not jump while the field is cleared and retyped
        self.error.setSizePolicy(policy)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Name:", self.name_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        if default:
            note = QLabel(f"Cancel uses “{default}” for this session; you will be asked again next time.",
                          wordWrap=True)
            note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self._on_name_changed(default)

    def name(self) -> str:
        """The typed name without surrounding spaces."""
        return self.name_edit.text().strip()

    def accept(self) -> None:
        """Close with the name; Enter on a blank name does nothing (the button is disabled for the same reason)."""
        if self.name():
            super().accept()

    def _on_name_changed(self, text: str) -> None:
        blank = not text.strip()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not blank)
        self.error.setVisible(blank)


def ask_annotator_name(parent: QWidget | None, default: str = "") -> str | None:
    """Ask who is annotating (first run); the typed name, never blank, or None if cancelled."""
    dialog = AnnotatorNameDialog(default, parent)
    return dialog.name() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _tell_stored(tick: Tick, where: str, _path: Path, count: int) -> None:
    tick(f"{where}: {plural(count, 'article')}")


def _add_report(total: ImportReport, part: ImportReport) -> None:
    for item in fields(ImportReport):
        value = getattr(part, item.name)
        if isinstance(value, list):
            getattr(total, item.name).extend(value)
        else:
            setattr(total, item.name, getattr(total, item.name) + value)


def run_import(
    parent: QWidget | None, session: Session, paths: Iterable[Path | str], *, show_summary: bool = True
) -> ImportReport:
    """Import files and folders with a progress dialog, then show what was rejected and why.

    The import runs off the window's thread (:mod:`background`). Each file is its own transaction, so
    Cancel keeps the files already imported and nothing of the one it stopped in (a large JSONL is
    cancelled within it). Imports are not undoable (they only add); views are told to reload.
    """
    report = ImportReport()
    files = list(iter_files([Path(p) for p in paths], report))

    def work(project: Project, tick: Tick) -> None:
        for done, path in enumerate(files, start=1):
            where = f"Importing {path.name} ({done} of {len(files)})"
            tick(where)
            # A large JSONL or Label Studio file is thousands of articles: counted as they are stored.
            stored = partial(_tell_stored, tick, where)
            _add_report(report, import_paths(project, [path], session.annotator, stored=stored))
            if report.stopped:
                break  # the project cannot be written: every later file would fail the same way

    cancelled = False
    try:
        run_in_background(parent, session, "Import", "Reading files…", work)
    except Cancelled:
        cancelled = True  # the files before the one cancelled are kept whole, nothing of that one
    except ProjectError as exc:  # the worker could not open the project (gone, damaged, disk full)
        report.stopped = report.stopped or f"{exc}; nothing was imported"
    if report.articles_added or report.quotes_added:
        session.changed.emit(Change(speakers=True, claims=True))
    if show_summary:
        import_summary_box(parent, report, cancelled=cancelled, total=len(files)).exec()
    return report


def import_summary_box(
    parent: QWidget | None, report: ImportReport, *, cancelled: bool = False, total: int | None = None
) -> QMessageBox:
    """A message box with the import summary; rejected files and reasons in its details."""
    box = QMessageBox(parent)
    box.setWindowTitle("Import")
    box.setText(report.summary())
    notes = [report.stopped] if report.stopped else []
    if cancelled:
        notes.append(f"Cancelled after {report.files} of {total} files; the files imported so far are kept.")
    if report.rejected:
        notes.append(f"{plural(len(report.rejected), 'file')} could not be imported; “Show Details” says why.")
        box.setDetailedText(
            "\n".join(
                reason if path.name in reason else f"{path}: {reason}" for path, reason in report.rejected
            )
        )
    box.setInformativeText("\n".join(notes))
    warn = report.rejected or report.stopped or cancelled
    box.setIcon(QMessageBox.Icon.Warning if warn else QMessageBox.Icon.Information)
    return box


class ExportDialog(QDialog):
    """Choose a format, a selection of annotators and a file, then export."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent, windowTitle="Export annotations")
        self._session = session
        self.report: ExportReport | None = None

        self.format_combo = QComboBox()
        for name in exporting.FORMATS:
            self.format_combo.addItem(f"{_label(name)} ({_suffix(name)})", name)
        self.format_combo.currentIndexChanged.connect(self._on_format_changed)

        names = [n for n in registry.annotator_names(session.project) if n != GOLD]
        self.all_radio = QRadioButton("Every annotator (one record per article and annotator)", checked=True)
        self.gold_radio = QRadioButton("Gold only (the reviewer's adjudicated quotes)")
        self.gold_radio.setEnabled(GOLD in registry.annotator_names(session.project))
        self.one_radio = QRadioButton("One annotator:")
        self.one_radio.setEnabled(bool(names))
        self.annotator_combo = QComboBox()
        self.annotator_combo.addItems(names)
        if session.annotator in names:
            self.annotator_combo.setCurrentText(session.annotator)
        self.annotator_combo.setEnabled(False)
        self.one_radio.toggled.connect(self.annotator_combo.setEnabled)
        group = QButtonGroup(self)
        for radio in (self.all_radio, self.gold_radio, self.one_radio):
            group.addButton(radio)
        one_row = QHBoxLayout()
        one_row.addWidget(self.one_radio)
        one_row.addWidget(self.annotator_combo, 1)
        selection = QVBoxLayout()
        selection.addWidget(self.all_radio)
        selection.addWidget(self.gold_radio)
        selection.addLayout(one_row)

        self.output_edit = QLineEdit(str(self._default_output("jsonl")))
        self.output_edit.textChanged.connect(self._on_output_changed)
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._on_browse)
        output_row = QHBoxLayout()
        output_row.addWidget(self.output_edit, 1)
        output_row.addWidget(browse)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self._on_export_clicked)
        self.buttons.rejected.connect(self.reject)

        # Label Studio shows predictions as pre-annotations to review, annotations as finished work.
        self.predictions_check = QCheckBox("As predictions (pre-annotations to review in Label Studio)")
        self.predictions_check.setVisible(False)

        form = QFormLayout()
        form.addRow("Format:", self.format_combo)
        form.addRow("", self.predictions_check)
        form.addRow("Quotes of:", selection)
        form.addRow("Save to:", output_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    # -- driving the dialog (also used by tests) -------------------------------------------------------------

    def format(self) -> str:
        """The chosen format, one of FORMATS."""
        return self.format_combo.currentData()

    def set_format(self, name: str) -> None:
        """Choose a format; the output file's suffix follows."""
        self.format_combo.setCurrentIndex(self.format_combo.findData(name))

    def set_selection(self, annotator: str | None = None, gold: bool = False) -> None:
        """Choose every annotator (default), gold, or one annotator by name."""
        if gold:
            self.gold_radio.setChecked(True)
        elif annotator:
            self.one_radio.setChecked(True)
            self.annotator_combo.setCurrentText(annotator)
        else:
            self.all_radio.setChecked(True)

    def set_output(self, path: Path | str) -> None:
        """Set the file to write."""
        self.output_edit.setText(str(path))

    def output_path(self) -> Path:
        """The file to write, with the format's suffix added when missing."""
        path = Path(self.output_edit.text().strip()).expanduser()
        suffix = _suffix(self.format())
        return path if path.suffix == suffix else path.with_name(path.name + suffix)

    def run_export(self) -> ExportReport:
        """Export now with the chosen options (raises AnnotatorError or OSError on failure)."""
        annotator = self.annotator_combo.currentText() if self.one_radio.isChecked() else None
        out, fmt, gold = self.output_path(), self.format(), self.gold_radio.isChecked()
        predictions = fmt == "labelstudio" and self.predictions_check.isChecked()

        def work(project: Project, tick: Tick) -> ExportReport:
            tick(f"Exporting to {out.name}…")
            return export_project(project, out, fmt, annotator=annotator, gold=gold, predictions=predictions,
                                  progress=lambda records: tick(f"Exporting to {out.name}: {plural(records, 'record')}"))

        self.report = run_in_background(self, self._session, "Export", f"Exporting to {out.name}…", work)
        return self.report

    # -- slots -----------------------------------------------------------------------------------------------

    def _on_export_clicked(self) -> None:
        try:
            report = self.run_export()
        except Cancelled:
            QMessageBox.information(self, "Export", "Export cancelled; no file was written or replaced.")
            return
        except (AnnotatorError, ProjectError, OSError) as exc:
            QMessageBox.warning(self, "Export failed", str(exc))
            return
        QMessageBox.information(self, "Export", report.summary())
        self.accept()

    def _on_format_changed(self) -> None:
        self.predictions_check.setVisible(self.format() == "labelstudio")
        # Swap a known suffix for the new format's, so the name the user typed is kept.
        text = self.output_edit.text().strip()
        if text:
            path = Path(text)
            if path.suffix in {_suffix(name) for name in exporting.FORMATS}:
                path = path.with_suffix("")
            self.output_edit.setText(str(path.with_name(path.name + _suffix(self.format()))))

    def _on_output_changed(self, text: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text.strip()))

    def _on_browse(self) -> None:
        name = self.format()
        chosen = file_dialogs.save_file_name(
            self, "Export to", str(self.output_path()), f"{_label(name)} (*{_suffix(name)});;All files (*)"
        )
        if chosen:
            self.set_output(chosen)

    def _default_output(self, name: str) -> Path:
        project_path = self._session.project.path
        if project_path is None:
            return Path.home() / f"annotations{_suffix(name)}"
        stem = project_path.name.removesuffix(PROJECT_SUFFIX).removesuffix(".db")
        return project_path.with_name(f"{stem}{_suffix(name)}")
