"""The window's link to the project: the open store, the annotator, and the undo stack over commands.

Every write is tried before the undo stack hears of it: a command that fails (another program holds the
lock, the file became read-only) never lands on the stack, an undo or redo that fails leaves the stack
where it was, and the window is told in one line what failed. Changes other programs commit to the file
are noticed by polling ``PRAGMA data_version`` (one cheap query on the window's connection).
"""

from __future__ import annotations

import sys
import traceback
import weakref

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.model import LabelScheme
from annotator.services.commands import Change, Command
from annotator.store import articles as article_store
from annotator.store import labels
from annotator.store.project import Project, ProjectError

#: How often the window looks for commits of other programs.
WATCH_INTERVAL_MS = 750
#: How long a keystroke's write waits for another program's transaction: the window is frozen meanwhile.
WINDOW_BUSY_TIMEOUT_MS = 2000


class _UndoAdapter(QUndoCommand):
    """Adapts a Qt-free command to QUndoStack; the session runs it first and hands the result in."""

    def __init__(self, session: "Session", command: Command, change: Change):
        super().__init__(command.text)
        # The stack (C++) owns this command; a strong reference back to the session would make a
        # cycle the garbage collector cannot see through, and Qt would delete the stack mid-collection.
        self._session = weakref.ref(session)
        self.command = command
        self.done: Change | None = change  # the outcome of work already done, for the stack's next call

    def redo(self) -> None:
        self._run(self.command.do)

    def undo(self) -> None:
        self._run(self.command.undo)

    def _run(self, step) -> None:
        session = self._session()
        change, self.done = self.done, None
        if change is None:  # the stack was moved directly (not through Session.undo/redo)
            change = session._attempt(step, self.command.text)
            if change is None:
                # The step failed and the stack cannot be stopped from moving: drop this command rather
                # than let the stack claim a state the file does not have.
                self.setObsolete(True)
                return
        session._emit(change)

    def id(self) -> int:
        # Commands without a merge key never merge; those with one merge with the previous of the same type.
        return -1 if self.command.merge_key is None else hash(type(self.command)) & 0x7FFFFFFF

    def mergeWith(self, other: QUndoCommand) -> bool:
        return isinstance(other, _UndoAdapter) and self.command.merge(other.command)


class Session(QObject):
    """Holds the project and the annotator's name; every user action goes through :meth:`push`."""

    changed = Signal(object)  # a services.commands.Change
    projectReplaced = Signal()
    writeFailed = Signal(str)  # one line naming the project, the action and the reason
    externalChange = Signal()  # another program committed to the project

    def __init__(self, project: Project, annotator: str, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.annotator = annotator
        self.undo_stack = QUndoStack(self)
        self._scheme: LabelScheme | None = None
        self._wait_briefly(project)
        self._data_version = self._read_data_version()
        #: True while a worker of this window (an import, an export, a merge) may hold the write lock.
        self.worker_writing = False
        self._watch = QTimer(self, interval=WATCH_INTERVAL_MS)
        self._watch.timeout.connect(self.check_for_changes)
        if project.path is not None:
            self._watch.start()

    @staticmethod
    def _wait_briefly(project: Project) -> None:
        # Never longer than a project was told to wait (tests shorten it further).
        project.set_busy_timeout(min(project.busy_timeout_ms, WINDOW_BUSY_TIMEOUT_MS))

    @property
    def scheme(self) -> LabelScheme:
        """The project's label scheme, read once (reset when the project or scheme changes)."""
        if self._scheme is None:
            self._scheme = labels.scheme(self.project)
        return self._scheme

    @property
    def writable(self) -> bool:
        """Whether actions can be saved (false for a project opened read-only)."""
        return self.project.writable

    def scheme_changed(self) -> None:
        """Forget the cached scheme after the settings dialog changed it."""
        self._scheme = None

    def push(self, command: Command) -> bool:
        """Run a command as one undoable, committed step; False (and reported) if it could not be saved."""
        if not self.writable:
            self._report(f"{self.project.name} is open read-only: {command.text.lower()} was not saved")
            self._emit_everything()  # a box ticked or a button pressed for it shows the file's value again
            return False
        change = self._attempt(command.do, command.text)
        if change is None:
            return False
        self.undo_stack.push(_UndoAdapter(self, command, change))
        return True

    def undo(self) -> None:
        """Undo the last step; if the file refuses, the step stays done and on the stack."""
        self._move(self.undo_stack.index() - 1, "undo")

    def redo(self) -> None:
        """Redo the next step; if the file refuses, it stays undone."""
        self._move(self.undo_stack.index(), "redo")

    def _move(self, position: int, step: str) -> None:
        if not 0 <= position < self.undo_stack.count():
            return
        if not self.writable:
            self._report(f"{self.project.name} is open read-only: nothing to {step}")
            return
        adapter = self.undo_stack.command(position)
        command = adapter.command
        change = self._attempt(command.undo if step == "undo" else command.do, f"{step.capitalize()} {command.text.lower()}")
        if change is None:
            return
        adapter.done = change
        (self.undo_stack.undo if step == "undo" else self.undo_stack.redo)()

    def _attempt(self, step, what: str) -> Change | None:
        """Run one step of a command; on failure report it, show the file's real state, and return None."""
        try:
            return step(self.project)
        except ProjectError as exc:
            self._report(f"{what} failed: {exc}")
        except Exception as exc:  # noqa: BLE001 - a bug or a clash with another writer must not end the app
            traceback.print_exc(file=sys.stderr)
            self._report(f"{what} failed in {self.project.name} ({exc}); nothing was changed")
        # The step's transaction was rolled back whole; views re-read the file, which another program may
        # have changed too.
        self._emit_everything()
        return None

    def _report(self, message: str) -> None:
        self.writeFailed.emit(message)

    def check_for_changes(self) -> bool:
        """Refresh every view if another program committed to the project since the last look."""
        version = self._read_data_version()
        if version is None:  # the project was closed under the session (the window is going away)
            self._watch.stop()
            return False
        if version == self._data_version:
            return False
        self._data_version = version
        self.externalChange.emit()
        self._emit_everything()
        return True

    def hold_watch(self, held: bool) -> None:
        """While this window's own worker writes (a merge), its commits are not another program's work.

        Released, the views re-read what the worker wrote, without saying another program changed the file.
        """
        self.worker_writing = held
        if held:
            self._watch.stop()
            return
        version = self._read_data_version()
        if version is not None and version != self._data_version:
            self._data_version = version
            self._emit_everything()
        if self.project.path is not None and version is not None:
            self._watch.start()

    def _read_data_version(self) -> int | None:
        try:
            return self.project.data_version
        except Exception:  # noqa: BLE001 - a closed project has nothing to watch
            return None

    def _emit_everything(self) -> None:
        try:
            ids = set(article_store.article_ids(self.project))
        except Exception:  # noqa: BLE001
            ids = set()
        self._emit(Change(articles=ids, speakers=True, claims=True, everything=True))

    def _emit(self, change: Change) -> None:
        self.changed.emit(change)

    def end(self) -> None:
        """Drop the undo history while the window still lives (the project stays open for its owner)."""
        self._watch.stop()
        self.undo_stack.clear()

    def replace_project(self, project: Project) -> None:
        """Switch to another project file; the undo history belongs to the old one and is cleared."""
        old = self.project
        self.undo_stack.clear()
        self.project = project
        self._scheme = None
        self._wait_briefly(project)
        self._data_version = self._read_data_version()
        old.close()
        if project.path is not None:
            self._watch.start()
        self.projectReplaced.emit()
