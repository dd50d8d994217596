"""The review panel's versions table: one column per annotator plus gold, one row per field, as tall as its rows.

Its text row is as tall as the article's longest excerpt needs, up to TEXT_LINES lines (longer excerpts are
cut in the middle to fit, keeping both ends where span disagreements show); its rows keep their heights
while the reviewer steps through an article's groups, so a click aimed at a field lands on it. On a short
screen the table may shrink to its text row and one more.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
)

from annotator.ui.review.model import SpanTextRole, VersionsModel, excerpt, review_table

#: The text row's height at most, in lines: a 160-character excerpt in a laptop's narrow column took ten,
#: a blank band over most groups that the article panes above needed for reading.
TEXT_LINES = 5
_LONGEST = 160  # characters of an excerpt at most (as review_model.field_value)
_PADDING = 10  # a row's height above its text's: the cell's margins and the gap the other rows get
_fitted: dict[tuple, str] = {}


def _text_width(cell: int) -> int:
    """The width a cell's wrapped text gets (the style's text margins, and a little slack for rounding)."""
    return max(40, cell - 10)


def _text_height(metrics: QFontMetrics, width: int, text: str) -> int:
    return metrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text).height()


def fitted_excerpt(text: str, metrics: QFontMetrics, width: int, lines: int = TEXT_LINES) -> str:
    """The longest excerpt of ``text`` (both ends kept) that wraps to at most ``lines`` lines at ``width``."""
    key = (text, width, lines, metrics.height(), metrics.averageCharWidth())
    if key not in _fitted:
        if len(_fitted) > 4000:  # the excerpts of a few articles at a few widths
            _fitted.clear()
        room = lines * metrics.lineSpacing()
        best = excerpt(text, _LONGEST)
        if _text_height(metrics, width, best) > room:
            low, high = 12, min(len(best), _LONGEST) - 1  # low always fits: a dozen characters
            while low < high:
                middle = (low + high + 1) // 2
                if _text_height(metrics, width, excerpt(text, middle)) <= room:
                    low = middle
                else:
                    high = middle - 1
            best = excerpt(text, low)
        _fitted[key] = best
    return _fitted[key]


class _TextRowDelegate(QStyledItemDelegate):
    """Shows a version's span as the excerpt that fits TEXT_LINES lines of its cell (the whole in its tooltip)."""

    def initStyleOption(self, option, index) -> None:
        """Fit the excerpt to the cell being drawn or measured."""
        super().initStyleOption(option, index)
        span = index.data(SpanTextRole)
        if span and option.rect.width() > 0:
            option.text = fitted_excerpt(span, option.fontMetrics, _text_width(option.rect.width()))


def versions_table(model: VersionsModel) -> QTableView:
    """The table of a group's versions: a cell is clicked (or Space) to pick it, F2 types a gold field."""
    view = review_table(model)
    # No selection fill: it would hide the disagreement and pick colours; the focus frame is the cursor.
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    view.setWordWrap(True)
    view.setItemDelegateForRow(0, _TextRowDelegate(view))
    # Its size hint is its rows' height (capped in fit_rows), so the groups list takes what is left.
    view.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
    view.verticalHeader().setVisible(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return view


def fit_rows(view: QTableView, spans: Iterable[str] = ()) -> None:
    """Size the rows to their text at the table's width, and the table to its rows (within the screen's room).

    ``spans`` are the texts of every version of the article's groups: the text row fits the longest of them
    (up to TEXT_LINES lines), so stepping from a short quote to a long one moves no row.
    """
    rows = view.model().rowCount()
    view.resizeRowsToContents()
    for row in range(rows):
        view.setRowHeight(row, view.rowHeight(row) + 6)
    metrics = view.fontMetrics()
    most = TEXT_LINES * metrics.lineSpacing() + _PADDING  # the text row at its tallest
    if rows:
        width = _text_width(view.columnWidth(0))
        tallest = max((_text_height(metrics, width, fitted_excerpt(s, metrics, width)) for s in spans), default=0)
        view.setRowHeight(0, max(view.rowHeight(0), tallest + _PADDING))
    heights = [view.rowHeight(r) for r in range(rows)] or [view.verticalHeader().defaultSectionSize()] * 6
    chrome = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth() + 2
    # Room is kept for another article's longest text row (the groups list takes it while unused); on a short
    # screen (a 768-pixel laptop) the table may shrink to its text row and one more, and scrolls: fixed at
    # full height, it made review mode taller than the screen.
    view.setMaximumHeight(sum(heights[1:]) + max(heights[0], most) + chrome)
    view.setMinimumHeight(min(sum(heights), sum(heights[:2])) + chrome)
