"""Feedback for an annotator: where their quotes differ from the reviewer's gold version."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from annotator.core.text import plural
from annotator.services.commands import Change
from annotator.services.review import gold_differences
from annotator.store import articles as article_store
from annotator.ui.review.model import DISAGREE, GOLD_COLOUR, excerpt
from annotator.ui.session import Session
from annotator.ui.shared.plain import shortened

_MISSING = QColor("#D08C00")


class GoldFeedback(QWidget):
    """Lists where one annotator's version of an article differs from gold; a click emits the span."""

    spanClicked = Signal(int, int, int)  # article id, start, end

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.article_id: int | None = None
        self.annotator: str | None = None
        self.differences: list[tuple] = []
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._on_item_activated)
        self.list.itemClicked.connect(self._on_item_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        session.changed.connect(self._on_changed)

    def set_article(self, article_id: int | None, annotator: str | None = None) -> None:
        """Compare an annotator's quotes in an article with gold (annotator defaults to the session's)."""
        self.article_id = article_id
        self.annotator = annotator or self.session.annotator
        self._reload()

    def _reload(self) -> None:
        self.list.clear()
        if self.article_id is None:
            self.differences = []
            self.heading.setText("")
            return
        project = self.session.project
        text = article_store.get_article(project, self.article_id).text
        self.differences = gold_differences(project, self.article_id, self.annotator)
        for theirs, gold, fields in self.differences:
            quote = theirs or gold
            if fields == ("missing",):
                kind, colour = "In gold, not marked by you", _MISSING
            elif fields == ("extra",):
                kind, colour = "Marked by you, not in gold", DISAGREE
            else:
                kind, colour = "Differs from gold in " + ", ".join(fields), GOLD_COLOUR
            item = QListWidgetItem(f"{kind}\n“{excerpt(quote.text_in(text), 110)}”")
            item.setData(Qt.ItemDataRole.UserRole, (quote.start, quote.end))
            item.setForeground(colour.darker(110))
            item.setToolTip(self._tooltip(theirs, gold, fields))
            self.list.addItem(item)
        who = shortened(self.annotator, 40)  # a name without spaces would set the dock's narrowest width
        if self.differences:
            self.heading.setText(f"{plural(len(self.differences), 'difference')} from gold for {who}. "
                                 "Click one to see it in the text.")
        else:
            self.heading.setText(f"No difference from gold for {who} in this article.")

    @staticmethod
    def _tooltip(theirs, gold, fields) -> str:
        if theirs is None or gold is None:
            return ""
        return "\n".join(f"{name}: yours {getattr(theirs, name, None)!r}, gold {getattr(gold, name, None)!r}"
                         for name in fields if name != "span") or "The span's boundaries differ."

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        start, end = item.data(Qt.ItemDataRole.UserRole)
        self.spanClicked.emit(self.article_id, start, end)

    def _on_changed(self, change: Change) -> None:
        if self.article_id is not None and (self.article_id in change.articles or change.quotes):
            self._reload()
