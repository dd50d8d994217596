"""The corpus list: every article with outlet, date, quote count and status, searchable and draggable."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
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

from annotator.store import articles as article_store
from annotator.store.articles import ArticleSummary
from annotator.ui.delegates import draw_cell_background
from annotator.ui.panes import ARTICLE_MIME

# The model role holding the line under a title: outlet and date.
BYLINE_ROLE = Qt.UserRole + 1

STATUS_TEXT = {"new": "new", "in_progress": "in progress", "done": "done"}
STATUS_COLOUR = {"new": "#8a8f98", "in_progress": "#c98a12", "done": "#2e9d5b"}


class CorpusModel(QAbstractTableModel):
    """Article summaries of one annotator as a table: title, outlet, date, quotes, status."""

    HEADERS = ("Title", "Outlet", "Date", "#", "Status")

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.rows: list[ArticleSummary] = []

    def reload(self) -> None:
        """Read every summary again (after an import or a project switch)."""
        self.beginResetModel()
        self.rows = article_store.article_summaries(self.session.project, self.session.annotator)
        self.endResetModel()

    def refresh_articles(self, article_ids: set[int]) -> None:
        """Re-read only the rows of changed articles."""
        if not article_ids:
            return
        fresh = {s.id: s for s in article_store.article_summaries(self.session.project, self.session.annotator)}
        for row, summary in enumerate(self.rows):
            if summary.id in article_ids and summary.id in fresh:
                self.rows[row] = fresh[summary.id]
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        if orientation == Qt.Horizontal and role == Qt.ToolTipRole and section == 3:
            return "Your quotes in the article"
        return None

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        summary = self.rows[index.row()]
        column = index.column()
        if role == Qt.DisplayRole:
            return (
                summary.title or summary.source,
                summary.outlet,
                summary.published,
                summary.quotes,
                STATUS_TEXT.get(summary.status, summary.status),
            )[column]
        if role == Qt.UserRole:
            return summary.id
        if role == BYLINE_ROLE:
            return " · ".join(part for part in (summary.outlet, summary.published) if part)
        if role == Qt.ToolTipRole and column == 0:
            return f"{summary.title}\n{summary.outlet} · {summary.length:,} characters"
        if role == Qt.ForegroundRole and column == 4:
            return QColor(STATUS_COLOUR.get(summary.status, "#8a8f98"))
        if role == Qt.TextAlignmentRole and column == 3:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlags:
        if not index.isValid():
            return Qt.NoItemFlags
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [ARTICLE_MIME]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        ids = [self.rows[i.row()].id for i in indexes if i.isValid()]
        if ids:
            data.setData(ARTICLE_MIME, str(ids[0]).encode())
        return data

    def done_count(self) -> tuple[int, int]:
        """Articles marked done, and all articles."""
        return sum(1 for s in self.rows if s.status == "done"), len(self.rows)


class CorpusFilter(QSortFilterProxyModel):
    """Keeps rows whose title or outlet match, or whose text the store found the words in."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.needle = ""
        self.text_hits: set[int] = set()
        self.setSortRole(Qt.DisplayRole)

    def set_search(self, needle: str, text_hits: set[int]) -> None:
        """Filter by a needle; text_hits are ids whose full text contains it."""
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+; invalidateFilter is deprecated there
            self.beginFilterChange()
            self.needle, self.text_hits = needle.casefold(), text_hits
            self.endFilterChange()
        else:
            self.needle, self.text_hits = needle.casefold(), text_hits
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        if not self.needle:
            return True
        summary = self.sourceModel().rows[row]
        return (
            self.needle in summary.title.casefold()
            or self.needle in summary.outlet.casefold()
            or summary.id in self.text_hits
        )


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

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.model = CorpusModel(session, self)
        self.proxy = CorpusFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search title, outlet, text…")
        self.search.setClearButtonEnabled(True)
        # The text search runs SQL over every article: wait for a pause in typing.
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self._on_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.AscendingOrder)
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
        for column in range(2, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        self.model.reload()

    def _on_search(self) -> None:
        needle = self.search.text().strip()
        hits = article_store.search_articles(self.session.project, needle) if needle else set()
        self.proxy.set_search(needle, hits)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        article_id = self.proxy.data(index, Qt.UserRole)
        if article_id is not None:
            self.articleActivated.emit(int(article_id))
