"""The current pane's quotes as a table: excerpt, speaker, stance, topics; click to jump."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView

from annotator.core.model import Quote

EXCERPT_CHARS = 70


def excerpt(text: str, quote: Quote, limit: int = EXCERPT_CHARS) -> str:
    """The quote's text on one line, shortened in the middle of nothing: only its end is cut."""
    words = " ".join(quote.text_in(text).split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


class QuoteListModel(QAbstractTableModel):
    """Quotes of one article in reading order."""

    HEADERS = ("Quote", "Speaker", "Stance", "Topics")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = ""
        self.quotes: list[Quote] = []
        self.colours: dict[str, QColor] = {}

    def set_quotes(self, text: str, quotes: list[Quote], colours: dict[str, QColor]) -> None:
        """Show these quotes of an article whose text is ``text``."""
        self.beginResetModel()
        self.text, self.quotes, self.colours = text, list(quotes), colours
        self.endResetModel()

    def row_of(self, quote_id: int | None) -> int:
        """The row of a quote, -1 if it is not listed."""
        return next((row for row, q in enumerate(self.quotes) if q.id == quote_id), -1)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.quotes)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.quotes):
            return None
        quote = self.quotes[index.row()]
        column = index.column()
        if role == Qt.DisplayRole:
            return (
                excerpt(self.text, quote),
                quote.speaker or "—",
                quote.stance or "—",
                ", ".join(quote.topics) or "—",
            )[column]
        if role == Qt.ToolTipRole and column == 0:
            return quote.text_in(self.text)
        if role == Qt.ForegroundRole and column == 2 and quote.stance in self.colours:
            return self.colours[quote.stance]
        if role == Qt.UserRole:
            return quote.id
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlags:
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable if index.isValid() else Qt.NoItemFlags


#: (column, width) of speaker and topics; the stance column fits its longest label, the quote takes the rest.
_WIDTHS = ((1, 110), (3, 80))
_STANCE = 2
_STANCE_WIDTH = 64  # the least the stance column gets, labels or not
#: Shares of a narrow list's width for speaker and topics (the stance's at most), and the quote column's
#: width below which they shrink.
_SHARES = {1: 0.24, 3: 0.2}
_STANCE_SHARE = 0.4
_QUOTE_WIDTH = 160


class QuoteTable(QTableView):
    """The quote list widget; a click selects the quote in its pane."""

    quoteClicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model_ = QuoteListModel(self)
        self.setModel(self.model_)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.ElideRight)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        # Fixed widths: sizing columns to contents reads every row, too slow for thousands of quotes. The
        # stance column is measured from the labels alone: a handful of words, however many quotes.
        for column, width in (*_WIDTHS, (_STANCE, _STANCE_WIDTH)):
            header.setSectionResizeMode(column, QHeaderView.Interactive)
            header.resizeSection(column, width)
        header.setHighlightSections(False)
        self.stance_width = _STANCE_WIDTH
        self.model_.modelReset.connect(self._fit_stances)
        self.clicked.connect(self._on_clicked)
        self.activated.connect(self._on_clicked)

    def _fit_stances(self) -> None:
        """Size the stance column to its longest label, the scheme's or a listed quote's: never "oppo…"."""
        labels = {*self.model_.colours, *(q.stance for q in self.model_.quotes if q.stance), "—"}
        # The same margins an item view leaves either side of a cell's text (QCommonStyle's item layout).
        margin = 2 * (self.style().pixelMetric(QStyle.PM_FocusFrameHMargin, None, self) + 1) + 2
        cells = max(self.fontMetrics().horizontalAdvance(label) for label in labels) + margin
        header = self.horizontalHeader()
        title = header.fontMetrics().horizontalAdvance(QuoteListModel.HEADERS[_STANCE]) + 2 * (
            self.style().pixelMetric(QStyle.PM_HeaderMargin, None, header) + 1)
        self.stance_width = max(_STANCE_WIDTH, cells, title)
        self._fit_columns()

    def resizeEvent(self, event) -> None:
        """In a narrow dock the speaker and topics shrink with it; the stance keeps its words whole."""
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        width = self.viewport().width()
        stance = min(self.stance_width, int(width * _STANCE_SHARE))
        narrow = width < sum(w for _, w in _WIDTHS) + stance + _QUOTE_WIDTH
        header = self.horizontalHeader()
        if narrow or header.sectionSize(_STANCE) < stance:  # a stance column widened by hand stays so
            header.resizeSection(_STANCE, stance)
        for column, default in _WIDTHS:
            if narrow:  # at the dock's usual 300 px the fixed widths left the quote 45 px: "the …", "Sel…"
                header.resizeSection(column, min(default, int(width * _SHARES[column])))
            elif header.sectionSize(column) < default:  # wide again: back to the usual (a widened one stays)
                header.resizeSection(column, default)

    def show_current(self, quote_id: int | None) -> None:
        """Select the row of the current quote without announcing it again."""
        row = self.model_.row_of(quote_id)
        self.blockSignals(True)
        if row < 0:
            self.clearSelection()
        else:
            self.selectRow(row)
            self.scrollTo(self.model_.index(row, 0))
        self.blockSignals(False)

    def _on_clicked(self, index: QModelIndex) -> None:
        quote_id = self.model_.data(index, Qt.UserRole)
        if quote_id is not None:
            self.quoteClicked.emit(int(quote_id))
