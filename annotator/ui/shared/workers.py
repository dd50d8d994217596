"""Read-only jobs over the open project on a worker thread, the latest request's answer delivered on the window's.

The one way the window runs a read over the whole project (agreement, the claims board, the speakers'
quote counts, the corpus's sort keys and text search). A file database belongs to the thread that opened
it, so each job opens its own read-only connection on the project's file and closes it when done (a
connection kept open would stop SQLite folding the journal back into the file when the window closes the
project). Every request gets an id; a reply to anything but the latest request is dropped, so a slow old
answer never overwrites a newer one, and so is a reply arriving after the window closed its project.
Projects without a file (tests, in memory) are read at once on the calling thread, since another
connection could not see them.
"""

from __future__ import annotations

import inspect
import sys
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from annotator.core.collector import collector_paused
from annotator.store.project import Project
from annotator.ui.shared.collecting import Hold, hold

Job = Callable[[Project], Any]

#: How long a thread may keep the interpreter while another waits for it, while a job runs. Python's
#: default, 5 ms, is paid by the window's thread every time it needs the interpreter back (for each event
#: through a Python event filter, each slot, each paint): a keystroke that takes a dozen of them waited
#: 60-130 ms behind a 10k-article board's reading, and 20-70 ms at 1 ms; the reading takes as long.
SWITCH_INTERVAL = 0.001
_switch_lock = threading.Lock()
_switch_holds = 0
_switch_default = sys.getswitchinterval()


@contextmanager
def quick_switching() -> Iterator[None]:
    """Let the window's thread have the interpreter back within a millisecond while this runs (nestable)."""
    global _switch_holds, _switch_default
    with _switch_lock:
        if _switch_holds == 0:
            _switch_default = sys.getswitchinterval()
            sys.setswitchinterval(min(SWITCH_INTERVAL, _switch_default))
        _switch_holds += 1
    try:
        yield
    finally:
        with _switch_lock:
            _switch_holds -= 1
            if _switch_holds == 0:
                sys.setswitchinterval(_switch_default)


def is_open(project: Project | None) -> bool:
    """Whether a project's connection is still open (a timer may fire after the window closed it)."""
    return project is not None and project.is_open


class _Relay(QObject):
    """Carries a reply from the worker thread to the window's thread (a queued signal)."""

    replied = Signal(int, object, str)  # request id, result, error message ("" when it worked)


class _Run(QRunnable):
    def __init__(self, path: Path, job: Job, request: int, jobs: ProjectJobs):
        super().__init__()
        self.path, self.job, self.request, self.relay = path, job, request, jobs._relay
        self.current = lambda: jobs.latest == request
        self.hold: Hold = hold()  # taken here, on the window's thread: nothing collects on the pool's

    def run(self) -> None:
        try:
            self._answer()
        finally:
            self.hold.release()

    def _answer(self) -> None:
        if not self.current():
            return  # a newer request is queued behind this one: its answer is the one wanted
        result, error = None, ""
        try:
            with quick_switching(), collector_paused(), Project(self.path, read_only=True) as project, \
                    project.snapshot():
                result = self.job(project)
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
        self.hold: Hold = hold()

    def run(self) -> None:
        dispose, self.dispose = self.dispose, None
        try:
            with quick_switching():
                dispose()
        except Exception:  # freeing memory must never take the window down
            pass
        finally:
            self.hold.release()


class ProjectJobs(QObject):
    """Runs read-only jobs on the project one at a time, off the window's thread; only the latest reply.

    The answer comes as :attr:`finished` (or :attr:`failed`), and to ``deliver(result)`` when one is
    given; ``deliver`` is held weakly, so a panel owning its jobs does not become a garbage cycle.
    """

    finished = Signal(int, object)  # request id, result
    failed = Signal(int, str)  # request id, one-line message

    def __init__(self, parent: QObject | None = None, deliver: Callable[[Any], None] | None = None):
        super().__init__(parent)
        self.latest = 0
        self._pending = False
        self._project: Project | None = None
        if deliver is None:
            self._deliver = None
        else:
            self._deliver = weakref.WeakMethod(deliver) if inspect.ismethod(deliver) else (lambda: deliver)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.replied.connect(self._on_replied)

    def submit(self, project: Project, job: Job) -> int:
        """Run ``job(project)`` in the background (at once for a project in memory); the request's id."""
        self.latest += 1
        request, self._project, self._pending = self.latest, project, True
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
        """Whether the latest request is still waiting for its answer."""
        return self._pending

    def cancel(self) -> None:
        """Forget every request made so far: their replies are dropped."""
        self.latest += 1
        self._pending = False

    def wait(self, msecs: int = -1) -> bool:
        """Block until the running job ends (for closing the window and tests); False on time-out."""
        return self._pool.waitForDone(msecs)

    def _on_replied(self, request: int, result: object, error: str) -> None:
        if request != self.latest:
            return
        self._pending = False
        if not is_open(self._project):
            return  # the window closed the project meanwhile: nobody can use the answer
        if error:
            self.failed.emit(request, error)
            return
        self.finished.emit(request, result)
        deliver = self._deliver() if self._deliver is not None else None
        if deliver is not None:
            deliver(result)
