"""An assigned project in the window: the note, assignment order, the next-not-done key, Add batch, progress."""

from __future__ import annotations

import pytest

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.assigning import assign_corpus
from annotator.services.projects import open_project
from annotator.store import articles as article_store
from annotator.store import assignments as assignment_store
from annotator.store import quotes as quote_store
from annotator.store.project import now
from annotator.ui.review.merge_dialog import MergeDialog
from tests.ui.conftest import make_window

pytestmark = pytest.mark.gui


def _add(project, i: int) -> None:
    text = f"Article {i}: the minister said the talks would go on. \"We stay,\" she added."
    article_store.insert_article(project, Article(None, text, sha256_of(text), title=f"Article {i}", imported_at=now()))


@pytest.fixture
def handed_out(tmp_path):
    corpus = open_project(tmp_path / "corpus.annotator.db")
    for i in range(6):
        _add(corpus, i)
    assign_corpus(corpus, ["alice", "bob"], tmp_path / "out", seed=3)
    _add(corpus, 6)
    _add(corpus, 7)
    assign_corpus(corpus, ["alice", "bob"], tmp_path / "out", seed=3)
    corpus.close()
    return tmp_path / "out"


def test_an_assigned_file_shows_its_note_order_next_key_and_takes_a_batch(qtbot, handed_out):
    window = make_window(qtbot, handed_out / "alice.annotator.db", annotator="alice", demo=False)
    project = window.session.project
    try:
        note = window.assignment.label
        assert note.isVisible() and note.text().strip() == "Assigned to alice · 3 articles · 0 done"
        order = assignment_store.assigned_article_ids(project, "alice")
        assert window.corpus.model.article_ids() == order
        view = window.open_article(order[0], window.panes.panes()[0])
        window.panes.set_current(view)
        window.actions_.mark_done.trigger()
        assert note.text().strip() == "Assigned to alice · 3 articles · 1 done"
        window.actions_.next_not_done.trigger()
        assert window.current_view().article_id == order[1]
        assert window.actions_.next_not_done.shortcut().toString() == "Ctrl+Shift+N"

        window.assignment.add_batch(handed_out / "alice.batch2.annotator.db")
        assert note.text().strip() == "Assigned to alice · 4 articles · 1 done"
        order = assignment_store.assigned_article_ids(project, "alice")
        assert window.corpus.model.article_ids() == order and len(order) == 4
        assert "Batch added: 1 new article," in window.statusBar().currentMessage()  # counted, not "(s)"
    finally:
        window.close()
        project.close()


def test_marking_under_another_name_is_pointed_out(qtbot, handed_out):
    window = make_window(qtbot, handed_out / "bob.annotator.db", annotator="robert", demo=False)
    try:
        assert window.assignment.label.text().strip().endswith("(you are marking as robert)")
    finally:
        window.close()
        window.session.project.close()


def test_a_project_not_handed_out_has_no_note_nor_progress_chart(window):
    assert not window.assignment.label.isVisible()
    window.review_mode.mode.setChecked(True)
    assert window.assignment.dock is None


def test_review_mode_shows_each_annotators_progress(qtbot, handed_out, tmp_path):
    files = [handed_out / "alice.annotator.db", handed_out / "bob.annotator.db"]
    for path, name in zip(files, ("alice", "bob"), strict=True):
        with open_project(path) as project:
            first = article_store.article_ids(project)[0]
            quote_store.insert_quote(project, Quote(None, first, 0, 7, name))
    open_project(tmp_path / "review.annotator.db").close()
    window = make_window(qtbot, tmp_path / "review.annotator.db", annotator="lead", demo=False)
    try:
        # The lead merges in the window: the files' assignments come along with their work.
        dialog = MergeDialog(window.session, window)
        qtbot.addWidget(dialog)
        dialog.add_paths(files)
        assert dialog.run_merge() is not None
        window.review_mode.update_visibility()
        assert window.review_mode.mode.isChecked()
        assert window.assignment.dock.isVisible()
        assert "Shared articles ready for review: 0" in window.assignment.panel.ready.text()
        rows = window.assignment.panel.chart.rows
        assert [(label, text) for label, _value, text in rows] == \
            [("alice", "0/3"), ("bob", "0/3")]
        assert window.assignment.panel.details.text().startswith("alice: 1 quote, last active 20")
    finally:
        window.close()
        window.session.project.close()
