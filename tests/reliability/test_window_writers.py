"""The window beside another writer: failed writes are reported and leave the undo stack as it was, the
window shows what other programs commit, and a read-only project opens read-only, visibly."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.core.model import Quote
from annotator.store import project as project_module
from annotator.store import quotes as quote_store

pytestmark = pytest.mark.gui


@pytest.fixture
def demo_path(tmp_path):
    from annotator.services.demo import build_demo

    path = tmp_path / "demo.annotator.db"
    build_demo(path).close()
    return path


def _window(qtbot, project):
    from annotator.app import build_window

    window = build_window(project, "ann", demo=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


@pytest.fixture
def window(qtbot, demo_path, monkeypatch):
    """A window whose writes give up after 0.1 s when another program holds the lock."""
    from annotator.services.projects import open_project

    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 100)
    win = _window(qtbot, open_project(demo_path))
    yield win
    win.close()
    win.session.project.close()


def _quote_by_keys(qtbot, view, needle: str) -> None:
    start = view.article.text.index(needle)
    cursor = view.text.textCursor()
    cursor.setPosition(view.text.offsets.to_qt(start))
    cursor.setPosition(view.text.offsets.to_qt(start + len(needle)), QTextCursor.KeepAnchor)
    view.text.setTextCursor(cursor)
    view.text.setFocus()
    qtbot.keyClick(view.text, Qt.Key_Q)


class _OtherWriter:
    """Another program in the middle of a write transaction on the same file."""

    def __init__(self, path):
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("BEGIN IMMEDIATE")

    def finish(self) -> None:
        self.conn.execute("COMMIT")
        self.conn.close()


def test_a_write_refused_by_the_lock_is_reported_and_not_on_the_undo_stack(window, qtbot, demo_path):
    view = window.panes.panes()[0]
    other = _OtherWriter(demo_path)
    _quote_by_keys(qtbot, view, "Iran")
    message = window.statusBar().currentMessage()
    assert "demo.annotator.db" in message and "another program is writing" in message
    assert window.session.undo_stack.count() == 0
    assert view.quotes == []
    other.finish()
    # The next actions work: no crash, and the step they make is the only one to undo.
    _quote_by_keys(qtbot, view, "Iran")
    assert len(view.quotes) == 1 and window.session.undo_stack.count() == 1
    qtbot.keyClick(view.text, Qt.Key_Z, Qt.ControlModifier)
    assert view.quotes == [] and window.session.undo_stack.index() == 0


def test_an_undo_refused_by_the_lock_leaves_the_step_done_and_undoable(window, qtbot, demo_path):
    view = window.panes.panes()[0]
    _quote_by_keys(qtbot, view, "Iran")
    quote_id = view.current_id
    other = _OtherWriter(demo_path)
    qtbot.keyClick(view.text, Qt.Key_Z, Qt.ControlModifier)
    assert "another program is writing" in window.statusBar().currentMessage()
    assert window.session.undo_stack.index() == 1  # still done, still undoable
    assert [q.id for q in view.quotes] == [quote_id]
    other.finish()
    qtbot.keyClick(view.text, Qt.Key_Z, Qt.ControlModifier)
    assert view.quotes == [] and window.session.undo_stack.index() == 0
    qtbot.keyClick(view.text, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert [q.id for q in view.quotes] == [quote_id]


def test_the_window_shows_what_a_command_line_import_and_another_writer_commit(window, qtbot, demo_path, tmp_path):
    view = window.panes.panes()[0]
    articles_before = window.corpus.model.rowCount()
    new = tmp_path / "new.txt"
    new.write_text('"We will talk again," the envoy said on Friday.')
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "import", "--db", str(demo_path), str(new)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # Another window's annotator-"ann" quote in the open article, committed through its own connection.
    from annotator.store.project import Project

    with Project(demo_path) as other:
        quote_store.insert_quote(other, Quote(None, view.article_id, 0, 4, "ann", speaker="Someone Else"))
    qtbot.waitUntil(lambda: window.corpus.model.rowCount() == articles_before + 1, timeout=5000)
    assert [(q.start, q.end, q.speaker) for q in view.quotes] == [(0, 4, "Someone Else")]
    assert "changed by another program" in window.statusBar().currentMessage()


def test_a_window_and_another_writer_take_turns_without_losing_either(window, qtbot, demo_path):
    """The other writer's quote and the window's quote both stay, and undo takes only the window's."""
    view = window.panes.panes()[0]
    from annotator.store.project import Project

    with Project(demo_path) as other:
        quote_store.insert_quote(other, Quote(None, view.article_id, 0, 4, "ann", speaker="Other Writer"))
    _quote_by_keys(qtbot, view, "Iran")
    window.session.check_for_changes()
    assert len(view.quotes) == 2
    qtbot.keyClick(view.text, Qt.Key_Z, Qt.ControlModifier)
    assert [q.speaker for q in view.quotes] == ["Other Writer"]


def test_a_project_that_cannot_be_written_opens_read_only_visibly(qtbot, demo_path, monkeypatch):
    from annotator.services import projects

    # Tests may run as root, for whom file modes do not stop writes: pretend the folder is not writable.
    monkeypatch.setattr(projects, "can_write", lambda _path: False)
    before = demo_path.read_bytes()
    window = _window(qtbot, projects.open_project(demo_path, fall_back_to_read_only=True))
    try:
        assert "(read-only)" in window.windowTitle()
        badge = window.findChild(type(window.project_watch.badge), "readOnlyBadge")
        assert badge.isVisible() and badge.text() == "Read-only"
        assert not window.actions_.new_quote.isEnabled() and not window.actions_.mark_done.isEnabled()
        view = window.panes.panes()[0]
        assert view.article is not None  # reading works
        from annotator.services.commands import AddQuote

        assert window.session.push(AddQuote(Quote(None, view.article_id, 0, 4, "ann"))) is False
        assert "open read-only" in window.statusBar().currentMessage()
        assert window.session.undo_stack.count() == 0
    finally:
        window.close()
        window.session.project.close()
    assert demo_path.read_bytes() == before


def test_marking_done_while_another_program_writes_says_so(window, qtbot, demo_path):
    view = window.panes.panes()[0]
    view.text.setFocus()
    other = _OtherWriter(demo_path)
    qtbot.keyClick(view.text, Qt.Key_D, Qt.ControlModifier)
    assert "another program is writing" in window.statusBar().currentMessage()
    assert window.session.undo_stack.count() == 0
    other.finish()
    qtbot.keyClick(view.text, Qt.Key_D, Qt.ControlModifier)
    assert window.statusBar().currentMessage() == "Marked done."


def test_another_programs_commit_keeps_a_speaker_name_being_typed(window, qtbot, demo_path):
    view = window.panes.panes()[0]
    _quote_by_keys(qtbot, view, "Iran")
    window.inspector.focus_speaker()
    qtbot.keyClicks(window.inspector.speaker.lineEdit(), "Half a na")
    from annotator.store.project import Project

    with Project(demo_path) as other:
        other.set_setting("touched", "by another program")
    assert window.session.check_for_changes()
    assert window.inspector.speaker.currentText() == "Half a na"


def test_two_windows_on_one_project_see_each_other_and_undo_only_their_own(window, qtbot, demo_path):
    from annotator.services.projects import open_project

    second = _window(qtbot, open_project(demo_path))
    try:
        mine, theirs = window.panes.panes()[0], second.panes.panes()[0]
        assert mine.article_id == theirs.article_id
        _quote_by_keys(qtbot, theirs, "Iran")
        their_quote = theirs.current_id
        qtbot.keyClick(theirs.text, Qt.Key_1)  # a stance from the second window
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        _quote_by_keys(qtbot, mine, "foreign")
        for session in (window.session, second.session):  # the timer may have looked already
            session.check_for_changes()
        assert len(mine.quotes) == len(theirs.quotes) == 2
        qtbot.keyClick(mine.text, Qt.Key_Z, Qt.ControlModifier)
        second.session.check_for_changes()
        assert [q.id for q in theirs.quotes] == [their_quote]
        assert theirs.quotes[0].stance is not None and second.session.undo_stack.count() == 2
    finally:
        second.close()
        second.session.project.close()


def test_a_redo_after_another_writer_added_a_quote_brings_the_undone_one_back_beside_it(window, qtbot, demo_path):
    """Ids are never given out twice: another program's new quote does not take the undone one's id."""
    view = window.panes.panes()[0]
    _quote_by_keys(qtbot, view, "Iran")
    qtbot.keyClick(view.text, Qt.Key_Z, Qt.ControlModifier)
    from annotator.store.project import Project

    with Project(demo_path) as other:
        quote_store.insert_quote(other, Quote(None, view.article_id, 0, 4, "ann", speaker="Other Writer"))
    qtbot.keyClick(view.text, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert window.session.undo_stack.index() == 1
    assert "failed" not in window.statusBar().currentMessage()
    # The window notices the other program's quote (it watches the file) and shows both.
    qtbot.waitUntil(lambda: sorted(q.speaker or "" for q in view.quotes) == ["", "Other Writer"], timeout=5000)


def test_a_redo_that_clashes_with_another_writer_is_refused_in_one_line(window, qtbot, demo_path):
    """Another program's quote has the id of an undone one: redo cannot bring it back, and says so."""
    view = window.panes.panes()[0]
    _quote_by_keys(qtbot, view, "Iran")
    undone_id = max(q.id for q in view.quotes)
    qtbot.keyClick(view.text, Qt.Key_Z, Qt.ControlModifier)
    from annotator.store.project import Project

    with Project(demo_path) as other:
        # New quotes never take a used id; a quote written with that id by hand still can.
        quote_store.insert_quote(other, Quote(undone_id, view.article_id, 0, 4, "ann", speaker="Other Writer"))
    qtbot.keyClick(view.text, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    message = window.statusBar().currentMessage()
    assert message.startswith("Redo add quote failed: demo.annotator.db: the change no longer fits the project")
    assert window.session.undo_stack.index() == 0 and window.session.undo_stack.count() == 1
    assert [q.speaker for q in view.quotes] == ["Other Writer"]  # the view shows the file as it is
