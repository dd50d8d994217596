"""What the keyboard-only walkthrough found under a real X server, each sent where a user's key goes.

Keys are sent to ``QApplication.focusWidget()``: for an editable combo box that is the box, not its line
edit, which is where earlier tests sent them.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.store import quotes as quote_store
from annotator.store import registry
from annotator.ui.window.shortcuts import all_shortcuts
from tests.ui.conftest import make_window
from tests.ui.test_window import first_pane, make_quote

pytestmark = pytest.mark.gui


def press(qtbot, key, modifier=Qt.NoModifier) -> None:
    """A key as a user presses it: to the widget with the keyboard."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


@pytest.mark.parametrize("field", ["speaker", "claim"])
def test_escape_in_a_name_box_typed_into_keeps_the_old_value(window, qtbot, field):
    box_key = Qt.Key_S if field == "speaker" else Qt.Key_C
    view = first_pane(window)
    quote = make_quote(qtbot, view, "Amir Abdollahian told")
    press(qtbot, box_key)
    type_text(qtbot, "Ada Lovelace")
    press(qtbot, Qt.Key_Return)
    press(qtbot, box_key)
    assert QApplication.focusWidget() is getattr(window.inspector, field)  # the box itself has the keyboard
    type_text(qtbot, "Zed Nobody")
    press(qtbot, Qt.Key_Escape)
    assert getattr(quote_store.get_quote(window.session.project, quote.id), field) == "Ada Lovelace"
    assert getattr(window.inspector, field).currentText() == "Ada Lovelace"
    assert "Zed Nobody" not in [s.name for s in registry.all_speakers(window.session.project)]
    assert view.text.hasFocus()


def test_ctrl_tab_moves_the_keyboard_to_the_next_pane_and_back(window, qtbot):
    left, right = window.panes.panes()[:2]
    left.text.setFocus()
    press(qtbot, Qt.Key_Tab, Qt.ControlModifier)
    assert window.panes.current is right and right.text.hasFocus()
    press(qtbot, Qt.Key_Tab, Qt.ControlModifier)  # wraps round
    assert window.panes.current is left and left.text.hasFocus()
    press(qtbot, Qt.Key_Backtab, Qt.ControlModifier | Qt.ShiftModifier)  # what X sends for Ctrl+Shift+Tab
    assert window.panes.current is right and right.text.hasFocus()


def test_ctrl_tab_with_one_article_open_says_how_to_open_another(window, qtbot):
    right = window.panes.panes()[1]
    window.panes.close_pane(right)
    qtbot.wait(10)
    window.panes.panes()[0].text.setFocus()
    press(qtbot, Qt.Key_Tab, Qt.ControlModifier)
    assert "Ctrl+Enter" in window.statusBar().currentMessage()


def test_a_long_claim_shows_from_its_start(window, qtbot):
    view = first_pane(window)
    quote = make_quote(qtbot, view, "Amir Abdollahian told")
    claim = "Iran supplied drones to Russia before the war in Ukraine began, says the foreign minister"
    press(qtbot, Qt.Key_C)
    type_text(qtbot, claim)
    press(qtbot, Qt.Key_Return)
    assert quote_store.get_quote(window.session.project, quote.id).claim == claim
    assert window.inspector.claim.lineEdit().cursorPosition() == 0  # "Iran supplied…", not "…the foreign minister"


def test_ctrl_shift_a_brings_the_agreement_panel_forward(qtbot, review_path):  # noqa: F811
    window = make_window(qtbot, review_path, annotator="lead", demo=False)
    mode = window.review_mode
    agreement_dock = mode.docks[2]
    assert agreement_dock.visibleRegion().isEmpty()  # behind the "All annotators" tab
    press(qtbot, Qt.Key_A, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.wait(10)
    assert not agreement_dock.visibleRegion().isEmpty()
    assert mode.panel.groups_view.hasFocus()  # the review keys still work
    window.close()
    window.session.project.close()


def test_the_f1_sheet_lists_the_new_keys():
    keys = dict(all_shortcuts())
    assert "Next / previous article pane" == keys["Ctrl+Tab / Ctrl+Shift+Tab"]
    assert "agreement" in keys["Ctrl+Shift+A"]
    assert keys["Ctrl+Shift+C"].startswith("Claims board") and keys["Ctrl+Shift+S"].startswith("Speakers")


def test_ctrl_shift_c_and_s_bring_the_claims_board_and_speakers_forward_with_the_keyboard(window, qtbot):
    view = first_pane(window)
    press(qtbot, Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
    board = window.claims_board
    assert not board.visibleRegion().isEmpty() and board.view.hasFocus()  # behind the Corpus tab before
    press(qtbot, Qt.Key_Escape)
    assert view.text.hasFocus()
    press(qtbot, Qt.Key_S, Qt.ControlModifier | Qt.ShiftModifier)
    panel = window.speakers_panel
    assert not panel.visibleRegion().isEmpty() and panel.view.hasFocus()
    assert board.visibleRegion().isEmpty()


def test_four_panes_get_their_room_with_the_guidelines_open(window, qtbot):
    window.panes.panes()[0].text.setFocus()
    press(qtbot, Qt.Key_F1, Qt.ShiftModifier)
    assert window.guidelines_dock.isVisible()
    window.resize(1280, 800)
    while len(window.panes.panes()) < 4:
        window.panes.add_pane()
    qtbot.wait(30)
    qtbot.waitUntil(lambda: min(window.panes.splitter.sizes()) >= 200)  # was 150 px: the guidelines stayed
    assert not window.guidelines_dock.isVisible()  # folded with the corpus group; Ctrl+F brings it back


def test_ctrl_f_on_a_cramped_window_keeps_the_search_until_the_keyboard_is_back_in_an_article(window, qtbot):
    window.resize(1280, 800)
    while len(window.panes.panes()) < 4:
        window.panes.add_pane()
    qtbot.waitUntil(lambda: not window.corpus.isVisible())  # folded to give four panes their room
    window.panes.panes()[0].text.setFocus()
    press(qtbot, Qt.Key_F, Qt.ControlModifier)
    qtbot.wait(50)
    assert window.corpus.search.isVisible()  # was folded away again at once...
    assert QApplication.focusWidget() is window.corpus.search  # ...leaving the keyboard in the quote list
    press(qtbot, Qt.Key_Escape)  # back to the text
    qtbot.waitUntil(lambda: not window.corpus.isVisible() and min(window.panes.splitter.sizes()) >= 200)


def test_file_merge_into_an_empty_review_project_shows_its_articles_in_review_mode(qtbot, tmp_path):
    from PySide6.QtCore import QTimer

    from annotator.services.projects import open_project
    from docs.walk_review import annotators

    paths = annotators(tmp_path)
    open_project(tmp_path / "review.annotator.db").close()
    window = make_window(qtbot, tmp_path / "review.annotator.db", annotator="lead", demo=False)
    messages = []
    window.statusBar().messageChanged.connect(messages.append)

    def merge_in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        dialog.add_paths(paths)
        dialog.run_merge()
        qtbot.wait(600)  # the window's watch for other programs' commits polls meanwhile
        dialog.reject()

    QTimer.singleShot(50, merge_in_dialog)
    window.review_mode.merge.trigger()
    assert [view.article is not None for view in window.panes.panes()] == [True, True]  # not "No article yet"
    panel = window.review_mode.panel
    assert window.review_mode.mode.isChecked() and panel.groups.rowCount() > 0
    assert not [m for m in messages if "another program" in m]  # the merge was this window's own
    window.close()
    window.session.project.close()


def test_the_agreement_table_shows_every_column_beside_the_review_panel(qtbot, review_path):  # noqa: F811
    window = make_window(qtbot, review_path, annotator="lead", demo=False)
    window.resize(1600, 1000)
    window.review_mode.set_active(True)  # as F8 or opening the project does, at this size
    press(qtbot, Qt.Key_A, Qt.ControlModifier | Qt.ShiftModifier)
    table = window.review_mode.agreement.table
    qtbot.waitUntil(lambda: window.review_mode.agreement.pairs.rowCount() > 0)
    qtbot.wait(50)
    assert table.horizontalScrollBar().maximum() == 0  # the κ columns were cut off in a 280 px dock
    window.close()
    window.session.project.close()


def test_a_narrow_quote_list_keeps_room_for_the_quotes_words(qtbot):
    from annotator.ui.workspace.quote_list import QuoteTable

    table = QuoteTable()
    qtbot.addWidget(table)
    table.resize(300, 200)
    table.show()
    qtbot.waitExposed(table)
    assert table.columnWidth(0) >= 100  # was 45 px: "the …", "Sel…"
    table.resize(900, 200)
    qtbot.wait(10)
    assert [table.columnWidth(c) for c in (1, 2, 3)] == [110, 64, 80]  # a wide list keeps the usual widths


def test_a_narrow_quote_list_shows_every_stance_whole_and_shortens_the_quote_instead(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QStyle

    from annotator.core.model import Quote
    from annotator.ui.workspace.quote_list import QuoteTable

    text = "The minister said the talks would go on, and that nobody had sold any drones to anybody. " * 4
    stances = ("supports", "opposes", "neutral", "unclear")
    quotes = [Quote(k, 1, 20 * k, 20 * k + 80, "ann", stance=s, speaker="Hossein Amir-Abdollahian")
              for k, s in enumerate(stances)]
    table = QuoteTable()
    qtbot.addWidget(table)
    table.resize(300, 200)  # the dock's usual width, where "opposes" showed as "oppo…"
    table.show()
    qtbot.waitExposed(table)
    table.model_.set_quotes(text, quotes, {s: QColor("#888888") for s in stances})
    margin = table.style().pixelMetric(QStyle.PM_FocusFrameHMargin, None, table) + 1
    room = table.columnWidth(2) - 2 * margin
    for stance in stances:
        assert table.fontMetrics().elidedText(stance, Qt.ElideRight, room) == stance
    assert table.columnWidth(0) >= 90
    quote_room = table.columnWidth(0) - 2 * margin
    shown = table.fontMetrics().elidedText(table.model_.data(table.model_.index(0, 0)), Qt.ElideRight, quote_room)
    assert shown.endswith("…")
