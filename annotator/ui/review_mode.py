"""Review mode in the window: the reviewer's docks, the Review menu and File → Merge."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from annotator.core.model import GOLD
from annotator.store import quotes as quote_store
from annotator.store import registry
from annotator.ui.agreement_panel import AgreementPanel
from annotator.ui.gold_feedback import GoldFeedback
from annotator.ui.review_panel import ReviewPanel
from annotator.ui.review_text import ReviewText


class ReviewMode(QObject):
    """Adds the review panel, the every-annotator text, agreement charts and gold feedback to a window.

    Review mode turns on by itself for a project holding two or more annotators' work (a merged review
    project), and with F8 at any time; gold feedback shows when the project has gold to compare with.
    """

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        session = window.session
        self.panel = ReviewPanel(session)
        self.text = ReviewText(session)
        self.agreement = AgreementPanel(session)
        self.feedback = GoldFeedback(session)
        self.docks = [
            window._dock("reviewDock", "Review", self.panel, Qt.BottomDockWidgetArea),
            window._dock("reviewTextDock", "All annotators", self.text, Qt.BottomDockWidgetArea),
            window._dock("agreementDock", "Agreement", self.agreement, Qt.BottomDockWidgetArea),
        ]
        window.splitDockWidget(self.docks[0], self.docks[1], Qt.Horizontal)
        window.tabifyDockWidget(self.docks[1], self.docks[2])
        self.feedback_dock = window._dock("feedbackDock", "Differences from gold", self.feedback, Qt.LeftDockWidgetArea)
        self.panel.groupSelected.connect(self._on_group_selected)
        self.text.quoteClicked.connect(lambda _article, quote_id: self.panel.select_quote(quote_id))
        self.feedback.spanClicked.connect(self._on_feedback_clicked)
        window.panes.currentChanged.connect(self._on_current_pane_changed)
        session.projectReplaced.connect(self.update_visibility)
        self.mode = QAction("&Review mode", window)
        self.mode.setCheckable(True)
        self.mode.setShortcut(QKeySequence("F8"))
        self.mode.setShortcutContext(Qt.WindowShortcut)
        self.mode.toggled.connect(self.set_active)
        window.addAction(self.mode)
        self.merge = QAction("&Merge annotators' projects…", window)
        self.merge.triggered.connect(self.open_merge_dialog)
        self._build_menu()

    def _build_menu(self) -> None:
        bar = self.window.menuBar()
        help_action = next((a for a in bar.actions() if a.text() == "&Help"), None)
        menu = bar.addMenu("&Review") if help_action is None else None
        if menu is None:
            from PySide6.QtWidgets import QMenu

            menu = QMenu("&Review", self.window)
            bar.insertMenu(help_action, menu)
        menu.addAction(self.mode)
        menu.addSeparator()
        menu.addActions([self.panel.unanimous_action, self.panel.unanimous_project_action, self.panel.done_action])
        menu.addSeparator()
        menu.addAction(self.merge)
        menu.addAction("Refresh agreement", self.agreement.refresh)
        for dock in (*self.docks, self.feedback_dock):
            menu.addAction(dock.toggleViewAction())
        file_menu = next((a.menu() for a in bar.actions() if a.text() == "&File"), None)
        if file_menu is not None:
            file_menu.insertAction(self.window.actions_.scheme, self.merge)

    def update_visibility(self) -> None:
        """Turn review mode on for a multi-annotator project; show gold feedback where gold exists."""
        project = self.window.session.project
        annotators = set(registry.annotator_names(project)) - {GOLD}
        self.mode.setChecked(len(annotators) >= 2)
        self.set_active(self.mode.isChecked())
        has_gold = bool(quote_store.quote_counts(project).get(GOLD))
        self.feedback_dock.setVisible(has_gold and self.window.session.annotator != GOLD)

    def set_active(self, active: bool) -> None:
        """Show or hide the reviewer's docks and point them at the current article."""
        for dock in self.docks:
            dock.setVisible(active)
        # A reviewer decides in the review panel; the annotator's inspector only takes room then.
        self.window.docks[1].setVisible(not active)
        if active:
            self.docks[0].raise_()
            self.window.resizeDocks([self.docks[0]], [max(380, self.window.height() * 2 // 5)], Qt.Vertical)
            self._on_current_pane_changed(self.window.current_view())

    def _on_current_pane_changed(self, view) -> None:
        article_id = view.article_id if view is not None and view.article is not None else None
        if self.mode.isChecked():
            self.panel.set_article(article_id)
            self.text.set_article(article_id)
        if self.feedback_dock.isVisible():
            self.feedback.set_article(article_id)

    def _on_group_selected(self, _article_id: int, start: int, end: int) -> None:
        item = self.panel.current_item()
        ids = tuple(q.id for q in item.group.quotes) if item is not None else ()
        self.text.show_span(start, end, ids)

    def _on_feedback_clicked(self, article_id: int, start: int, _end: int) -> None:
        view = self.window.open_article(article_id)
        view.text.scroll_to_position(view.text.offsets.to_qt(start))

    def open_merge_dialog(self) -> None:
        """File → Merge: bring annotators' project files into this one."""
        from annotator.ui.merge_dialog import MergeDialog

        dialog = MergeDialog(self.window.session, self.window)
        dialog.merged.connect(lambda _report: (self.window.corpus.model.reload(), self.update_visibility()))
        dialog.exec()
