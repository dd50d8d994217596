"""A grey line over an empty list saying what belongs in it and how to add it.

A blank white box tells a newcomer nothing; the claims board already said what to do, the corpus, the
speakers and the merge dialog's file list did not. The hint is a label on the view's viewport, shown while
the model has no rows, and it lets clicks through to the list (a drop or a context menu still works).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel
from shiboken6 import isValid

_MARGIN = 12


class EmptyHint(QObject):
    """Shows ``text`` (or what ``text()`` returns, for a hint that depends on a search) over an empty view."""

    def __init__(self, view: QAbstractItemView, text: str | Callable[[], str]):
        super().__init__(view)
        self._model, self._viewport = view.model(), view.viewport()
        self._text = text if callable(text) else (lambda: text)
        self.label = QLabel(view.viewport())
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        view.viewport().installEventFilter(self)
        model = self._model
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Show the hint while the list is empty, with its current wording; hide it once a row is listed."""
        if not (isValid(self._viewport) and isValid(self.label)):
            return  # a list being destroyed empties its model on the way out
        empty = self._model.rowCount() == 0
        if empty:
            self.label.setText(self._text())
            self._place()
        self.label.setVisible(empty)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep the hint centred in the viewport as it is resized."""
        if event.type() == QEvent.Type.Resize and not self.label.isHidden():
            self._place()
        return False

    def _place(self) -> None:
        self.label.setGeometry(self._viewport.rect().adjusted(_MARGIN, _MARGIN, -_MARGIN, -_MARGIN))
