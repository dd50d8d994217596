"""The window on edits: only what is on screen is refreshed, and lists are rebuilt only when they change."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import select

pytestmark = pytest.mark.gui


def _make_quote(qtbot, view, needle: str):
    start = view.article.text.index(needle)
    select(view, start, start + len(needle))
    qtbot.keyClick(view.text, Qt.Key_Q)
    return view.quote(view.current_id)


def test_new_speaker_names_reach_the_inspector_and_plain_quotes_leave_its_lists_alone(window, qtbot, monkeypatch):
    view = window.panes.panes()[0]
    view.text.setFocus()
    speaker_box = window.inspector.speaker
    rebuilt = []
    fill = speaker_box.addItems
    monkeypatch.setattr(speaker_box, "addItems", lambda items: rebuilt.append(1) or fill(items))
    _make_quote(qtbot, view, "TEHRAN")
    assert rebuilt == []  # a quote without a new name: the 2,000-name list is not rebuilt
    window.inspector.speaker.setFocus()
    window.inspector.speaker.setEditText("Somebody New")
    window.inspector.speaker.lineEdit().returnPressed.emit()
    assert speaker_box.findText("Somebody New") >= 0
    assert "Somebody New" in speaker_box.completer().model().stringList()


def test_speakers_dock_behind_the_corpus_tab_is_not_rebuilt_by_quotes(window, qtbot, monkeypatch):
    from annotator.store import registry

    panel = window.speakers_panel
    dock = next(d for d in window.docks if d.widget() is panel)
    assert panel.isVisible() and panel.visibleRegion().isEmpty()  # behind the corpus tab
    reads = []
    real = registry.all_speakers
    monkeypatch.setattr(registry, "all_speakers", lambda project: reads.append(1) or real(project))
    view = window.panes.panes()[0]
    view.text.setFocus()
    quote = _make_quote(qtbot, view, "TEHRAN")
    window.inspector.speaker.setEditText("Somebody New")
    window.inspector.speaker.lineEdit().returnPressed.emit()
    assert reads == []
    dock.raise_()
    qtbot.waitUntil(lambda: panel.model.row_of(_speaker_id(window, "Somebody New")) >= 0)
    row = panel.model.row_of(_speaker_id(window, "Somebody New"))
    assert panel.model.index(row, 4).data() == "1"
    assert quote is not None


def _speaker_id(window, name: str) -> int:
    from annotator.store import registry

    return registry.find_speaker(window.session.project, name) or -1


def test_claims_board_is_built_when_its_tab_is_first_shown(window, qtbot):
    from PySide6.QtWidgets import QDockWidget

    from annotator.ui.claims.board import ClaimsBoard

    dock = window.findChild(QDockWidget, "claimsDock")
    assert not isinstance(dock.widget(), ClaimsBoard)  # behind the corpus tab: not built at start-up
    dock.raise_()
    qtbot.waitUntil(lambda: isinstance(dock.widget(), ClaimsBoard))
    assert dock.widget() is window.claims_board
    assert window.claims_board.isVisible()


def test_a_hidden_inspector_gets_new_names_when_shown_again(window, qtbot):
    from annotator.services.commands import SetSpeaker

    view = window.panes.panes()[0]
    view.text.setFocus()
    quote = _make_quote(qtbot, view, "TEHRAN")
    dock = window.docks[1]  # the inspector's, hidden in review mode
    dock.hide()
    window.session.push(SetSpeaker(quote.id, "Nobody Yet Known"))
    assert window.inspector.speaker.findText("Nobody Yet Known") < 0  # not rebuilt while hidden
    dock.show()
    qtbot.waitUntil(lambda: window.inspector.speaker.findText("Nobody Yet Known") >= 0)
