"""The review panel's top row: the article's review status, how many groups are decided, Accept all and Done."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QProgressBar, QToolButton, QWidget

STATUS_TEXT = {"to_review": "To review", "in_review": "In review", "done": "Done"}
_STATUS_COLOUR = {"to_review": "#8c8c8c", "in_review": "#D08C00", "done": "#2e9d57"}


class ReviewHeader(QWidget):
    """Shows an article's review progress and holds the article-wide actions (the panel connects them)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.status_label = QLabel()
        self.status_label.setToolTip("Article review status")
        # A thin bar with its count beside it: text drawn over a half-filled bar is hard to read.
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(90)
        self.progress.setMaximumWidth(160)
        self.progress.setMaximumHeight(10)
        self.progress.setTextVisible(False)
        self.progress_text = QLabel()
        # Keys are handled in the panel's event filter, not as action shortcuts: the window's Ctrl+D
        # (annotator's "done") would otherwise make them ambiguous, and Qt then fires neither.
        self.unanimous_action = QAction("Accept all unanimous in this article\tCtrl+U", self)
        self.unanimous_project_action = QAction("Accept all unanimous in the whole project\tCtrl+Shift+U", self)
        self.done_action = QAction("Done", self)
        self.done_action.setCheckable(True)
        self.done_action.setToolTip("Mark this article's review done, or reopen it (Ctrl+D)")
        unanimous = QToolButton()
        unanimous.setDefaultAction(self.unanimous_action)
        unanimous.setText("Accept all unanimous")
        unanimous.setToolTip("Take every unanimous group into gold, as one undo step (Ctrl+U)")
        unanimous.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        unanimous.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(unanimous)
        menu.addAction(self.unanimous_action)
        menu.addAction(self.unanimous_project_action)
        unanimous.setMenu(menu)
        done = QToolButton()
        done.setDefaultAction(self.done_action)
        top = QHBoxLayout(self)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.status_label)
        top.addWidget(self.progress)
        top.addWidget(self.progress_text)
        top.addStretch(1)
        top.addWidget(unanimous)
        top.addWidget(done)

    def show_progress(self, status: str, decided: int, groups: int, has_article: bool) -> None:
        """Show an article's status and decided groups; Done is offered unless its decisions settle it."""
        self.progress.setMaximum(max(1, groups))
        self.progress.setValue(decided)
        self.progress_text.setText(f"{decided} / {groups} decided")
        self.status_label.setText(STATUS_TEXT[status])
        self.status_label.setStyleSheet(
            f"color: white; background: {_STATUS_COLOUR[status]}; border-radius: 8px; padding: 2px 10px;")
        self.done_action.setChecked(status == "done")
        # Every group decided makes the article done by itself; Ctrl+D could not reopen it, only undo can.
        settled = bool(groups) and decided == groups
        self.done_action.setEnabled(has_article and not settled)
        self.done_action.setToolTip(
            "Every group is decided: undo a decision to reopen the article" if settled
            else "Mark this article's review done, or reopen it (Ctrl+D)")
