"""Keys in the annotation window that used to do nothing, the wrong thing, or too much at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import Suggestion
from annotator.store import quotes as quote_store
from tests.ui.test_window import first_pane, make_quote

pytestmark = pytest.mark.gui


def test_two_topic_keys_are_two_undo_steps(window, qtbot):
    view = first_pane(window)
    quote = make_quote(qtbot, view, "Amir Abdollahian told")
    qtbot.keyClick(view.text, Qt.Key_F)  # conflict
    qtbot.keyClick(view.text, Qt.Key_D)  # diplomacy
    assert window.actions_.undo.text() == "&Undo set topics"
    window.actions_.undo.trigger()
    assert quote_store.get_quote(window.session.project, quote.id).topics == ("conflict",)
    window.actions_.undo.trigger()
    assert quote_store.get_quote(window.session.project, quote.id).topics == ()
    assert window.actions_.undo.text() == "&Undo add quote"


def test_a_quote_brought_back_by_undo_is_selected(window, qtbot):
    view = first_pane(window)
    quote = make_quote(qtbot, view, "Amir Abdollahian told")
    qtbot.keyClick(view.text, Qt.Key_Delete)
    assert view.current_id is None
    window.actions_.undo.trigger()
    assert view.current_id == quote.id
    assert window.inspector.speaker.isEnabled()  # the inspector shows it, ready for S


def test_a_stance_key_without_a_quote_says_why(window, qtbot):
    view = first_pane(window)
    qtbot.keyClick(view.text, Qt.Key_1)
    assert "No quote selected" in window.statusBar().currentMessage()
    view.set_suggestions([Suggestion(0, 10)])
    qtbot.keyClick(view.text, Qt.Key_S)
    assert "accept the suggestion first" in window.statusBar().currentMessage()
    assert not window.inspector.speaker.lineEdit().hasFocus()


def _scroll_to_end(view, qtbot):
    bar = view.text.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.wait(10)


def test_enter_accepts_the_suggestion_on_screen_not_one_scrolled_away(window, qtbot):
    view = first_pane(window)
    text = view.article.text
    top = text.index("Amir Abdollahian told")
    bottom = len(text) - 40
    view.set_suggestions([Suggestion(top, top + 21), Suggestion(bottom, bottom + 20)])
    assert view.suggestion().start == top
    window.resize(1280, 500)
    qtbot.wait(20)
    _scroll_to_end(view, qtbot)
    assert view.text.verticalScrollBar().value() > 0
    qtbot.keyClick(view.text, Qt.Key_Return)
    [accepted] = quote_store.quotes_for_article(window.session.project, view.article_id, "ann")
    assert accepted.start == bottom  # the one the annotator sees
    assert view.text.verticalScrollBar().value() == view.text.verticalScrollBar().maximum()  # no jump


def test_enter_with_no_suggestion_on_screen_only_shows_the_current_one(window, qtbot):
    view = first_pane(window)
    top = view.article.text.index("Amir Abdollahian told")
    view.set_suggestions([Suggestion(top, top + 21)])
    window.resize(1280, 500)
    qtbot.wait(20)
    _scroll_to_end(view, qtbot)
    qtbot.keyClick(view.text, Qt.Key_Return)
    assert quote_store.quotes_for_article(window.session.project, view.article_id, "ann") == []
    assert view.text.verticalScrollBar().value() < view.text.verticalScrollBar().maximum()  # brought into view


def test_alt_q_opens_the_quote_menu_and_no_shortcut_takes_a_menu_key(window, qtbot):
    view = first_pane(window)
    bar = window.menuBar()
    keys = [a.text().split("&")[1][0].upper() for a in bar.actions() if "&" in a.text()]
    assert len(keys) == len(set(keys)) and "Q" in keys
    taken = {s.toString() for a in window.findChildren(type(window.actions_.undo)) for s in a.shortcuts()}
    assert not {f"Alt+{k}" for k in keys} & taken
    quote_menu = window.actions_.quote_menu
    qtbot.keyClick(view.text, Qt.Key_Q, Qt.AltModifier)
    qtbot.waitUntil(quote_menu.isVisible, timeout=2000)
    quote_menu.close()


def _corpus_row_of(window, article_id):
    model = window.corpus.model
    return next(r for r in range(model.rowCount()) if model.data(model.index(r, 0), Qt.UserRole) == article_id)


def test_opening_an_article_with_every_pane_full_replaces_the_current_one(window, qtbot):
    left, right = window.panes.panes()
    window.panes.set_current(left)
    table = window.corpus.table
    table.setFocus()
    table.setCurrentIndex(window.corpus.model.index(_corpus_row_of(window, 3), 0))
    qtbot.keyClick(table, Qt.Key_Return)
    assert left.article_id == 3 and right.article is not None and len(window.panes.panes()) == 2
    assert "Ctrl+Enter" in window.statusBar().currentMessage()
    table.setFocus()
    table.setCurrentIndex(window.corpus.model.index(_corpus_row_of(window, 1), 0))
    window.panes.pane_for(2) and window.panes.close_pane(window.panes.pane_for(2))  # make room for beside
    first = window.panes.pane_for(3)
    qtbot.keyClick(table, Qt.Key_Return, Qt.ControlModifier)
    assert first.article_id == 3 and window.panes.pane_for(1) is not None


def test_corpus_search_box_is_keyboard_complete(window, qtbot):
    window.actions_.find.trigger()
    search = window.corpus.search
    assert search.hasFocus()
    qtbot.keyClicks(search, "Emoji")
    qtbot.keyClick(search, Qt.Key_Return)  # before the search has even answered
    qtbot.waitUntil(lambda: window.panes.pane_for(3) is not None)
    assert window.panes.current.article_id == 3
    window.actions_.find.trigger()
    qtbot.keyClick(search, Qt.Key_Down)
    assert window.corpus.table.hasFocus() and window.corpus.table.currentIndex().row() == 0
    window.actions_.find.trigger()
    qtbot.keyClick(search, Qt.Key_Escape)  # clears the filter: every article is listed again
    assert search.text() == "" and search.hasFocus()
    qtbot.waitUntil(lambda: window.corpus.model.rowCount() == 3)
    qtbot.keyClick(search, Qt.Key_Escape)  # then back to the text
    assert window.panes.current.text.hasFocus()


def test_topic_keys_toggle_topics_in_the_topic_list(window, qtbot):
    view = first_pane(window)
    quote = make_quote(qtbot, view, "Amir Abdollahian told")
    qtbot.keyClick(view.text, Qt.Key_T)
    topics = window.inspector.topics
    assert topics.hasFocus()
    qtbot.keyClick(topics, Qt.Key_F)  # conflict
    qtbot.keyClick(topics, Qt.Key_D)  # diplomacy
    qtbot.keyClick(topics, Qt.Key_F)  # conflict off again
    assert quote_store.get_quote(window.session.project, quote.id).topics == ("diplomacy",)
    assert topics.hasFocus()


def _settle(qtbot):
    qtbot.wait(30)


def test_four_panes_stay_readable_on_a_laptop_and_the_docks_come_back(window, qtbot):
    window.resize(1280, 800)
    while len(window.panes.panes()) < 4:
        window.panes.add_pane()
    _settle(qtbot)
    qtbot.waitUntil(lambda: min(window.panes.splitter.sizes()) >= 220)
    assert window.minimumSizeHint().width() <= 1024  # grew with every pane: 1,482 px with four
    assert not window.docks[0].toggleViewAction().isChecked()  # the corpus group gave way...
    assert "Ctrl+F" in window.statusBar().currentMessage()  # ...and the window says how to get it back
    window.actions_.find.trigger()
    assert window.corpus.search.isVisible()
    window.resize(1900, 900)
    for view in window.panes.panes()[2:]:
        window.panes.close_pane(view)
    _settle(qtbot)
    qtbot.waitUntil(lambda: window.corpus.isVisible())


def test_a_long_title_takes_two_lines_at_most_with_the_whole_title_in_its_tooltip(window, qtbot):
    from dataclasses import replace

    view = window.panes.panes()[0]
    long_title = "Iran's foreign minister tells Borrell Tehran arms neither side in Ukraine, and more " * 3
    view.set_article(replace(view.article, title=long_title), view.quotes, {})
    window.resize(1280, 800)
    while len(window.panes.panes()) < 4:
        window.panes.add_pane()
    _settle(qtbot)
    shown = view.title.property("text")
    assert shown.count("\n") <= 1 and shown.endswith("…")
    assert view.title.toolTip() == long_title
    assert view.title.height() <= 3 * view.title.fontMetrics().lineSpacing()


def test_a_pane_made_wider_keeps_the_sentence_at_its_top(window, qtbot):
    window.resize(1280, 700)
    qtbot.waitUntil(lambda: window.width() == 1280)
    qtbot.wait(200)  # the panes' text laid out at the new width (longer under load than 30 ms)
    view = window.panes.panes()[1]
    bar = view.text.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    before = view.scroll_offset()
    window.resize(1900, 700)
    # The same line, not the same pixel: reflowed text puts the old pixel far from the old sentence.
    qtbot.waitUntil(lambda: window.width() == 1900 and abs(view.scroll_offset() - before) < 120, timeout=5000)


def _top_paragraph(view):
    from annotator.ui.workspace.panes import _paragraph_number

    text = view.text
    return _paragraph_number(text.cursorForPosition(text.viewport().rect().topLeft()).block())


def test_synchronised_panes_show_the_same_paragraph_not_the_same_fraction(window, qtbot):
    from annotator.core.model import Article
    from annotator.core.text import sha256_of
    from annotator.store import articles as article_store

    text = "\n\n".join(f"Paragraph {i}. " + "word " * 60 for i in range(30))  # far longer than article 2
    long_id, _new = article_store.insert_article(window.session.project, Article(None, text, sha256_of(text), title="L"))
    window.resize(1280, 500)
    left, right = window.panes.panes()
    window.open_article(long_id, left)
    _settle(qtbot)
    window.actions_.sync_scroll.setChecked(True)
    document = right.text.document()
    paragraphs = [document.findBlockByNumber(n) for n in range(document.blockCount())]
    block = [b for b in paragraphs if b.text().strip()][3]  # the fourth paragraph of article 2
    right.text.verticalScrollBar().setValue(int(document.documentLayout().blockBoundingRect(block).top()))
    assert _top_paragraph(left) == _top_paragraph(right) == 3


def test_equal_pane_widths_from_the_view_menu(window, qtbot):
    window.resize(1600, 800)
    _settle(qtbot)
    window.panes.splitter.setSizes([900, 200])
    window.actions_.equal_widths.trigger()
    sizes = window.panes.splitter.sizes()
    assert abs(sizes[0] - sizes[1]) <= 2
