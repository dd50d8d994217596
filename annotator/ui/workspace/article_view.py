"""One article pane: title, outlet and date above the text, quotes and suggestions highlighted."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFocusEvent, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from annotator.core.model import Article, Quote, Suggestion
from annotator.core.text import plural
from annotator.ui.offsets import snap_to_words
from annotator.ui.shared import icons
from annotator.ui.shared.plain import ElidedLabel, keep_narrow, shortened
from annotator.ui.workspace.text_view import UNTAGGED, QuoteTextView, no_gc

_READING_ORDER = attrgetter("start", "end", "id")


class PaneTitle(QLabel):
    """An article's title in bold, on at most two lines, the second elided; the whole title in its tooltip.

    Four panes on a laptop leave each title ~200 px: wrapped freely, a headline took seven lines and
    pushed the text down.
    """

    LINES = 2

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.PlainText)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.setFont(font)
        keep_narrow(self, 0)  # a long title is cut; it never widens the pane
        self.setFixedHeight(self.fontMetrics().lineSpacing() * self.LINES + 2)
        self.setAlignment(Qt.AlignTop | Qt.AlignLeft)

    def text(self) -> str:
        """The whole title, as given (the label may show it cut)."""
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        """Show a title, fitted to the label's width."""
        self._full = text
        self._fit()

    def resizeEvent(self, event) -> None:
        """Refit the title to the new width."""
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = max(self.contentsRect().width(), 20)
        metrics = self.fontMetrics()
        layout = QTextLayout(self._full, self.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        starts = []
        while len(starts) < self.LINES:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            starts.append(line.textStart())
        layout.endLayout()
        lines = [self._full[a:b].strip() for a, b in zip(starts, [*starts[1:], len(self._full)], strict=False)]
        if lines:
            lines[-1] = metrics.elidedText(lines[-1], Qt.ElideRight, width)
        shown = "\n".join(lines)
        super().setText(shown)
        self.setToolTip(self._full if shown.replace("\n", " ") != " ".join(self._full.split()) else "")


class ArticleView(QWidget):
    """Shows one article with its quotes; knows nothing of the store."""

    quoteSelected = Signal(int, int)  # article id, quote id (-1: none)
    suggestionChanged = Signal(object)  # the current Suggestion, or None
    activated = Signal(object)  # this view, when it gains focus or a click
    closeClicked = Signal(object)  # this view

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.article: Article | None = None
        self.quotes: list[Quote] = []
        self.current_id: int | None = None
        self.suggestions: list[Suggestion] = []
        # Reshaped suggestion span -> the span it was suggested with (its decision is recorded there).
        self._suggested_at: dict[tuple[int, int], tuple[int, int]] = {}
        self.current_suggestion: int | None = None
        #: Callbacks for suggestion keys; the lead's worker wiring sets them (Enter, X, A).
        self.on_accept: Callable[[Suggestion], None] | None = None
        self.on_reject: Callable[[Suggestion], None] | None = None
        self.on_accept_all: Callable[[list[Suggestion]], None] | None = None
        self._colours: dict[str, QColor] = {}

        self.title = PaneTitle()
        self.meta = ElidedLabel()
        self.meta.setForegroundRole(QPalette.PlaceholderText)
        close = QToolButton()
        icons.assign(close, "fa5s.times")
        close.setAutoRaise(True)
        close.setToolTip("Close this pane")
        close.clicked.connect(lambda: self.closeClicked.emit(self))

        header = QFrame()
        header.setObjectName("paneHeader")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(close, 0, Qt.AlignTop)
        head = QVBoxLayout(header)
        head.setContentsMargins(16, 10, 8, 6)
        head.setSpacing(2)
        head.addLayout(top)
        head.addWidget(self.meta)

        self.text = QuoteTextView()
        # One short line: Qt draws the placeholder unwrapped, and only its first line.
        self.text.setPlaceholderText("No article yet")
        self.text.spanClicked.connect(self._on_span_clicked)
        self.text.suggestionClicked.connect(self.set_current_suggestion)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.rule = QFrame()
        self.rule.setFixedHeight(2)
        self.rule.setAutoFillBackground(True)
        layout.addWidget(header)
        layout.addWidget(self.rule)
        layout.addWidget(self.text, 1)
        self.setFocusProxy(self.text)
        self.text.installEventFilter(self)
        # The reading position as a text offset, so a pane made wider or narrower (a dock folded away,
        # a pane closed) keeps the same sentence at the top instead of the same pixel.
        self._top = 0
        self._reflowing = False
        self.text.verticalScrollBar().valueChanged.connect(self._remember_top)

    def set_active(self, active: bool) -> None:
        """Mark the pane the keys act on with a coloured rule under its header."""
        palette = self.rule.palette()
        role = QPalette.Highlight if active else QPalette.Window
        palette.setColor(QPalette.Window, self.palette().color(role))
        self.rule.setPalette(palette)

    @property
    def article_id(self) -> int | None:
        """The shown article's id, None when the pane is empty."""
        return None if self.article is None else self.article.id

    def eventFilter(self, watched, event) -> bool:
        """Report focus so the window knows which pane is current; keep the reading position on a resize."""
        if watched is self.text and isinstance(event, QFocusEvent) and event.gotFocus():
            self.activated.emit(self)
        if watched is self.text and event.type() == QEvent.Resize and self.article is not None:
            if event.size().width() != event.oldSize().width() and not self._reflowing:
                self._reflowing = True
                QTimer.singleShot(0, self._keep_top)
        return super().eventFilter(watched, event)

    def _remember_top(self) -> None:
        if not self._reflowing and self.article is not None:
            self._top = self.scroll_offset()

    def _keep_top(self) -> None:
        if self.article is not None and self._top:
            self.restore_scroll(self._top)
        self._reflowing = False

    def set_article(self, article: Article, quotes: list[Quote], colours: dict[str, QColor]) -> None:
        """Show an article and its quotes."""
        self.article = article
        self._top = 0
        self.title.setText(shortened(article.title or article.source or f"Article {article.id}"))
        self.text.set_text(article.text)
        self.current_id = None
        self.suggestions, self.current_suggestion = [], None
        self.set_quotes(quotes, colours)

    def set_quotes(self, quotes: list[Quote], colours: dict[str, QColor] | None = None) -> None:
        """Replace the quotes (after any change to them)."""
        if colours is not None:
            self._colours = colours
        self.quotes = sorted(quotes, key=_READING_ORDER)
        if self.current_id is not None and all(q.id != self.current_id for q in self.quotes):
            self.current_id = None
        colour = self._colours.get
        with no_gc():
            self.text.set_spans([(q.start, q.end, q.id, colour(q.stance, UNTAGGED)) for q in self.quotes])
        self.text.set_selected(self.current_id)
        self._update_meta()

    def _update_meta(self) -> None:
        if self.article is None:
            return
        parts = [p for p in (self.article.outlet, self.article.published) if p]
        mode = getattr(self.window(), "review_mode", None)
        # A lead reviewing has no quotes of their own: "0 quotes" above a text that "All annotators" shows
        # with 19 read as if the article had none. The count stays for anyone who marked some.
        if self.quotes or mode is None or not mode.mode.isChecked():
            parts.append(plural(len(self.quotes), "quote"))
        self.meta.setText("  ·  ".join(parts))

    def refresh_meta(self) -> None:
        """Say the outlet, date and quote count again (the window switched between annotating and review)."""
        self._update_meta()

    def quote(self, quote_id: int | None) -> Quote | None:
        """The shown quote with this id."""
        return next((q for q in self.quotes if q.id == quote_id), None)

    def select_quote(self, quote_id: int | None, scroll: bool = True) -> None:
        """Make a quote current, scroll to it and announce it."""
        self.current_id = quote_id
        self.text.set_selected(quote_id)
        quote = self.quote(quote_id)
        if quote is not None and scroll:
            self.text.scroll_to_position(self.text.offsets.to_qt(quote.start))
        self.quoteSelected.emit(self.article_id or -1, -1 if quote_id is None else quote_id)

    def _on_span_clicked(self, quote_id: int) -> None:
        self.select_quote(quote_id, scroll=False)

    def step_quote(self, forward: bool) -> None:
        """Select the next (or previous) quote or suggestion in reading order, wrapping around."""
        items = [(q.start, q.end, 0, q.id) for q in self.quotes]
        items += [(s.start, s.end, 1, i) for i, s in enumerate(self.suggestions)]
        if not items:
            return
        items.sort()
        if self.current_id is not None:
            here = next((i for i, item in enumerate(items) if item[2] == 0 and item[3] == self.current_id), None)
        elif self.current_suggestion is not None:
            here = next((i for i, item in enumerate(items) if item[2] == 1 and item[3] == self.current_suggestion), None)
        else:
            here = None
        index = (0 if forward else len(items) - 1) if here is None else (here + (1 if forward else -1)) % len(items)
        start, end, is_suggestion, key = items[index]
        if is_suggestion:
            self.select_quote(None, scroll=False)
            self.set_current_suggestion(key)
        else:
            self.set_current_suggestion(None)  # one current item: the quote, not also a suggestion
            self.select_quote(key)
        # The caret follows, so the next keyboard selection (Shift+arrows) starts after this item.
        cursor = self.text.textCursor()
        cursor.setPosition(self.text.offsets.to_qt(end))
        self.text.setTextCursor(cursor)

    def reshape_suggestion(self, start: int, end: int) -> bool:
        """Change the current suggestion's span before accepting it; False when there is none."""
        suggestion = self.suggestion()
        if suggestion is None or not 0 <= start < end:
            return False
        from dataclasses import replace

        self.suggestions[self.current_suggestion] = replace(suggestion, start=start, end=end)
        self._suggested_at[(start, end)] = self.suggested_at(suggestion)
        self._paint_suggestions()
        return True

    def suggested_at(self, suggestion: Suggestion) -> tuple[int, int]:
        """The span a (possibly reshaped) suggestion was proposed with."""
        return self._suggested_at.get((suggestion.start, suggestion.end), (suggestion.start, suggestion.end))

    def selection_span(self, snap: bool = True) -> tuple[int, int] | None:
        """The selected text as Python offsets (whole words unless snap is False); None if empty."""
        cursor = self.text.textCursor()
        if not cursor.hasSelection() or self.article is None:
            return None
        start, end = self.text.offsets.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())
        if snap:
            start, end = snap_to_words(self.article.text, start, end)
        return (start, end) if start < end else None

    def clear_selection(self) -> None:
        """Drop the text selection, keeping the caret where it was."""
        cursor = self.text.textCursor()
        cursor.clearSelection()
        self.text.setTextCursor(cursor)

    # scroll state -------------------------------------------------------------------------------------
    def scroll_offset(self) -> int:
        """The Python offset at the top of the view, saved to restore the reading position."""
        return self.text.offsets.from_qt(self.text.first_visible_position())

    def restore_scroll(self, offset: int) -> None:
        """Scroll so that a Python offset is at the top."""
        bar = self.text.verticalScrollBar()
        cursor = self.text.textCursor()
        cursor.setPosition(min(self.text.offsets.to_qt(offset), self.text.document().characterCount() - 1))
        # The document margin stays above the line, as when the article first opens at its top.
        margin = int(self.text.document().documentMargin())
        bar.setValue(bar.value() + self.text.cursorRect(cursor).top() - margin)
        self._top = offset  # the position asked for, even if the layout has not settled yet

    # suggestions --------------------------------------------------------------------------------------
    def set_suggestions(self, suggestions: list[Suggestion], keep_position: bool = False) -> None:
        """Show a second, dashed layer of proposed quotes; the first (or the one at the same place) is current."""
        before = self.suggestion() if keep_position else None
        self.suggestions = sorted(suggestions, key=lambda s: (s.start, s.end))
        if not self.suggestions:
            self.current_suggestion = None
        elif before is None:
            # While a quote is current no suggestion is, until Tab moves on to one.
            self.current_suggestion = None if keep_position and self.current_id is not None else 0
        else:
            # After an accept or reject the next suggestion in reading order becomes current.
            later = [i for i, s in enumerate(self.suggestions) if (s.start, s.end) >= (before.start, before.end)]
            self.current_suggestion = later[0] if later else len(self.suggestions) - 1
        self._paint_suggestions()

    def set_current_suggestion(self, index: int | None, scroll: bool = True) -> None:
        """Make one suggestion current (Enter and X act on it)."""
        self.current_suggestion = index if self.suggestions else None
        self._paint_suggestions()
        suggestion = self.suggestion()
        if suggestion is not None and scroll:
            self.text.scroll_to_position(self.text.offsets.to_qt(suggestion.start))

    def suggestion(self) -> Suggestion | None:
        """The current suggestion."""
        if self.current_suggestion is None or not 0 <= self.current_suggestion < len(self.suggestions):
            return None
        return self.suggestions[self.current_suggestion]

    def accept_suggestion(self) -> bool:
        """Hand the current suggestion to the accept callback; False when there is none."""
        suggestion = self.suggestion()
        if suggestion is None or self.on_accept is None:
            return False
        if self._seen_suggestion():
            self.on_accept(self.suggestion())
        return True

    def reject_suggestion(self) -> bool:
        """Hand the current suggestion to the reject callback; False when there is none."""
        suggestion = self.suggestion()
        if suggestion is None or self.on_reject is None:
            return False
        if self._seen_suggestion():
            self.on_reject(self.suggestion())
        return True

    def _seen_suggestion(self) -> bool:
        """Make the current suggestion one on screen; False (it is scrolled to instead) when none is.

        Enter or X must act on a dashed span the annotator can see: after scrolling away from the
        current one, the first suggestion on screen takes its place; with none on screen, the key only
        brings the current one into view.
        """
        first = self.text.offsets.from_qt(self.text.first_visible_position())
        last = self.text.offsets.from_qt(self.text.last_visible_position())
        current = self.suggestion()
        if current.start < last and current.end > first:
            return True
        shown = next((i for i, s in enumerate(self.suggestions) if s.start < last and s.end > first), None)
        if shown is None:
            self.set_current_suggestion(self.current_suggestion)
            return False
        self.current_suggestion = shown
        self._paint_suggestions()
        return True

    def accept_all_suggestions(self) -> bool:
        """Hand every suggestion to the accept-all callback."""
        if not self.suggestions or self.on_accept_all is None:
            return False
        self.on_accept_all(list(self.suggestions))
        return True

    def _paint_suggestions(self) -> None:
        self.text.set_suggestion_spans([(s.start, s.end) for s in self.suggestions], self.current_suggestion)
        self.suggestionChanged.emit(self.suggestion())
