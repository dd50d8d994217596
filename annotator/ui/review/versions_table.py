"""The review panel's versions table: one column per annotator plus gold, one row per field, as tall as its rows.

Its rows keep their heights from group to group, so a click aimed at a field lands on it after the
reviewer steps to another group; on a short screen the table may shrink to its text row and one more.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QHeaderView, QTableView

from annotator.ui.review.model import VersionsModel, review_table

# A span's excerpt at its longest (review_model.field_value cuts at 160 characters), in ordinary words.
_LONGEST = " ".join(["average"] * 20)[:160]


def versions_table(model: VersionsModel) -> QTableView:
    """The table of a group's versions: a cell is clicked (or Space) to pick it, F2 types a gold field."""
    view = review_table(model)
    # No selection fill: it would hide the disagreement and pick colours; the focus frame is the cursor.
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    view.setWordWrap(True)
    # Its size hint is its rows' height (capped in fit_rows), so the groups list takes what is left.
    view.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
    view.verticalHeader().setVisible(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return view


def fit_rows(view: QTableView) -> None:
    """Size the rows to their text at the table's width, and the table to its rows (within the screen's room)."""
    rows = view.model().rowCount()
    view.resizeRowsToContents()
    for row in range(rows):
        view.setRowHeight(row, view.rowHeight(row) + 6)
    if rows:
        # The text row is as tall as the longest excerpt would be at this width, whatever the group:
        # stepping from a short quote to a long one then moves no row, and a click lands where aimed.
        width = max(40, view.columnWidth(0) - 8)
        longest = view.fontMetrics().boundingRect(0, 0, width, 10_000, Qt.TextFlag.TextWordWrap, _LONGEST)
        view.setRowHeight(0, max(view.rowHeight(0), longest.height() + 10))
    heights = [view.rowHeight(r) for r in range(rows)] or [view.verticalHeader().defaultSectionSize()] * 6
    chrome = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth() + 2
    # As tall as its rows where there is room; on a short screen (a 768-pixel laptop) it may shrink to its
    # text row and one more, and scrolls: fixed at full height, it made review mode taller than the screen.
    view.setMaximumHeight(sum(heights) + chrome)
    view.setMinimumHeight(min(sum(heights), sum(heights[:2])) + chrome)
