"""The export dialog offers UIMA CAS XMI for INCEpTION, written as a .zip that imports back."""

from __future__ import annotations

import zipfile

import pytest

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.commands import AddQuote
from annotator.services.importing import import_paths
from annotator.services.projects import open_project
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.ui.session import Session
from annotator.ui.shared.dialogs import ExportDialog

pytestmark = pytest.mark.gui

TEXT = "“The drone is true,” the minister said. 🚀"


def test_export_dialog_writes_xmi_as_a_zip_that_imports_back(project, tmp_path, qtbot):
    session = Session(project, "ana")
    article_id, _ = article_store.insert_article(project, Article(None, TEXT, sha256_of(TEXT), title="Drones"))
    session.push(AddQuote(Quote(None, article_id, 0, 20, "ana", speaker="Amir-Abdollahian", stance="supports")))
    dialog = ExportDialog(session)
    qtbot.addWidget(dialog)
    dialog.set_output(tmp_path / "mine.jsonl")
    dialog.set_format("xmi")
    assert dialog.output_edit.text().endswith("mine.zip")
    assert "INCEpTION" in dialog.format_combo.currentText()
    report = dialog.run_export()
    assert report.path == tmp_path / "mine.zip"
    assert "TypeSystem.xml" in zipfile.ZipFile(report.path).namelist()
    copy = open_project(memory=True)
    assert import_paths(copy, [report.path], "someone").quotes_added == 1
    (quote,) = quote_store.all_quotes(copy)
    assert (quote.annotator, quote.speaker, quote.stance, TEXT[quote.start : quote.end]) == (
        "ana", "Amir-Abdollahian", "supports", "“The drone is true,”")
