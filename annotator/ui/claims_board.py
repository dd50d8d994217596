"""The claims board: every claim with its quotes across articles, grouped by stance and speaker."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QIcon, QPainter, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Article
from annotator.services.commands import Change
from annotator.store import articles as article_store
from annotator.store import labels
from annotator.store import quotes as quote_store
from annotator.ui import icons
from annotator.ui.claims_model import (
    CLAIM,
    QUOTE,
    ArticleIdRole,
    ClaimsModel,
    KeyRole,
    KindRole,
    QuoteIdRole,
    StanceCountsRole,
)
from annotator.ui.delegates import draw_cell_background
from annotator.ui.session import Session

_MAX_LINES = 4  # a wrapped excerpt in a narrow dock; the tooltip has the rest
_EMPTY_HINT = "No quote has a claim yet.\nSelect a quote and press C to say which claim it speaks to."


class _ClaimRowDelegate(QStyledItemDelegate):
    """Paints a claim row's stance counts as coloured chips, so opposing sides show at a glance."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        counts = index.data(StanceCountsRole)
        if index.column() != 1 or index.data(KindRole) != CLAIM or not counts:
            super().paint(painter, option, index)
            return
        opt = draw_cell_background(self, painter, option, index)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(opt.font)
        rect = opt.rect.adjusted(4, 3, -4, -3)
        x = rect.left()
        for stance, colour, count in counts:
            label = f"{count} {stance}"
            width = metrics.horizontalAdvance(label) + 14
            if x + width > rect.right():
                break
            chip = QRect(x, rect.top(), width, rect.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
            painter.setPen(QColor("white"))
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label)
            x += width + 5
        detail = index.data(Qt.ItemDataRole.DisplayRole)
        if detail and x < rect.right():
            painter.setPen(opt.palette.color(QPalette.ColorRole.PlaceholderText))
            rest = QRect(x + 4, opt.rect.top(), rect.right() - x - 4, opt.rect.height())
            elided = metrics.elidedText(detail, Qt.TextElideMode.ElideRight, rest.width())
            painter.drawText(rest, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        metrics = QFontMetrics(option.font)
        height = max(size.height(), metrics.height() + 10)
        view = option.widget
        if isinstance(view, QTreeView) and view.wordWrap() and index.column() == 0:
            # QTreeView asks for one line; measure the wrapped text in the width the row really has.
            depth, parent = 0, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width = view.columnWidth(0) - view.indentation() * (depth + 1) - view.iconSize().width() - 16
            text = index.data(Qt.ItemDataRole.DisplayRole) or ""
            flags = Qt.TextFlag.TextWordWrap
            wrapped = metrics.boundingRect(QRect(0, 0, max(width, 40), 10_000), flags, text).height()
            height = max(height, min(wrapped, metrics.lineSpacing() * _MAX_LINES) + 8)
        return QSize(size.width(), height)


class ClaimsBoard(QWidget):
    """Claims with their quotes across all articles; activating a quote asks to open it."""

    quoteActivated = Signal(int, int)  # article id, quote id

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._articles: dict[int, Article] = {}  # article texts never change after import, so they are cached
        self._collapsed: set[tuple[str, ...]] = set()
        self._content_key: tuple | None = None
        self._stale = False
        self.model = ClaimsModel(self)

        self.filter_edit = QLineEdit(placeholderText="Filter claims…")
        # The full list of what the filter matches would be cut off in a narrow dock; it goes in the tooltip.
        self.filter_edit.setToolTip("Filter by claim, speaker, stance, outlet or words of the quote")
        self.filter_edit.setClearButtonEnabled(True)
        icons.assign(
            self.filter_edit.addAction(QIcon(), QLineEdit.ActionPosition.LeadingPosition), "mdi6.magnify"
        )
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.summary = QLabel()
        self.summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        expand = self._tool_button("mdi6.unfold-more-horizontal", "Expand all groups", self._on_expand_all)
        collapse = self._tool_button("mdi6.unfold-less-horizontal", "Show claims only", self._on_collapse_all)

        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(_ClaimRowDelegate(self.view))
        self.view.setUniformRowHeights(True)  # long boards scroll smoothly; rows are one line unless compact
        self.view.setAlternatingRowColors(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setIconSize(QSize(14, 14))
        self.view.setAnimated(False)
        self.view.setExpandsOnDoubleClick(False)  # activation toggles groups; doing both would undo it
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 300)
        self.view.activated.connect(self._on_activated)
        self.view.expanded.connect(self._on_expanded)
        self.view.collapsed.connect(self._on_collapsed)

        self.empty_hint = QLabel(_EMPTY_HINT, alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.empty_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(expand)
        top.addWidget(collapse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_hint, 1)

        session.changed.connect(self._on_session_changed)
        session.projectReplaced.connect(self._on_project_replaced)
        self.refresh()

    def _tool_button(self, icon: str, tip: str, slot) -> QToolButton:
        button = QToolButton(toolTip=tip, autoRaise=True)
        icons.assign(button, icon)
        button.clicked.connect(slot)
        return button

    # -- public ----------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload claims, quotes and stance colours; the tree is rebuilt only when they differ."""
        self._stale = False
        project = self._session.project
        quotes = quote_store.quotes_with_claims(project)
        stances = labels.scheme(project).stances
        # A note typed into a quote changes nothing shown here: skip the rebuild, keep scroll and selection.
        key = (
            tuple(
                (q.id, q.article_id, q.start, q.end, q.annotator, q.speaker, q.stance, q.claim)
                for q in quotes
            ),
            stances,
        )
        if key == self._content_key:
            return
        self._content_key = key
        for article_id in {q.article_id for q in quotes} - self._articles.keys():
            self._articles[article_id] = article_store.get_article(project, article_id)
        current = self.view.currentIndex().data(QuoteIdRole)
        self.model.set_content(quotes, self._articles, stances)
        self._after_reset()
        if current is not None:
            self.select_quote(current)

    def set_filter(self, text: str) -> None:
        """Filter the board as if typed into its filter box."""
        self.filter_edit.setText(text)

    def select_quote(self, quote_id: int) -> bool:
        """Select and show a quote on the board; False if it is not shown."""
        if self._stale:
            self.refresh()
        index = self.model.index_of_quote(quote_id)
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    # -- slots -----------------------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit the columns to the width: a narrow dock shows one column that carries everything."""
        super().resizeEvent(event)
        width = event.size().width()
        compact = width < 600
        if compact != self.view.wordWrap():
            # A narrow dock wraps excerpts over lines rather than cutting them after a few words.
            self.view.setWordWrap(compact)
            self.view.setUniformRowHeights(not compact)
            self.view.setIndentation(14 if compact else 20)
        self.model.set_compact(compact)
        self.view.setColumnHidden(1, compact)
        self.view.setColumnHidden(2, width < 820)
        if not compact:
            self.view.header().resizeSection(1, max(220, min(340, int(width * 0.32))))

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with changes made while the board was hidden."""
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def _on_session_changed(self, change: Change) -> None:
        if change.quotes or change.claims or change.speakers:
            self._refresh_when_visible()

    def _on_project_replaced(self) -> None:
        self._articles.clear()
        self._collapsed.clear()
        self._content_key = None
        self._refresh_when_visible()

    def _refresh_when_visible(self) -> None:
        # A board hidden in a dock tab costs nothing while the annotator types; it reloads when shown.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def _on_filter_changed(self, text: str) -> None:
        self.model.set_filter(text)
        self._after_reset()

    def _on_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.data(KindRole) == QUOTE:
            self.quoteActivated.emit(int(index.data(ArticleIdRole)), int(index.data(QuoteIdRole)))
        else:
            self.view.setExpanded(
                index.siblingAtColumn(0), not self.view.isExpanded(index.siblingAtColumn(0))
            )

    def _on_expanded(self, index: QModelIndex) -> None:
        self._collapsed.discard(index.data(KeyRole))

    def _on_collapsed(self, index: QModelIndex) -> None:
        self._collapsed.add(index.data(KeyRole))

    def _on_expand_all(self) -> None:
        self._collapsed.clear()
        self.view.expandAll()

    def _on_collapse_all(self) -> None:
        self.view.collapseAll()
        self._collapsed = {self.model.index(row, 0).data(KeyRole) for row in range(self.model.rowCount())}

    def _after_reset(self) -> None:
        # New groups open expanded; groups the user closed stay closed across refreshes.
        self.view.blockSignals(True)
        self.view.expandAll()
        self._collapse_remembered(QModelIndex())
        self.view.blockSignals(False)
        claims, quotes = self.model.claim_count(), self.model.quote_count()
        self.summary.setText(f"{claims} claim{'s' * (claims != 1)} · {quotes} quote{'s' * (quotes != 1)}")
        empty = claims == 0 and not self.filter_edit.text()
        self.view.setVisible(not empty)
        self.summary.setVisible(not empty)
        self.empty_hint.setVisible(empty)

    def _collapse_remembered(self, parent: QModelIndex) -> None:
        for row in range(self.model.rowCount(parent)):
            index = self.model.index(row, 0, parent)
            if index.data(KindRole) == QUOTE:
                return
            if index.data(KeyRole) in self._collapsed:
                self.view.collapse(index)
            else:
                self._collapse_remembered(index)
