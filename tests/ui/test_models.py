"""Qt's model tester over every item model of the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.ui.workspace.panes import ARTICLE_MIME

pytestmark = pytest.mark.gui


def test_corpus_model_and_filter(window, qtmodeltester):
    qtmodeltester.check(window.corpus.model)
    window.corpus.model.set_search("iran")
    qtmodeltester.check(window.corpus.model)
    assert window.corpus.model.rowCount() >= 1
    window.corpus.model.set_search("")
    assert window.corpus.model.rowCount() == 3


def test_corpus_rows_drag_as_article_ids(window):
    model = window.corpus.model
    data = model.mimeData([model.index(1, 0)])
    assert bytes(data.data(ARTICLE_MIME)).decode() == "2"
    assert model.data(model.index(0, 4)) == "new"


def test_quote_list_model(window, qtbot, qtmodeltester):
    from tests.ui.conftest import select

    view = window.panes.panes()[0]
    view.text.setFocus()
    for needle in ("TEHRAN", "Josep Borrell", "We have defense cooperation"):
        start = view.article.text.index(needle)
        select(view, start, start + len(needle))
        qtbot.keyClick(view.text, Qt.Key_Q)
    model = window.quote_list.model_
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.data(model.index(0, 0)) == "TEHRAN"
    window.quote_list.quoteClicked.emit(model.data(model.index(2, 0), Qt.UserRole))
    assert view.quote(view.current_id).text_in(view.article.text) == "We have defense cooperation"


def test_corpus_titles_get_the_panel_width_and_show_their_outlet_beneath(window):
    """The outlet and date column are folded under the title, so titles are not cut to a few letters."""
    from PySide6.QtCore import Qt

    from annotator.ui.corpus.model import BYLINE_ROLE

    table = window.corpus.table
    assert table.isColumnHidden(1) and table.isColumnHidden(2)
    assert not table.isColumnHidden(0)
    assert table.columnWidth(0) > table.viewport().width() * 0.6
    index = window.corpus.model.index(0, 0)
    assert index.data(BYLINE_ROLE) in {"Mehr News Agency", "Iran Press", "Test Outlet"}
    assert table.rowHeight(0) >= 2 * table.fontMetrics().height()
    assert index.data(Qt.DisplayRole)
