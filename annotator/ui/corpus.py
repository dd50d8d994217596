"""The corpus list: every article with outlet, date, quote count and status, searchable and draggable."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, Qt, QTimer, Signal
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
from annotator.store import corpus as corpus_store
from annotator.store.articles import ArticleSummary
from annotator.ui.delegates import draw_cell_background
from annotator.ui.panes import ARTICLE_MIME

# The model role holding the line under a title: outlet and date.
BYLINE_ROLE = Qt.UserRole + 1

STATUS_TEXT = {"new": "new", "in_progress": "in progress", "done": "done"}
STATUS_COLOUR = {"new": "#8a8f98", "in_progress": "#c98a12", "done": "#2e9d5b"}


class CorpusModel(QAbstractTableModel):
    """Article summaries of one annotator as a table: title, outlet, date, quotes, status.

    Sorting and searching run in SQL and give the order of article ids; rows are read a page at a time
    as the list is scrolled (``fetchMore``) and re-read one by one when an article changes.
    """

    HEADERS = ("Title", "Outlet", "Date", "#", "Status")
    PAGE = 200

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._ids: list[int] = []  # every listed article, in order
        self.rows: list[ArticleSummary] = []  # the rows read so far: the first len(rows) of _ids
        self._row_of: dict[int, int] = {}
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.AscendingOrder)
        self._needle = ""

    def reload(self) -> None:
        """Read the order again and the first page (after an import, a merge or a project switch)."""
        self.beginResetModel()
        column, order = self._sort
        self._ids = corpus_store.article_order(
            self.session.project, self.session.annotator, column, order == Qt.DescendingOrder, self._needle
        )
        self.rows, self._row_of = [], {}
        self._read_more(self.PAGE)
        self.endResetModel()

    def set_search(self, needle: str) -> None:
        """List only articles whose title, outlet or text contains ``needle`` (all when empty)."""
        self._needle = needle.strip()
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        """Order the list by a column (in SQL); -1 is import order."""
        self._sort = (column, order)
        self.reload()

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < len(self._ids)

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
        count = min(self.PAGE, len(self._ids) - len(self.rows))
        if parent.isValid() or count <= 0:
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + count - 1)
        self._read_more(count)
        self.endInsertRows()

    def _read_more(self, count: int) -> None:
        wanted = self._ids[len(self.rows) : len(self.rows) + count]
        fresh = {s.id: s for s in corpus_store.summaries_for(self.session.project, self.session.annotator, wanted)}
        for article_id in wanted:
            # An article deleted since the order was read keeps a placeholder row until the next reload.
            summary = fresh.get(article_id) or ArticleSummary(article_id, "", "", "", "", 0, 0, "new")
            self._row_of[article_id] = len(self.rows)
            self.rows.append(summary)

    def refresh_articles(self, article_ids: set[int]) -> None:
        """Re-read only the rows of changed articles (each row reports its own change)."""
        shown = [i for i in article_ids if i in self._row_of]
        for summary in corpus_store.summaries_for(self.session.project, self.session.annotator, shown):
            row = self._row_of[summary.id]
            if self.rows[row] != summary:
                self.rows[row] = summary
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def article_ids(self) -> list[int]:
        """Every listed article's id in list order, read or not yet."""
        return list(self._ids)

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
        """Articles marked done, and all articles (counted in SQL, not over the rows read so far)."""
        project = self.session.project
        return corpus_store.done_count(project, self.session.annotator), article_store.article_count(project)


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
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search title, outlet, text…")
        self.search.setClearButtonEnabled(True)
        # The text search runs SQL over every article: wait for a pause in typing.
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self._on_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        self.model.reload()

    def _on_search(self) -> None:
        self.model.set_search(self.search.text())

    def _on_double_clicked(self, index: QModelIndex) -> None:
        article_id = self.model.data(index, Qt.UserRole)
        if article_id is not None:
            self.articleActivated.emit(int(article_id))
