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
