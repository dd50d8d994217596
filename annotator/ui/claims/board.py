"""The claims board: every claim with its quotes across articles, grouped by stance and speaker."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetrics, QIcon, QPainter, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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

from annotator.core.collector import release_gradually
from annotator.core.model import GOLD
from annotator.core.text import plural
from annotator.services.commands import Change
from annotator.store import labels, overview
from annotator.store import review as review_store
from annotator.store.project import Project
from annotator.ui.claims.index import ClaimsIndex
from annotator.ui.claims.model import (
    CLAIM,
    QUOTE,
    ArticleIdRole,
    ClaimsModel,
    KeyRole,
    KindRole,
    QuoteIdRole,
    StanceCountsRole,
)
from annotator.ui.claims.versions import GOLD_VIEW, annotator_view, gold_view
from annotator.ui.session import Session
from annotator.ui.shared import icons
from annotator.ui.shared.delegates import draw_cell_background
from annotator.ui.shared.dock_refresh import RefreshWhenShown
from annotator.ui.shared.workers import ProjectJobs

_MAX_LINES = 4  # a wrapped excerpt in a narrow dock; the tooltip has the rest
_TEXT_MARGINS = 8  # an item's text margins, both sides together, with a little to spare
_LOADING = "Reading the claims…"
_DEBOUNCE_MS = 120  # typing runs ahead of the filter: it applies once the keys pause this long
_RELOAD_AFTER = 2000  # more edited quotes than this while hidden: reread the whole board instead
_EXPAND_ALL_LIMIT = 5000  # beyond this, "expand all" opens the claims but not every speaker's quotes
_EMPTY_HINT = "No quote has a claim yet.\nSelect a quote and press C to say which claim it speaks to."


class _ClaimRowDelegate(QStyledItemDelegate):
    """Paints a claim row's stance counts as coloured chips, so opposing sides show at a glance."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        # Only a claim's second column is drawn here; every other cell, most of them, goes straight to Qt.
        counts = index.data(StanceCountsRole) if index.column() == 1 and index.data(KindRole) == CLAIM else None
        if not counts:
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
        # The row's own font: a claim is bold, and measured in the plain font its last word was cut off
        # with "…" where other claims wrapped to a second line.
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        metrics = QFontMetrics(opt.font)
        height = max(size.height(), metrics.height() + 10)
        view = option.widget
        if isinstance(view, QTreeView) and view.wordWrap() and index.column() == 0:
            # QTreeView asks for one line; measure the wrapped text in the width the row really has.
            depth, parent = 0, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            # The text's room: the column less the branch indent, the icon where the row has one, and the
            # item's text margins (a width guessed too small left a blank line under one-line claims).
            icon = view.iconSize().width() + 4 if index.data(Qt.ItemDataRole.DecorationRole) is not None else 0
            width = view.columnWidth(0) - view.indentation() * (depth + 1) - icon - _TEXT_MARGINS
            text = index.data(Qt.ItemDataRole.DisplayRole) or ""
            flags = Qt.TextFlag.TextWordWrap
            wrapped = metrics.boundingRect(QRect(0, 0, max(width, 40), 10_000), flags, text).height()
            height = max(height, min(wrapped, metrics.lineSpacing() * _MAX_LINES) + 8)
        return QSize(size.width(), height)


def read_claims(project: Project, view: str | None = None) -> ClaimsIndex:
    """The board's rows of a whole project in a view (None: gold for a review project, else every quote).

    Run on a worker thread. A review project (two annotators or more, or gold) shows gold and its
    undecided groups, or one annotator's quotes; any other project shows every quote.
    """
    read = list(overview.claim_rows(project))
    names = {row.annotator for row in read}
    annotators = sorted(names - {GOLD})
    if len(annotators) < 2 and GOLD not in names:
        rows, index = read, ClaimsIndex(read)
    else:
        if view not in annotators:
            view = GOLD_VIEW
        if view == GOLD_VIEW:
            decisions = review_store.all_decisions(project)
            rows = gold_view(read, {article_id: list(keys) for article_id, keys in decisions.items()})
        else:
            rows = annotator_view(read, view)
        index = ClaimsIndex(rows, view=view, annotators=annotators)
    # The rows as read are the index's now (as plain tuples): what only these lists hold is let go a
    # slice at a time, as a single free of a hundred thousand rows would hold the interpreter lock.
    release_gradually(rows, read)
    return index.prepare()


class ClaimsBoard(QWidget):
    """Claims with their quotes across all articles; activating a quote asks to open it.

    The rows are read on a worker thread (the whole project) and then kept up to date quote by quote;
    a board that is not on screen only notes what changed and catches up when it is shown.
    """

    quoteActivated = Signal(int, int)  # article id, quote id
    #: Up to this many quotes the board opens every group; beyond, claims start closed.
    expand_limit = 300

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._collapsed: set[tuple[str, ...]] = set()  # groups the user closed
        self._opened: set[tuple[str, ...]] = set()  # claims the user opened on a board too big to open all
        self._pending: set[int] = set()  # quotes edited since the board was last brought up to date
        self._pending_articles: set[int] = set()  # and their articles (a review board redoes their lines)
        self._view: str | None = None  # the view asked for (None: the project's own)
        self._reload_needed = True
        self._loading = False
        self._loaded = False
        self.updater = RefreshWhenShown(self, self.refresh)  # behind another tab it waits for its tab
        self.jobs = ProjectJobs(self)
        self.jobs.finished.connect(self._on_loaded)
        self.jobs.failed.connect(self._on_load_failed)
        self.model = ClaimsModel(self)

        self.filter_edit = QLineEdit(placeholderText="Filter claims…")
        # The full list of what the filter matches would be cut off in a narrow dock; it goes in the tooltip.
        self.filter_edit.setToolTip("Filter by claim, speaker, stance, outlet or words of the quote")
        self.filter_edit.setClearButtonEnabled(True)
        icons.assign(
            self.filter_edit.addAction(QIcon(), QLineEdit.ActionPosition.LeadingPosition), "mdi6.magnify"
        )
        self._filter_timer = QTimer(self, singleShot=True, interval=_DEBOUNCE_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter_edit.textChanged.connect(lambda _text: self._filter_timer.start())
        self.view_combo = QComboBox()
        self.view_combo.setToolTip("Gold: the reviewed quotes, and one line per undecided group naming whose "
                                   "versions it holds\nAn annotator: that annotator's quotes as they marked them")
        # A long annotator's name must not widen a side dock: the list that drops down shows it whole.
        self.view_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.view_combo.setMinimumContentsLength(6)
        self.view_combo.hide()  # only a review project has views to choose from
        self.view_combo.activated.connect(self._on_view_chosen)
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
        # The annotator column holds a short name: a fixed width, not one measured over rows at every reset
        # (that measuring was a third of a filter keystroke on a board of a hundred thousand quotes).
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 300)
        header.resizeSection(2, self.fontMetrics().horizontalAdvance("annotator name") + 16)
        # A wrapped row's height is measured once; a dock made narrower or wider must measure it again, or a
        # claim that now needs a second line is cut with "…" (and one that no longer does keeps a blank line).
        # Once the user stops dragging: measuring a fully expanded board of 30,000 quotes takes half a second.
        self._rewrap = QTimer(self, singleShot=True, interval=150)
        self._rewrap.timeout.connect(self.view.doItemsLayout)
        header.sectionResized.connect(
            lambda column, _old, _new: column == 0 and self.view.wordWrap() and self._rewrap.start())
        self.view.activated.connect(self._on_activated)
        self.view.expanded.connect(self._on_expanded)
        self.view.collapsed.connect(self._on_collapsed)

        self.empty_hint = QLabel(_EMPTY_HINT, alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.empty_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_hint.hide()

        top = QHBoxLayout()
        top.addWidget(self.view_combo)
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
        self.summary.setText(_LOADING)
        if session.project.path is None:
            self.refresh()  # in memory: small, and there is no second connection to read it on
        else:
            self.updater.stale = True

    def _tool_button(self, icon: str, tip: str, slot) -> QToolButton:
        button = QToolButton(toolTip=tip, autoRaise=True)
        icons.assign(button, icon)
        button.clicked.connect(slot)
        return button

    # -- public ----------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Bring the board up to date: the edited quotes row by row, or everything reread in the background."""
        self.updater.stale = False
        if self._reload_needed:
            self._reload_needed = False
            self._pending.clear()  # the new reading has them; any edited meanwhile are noted again
            self._pending_articles.clear()
            self._loading = True
            view = self._view
            self.jobs.submit(self._session.project, lambda project: read_claims(project, view))
        elif (self._pending or self._pending_articles) and not self._loading:
            ids, self._pending = self._pending, set()
            articles, self._pending_articles = self._pending_articles, set()
            stances = labels.scheme(self._session.project).stances
            if self.model.set_stances(stances):  # the scheme changed since: colours and order follow
                self._after_reset()
            ids, rows = self._current_rows(ids, articles)
            if self.model.update_rows(ids, rows):
                self._apply_expansion()
                self._update_summary()

    def _current_rows(self, ids: set[int], articles: set[int]) -> tuple[set[int], list]:
        """The rows now in the view of some edited quotes (in some articles), and every id they replace."""
        project, index = self._session.project, self.model.claims_index
        if index.view != GOLD_VIEW:
            rows = overview.claim_rows_by_id(project, ids)
            return ids, annotator_view(rows, index.view) if index.view else rows
        # A decision or an edit regroups its article: that article's lines are worked out again.
        articles = articles | {row.article_id for row in map(index.get, ids) if row is not None}
        decisions = {article_id: list(review_store.decisions(project, article_id)) for article_id in articles}
        rows = gold_view(overview.claim_rows_of_articles(project, articles), decisions)
        return ids | index.ids_of_articles(articles) | {row.id for row in rows}, rows

    def mark_stale(self, quote_ids: set[int] | None = None, articles: set[int] | None = None) -> None:
        """Note that some quotes (or, with none named, the whole board) changed; refreshed now if on screen."""
        if quote_ids is None:
            self._reload_needed = True
        else:
            self._pending |= quote_ids
            self._pending_articles |= articles or set()
            if len(self._pending) > _RELOAD_AFTER or len(self._pending_articles) > _RELOAD_AFTER // 20:
                self._reload_needed = True
        self.updater.request()

    def current_view(self) -> str:
        """What the board shows: "" every quote, "gold" gold and undecided groups, else one annotator's."""
        return self.model.claims_index.view

    def set_view(self, view: str | None) -> None:
        """Show gold (``"gold"``), one annotator's quotes, or (None) the project's own view; read anew."""
        if view != self._view:
            self._view = view
            self.summary.setText(_LOADING)
            self.mark_stale()

    def wait_loaded(self, msecs: int = 30_000) -> bool:
        """Block until a background reading is in and shown (for tests and benchmarks)."""
        from PySide6.QtCore import QCoreApplication

        self.jobs.wait(msecs)
        QCoreApplication.processEvents()
        return not self._loading

    def set_filter(self, text: str) -> None:
        """Filter the board as if typed into its filter box, without waiting for the typing to pause."""
        self.filter_edit.setText(text)
        self._apply_filter()

    def select_quote(self, quote_id: int) -> bool:
        """Select and show a quote on the board; False if it is not shown (a board never read is read first)."""
        self.updater.catch_up()
        if self._loading and not self._loaded:
            self.wait_loaded()
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
        super().showEvent(event)
        self.updater.widget_shown()

    def _on_session_changed(self, change: Change) -> None:
        if change.quotes or (change.articles and self.current_view() == GOLD_VIEW):
            # A decision that rejects a group with no gold changes only its article: its lines go.
            self.mark_stale(set(change.quotes), set(change.articles))
        elif change.speakers or change.claims:
            self.mark_stale()  # a speaker or claim renamed or merged: many rows at once

    def _on_project_replaced(self) -> None:
        self._view = None
        self._collapsed.clear()
        self._opened.clear()
        self.jobs.cancel()
        self._loading = False
        self.mark_stale()

    def _on_loaded(self, _request: int, index: ClaimsIndex) -> None:
        self._loading = False
        self._loaded = True
        current = self.view.currentIndex().data(QuoteIdRole)
        old = self.model.claims_index
        self.model.set_index(index, labels.scheme(self._session.project).stances)
        self._show_views(index)
        if len(old):
            self.jobs.dispose(old.dispose)  # freed on the worker, a slice at a time, not here at once
        self._after_reset()
        if self._pending:
            self.refresh()  # quotes edited while the reading ran
        if current is not None:
            self.select_quote(current)

    def _show_views(self, index: ClaimsIndex) -> None:
        """Offer gold and each annotator in a review project; nothing to choose elsewhere."""
        self.view_combo.clear()
        self.view_combo.setVisible(bool(index.view))
        if index.view:
            self.view_combo.addItem("Gold", GOLD_VIEW)
            for name in index.annotators:
                self.view_combo.addItem(name, name)
            self.view_combo.setCurrentIndex(max(0, self.view_combo.findData(index.view)))

    def _on_view_chosen(self, row: int) -> None:
        self.set_view(self.view_combo.itemData(row))

    def _on_load_failed(self, _request: int, message: str) -> None:
        self._loading = False
        self._reload_needed = True  # try again the next time the board is shown
        self.summary.setText(f"Could not read the claims: {message}")

    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        self.model.set_filter(self.filter_edit.text())
        if self._loaded:
            self._after_reset()

    def _on_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.data(KindRole) == QUOTE:
            self.quoteActivated.emit(int(index.data(ArticleIdRole)), int(index.data(QuoteIdRole)))
        else:
            self.view.setExpanded(
                index.siblingAtColumn(0), not self.view.isExpanded(index.siblingAtColumn(0))
            )

    def _on_expanded(self, index: QModelIndex) -> None:
        key = index.data(KeyRole)
        self._collapsed.discard(key)
        if index.data(KindRole) == CLAIM and self._large():
            self._opened.add(key)
            self._expand_below(index)  # what is inside an opened claim opens with it

    def _on_collapsed(self, index: QModelIndex) -> None:
        key = index.data(KeyRole)
        self._collapsed.add(key)
        self._opened.discard(key)

    def _on_expand_all(self) -> None:
        self._collapsed.clear()
        if self.model.quote_count() <= _EXPAND_ALL_LIMIT:
            self._opened = {self.model.index(row, 0).data(KeyRole) for row in range(self.model.rowCount())}
            self._apply_expansion()
        else:
            self.view.expandToDepth(0)

    def _on_collapse_all(self) -> None:
        self.view.collapseAll()
        self._opened.clear()
        self._collapsed = {self.model.index(row, 0).data(KeyRole) for row in range(self.model.rowCount())}

    def _large(self) -> bool:
        return self.model.quote_count() > self.expand_limit

    def _after_reset(self) -> None:
        self._apply_expansion()
        self._update_summary()

    def _update_summary(self) -> None:
        claims, quotes = self.model.claim_count(), self.model.quote_count()
        undecided = self.model.undecided_count()
        self.summary.setText(f"{plural(claims, 'claim')} · {plural(quotes, 'quote')}"
                             + (f" · {undecided:,} not reviewed yet" if undecided else ""))
        empty = claims == 0 and not self.filter_edit.text()
        self.view.setVisible(not empty)
        self.summary.setVisible(not empty)
        self.empty_hint.setVisible(empty)

    def _apply_expansion(self) -> None:
        # A small board opens every group; a big one shows its claims, opening those the user opened.
        # Groups the user closed stay closed across refreshes either way.
        self.view.blockSignals(True)
        if self._large():
            # After a reset every claim is closed: only those the user opened are visited.
            for key in list(self._opened):
                claim = self.model.index_of_key(key)
                if claim.isValid():
                    self._expand_below(claim)
        else:
            for row in range(self.model.rowCount()):
                claim = self.model.index(row, 0)
                if claim.data(KeyRole) not in self._collapsed:
                    self._expand_below(claim)
                elif self.view.isExpanded(claim):
                    self.view.collapse(claim)
        self.view.blockSignals(False)

    def _expand_below(self, index: QModelIndex) -> None:
        """Open a group and, inside it, every group the user has not closed."""
        blocked = self.view.blockSignals(True)
        self.view.expand(index)
        for row in range(self.model.rowCount(index)):
            child = self.model.index(row, 0, index)
            if child.data(KindRole) == QUOTE:
                break
            if child.data(KeyRole) in self._collapsed:
                self.view.collapse(child)
            else:
                self._expand_below(child)
        self.view.blockSignals(blocked)
