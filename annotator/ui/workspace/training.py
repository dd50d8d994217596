"""Training the project's topic and stance classifiers in the background, automatically and on demand."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QAction

from annotator.core.collector import collector_paused
from annotator.services import learning
from annotator.services.commands import Change
from annotator.store.project import Project, ProjectError
from annotator.ui.shared.collecting import Hold, hold


@dataclass
class _Job:
    """What to learn: from the project file at ``path`` (read on the worker), or from a plan read already."""

    path: Path | None
    plan: list | None
    skipped: dict[str, str]
    leave_out: set[str]  # kinds not to train (an automatic run keeps the models it has)
    hold: Hold  # taken on the window's thread; the worker gives it back when done (ui.shared.collecting)


def _plan(job: _Job) -> tuple[list, dict[str, str]]:
    if job.plan is not None:
        return job.plan, job.skipped
    # Every quote and article text of the project: read here, on the worker's own read-only connection.
    with collector_paused(), Project(job.path, read_only=True) as project:
        return learning.training_plan(project)


class _Trainer(QObject):
    """Runs on a worker thread: reads the examples and trains on them; never writes to the project."""

    trained = Signal(object)  # list of TrainedModel
    nothing = Signal(str)  # why nothing can be learned yet
    failed = Signal(str)

    @Slot(object)
    def train(self, job: _Job) -> None:
        try:
            self._train(job)
        finally:
            job.hold.release()

    def _train(self, job: _Job) -> None:
        try:
            plan, skipped = _plan(job)
            plan = [item for item in plan if item[0] not in job.leave_out]
            if not plan:
                self.nothing.emit("; ".join(f"{kind} {why}" for kind, why in skipped.items()))
                return
            from annotator.nlp import classifier

            self.trained.emit([classifier.train(kind, examples, labels) for kind, examples, labels in plan])
        except Exception as exc:  # training must never take the window down
            self.failed.emit(str(exc))


class ModelTraining(QObject):
    """Trains once a label has enough quotes (checked a few seconds after edits) and when asked to."""

    _start = Signal(object)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.running = False
        self._manual = False  # whether the running job was asked for (it then says why nothing was learned)
        self._stopped = False
        self._job: _Job | None = None
        self.action = QAction("&Learn topics and stance from this project's quotes", window)
        self.action.triggered.connect(lambda: self.train(manual=True))
        self._thread = QThread(self)
        self._worker = _Trainer()
        self._worker.moveToThread(self._thread)
        self._start.connect(self._worker.train)
        self._worker.trained.connect(self._on_trained)
        self._worker.nothing.connect(self._on_nothing)
        self._worker.failed.connect(self._on_failed)
        # Edits come in bursts; look at the counts once the annotator pauses.
        self._check = QTimer(self, singleShot=True, interval=5000)
        self._check.timeout.connect(lambda: self.train(manual=False))
        window.session.changed.connect(self._on_changed)

    def _on_changed(self, change: Change) -> None:
        if change.quotes:
            self._check.start()

    def train(self, manual: bool) -> None:
        """Start training what is ready; automatic runs only train kinds the project has no model for."""
        if self.running:
            return
        project = self.window.session.project
        leave_out = set() if manual else learning.trained_kinds(project)
        if leave_out >= set(learning.KINDS):
            return  # every kind has its model: an automatic run has nothing to do, and reads nothing
        plan, skipped = None, {}
        if project.path is None:  # in memory: one connection, and small; read here
            plan, skipped = learning.training_plan(project)
        self.running, self._manual = True, manual
        if not self._thread.isRunning():
            self._thread.start()
        if manual:
            whose = "the annotators'" if self._reviewing() else "your"
            self.window.statusBar().showMessage(f"Learning topics and stance from {whose} quotes in the background…",
                                                5000)
        self._job = _Job(project.path, plan, skipped, leave_out, hold())
        self._start.emit(self._job)

    def stop(self) -> None:
        """End the worker thread (the window is closing); a result still queued is ignored."""
        self._stopped = True
        self._check.stop()
        self._thread.quit()
        self._thread.wait(10000)
        if self._job is not None:
            self._job.hold.release()  # a job the thread never took is not waited for

    def _on_trained(self, models: list) -> None:
        self.running = False
        if self._stopped:
            return  # the project may already be closed
        names = ", ".join(f"{m.kind} ({m.examples} quotes)" for m in models)
        try:
            learning.store_models(self.window.session.project, models)
        except ProjectError as exc:  # another program writing, or read-only: learned again after later edits
            self.window.statusBar().showMessage(f"Learned {names}, but could not keep them: {exc}", 15000)
            return
        flow = self.window.suggestion_flow
        if flow is not None:
            flow.controller.models_retrained()
        if self._reviewing():
            # No suggestion shows (or is even loaded) while reviewing: "new suggestions" meant nothing to a lead.
            self.window.statusBar().showMessage(
                f"Learned {names}; kept in the project for topic and stance suggestions when annotating (F8).", 8000)
        else:
            self.window.statusBar().showMessage(f"Learned {names}; new suggestions will use them.", 8000)

    def _reviewing(self) -> bool:
        """Whether the window is in review mode (it shows no suggestions)."""
        review = getattr(self.window, "review_mode", None)
        return review is not None and review.mode.isChecked()

    def _on_nothing(self, reasons: str) -> None:
        self.running = False
        if self._manual and not self._stopped:
            self.window.statusBar().showMessage(f"Nothing to learn yet: {reasons}", 8000)

    def _on_failed(self, message: str) -> None:
        self.running = False
        self.window.statusBar().showMessage(f"Learning failed: {message}", 8000)
