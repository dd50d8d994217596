"""Review mode in the window: the reviewer's docks, the Review menu and File → Merge.

The review widgets (and the numpy behind agreement) load the first time review mode turns on, so an
annotator's window starts as fast as it would without them; a review project opening builds them just
after the window's first paint, so the window shows as soon as an annotator's would.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QMenu, QStyle

from annotator.core.model import GOLD
from annotator.store import quotes as quote_store
from annotator.store import registry
from annotator.ui.review import layout_memory

#: The width of every annotator's text and the agreement table (tabbed together) when the window has room.
SIDE_WIDTH = 520
#: The review panel's width at least, before the text beside it gets more than 3/8 of the room.
REVIEW_WIDTH = 600
#: Lines of article text the panes above the review docks keep in sight, whatever the panel would like.
READ_LINES = 5


class ReviewMode(QObject):
    """Adds the review panel, the every-annotator text, agreement charts and gold feedback to a window.

    Review mode turns on by itself for a project holding two or more annotators' work (a merged review
    project), and with F8 at any time; gold feedback shows when the project has gold to compare with.
    """

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.panel = self.text = self.agreement = self.feedback = None
        self.docks: list = []
        self.feedback_dock = None
        #: The review docks' sizes as last placed: sizes differing from them when review mode turns off (or the
        #: window closes) are the lead's own, remembered for the next time.
        self.placed: layout_memory.ReviewSizes | None = None
        #: True from a window's start until its review docks are set up (just after its first paint).
        self.waiting = False
        self.mode = self._action("&Review mode", self.set_active, checkable=True, key="F8")
        self.unanimous = self._action("Accept all &unanimous in this article", lambda: self._unanimous(False))
        self.unanimous_project = self._action("Accept all unanimous in the whole &project",
                                              lambda: self._unanimous(True))
        # triggered, not toggled: the action only mirrors the panel's status when set from code, and a
        # toggled slot would store that mirror as a "done" mark that no undo of a decision takes back.
        self.done = self._action("Article review &done", self._set_done, checkable=True, user_only=True)
        self.merge = self._action("&Merge annotators' projects…", self.open_merge_dialog)
        window.panes.currentChanged.connect(self._on_current_pane_changed)
        window.session.projectReplaced.connect(self.update_visibility)
        self._build_menu()

    def _action(self, text: str, slot, checkable: bool = False, key: str = "", user_only: bool = False) -> QAction:
        action = QAction(text, self.window)
        action.setCheckable(checkable)
        action.triggered.connect(slot) if user_only or not checkable else action.toggled.connect(slot)
        if key:
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.WindowShortcut)
            self.window.addAction(action)
        return action

    def _build_menu(self) -> None:
        bar = self.window.menuBar()
        menu = QMenu("&Review", self.window)
        help_action = next((a for a in bar.actions() if a.text() == "&Help"), None)
        bar.insertMenu(help_action, menu) if help_action is not None else bar.addMenu(menu)
        menu.addAction(self.mode)
        menu.addSeparator()
        menu.addActions([self.unanimous, self.unanimous_project, self.done])
        menu.addSeparator()
        menu.addAction(self.merge)
        self.menu = menu
        file_menu = next((a.menu() for a in bar.actions() if a.text() == "&File"), None)
        if file_menu is not None:
            file_menu.insertAction(self.window.actions_.scheme, self.merge)

    def _ensure_widgets(self) -> None:
        if self.panel is not None:
            return
        from annotator.ui.review.agreement import AgreementPanel
        from annotator.ui.review.panel import ReviewPanel
        from annotator.ui.review.text import ReviewText
        from annotator.ui.workspace.gold_feedback import GoldFeedback

        window, session = self.window, self.window.session
        self.panel, self.text = ReviewPanel(session), ReviewText(session)
        self.agreement, self.feedback = AgreementPanel(session), GoldFeedback(session)
        self.docks = [
            window._dock("reviewDock", "Review", self.panel, Qt.BottomDockWidgetArea),
            window._dock("reviewTextDock", "All annotators", self.text, Qt.BottomDockWidgetArea),
            window._dock("agreementDock", "Agreement", self.agreement, Qt.BottomDockWidgetArea),
        ]
        window.splitDockWidget(self.docks[0], self.docks[1], Qt.Horizontal)
        window.tabifyDockWidget(self.docks[1], self.docks[2])
        self.feedback_dock = window._dock("feedbackDock", "Differences from gold", self.feedback,
                                          Qt.LeftDockWidgetArea)
        self.feedback_dock.hide()
        self.panel.groupSelected.connect(self._on_group_selected)
        self.panel.statusChanged.connect(lambda _article, status: self.done.setChecked(status == "done"))
        self.text.quoteClicked.connect(lambda _article, quote_id: self.panel.select_quote(quote_id))
        self.feedback.spanClicked.connect(self._on_feedback_clicked)
        self.menu.addSeparator()
        self.menu.addAction("Refresh agreement", self.agreement.refresh)
        for dock in (*self.docks, self.feedback_dock):
            self.menu.addAction(dock.toggleViewAction())

    def update_visibility(self) -> None:
        """Turn review mode on for a multi-annotator project; show gold feedback where gold exists."""
        if not self.window.isVisible():
            if not self.waiting:  # at start-up: once painted (the first paint was posted before this)
                self.waiting = True
                self.window.shown.connect(lambda: QTimer.singleShot(0, self._after_first_paint))
            return
        self.waiting = False
        project = self.window.session.project
        annotators = set(registry.annotator_names(project)) - {GOLD}
        self.mode.setChecked(len(annotators) >= 2)
        self.set_active(self.mode.isChecked())
        has_gold = quote_store.has_quotes_by(project, GOLD)
        if has_gold and self.window.session.annotator != GOLD:
            self._ensure_widgets()
            self.feedback_dock.show()
            self._on_current_pane_changed(self.window.current_view())
        elif self.feedback_dock is not None:
            self.feedback_dock.hide()

    def _after_first_paint(self) -> None:
        # Queued twice: the first paint is queued with the show, ahead of the first callback's own queue.
        QTimer.singleShot(0, lambda: self.waiting and self.update_visibility())

    def set_active(self, active: bool) -> None:
        """Show or hide the reviewer's docks and point them at the current article."""
        self.remember_layout()
        if active:
            self._ensure_widgets()
        else:
            self.placed = None
        size = self.window.size()
        for dock in self.docks:
            dock.setVisible(active)
        # A reviewer decides in the review panel; the annotator's inspector only takes room then.
        self.window.docks[1].setVisible(not active)
        for pane in self.window.panes.panes():
            pane.refresh_meta()
        flow = getattr(self.window, "suggestion_flow", None)
        if flow is not None:
            flow.set_hidden(active)  # dashed suggestions beside the annotators' versions are only noise
        view = self.window.current_view()
        if not active and view is not None:
            view.text.setFocus(Qt.FocusReason.ShortcutFocusReason)  # back to marking quotes
        if active:
            self.docks[0].raise_()
            self._keep_size(size)
            self._place_docks(size)
            self._on_current_pane_changed(self.window.current_view())
            # The review keys (1-9, J/K, X, Ctrl+U) act in the group list: the keyboard goes there.
            self.panel.groups_view.setFocus(Qt.FocusReason.ShortcutFocusReason)
            annotators = set(registry.annotator_names(self.window.session.project)) - {GOLD}
            if len(annotators) < 2:
                self.window.statusBar().showMessage(
                    "Review mode compares annotators: bring their projects in with Review → Merge "
                    "annotators' projects…", 10000)

    def _place_docks(self, size) -> None:
        """Lay the review docks out under the panes, beside a corpus list as tall as the window."""
        window = self.window
        # With the bottom docks across the whole width, the corpus list kept the top third of a laptop's
        # height, two or three articles; the lead works through it article by article, so it keeps its column.
        window.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        # Every annotator's text reads in lines of 45 or so characters, and the agreement table tabbed with it
        # shows its κ columns, in SIDE_WIDTH pixels; on a laptop, where that and REVIEW_WIDTH for the review
        # panel's versions and key hint do not both fit, the text keeps 3/8 of the room.
        width = size.width() - self._left_docks_width()
        side = max(width * 3 // 8, min(SIDE_WIDTH, width - REVIEW_WIDTH))
        panel = width - side
        chosen = layout_memory.saved()  # the sizes the lead chose, if any
        if chosen is not None:
            panel = chosen.panel_width(size.width(), width, REVIEW_WIDTH, width - width * 3 // 8)
        window.resizeDocks(self.docks[:2], [panel, width - panel], Qt.Horizontal)
        # The versions table's height depends on the panel's new width: lay it out before measuring.
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        # Half the height, or what every version of the current group needs (at half, a laptop's 740 pixels
        # scrolled the versions' text row out of sight), up to 3/4; what the panel does not need is left to the
        # panes until they show READ_LINES lines of their articles (the lead reads the story there too).
        dock = self.docks[0]
        title = self.panel.mapTo(dock, QPoint(0, 0)).y()  # the dock's title bar
        needed = self.panel.full_height() + title
        room = self._room_under_panes(size)
        height = min(max(size.height() // 2, needed), size.height() * 3 // 4)
        height = min(height, max(needed, room))
        if chosen is not None:
            height = chosen.panel_height(size.height(), needed, room)
        window.resizeDocks([dock], [height], Qt.Vertical)
        window.layout().activate()  # the docks take their sizes now, to be measured as placed
        self.placed = self._measure()

    def _measure(self) -> layout_memory.ReviewSizes:
        """The review docks' sizes as they are on screen."""
        size, dock = self.window.size(), self.docks[0]
        # The panel's share of the docks' own widths, as resizeDocks shares them out (separator aside).
        beside = max((d.width() for d in self.docks[1:] if d.isVisible() and not d.isFloating()), default=0)
        share = dock.width() / max(1, dock.width() + beside)
        return layout_memory.ReviewSizes(dock.height(), share, (size.width(), size.height()))

    def remember_layout(self) -> None:
        """Keep the review docks' sizes for the next time review mode turns on, if the lead changed them."""
        if self.placed is None or not self.docks[0].isVisible() or self.docks[0].isFloating():
            return
        now = self._measure()
        if now.differs(self.placed, self.docks[0].width()):
            layout_memory.save(now)
            self.placed = now

    def _room_under_panes(self, size) -> int:
        """The bottom docks' height that leaves every pane READ_LINES lines of its article's text."""
        window, panes = self.window, self.window.panes
        views = [view for view in panes.panes() if view.isVisible()]
        if not views:
            return size.height()
        top = panes.mapTo(window, QPoint(0, 0)).y()
        bottom = size.height() - (window.statusBar().height() if window.statusBar().isVisible() else 0)
        separator = window.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetSeparatorExtent, None, window)
        # A pane's title, details and frame around its text; its lines are 140 % of the font's height.
        chrome = max(panes.height() - view.text.viewport().height() for view in views)
        text = max(math.ceil(READ_LINES * 1.4 * view.text.fontMetrics().height())
                   + 2 * math.ceil(view.text.document().documentMargin()) for view in views)
        return bottom - top - separator - chrome - text

    def _left_docks_width(self) -> int:
        """How far the docks on the window's left reach (0 with none shown there)."""
        window = self.window
        left = [d for d in window.findChildren(QDockWidget) if window.dockWidgetArea(d) == Qt.LeftDockWidgetArea
                and d.isVisible() and not d.isFloating()]
        return max((d.geometry().right() + 1 for d in left), default=0)

    def _keep_size(self, size) -> None:
        # Docks shown for the first time (no saved layout) are placed at their size hints, which grew a
        # 1366 x 740 window to 823 pixels, taller than a laptop screen: the user's size wins.
        window = self.window
        if window.size() != size and not (window.isMaximized() or window.isFullScreen()):
            # The docks' own layouts first: until they have their widths, their minimum heights are too tall.
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            window.resize(size.expandedTo(window.minimumSizeHint()))

    def _on_current_pane_changed(self, view) -> None:
        article_id = view.article_id if view is not None and view.article is not None else None
        if self.mode.isChecked() and self.panel is not None:
            self.panel.set_article(article_id)
            self.text.set_article(article_id)
        if self.feedback_dock is not None and self.feedback_dock.isVisible():
            self.feedback.set_article(article_id)

    def _unanimous(self, whole_project: bool) -> None:
        self.mode.setChecked(True)
        from annotator.ui.review.panel import unanimous_count

        count = self.panel.accept_unanimous(whole_project)
        if count:  # with none, the panel already says there was no undecided unanimous group
            self.window.statusBar().showMessage(f"Accepted {unanimous_count(count)} into gold.", 5000)

    def _set_done(self, done: bool) -> None:
        if self.panel is not None and self.mode.isChecked():
            self.panel.set_done(done)

    def _on_group_selected(self, _article_id: int, start: int, end: int) -> None:
        item = self.panel.current_item()
        ids = tuple(q.id for q in item.group.quotes) if item is not None else ()
        self.text.show_span(start, end, ids)

    def _on_feedback_clicked(self, article_id: int, start: int, _end: int) -> None:
        view = self.window.open_article(article_id)
        view.text.scroll_to_position(view.text.offsets.to_qt(start))

    def open_merge_dialog(self) -> None:
        """File → Merge: bring annotators' project files into this one."""
        from annotator.ui.review.merge_dialog import MergeDialog

        dialog = MergeDialog(self.window.session, self.window)
        dialog.merged.connect(lambda _report: self._after_merge())
        dialog.exec()

    def _after_merge(self) -> None:
        """List the merged articles; a review project merged into while empty shows its first two at once."""
        window = self.window
        window.corpus.model.reload()
        panes = window.panes.panes()
        if panes and all(view.article is None for view in panes):
            for view, article_id in zip(panes, window.corpus.model.article_ids()[:2], strict=False):
                window.open_article(article_id, view)
            window.panes.set_current(panes[0])
        self.update_visibility()
