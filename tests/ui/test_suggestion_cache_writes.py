"""Finished suggestions are cached when the project can be written, and never break the window when not."""

from __future__ import annotations

import pytest

from annotator.core.model import Article, Suggestion
from annotator.core.text import sha256_of
from annotator.services import suggesting
from annotator.services.projects import open_project
from annotator.store import articles as article_store
from annotator.ui.session import Session
from annotator.ui.workspace.suggestions import SuggestionController

pytestmark = pytest.mark.gui

TEXT = "“We will stay,” Eileen Park said."
FOUND = [Suggestion(0, 15, speaker="Eileen Park", speaker_span=(16, 27))]


def _controller(project):
    article_id = article_store.insert_article(project, Article(None, TEXT, sha256_of(TEXT)))[0] if not project.read_only \
        else article_store.all_articles(project)[0].id
    controller = SuggestionController(Session(project, "ana"))
    controller.version = "quotes-test"  # the pipeline loaded (no worker is started here)
    controller._partial[article_id] = FOUND  # as if the last piece had just come in
    return controller, article_id


def test_suggestions_finished_in_a_read_only_project_are_shown_and_not_cached(tmp_path, qtbot):
    path = tmp_path / "p.annotator.db"
    writable = open_project(path)
    article_store.insert_article(writable, Article(None, TEXT, sha256_of(TEXT)))
    writable.close()
    project = open_project(path, read_only=True)
    controller, article_id = _controller(project)
    busy = []
    controller.busyChanged.connect(busy.append)
    controller._store(article_id, "quotes-test", FOUND)  # raised "opened read-only" into Qt's event loop
    assert busy == [False]  # the status bar's busy mark goes away
    assert suggesting.cached(project, article_id, "quotes-test") is None
    project.close()


def test_suggestions_finished_during_an_import_are_cached_once_it_ends(tmp_path, qtbot):
    project = open_project(tmp_path / "p.annotator.db")
    controller, article_id = _controller(project)
    controller.session.hold_watch(True)  # an import of this window holds the write lock
    controller._store(article_id, "quotes-test", FOUND)
    assert suggesting.cached(project, article_id, "quotes-test") is None  # not waited for on the window's thread
    controller.session.hold_watch(False)
    qtbot.waitUntil(lambda: suggesting.cached(project, article_id, "quotes-test") == FOUND, timeout=5000)
    project.close()


def test_suggestions_another_program_keeps_from_being_cached_stay_open_and_are_cached_after_it(
        tmp_path, qtbot, monkeypatch):
    import sqlite3

    from annotator.store import project as project_module

    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "p.annotator.db"
    project = open_project(path)
    controller, article_id = _controller(project)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program in the middle of a long write
    controller._store(article_id, "quotes-test", FOUND)
    assert suggesting.cached(project, article_id, "quotes-test") is None
    # Still what the pane shows: an accept elsewhere in the article refreshes it from here (it emptied).
    assert controller.open_for(article_id) == FOUND
    other.execute("INSERT INTO settings (key, value) VALUES ('touched', 'by another program')")
    other.execute("COMMIT")
    other.close()
    assert controller.session.check_for_changes()  # the window's watch sees the other program's commit
    assert suggesting.cached(project, article_id, "quotes-test") == FOUND
    assert controller.open_for(article_id) == FOUND
    project.close()
