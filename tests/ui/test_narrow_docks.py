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


def test_on_a_laptop_the_quote_list_has_more_room_than_an_empty_note(window, qtbot):
    window.resize(1366, 740)
    qtbot.waitUntil(lambda: window.height() == 740)
    qtbot.wait(20)
    note, quotes = window.inspector.note, window.quote_list
    rows = quotes.verticalHeader().defaultSectionSize()
    # The note stood 190 pixels tall, empty, and left the article's quotes four rows: now five lines at most.
    assert note.height() <= note.fontMetrics().lineSpacing() * 5 + 12
    assert quotes.viewport().height() >= 6 * rows
    topics = window.inspector.topics  # and the topics above it keep every row in sight, not overlapped
    assert topics.mapTo(window, topics.rect().bottomLeft()).y() < note.mapTo(window, note.rect().topLeft()).y()


def test_on_a_laptop_the_inspectors_kind_label_stands_beside_its_buttons(window, qtbot):
    from PySide6.QtWidgets import QLabel

    window.resize(1366, 740)
    qtbot.waitUntil(lambda: window.height() == 740)
    qtbot.wait(20)
    inspector = window.inspector
    buttons = inspector.kinds.buttons()
    labels = {label.text(): label for label in inspector.findChildren(QLabel)}
    for name, field in (("Kind", buttons[0]), ("Speaker", inspector.speaker), ("Claim", inspector.claim)):
        label = labels[name]
        top = field.mapTo(inspector, field.rect().topLeft()).y()
        middle = label.mapTo(inspector, label.rect().center()).y()
        # "Kind" sat on a line of its own above the kind buttons (the style's 80 px per button was too wide).
        assert top <= middle <= top + field.height(), name
        assert label.mapTo(inspector, label.rect().topRight()).x() < field.mapTo(inspector, field.rect().topLeft()).x()
    assert all(button.width() >= button.fontMetrics().horizontalAdvance(button.text()) for button in buttons)


def test_a_long_suggestion_heading_leaves_every_topic_in_sight(window, qtbot):
    from annotator.core.model import Suggestion

    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.height() == 800)
    qtbot.wait(20)
    inspector = window.inspector
    text = "The bloc's foreign policy chief said " + "we will respond to any delivery of weapons " * 5
    suggestion = Suggestion(37, len(text) - 1, "direct", None, (0, 36), topics=("conflict", "diplomacy"))
    inspector.show_suggestion(suggestion, text)
    heading, topics, note = inspector.heading, inspector.topics, inspector.note

    def clear() -> bool:
        return topics.mapTo(inspector, topics.rect().bottomLeft()).y() < note.mapTo(inspector, note.rect().topLeft()).y()

    # Five lines of heading in a dock that left room for three: the form overflowed, the note sat on the
    # topics list and its last topic ("health J") was cut off. The dock's splitter makes room as it lays out.
    qtbot.waitUntil(clear, timeout=2000)
    assert heading.height() >= heading.heightForWidth(heading.width())
    assert note.mapTo(inspector, note.rect().bottomLeft()).y() <= inspector.height()


def test_after_a_long_heading_a_short_one_sits_right_above_the_fields(window, qtbot):
    from annotator.core.model import Suggestion

    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.height() == 800)
    inspector = window.inspector
    text = "The bloc's foreign policy chief said " + "we will respond to any delivery of weapons " * 5
    inspector.show_suggestion(Suggestion(37, len(text) - 1, "direct", None, (0, 36)), text)
    qtbot.wait(50)
    inspector.show_quote(None)  # one line of heading now, in a dock made taller for five
    heading, kind = inspector.heading, inspector.kinds.buttons()[0]

    def gap() -> int:
        return kind.mapTo(inspector, kind.rect().topLeft()).y() - heading.mapTo(inspector, heading.rect().topLeft()).y()

    # The spare height went to the heading, leaving a blank band between its line and the kind buttons.
    qtbot.waitUntil(lambda: gap() <= heading.fontMetrics().lineSpacing() * 3 + 20, timeout=2000)
