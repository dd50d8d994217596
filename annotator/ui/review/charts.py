"""Small charts drawn with QPainter (PySide6-Essentials has no QtCharts): a heatmap and horizontal bars."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

# Viridis stops: perceptually even, colour-blind safe, and both ends read on light and dark windows.
_VIRIDIS = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")
_PAD = 8


def scale_colour(fraction: float) -> QColor:
    """The colour of a value in [0, 1] on the chart scale (clamped)."""
    t = min(1.0, max(0.0, fraction)) * (len(_VIRIDIS) - 1)
    k = min(int(t), len(_VIRIDIS) - 2)
    a, b, f = QColor(_VIRIDIS[k]), QColor(_VIRIDIS[k + 1]), t - k
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * f, a.greenF() + (b.greenF() - a.greenF()) * f,
                           a.blueF() + (b.blueF() - a.blueF()) * f)


def ink_on(fill: QColor) -> QColor:
    """Black or white, whichever reads better on a fill."""
    luma = 0.299 * fill.redF() + 0.587 * fill.greenF() + 0.114 * fill.blueF()
    return QColor("black") if luma > 0.55 else QColor("white")


def two_decimals(value: float) -> str:
    """0.8333 -> "0.83"."""
    return f"{value:.2f}"


class HeatmapChart(QWidget):
    """A square matrix of values in [minimum, maximum], values written in the cells, with a colour key."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.labels: list[str] = []
        self.values: list[list[float | None]] = []
        self.minimum, self.maximum = 0.0, 1.0
        self.caption = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_data(self, labels: Sequence[str], values: Sequence[Sequence[float | None]], minimum: float = 0.0,
                 maximum: float = 1.0, caption: str = "") -> None:
        """Show a labels × labels matrix (None: no value, drawn hatched)."""
        self.labels, self.values = list(labels), [list(row) for row in values]
        self.minimum, self.maximum, self.caption = minimum, maximum, caption
        self.updateGeometry()
        self.update()

    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        return min(160, max((metrics.horizontalAdvance(label) for label in self.labels), default=0) + _PAD + 4)

    def sizeHint(self) -> QSize:
        cell = self.fontMetrics().height() * 3
        n = max(1, len(self.labels))
        return QSize(self._label_width() + n * cell + 90, self.fontMetrics().height() * 2 + n * cell + 2 * _PAD)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 120)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        metrics = self.fontMetrics()
        n = len(self.labels)
        if n == 0:
            painter.setPen(muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Agreement needs two annotators")
            return
        label_w, line = self._label_width(), metrics.height()
        key_w = 70
        top = _PAD + line + 4
        cell = max(24.0, min((self.width() - label_w - key_w - 2 * _PAD) / n, (self.height() - top - _PAD) / n, 96.0))
        left = _PAD + label_w
        for k, label in enumerate(self.labels):  # column labels on top, row labels on the left
            painter.setPen(text)
            col = QRectF(left + k * cell, _PAD, cell, line)
            painter.drawText(col, Qt.AlignmentFlag.AlignCenter, metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(cell)))
            row = QRectF(_PAD, top + k * cell, label_w - _PAD, cell)
            painter.drawText(row, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_w - _PAD))
        span = (self.maximum - self.minimum) or 1.0
        track = QColor(muted)
        track.setAlpha(40)
        for i in range(n):
            for j in range(n):
                value = self.values[i][j] if i < len(self.values) and j < len(self.values[i]) else None
                rect = QRectF(left + j * cell + 1, top + i * cell + 1, cell - 2, cell - 2)
                if value is None:  # the diagonal, or a pair with nothing to compare
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(track)
                    painter.drawRoundedRect(rect, 3, 3)
                    painter.setPen(muted)
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "–")
                    continue
                fill = scale_colour((value - self.minimum) / span)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.drawRoundedRect(rect, 3, 3)
                painter.setPen(ink_on(fill))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, two_decimals(value))
        self._paint_key(painter, QRectF(left + n * cell + 16, top, 14, n * cell), text)

    def _paint_key(self, painter: QPainter, bar: QRectF, text: QColor) -> None:
        gradient = QLinearGradient(bar.bottomLeft(), bar.topLeft())
        for k in range(len(_VIRIDIS)):
            gradient.setColorAt(k / (len(_VIRIDIS) - 1), QColor(_VIRIDIS[k]))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(gradient)
        painter.drawRect(bar)
        painter.setPen(text)
        line = self.fontMetrics().height()
        for fraction in (0.0, 0.5, 1.0):
            value = self.minimum + fraction * (self.maximum - self.minimum)
            y = bar.bottom() - fraction * bar.height()
            painter.drawLine(int(bar.right()), int(y), int(bar.right() + 4), int(y))
            painter.drawText(QRectF(bar.right() + 6, y - line / 2, 50, line), Qt.AlignmentFlag.AlignVCenter,
                             f"{value:g}")
        if self.caption:
            painter.drawText(QRectF(bar.left() - 4, bar.top() - line - 4, 80, line), Qt.AlignmentFlag.AlignLeft,
                             self.caption)


class BarChart(QWidget):
    """Horizontal bars, one per labelled row, with the value (or a text of its own) beside each bar."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[tuple[str, float | None, str]] = []
        self.minimum, self.maximum = 0.0, 1.0
        self.coloured = True
        self.axis = True
        self.empty_text = "No data yet"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_data(self, rows: Sequence[tuple[str, float | None] | tuple[str, float | None, str]],
                 minimum: float = 0.0, maximum: float = 1.0, coloured: bool = True,
                 fmt: Callable[[float], str] = two_decimals, axis: bool = True) -> None:
        """Rows of (label, value or None, optional text); values coloured on the scale unless ``coloured`` is off."""
        self.rows = []
        for row in rows:
            label, value = row[0], row[1]
            text = row[2] if len(row) > 2 else ("–" if value is None else fmt(value))
            self.rows.append((label, value, text))
        self.minimum, self.maximum, self.coloured, self.axis = minimum, maximum, coloured, axis
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 10

    def sizeHint(self) -> QSize:
        return QSize(360, max(1, len(self.rows)) * self._row_height() + self.fontMetrics().height() + 2 * _PAD)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        metrics = self.fontMetrics()
        if not self.rows:
            painter.setPen(muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        label_w = min(int(self.width() * 0.38), max(metrics.horizontalAdvance(r[0]) for r in self.rows) + _PAD + 4)
        value_w = max(metrics.horizontalAdvance(r[2]) for r in self.rows) + _PAD
        left, right = _PAD + label_w, self.width() - _PAD - value_w
        width = max(10.0, right - left)
        span = (self.maximum - self.minimum) or 1.0

        def x_of(value: float) -> float:
            return left + (min(max(value, self.minimum), self.maximum) - self.minimum) / span * width

        track = QColor(muted)
        track.setAlpha(40)
        row_h = self._row_height()
        zero = x_of(0.0)
        for k, (label, value, caption) in enumerate(self.rows):
            y = _PAD + k * row_h
            painter.setPen(text)
            painter.drawText(QRectF(_PAD, y, label_w - _PAD, row_h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, label_w - _PAD))
            bar = QRectF(left, y + 4, width, row_h - 8)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(track)
            painter.drawRoundedRect(bar, 3, 3)
            end = x_of(value) if value is not None else zero
            if value is not None:
                fill = scale_colour((value - self.minimum) / span) if self.coloured else palette.color(QPalette.ColorRole.Highlight)
                painter.setBrush(fill)
                painter.drawRoundedRect(QRectF(min(zero, end), bar.top(), max(2.0, abs(end - zero)), bar.height()), 3, 3)
            painter.setPen(text if value is not None else muted)
            painter.drawText(QRectF(right + 6, y, value_w, row_h), Qt.AlignmentFlag.AlignVCenter, caption)
        if self.axis:
            self._paint_axis(painter, left, width, _PAD + len(self.rows) * row_h, muted, x_of)

    def _paint_axis(self, painter: QPainter, left: float, width: float, y: float, colour: QColor,
                    x_of: Callable[[float], float]) -> None:
        painter.setPen(QPen(colour, 1))
        painter.drawLine(int(left), int(y), int(left + width), int(y))
        ticks = sorted({self.minimum, 0.0, self.maximum} if self.minimum < 0 < self.maximum else
                       {self.minimum, (self.minimum + self.maximum) / 2, self.maximum})
        line = self.fontMetrics().height()
        for value in ticks:
            x = x_of(value)
            painter.drawLine(int(x), int(y), int(x), int(y + 3))
            painter.drawText(QRectF(x - 30, y + 3, 60, line), Qt.AlignmentFlag.AlignHCenter, f"{value:g}")
