"""Wires suggestions into the window: ask when an article opens, show them dashed, keep them current."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar

from annotator.services.commands import Change
from annotator.store import articles as article_store
from annotator.ui.workspace.article_view import ArticleView
from annotator.ui.workspace.suggestions import SuggestionController


class SuggestionFlow(QObject):
    """Owns the suggestion controller for a main window and keeps every pane's dashed layer up to date."""

    def __init__(self, window, model: str | None = None):
        super().__init__(window)
        self.window = window
        self.controller = SuggestionController(window.session, model=model, parent=self)
        self.controller.suggestionsReady.connect(self._on_ready)
        self.controller.busyChanged.connect(self._on_busy)
        self.controller.messageChanged.connect(self._on_message)
        self.controller.progressChanged.connect(self._on_progress)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # busy until a long article's first piece tells how far it is
        self.busy.setMaximumWidth(90)
        self.busy.setMaximumHeight(14)
        self.busy.setToolTip("Suggesting quotes in the background")
        self.busy.hide()
        self.notice = QLabel()
        self._shown = ""  # the last model message put in the status bar
        self.hidden = False  # in review mode the panes show the annotators' work, not spaCy's guesses
        self._start_wanted = False  # the window asked to start while suggestions were hidden
        window.statusBar().insertPermanentWidget(0, self.busy)  # left of progress and name, never over a message
        window.statusBar().insertPermanentWidget(0, self.notice)
        window.session.changed.connect(self._on_session_changed)
        window.articleShown.connect(self._on_article_shown)
        window.panes.paneClosed.connect(self._drop_unshown)

    def start(self) -> None:
        """Load spaCy in the background, then ask for every open article (once annotating: not in review mode)."""
        mode = getattr(self.window, "review_mode", None)
        if mode is not None and mode.waiting:
            # A review project turns review mode on just after the window's first paint: see which it is first.
            QTimer.singleShot(50, self, self.start)
            return
        if self.hidden:
            # Review mode shows no suggestion anywhere: the model (a process of its own, hundreds of megabytes)
            # loads when the lead goes back to annotating, not for nothing at every start of a review project.
            self._start_wanted = True
            return
        self._start_wanted = False
        self.controller.start()
        for view in self._views():
            self.controller.request(view.article_id)

    def stop(self) -> None:
        """Stop the worker process (or thread)."""
        self.controller.stop()

    def set_hidden(self, hidden: bool) -> None:
        """Hide every pane's suggestions (review mode) or show them again (back to annotating)."""
        if hidden == self.hidden:
            return
        self.hidden = hidden
        if not hidden and self._start_wanted:
            self.start()  # loads the model, then asks for every open article
            return
        for view in self._views():
            view.set_suggestions([], keep_position=True)
            if not hidden:  # from the cache at once, or computed now for an article opened while reviewing
                self.controller.request(view.article_id)

    def _views(self) -> list[ArticleView]:
        return [v for v in self.window.panes.panes() if v.article is not None]

    def _on_article_shown(self, view: ArticleView) -> None:
        view.set_suggestions([])
        self._drop_unshown()  # the article this pane showed before may be half-suggested: not worth finishing
        if not self.hidden:  # a reviewer never sees them: asked for when annotating resumes
            self.controller.request(view.article_id)

    def _drop_unshown(self) -> None:
        self.controller.keep_only({view.article_id for view in self._views()})

    def _on_ready(self, article_id: int, suggestions: list) -> None:
        if self.hidden:
            return  # computed and cached all the same: shown when review mode ends
        for view in self._views():
            if view.article_id == article_id:
                view.set_suggestions(suggestions, keep_position=True)

    def _on_session_changed(self, change: Change) -> None:
        # Accepting, rejecting or undoing either changes which suggestions are still open in an article.
        if self.hidden:
            return
        for view in self._views():
            if view.article_id in change.articles and self.controller.key is not None:
                view.set_suggestions(self.controller.open_for(view.article_id), keep_position=True)

    def _on_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        if not busy:
            self.busy.setRange(0, 0)  # the next job starts as "busy" until its first piece says how far

    def _on_progress(self, done: int, total: int) -> None:
        if done < total:
            # A long article comes piece by piece: how much of it is suggested so far.
            self.busy.setRange(0, total)
            self.busy.setValue(done)

    def _on_message(self, message: str) -> None:
        if self.controller.stopped:
            return  # the window is closing and its project may be closed already
        degraded, death = self.controller.degraded, self.controller.death
        # A death stays beside the progress bar until a new process has loaded: the status bar may be
        # showing a message the user has not read yet, which model news never covers.
        # Short beside the permanent widgets, which otherwise squeeze the message area; the tooltip says why.
        self.notice.setText("⚠ Suggestions stopped" if death else
                            "⚠ Suggestions degraded (no trained spaCy model)" if degraded else "")
        self.notice.setToolTip(death)
        if not article_store.article_count(self.window.session.project):
            return  # the status bar is telling the user how to import articles; model news can wait
        bar = self.window.statusBar()
        if degraded or bar.currentMessage() in ("", self._shown):
            # Model news replaces model news, never a message the user has not had time to read.
            bar.showMessage(message, 0 if degraded else 4000)
            self._shown = message
