"""The versions table's text row is as tall as the article's excerpts need, up to a bound, never a blank band."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.projects import open_project
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.ui.review.panel import ReviewPanel
from annotator.ui.review.versions_table import TEXT_LINES
from annotator.ui.session import Session

pytestmark = pytest.mark.gui

SHORT = "The minister said “talks go on” and left."
LONG = ("The minister said “" + " ".join(f"the {n}th point of the plan was agreed" for n in range(12))
        + ", and the border stays open tonight” before she left.")


@pytest.fixture
def session(tmp_path):
    """A review project: three annotators agree on a short quote in article 1 and a long one in article 2."""
    project = open_project(tmp_path / "review.annotator.db")
    for text in (SHORT, LONG):
        article_id, _ = article_store.insert_article(project, Article(None, text, sha256_of(text), title=text[:20]))
        start, end = text.index("“"), text.index("”") + 1
        for name in ("alice", "bob", "carol"):
            quote_store.insert_quote(project, Quote(None, article_id, start, end, name, kind="direct",
                                                    speaker="The minister", stance="supports"))
    yield Session(project, "lead")
    project.close()


def _panel(qtbot, session, article_id: int) -> ReviewPanel:
    panel = ReviewPanel(session)
    qtbot.addWidget(panel)
    panel.resize(590, 440)  # the review dock beside a laptop's corpus list: narrow columns, ten lines a long quote
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_article(article_id)
    qtbot.wait(20)
    return panel


def _shown(panel, column: int) -> tuple[str, int]:
    """What the text row's cell shows, and the height that text takes wrapped in the cell."""
    view = panel.versions_view
    index = panel.versions.index(0, column)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.font, option.rect = view.font(), view.visualRect(index)
    view.itemDelegateForIndex(index).initStyleOption(option, index)
    room = option.rect.adjusted(5, 0, -5, 0)
    height = option.fontMetrics.boundingRect(room.adjusted(0, 0, 0, 10_000), Qt.TextFlag.TextWordWrap, option.text).height()
    return option.text, height


def test_a_short_quotes_text_row_leaves_no_blank_band(qtbot, session):
    panel = _panel(qtbot, session, 1)
    view, line = panel.versions_view, panel.versions_view.fontMetrics().lineSpacing()
    text, height = _shown(panel, 0)
    assert text == "“talks go on”"
    # Sized for the longest possible excerpt (160 characters), the row stood ten lines tall over one of text.
    assert view.rowHeight(0) <= height + line
    # The table ends under its last row (no blank below it either): the room goes to the groups list.
    rows = sum(view.rowHeight(r) for r in range(panel.versions.rowCount()))
    assert view.viewport().height() <= rows + 2


def test_a_long_quote_fits_the_bounded_row_with_both_ends_in_sight(qtbot, session):
    panel = _panel(qtbot, session, 2)
    view, line = panel.versions_view, panel.versions_view.fontMetrics().lineSpacing()
    quote = LONG[LONG.index("“"):LONG.index("”") + 1]
    text, height = _shown(panel, 0)
    assert text.startswith("“the 0th point") and text.endswith("open tonight”") and " … " in text
    assert height <= view.rowHeight(0) <= TEXT_LINES * line + line  # whole in the row, and the row bounded
    # The whole quote is in the cell's tooltip; every field of the group is in sight without scrolling.
    assert panel.versions.index(0, 0).data(Qt.ItemDataRole.ToolTipRole).endswith(quote)
    assert not view.verticalScrollBar().isVisible()
    bottom = view.rowViewportPosition(5) + view.rowHeight(5)
    assert bottom <= view.viewport().height()
