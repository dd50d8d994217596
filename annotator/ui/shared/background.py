"""Long work on the project (an import, an export) off the window's thread, behind a progress dialog.

A 10,000-article import or export takes half a minute; run on the window's thread it froze the window
(no repaint, no Cancel) for all of it. Here the work runs on a QThread over a connection of its own
(SQLite connections belong to the thread that opened them) while the window stays live. The progress
dialog is window-modal: the work may hold the project's write lock, so the user waits for it rather
than typing into a project that cannot be written. A project in memory has a single connection, so its
work runs on the window's thread as before.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.core.collector import collector_paused
from annotator.services.errors import Cancelled
from annotator.store.project import Project, ProjectError
from annotator.ui.session import Session
from annotator.ui.shared.collecting import hold

T = TypeVar("T")
#: The work's own report of where it is; raises Cancelled once the user has asked it to stop.
Tick = Callable[[str], None]
Work = Callable[[Project, Tick], T]

_SHOW_EVERY = 0.1  # seconds between the label updates the window is sent
_SHOW_AFTER_MS = 400  # quick work does not flash a dialog


class _Run(QThread):
    """The work on a worker thread over its own connection; its result or exception kept for the caller."""

    progressed = Signal(str)

    def __init__(self, project: Project, work: Work, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.path, self.read_only, self.work = project.path, project.read_only, work
        self.stop = threading.Event()
        self.result: object = None
        self.error: BaseException | None = None
        self._shown = 0.0

    def tick(self, text: str) -> None:
        """Called by the work as it goes: stops it once cancelled, and tells the window a few times a second."""
        if self.stop.is_set():
            raise Cancelled("cancelled")
        now = time.monotonic()
        if now - self._shown >= _SHOW_EVERY:
            self._shown = now
            self.progressed.emit(text)

    def run(self) -> None:
        """The thread's work: open, work, close."""
        try:
            if not self.path.exists():
                raise ProjectError(f"{self.path}: the project file is gone (moved or deleted since it was opened)")
            # Never create: a project file moved or deleted while the window has it open would become a new,
            # empty project at the old path, and the work would go there instead of into the window's.
            with collector_paused(), Project(self.path, read_only=self.read_only, create=False) as project:
                self.result = self.work(project, self.tick)
        except BaseException as error:  # noqa: BLE001 - handed to the window's thread, raised there
            self.error = error


def run_in_background(parent: QWidget | None, session: Session, title: str, label: str, work: Work) -> T:
    """``work(project, tick)`` on a worker thread; returns its result or raises its exception here.

    A cancelled run raises :class:`Cancelled` (what the work began is rolled back by the work itself:
    an import's file, an export's unfinished file). The window keeps repainting meanwhile.
    """
    project = session.project
    if project.path is None:
        return work(project, lambda text: None)
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)  # no total known: a busy bar
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(_SHOW_AFTER_MS)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    run = _Run(project, work, parent)
    done = threading.Event()
    run.progressed.connect(dialog.setLabelText)
    run.finished.connect(done.set)
    dialog.canceled.connect(run.stop.set)
    dialog.canceled.connect(lambda: dialog.setLabelText("Cancelling…"))
    session.hold_watch(True)  # the work's commits are this window's, not another program's
    # Python's collector runs in whichever thread happens to allocate: on the worker it would destroy the
    # window's unreachable Qt objects there (a crash). While the hold is out it runs on this thread only.
    taken = hold()
    run.start()
    dialog.setValue(0)  # starts the dialog's clock: without it, it showed late or not at all
    try:
        while not done.is_set():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    finally:
        run.wait()
        taken.release()
        dialog.close()
        dialog.deleteLater()
        session.hold_watch(False)
    if run.error is not None:
        raise run.error
    return run.result  # type: ignore[return-value]
