"""Article details (Ctrl+Shift+D): the current article's title, outlet, date and URL, edited undoably."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from annotator.services.article_details import EditArticle
from annotator.services.metadata import DetailError
from annotator.store import article_details as detail_store
from annotator.store import articles as article_store
from annotator.ui.shared.plain import shortened

_FIELDS = (("title", "&Title"), ("outlet", "&Outlet"), ("published", "&Date"), ("url", "&URL"))
_PLACEHOLDERS = {"published": "YYYY-MM-DD", "url": "https://…"}


class ArticleDetailsDialog(QDialog):
    """Edit one article's details; OK pushes one EditArticle (Ctrl+Z undoes it), a bad field is said here."""

    def __init__(self, session, article_id: int, parent: QWidget | None = None):
        super().__init__(parent, windowTitle="Article details")
        self.session = session
        self.article_id = article_id
        self._before = detail_store.article_details(session.project, article_id)
        source = article_store.get_article(session.project, article_id).source
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for name, text in _FIELDS:
            edit = QLineEdit(self._before[name])
            edit.setPlaceholderText(_PLACEHOLDERS.get(name, ""))
            self.edits[name] = edit
            form.addRow(text, edit)
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if source:
            layout.addWidget(QLabel(f"Imported from {shortened(source, 120)}"))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def accept(self) -> None:
        """Save the changed fields as one undoable step; stay open and say why when one is not valid."""
        changed = {name: edit.text() for name, edit in self.edits.items() if edit.text() != self._before[name]}
        if changed:
            try:
                command = EditArticle(self.article_id, **changed)
            except DetailError as exc:
                self.error.setText(f"Not saved: {exc}")
                self.error.show()
                return
            if not self.session.push(command):
                return
        super().accept()


def refresh_panes(window, article_ids: set[int]) -> None:
    """Re-read the header (title, outlet, date) of the panes showing these articles."""
    for view in window.panes.panes():
        if view.article is not None and view.article_id in article_ids:
            view.article = article_store.get_article(window.session.project, view.article_id)
            view.title.setText(shortened(view.article.title or view.article.source or f"Article {view.article_id}"))
            view._update_meta()


def install_article_details(window) -> QAction:
    """Add Edit → Article details… (Ctrl+Shift+D) and keep pane headers in step with details and their undo."""
    action = QAction("Article &details…", window)
    action.setObjectName("article_details")
    action.setShortcut(QKeySequence("Ctrl+Shift+D"))
    action.setShortcutContext(Qt.WindowShortcut)
    action.triggered.connect(lambda: edit_current_article(window))
    window.addAction(action)
    menus = {entry.text(): entry.menu() for entry in window.menuBar().actions() if entry.menu() is not None}
    if "&Edit" in menus:
        menus["&Edit"].addAction(action)
    window.session.changed.connect(
        lambda change: refresh_panes(window, set(change.articles) if not change.everything else
                                     {view.article_id for view in window.panes.panes()})
    )
    window.article_details_action = action
    return action


def edit_current_article(window) -> None:
    """Open the details of the current pane's article; say so when no article is open."""
    view = window.current_view()
    if view is None or view.article is None:
        window.statusBar().showMessage("Open an article first: its details are edited here.", 4000)
        return
    ArticleDetailsDialog(window.session, view.article_id, window).exec()
