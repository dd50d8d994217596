"""Review mode keeps the dock sizes the lead chose: across F8 and restarts, apart from annotation mode's layout."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.ui.review import layout_memory
from annotator.ui.window import settings as state
from tests.ui import test_review_corpus_room as room
from tests.ui.test_review_corpus_room import _first_window, _inside, _lines_in_sight, _long_article

pytestmark = pytest.mark.gui

LAPTOP = (1366, 768)
review_path = room.review_path  # a review project of three annotators


def _sizes(window) -> tuple[int, int, int]:
    """What the lead sees of the layout: the panes' height, the Review panel's height and width."""
    panel = window.review_mode.docks[0]
    return window.panes.height(), panel.height(), panel.width()


def _drag(qtbot, window, height: int, width: int) -> None:
    """Resize the review docks as a lead dragging their separators would."""
    docks = window.review_mode.docks
    window.resizeDocks([docks[0]], [height], Qt.Vertical)
    window.resizeDocks(docks[:2], [width, docks[0].width() + docks[1].width() - width], Qt.Horizontal)
    qtbot.wait(50)


def _f8(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key_F8)
    qtbot.wait(50)


def _close(window) -> None:
    window.close()
    window.session.project.close()


def _close_enough(a, b, slack: int = 2) -> bool:
    return all(abs(x - y) <= slack for x, y in zip(a, b, strict=True))


def _versions_in_sight(panel) -> bool:
    versions = panel.versions_view
    return all(0 <= versions.rowViewportPosition(row)
               and versions.rowViewportPosition(row) + versions.rowHeight(row) <= versions.viewport().height() + 2
               for row in range(panel.versions.rowCount()))


def test_the_leads_review_sizes_come_back_after_f8_and_after_a_restart(qtbot, review_path):
    window = _first_window(qtbot, review_path, "lead", LAPTOP)
    first = _sizes(window)
    _f8(qtbot, window)
    _f8(qtbot, window)
    assert layout_memory.saved() is None  # nothing dragged: the defaults still follow window and group
    _drag(qtbot, window, first[1] - 60, first[2] + 80)  # more article text, a wider Review panel
    chosen = _sizes(window)
    assert chosen[0] > first[0] and chosen[2] > first[2]
    _f8(qtbot, window)
    _f8(qtbot, window)
    # Placed again at the defaults, the panel took back its 60 pixels and the text its 80.
    assert _close_enough(_sizes(window), chosen)
    _close(window)
    window = _first_window(qtbot, review_path, "lead", LAPTOP)
    assert _close_enough(_sizes(window), chosen)
    _close(window)


def test_review_sizes_and_annotation_layout_do_not_mix(qtbot, review_path):
    window = _first_window(qtbot, review_path, "lead", LAPTOP)
    _f8(qtbot, window)  # annotating: the lead widens the quote inspector
    inspector = window.docks[1]
    window.resizeDocks([inspector], [inspector.width() + 60], Qt.Horizontal)
    qtbot.wait(50)
    wide, panes = inspector.width(), window.panes.width()
    _f8(qtbot, window)
    first = _sizes(window)
    _drag(qtbot, window, first[1] - 60, first[2] + 80)
    chosen = _sizes(window)
    _f8(qtbot, window)
    assert inspector.width() == wide and window.panes.width() == panes  # as the lead left annotation mode
    _f8(qtbot, window)
    assert _close_enough(_sizes(window), chosen)
    _close(window)
    window = _first_window(qtbot, review_path, "lead", LAPTOP)
    assert _close_enough(_sizes(window), chosen)
    _f8(qtbot, window)
    assert abs(window.docks[1].width() - wide) <= 2
    _close(window)


def test_first_time_and_old_saved_layouts_give_the_tuned_defaults(qtbot, review_path):
    window = _first_window(qtbot, review_path, "lead", LAPTOP)
    defaults = _sizes(window)
    # An earlier version kept review mode's sizes only in the window's state: a cramped review panel.
    _drag(qtbot, window, 200, 400)
    state.settings().remove(layout_memory.KEY)
    window.review_mode.placed = None  # as an earlier version would: closing saves the window's state only
    _close(window)
    assert layout_memory.saved() is None
    window = _first_window(qtbot, review_path, "lead", LAPTOP)
    assert _sizes(window) == defaults
    _close(window)


def test_sizes_chosen_in_a_larger_window_are_clamped_on_a_laptop(qtbot, review_path):
    long_id = _long_article(review_path)
    window = _first_window(qtbot, review_path, "lead", (1600, 1000))
    # The lead gives the review docks most of a large window, and the Review panel nearly all their width.
    _drag(qtbot, window, 780, 1150)
    _close(window)
    window = _first_window(qtbot, review_path, "lead", LAPTOP)
    assert (window.width(), window.height()) == LAPTOP
    mode = window.review_mode
    panel = mode.panel
    assert _versions_in_sight(panel)
    for widget in (panel.groups_view, panel.versions_view, panel.reject_button, panel.message, mode.text):
        assert _inside(widget, window), widget
    assert panel.message.text() == panel.message.full_text()  # the key hint is whole
    assert mode.text.width() >= 300
    for view in window.panes.panes():
        window.open_article(long_id, view)
        qtbot.wait(20)
        assert _lines_in_sight(view) >= 5
    _close(window)


def test_sizes_chosen_too_small_in_a_larger_window_still_show_every_version(qtbot, review_path):
    window = _first_window(qtbot, review_path, "lead", (1600, 1000))
    _drag(qtbot, window, 120, 300)
    _close(window)
    window = _first_window(qtbot, review_path, "lead", LAPTOP)
    panel = window.review_mode.panel
    assert _versions_in_sight(panel) and _inside(panel.reject_button, window)
    assert panel.message.text() == panel.message.full_text()
    _close(window)


def test_an_unreadable_saved_review_layout_is_ignored():
    for raw in ("not json", '{"height": 300}', '{"height": 300, "share": 1.5, "window": [1366, 768]}'):
        state.settings().setValue(layout_memory.KEY, raw)
        assert layout_memory.saved() is None


def test_sizes_chosen_in_a_larger_window_keep_their_part_of_a_smaller_one(qtbot, review_path):
    window = _first_window(qtbot, review_path, "lead", (1600, 1000))
    _drag(qtbot, window, 560, 900)  # more than half the height for the review docks
    _close(window)
    window = _first_window(qtbot, review_path, "lead", (1500, 900))
    dock = window.review_mode.docks[0]
    # Kept at 560 pixels, the docks would take 62 % of the shorter window instead of the 56 % chosen.
    assert abs(dock.height() - 560 * 900 // 1000) <= 2
    assert _versions_in_sight(window.review_mode.panel)
    _close(window)
