"""A review project from the keyboard: the review keys work at once and are on the F1 sheet."""

from __future__ import annotations

import pytest

from annotator.ui.window.shortcuts import all_shortcuts
from tests.ui.conftest import make_window

pytestmark = pytest.mark.gui


def test_a_review_project_opens_with_the_keyboard_in_the_review_list(qtbot, review_path):  # noqa: F811
    window = make_window(qtbot, review_path, annotator="lead", demo=False)
    qtbot.wait(20)
    assert window.review_mode.mode.isChecked()
    assert window.review_mode.panel.groups_view.hasFocus()  # 1–9 decide without a click first
    window.close()
    window.session.project.close()


def test_the_f1_sheet_lists_the_review_keys():
    keys = dict(all_shortcuts())
    for key in ("1–9", "J / K", "Space", "F2", "Ctrl+U", "Ctrl+Shift+U", "X / Delete"):
        assert any(k == key for k in keys), key
    assert any("gold" in text for k, text in all_shortcuts() if k == "F2")


def test_the_status_bar_counts_reviewed_articles_in_review_mode(qtbot, review_path):  # noqa: F811
    from annotator.services.review import SetReviewStatus

    window = make_window(qtbot, review_path, annotator="lead", demo=False)
    qtbot.waitUntil(lambda: "in review" in window.status_progress.text())
    total = window.corpus.model.done_count()[1]
    assert window.status_progress.text() == f"0 of {total} articles reviewed · 0 in review"
    window.session.push(SetReviewStatus(window.current_view().article_id, "done"))
    assert window.status_progress.text() == f"1 of {total} articles reviewed · 0 in review"
    window.review_mode.mode.setChecked(False)
    assert window.status_progress.text().endswith("articles done")
    window.close()
    window.session.project.close()
