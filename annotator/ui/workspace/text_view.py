"""The article text with quotes and suggestions painted under it, scaling to thousands of spans."""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from contextlib import contextmanager

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QFrame, QTextEdit

from annotator.ui.offsets import QtOffsets, display_text

READING_WIDTH_EM = 38  # about 75 characters a line: comfortable reading measure
UNTAGGED = QColor("#e0a526")  # highlighter amber for quotes without a stance yet


@contextmanager
def no_gc():
    """Pause the cyclic garbage collector while building thousands of small objects at once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _nesting_depths(starts: list[int], ends: list[int]) -> list[int]:
    """How many earlier spans still cover each span's start; drawn as stacked underlines."""
    if all(e <= s for e, s in zip(ends, starts[1:], strict=False)):  # no overlap at all: the usual case, one pass in C
        return [0] * len(starts)
    depths = []
    open_ends: list[int] = []
    for start, end in zip(starts, ends, strict=True):
        if open_ends:
            open_ends = [e for e in open_ends if e > start]
        depths.append(len(open_ends))
        open_ends.append(end)
    return depths


class Span:
    """A painted span in Qt positions."""

    __slots__ = ("start", "end", "key", "colour", "depth")

    def __init__(self, start: int, end: int, key: int, colour: QColor, depth: int = 0):
        self.start, self.end, self.key, self.colour, self.depth = start, end, key, colour, depth


class QuoteTextView(QTextEdit):
    """Read-only text; highlights are painted from sorted span lists, not stored as text formats.

    A QTextEdit (not QPlainTextEdit) because its layout honours line height and paragraph spacing;
    building the document with one insertText keeps loading a 1 MB article close to setPlainText.
    """

    spanClicked = Signal(int)  # a quote id
    suggestionClicked = Signal(int)  # an index into the suggestions

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.setFrameShape(QFrame.NoFrame)
        self.setUndoRedoEnabled(False)
        self.setAcceptDrops(False)
        # The margins around the reading column take the text background, so the pane reads as one page.
        palette = self.palette()
        palette.setColor(QPalette.Window, palette.color(QPalette.Base))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.offsets = QtOffsets("")
        self._document: QTextDocument | None = None
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._keys: list[int] = []
        self._colours: list[QColor] = []
        self._depths: list[int] = []
        self._longest = 0
        self._selected: int | None = None
        self._suggestions: list[Span] = []
        self._current_suggestion: int | None = None
        font = QFont()
        font.setFamilies(["Source Serif 4", "Charter", "Georgia", "Noto Serif", "DejaVu Serif", "serif"])
        font.setStyleHint(QFont.Serif)
        font.setPointSizeF(12)
        self.setFont(font)

    # text -----------------------------------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        """Show a new text; quotes and suggestions are cleared."""
        doc = QTextDocument(self)
        doc.setUndoRedoEnabled(False)
        doc.setDefaultFont(self.font())
        doc.setDocumentMargin(8)
        block = QTextBlockFormat()
        block.setLineHeight(140, QTextBlockFormat.ProportionalHeight.value)
        block.setBottomMargin(self.fontMetrics().height() * 0.4)
        cursor = QTextCursor(doc)
        # New blocks inherit the cursor's block format, so one insert formats every paragraph.
        cursor.setBlockFormat(block)
        cursor.insertText(display_text(text))
        old, self._document = self._document, doc
        self.setDocument(doc)
        if old is not None:  # documents we built stay ours to free; Qt frees only its default one
            old.deleteLater()
        self.offsets = QtOffsets(text)
        self._starts, self._ends, self._keys, self._colours, self._depths = [], [], [], [], []
        self._suggestions = []
        self._selected = self._current_suggestion = None
        self._update_margins()

    # spans ------------------------------------------------------------------------------------------
    def set_spans(self, spans: list[tuple[int, int, int, QColor]]) -> None:
        """Replace the quote highlights: (start, end, quote id, colour) in Python offsets."""
        # Parallel lists, not an object per span: opening 5,000 quotes must cost little next to the text.
        # Thousands of small tuples at once would also trigger full garbage collections: pause them.
        with no_gc():
            ordered = sorted((s, -e, key, colour) for s, e, key, colour in spans)
            astral = self.offsets.astral
            if astral:  # positions shift by the astral characters before them
                ordered = [(s + bisect_left(astral, s), ne - bisect_left(astral, -ne), k, c) for s, ne, k, c in ordered]
            starts = [t[0] for t in ordered]
            ends = [-t[1] for t in ordered]
            self._keys = [t[2] for t in ordered]
            self._colours = [t[3] for t in ordered]
            self._depths = _nesting_depths(starts, ends)
        self._starts, self._ends = starts, ends
        self._longest = max((e - s for s, e in zip(starts, ends, strict=True)), default=0)
        self.viewport().update()

    @property
    def _spans(self) -> list[Span]:
        """Every quote span as an object (for tests and small lists; painting only builds visible ones)."""
        return [self._span(i) for i in range(len(self._starts))]

    def _span(self, i: int) -> Span:
        return Span(self._starts[i], self._ends[i], self._keys[i], self._colours[i], self._depths[i])

    def set_selected(self, key: int | None) -> None:
        """Emphasise one quote (or none)."""
        self._selected = key
        self.viewport().update()

    def set_suggestion_spans(self, spans: list[tuple[int, int]], current: int | None) -> None:
        """The dashed second layer: suggestion spans in Python offsets and the current one's index."""
        to_qt = self.offsets.to_qt
        self._suggestions = [Span(to_qt(s), to_qt(e), i, QColor()) for i, (s, e) in enumerate(spans)]
        self._current_suggestion = current
        self.viewport().update()

    def spans_at(self, position: int) -> list[Span]:
        """Quote spans covering a Qt position, innermost (shortest) first."""
        lo = bisect_left(self._starts, position - self._longest)
        hi = bisect_right(self._starts, position)
        found = [self._span(i) for i in range(lo, hi) if self._starts[i] <= position < self._ends[i]]
        return sorted(found, key=lambda s: s.end - s.start)

    def scroll_to_position(self, position: int) -> None:
        """Bring a Qt position into view, a third of the way down."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        if not self.viewport().rect().adjusted(0, 20, 0, -20).contains(rect):
            bar.setValue(bar.value() + rect.top() - self.viewport().height() // 3)

    def first_visible_position(self) -> int:
        """The Qt position at the top-left of the viewport."""
        return self.cursorForPosition(self.viewport().rect().topLeft()).position()

    def last_visible_position(self) -> int:
        """The Qt position at the bottom-right of the viewport."""
        return self.cursorForPosition(self.viewport().rect().bottomRight()).position()

    # painting -----------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint highlights for the visible range, then let QTextEdit draw the text over them."""
        if self._starts or self._suggestions:
            first = self.cursorForPosition(event.rect().topLeft()).position()
            last = self.cursorForPosition(event.rect().bottomRight()).position() + 1
            painter = QPainter(self.viewport())
            painter.setRenderHint(QPainter.Antialiasing)
            self._paint_quotes(painter, first, last)
            self._paint_suggestions(painter, first, last)
            painter.end()
        super().paintEvent(event)

    def _visible(self, spans: list[Span], starts: list[int], longest: int, first: int, last: int) -> list[Span]:
        lo = bisect_left(starts, first - longest)
        hi = bisect_right(starts, last)
        return [s for s in spans[lo:hi] if s.end > first]

    def _paint_quotes(self, painter: QPainter, first: int, last: int) -> None:
        dark = self.palette().color(QPalette.Base).lightness() < 128
        selected_span = None
        lo = bisect_left(self._starts, first - self._longest)
        hi = bisect_right(self._starts, last)
        for span in (self._span(i) for i in range(lo, hi) if self._ends[i] > first):
            fill = QColor(span.colour)
            # Translucent fills add up, so nested quotes show a stronger tint where they overlap.
            fill.setAlpha(70 if dark else 55)
            line = QColor(span.colour)
            for rect in self._rects(span.start, span.end):
                painter.fillRect(rect, fill)
                y = rect.bottom() - 1 - 3 * span.depth
                painter.setPen(QPen(line, 2))
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            if span.key == self._selected:
                selected_span = span
        if selected_span is not None:
            # The pane with the keyboard shows its current quote strongly; the others only hint at theirs.
            focused = self.hasFocus()
            colour = self.palette().color(QPalette.Highlight)
            if not focused:
                colour.setAlpha(120)
            pen = QPen(colour, 2.0 if focused else 1.2)
            painter.setPen(pen)
            painter.setBrush(Qt.NoBrush)
            for rect in self._rects(selected_span.start, selected_span.end):
                painter.drawRoundedRect(rect.adjusted(-1.5, -0.5, 1.5, 0.5), 3, 3)

    def _paint_suggestions(self, painter: QPainter, first: int, last: int) -> None:
        if not self._suggestions:
            return
        colour = self.palette().color(QPalette.Highlight)
        starts = [s.start for s in self._suggestions]
        longest = max(s.end - s.start for s in self._suggestions)
        for span in self._visible(self._suggestions, starts, longest, first, last):
            current = span.key == self._current_suggestion
            pen = QPen(colour, 2.2 if current else 1.2, Qt.DashLine)
            painter.setPen(pen)
            fill = QColor(colour)
            fill.setAlpha(55 if current else 0)
            painter.setBrush(fill)
            for rect in self._rects(span.start, span.end):
                painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 3, 3)

    def _rects(self, start: int, end: int) -> list[QRectF]:
        """Viewport rectangles covering a Qt span, one per line it touches."""
        doc = self.document()
        dx = -self.horizontalScrollBar().value()
        dy = -self.verticalScrollBar().value()
        rects = []
        block = doc.findBlock(start)
        while block.isValid() and block.position() < end:
            layout = block.layout()
            origin = layout.position()
            base = block.position()
            # Only the lines the span touches: a long paragraph has hundreds, and every visible quote asks.
            first = layout.lineForTextPosition(max(start - base, 0))
            last = layout.lineForTextPosition(min(end - base, block.length() - 1))
            lo = first.lineNumber() if first.isValid() else 0
            hi = last.lineNumber() if last.isValid() else layout.lineCount() - 1
            for i in range(lo, hi + 1):
                line = layout.lineAt(i)
                a = max(start, base + line.textStart())
                b = min(end, base + line.textStart() + line.textLength())
                if a >= b:
                    continue
                x1 = line.cursorToX(a - base)[0]
                x2 = line.cursorToX(b - base)[0]
                # The line box includes the extra line height; hug the glyphs instead.
                top = origin.y() + line.y() + dy
                height = line.ascent() + line.descent() + 2
                rects.append(QRectF(origin.x() + x1 + dx, top, x2 - x1, height))
            block = block.next()
        return rects

    # geometry and input -------------------------------------------------------------------------------
    def focusInEvent(self, event) -> None:
        """Repaint: the current quote's outline depends on focus."""
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event) -> None:
        """Repaint: the current quote's outline depends on focus."""
        super().focusOutEvent(event)
        self.viewport().update()

    def resizeEvent(self, event) -> None:
        """Keep the text column at a readable width, centred."""
        # Margins first, then the text laid out once for the viewport they leave: set after, they left the
        # lines running past the column's right edge (24 pixels in a narrow pane, 560 in a wide one).
        self._update_margins(relayout=False)
        super().resizeEvent(event)

    def _update_margins(self, relayout: bool = True) -> None:
        measure = self.fontMetrics().averageCharWidth() * READING_WIDTH_EM * 2
        side = max(12, int((self.width() - measure) / 2))
        if self.viewportMargins().left() != side:
            self.setViewportMargins(side, 0, side, 0)
            if relayout:  # QTextEdit lays its text out again only when told the width changed
                super().resizeEvent(QResizeEvent(self.size(), QSize()))

    def mouseReleaseEvent(self, event) -> None:
        """A click (not a drag) on a highlight selects its quote, the innermost where they overlap."""
        super().mouseReleaseEvent(event)
        if event.button() != Qt.LeftButton or self.textCursor().hasSelection():
            return
        position = self.cursorForPosition(event.position().toPoint()).position()
        for index, span in enumerate(self._suggestions):
            if span.start <= position < span.end:
                self.suggestionClicked.emit(index)
                return
        found = self.spans_at(position) or self.spans_at(position - 1)
        if found:
            self.spanClicked.emit(found[0].key)
