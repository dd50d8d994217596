"""Background jobs over a project file: their own connection, only the latest reply, errors as a message."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from annotator.services.projects import open_project
from annotator.store import articles as article_store
from annotator.ui.workers import ProjectJobs, on_screen

pytestmark = pytest.mark.gui


@pytest.fixture
def project_file(tmp_path):
    project = open_project(tmp_path / "p.annotator.db")
    yield project
    project.close()


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
