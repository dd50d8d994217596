"""On a 1,024 px window with two panes the side docks give way without folding: panes and docks both show."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


def test_two_panes_and_the_corpus_dock_fit_a_1024_px_window(window, qtbot):
    assert len(window.panes.panes()) == 2
    window.resize(1024, 700)
    # Under load the docks are sized again a moment after the window takes its size: wait for the layout.
    qtbot.waitUntil(lambda: min(window.panes.splitter.sizes()) >= 220, timeout=5000)  # each pane readable
    assert window.room.folded == []  # the speakers panel's ~300 px minimum folded the whole group away
    assert window.corpus.isVisible()
    speakers = next(d for d in window.docks if d.objectName() == "speakersDock")
    assert speakers.minimumSizeHint().width() <= 200


def test_a_narrow_speakers_panel_shows_its_buttons_as_icons_and_hides_the_type(window, qtbot):
    from annotator.ui.speakers.model import TYPE
    from annotator.ui.speakers.panel import SpeakersPanel

    panel = SpeakersPanel(window.session)
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    panel.show()
    qtbot.waitExposed(panel)
    styles = {button.toolButtonStyle().name for button in panel._bar_buttons}
    assert styles == {"ToolButtonTextBesideIcon"} and not panel.view.isColumnHidden(TYPE)
    panel.resize(220, 400)
    qtbot.waitUntil(lambda: panel.width() == 220)
    assert {button.toolButtonStyle().name for button in panel._bar_buttons} == {"ToolButtonIconOnly"}
    assert panel.view.isColumnHidden(TYPE)
    assert all(button.rect().right() + button.x() <= panel.width() for button in panel._bar_buttons)
