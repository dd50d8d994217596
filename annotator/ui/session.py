"""The window's link to the project: the open store, the annotator, and the undo stack over commands."""

from __future__ import annotations

import weakref

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.model import LabelScheme
from annotator.services.commands import Change, Command
from annotator.store import labels
from annotator.store.project import Project


class _UndoAdapter(QUndoCommand):
    """Adapts a Qt-free command to QUndoStack; the first redo is the do."""

    def __init__(self, session: "Session", command: Command):
        super().__init__(command.text)
        # The stack (C++) owns this command; a strong reference back to the session would make a
        # cycle the garbage collector cannot see through, and Qt would delete the stack mid-collection.
        self._session = weakref.ref(session)
        self.command = command

    def redo(self) -> None:
        session = self._session()
        session._emit(self.command.do(session.project))

    def undo(self) -> None:
        session = self._session()
        session._emit(self.command.undo(session.project))

    def id(self) -> int:
        # Commands without a merge key never merge; those with one merge with the previous of the same type.
        return -1 if self.command.merge_key is None else hash(type(self.command)) & 0x7FFFFFFF

    def mergeWith(self, other: QUndoCommand) -> bool:
        return isinstance(other, _UndoAdapter) and self.command.merge(other.command)


class Session(QObject):
    """Holds the project and the annotator's name; every user action goes through :meth:`push`."""

    changed = Signal(object)  # a services.commands.Change
    projectReplaced = Signal()

    def __init__(self, project: Project, annotator: str, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.annotator = annotator
        self.undo_stack = QUndoStack(self)
        self._scheme: LabelScheme | None = None

    @property
    def scheme(self) -> LabelScheme:
        """The project's label scheme, read once (reset when the project or scheme changes)."""
        if self._scheme is None:
            self._scheme = labels.scheme(self.project)
        return self._scheme

    def scheme_changed(self) -> None:
        """Forget the cached scheme after the settings dialog changed it."""
        self._scheme = None

    def push(self, command: Command) -> None:
        """Run a command as one undoable, committed step."""
        self.undo_stack.push(_UndoAdapter(self, command))

    def _emit(self, change: Change) -> None:
        self.changed.emit(change)

    def end(self) -> None:
        """Drop the undo history while the window still lives (the project stays open for its owner)."""
        self.undo_stack.clear()

    def replace_project(self, project: Project) -> None:
        """Switch to another project file; the undo history belongs to the old one and is cleared."""
        old = self.project
        self.undo_stack.clear()
        self.project = project
        self._scheme = None
        old.close()
        self.projectReplaced.emit()
