"""Every kind of write the window makes, while another process holds the project's write lock, and on a
project open read-only.

Each action is refused (the window waits the busy timeout, a tenth of a second here), said in one line
(or, read-only, not offered), tried once, and leaves the file as it was and the screen showing what the
file holds; once the other process commits, the same action lands. The actions are catalogued in
window_actions.py (annotating) and panel_actions.py (review, dialogs, imports).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from annotator.services.projects import open_project
from annotator.store import project as project_module
from annotator.store.dump import dump_tables
from tests.reliability.panel_actions import PANELS, Warnings
from tests.reliability.window_actions import ANNOTATING, Action
from tests.ui.conftest import make_window

pytestmark = pytest.mark.gui

# A second process in the middle of a write: it holds the lock until told to commit (or for 10 s at most).
_HOLDER = """
import sqlite3, sys, threading, os
threading.Timer(10, lambda: os._exit(0)).start()
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
os._exit(0)
"""
BUSY = "another program is writing"


class _OtherProcess:
    """Another process on the same project, between BEGIN IMMEDIATE and COMMIT."""

    def __init__(self, path: Path):
        self.proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "locked"

    def finish(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.write("\n")
            self.proc.stdin.flush()
        self.proc.wait(10)


ACTIONS = {**ANNOTATING, **PANELS}


@pytest.fixture
def demo_path(tmp_path):
    from annotator.services.demo import build_demo

    path = tmp_path / "demo.annotator.db"
    build_demo(path).close()
    return path


@pytest.fixture
def handed_out(tmp_path):
    """Alice's handed-out project, and her second batch beside it."""
    from annotator.core.model import Article
    from annotator.core.text import sha256_of
    from annotator.services.assigning import assign_corpus
    from annotator.store import articles as article_store

    def add(project, i: int) -> None:
        text = f"Article {i}: the minister said the talks would go on. “We stay,” she added."
        article_store.insert_article(project, Article(None, text, sha256_of(text), title=f"Article {i}"))

    corpus = open_project(tmp_path / "corpus.annotator.db")
    for i in range(4):
        add(corpus, i)
    assign_corpus(corpus, ["alice", "bob"], tmp_path / "out", seed=3)
    add(corpus, 4)
    add(corpus, 5)
    assign_corpus(corpus, ["alice", "bob"], tmp_path / "out", seed=3)
    corpus.close()
    return tmp_path / "out" / "alice.annotator.db"


def _window_for(qtbot, action: Action, request):
    if action.assigned:
        import annotator.ui.window.assignment_status as assignment_status

        request.getfixturevalue("monkeypatch").setattr(assignment_status, "QMessageBox", Warnings())
    if action.review:
        return make_window(qtbot, request.getfixturevalue("review_path"), annotator="lead", demo=False)
    if action.assigned:
        return make_window(qtbot, request.getfixturevalue("handed_out"), annotator="alice", demo=False)
    return make_window(qtbot, request.getfixturevalue("demo_path"))


@pytest.mark.parametrize("name", list(ACTIONS))
def test_an_action_refused_by_another_process_lock_is_said_and_the_screen_shows_the_file(
        name, qtbot, request, monkeypatch):
    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 100)
    action = ACTIONS[name]
    window = _window_for(qtbot, action, request)
    path = window.session.project.path
    try:
        state = action.prepare(window, qtbot) if action.prepare else None
        before = dump_tables(window.session.project)
        step = window.session.undo_stack.index()
        other = _OtherProcess(path)
        refusals: list[str] = []
        window.session.writeFailed.connect(refusals.append)
        try:
            message = action.act(window, qtbot, state) or window.statusBar().currentMessage()
            # Tried once: each try freezes the window for the busy timeout (two seconds outside tests).
            assert len(refusals) <= 1
            assert BUSY in message and "\n" not in message and "Traceback" not in message
            assert dump_tables(window.session.project) == before
            assert window.session.undo_stack.index() == step
            assert action.shown(window, state) == action.stored(window, state)
        finally:
            other.finish()
        # The other process has committed: the same action, taken again as a user would (the window's
        # event loop ran meanwhile), lands.
        QApplication.processEvents()
        action.act(window, qtbot, state)
        assert dump_tables(window.session.project) != before
        qtbot.waitUntil(lambda: action.shown(window, state) == action.stored(window, state))
    finally:
        window.close()
        window.session.project.close()


@pytest.mark.parametrize("name", list(ACTIONS))
def test_an_action_on_a_read_only_project_changes_nothing_and_the_screen_shows_the_file(
        name, qtbot, request):
    action = ACTIONS[name]
    window = _window_for(qtbot, action, request)
    try:
        state = action.prepare(window, qtbot) if action.prepare else None
        # From here on the window has the project as one opened read-only (the file or its folder cannot be
        # written): the store refuses every write, and the window marks it and turns editing off.
        window.session.project.read_only = True
        window.project_watch.show_access()
        before = dump_tables(window.session.project)
        step = window.session.undo_stack.index()
        message = action.act(window, qtbot, state) or window.statusBar().currentMessage()
        # Said, or not offered at all (its key and menu item are off, the window badged read-only).
        assert "read-only" in message or not message, message
        assert "\n" not in message and "Traceback" not in message
        assert dump_tables(window.session.project) == before
        assert window.session.undo_stack.index() == step
        assert action.shown(window, state) == action.stored(window, state)
    finally:
        window.session.project.read_only = False  # closed as opened
        window.close()
        window.session.project.close()
