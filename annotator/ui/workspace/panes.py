"""The article panes: two side by side by default, up to four, closable, optionally scrolled together."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from annotator.ui.workspace.article_view import ArticleView

MAX_PANES = 4
ARTICLE_MIME = "application/x-annotator-article"


class PaneArea(QWidget):
    """A splitter of ArticleViews; tracks the current pane and accepts articles dropped from the corpus."""

    paneAdded = Signal(object)  # the new ArticleView
    paneClosed = Signal()
    currentChanged = Signal(object)  # the current ArticleView or None
    articleDropped = Signal(int, object)  # article id, the pane it was dropped on

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(6)
        self.placeholder = QLabel("Open an article: double-click it in the corpus, press Enter on it, or drag it here.")
        self.placeholder.setAlignment(Qt.AlignCenter)
        self.placeholder.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        layout.addWidget(self.placeholder)
        self.current: ArticleView | None = None
        self.synchronised = False
        self._syncing = False
        self.setAcceptDrops(True)
        self._update_placeholder()

    def panes(self) -> list[ArticleView]:
        """The panes left to right."""
        return [self.splitter.widget(i) for i in range(self.splitter.count())]

    def add_pane(self) -> ArticleView | None:
        """Add an empty pane at the right; None when four are open."""
        if self.splitter.count() >= MAX_PANES:
            return None
        view = ArticleView()
        view.activated.connect(self.set_current)
        view.closeClicked.connect(self.close_pane)
        view.text.verticalScrollBar().valueChanged.connect(lambda _value, v=view: self._on_scrolled(v))
        self.splitter.addWidget(view)
        self._share_width()
        # The new pane's minimum width is only known after layout; share again once it is done.
        QTimer.singleShot(0, self._share_width)
        self._update_placeholder()
        self.paneAdded.emit(view)
        if self.current is None:
            self.set_current(view)
        return view

    def _share_width(self) -> None:
        """Give every pane the same width (setSizes with tiny equal numbers left new panes a sliver)."""
        count = self.splitter.count()
        if count:
            total = max(self.splitter.width(), sum(self.splitter.sizes()))
            self.splitter.setSizes([total // count] * count)

    def close_pane(self, view: ArticleView) -> None:
        """Remove a pane; the current one moves to a neighbour."""
        panes = self.panes()
        if view not in panes:
            return
        index = panes.index(view)
        view.hide()
        view.setParent(None)
        view.deleteLater()
        rest = self.panes()
        self._update_placeholder()
        self.paneClosed.emit()
        if self.current is view:
            self.current = None
            self.set_current(rest[min(index, len(rest) - 1)] if rest else None)

    def set_current(self, view: ArticleView | None) -> None:
        """Make a pane current (its quotes fill the list and inspector)."""
        if view is self.current:
            return
        self.current = view
        for pane in self.panes():
            pane.set_active(pane is view)
        self.currentChanged.emit(view)

    def pane_for(self, article_id: int) -> ArticleView | None:
        """The pane already showing an article."""
        return next((p for p in self.panes() if p.article_id == article_id), None)

    def target_pane(self, beside: bool = False) -> ArticleView:
        """Where a newly opened article goes: an empty pane, else (beside) a new one, else the current one."""
        panes = self.panes()
        empty = next((p for p in panes if p.article is None), None)
        if empty is not None:
            return empty
        if len(panes) < 2 or (beside and len(panes) < MAX_PANES):
            return self.add_pane()
        return self.current if self.current in panes else panes[0]

    def set_synchronised(self, on: bool) -> None:
        """Scroll every pane together, paragraph by paragraph, for reading two versions of a story."""
        self.synchronised = on

    def share_width(self) -> None:
        """Give every pane the same width (View → Equal pane widths)."""
        self._share_width()

    def _on_scrolled(self, source: ArticleView) -> None:
        # The same paragraph (and the same share of it) at every pane's top: two reports of one event
        # run paragraph for paragraph, while the same fraction of two lengths drifts apart.
        if not self.synchronised or self._syncing:
            return
        text = source.text
        block = text.cursorForPosition(text.viewport().rect().topLeft()).block()
        paragraph = _paragraph_number(block)
        rect = text.document().documentLayout().blockBoundingRect(block)
        into = text.verticalScrollBar().value() - rect.top()
        share = min(max(into / rect.height(), 0.0), 1.0) if rect.height() > 0 else 0.0
        self._syncing = True
        try:
            for pane in self.panes():
                if pane is not source and pane.article is not None:
                    _scroll_to_paragraph(pane, paragraph, share)
        finally:
            self._syncing = False

    def _update_placeholder(self) -> None:
        empty = self.splitter.count() == 0
        self.placeholder.setVisible(empty)
        self.splitter.setVisible(not empty)

    # drag and drop from the corpus --------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        """Accept articles dragged from the corpus list."""
        if event.mimeData().hasFormat(ARTICLE_MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        """Keep accepting while the drag moves over panes."""
        if event.mimeData().hasFormat(ARTICLE_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        """Open the dropped article in the pane under the pointer."""
        data = event.mimeData()
        if not data.hasFormat(ARTICLE_MIME):
            return
        article_id = int(bytes(data.data(ARTICLE_MIME)).decode())
        point = event.position().toPoint()
        target = None
        for pane in self.panes():
            if pane.geometry().contains(self.splitter.mapFrom(self, point)):
                target = pane
        event.acceptProposedAction()
        self.articleDropped.emit(article_id, target)


def _paragraph_number(block) -> int:
    """How many non-blank paragraphs come before this text block (blank lines differ between outlets)."""
    count = 0
    block = block.previous()
    while block.isValid():
        count += bool(block.text().strip())
        block = block.previous()
    return count


def _scroll_to_paragraph(pane: ArticleView, paragraph: int, share: float) -> None:
    """Put a pane's n-th non-blank paragraph at its top (its last one if it has fewer)."""
    document = pane.text.document()
    block, seen, target = document.firstBlock(), 0, None
    while block.isValid():
        if block.text().strip():
            target = block
            if seen == paragraph:
                break
            seen += 1
        block = block.next()
    if target is None:
        return
    rect = document.documentLayout().blockBoundingRect(target)
    pane.text.verticalScrollBar().setValue(int(rect.top() + share * rect.height()))
