"""The corpus list on a larger project: rows read as scrolled, one row per change, sorted and searched in SQL."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.commands import AddQuote, SetArticleDone
from annotator.store import articles as article_store
from annotator.ui.corpus.corpus_list import CorpusPanel
from annotator.ui.corpus.model import CorpusModel
from annotator.ui.session import Session

pytestmark = pytest.mark.gui

N_ARTICLES = 450  # more than two pages


@pytest.fixture
def session(project):
    """450 articles, titles out of import order, outlets A-C; article k holds k % 7 of ana's quotes."""
    with project.atomic():
        for k in range(N_ARTICLES):
            text = f"Article number {k} says a few words. " * 3
            title = f"Title {(k * 37) % N_ARTICLES:04d}"
            article_store.insert_article(
                project, Article(None, text, sha256_of(text), title=title, outlet="ABC"[k % 3])
            )
    session = Session(project, "ana")
    for article_id in range(1, 30):
        for n in range(article_id % 7):
            session.push(AddQuote(Quote(None, article_id, n * 5, n * 5 + 4, "ana")))
    return session


def test_rows_are_read_a_page_at_a_time_as_the_list_is_scrolled(session, qtbot, qtmodeltester):
    panel = CorpusPanel(session)
    qtbot.addWidget(panel)
    model = panel.model
    assert model.rowCount() == CorpusModel.PAGE  # not all 450 at once
    assert model.canFetchMore()
    panel.resize(400, 600)
    panel.show()
    qtbot.waitExposed(panel)
    panel.table.scrollToBottom()  # the view asks for more when it reaches the end
    qtbot.waitUntil(lambda: model.rowCount() == 2 * CorpusModel.PAGE)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == N_ARTICLES
    assert [model.index(r, 0).data(Qt.UserRole) for r in range(N_ARTICLES)] == list(range(1, N_ARTICLES + 1))
    qtmodeltester.check(model)


def test_a_change_to_one_article_updates_only_its_row(session, qtbot):
    model = CorpusPanel(session).model
    qtbot.addWidget(model.parent())
    changes, resets = [], []
    model.dataChanged.connect(lambda first, last, *_: changes.append((first.row(), last.row())))
    model.modelReset.connect(lambda: resets.append(1))
    session.push(AddQuote(Quote(None, 5, 0, 4, "ana")))
    model.refresh_articles({5})
    assert changes == [(4, 4)] and resets == []
    assert model.index(4, 3).data() == 5 + 1  # article 5 had 5 quotes, now 6
    assert model.index(4, 4).data() == "in progress"
    session.push(SetArticleDone(7, "ana", True))
    model.refresh_articles({7, 9999})  # an id not listed is ignored
    assert changes[-1] == (6, 6) and model.index(6, 4).data() == "done"
    assert model.done_count() == (1, N_ARTICLES)


def test_sorting_runs_over_every_article_not_only_the_rows_read(session, qtbot):
    panel = CorpusPanel(session)
    qtbot.addWidget(panel)
    model = panel.model
    panel.table.sortByColumn(3, Qt.DescendingOrder)  # quote count
    counts = [model.index(r, 3).data() for r in range(model.rowCount())]
    assert counts[:4] == [6, 6, 6, 6] and counts == sorted(counts, reverse=True)
    # Ties keep import order: articles 6, 13, 20, 27 hold six quotes each.
    assert [model.index(r, 0).data(Qt.UserRole) for r in range(4)] == [6, 13, 20, 27]
    panel.table.sortByColumn(0, Qt.AscendingOrder)  # title
    assert [model.index(r, 0).data() for r in range(3)] == ["Title 0000", "Title 0001", "Title 0002"]
    panel.table.sortByColumn(4, Qt.DescendingOrder)  # status: in progress before new
    assert model.index(0, 4).data() == "in progress" and model.index(model.rowCount() - 1, 4).data() == "new"


def test_search_filters_in_sql_and_clearing_lists_everything_again(session, qtbot):
    panel = CorpusPanel(session)
    qtbot.addWidget(panel)
    model = panel.model
    panel.search.setText("number 44 says")  # in the text only
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.index(0, 0).data(Qt.UserRole) == 45
    panel.search.setText("Title 000")
    qtbot.waitUntil(lambda: model.rowCount() == 10)
    panel.search.clear()
    qtbot.waitUntil(lambda: len(model.article_ids()) == N_ARTICLES)
    assert model.rowCount() == CorpusModel.PAGE


def test_sort_keys_are_read_off_the_gui_thread_before_the_first_click(tmp_path, qtbot, monkeypatch):
    import threading

    from annotator.services.projects import open_project
    from annotator.store import corpus as corpus_store

    project = open_project(tmp_path / "p.annotator.db")
    for title in ("Charlie", "alpha", "Bravo"):
        article_store.insert_article(project, Article(None, title * 3, sha256_of(title * 3), title=title))
    threads = []
    real = corpus_store.article_sort_keys
    monkeypatch.setattr(corpus_store, "article_sort_keys", lambda p: threads.append(threading.current_thread()) or real(p))
    panel = CorpusPanel(Session(project, "ana"))
    qtbot.addWidget(panel)
    panel.model.preload_sort_keys()  # the panel does this itself once the window has settled
    qtbot.waitUntil(lambda: len(threads) == 1)
    qtbot.waitUntil(lambda: not panel.model._reader.busy())
    panel.table.sortByColumn(0, Qt.AscendingOrder)
    assert [panel.model.index(r, 0).data() for r in range(3)] == ["alpha", "Bravo", "Charlie"]
    assert len(threads) == 1 and threads[0] is not threading.main_thread()  # the click read nothing
    project.close()


def test_text_search_of_a_project_file_runs_off_the_gui_thread(tmp_path, qtbot, monkeypatch):
    import threading

    from annotator.services.projects import open_project
    from annotator.store import corpus as corpus_store

    project = open_project(tmp_path / "p.annotator.db")
    for title in ("Charlie", "alpha", "Bravo"):
        article_store.insert_article(project, Article(None, f"{title} spoke.", sha256_of(title), title=title))
    threads = []
    real = corpus_store.search_articles
    monkeypatch.setattr(
        corpus_store, "search_articles", lambda p, needle: threads.append(threading.current_thread()) or real(p, needle)
    )
    panel = CorpusPanel(Session(project, "ana"))
    qtbot.addWidget(panel)
    panel.search.setText("bravo spoke")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert panel.model.index(0, 0).data() == "Bravo"
    assert threads and threading.main_thread() not in threads
    panel.search.clear()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3)
    project.close()


def test_an_answer_arriving_after_the_project_closed_is_dropped(tmp_path, qtbot):
    from annotator.services.projects import open_project

    project = open_project(tmp_path / "p.annotator.db")
    article_store.insert_article(project, Article(None, "Some text.", sha256_of("Some text."), title="A"))
    session = Session(project, "ana")
    panel = CorpusPanel(session)
    qtbot.addWidget(panel)
    panel.model.preload_sort_keys()
    session.push(AddQuote(Quote(None, 1, 0, 4, "ana")))  # an edit while the keys are read
    panel.model.refresh_articles({1})
    project.close()  # the window closed before the answer came
    qtbot.wait(300)  # any exception in the delivery would fail the test here
    assert panel.model.rowCount() == 1
