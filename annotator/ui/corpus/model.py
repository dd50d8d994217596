"""The corpus list's model: every article of the project as a table row, read a page at a time.

Rows come from SQL as the list scrolls; sorting uses keys read once on a worker thread and kept current
as articles change; the search runs in SQL on a worker thread. In review mode the count and status
columns show what is left to settle and each article's review state instead of the annotator's.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor

from annotator.services.progress import assignment_order
from annotator.store import articles as article_store
from annotator.store import corpus as corpus_store
from annotator.store import overview
from annotator.store.articles import ArticleSummary
from annotator.ui.review.progress import REVIEW_COLOUR, REVIEW_TEXT, review_overview
from annotator.ui.shared.workers import ProjectJobs, is_open
from annotator.ui.workspace.panes import ARTICLE_MIME

# The model role holding the line under a title: outlet and date.
BYLINE_ROLE = Qt.UserRole + 1

STATUS_TEXT = {"new": "new", "in_progress": "in progress", "done": "done"}
STATUS_RANK = {"new": 0, "in_progress": 1, "done": 2}
STATUS_COLOUR = {"new": "#8a8f98", "in_progress": "#c98a12", "done": "#2e9d5b"}
REVIEW_RANK = {"to_review": 0, "in_review": 1, "done": 2}
# A lead's own quotes in an article are none until gold is written: the count column shows what is
# left to settle instead, every annotator's version counted (read with the review states, no query per row).
OPEN_HEADER, OPEN_TIP = "Open", "Annotators' quotes not decided into gold yet (each version counts; 0 once reviewed)"


def _read_sort_keys(project, annotator: str) -> tuple:
    """Sort keys, quote counts and recorded statuses of every article (run on a worker thread)."""
    return (
        corpus_store.article_sort_keys(project),
        corpus_store.quote_counts(project, annotator),
        corpus_store.recorded_statuses(project, annotator),
    )


class CorpusModel(QAbstractTableModel):
    """Article summaries of one annotator as a table: title, outlet, date, quotes, status.

    The list holds the order of every article id; rows are read a page at a time as the list is
    scrolled (``fetchMore``) and re-read one by one when an article changes. Sorting works on keys read
    once for every article and kept up to date from the rows re-read; the search runs in SQL.
    """

    HEADERS = ("Title", "Outlet", "Date", "#", "Status")
    PAGE = 200
    reviewChanged = Signal()  # the review states were read or changed (the status bar counts them)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._order: list[int] = []  # every article, in the current sort
        self._ids: list[int] = []  # the listed ones (the search applied), in order
        self.rows: list[ArticleSummary] = []  # the rows read so far: the first len(rows) of _ids
        self._row_of: dict[int, int] = {}
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.AscendingOrder)
        self._hits: set[int] | None = None
        self._asked = ""  # the search last asked for
        self.listed_search = ""  # the search whose hits are listed (the worker answers later)
        self._keys: dict[int, tuple[str, str, str]] | None = None  # title, outlet, date; read on first sort
        self._counts: dict[int, int] | None = None  # quotes per article, with _statuses; read on first sort
        self._statuses: dict[int, str] = {}
        self._rank: dict[int, int] = {}
        self._reader = ProjectJobs(self, self._install_sort_keys)
        self._searcher = ProjectJobs(self, self._show_hits)
        self._edited_meanwhile: set[int] | None = None  # articles changed while the keys are being read
        # In review mode the status column shows each article's review state (None: annotating).
        self._review: dict[int, str] | None = None
        self._open: dict[int, int] | None = None  # open versions per article, once the review states are read
        self._review_reader = ProjectJobs(self, self._install_review)
        self._reviewed_meanwhile: set[int] = set()
        # The states and open versions of the rows read so far, read at once while the worker reads them all.
        self._early: tuple[dict[int, str], dict[int, int]] = ({}, {})

    def reload(self) -> None:
        """Read the list again (after an import, a merge or a project switch)."""
        self._reader.cancel()
        self._keys = self._counts = self._edited_meanwhile = None
        self._rank = assignment_order(self.session.project)  # an assigned project lists in assignment order
        self._order = self._sorted(corpus_store.article_ids(self.session.project))
        self._relist()
        if self._review is not None:  # a merge or another project: its review states are read afresh
            self.set_review(False)
            self.set_review(True)
        # The keys of every article are read off the GUI thread once the window has settled, so the
        # first click on a header sorts at once.
        QTimer.singleShot(2000, self, self.preload_sort_keys)

    def preload_sort_keys(self) -> None:
        """Read every article's sort keys and quote count on a worker thread (unless already read)."""
        stale = self._keys is None or self._counts is None
        if stale and not self._reader.busy() and is_open(self.session.project):
            self._edited_meanwhile = set()
            self._reader.submit(self.session.project, partial(_read_sort_keys, annotator=self.session.annotator))

    def _install_sort_keys(self, keys_counts_statuses: tuple) -> None:
        edited, self._edited_meanwhile = self._edited_meanwhile or set(), None
        self._keys, self._counts, self._statuses = keys_counts_statuses
        if edited:  # read before these edits: bring them up to date
            self.refresh_articles(edited)

    def set_review(self, on: bool) -> None:
        """Show each article's review state (to review, in review, reviewed) in place of the annotator's."""
        if on == (self._review is not None):
            return
        self._review_reader.cancel()
        self._review, self._open = ({} if on else None), None
        self._early = ({}, {})
        if on and is_open(self.session.project):
            self._reviewed_meanwhile = set()
            # Every article's state takes the worker a second at 10,000 articles; the rows read so far (the
            # first page, what the list shows) take a few milliseconds here, so they never show "…".
            self._read_early({summary.id for summary in self.rows})
            self._review_reader.submit(self.session.project,
                                       lambda project: review_overview(overview.review_marks(project)))
        self._status_changed()

    def _install_review(self, states_open: tuple[dict[int, str], dict[int, int]]) -> None:
        if self._review is None:
            return
        self._review, self._open = states_open
        self._early = ({}, {})
        edited, self._reviewed_meanwhile = self._reviewed_meanwhile, set()
        if edited:  # decided while the states were being read
            self._reread_review(edited)
        self._status_changed()

    def _read_early(self, article_ids: set[int]) -> None:
        if article_ids and len(article_ids) <= self.PAGE:
            states, opened = review_overview(overview.review_marks(self.session.project, article_ids))
            self._early[0].update(states)
            self._early[1].update(opened)

    def _reread_review(self, article_ids: set[int]) -> None:
        states, opened = review_overview(overview.review_marks(self.session.project, article_ids))
        self._review.update(states)
        if self._open is not None:
            self._open.update(opened)

    def _status_changed(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, 3), self.index(len(self.rows) - 1, 4))
        self.headerDataChanged.emit(Qt.Horizontal, 3, 4)
        self.reviewChanged.emit()

    def review_counts(self) -> tuple[int, int, int] | None:
        """Articles reviewed, in review and to review (None: not in review mode, or not read yet)."""
        if not self._review:
            return None
        states = list(self._review.values())
        return states.count("done"), states.count("in_review"), states.count("to_review")

    def set_search(self, needle: str) -> None:
        """List only articles whose title, outlet or text contains ``needle`` (all when empty).

        The text search reads every article, so it runs on a worker thread; the list changes when it answers.
        """
        needle = needle.strip()
        self._asked = needle
        if not needle:
            self._searcher.cancel()
            self._show_hits(None)
            return
        self._searcher.submit(self.session.project, partial(corpus_store.search_articles, needle=needle))

    def _show_hits(self, hits: set[int] | None) -> None:
        self._hits = hits
        self.listed_search = self._asked  # stale answers never arrive: these are the last search's hits
        self._relist()

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        """Order the list by a column; -1 is import order."""
        if (column, order) == self._sort:
            return  # a header click sorts through the view and again through the header's indicator
        self._sort = (column, order)
        self._order = self._sorted(self._order)
        self._relist()

    def _sorted(self, ids: list[int]) -> list[int]:
        column, order = self._sort
        ids = sorted(ids, key=lambda i: (self._rank.get(i, len(self._rank)), i))  # ties stay in assignment order
        if column in (0, 1, 2):
            if self._keys is None:
                self._keys = corpus_store.article_sort_keys(self.session.project)
            keys = self._keys
            ids.sort(key=lambda i: keys.get(i, ("", "", ""))[column], reverse=order == Qt.DescendingOrder)
        elif column in (3, 4) and self._review is not None:  # review mode: what is left, then review state
            opened, states = self._open or {}, self._review
            key = (lambda i: opened.get(i, 0)) if column == 3 else (lambda i: REVIEW_RANK.get(states.get(i), 0))
            ids.sort(key=key, reverse=order == Qt.DescendingOrder)
        elif column in (3, 4):
            if self._counts is None:
                project, annotator = self.session.project, self.session.annotator
                self._counts = corpus_store.quote_counts(project, annotator)
                self._statuses = corpus_store.recorded_statuses(project, annotator)
            key = self._count_of if column == 3 else self._status_rank
            ids.sort(key=key, reverse=order == Qt.DescendingOrder)
        elif order == Qt.DescendingOrder:
            ids.reverse()
        return ids

    def _count_of(self, article_id: int) -> int:
        return self._counts.get(article_id, 0)

    def _status_rank(self, article_id: int) -> int:
        status = self._statuses.get(article_id) or ("in_progress" if self._counts.get(article_id) else "new")
        return STATUS_RANK.get(status, 0)

    def _relist(self) -> None:
        self.beginResetModel()
        hits = self._hits
        self._ids = self._order if hits is None else [i for i in self._order if i in hits]
        self.rows, self._row_of = [], {}
        self._read_more(self.PAGE)
        self.endResetModel()

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
        """Re-read only the rows of changed articles (each row reports its own change); keep sort keys current.

        A row stays where it is until the next sort, so the list does not jump under the annotator.
        """
        if not article_ids:
            return
        if self._review is not None:
            if self._review_reader.busy():
                self._reviewed_meanwhile |= article_ids
                self._read_early(article_ids & self._early[0].keys())
            if self._review:
                self._reread_review(article_ids)
        if self._edited_meanwhile is not None:
            self._edited_meanwhile |= article_ids
        if len(article_ids) > self.PAGE:
            # A change over much of the corpus (a merge, a bulk accept): read the keys afresh when next sorting.
            self._keys = self._counts = None
            article_ids = {i for i in article_ids if i in self._row_of}
        for summary in corpus_store.summaries_for(self.session.project, self.session.annotator, list(article_ids)):
            if self._keys is not None:
                self._keys[summary.id] = ((summary.title or summary.source).casefold(), summary.outlet.casefold(),
                                          summary.published)
            if self._counts is not None:
                self._counts[summary.id] = summary.quotes
                self._statuses[summary.id] = summary.status
            row = self._row_of.get(summary.id)
            if row is not None and self.rows[row] != summary:
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
        review = self._review is not None and section == 3
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(self.HEADERS):
            return OPEN_HEADER if review else self.HEADERS[section]
        if orientation == Qt.Horizontal and role == Qt.ToolTipRole and section == 3:
            return OPEN_TIP if review else "Your quotes in the article"
        if orientation == Qt.Horizontal and role == Qt.ToolTipRole and section == 4 and self._review is not None:
            return "Review: reviewed when every group is decided (or marked done), in review once one is"
        return None

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        summary = self.rows[index.row()]
        column = index.column()
        reading = self._open is None  # the worker is still reading every article's review state
        if self._review is not None and column == 3 and role == Qt.DisplayRole:
            return self._early[1].get(summary.id, "…") if reading else self._open.get(summary.id, 0)
        states = self._early[0] if reading else self._review
        review = states.get(summary.id) if self._review is not None and column == 4 else None
        if self._review is not None and column == 4 and review is None and role == Qt.DisplayRole:
            return "…"  # not the annotator's "new" while the review states are read
        if review is not None:
            if role == Qt.DisplayRole:
                return REVIEW_TEXT[review]
            if role == Qt.ForegroundRole:
                return QColor(REVIEW_COLOUR[review])
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
