"""The annotation window: corpus on the left, article panes in the middle, inspector and quote list right."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QSplitter, QWidget

from annotator.core.model import KINDS, Quote
from annotator.core.text import plural
from annotator.services import commands
from annotator.services.commands import Change
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.store import registry
from annotator.ui.corpus.corpus_list import CorpusPanel
from annotator.ui.shared.plain import ElidedLabel, window_title
from annotator.ui.speakers.panel import SpeakersPanel
from annotator.ui.window import restore as window_state
from annotator.ui.window.actions import WindowActions
from annotator.ui.workspace.article_view import ArticleView
from annotator.ui.workspace.inspector import QuoteInspector
from annotator.ui.workspace.panes import PaneArea
from annotator.ui.workspace.quote_list import QuoteTable

_QUOTE_MARKS = "\"'“”‘’«»„‚‹›「」"


def _history_text(verb: str, step: str) -> str:
    """ "&Undo set topics", or the bare verb when there is nothing to undo."""
    return f"{verb} {step[:1].lower()}{step[1:]}" if step else verb


def guess_kind(text: str) -> str:
    """Direct when the span starts or ends in quotation marks, else indirect; the annotator can change it."""
    stripped = text.strip()
    return "direct" if stripped and (stripped[0] in _QUOTE_MARKS or stripped[-1] in _QUOTE_MARKS) else "indirect"


class MainWindow(QMainWindow):
    """Assembles the panels and routes every user action to a command on the session."""

    shown = Signal()  # the first time the window is on screen
    articleShown = Signal(object)  # an ArticleView that now shows another article

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._shown_once = False
        self.setObjectName("mainWindow")
        self.setDockNestingEnabled(True)
        self.actions_ = WindowActions(self)

        self.panes = PaneArea()
        self.panes.paneAdded.connect(self._on_pane_added)
        self.panes.currentChanged.connect(self._on_current_pane_changed)
        self.panes.articleDropped.connect(self._on_article_dropped)
        self.setCentralWidget(self.panes)

        self.corpus = CorpusPanel(session)
        self.corpus.articleActivated.connect(self.open_article)
        self.corpus.articleOpenedBeside.connect(lambda article_id: self.open_article(article_id, beside=True))
        self.inspector = QuoteInspector(session)
        self.inspector.editingFinished.connect(self.focus_text)
        self.quote_list = QuoteTable()
        self.quote_list.quoteClicked.connect(self._on_list_quote_clicked)
        right = QSplitter(Qt.Vertical)
        right.addWidget(self.inspector)
        right.addWidget(self.quote_list)
        right.setStretchFactor(1, 1)
        self.docks = [
            self._dock("corpusDock", "Corpus", self.corpus, Qt.LeftDockWidgetArea),
            self._dock("inspectorDock", "Quote", right, Qt.RightDockWidgetArea),
        ]
        self.speakers_panel = None
        self._claims_board = self._claims_dock = None
        self.suggestion_flow = self.training = None  # set by app.build_window when suggestions are on
        self._add_optional_panels()

        self.actions_.build_menus(self.docks)
        self.actions_.build_toolbar()
        self._connect_actions()
        from annotator.ui.scheme.guidelines import install_guidelines

        install_guidelines(self)  # Shift+F1: the project's guidelines, beside the inspector
        from annotator.ui.corpus.article_details import install_article_details

        install_article_details(self)  # Ctrl+Shift+D: title, outlet, date, URL of the current article
        from annotator.ui.window.part_keys import install_part_keys

        install_part_keys(self)  # Ctrl+Tab between panes, Ctrl+Shift+A the agreement panel
        self.status_name = ElidedLabel()  # an annotator's name of any length never widens the window
        self.status_name.setMaximumWidth(320)
        self.status_progress = QLabel()
        self.statusBar().addPermanentWidget(self.status_progress)
        self.statusBar().addPermanentWidget(self.status_name)
        session.changed.connect(self._on_session_changed)
        session.undo_stack.canUndoChanged.connect(self.actions_.undo.setEnabled)
        session.undo_stack.canRedoChanged.connect(self.actions_.redo.setEnabled)
        # Edit → Undo names the step it will take back ("Undo set topics").
        session.undo_stack.undoTextChanged.connect(lambda t: self.actions_.undo.setText(_history_text("&Undo", t)))
        session.undo_stack.redoTextChanged.connect(lambda t: self.actions_.redo.setText(_history_text("&Redo", t)))
        self.actions_.undo.setEnabled(False)
        self.actions_.redo.setEnabled(False)
        self._install_label_keys()
        self.resize(1480, 900)
        self._update_title()
        self._update_status()
        from annotator.ui.window.assignment_status import AssignmentStatus

        self.assignment = AssignmentStatus(self)  # an assigned project's note, next-not-done key, Add batch
        from annotator.ui.window.project_watch import ProjectWatch

        self.project_watch = ProjectWatch(self)  # failed writes, read-only projects, other programs' changes
        from annotator.ui.workspace.pane_room import PaneRoom

        self.room = PaneRoom(self)  # on a narrow window the side docks give way to the panes

    def _dock(self, name: str, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetClosable | QDockWidget.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _add_optional_panels(self) -> None:
        """Dock the claims board and the speakers panel, tabbed with the corpus."""
        # The board aggregates every quote with a claim: its module (and numpy with it) is imported and the
        # board built the first time its tab is shown (or the board is asked for), not while the window starts.
        self._claims_dock = self._dock("claimsDock", "Claims", QWidget(), Qt.LeftDockWidgetArea)
        self._claims_dock.visibilityChanged.connect(lambda visible: visible and self.claims_board)
        self.docks.append(self._claims_dock)
        self.tabifyDockWidget(self.docks[0], self.docks[-1])
        self.speakers_panel = SpeakersPanel(self.session)
        self.docks.append(self._dock("speakersDock", "Speakers", self.speakers_panel, Qt.LeftDockWidgetArea))
        self.tabifyDockWidget(self.docks[0], self.docks[-1])
        self.docks[0].raise_()
        self.resizeDocks([self.docks[0], self.docks[1]], [310, 390], Qt.Horizontal)

    @property
    def claims_board(self):
        """The claims board, built on first use; None when the app has none."""
        if self._claims_board is None and self._claims_dock is not None:
            from annotator.ui.claims.board import ClaimsBoard

            self._claims_board = ClaimsBoard(self.session)
            self._claims_board.quoteActivated.connect(self.show_quote)
            self._claims_dock.setWidget(self._claims_board)
        return self._claims_board

    def _connect_actions(self) -> None:
        a = self.actions_
        a.undo.triggered.connect(lambda: self._step_history(undo=True))
        a.redo.triggered.connect(lambda: self._step_history(undo=False))
        a.new_quote.triggered.connect(lambda: self.create_quote(snap=True))
        a.new_quote_raw.triggered.connect(lambda: self.create_quote(snap=False))
        a.set_span.triggered.connect(self.set_span)
        a.delete_quote.triggered.connect(self.delete_quote)
        a.next_quote.triggered.connect(lambda: self._step(True))
        a.prev_quote.triggered.connect(lambda: self._step(False))
        a.cycle_kind.triggered.connect(self.cycle_kind)
        for action, focus in ((a.focus_speaker, self.inspector.focus_speaker), (a.focus_claim, self.inspector.focus_claim),
                              (a.focus_topics, self.inspector.focus_topics)):
            action.triggered.connect(lambda _c=False, f=focus: self._current_quote()[1] is not None and f())
        a.accept_suggestion.triggered.connect(lambda: self._pane_call("accept_suggestion"))
        a.reject_suggestion.triggered.connect(lambda: self._pane_call("reject_suggestion"))
        a.accept_all.triggered.connect(lambda: self._pane_call("accept_all_suggestions"))
        a.back_to_text.triggered.connect(self.focus_text)
        a.mark_done.triggered.connect(self.toggle_done)
        a.add_pane.triggered.connect(self._on_add_pane)
        a.sync_scroll.toggled.connect(self.panes.set_synchronised)
        a.equal_widths.triggered.connect(self.panes.share_width)
        a.find.triggered.connect(self._on_find)
        a.shortcuts.triggered.connect(self.show_shortcuts)
        a.quit.triggered.connect(self.close)
        from annotator.ui.window.file_ops import FileOperations

        self.files = FileOperations(self)

    def _install_label_keys(self) -> None:
        actions = self.actions_.label_key_actions(self.session.scheme, self.set_stance, self.toggle_topic)
        for pane in self.panes.panes():
            pane.addActions(actions)

    # panes ----------------------------------------------------------------------------------------------
    def _on_pane_added(self, view: ArticleView) -> None:
        view.addActions(self.actions_.text_actions + self.actions_.label_actions)
        view.quoteSelected.connect(self._on_quote_selected)
        view.suggestionChanged.connect(lambda _s, v=view: v is self.panes.current and self._show_in_inspector())
        view.on_accept = lambda s, v=view: self._accept_suggestions(v, [s])
        view.on_accept_all = lambda items, v=view: self._accept_suggestions(v, items)
        view.on_reject = lambda s, v=view: self._reject_suggestion(v, s)

    def _on_add_pane(self) -> None:
        view = self.panes.add_pane()
        if view is None:
            self.statusBar().showMessage("Four panes at most: close one first.", 4000)

    def open_article(self, article_id: int, pane: ArticleView | None = None, beside: bool = False) -> ArticleView:
        """Show an article: in its pane if open, else the given pane, an empty one, or the current one."""
        view = self.panes.pane_for(article_id)
        if view is None:
            view = pane or self.panes.target_pane(beside)
            replaced = view.article
            article = article_store.get_article(self.session.project, article_id)
            view.set_article(article, self._quotes_of(article_id), self.stance_colours())
            self.articleShown.emit(view)
            if replaced is not None and pane is None:
                self.statusBar().showMessage(
                    f"Opened in place of “{replaced.title or replaced.source}”: Ctrl+Enter in the corpus opens"
                    " an article beside the others (up to four panes).", 6000)
        self.panes.set_current(view)
        view.setFocus()
        return view

    def _on_article_dropped(self, article_id: int, pane: ArticleView | None) -> None:
        self.open_article(article_id, pane)

    def show_quote(self, article_id: int, quote_id: int) -> None:
        """Open a quote's article (claims board, lists) and select the quote."""
        self.open_article(article_id).select_quote(quote_id)

    def current_view(self) -> ArticleView | None:
        """The pane the keys act on."""
        view = self.panes.current
        return view if view is not None and view.article is not None else None

    def focus_text(self) -> None:
        """Give the keyboard back to the current article's text."""
        if self.panes.current is not None:
            self.panes.current.text.setFocus(Qt.OtherFocusReason)

    def _on_current_pane_changed(self, view: ArticleView | None) -> None:
        self._fill_quote_list()
        self._show_in_inspector()

    def _on_quote_selected(self, article_id: int, quote_id: int) -> None:
        view = self.sender()
        if view is not self.panes.current:
            self.panes.set_current(view)
        self._show_in_inspector()
        self.quote_list.show_current(None if quote_id < 0 else quote_id)

    def _on_list_quote_clicked(self, quote_id: int) -> None:
        if self.current_view() is not None:
            self.current_view().select_quote(quote_id)
            self.focus_text()

    def _fill_quote_list(self) -> None:
        view = self.current_view()
        if view is None:
            self.quote_list.model_.set_quotes("", [], {})
            return
        self.quote_list.model_.set_quotes(view.article.text, view.quotes, self.stance_colours())
        self.quote_list.show_current(view.current_id)

    def _show_in_inspector(self) -> None:
        view = self.current_view()
        quote = view.quote(view.current_id) if view is not None else None
        self.inspector.show_quote(quote, view.article.text if view is not None else "")
        if quote is None and view is not None and view.suggestion() is not None:
            self.inspector.show_suggestion(view.suggestion(), view.article.text)

    # quotes ---------------------------------------------------------------------------------------------
    def _quotes_of(self, article_id: int) -> list[Quote]:
        return quote_store.quotes_for_article(self.session.project, article_id, self.session.annotator)

    def stance_colours(self) -> dict[str, QColor]:
        """Stance name to colour, from the scheme."""
        return {label.name: QColor(label.colour) for label in self.session.scheme.stances}

    def _current_quote(self) -> tuple[ArticleView, Quote] | tuple[None, None]:
        view = self.current_view()
        quote = view.quote(view.current_id) if view is not None else None
        if quote is None:
            self._say_no_quote(view)
        return (view, quote) if quote is not None else (None, None)

    def _say_no_quote(self, view: ArticleView | None) -> None:
        """A quote key pressed with no quote selected says why nothing happened."""
        if view is not None and view.suggestion() is not None:
            message = "That key sets a quote's field: accept the suggestion first (Enter), or reject it (X)."
        else:
            message = "No quote selected: Tab to one, or select text and press Q."
        self.statusBar().showMessage(message, 4000)

    def _step_history(self, undo: bool) -> None:
        """Undo or redo one step; a quote it brings back or changes is selected and shown."""
        stack = self.session.undo_stack
        position = stack.index() - 1 if undo else stack.index()
        command = stack.command(position).command if 0 <= position < stack.count() else None
        (self.session.undo if undo else self.session.redo)()
        quote_id = getattr(command, "quote_id", None)
        view = next((v for v in self.panes.panes() if quote_id is not None and v.quote(quote_id)), None)
        if view is not None:
            self.panes.set_current(view)
            view.select_quote(quote_id)

    def create_quote(self, snap: bool = True) -> int | None:
        """Make a quote of the current selection (whole words unless snap is False)."""
        view = self.current_view()
        span = view.selection_span(snap) if view is not None else None
        if span is None:
            self.statusBar().showMessage("Select some text first, then press Q.", 4000)
            return None
        start, end = span
        kind = guess_kind(view.article.text[start:end])
        command = commands.AddQuote(Quote(None, view.article_id, start, end, self.session.annotator, kind=kind))
        self.session.push(command)
        view.clear_selection()
        view.select_quote(command.quote_id, scroll=False)
        return command.quote_id

    def set_span(self) -> None:
        """Move the current quote (or, before accepting it, the current suggestion) onto the selected text."""
        current = self.current_view()
        span = current.selection_span(True) if current is not None else None
        if span is not None and current.current_id is None and current.reshape_suggestion(*span):
            current.clear_selection()
            return
        view, quote = self._current_quote()
        span = view.selection_span(True) if view is not None else None
        if span is None:
            self.statusBar().showMessage("Select a quote, then the new text, then press E.", 4000)
            return
        if span != (quote.start, quote.end):
            self.session.push(commands.SetSpan(quote.id, *span))
        view.clear_selection()

    def delete_quote(self) -> None:
        """Remove the current quote (undo brings it back)."""
        view, quote = self._current_quote()
        if quote is not None:
            self.session.push(commands.DeleteQuote(quote.id))

    def set_stance(self, name: str) -> None:
        """Set (or, when it is already set, clear) the current quote's stance."""
        _view, quote = self._current_quote()
        if quote is not None:
            self.session.push(commands.SetStance(quote.id, None if quote.stance == name else name))

    def toggle_topic(self, name: str) -> None:
        """Add or remove a topic of the current quote."""
        _view, quote = self._current_quote()
        if quote is not None:
            topics = set(quote.topics) ^ {name}
            self.session.push(commands.SetTopics(quote.id, sorted(topics)))

    def cycle_kind(self) -> None:
        """Direct → indirect → mixed → direct."""
        _view, quote = self._current_quote()
        if quote is not None:
            self.session.push(commands.SetKind(quote.id, KINDS[(KINDS.index(quote.kind) + 1) % len(KINDS)]))

    def _step(self, forward: bool) -> None:
        view = self.current_view()
        if view is not None:
            view.step_quote(forward)

    def _pane_call(self, method: str) -> None:
        view = self.current_view()
        if view is not None and not getattr(view, method)():
            self.statusBar().showMessage("No suggestion here.", 3000)

    def _accept_suggestions(self, view: ArticleView, suggestions: list) -> None:
        text = view.article.text
        todo = [
            commands.AcceptSuggestion(view.article_id, self.session.annotator, s,
                                      mention=text[s.speaker_span[0] : s.speaker_span[1]] if s.speaker_span else None,
                                      suggested_at=view.suggested_at(s))
            for s in suggestions
        ]
        if len(todo) == 1:
            saved = self.session.push(todo[0])
        else:
            macro = commands.Macro(f"Accept {plural(len(todo), 'suggestion')}", todo)
            saved = bool(todo) and self.session.push(macro)
        if saved:  # refused (another program writing), they stay dashed on screen, to accept again
            self._drop_suggestions(view, suggestions)

    def _reject_suggestion(self, view: ArticleView, suggestion) -> None:
        start, end = view.suggested_at(suggestion)
        original = replace(suggestion, start=start, end=end)
        if self.session.push(commands.RejectSuggestion(view.article_id, self.session.annotator, original)):
            self._drop_suggestions(view, [suggestion])

    def _drop_suggestions(self, view: ArticleView, gone: list) -> None:
        index = view.current_suggestion or 0
        view.suggestions = [s for s in view.suggestions if s not in gone]
        # The next one in reading order becomes current without moving the text under the annotator's eyes.
        view.set_current_suggestion(min(index, len(view.suggestions) - 1) if view.suggestions else None, scroll=False)

    # refresh --------------------------------------------------------------------------------------------
    def _on_session_changed(self, change: Change) -> None:
        """Refresh only the panes, rows and lists a command touched."""
        for view in self.panes.panes():
            if view.article is None:
                continue
            shown = {q.id for q in view.quotes}
            if view.article_id in change.articles or shown & change.quotes:
                fresh = self._quotes_of(view.article_id) if change.everything else None
                view.set_quotes(fresh if fresh is not None else self._patched_quotes(view, change.quotes))
                if view is self.panes.current:
                    self._fill_quote_list()
                    # Another program's commit (or a refused write) must not wipe a name the annotator is
                    # typing; a stance button or topic box, though, shows again what the file holds.
                    if not (change.everything and self.inspector.typing()):
                        self._show_in_inspector()
        if change.speakers or change.claims:
            self.inspector.names_changed()
        if change.everything:  # another program may have added articles
            self.corpus.model.reload()
        else:
            self.corpus.model.refresh_articles(change.articles)
        self._update_status()

    def _patched_quotes(self, view: ArticleView, changed: set[int]) -> list[Quote]:
        """The pane's quotes with the changed ones re-read; a few lookups beat reloading thousands."""
        if len(changed) > 50:
            return self._quotes_of(view.article_id)
        kept = {q.id: q for q in view.quotes if q.id not in changed}
        for quote_id in changed:
            try:
                quote = quote_store.get_quote(self.session.project, quote_id)
            except KeyError:  # deleted
                continue
            if quote.article_id == view.article_id and quote.annotator == self.session.annotator:
                kept[quote_id] = quote
        return list(kept.values())

    def toggle_done(self) -> None:
        """Mark the current article done for this annotator, or back to in progress."""
        view = self.current_view()
        if view is None:
            return
        project = self.session.project
        annotator_id = registry.annotator_id(project, self.session.annotator)  # a read: the command writes
        done = annotator_id is not None and article_store.article_status(project, view.article_id, annotator_id) == "done"
        if self.session.push(commands.SetArticleDone(view.article_id, self.session.annotator, not done)):
            self.statusBar().showMessage("Marked in progress." if done else "Marked done.", 3000)

    def _update_status(self) -> None:
        done, total = self.corpus.model.done_count()
        text = f"{done:,} of {plural(total, 'article')} done"
        mode = getattr(self, "review_mode", None)
        if mode is not None and mode.mode.isChecked():
            from annotator.store.review import reviewed_count

            counts = self.corpus.model.review_counts()  # decided in full, or marked done
            reviewed = counts[0] if counts else reviewed_count(self.session.project)
            text = f"{reviewed:,} of {plural(total, 'article')} reviewed" + (f" · {counts[1]:,} in review" if counts else "")
        self.status_progress.setText(text)
        self.status_name.setText(f"  Annotator: {self.session.annotator}  ")

    def _update_title(self) -> None:
        path = self.session.project.path
        self.setWindowTitle(window_title(f"{path.name if path else 'In-memory project'} — Annotator"))

    def show_shortcuts(self) -> None:
        """The sheet of keyboard shortcuts."""
        from annotator.ui.window.shortcuts import ShortcutSheet

        ShortcutSheet(self.session, self).exec()

    def _on_find(self) -> None:
        self.room.restore()
        self.docks[0].show()
        self.docks[0].raise_()
        self.corpus.search.setFocus()
        self.corpus.search.selectAll()

    # state ----------------------------------------------------------------------------------------------
    def reload_project(self) -> None:
        """Rebuild every view after the session switched project files."""
        for view in self.panes.panes():
            self.panes.close_pane(view)
        self.corpus.model.reload()
        self.inspector.reload_labels()
        self.inspector.reload_names()
        self._install_label_keys()
        self._update_title()
        self._update_status()
        window_state.restore_panes(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the layout; the project itself is always saved already."""
        self.inspector.show_quote(None)  # flushes a note still being typed
        if self.suggestion_flow is not None:
            self.suggestion_flow.stop()
        if self.training is not None:
            self.training.stop()
        self.room.restore()  # docks folded for room are saved as shown
        window_state.save(self)
        super().closeEvent(event)
        if event.isAccepted():
            self.session.end()

    def showEvent(self, event) -> None:
        """Announce the first show (start-up timing, deferred loading)."""
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.shown.emit()
            QTimer.singleShot(0, self._first_focus)

    def _first_focus(self) -> None:
        """A review project starts with the keyboard in the review list (activation may have moved it)."""
        mode = getattr(self, "review_mode", None)
        if mode is None:
            return
        mode.mode.toggled.connect(lambda _on: self._update_status())  # progress in reviews, or in quotes
        mode.mode.toggled.connect(self.corpus.model.set_review)  # the corpus list shows review states
        self.corpus.model.reviewChanged.connect(self._update_status)
        self.corpus.model.set_review(mode.mode.isChecked())
        self._update_status()
        if mode.mode.isChecked() and mode.panel is not None:
            mode.panel.groups_view.setFocus(Qt.OtherFocusReason)
