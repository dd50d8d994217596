"""Review progress shows in the corpus list and the status bar as groups are decided."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.store.overview import ReviewMarks
from annotator.ui.review.progress import review_state
from tests.ui.conftest import make_window

pytestmark = pytest.mark.gui


def _status_of(window, article_id: int) -> str:
    model = window.corpus.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(Qt.UserRole) == article_id)
    return model.index(row, 4).data()


def test_corpus_list_and_status_bar_follow_the_reviewers_decisions(qtbot, review_path):  # noqa: F811
    window = make_window(qtbot, review_path, annotator="lead", demo=False)
    panel = window.review_mode.panel
    article_id = window.current_view().article_id
    qtbot.waitUntil(lambda: window.corpus.model.review_counts() is not None)
    total = window.corpus.model.rowCount()
    assert {_status_of(window, a) for a in window.corpus.model.article_ids()} == {"to review"}
    panel.groups_view.setFocus()
    qtbot.keyClick(panel.groups_view, Qt.Key_1)  # one group into gold
    assert _status_of(window, article_id) == "in review"
    assert window.status_progress.text() == f"0 of {total} articles reviewed · 1 in review"
    while any(item.decision is None for item in panel.groups.items):
        if not panel.take_number(1):
            panel.reject()
    assert _status_of(window, article_id) == "reviewed"
    assert window.status_progress.text() == f"1 of {total} articles reviewed · 0 in review"
    window.session.undo()  # the last decision undone: back in review
    assert _status_of(window, article_id) == "in review"
    window.review_mode.mode.setChecked(False)  # annotating again: the annotator's own status
    assert _status_of(window, article_id) in ("new", "in progress", "done")
    window.close()
    window.session.project.close()


def test_review_state_from_decision_keys():
    quotes = [("alice", 0, 10), ("bob", 2, 10), ("alice", 20, 30)]
    assert review_state(ReviewMarks(None, [], quotes)) == "to_review"
    assert review_state(ReviewMarks(None, ["alice:0-10|bob:2-10"], quotes)) == "in_review"
    assert review_state(ReviewMarks(None, ["alice:0-10|bob:2-10", "alice:20-30"], quotes)) == "done"
    assert review_state(ReviewMarks("done", [], quotes)) == "done"


def _open_of(window, article_id: int):
    model = window.corpus.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(Qt.UserRole) == article_id)
    return model.index(row, 3).data()


def test_a_leads_count_column_shows_the_versions_left_to_decide(qtbot, review_path):  # noqa: F811
    from annotator.core.model import GOLD
    from annotator.store import quotes as quote_store

    window = make_window(qtbot, review_path, annotator="lead", demo=False)
    model, panel = window.corpus.model, window.review_mode.panel
    article_id = window.current_view().article_id
    qtbot.waitUntil(lambda: model.review_counts() is not None)
    assert model.headerData(3, Qt.Horizontal) == "Open" and "gold" in model.headerData(3, Qt.Horizontal, Qt.ToolTipRole)
    # It showed the lead's own quotes: 0 everywhere. Now every annotator's version not yet decided.
    versions = [q for q in quote_store.quotes_for_article(window.session.project, article_id) if q.annotator != GOLD]
    assert len(versions) > 2 and _open_of(window, article_id) == len(versions)
    panel.groups_view.setFocus()
    first = panel.current_item()
    qtbot.keyClick(panel.groups_view, Qt.Key_1)  # the first group into gold: its versions are settled
    assert _open_of(window, article_id) == len(versions) - len(first.group.quotes)
    panel.set_done(True)
    assert _open_of(window, article_id) == 0
    # Sorted by it, the articles with the most left come first, over every article, read or not.
    window.corpus.table.sortByColumn(3, Qt.DescendingOrder)
    opened = [model.index(r, 3).data() for r in range(model.rowCount())]
    assert opened == sorted(opened, reverse=True) and opened[-1] == 0
    window.review_mode.mode.setChecked(False)  # annotating again: the lead's own quotes, under "#"
    assert model.headerData(3, Qt.Horizontal) == "#" and _open_of(window, article_id) == 0
    window.close()
    window.session.project.close()


def test_the_open_column_reads_nothing_per_row(qtbot, review_path, monkeypatch):  # noqa: F811
    from annotator.store import overview

    window = make_window(qtbot, review_path, annotator="lead", demo=False)
    model = window.corpus.model
    qtbot.waitUntil(lambda: model.review_counts() is not None)
    calls = []
    real = overview.review_marks
    monkeypatch.setattr(overview, "review_marks", lambda *a, **k: calls.append(a) or real(*a, **k))
    # Counts come from the one pass that read the review states: showing and sorting rows asks for nothing.
    window.corpus.table.sortByColumn(3, Qt.AscendingOrder)
    shown = [model.index(r, 3).data() for r in range(model.rowCount())]
    assert calls == [] and all(isinstance(count, int) for count in shown)
    window.close()
    window.session.project.close()


def test_the_first_rows_show_their_review_state_while_every_article_is_still_being_read(qtbot, review_path,  # noqa: F811
                                                                                      monkeypatch):
    import threading

    from annotator.store import overview

    release, real = threading.Event(), overview.review_marks

    def held(project, article_ids=None):
        if article_ids is None:  # every article's marks, read on the worker: held until the list is looked at
            release.wait(30)
        return real(project, article_ids)

    monkeypatch.setattr(overview, "review_marks", held)
    window = make_window(qtbot, review_path, annotator="lead", demo=False)
    model = window.corpus.model
    try:
        qtbot.waitUntil(lambda: model.headerData(3, Qt.Horizontal) == "Open")
        assert model.review_counts() is None  # the worker has not answered
        # They showed "…" for a second at 10,000 articles; the rows the list has read show their state at once.
        shown = [(model.index(r, 3).data(), model.index(r, 4).data()) for r in range(model.rowCount())]
        assert shown and all(isinstance(count, int) and count > 0 and status == "to review" for count, status in shown)
        article_id = window.current_view().article_id
        before = _open_of(window, article_id)
        window.review_mode.panel.take_number(1)  # decided meanwhile: its row follows
        assert _status_of(window, article_id) == "in review" and _open_of(window, article_id) < before
    finally:
        release.set()
    qtbot.waitUntil(lambda: model.review_counts() is not None)
    assert _status_of(window, article_id) == "in review"
    window.close()
    window.session.project.close()
