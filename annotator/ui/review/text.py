"""The article text in review: every annotator's spans in their own colour, each toggleable, gold too."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from annotator.core.model import GOLD, Article, Quote
from annotator.core.text import plural
from annotator.services.commands import Change
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.store import registry
from annotator.ui.review.model import annotator_colours
from annotator.ui.session import Session
from annotator.ui.shared.plain import button_text, keep_narrow, shortened
from annotator.ui.workspace.text_view import QuoteTextView


def _legend_style(colour: QColor) -> str:
    # The indicator takes the annotator's colour, so the legend is the key to the highlights.
    return (f"QCheckBox::indicator {{ width: 12px; height: 12px; border: 2px solid {colour.name()};"
            f" border-radius: 3px; }} QCheckBox::indicator:checked {{ background: {colour.name()}; }}")


class ReviewText(QWidget):
    """Shows one article with all annotators' quotes; a legend of checkboxes hides or shows each one."""

    quoteClicked = Signal(int, int)  # article id, quote id

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.article: Article | None = None
        self.quotes: list[Quote] = []
        self.colours: dict[str, QColor] = {}
        self.hidden: set[str] = set()
        self.checkboxes: dict[str, QCheckBox] = {}
        self._selected: int | None = None

        self.title = QLabel()
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        keep_narrow(self.title, 0)  # a long title wraps or is cut; it never widens the dock
        self.legend = QHBoxLayout()
        self.legend.setSpacing(14)
        header = QFrame()
        header.setObjectName("paneHeader")
        head = QVBoxLayout(header)
        head.setContentsMargins(14, 8, 10, 6)
        head.setSpacing(4)
        head.addWidget(self.title)
        head.addLayout(self.legend)

        self.text = QuoteTextView()
        self.text.spanClicked.connect(self._on_span_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.text, 1)
        session.changed.connect(self._on_changed)
        session.projectReplaced.connect(self._on_project_replaced)

    @property
    def article_id(self) -> int | None:
        """The shown article's id."""
        return None if self.article is None else self.article.id

    def set_article(self, article_id: int | None) -> None:
        """Show an article (None: empty) with every annotator's quotes and gold."""
        project = self.session.project
        if article_id is None:
            self.article, self.quotes = None, []
            self.title.clear()
            self.text.set_text("")
            self._rebuild_legend([])
            return
        self.article = article_store.get_article(project, article_id)
        self.title.setText(shortened(self.article.title or self.article.source or f"Article {article_id}"))
        self.text.set_text(self.article.text)
        self._selected = None
        self._reload()

    def _reload(self) -> None:
        project = self.session.project
        self.quotes = quote_store.quotes_for_article(project, self.article.id)
        self.colours = annotator_colours(registry.annotator_names(project))
        present = sorted({q.annotator for q in self.quotes} - {GOLD})
        self._rebuild_legend(present + ([GOLD] if any(q.annotator == GOLD for q in self.quotes) else []))
        self._paint()

    def _rebuild_legend(self, names: list[str]) -> None:
        if list(self.checkboxes) == names:
            return
        while self.legend.count():
            widget = self.legend.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.checkboxes = {}
        for number, name in enumerate(names, 1):
            label = "gold" if name == GOLD else f"{number} {name}"
            box = QCheckBox(button_text(label, 16))  # a row of names: each kept short
            box.setChecked(name not in self.hidden)
            box.setStyleSheet(_legend_style(self.colours.get(name, QColor("gray"))))
            box.setToolTip(f"Show or hide {name}'s quotes")
            box.toggled.connect(lambda on, who=name: self.set_annotator_visible(who, on))
            self.legend.addWidget(box)
            box.show()  # added to a shown header: Qt would only show it on the next event loop turn
            self.checkboxes[name] = box
        count = QLabel(plural(sum(q.annotator != GOLD for q in self.quotes), "quote") if names else "")
        count.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.legend.addStretch(1)
        self.legend.addWidget(count)
        count.show()

    def set_annotator_visible(self, name: str, visible: bool) -> None:
        """Show or hide one annotator's (or gold's) spans."""
        (self.hidden.discard if visible else self.hidden.add)(name)
        box = self.checkboxes.get(name)
        if box is not None and box.isChecked() != visible:
            box.blockSignals(True)
            box.setChecked(visible)
            box.blockSignals(False)
        self._paint()

    def visible_quotes(self) -> list[Quote]:
        """The quotes currently painted."""
        return [q for q in self.quotes if q.annotator not in self.hidden]

    def _paint(self) -> None:
        grey = QColor("gray")
        self.text.set_spans([(q.start, q.end, q.id, self.colours.get(q.annotator, grey)) for q in self.visible_quotes()])
        self.text.set_selected(self._selected)

    def show_span(self, start: int, end: int, quote_ids: tuple[int, ...] = ()) -> None:
        """Scroll to a span and outline the first shown quote among ``quote_ids``."""
        shown = {q.id for q in self.visible_quotes()}
        self._selected = next((i for i in quote_ids if i in shown), None)
        self.text.set_selected(self._selected)
        self.text.scroll_to_position(self.text.offsets.to_qt(start))

    def _on_span_clicked(self, quote_id: int) -> None:
        self._selected = quote_id
        self.text.set_selected(quote_id)
        if self.article is not None:
            self.quoteClicked.emit(self.article.id, quote_id)

    def _on_changed(self, change: Change) -> None:
        if self.article is not None and (self.article.id in change.articles or change.quotes):
            self._reload()

    def _on_project_replaced(self) -> None:
        self.set_article(None)
