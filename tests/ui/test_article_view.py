"""The article view alone: highlights, overlaps, the suggestions layer, a 1 MB article."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from annotator.core.model import Article, Quote, Suggestion
from annotator.ui.workspace.article_view import ArticleView

pytestmark = pytest.mark.gui

TEXT = "He said: “We 😀 will not sell arms,” and added that talks go on.\nA second paragraph."


@pytest.fixture
def view(qtbot):
    widget = ArticleView()
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.set_article(Article(7, TEXT, "x", title="Title", outlet="Outlet", published="2022-11-03"), [], {})
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def quote(qid, needle, stance=None):
    start = TEXT.index(needle)
    return Quote(qid, 7, start, start + len(needle), "ann", stance=stance)


def test_header_shows_title_outlet_date_and_count(view):
    view.set_quotes([quote(1, "talks go on")])
    assert view.title.text() == "Title"
    assert view.meta.text() == "Outlet  ·  2022-11-03  ·  1 quote"


def test_overlapping_spans_nest_and_the_innermost_is_found(view):
    outer, inner = quote(1, "“We 😀 will not sell arms,”"), quote(2, "sell arms")
    view.set_quotes([inner, outer], {"opposes": QColor("#d1495b")})
    spans = {s.key: s for s in view.text._spans}
    assert spans[1].depth == 0 and spans[2].depth == 1
    position = view.text.offsets.to_qt(TEXT.index("arms"))
    assert [s.key for s in view.text.spans_at(position)] == [2, 1]
    assert view.text._rects(spans[2].start, spans[2].end)  # laid out and paintable
    view.grab()  # paints without errors


def test_step_and_select_emit_the_quote(view, qtbot):
    view.set_quotes([quote(1, "He said"), quote(2, "talks go on")])
    with qtbot.waitSignal(view.quoteSelected) as signal:
        view.step_quote(True)
    assert signal.args == [7, 1]
    view.step_quote(False)
    assert view.current_id == 2


def test_suggestion_layer_routes_keys_to_callbacks(view):
    accepted, rejected, bulk = [], [], []
    view.on_accept, view.on_reject, view.on_accept_all = accepted.append, rejected.append, bulk.append
    first = Suggestion(TEXT.index("“"), TEXT.index("”") + 1)
    second = Suggestion(TEXT.index("talks"), TEXT.index("talks") + 11, kind="indirect")
    view.set_suggestions([second, first])
    assert view.suggestion() == first  # sorted by offset, the first is current
    view.set_current_suggestion(1)
    assert view.accept_suggestion() and accepted == [second]
    assert view.reject_suggestion() and rejected == [second]
    assert view.accept_all_suggestions() and bulk == [[first, second]]
    assert view.text._suggestions[1].start == view.text.offsets.to_qt(second.start)
    view.grab()


def test_window_accepts_and_rejects_suggestions_with_keys(window, qtbot):
    from annotator.store import quotes as quote_store

    view = window.panes.panes()[0]
    view.text.setFocus()
    text = view.article.text
    picks = [Suggestion(text.index(n), text.index(n) + len(n)) for n in ("TEHRAN", "Josep Borrell", "on Thursday")]
    view.set_suggestions(picks)
    qtbot.keyClick(view.text, Qt.Key_Return)
    assert [(q.start, q.origin) for q in view.quotes] == [(picks[0].start, "suggestion")]
    qtbot.keyClick(view.text, Qt.Key_X)
    assert view.suggestions == [picks[2]]
    view.set_suggestions(picks[1:])
    qtbot.keyClick(view.text, Qt.Key_A)
    assert len(quote_store.quotes_for_article(window.session.project, 1)) == 3
    window.session.undo_stack.undo()  # accept-all is one step
    assert len(quote_store.quotes_for_article(window.session.project, 1)) == 1


def test_a_megabyte_with_five_thousand_quotes(qtbot):
    text = ("Officials said “the talks will go on” while critics disagreed. 😀 " * 16000)[:1_000_000]
    widget = ArticleView()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    step = len(text) // 5000
    quotes = [Quote(i + 1, 1, i * step, i * step + step // 2, "ann") for i in range(5000)]
    widget.set_article(Article(1, text, "x", title="Big"), quotes, {})
    widget.show()
    qtbot.waitExposed(widget)
    widget.select_quote(4000)
    widget.grab()
    assert len(widget.text._spans) == 5000


def test_highlight_of_a_quote_in_a_long_paragraph_covers_exactly_its_lines(qtbot):
    from PySide6.QtGui import QTextCursor

    text = "word " * 3000  # one paragraph of some two hundred lines
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(500, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_article(Article(1, text, "x"), [Quote(1, 1, 5005, 5603, "a")], {})
    start, end = view.text.offsets.to_qt(5005), view.text.offsets.to_qt(5603)
    rects = view.text._rects(start, end)

    def caret(position):
        cursor = QTextCursor(view.text.document())
        cursor.setPosition(position)
        return view.text.cursorRect(cursor)

    lines = {caret(p).top() for p in range(start, end)}
    assert len(rects) == len(lines) > 3  # one band per line the quote touches, no more
    assert abs(rects[0].left() - caret(start).left()) <= 1
    assert abs(rects[-1].right() - caret(end).left()) <= 1



@pytest.mark.parametrize("widths", [(360,), (1200,), (360, 1200), (1200, 700)])
def test_the_text_is_laid_out_for_the_width_it_is_shown_in(qtbot, widths):
    from PySide6.QtWidgets import QApplication

    widget = ArticleView()
    qtbot.addWidget(widget)
    widget.set_article(Article(7, TEXT * 20, "x", title="Title"), [], {})
    widget.resize(widths[0], 400)
    widget.show()
    qtbot.waitExposed(widget)
    for width in widths[1:]:
        widget.resize(width, 400)  # a dock or a pane beside it takes or gives room
        qtbot.waitUntil(lambda width=width: widget.width() == width)
        QApplication.processEvents()
    text = widget.text
    # The lines fill the visible column and end inside it: laid out before the side margins changed, they
    # ran past its right edge (by 24 pixels in a narrow pane, 560 in a wide one) under a horizontal scroll bar.
    assert text.viewport().width() - 20 <= text.document().textWidth() <= text.viewport().width()
    assert text.horizontalScrollBar().maximum() == 0
