"""An assigned project in the window: the status-bar note, the key to the next article not done, Add batch,
and the lead's progress chart in review mode."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QVBoxLayout, QWidget

from annotator.core.text import plural
from annotator.services import progress
from annotator.store.project import PROJECT_SUFFIX
from annotator.ui.review.charts import BarChart
from annotator.ui.shared import file_dialogs

_BATCH_FILTER = f"Annotator batches (*{PROJECT_SUFFIX});;All files (*)"


class ProgressPanel(QWidget):
    """Per annotator, the share of their assigned articles done, and how many shared articles are ready."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.chart = BarChart()
        self.chart.empty_text = "No assignments: hand articles out with annotator assign, then merge here"
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.ready = QLabel()
        self.ready.setWordWrap(True)  # a narrow dock wraps the line instead of widening the window
        self.ready.setToolTip("Shared articles that every annotator they were given to has marked done")
        layout = QVBoxLayout(self)
        layout.addWidget(self.chart)
        layout.addWidget(self.details)
        layout.addWidget(self.ready)
        layout.addStretch(1)

    def _on_session_changed(self, change) -> None:
        # Quote edits, the frequent change, never mark an article done: they need no recount.
        if change.everything or not change.quotes:
            self.refresh()

    def refresh(self) -> None:
        """Read the progress again."""
        report = progress.project_progress(self.session.project)
        rows = report["annotators"]
        # Short captions: the dock shares its width with the agreement tab and must stay narrow.
        self.chart.set_data([(row["name"], row["done"] / row["assigned"] if row["assigned"] else None,
                              f"{row['done']}/{row['assigned']}") for row in rows], axis=False)
        details = [f"{row['name']}: {plural(row['quotes'], 'quote')}, last active "
                   f"{(row['last_activity'] or '-').replace('T', ' ')[:16]}" for row in rows]
        self.details.setText("\n".join(details))
        self.ready.setText(f"Shared articles ready for review: {report['ready_for_review']}")


class AssignmentStatus(QObject):
    """Wires an assigned project's note, Next-not-done key and File → Add batch into a MainWindow."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.label = QLabel()
        window.statusBar().addPermanentWidget(self.label)
        self.panel = self.dock = self.review_mode = None
        window.actions_.next_not_done.triggered.connect(self.go_to_next_not_done)
        window.actions_.add_batch.triggered.connect(self._on_add_batch)
        window.session.changed.connect(self._on_session_changed)
        window.session.projectReplaced.connect(self.refresh)
        self.refresh()

    def _on_session_changed(self, change) -> None:
        # Quote edits, the frequent change, never mark an article done: they need no recount.
        if change.everything or not change.quotes:
            self.refresh()

    def refresh(self) -> None:
        """Show (or hide) the note for the project and annotator now open."""
        session = self.window.session
        note = progress.assignment_note(session.project, session.annotator)
        self.label.setText(f"  {note}  ")
        self.label.setVisible(bool(note))
        if self.panel is not None and self.dock.isVisible():
            self.panel.refresh()

    def go_to_next_not_done(self) -> None:
        """Open the next article (assignment order) not marked done in the current pane."""
        window, session = self.window, self.window.session
        view = window.current_view()
        current = view.article_id if view is not None and view.article is not None else None
        article_id = progress.next_not_done(session.project, session.annotator, current)
        if article_id is None:
            window.statusBar().showMessage("Every article is done.", 4000)
            return
        window.open_article(article_id, view)

    def _on_add_batch(self) -> None:
        folder = self.window.files._folder()
        name = file_dialogs.open_file_name(self.window, "Add a batch", folder, _BATCH_FILTER)
        if name:
            self.add_batch(Path(name))

    def add_batch(self, path: Path):
        """Add a batch file's articles to the project (their work untouched) and list them in order."""
        from annotator.ui.shared.dialogs import run_import

        window = self.window
        report = run_import(window, window.session, [path], show_summary=False)
        window.corpus.model.reload()
        window._update_status()
        self.refresh()
        if report.rejected:
            QMessageBox.warning(window, "Add a batch", report.rejected[0][1])
        else:
            window.statusBar().showMessage(f"Batch added: {plural(report.articles_added, 'new article')}, "
                                           f"{report.articles_existing} already here", 8000)
        return report

    def attach_review(self, review_mode) -> None:
        """Show the progress chart, tabbed with the agreement, whenever review mode is on in a team project."""
        self.review_mode = review_mode
        review_mode.mode.toggled.connect(self._on_review_mode)
        self._on_review_mode(review_mode.mode.isChecked())

    def _on_review_mode(self, active: bool) -> None:
        active = active and progress.is_team_project(self.window.session.project)
        if active and self.panel is None:
            self.panel = ProgressPanel(self.window.session)
            self.dock = self.window._dock("progressDock", "Progress", self.panel, Qt.BottomDockWidgetArea)
            docks = self.review_mode.docks
            if docks:
                self.window.tabifyDockWidget(docks[-1], self.dock)  # beside the agreement: no width of its own
        if self.dock is not None:
            self.dock.setVisible(active)
            if active:
                self.panel.refresh()
