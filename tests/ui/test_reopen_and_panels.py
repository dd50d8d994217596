"""Restarting finds everything; the claims board and speakers panel work inside the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.store import quotes as quote_store
from annotator.store import registry
from tests.ui.conftest import make_window, select

pytestmark = pytest.mark.gui


def tag(qtbot, window, view, needle, stance_key, speaker, claim):
    """Mark a quote and tag it with the keyboard: Q, a stance digit, S name Enter, C claim Enter."""
    view.text.setFocus()
    start = view.article.text.index(needle)
    select(view, start, start + len(needle))
    qtbot.keyClick(view.text, Qt.Key_Q)
    qtbot.keyClick(view.text, stance_key)
    qtbot.keyClick(view.text, Qt.Key_S)
    qtbot.keyClicks(window.inspector.speaker.lineEdit(), speaker)
    qtbot.keyClick(window.inspector.speaker.lineEdit(), Qt.Key_Return)
    qtbot.keyClick(view.text, Qt.Key_C)
    qtbot.keyClicks(window.inspector.claim.lineEdit(), claim)
    qtbot.keyClick(window.inspector.claim.lineEdit(), Qt.Key_Return)
    return view.current_id


def test_reopening_restores_quotes_panes_and_position(qtbot, demo_path):
    window = make_window(qtbot, demo_path, demo=False)
    panes = window.panes.panes()
    assert [p.article_id for p in panes] == [1, 2]  # a project opened for the first time shows two articles
    window.open_article(1, panes[0])
    window.open_article(2, panes[1])
    window.actions_.add_pane.trigger()
    third = window.open_article(3, window.panes.panes()[2])
    quote_id = tag(qtbot, window, panes[0], "We have defense cooperation", Qt.Key_2, "Amir Abdollahian", "Drones")
    bar = panes[1].text.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    offset = panes[1].scroll_offset()
    assert offset > 0
    window.panes.set_current(third)
    window.close()
    window.session.project.close()

    again = make_window(qtbot, demo_path, demo=False)
    qtbot.wait(20)
    panes = again.panes.panes()
    assert [p.article_id for p in panes] == [1, 2, 3]
    assert again.panes.current is panes[2]
    assert [q.id for q in panes[0].quotes] == [quote_id]
    stored = quote_store.get_quote(again.session.project, quote_id)
    assert (stored.stance, stored.speaker, stored.claim) == ("opposes", "Amir Abdollahian", "Drones")
    assert abs(panes[1].scroll_offset() - offset) < 200
    assert panes[0].text.verticalScrollBar().value() == 0  # a pane read from the top opens at the top
    again.close()
    again.session.project.close()


def test_claims_board_shows_the_drone_claim_from_both_outlets(window, qtbot):
    board = window.claims_board
    mehr, iran_press = window.panes.panes()
    claim = "Iran supplied drones to Russia"
    denial = tag(qtbot, window, mehr, "“We are against the war and strongly reject", Qt.Key_2, "Amir Abdollahian", claim)
    admission = tag(qtbot, window, iran_press, "the drone is true", Qt.Key_1, "Amir-Abdollahian", claim)
    assert board.select_quote(denial) and board.select_quote(admission)
    quotes = quote_store.quotes_with_claims(window.session.project)
    assert {(q.article_id, q.stance) for q in quotes} == {(1, "opposes"), (2, "supports")}
    window.panes.set_current(mehr)
    board.quoteActivated.emit(2, admission)
    assert window.panes.current is iran_press and iran_press.current_id == admission


def test_speaker_merge_follows_into_the_views(window, qtbot):
    panel = window.speakers_panel
    mehr, iran_press = window.panes.panes()
    first = tag(qtbot, window, mehr, "We have defense cooperation", Qt.Key_3, "Amir Abdollahian", "A")
    second = tag(qtbot, window, iran_press, "the drone is true", Qt.Key_1, "Amir-Abdollahian", "A")
    project = window.session.project
    keep, gone = registry.find_speaker(project, "Amir-Abdollahian"), registry.find_speaker(project, "Amir Abdollahian")
    panel.merge_speakers(keep, gone)
    assert mehr.quote(first).speaker == "Amir-Abdollahian" == iran_press.quote(second).speaker
    window.session.undo_stack.undo()
    assert mehr.quote(first).speaker == "Amir Abdollahian"
