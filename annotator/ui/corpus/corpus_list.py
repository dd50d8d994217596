"""The corpus list: every article with outlet, date, quote count and status, searchable and draggable.

This module holds what the user sees and types into (the search box, the table, the title's drawing);
the rows, their order and the search behind them are in annotator.ui.corpus.model.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.corpus.model import BYLINE_ROLE, CorpusModel
from annotator.ui.shared.delegates import draw_cell_background
from annotator.ui.shared.empty_hint import EmptyHint


class TitleDelegate(QStyledItemDelegate):
    """A title over its outlet and date in grey: titles get the panel's width instead of a column's."""

    def paint(self, painter, option, index) -> None:
        opt = draw_cell_background(self, painter, option, index)
        rect = opt.rect.adjusted(6, 2, -4, -2)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        metrics = opt.fontMetrics
        line = metrics.height()
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(group))
        title = metrics.elidedText(str(index.data(Qt.DisplayRole) or ""), Qt.ElideRight, rect.width())
        painter.drawText(rect.x(), rect.y(), rect.width(), line, Qt.AlignLeft | Qt.AlignVCenter, title)
        byline = str(index.data(BYLINE_ROLE) or "")
        if byline:
            if not selected:
                muted = QColor(opt.palette.color(QPalette.ColorRole.Text))
                muted.setAlpha(150)  # greyed, yet readable on light and dark palettes
                painter.setPen(muted)
            byline = metrics.elidedText(byline, Qt.ElideRight, rect.width())
            painter.drawText(rect.x(), rect.y() + line, rect.width(), line, Qt.AlignLeft | Qt.AlignVCenter, byline)
        painter.restore()


class CorpusPanel(QWidget):
    """The corpus list with its search box; double-click or drag opens an article."""

    articleActivated = Signal(int)
    articleOpenedBeside = Signal(int)  # Ctrl+Enter: in a new pane rather than in place of the current one

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.model = CorpusModel(session, self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search title, outlet, text…")
        self.search.setClearButtonEnabled(True)
        # The text search runs SQL over every article: wait for a pause in typing.
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self._on_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        # Keyboard path: Down goes to the hits, Enter opens the first, Escape clears the search, then leaves.
        self.search.installEventFilter(self)
        self.search.returnPressed.connect(self._on_search_entered)
        self._open_first = False
        self.table = QTableView()
        self.table.setModel(self.model)
        # Import order until a header is clicked (enabling sorting sorts by the indicator's column).
        self.table.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragOnly)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        # Fixed widths: sizing a column to its contents reads up to a thousand rows through data().
        metrics = self.table.fontMetrics()
        for column, sample in ((3, "999"), (4, "in progress")):
            header.setSectionResizeMode(column, QHeaderView.Fixed)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 14)
        # The outlet and date go under the title (the columns stay in the model for sorting and search).
        self.table.setItemDelegateForColumn(0, TitleDelegate(self.table))
        self.table.setColumnHidden(1, True)
        self.table.setColumnHidden(2, True)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.Fixed)
        rows.setDefaultSectionSize(2 * self.table.fontMetrics().height() + 8)
        header.setHighlightSections(False)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.activated.connect(self._on_double_clicked)
        self.table.installEventFilter(self)
        self.model.modelReset.connect(self._on_relisted)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        self.empty_hint = EmptyHint(self.table, self._empty_text)
        self.model.reload()

    def _empty_text(self) -> str:
        if self.model.listed_search:
            return f"No article matches “{self.model.listed_search}”. Esc clears the search."
        return "No articles yet: File → Import files… (Ctrl+I) or Import folder… (Ctrl+Shift+I)."

    def _on_search(self) -> None:
        self._search_timer.stop()
        self.model.set_search(self.search.text())

    def _on_search_entered(self) -> None:
        """Open the first hit, now or (the search still running) when the hits are listed."""
        if self._search_timer.isActive() or self.model.listed_search != self.search.text().strip():
            self._open_first = True
            if self._search_timer.isActive():
                self._on_search()
            return
        self._open_row(0)

    def _on_relisted(self) -> None:
        if self._open_first and self.model.listed_search == self.search.text().strip():
            self._open_first = False
            self._open_row(0)

    def _open_row(self, row: int) -> None:
        if row < self.model.rowCount():
            self.table.selectRow(row)
            self._on_double_clicked(self.model.index(row, 0))

    def eventFilter(self, watched, event) -> bool:
        """Keys of the search box (Down, Escape) and of the list (Ctrl+Enter opens beside)."""
        if event.type() not in (QEvent.KeyPress, QEvent.ShortcutOverride):
            return super().eventFilter(watched, event)
        key, override = event.key(), event.type() == QEvent.ShortcutOverride
        if watched is self.search and key == Qt.Key_Escape and self.search.text():
            if override:
                event.accept()  # ours while there is a search to clear, not the window's "back to the text"
                return False
            self.search.clear()
            self._on_search()
            return True
        if override:
            return False
        if watched is self.search and key == Qt.Key_Down and self.model.rowCount():
            self.table.setFocus(Qt.TabFocusReason)
            self.table.selectRow(0)
            return True
        if watched is self.table and key in (Qt.Key_Return, Qt.Key_Enter) and event.modifiers() & Qt.ControlModifier:
            article_id = self.model.data(self.table.currentIndex(), Qt.UserRole)
            if article_id is not None:
                self.articleOpenedBeside.emit(int(article_id))
            return True
        return super().eventFilter(watched, event)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        article_id = self.model.data(index, Qt.UserRole)
        if article_id is not None:
            self.articleActivated.emit(int(article_id))
