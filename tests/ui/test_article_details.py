"""Article details in the window: edited in a dialog (Ctrl+Shift+D), shown in the pane, undone with Ctrl+Z."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from annotator.ui.corpus.article_details import ArticleDetailsDialog

pytestmark = pytest.mark.gui


def test_details_edited_show_in_the_pane_and_the_corpus_and_undo_restores_them(window, qtbot):
    view = window.current_view()
    old_title = view.title.text()
    dialog = ArticleDetailsDialog(window.session, view.article_id, window)
    qtbot.addWidget(dialog)
    dialog.edits["title"].setText("Iran denies drone sales")
    dialog.edits["outlet"].setText("IRNA")
    dialog.edits["published"].setText("2022-11-05")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert view.title.text() == "Iran denies drone sales"
    assert view.meta.text().startswith("IRNA  ·  2022-11-05")
    model = window.corpus.model
    row = model.article_ids().index(view.article_id)
    assert model.data(model.index(row, 0)) == "Iran denies drone sales"  # the corpus list follows
    assert model.data(model.index(row, 1)) == "IRNA"
    assert window.session.undo_stack.undoText() == "Edit article details"
    window.actions_.undo.trigger()
    assert view.title.text() == old_title
    assert "IRNA" not in view.meta.text()


def test_a_bad_date_is_said_in_the_dialog_and_nothing_is_saved(window, qtbot):
    view = window.current_view()
    dialog = ArticleDetailsDialog(window.session, view.article_id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.edits["published"].setText("last Tuesday")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.error.text() == "Not saved: date 'last Tuesday' is not a date (YYYY-MM-DD)"
    assert not window.session.undo_stack.canUndo()


def test_ctrl_shift_d_opens_the_current_articles_details(window, qtbot):
    seen = []

    def answer():
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.edits["title"].text())
        dialog.reject()

    QTimer.singleShot(200, answer)
    qtbot.keyClick(window.current_view().text, Qt.Key_D, Qt.ControlModifier | Qt.ShiftModifier)
    assert seen == [window.current_view().article.title]
