"""Learning topics and stance from the project's quotes runs in the background from the window."""

from __future__ import annotations

import pytest

from annotator.services.learning import trained_kinds
from annotator.services.projects import open_project
from tests.services.test_learning import _labelled
from tests.ui.conftest import make_window

pytestmark = pytest.mark.gui


def test_menu_action_trains_in_the_background_and_stores_models(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_SUGGESTIONS", "1")
    path = tmp_path / "p.annotator.db"
    with open_project(path) as project:
        _labelled(project, n=20)
    window = make_window(qtbot, path, demo=False)
    window.training.action.trigger()
    assert window.training.running  # the window is free while the worker trains
    qtbot.waitUntil(lambda: not window.training.running, timeout=60_000)
    assert trained_kinds(window.session.project) == {"topics", "stance"}
    assert "Learned" in window.statusBar().currentMessage()
    window.close()
    window.session.project.close()


def test_nothing_to_learn_says_why(qtbot, demo_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_SUGGESTIONS", "1")
    window = make_window(qtbot, demo_path)
    window.training.action.trigger()
    assert not window.training.running
    assert "needs" in window.statusBar().currentMessage()
    window.close()
    window.session.project.close()
