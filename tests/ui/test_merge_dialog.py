"""File → Merge runs on a worker thread with progress and Cancel; a cancelled merge changes nothing."""

from __future__ import annotations

import inspect
import threading
import time

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services import merging
from annotator.services.errors import Cancelled
from annotator.services.merging import MergeReport
from annotator.services.projects import open_project
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.store.dump import dump_tables
from annotator.ui.review.merge_dialog import MergeDialog
from annotator.ui.session import Session

pytestmark = pytest.mark.gui

STEPS = 40


@pytest.fixture
def review(tmp_path):
    project = open_project(tmp_path / "review.annotator.db")
    session = Session(project, "lead")
    yield session
    project.close()


@pytest.fixture
def annotator_file(tmp_path):
    path = tmp_path / "alice.annotator.db"
    with open_project(path) as project:
        text = "The minister said the drones were never sold. " * 4
        article = article_store.insert_article(project, Article(None, text, sha256_of(text), title="Drones"))[0]
        quote_store.insert_quote(project, Quote(None, article, 4, 40, "alice", stance="opposes", claim="Drones sold"))
    return path


def _slow_merge(started: threading.Event, seen: list, threads: list):
    """A merge that writes at once, then reports progress step by step and stops when told to."""

    def merge(review, paths, *, progress=None):
        threads.append(threading.current_thread() is threading.main_thread())
        with review.atomic():
            review.set_setting("half-merged", "yes")  # would be left behind by a merge that kept its work
            started.set()
            for done in range(STEPS + 1):
                answer = progress(done, STEPS) if progress else None
                seen.append(done)
                if answer is False:
                    raise Cancelled("Merge cancelled")
                time.sleep(0.01)
        return MergeReport(files=len(paths), annotators={"alice"})

    return merge


def _dialog(qtbot, review, paths) -> MergeDialog:
    dialog = MergeDialog(review)
    qtbot.addWidget(dialog)
    dialog.add_paths(paths)
    dialog.show()
    return dialog


def test_progress_advances_and_the_window_hears_when_done(review, annotator_file, qtbot, monkeypatch):
    started, seen, threads = threading.Event(), [], []
    monkeypatch.setattr(merging, "merge_projects", _slow_merge(started, seen, threads))
    dialog = _dialog(qtbot, review, [annotator_file])
    values = []
    dialog.progress.valueChanged.connect(values.append)
    with qtbot.waitSignals([dialog.merged, review.changed], timeout=10_000):
        assert dialog.start_merge()
        assert dialog.running() and not dialog.merge_button.isEnabled() and dialog.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not dialog.running(), timeout=5000)
    assert threads == [False]  # merged on the worker thread
    assert values and values == sorted(values) and values[-1] == STEPS and dialog.progress.maximum() == STEPS
    assert dialog.summary.text().startswith("Merged 1 file from alice")
    assert review.project.get_setting("half-merged") == "yes"  # committed, seen by the window's connection
    assert dialog.progress.isHidden() and dialog.merge_button.isEnabled()


def test_cancel_leaves_the_project_as_it_was(review, annotator_file, qtbot, monkeypatch):
    started, seen, threads = threading.Event(), [], []
    monkeypatch.setattr(merging, "merge_projects", _slow_merge(started, seen, threads))
    before = dump_tables(review.project)
    dialog = _dialog(qtbot, review, [annotator_file])
    with qtbot.assertNotEmitted(dialog.merged), qtbot.assertNotEmitted(review.changed):
        dialog.start_merge()
        assert started.wait(5)
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.running(), timeout=5000)
    assert seen[-1] < STEPS  # it stopped part way
    assert dialog.summary.text() == "Merge cancelled; the project is as it was before."
    assert dump_tables(review.project) == before and review.project.get_setting("half-merged") is None


def test_closing_the_dialog_while_merging_cancels_then_closes(review, annotator_file, qtbot, monkeypatch):
    started, seen, threads = threading.Event(), [], []
    monkeypatch.setattr(merging, "merge_projects", _slow_merge(started, seen, threads))
    dialog = _dialog(qtbot, review, [annotator_file])
    dialog.start_merge()
    assert started.wait(5)
    dialog.reject()
    assert dialog.isVisible()  # not before the merge has stopped
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert review.project.get_setting("half-merged") is None


def test_a_bad_file_is_reported_in_one_line(review, tmp_path, qtbot):
    bad = tmp_path / "notes.annotator.db"
    bad.write_text("not a database at all " * 100)
    dialog = _dialog(qtbot, review, [bad])
    assert dialog.run_merge() is None
    assert dialog.summary.text().startswith("Merge failed: ") and "notes.annotator.db" in dialog.summary.text()
    assert "\n" not in dialog.summary.text()


@pytest.mark.skipif("progress" not in inspect.signature(merging.merge_projects).parameters,
                    reason="merge_projects takes no progress callback yet")
def test_the_real_merge_cancelled_at_its_first_step_changes_nothing(review, annotator_file, qtbot, monkeypatch):
    before = dump_tables(review.project)
    dialog = _dialog(qtbot, review, [annotator_file])
    monkeypatch.setattr("annotator.ui.review.merge_dialog.MergeRun._progress", lambda self, done, total: False)
    assert dialog.run_merge() is None
    assert dialog.summary.text() == "Merge cancelled; the project is as it was before."
    assert dump_tables(review.project) == before
    monkeypatch.undo()
    report = dialog.run_merge()
    assert report is not None and report.quotes_added == 1



def test_the_empty_file_list_says_what_to_add(review, annotator_file, qtbot):
    dialog = MergeDialog(review)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # A blank white box told the lead nothing: the empty list names the button and the files it wants.
    hint = dialog.files_hint.label
    assert hint.isVisible() and "Add files…" in hint.text() and ".annotator.db" in hint.text()
    assert dialog.files.viewport().rect().contains(hint.geometry())
    dialog.add_paths([annotator_file])
    assert dialog.files.count() == 1 and not hint.isVisible()  # the hint gives way to the files
