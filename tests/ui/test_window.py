"""The annotation window driven by keys and clicks, as an annotator would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.store import quotes as quote_store
from annotator.store.dump import dump_tables
from tests.ui.conftest import EMOJI_TEXT, select

pytestmark = pytest.mark.gui


def first_pane(window):
    view = window.panes.panes()[0]
    view.text.setFocus()
    return view


def make_quote(qtbot, view, needle: str, key=Qt.Key_Q, modifier=Qt.NoModifier):
    start = view.article.text.index(needle)
    select(view, start, start + len(needle))
    qtbot.keyClick(view.text, key, modifier)
    return view.quote(view.current_id)


def test_demo_opens_both_articles_side_by_side(window):
    panes = window.panes.panes()
    assert len(panes) == 2
    assert [p.article.outlet for p in panes] == ["Mehr News Agency", "Iran Press"]


def test_q_creates_a_quote_snapped_to_words(window, qtbot):
    view = first_pane(window)
    text = view.article.text
    start = text.index("We have defense")
    select(view, start + 1, start + 10)  # "e have d"
    qtbot.keyClick(view.text, Qt.Key_Q)
    stored = quote_store.quotes_for_article(window.session.project, view.article_id, "ann")
    assert [(q.start, q.end) for q in stored] == [(start, start + len("We have defense"))]
    assert stored[0].annotator == "ann" and view.current_id == stored[0].id


def test_shift_q_keeps_the_raw_selection(window, qtbot):
    view = first_pane(window)
    start = view.article.text.index("We have defense")
    select(view, start + 2, start + 10)
    qtbot.keyClick(view.text, Qt.Key_Q, Qt.ShiftModifier)
    quote = view.quote(view.current_id)
    assert (quote.start, quote.end) == (start + 2, start + 10)


def test_quote_after_emoji_stores_python_offsets(window, qtbot):
    view = window.open_article(3, window.panes.panes()[1])
    view.text.setFocus()
    quote = make_quote(qtbot, view, "“We will win 🏆 again,”")
    stored = quote_store.get_quote(window.session.project, quote.id)
    assert EMOJI_TEXT[stored.start : stored.end] == "“We will win 🏆 again,”"
    assert stored.kind == "direct"
    later = make_quote(qtbot, view, "“Café naïve.”")
    assert EMOJI_TEXT[later.start : later.end] == "“Café naïve.”"


def test_keyboard_alone_tags_every_field(window, qtbot):
    view = first_pane(window)
    quote = make_quote(qtbot, view, "“We are against the war and strongly reject")
    qtbot.keyClick(view.text, Qt.Key_2)  # opposes
    qtbot.keyClick(view.text, Qt.Key_F)  # conflict
    qtbot.keyClick(view.text, Qt.Key_D)  # diplomacy
    qtbot.keyClick(view.text, Qt.Key_I)  # kind: direct -> indirect
    qtbot.keyClick(view.text, Qt.Key_S)
    speaker = window.inspector.speaker.lineEdit()
    assert speaker.hasFocus()
    qtbot.keyClicks(speaker, "Hossein Amir Abdollahian")
    qtbot.keyClick(speaker, Qt.Key_Return)
    assert view.text.hasFocus()
    qtbot.keyClick(view.text, Qt.Key_C)
    claim = window.inspector.claim.lineEdit()
    qtbot.keyClicks(claim, "Iran supplied drones to Russia")
    qtbot.keyClick(claim, Qt.Key_Return)
    qtbot.keyClick(view.text, Qt.Key_T)
    assert window.inspector.topics.hasFocus()
    qtbot.keyClick(window.inspector.topics, Qt.Key_Down)
    qtbot.keyClick(window.inspector.topics, Qt.Key_Space)  # toggles diplomacy off again
    qtbot.keyClick(window.inspector.topics, Qt.Key_Escape)
    assert view.text.hasFocus()
    stored = quote_store.get_quote(window.session.project, quote.id)
    assert stored.stance == "opposes"
    assert stored.kind == "indirect"
    assert stored.speaker == "Hossein Amir Abdollahian"
    assert stored.claim == "Iran supplied drones to Russia"
    assert stored.topics == ("conflict",)
    window.inspector.note.setFocus()
    qtbot.keyClicks(window.inspector.note, "denies")
    window.inspector._commit_note()
    assert quote_store.get_quote(window.session.project, quote.id).note == "denies"
    assert window.quote_list.model_.rowCount() == 1


def test_keys_typed_in_the_inspector_are_text_not_shortcuts(window, qtbot):
    view = first_pane(window)
    quote = make_quote(qtbot, view, "Amir Abdollahian told")
    speaker = window.inspector.speaker.lineEdit()
    window.inspector.focus_speaker()
    qtbot.keyClicks(speaker, "Q1 Tehran")
    assert speaker.text() == "Q1 Tehran"
    assert len(view.quotes) == 1 and view.quote(quote.id).stance is None


def test_inspector_buttons_set_kind_and_stance(window, qtbot):
    view = first_pane(window)
    quote = make_quote(qtbot, view, "Amir Abdollahian told")
    qtbot.mouseClick(window.inspector.stances.button(0), Qt.LeftButton)
    qtbot.mouseClick(window.inspector.kinds.button(2), Qt.LeftButton)
    stored = quote_store.get_quote(window.session.project, quote.id)
    assert (stored.stance, stored.kind) == ("supports", "mixed")
    qtbot.mouseClick(window.inspector.stances.button(0), Qt.LeftButton)  # again: cleared
    assert quote_store.get_quote(window.session.project, quote.id).stance is None


def test_tab_moves_between_quotes_and_click_picks_the_innermost(window, qtbot):
    view = first_pane(window)
    outer = make_quote(qtbot, view, "not Iran’s policy to sell arms to Russia")
    inner = make_quote(qtbot, view, "sell arms")
    first = make_quote(qtbot, view, "TEHRAN")
    qtbot.keyClick(view.text, Qt.Key_Tab)
    assert view.current_id == outer.id
    qtbot.keyClick(view.text, Qt.Key_Tab)
    assert view.current_id == inner.id
    qtbot.keyClick(view.text, Qt.Key_Backtab, Qt.ShiftModifier)  # what a keyboard sends for Shift+Tab
    assert view.current_id == outer.id
    qtbot.keyClick(view.text, Qt.Key_Backtab, Qt.ShiftModifier)  # what a keyboard sends for Shift+Tab
    assert view.current_id == first.id
    position = view.text.offsets.to_qt(view.article.text.index("arms to Russia") + 1)
    rect = view.text.cursorRect(_cursor_at(view, position))
    qtbot.mouseClick(view.text.viewport(), Qt.LeftButton, pos=rect.center())
    assert view.current_id == inner.id
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # two quick clicks would be a double-click
    position = view.text.offsets.to_qt(view.article.text.index("Iran’s policy to") + 9)
    rect = view.text.cursorRect(_cursor_at(view, position))
    qtbot.mouseClick(view.text.viewport(), Qt.LeftButton, pos=rect.center())
    assert view.current_id == outer.id


def _cursor_at(view, position):
    cursor = view.text.textCursor()
    cursor.setPosition(position)
    return cursor


def test_e_moves_the_span_and_delete_removes(window, qtbot):
    view = first_pane(window)
    quote = make_quote(qtbot, view, "Josep Borrell")
    text = view.article.text
    start = text.index("on Thursday")
    select(view, start, start + len("on Thursday"))
    qtbot.keyClick(view.text, Qt.Key_E)
    stored = quote_store.get_quote(window.session.project, quote.id)
    assert text[stored.start : stored.end] == "on Thursday"
    qtbot.keyClick(view.text, Qt.Key_Delete)
    assert quote_store.quotes_for_article(window.session.project, view.article_id) == []


def test_undo_reaches_back_through_the_session(window, qtbot):
    project = window.session.project
    before = dump_tables(project)
    view = first_pane(window)
    quote = make_quote(qtbot, view, "Josep Borrell")
    qtbot.keyClick(view.text, Qt.Key_1)
    window.inspector.focus_speaker()
    qtbot.keyClicks(window.inspector.speaker.lineEdit(), "New Speaker")
    qtbot.keyClick(window.inspector.speaker.lineEdit(), Qt.Key_Return)
    qtbot.keyClick(view.text, Qt.Key_F)
    qtbot.keyClick(view.text, Qt.Key_Delete)
    after = dump_tables(project)
    steps = window.session.undo_stack.count()
    assert steps == 5
    for _ in range(steps):
        qtbot.keyClick(view.text, Qt.Key_Z, Qt.ControlModifier)
    assert dump_tables(project) == before
    assert view.quotes == []
    for _ in range(steps - 1):
        qtbot.keyClick(view.text, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    stored = quote_store.get_quote(project, quote.id)
    assert (stored.stance, stored.speaker, stored.topics) == ("supports", "New Speaker", ("conflict",))
    qtbot.keyClick(view.text, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert dump_tables(project).keys() == after.keys() and view.quotes == []


def test_mark_done_updates_corpus_and_status(window, qtbot):
    first_pane(window)
    qtbot.keyClick(window, Qt.Key_D, Qt.ControlModifier)
    assert window.corpus.model.rows[0].status == "done"
    assert window.status_progress.text() == "1 of 3 articles done"
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)  # like every action, undoable
    assert window.corpus.model.rows[0].status != "done"
    assert window.status_progress.text() == "0 of 3 articles done"


def test_corpus_double_click_opens_in_place_of_the_current_pane(window, qtbot):
    window.panes.set_current(window.panes.panes()[1])
    window.corpus.articleActivated.emit(3)
    panes = window.panes.panes()
    assert panes[0].article_id == 1 and panes[1].article_id == 3


def test_corpus_search_filters_by_text(window, qtbot):
    window.corpus.search.setText("coach")
    qtbot.waitUntil(lambda: window.corpus.model.rowCount() == 1)
    window.corpus.search.setText("Iran Press")
    qtbot.waitUntil(lambda: window.corpus.model.rowCount() == 1)
    window.corpus.search.clear()
    qtbot.waitUntil(lambda: window.corpus.model.rowCount() == 3)


def test_panes_add_up_to_four_and_close(window, qtbot):
    for _ in range(3):
        window.actions_.add_pane.trigger()
    assert len(window.panes.panes()) == 4
    window.panes.panes()[0].closeClicked.emit(window.panes.panes()[0])
    assert len(window.panes.panes()) == 3 and window.panes.current is not None


def test_dropping_an_article_on_a_pane_opens_it_there(window, qtbot):
    from PySide6.QtCore import QMimeData, QPointF
    from PySide6.QtGui import QDropEvent

    from annotator.ui.workspace.panes import ARTICLE_MIME

    target = window.panes.panes()[1]
    data = QMimeData()
    data.setData(ARTICLE_MIME, b"3")
    point = target.mapTo(window.panes, target.rect().center())
    event = QDropEvent(QPointF(point), Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    window.panes.dropEvent(event)
    assert target.article_id == 3 and window.panes.current is target


def test_synchronised_scrolling_moves_the_other_pane(window, qtbot):
    window.resize(900, 500)
    qtbot.wait(10)
    left, right = window.panes.panes()
    window.actions_.sync_scroll.setChecked(True)
    bar = left.text.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    other = right.text.verticalScrollBar()
    assert other.maximum() > 0 and other.value() > 0
    moved = other.value()
    window.actions_.sync_scroll.setChecked(False)
    bar.setValue(0)
    assert other.value() == moved


def test_switching_projects_reloads_and_remembers_recent(window, qtbot, tmp_path):
    from annotator.services.projects import open_project
    from annotator.ui.window import settings as state

    other = tmp_path / "other.annotator.db"
    open_project(other).close()
    assert window.files.switch_to(other)
    assert window.corpus.model.rowCount() == 0
    assert [p.article for p in window.panes.panes()] == [None, None]
    assert state.recent_projects()[0] == other.resolve()
    assert window.windowTitle().startswith("other.annotator.db")


def test_selecting_with_the_keyboard_alone(window, qtbot):
    view = first_pane(window)
    qtbot.keyClick(view.text, Qt.Key_Home, Qt.ControlModifier)
    for _ in range(2):
        qtbot.keyClick(view.text, Qt.Key_Right, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.keyClick(view.text, Qt.Key_Q)
    quote = view.quote(view.current_id)
    assert quote is not None and quote.text_in(view.article.text).startswith("TEHRAN")
    qtbot.keyClick(view.text, Qt.Key_Tab)  # the only quote: stays current, caret after it
    assert view.text.textCursor().position() == view.text.offsets.to_qt(quote.end)


def test_shift_tab_goes_back_without_an_ambiguous_shortcut(window, qtbot):
    view = first_pane(window)
    first = make_quote(qtbot, view, "Amir Abdollahian told")
    second = make_quote(qtbot, view, "We have defense cooperation")
    assert view.current_id == second.id
    qtbot.keyClick(view.text, Qt.Key_Backtab, Qt.ShiftModifier)
    assert view.current_id == first.id


def test_a_typed_speaker_is_kept_when_focus_leaves_and_escape_takes_it_back(window, qtbot):
    view = first_pane(window)
    quote = make_quote(qtbot, view, "Amir Abdollahian told")
    qtbot.keyClick(view.text, Qt.Key_S)
    speaker = window.inspector.speaker.lineEdit()
    qtbot.keyClicks(speaker, "Josep Borrell")
    view.text.setFocus()  # the annotator clicks back into the article without pressing Enter
    assert quote_store.get_quote(window.session.project, quote.id).speaker == "Josep Borrell"
    qtbot.keyClick(view.text, Qt.Key_S)
    qtbot.keyClicks(speaker, "Somebody Else")
    qtbot.keyClick(speaker, Qt.Key_Escape)
    assert view.text.hasFocus()
    assert speaker.text() == "Josep Borrell"
    assert quote_store.get_quote(window.session.project, quote.id).speaker == "Josep Borrell"


def test_new_panes_share_the_width_with_the_open_ones(window, qtbot):
    window.resize(1285, 800)
    qtbot.wait(50)
    window.panes.add_pane()
    qtbot.wait(50)
    sizes = window.panes.splitter.sizes()
    assert len(sizes) == 3
    assert min(sizes) >= 0.8 * max(sizes), sizes
