"""The export dialog writes Label Studio tasks, as annotations or, when asked, as predictions."""

from __future__ import annotations

import json

import pytest

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.commands import AddQuote
from annotator.store import articles
from annotator.ui.session import Session
from annotator.ui.shared.dialogs import ExportDialog

pytestmark = pytest.mark.gui

TEXT = "“The drone is true,” the minister said."


@pytest.mark.parametrize("predictions", [False, True])
def test_export_dialog_writes_label_studio_tasks(project, tmp_path, qtbot, predictions):
    session = Session(project, "ana")
    article_id = articles.insert_article(project, Article(None, TEXT, sha256_of(TEXT), title="Drones"))[0]
    session.push(AddQuote(Quote(None, article_id, 1, 19, "ana", speaker="Amir-Abdollahian", stance="supports")))
    dialog = ExportDialog(session)
    qtbot.addWidget(dialog)
    dialog.set_output(tmp_path / "out")
    assert dialog.predictions_check.isHidden()
    dialog.set_format("labelstudio")
    assert not dialog.predictions_check.isHidden() and dialog.output_path().name == "out.json"
    dialog.predictions_check.setChecked(predictions)
    report = dialog.run_export()
    (task,) = json.loads(report.path.read_text(encoding="utf-8"))
    assert ("predictions" in task, "annotations" in task) == (predictions, not predictions)
    assert (tmp_path / "out.config.xml").exists()
