"""The agreement panel: pairwise table, pair heatmap, alpha per field, per-article bars, annotator progress."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import GOLD
from annotator.core.text import plural
from annotator.services.agreeing import project_agreement
from annotator.store import articles as article_store
from annotator.store import overview
from annotator.store.project import Project
from annotator.ui.review.charts import BarChart, HeatmapChart, scale_colour
from annotator.ui.session import Session
from annotator.ui.shared.dock_refresh import RefreshWhenShown, on_screen
from annotator.ui.shared.workers import ProjectJobs

KAPPA_FIELDS = ("kind", "speaker", "stance", "claim")
MAX_ARTICLE_BARS = 40  # the weakest articles; the rest is in `annotator agreement`
_WIDE = 900  # from this width the sections sit in two columns


def compute_figures(project: Project) -> dict:
    """Everything the panel shows, read and computed from the project (run on a worker thread).

    Only what is drawn comes back: the weakest articles, not one row per article, so replacing an old
    answer on the window's thread frees a few hundred objects, not tens of thousands.
    """
    report = project_agreement(project)
    rows = [(a["title"], a.get("span_f1_overlap")) for a in report.pop("articles")]
    rows.sort(key=lambda r: (r[1] is None, -1.0 if r[1] is None else r[1]))
    return {
        "report": report,
        "weakest": rows[:MAX_ARTICLE_BARS],
        "article_rows": len(rows),
        "activity": overview.annotator_activity(project),
        "articles": article_store.article_count(project),
    }


def fmt(value: float | None) -> str:
    """A figure as shown in the panel: two decimals, an en dash for none."""
    return "–" if value is None else f"{value:.2f}"


class PairsModel(QAbstractTableModel):
    """One row per annotator pair: span F1 exact and overlap, Cohen's kappa per field."""

    HEADERS = ("Pair", "F1 exact", "F1 overlap", *(f"κ {name}" for name in KAPPA_FIELDS))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.pairs: list[dict] = []

    def set_pairs(self, pairs: list[dict]) -> None:
        """Replace the rows with the report's "pairs"."""
        self.beginResetModel()
        self.pairs = list(pairs)
        self.endResetModel()

    def value(self, row: int, column: int) -> float | None:
        """The number in a figure column."""
        pair = self.pairs[row]
        if column == 1:
            return pair.get("span_f1_exact")
        if column == 2:
            return pair.get("span_f1_overlap")
        return pair.get("kappa", {}).get(KAPPA_FIELDS[column - 3])

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.pairs)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section >= 3:
            return f"Cohen's kappa on {KAPPA_FIELDS[section - 3]}, over the quotes both annotators marked"
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.pairs):
            return None
        row, column = index.row(), index.column()
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{self.pairs[row]['a']} / {self.pairs[row]['b']}"
            return None
        value = self.value(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return fmt(value)
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and value is not None:
            return scale_colour(max(0.0, value))
        return None


def _section(title: str, widget: QWidget, note: QLabel | None = None) -> QFrame:
    frame = QFrame()
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    heading = QLabel(title)
    font = heading.font()
    font.setBold(True)
    heading.setFont(font)
    layout.addWidget(heading)
    if note is not None:
        layout.addWidget(note)
    layout.addWidget(widget)
    layout.addStretch(1)
    return frame


def _note() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class AgreementPanel(QWidget):
    """Shows how far annotators agree; recomputed by :meth:`refresh` (and after changes, when shown).

    The figures are computed on a worker thread over its own read-only connection, only while the
    panel is on screen; meanwhile the summary says so and the previous figures stay.
    """

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.report: dict = {}
        self.progress_rows: list[tuple[str, int, int]] = []  # annotator, articles with quotes, quotes
        self.updater = RefreshWhenShown(self, self.refresh)  # only a panel someone can see is computed
        self.updater.stale = True
        self.computing = False
        self._timer = QTimer(self, singleShot=True, interval=600)
        self._timer.timeout.connect(self._on_timer)
        self.jobs = ProjectJobs(self)
        self.jobs.finished.connect(self._on_computed)
        self.jobs.failed.connect(self._on_failed)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        refresh = QPushButton("Refresh")
        refresh.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(refresh)

        self.pairs = PairsModel(self)
        self.table = QTableView()
        self.table.setModel(self.pairs)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The pair's names are what the row is about: never elided; the figures scroll when the dock is narrow.
        # No column stretches: a stretched last column put its right-aligned "–" far from its header, out
        # of sight in a dock, so "κ claim" looked blank where every other column showed "–".
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalScrollBar().rangeChanged.connect(lambda _lo, _hi: self._fit_table_height())
        self.heatmap = HeatmapChart()
        self.alpha = BarChart()
        self.articles = BarChart()
        self.progress = BarChart()
        self.alpha_note, self.articles_note, self.progress_note = _note(), _note(), _note()
        self.alpha_note.setText("Nominal; topics as sets (MASI). Each group marked by two or more is a unit.")
        self.sections = [
            _section("Pairwise agreement", self.table),
            _section("Span F1 (overlap) between annotators", self.heatmap),
            _section("Krippendorff's alpha per field", self.alpha, self.alpha_note),
            _section("Annotator progress", self.progress, self.progress_note),
            _section("Span F1 (overlap) per article", self.articles, self.articles_note),
        ]
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(18)
        self._columns = 0
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(12, 10, 12, 12)
        inner.addLayout(top)
        inner.addLayout(self.grid)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._reflow(1)
        session.changed.connect(self.mark_stale)
        session.projectReplaced.connect(self.mark_stale)

    def refresh(self) -> None:
        """Recompute every figure from the project, in the background; they show when computed."""
        self.updater.stale = False
        self._timer.stop()
        self.computing = True
        self.summary.setText("Computing agreement…")
        self.jobs.submit(self.session.project, compute_figures)

    def mark_stale(self, *_args) -> None:
        """Note that the figures are out of date; recomputed shortly if on screen, else when shown."""
        self.updater.stale = True
        if on_screen(self):
            self._timer.start()

    def _on_failed(self, _request: int, message: str) -> None:
        self.computing = False
        self.summary.setText(f"Agreement could not be computed: {message}")

    def _on_computed(self, _request: int, figures: dict) -> None:
        self.computing = False
        self.report = figures["report"]
        names = self.report.get("annotators", [])
        pairs = self.report.get("pairs", [])
        self.pairs.set_pairs(pairs)
        self._fit_table()
        matrix: list[list[float | None]] = [[None] * len(names) for _ in names]
        where = {name: k for k, name in enumerate(names)}
        for pair in pairs:
            i, j = where[pair["a"]], where[pair["b"]]
            matrix[i][j] = matrix[j][i] = pair.get("span_f1_overlap")
        self.heatmap.set_data(names if len(names) > 1 else [], matrix, caption="F1")
        alpha, units = self.report.get("alpha", {}), self.report.get("units", {})
        low = -1.0 if any(v is not None and v < 0 for v in alpha.values()) else 0.0
        self.alpha.set_data([(name, value, f"{fmt(value)}  (n = {units.get(name, 0)})")
                             for name, value in alpha.items()], minimum=low)
        self._fill_articles(figures["weakest"], figures["article_rows"])
        total = figures["articles"]
        self._fill_progress(names, figures["activity"], total)
        self.summary.setText(f"{plural(len(names), 'annotator')} · {plural(total, 'article')} · "
                             f"{plural(len(pairs), 'pair')}. Gold is left out of agreement.")

    def _fill_articles(self, shown: list[tuple[str, float | None]], total: int) -> None:
        self.articles.set_data(shown)
        more = f" The {len(shown)} weakest of {total} are shown." if total > len(shown) else ""
        self.articles_note.setText("Weakest first: the articles most worth a second look." + more)

    def _fill_progress(self, names: list[str], activity: list[tuple[str, int, int]], total: int) -> None:
        by_name = {name: (articles, quotes) for name, articles, quotes in activity}
        who = sorted(set(names) | set(by_name))
        self.progress_rows = [(name, *by_name.get(name, (0, 0))) for name in who]
        self.progress.set_data([
            (name, done / total if total else 0.0, f"{done}/{plural(total, 'article')} · {plural(quotes, 'quote')}")
            for name, done, quotes in self.progress_rows
        ], coloured=False, axis=False)
        self.progress_note.setText(f"Articles with at least one quote, out of {total}; {GOLD} is the reviewed set.")

    def _fit_table(self) -> None:
        self.table.resizeColumnsToContents()
        self._fit_table_height()

    def _fit_table_height(self) -> None:
        """Every row shown, plus the horizontal scroll bar when the figures do not fit across."""
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(self.pairs.rowCount())) or self.table.verticalHeader().defaultSectionSize()
        bar = self.table.horizontalScrollBar()
        if bar.maximum() > 0:
            height += bar.sizeHint().height()
        self.table.setFixedHeight(height + 2)

    def _reflow(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for section in self.sections:
            self.grid.removeWidget(section)
        if columns == 1:
            for row, section in enumerate(self.sections):
                self.grid.addWidget(section, row, 0)
        else:
            self.grid.addWidget(self.sections[0], 0, 0, 1, 2)
            for k, section in enumerate(self.sections[1:]):
                self.grid.addWidget(section, 1 + k // 2, k % 2)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1 if columns == 2 else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Two columns of charts when there is room, one otherwise."""
        super().resizeEvent(event)
        self._reflow(2 if event.size().width() >= _WIDE else 1)

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with changes made while hidden."""
        super().showEvent(event)
        self.updater.widget_shown()

    def _on_timer(self) -> None:
        if self.updater.stale:
            self.updater.request()

