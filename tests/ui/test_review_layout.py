"""The review panel's versions table keeps still while the reviewer picks fields into gold."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_review_panel import _panel, annotator_files, review  # noqa: F401  (fixtures)

pytestmark = pytest.mark.gui


def _geometry(panel) -> list:
    view = panel.versions_view
    return [view.y(), view.height(), panel.groups_view.height(), [view.columnViewportPosition(c) for c in range(panel.versions.columnCount())],
            [view.rowViewportPosition(r) for r in range(panel.versions.rowCount())], view.viewport().size()]


def test_picking_a_field_does_not_move_the_versions_table(review, qtbot):  # noqa: F811
    panel = _panel(qtbot, review)
    panel.resize(700, 640)  # a dock narrower than the key hint: the hint takes two lines
    panel.select_row(2)
    qtbot.wait(50)
    before = _geometry(panel)
    view = panel.versions_view
    rect = view.visualRect(panel.versions.index(1, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.versions.draft is not None
    qtbot.wait(50)
    assert _geometry(panel) == before


def test_stepping_from_a_short_quote_to_a_long_one_keeps_the_fields_in_place(review, qtbot):  # noqa: F811
    panel = _panel(qtbot, review)
    panel.resize(900, 640)
    qtbot.wait(50)
    lengths = [len(item.group.quotes[0].text_in(panel._text)) for item in panel.groups.items]
    short, long = lengths.index(min(lengths)), lengths.index(max(lengths))
    panel.select_row(short)
    qtbot.wait(20)
    before = _geometry(panel)
    panel.select_row(long)
    qtbot.wait(20)
    assert _geometry(panel) == before
