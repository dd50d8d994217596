"""File → Merge: bring annotators' project files into the open (review) project and show what came in.

The merge runs on a worker thread with its own connection to the review file, with a progress bar and
a Cancel button; a cancelled merge raises ``Cancelled`` inside the service and leaves the project as
it was. The window reloads what changed once the merge is in.
"""

from __future__ import annotations

import inspect
import threading
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QThread, Signal
from PySide6.QtGui import QCloseEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.collector import collector_paused
from annotator.core.text import plural
from annotator.services import merging
from annotator.services.commands import Change
from annotator.services.errors import Cancelled
from annotator.services.merging import MergeReport
from annotator.store.project import PROJECT_SUFFIX, Project
from annotator.ui.session import Session
from annotator.ui.shared import file_dialogs
from annotator.ui.shared.collecting import Hold, hold
from annotator.ui.shared.empty_hint import EmptyHint

_FILTER = f"Annotator projects (*{PROJECT_SUFFIX});;All files (*)"
_INTRO = ("Choose annotators' project files. Articles are matched by text, speakers by name and alias, and each "
          "annotator's quotes stay under their name. Merging the same files again changes nothing; a newer file "
          "of an annotator updates that annotator's quotes.")


_EMPTY = "No files yet: Add files… picks the project files (*.annotator.db) the annotators sent you."

_PROGRESS_EVERY = 0.05  # seconds between progress updates sent to the window


def _merge(review: Project, paths: list[Path], progress) -> MergeReport:
    """The service's merge (assignments included), with progress and cancel where the service offers them."""
    if "progress" in inspect.signature(merging.merge_projects).parameters:
        return merging.merge_projects(review, paths, progress=progress)
    return merging.merge_projects(review, paths)


class MergeRun(QThread):
    """Merges on a worker thread over its own connection to the review file; cancelled between steps."""

    progressed = Signal(int, int)  # done, total
    succeeded = Signal(object)  # the MergeReport
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, review_path: Path, paths: list[Path], parent=None, read_only: bool = False):
        super().__init__(parent)
        self.review_path, self.paths, self.read_only = review_path, list(paths), read_only
        self._cancel = threading.Event()
        self._last = 0.0
        self._hold: Hold | None = None

    def start(self, *args) -> None:
        """Start the thread; nothing collects on it (see ui.shared.collecting) until its work is done."""
        self._hold = hold()
        super().start(*args)

    def cancel(self) -> None:
        """Ask the merge to stop; it rolls back and ``cancelled`` is emitted."""
        self._cancel.set()

    def _progress(self, done: int, total: int) -> bool:
        if self._cancel.is_set():
            return False
        now = time.monotonic()
        # Called for every few rows: the window hears of it a few times a second, not thousands.
        if now - self._last >= _PROGRESS_EVERY or done >= total:
            self._last = now
            self.progressed.emit(done, total)
        return True

    def run(self) -> None:
        """The thread's work: open, merge, close; the outcome goes out as a signal."""
        try:
            if self._cancel.is_set():
                raise Cancelled("Merge cancelled")
            # As the window has it: a project open read-only is not written behind the window's back, and a
            # file moved away meanwhile is not made anew at its old path.
            opened = Project(self.review_path, read_only=self.read_only, create=False)
            with collector_paused(), opened as review:
                report = _merge(review, self.paths, self._progress)
        except Cancelled:
            self.cancelled.emit()
        except Exception as error:  # a bad file must be reported, not take the window down
            self.failed.emit(str(error) or type(error).__name__)
        else:
            self.succeeded.emit(report)
        finally:
            if self._hold is not None:
                self._hold.release()


class MergeDialog(QDialog):
    """Choose project files, merge them into the session's project, show the summary and speaker conflicts."""

    merged = Signal(object)  # the MergeReport

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Merge annotators' projects")
        self.session = session
        self.report: MergeReport | None = None
        intro = QLabel(_INTRO)
        intro.setWordWrap(True)
        self.files = QListWidget()
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.files_hint = EmptyHint(self.files, _EMPTY)  # a blank white box said nothing
        add = QPushButton("Add files…")
        add.clicked.connect(self._on_add_clicked)
        self.add_button = add
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self._on_remove_clicked)
        side = QVBoxLayout()
        side.addWidget(add)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.files, 1)
        row.addLayout(side)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.conflicts_label = QLabel("Speaker conflicts (names kept apart; settle them in the speakers panel):")
        self.conflicts_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.conflicts = QListWidget()
        self.conflicts.setMaximumHeight(140)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel merge")
        self.cancel_button.setToolTip("Stop the merge; the project stays as it was before it began")
        self.cancel_button.clicked.connect(self.cancel_merge)
        self.cancel_button.hide()
        self._run: MergeRun | None = None
        self._close_when_done = False
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.merge_button = self.buttons.addButton("Merge", QDialogButtonBox.ButtonRole.ApplyRole)
        self.merge_button.clicked.connect(self.start_merge)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row, 1)
        layout.addLayout(progress_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.conflicts_label)
        layout.addWidget(self.conflicts)
        layout.addWidget(self.buttons)
        self.resize(620, 440)
        self._update()

    def paths(self) -> list[Path]:
        """The files chosen, in order."""
        return [Path(self.files.item(k).data(Qt.ItemDataRole.UserRole)) for k in range(self.files.count())]

    def add_paths(self, paths: list[Path | str]) -> None:
        """Add files to merge (each once)."""
        known = set(self.paths())
        for path in map(Path, paths):
            if path not in known:
                known.add(path)
                self.files.addItem(path.name)
                item = self.files.item(self.files.count() - 1)
                item.setData(Qt.ItemDataRole.UserRole, str(path))
                item.setToolTip(str(path))
        self._update()

    def running(self) -> bool:
        """Whether a merge is under way."""
        return self._run is not None

    def start_merge(self) -> bool:
        """Merge the chosen files in the background (at once for a project in memory); False if none."""
        paths = self.paths()
        if not paths or self.running():
            return False
        self.report = None
        self.summary.setStyleSheet("")
        review_path = self.session.project.path
        if review_path is None:  # an in-memory project has one connection: merge here
            try:
                self._on_succeeded(merging.merge_projects(self.session.project, paths))
            except Exception as error:
                self._on_failed(str(error))
            self._update()
            return True
        self._run = MergeRun(review_path, paths, self, read_only=not self.session.writable)
        self._run.progressed.connect(self._on_progressed)
        self._run.succeeded.connect(self._on_succeeded)
        self._run.failed.connect(self._on_failed)
        self._run.cancelled.connect(self._on_cancelled)
        self._run.finished.connect(self._on_finished)
        self.progress.setRange(0, 0)  # busy until the first step is counted
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.summary.setText(f"Merging {plural(len(paths), 'file')}…")
        self._update()
        self.session.hold_watch(True)  # the merge's commits are this window's, not another program's
        self._run.start()
        return True

    def run_merge(self) -> MergeReport | None:
        """Merge the chosen files and wait for the outcome (the window stays live); None if it failed."""
        if not self.start_merge():
            return None
        while self._run is not None:  # until the thread's end has been handled here
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        return self.report

    def cancel_merge(self) -> None:
        """Stop a running merge; the project is left exactly as it was."""
        if self._run is not None:
            self._run.cancel()
            self.cancel_button.setEnabled(False)
            self.summary.setText("Cancelling…")

    def reject(self) -> None:
        """Close; a running merge is cancelled first and the dialog closes once it has stopped."""
        if self.running():
            self._close_when_done = True
            self.cancel_merge()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window while merging cancels the merge (and closes once it stopped)."""
        if self.running():
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    def _on_progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _on_succeeded(self, report: MergeReport) -> None:
        self.report = report
        self.summary.setText(report.summary() + ".")
        self.conflicts.clear()
        self.conflicts.addItems(report.conflicts)
        # Merging is not undoable, and commands on the stack hold rows a merge may have replaced.
        self.session.undo_stack.clear()
        self.session.changed.emit(Change(speakers=True, claims=True))
        self.merged.emit(report)

    def _on_failed(self, message: str) -> None:
        self.summary.setText(f"Merge failed: {message}")
        self.summary.setStyleSheet("color: #c0392b;")

    def _on_cancelled(self) -> None:
        self.summary.setText("Merge cancelled; the project is as it was before.")

    def _on_finished(self) -> None:
        self.session.hold_watch(False)
        run, self._run = self._run, None
        if run is not None:
            run.deleteLater()
        self.progress.hide()
        self.cancel_button.hide()
        self._update()
        if self._close_when_done:
            self._close_when_done = False
            super().reject()

    def _on_add_clicked(self) -> None:
        here = self.session.project.path
        folder = str(here.parent if here is not None else Path.home())  # annotators' files sit beside it
        names = file_dialogs.open_file_names(self, "Projects to merge", folder, _FILTER)
        self.add_paths(names)

    def _on_remove_clicked(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self._update()

    def _update(self) -> None:
        idle = not self.running()
        self.merge_button.setEnabled(idle and self.files.count() > 0)
        self.remove_button.setEnabled(idle and self.files.count() > 0)
        self.add_button.setEnabled(idle)
        has_conflicts = self.conflicts.count() > 0
        self.conflicts_label.setVisible(has_conflicts)
        self.conflicts.setVisible(has_conflicts)
