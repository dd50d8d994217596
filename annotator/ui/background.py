"""Reads over the whole project on a worker thread, with its own read-only connection; results come back on the GUI thread.

A panel that must count every quote (the speakers' quote counts, say) asks for its data here and keeps
showing what it had until the answer arrives, so the window never waits on the query. A newer request
supersedes an older one: only the latest answer is delivered. Projects without a file (tests, in memory)
are read at once on the calling thread, since another connection could not see them.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

from annotator.store.project import Project

# One worker thread for every reader: reads queue up instead of competing and no thread is started per
# read. Each read opens its own read-only connection and closes it: a connection kept open would stop
# SQLite from folding the journal back into the file when the window closes the project.
_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="annotator-read")


def is_open(project: Project | None) -> bool:
    """Whether a project's connection is still open (a timer may fire after the window closed it)."""
    try:
        project.db.conn.total_changes  # noqa: B018  (raises once the connection is closed)
    except Exception:
        return False
    return True


class BackgroundReader(QObject):
    """Runs ``read(project)`` off the GUI thread and hands the result to ``deliver`` on it."""

    _answered = Signal(int, object, object)  # request id, result, error message or None

    def __init__(self, deliver: Callable[[Any], None], parent: QObject | None = None):
        super().__init__(parent)
        # Weakly held, as in dock_refresh: a panel owning its reader must not become a garbage cycle.
        self._deliver_ref = weakref.WeakMethod(deliver) if hasattr(deliver, "__self__") else (lambda: deliver)
        self._latest = 0
        self._project: Project | None = None
        self.busy = False
        self._answered.connect(self._on_answered)  # queued: emitted from the worker thread

    def start(self, project: Project, read: Callable[[Project], Any]) -> None:
        """Read in the background (at once for an in-memory project); an unfinished earlier read is dropped."""
        self._latest += 1
        self._project = project
        if project.path is None:
            self.busy = False
            self._hand_over(read(project))
            return
        self.busy = True
        request, path = self._latest, project.path
        _POOL.submit(self._work, request, path, read)

    def cancel(self) -> None:
        """Drop the answer of the read under way, if any."""
        self._latest += 1
        self.busy = False

    def _work(self, request: int, path, read: Callable[[Project], Any]) -> None:
        if request != self._latest:
            return  # superseded while it waited its turn: nobody wants this answer
        try:
            with Project(path, read_only=True) as project:
                result, error = read(project), None
        except Exception as exc:  # a failed read must not take the window down; the next request retries
            result, error = None, str(exc)
        try:
            self._answered.emit(request, result, error)
        except RuntimeError:  # the panel was closed while the read ran
            pass

    def _on_answered(self, request: int, result: Any, error: str | None) -> None:
        if request != self._latest:
            return  # superseded by a newer request
        self.busy = False
        if error is None and is_open(self._project):  # the window may have closed its project meanwhile
            self._hand_over(result)

    def _hand_over(self, result: Any) -> None:
        deliver = self._deliver_ref()
        if deliver is not None:
            deliver(result)
