"""On a laptop screen the lead sees a useful stretch of the corpus beside the review panes, none of them cut off."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import Article
from annotator.core.text import sha256_of
from annotator.services.merging import merge_projects
from annotator.services.projects import open_project
from annotator.store import articles as article_store
from tests.services.test_review import _annotator_project, _gold

pytestmark = pytest.mark.gui

LAPTOPS = [(1366, 768), (1280, 800)]


@pytest.fixture
def review_path(tmp_path, samples):
    """A review project of three annotators (the versions table's narrowest columns are a laptop's worst case)."""
    records = _gold(samples)
    names = ("alice", "bob", "carol")
    paths = [_annotator_project(tmp_path / f"{name}.annotator.db", name, records) for name in names]
    path = tmp_path / "review.annotator.db"
    with open_project(path) as review:
        merge_projects(review, paths)
    return path


def _add_articles(path, count: int) -> None:
    with open_project(path) as project:
        for n in range(count):
            text = f"Article {n}: the minister said the talks would go on."
            article_store.insert_article(project, Article(None, text, sha256_of(text), title=f"Article {n}",
                                                          outlet="Test Outlet"))


def _first_window(qtbot, path, annotator: str, size):
    """The window as first opened on a project (no saved layout), at a laptop's size."""
    from annotator.app import build_window

    window = build_window(open_project(path), annotator, demo=False)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not window.review_mode.waiting)
    qtbot.wait(100)  # the side docks settle their widths once shown
    return window


def _long_article(path) -> int:
    """An article of one long paragraph: every line of it is a line of text."""
    text = " ".join(f"Sentence {n} of the story says the minister would not comment on the talks." for n in range(40))
    with open_project(path) as project:
        article_id, _ = article_store.insert_article(project, Article(None, text, sha256_of(text), title="Long"))
    return article_id


def _lines_in_sight(view) -> int:
    """Lines of an article's text a pane shows whole."""
    text = view.text
    document, top, bottom = text.document(), text.verticalScrollBar().value(), text.viewport().height()
    block, count = document.begin(), 0
    while block.isValid():
        y = document.documentLayout().blockBoundingRect(block).top() - top
        layout = block.layout()
        for k in range(layout.lineCount()):
            line = layout.lineAt(k)
            count += 0 <= y + line.y() and y + line.y() + line.height() <= bottom
        block = block.next()
    return count


def _whole_rows(table) -> int:
    """Rows of a table the user sees from top to bottom."""
    viewport = table.viewport().rect()
    return sum(viewport.contains(table.visualRect(table.model().index(row, 0)))
               for row in range(table.model().rowCount()))


def _inside(widget, window) -> bool:
    top_left = widget.mapTo(window, widget.rect().topLeft())
    return widget.isVisible() and top_left.y() >= 0 and top_left.y() + widget.height() <= window.height()


@pytest.mark.parametrize("size", LAPTOPS)
def test_a_review_project_first_opened_on_a_laptop_lists_at_least_8_articles(qtbot, review_path, size):
    _add_articles(review_path, 20)
    long_id = _long_article(review_path)
    window = _first_window(qtbot, review_path, "lead", size)
    mode, corpus = window.review_mode, window.corpus.table
    assert mode.mode.isChecked() and (window.width(), window.height()) == size
    # The review docks across the whole width left the corpus list two or three rows at the top.
    assert _whole_rows(corpus) >= 8
    panel = mode.panel
    for widget in (panel.groups_view, panel.versions_view, panel.reject_button, panel.message, mode.text):
        assert _inside(widget, window), widget
    # Every field of the current group is in sight, and the key hint is whole on one line.
    versions = panel.versions_view
    for row in range(panel.versions.rowCount()):
        top = versions.rowViewportPosition(row)
        assert 0 <= top and top + versions.rowHeight(row) <= versions.viewport().height() + 2, row
    assert panel.message.text() == panel.message.full_text()
    # Every annotator's text stays readable beside the panel, and the panes above it show 5 lines of their
    # articles (with the versions' text row sized for a 160-character excerpt, they showed 2 or 3).
    assert mode.text.width() >= 300 and panel.width() >= 560
    for view in window.panes.panes():
        window.open_article(long_id, view)
        qtbot.wait(20)
        assert _lines_in_sight(view) >= 5
    window.close()
    window.session.project.close()


@pytest.mark.parametrize("size", LAPTOPS)
def test_annotating_on_a_laptop_keeps_the_corpus_the_panes_and_the_inspector(qtbot, demo_path, size):
    _add_articles(demo_path, 20)
    window = _first_window(qtbot, demo_path, "ann", size)
    assert not window.review_mode.mode.isChecked()
    assert _whole_rows(window.corpus.table) >= 8
    assert window.docks[1].isVisible() and _inside(window.inspector, window)
    assert window.dockWidgetArea(window.docks[1]) == Qt.DockWidgetArea.RightDockWidgetArea
    assert all(view.width() >= 220 for view in window.panes.panes())
    window.close()
    window.session.project.close()
