"""An annotator marks and tags every quote of the two sample articles with the keyboard, then reopens."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from annotator.store import quotes as quote_store
from tests.ui.conftest import make_window, select

pytestmark = pytest.mark.gui

CLAIM = "Iran supplied drones to Russia"
STANCE_KEYS = {"supports": Qt.Key_1, "opposes": Qt.Key_2, "neutral": Qt.Key_3}


def _stance(record: dict) -> str:
    # The first outlet reports a denial, the second an admission: the claims board must show both sides.
    if "drone" not in record["text"].lower():
        return "neutral"
    return "opposes" if record["doc"].startswith("000") else "supports"


def test_tag_every_sample_quote_by_keyboard_and_find_it_after_a_restart(qtbot, demo_path, samples):
    gold = [json.loads(line) for line in (samples / "seeds-gold.jsonl").read_text().splitlines()]
    gold = [g for g in gold if not g["optional"]]
    window = make_window(qtbot, demo_path)
    panes = {view.article.source: view for view in window.panes.panes()}
    for record in gold:
        view = panes[record["doc"]]
        window.panes.set_current(view)
        view.text.setFocus()
        select(view, record["start"], record["end"])
        qtbot.keyClick(view.text, Qt.Key_Q, Qt.ShiftModifier)  # exact characters, as the gold marks them
        if view.quote(view.current_id).kind != record["kind"]:
            qtbot.keyClick(view.text, Qt.Key_I)
            if view.quote(view.current_id).kind != record["kind"]:
                qtbot.keyClick(view.text, Qt.Key_I)
        qtbot.keyClick(view.text, STANCE_KEYS[_stance(record)])
        qtbot.keyClick(view.text, Qt.Key_S)
        qtbot.keyClicks(window.inspector.speaker.lineEdit(), record["speaker"])
        qtbot.keyClick(window.inspector.speaker.lineEdit(), Qt.Key_Return)
        if "drone" in record["text"].lower():
            qtbot.keyClick(view.text, Qt.Key_C)
            qtbot.keyClicks(window.inspector.claim.lineEdit(), CLAIM)
            qtbot.keyClick(window.inspector.claim.lineEdit(), Qt.Key_Return)
        qtbot.keyClick(view.text, Qt.Key_F)  # topic: conflict
    window.close()
    window.session.project.close()

    again = make_window(qtbot, demo_path)
    project = again.session.project
    stored = quote_store.all_quotes(project, "ann")
    sources = {view.article_id: view.article.source for view in again.panes.panes()}
    got = sorted((sources[q.article_id], q.start, q.end, q.kind, q.speaker, q.stance, q.topics) for q in stored)
    want = sorted((g["doc"], g["start"], g["end"], g["kind"], g["speaker"], _stance(g), ("conflict",)) for g in gold)
    assert got == want
    board_quotes = quote_store.quotes_with_claims(project)
    sides = {(sources[q.article_id], q.stance) for q in board_quotes}
    assert sides == {("000_234c940434e90916.txt", "opposes"), ("004_3536842f9f6d9ee2.txt", "supports")}
    board = again.claims_board
    board.refresh()  # it waits in a background tab until shown; read it now
    assert board.wait_loaded()
    assert board.model.rowCount() == 1  # one claim, both stances under it
    again.close()
    again.session.project.close()
