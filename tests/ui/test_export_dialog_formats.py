"""The export dialog takes each format's suffix from the exporter, so a format added there just works."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton

from annotator.services import exporting
from annotator.ui.session import Session
from annotator.ui.shared import dialogs, file_dialogs
from annotator.ui.shared.dialogs import ExportDialog

pytestmark = pytest.mark.gui


def test_a_format_new_to_the_exporter_gets_its_suffix_in_the_dialog(project, tmp_path, qtbot, monkeypatch):
    monkeypatch.setattr(exporting, "FORMATS", (*exporting.FORMATS, "brat"))
    monkeypatch.setitem(exporting.FORMAT_SUFFIXES, "brat", ".ann")
    filters: list[str] = []

    def save_file_name(parent, caption, path, name_filter):
        filters.append(name_filter)
        return ""

    monkeypatch.setattr(file_dialogs, "save_file_name", save_file_name)
    dialog = ExportDialog(Session(project, "ana"))
    qtbot.addWidget(dialog)
    dialog.set_output(tmp_path / "quotes.csv")

    dialog.set_format("brat")

    assert dialog.format() == "brat"
    assert dialog.format_combo.currentText() == "brat (.ann)"
    assert dialog.output_path() == tmp_path / "quotes.ann"
    (browse,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "Choose…"]
    browse.click()
    assert filters == ["brat (*.ann);;All files (*)"]


def test_every_format_in_the_dialog_shows_the_suffix_the_exporter_writes(project, qtbot):
    dialog = ExportDialog(Session(project, "ana"))
    qtbot.addWidget(dialog)
    for name in exporting.FORMATS:
        dialog.set_format(name)
        assert dialog.format_combo.currentText().endswith(f"({exporting.FORMAT_SUFFIXES[name]})")
        assert dialog.output_path().suffix == exporting.FORMAT_SUFFIXES[name]
    assert set(dialogs.FORMAT_LABELS) == set(exporting.FORMATS)
