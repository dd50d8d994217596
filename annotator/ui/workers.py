"""Background work over the open project: read-only jobs on a worker thread, and a dock's visibility.

A file database belongs to the thread that opened it, so a job opens its own read-only connection on
the project's file and closes it when done. Every request gets an id; a reply to anything but the latest
request is dropped, so a slow old answer never overwrites a newer one.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QDockWidget, QWidget

from annotator.store.project import Project

Job = Callable[[Project], Any]

_collector_lock = threading.Lock()
_collector_holds = 0
_collector_thresholds = gc.get_threshold()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold back the collector's full passes while bulk work runs on a worker thread.

    A bulk read makes hundreds of thousands of objects, and the full passes they trigger hold the
    interpreter lock for hundreds of milliseconds each: the window's thread waits that long (stalls
    of 1.7 s while agreement was computed). The young generations are still collected: their passes
    are short, and they stop tracking the read's tuples of plain values, so no full pass later (on
    whatever thread) has to walk them. Pausing the collector altogether would hand that walk of every
    new object to the window's thread at the next pass.
    """
    global _collector_holds, _collector_thresholds
    with _collector_lock:
        if _collector_holds == 0:
            _collector_thresholds = gc.get_threshold()
            young, middle, _ = _collector_thresholds
            gc.set_threshold(young, middle, 1_000_000_000)
        _collector_holds += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_holds -= 1
            if _collector_holds == 0:
                gc.set_threshold(*_collector_thresholds)


class _Relay(QObject):
    """Carries a reply from the worker thread to the window's thread (a queued signal)."""

    replied = Signal(int, object, str)  # request id, result, error message ("" when it worked)


class _Run(QRunnable):
    def __init__(self, path: Path, job: Job, request: int, jobs: ProjectJobs):
        super().__init__()
        self.path, self.job, self.request, self.relay = path, job, request, jobs._relay
        self.current = lambda: jobs.latest == request

    def run(self) -> None:
        if not self.current():
            return  # a newer request is queued behind this one: its answer is the one wanted
        result, error = None, ""
        try:
            with collector_paused(), Project(self.path, read_only=True) as project:
                # One read transaction: the job sees the project as it was at one moment.
                project.db.conn.execute("BEGIN")
                try:
                    result = self.job(project)
                finally:
                    project.db.conn.execute("ROLLBACK")
        except Exception as exc:  # reported in the window, never a traceback on a worker thread
            error = str(exc) or type(exc).__name__
        try:
            self.relay.replied.emit(self.request, result, error)
        except RuntimeError:
            pass  # the widget that asked is gone (window closed)


class _Dispose(QRunnable):
    def __init__(self, dispose: Callable[[], None]):
        super().__init__()
        self.dispose: Callable[[], None] | None = dispose

    def run(self) -> None:
        dispose, self.dispose = self.dispose, None
        try:
            dispose()
        except Exception:  # freeing memory must never take the window down
            pass


class ProjectJobs(QObject):
    """Runs read-only jobs on the project one at a time, off the window's thread; only the latest reply."""

    finished = Signal(int, object)  # request id, result
    failed = Signal(int, str)  # request id, one-line message

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.latest = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.replied.connect(self._on_replied)

    def submit(self, project: Project, job: Job) -> int:
        """Run ``job(project)`` in the background (at once for a project in memory); the request's id."""
        self.latest += 1
        request = self.latest
        if project.path is None:
            # An in-memory project has a single connection, and nothing large enough to need a thread.
            try:
                result, error = job(project), ""
            except Exception as exc:
                result, error = None, str(exc) or type(exc).__name__
            self._on_replied(request, result, error)
        else:
            self._pool.start(_Run(project.path, job, request, self))
        return request

    def dispose(self, dispose: Callable[[], None]) -> None:
        """Run ``dispose`` (which frees a big result bit by bit) on the worker thread, after the jobs queued."""
        self._pool.start(_Dispose(dispose))

    def busy(self) -> bool:
        """Whether a job is running or queued."""
        return self._pool.activeThreadCount() > 0

    def cancel(self) -> None:
        """Forget every request made so far: their replies are dropped."""
        self.latest += 1

    def wait(self, msecs: int = -1) -> bool:
        """Block until the running job ends (for closing the window and tests); False on time-out."""
        return self._pool.waitForDone(msecs)

    def _on_replied(self, request: int, result: object, error: str) -> None:
        if request != self.latest:
            return
        if error:
            self.failed.emit(request, error)
        else:
            self.finished.emit(request, result)


def on_screen(widget: QWidget) -> bool:
    """Whether any of the widget is visible: a dock in a background tab or a hidden one is not."""
    if not widget.isVisible():
        return False
    if not widget.visibleRegion().isEmpty():
        return True
    # A widget wholly covered by its own children (a scroll area's) shows through them.
    return any(on_screen(child) for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly))


def when_shown(widget: QWidget, slot: Callable[[], None]) -> bool:
    """Call ``slot`` whenever the dock holding ``widget`` comes to the front; False if it is in no dock.

    A dock in a background tab stays "visible" to Qt and gets no show event when its tab is chosen.
    """
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QDockWidget):
        parent = parent.parentWidget()
    if parent is not None:
        parent.visibilityChanged.connect(lambda visible: visible and slot())
    return parent is not None
