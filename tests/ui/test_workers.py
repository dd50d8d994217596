"""Background jobs over a project file: their own connection, only the latest reply, errors as a message."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from annotator.services.projects import open_project
from annotator.store import articles as article_store
from annotator.ui.shared.dock_refresh import on_screen
from annotator.ui.shared.workers import ProjectJobs

pytestmark = pytest.mark.gui


def test_only_the_latest_reply_arrives(project_file, qtbot):
    jobs = ProjectJobs()
    release = threading.Event()
    replies = []
    jobs.finished.connect(lambda request, result: replies.append((request, result)))

    def slow(project):
        release.wait(5)
        return "old"

    first = jobs.submit(project_file, slow)
    second = jobs.submit(project_file, lambda project: (threading.current_thread() is not threading.main_thread(),
                                                        article_store.article_count(project)))
    release.set()
    qtbot.waitUntil(lambda: bool(replies), timeout=5000)
    jobs.wait()
    qtbot.wait(20)
    assert first < second and replies == [(second, (True, 0))]  # run off the main thread, the old one dropped


def test_a_failing_job_reports_one_line(project_file, qtbot):
    jobs = ProjectJobs()
    with qtbot.waitSignal(jobs.failed) as signal:
        jobs.submit(project_file, lambda project: project.db.conn.execute("SELECT * FROM no_such_table"))
    assert "no_such_table" in signal.args[1]


def test_a_job_cannot_write_to_the_project(project_file, qtbot):
    jobs = ProjectJobs()
    with qtbot.waitSignal(jobs.failed) as signal:
        jobs.submit(project_file, lambda project: project.set_setting("x", "1"))
    assert "readonly" in signal.args[1].replace("-", "").replace(" ", "").lower()
    assert project_file.get_setting("x") is None


def test_a_widget_covered_by_its_children_is_on_screen(qtbot):
    outer = QWidget()
    layout = QVBoxLayout(outer)
    layout.setContentsMargins(0, 0, 0, 0)
    label = QLabel("covering")
    label.setAutoFillBackground(True)
    layout.addWidget(label)
    qtbot.addWidget(outer)
    assert not on_screen(outer)  # not shown
    outer.show()
    qtbot.waitExposed(outer)
    assert on_screen(outer)


def test_a_reply_arriving_after_the_project_closed_is_dropped(tmp_path, qtbot):
    project = open_project(tmp_path / "closing.annotator.db")
    delivered = []
    release = threading.Event()

    def slow(_project):
        release.wait(5)
        return "late"

    jobs = ProjectJobs(deliver=delivered.append)
    jobs.submit(project, slow)
    assert jobs.busy()
    project.close()  # the window closed its project while the read ran
    release.set()
    jobs.wait()
    qtbot.waitUntil(lambda: not jobs.busy(), timeout=5000)
    assert delivered == []  # nothing handed to a panel whose project is gone


def test_deliver_gets_the_latest_answer_and_cancel_drops_it(project_file, qtbot):
    delivered = []
    jobs = ProjectJobs(deliver=delivered.append)
    jobs.submit(project_file, article_store.article_count)
    qtbot.waitUntil(lambda: delivered == [0], timeout=5000)
    jobs.submit(project_file, article_store.article_count)
    jobs.cancel()
    jobs.wait()
    qtbot.wait(20)
    assert delivered == [0] and not jobs.busy()


def test_a_dock_behind_another_tab_is_not_on_screen_until_its_tab_is_chosen(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget, QMainWindow

    from annotator.ui.shared.dock_refresh import when_shown

    window = QMainWindow()
    window.setCentralWidget(QLabel("centre"))
    docks, panels = [], []
    for name in ("front", "back"):
        panel = QLabel(name)
        dock = QDockWidget(name, window)
        dock.setObjectName(name)
        dock.setWidget(panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        docks.append(dock)
        panels.append(panel)
    window.tabifyDockWidget(docks[0], docks[1])
    qtbot.addWidget(window)
    window.show()
    docks[0].raise_()
    qtbot.waitExposed(window)
    raised = []
    assert when_shown(panels[1], lambda: raised.append(True))
    qtbot.waitUntil(lambda: on_screen(panels[0]))
    assert not on_screen(panels[1])
    docks[1].raise_()
    qtbot.waitUntil(lambda: on_screen(panels[1]))
    assert raised and not on_screen(panels[0])


def test_while_a_job_runs_the_window_gets_the_interpreter_back_within_a_millisecond(project_file, qtbot):
    import sys

    before = sys.getswitchinterval()
    jobs = ProjectJobs()
    with qtbot.waitSignal(jobs.finished) as signal:
        jobs.submit(project_file, lambda project: sys.getswitchinterval())
    jobs.wait()
    assert signal.args[1] <= 0.001 < before  # a keystroke waits a millisecond a turn, not five, during a reading
    assert sys.getswitchinterval() == before  # and the worker's turns are as long as Python's once it is done
