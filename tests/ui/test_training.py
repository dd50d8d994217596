"""Learning topics and stance from the project's quotes runs in the background from the window."""

from __future__ import annotations

import pytest

from annotator.services import learning
from annotator.services.learning import trained_kinds
from annotator.services.projects import open_project
from tests.services.test_learning import _labelled
from tests.ui.conftest import make_window

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _no_spacy_loading(monkeypatch):
    """These windows learn from quotes; loading spaCy beside them only races the window's closing."""
    monkeypatch.setattr("annotator.ui.workspace.suggestion_flow.SuggestionFlow.start", lambda self: None)


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
    qtbot.waitUntil(lambda: not window.training.running, timeout=30_000)  # the quotes are read on the worker
    assert "needs" in window.statusBar().currentMessage()
    window.close()
    window.session.project.close()


def test_the_quotes_are_read_on_the_worker_thread(qtbot, tmp_path, monkeypatch):
    import threading

    monkeypatch.setenv("ANNOTATOR_SUGGESTIONS", "1")
    path = tmp_path / "p.annotator.db"
    with open_project(path) as project:
        _labelled(project, n=20)
    readers = []
    real_plan = learning.training_plan

    def spy(project):
        readers.append(threading.current_thread() is threading.main_thread())
        return real_plan(project)

    monkeypatch.setattr(learning, "training_plan", spy)
    window = make_window(qtbot, path, demo=False)
    window.training.train(manual=False)  # as a few seconds after an edit
    qtbot.waitUntil(lambda: not window.training.running, timeout=60_000)
    assert readers == [False]  # the window's thread never loads every quote
    assert trained_kinds(window.session.project) == {"topics", "stance"}
    window.training.train(manual=False)  # both kinds have models now: nothing is read again
    assert not window.training.running and readers == [False]
    window.close()
    window.session.project.close()


def test_models_another_program_keeps_from_being_stored_are_said_lost_not_a_traceback(qtbot, tmp_path, monkeypatch):
    import sqlite3

    from annotator.store import project as project_module

    monkeypatch.setenv("ANNOTATOR_SUGGESTIONS", "1")
    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "p.annotator.db"
    with open_project(path) as project:
        _labelled(project, n=20)
    window = make_window(qtbot, path, demo=False)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another program in the middle of a write
        window.training.action.trigger()
        qtbot.waitUntil(lambda: not window.training.running, timeout=60_000)
        message = window.statusBar().currentMessage()
        assert message.startswith("Learned ") and "could not keep them" in message and "another program" in message
        other.execute("COMMIT")
        assert trained_kinds(window.session.project) == set()  # neither model half-stored
    finally:
        other.close()
        window.close()
        window.session.project.close()


def test_a_lead_learning_in_review_mode_is_not_promised_suggestions_they_cannot_see(qtbot, tmp_path, monkeypatch):
    from annotator.core.model import Article, Quote
    from annotator.store import articles, quotes

    monkeypatch.setenv("ANNOTATOR_SUGGESTIONS", "1")
    path = tmp_path / "review.annotator.db"
    with open_project(path) as project:
        _labelled(project, n=20)
        article_id, _ = articles.insert_article(project, Article(None, "Bob's “own” quote.", "bob"))
        quotes.insert_quote(project, Quote(None, article_id, 6, 11, "bob"))  # two annotators: review mode
    window = make_window(qtbot, path, annotator="lead", demo=False)
    assert window.review_mode.mode.isChecked()
    window.training.action.trigger()
    assert "the annotators' quotes" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not window.training.running, timeout=60_000)
    message = window.statusBar().currentMessage()
    assert message.startswith("Learned ") and "new suggestions" not in message
    assert "when annotating (F8)" in message
    window.close()
    window.session.project.close()
