"""The lead reviewer's panel: an article's aligned quote groups, settled into gold with the keyboard."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.alignment import FIELDS
from annotator.core.text import plural
from annotator.services.commands import Change
from annotator.services.review import (
    DecideGroup,
    ReviewItem,
    SetReviewStatus,
    annotators_of,
    article_review_status,
    review_items,
    unanimous_decisions,
)
from annotator.store import articles as article_store
from annotator.store import registry
from annotator.ui.review.header import ReviewHeader
from annotator.ui.review.keys import review_command
from annotator.ui.review.model import (
    EDITED,
    ChipDelegate,
    GroupsModel,
    VersionsModel,
    annotator_colours,
    review_table,
)
from annotator.ui.review.versions_table import fit_rows, versions_table
from annotator.ui.session import Session
from annotator.ui.shared.plain import ElidedLabel, button_text

# One line under the panel beside a laptop's corpus list (the long form wrapped to two); Enter and X are on
# the buttons just above it, and the tooltip spells every key out.
_HINT = "1–9 version · Space/click field · F2 edit gold · J/K next/prev · Ctrl+U unanimous · Ctrl+D done"
_HINT_EXPLAINED = ("1–9 take a version · click a cell or Space to take one field · F2 types a gold field · "
                   "Enter commits · X rejects · J/K next/previous group · Ctrl+U accepts every unanimous group · "
                   "Ctrl+D marks the review done")
_NOT_SAVED = "Not saved: the project could not be written (the status bar says why); nothing went into gold."


def unanimous_count(count: int) -> str:
    """'1 unanimous quote', '5 unanimous quotes'."""
    return plural(count, "unanimous quote")


class ReviewPanel(QWidget):
    """Lists an article's aligned groups and settles each into gold: a version, fields picked, or a reject."""

    groupSelected = Signal(int, int, int)  # article id, start, end
    statusChanged = Signal(int, str)  # article id, to_review / in_review / done

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.article_id: int | None = None
        self.annotators: list[str] = []
        self.status = "to_review"
        self._text = ""
        self._colours: dict = {}
        self._spans: tuple[str, ...] = ()

        self.groups = GroupsModel(self)
        self.versions = VersionsModel(self)
        self.groups_view = review_table(self.groups)
        self.groups_view.setItemDelegate(ChipDelegate(self.groups_view))
        self.groups_view.setWordWrap(False)
        # A quote reads from its start ("that the centr…nctions regime" read as neither end); the chips'
        # columns are as wide as their chips and the quote takes the rest.
        self.groups_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.groups_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.groups_view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.versions_view = versions_table(self.versions)
        self.versions.editRejected.connect(self._say)
        self.versions_view.clicked.connect(self._on_cell_clicked)

        self.header = ReviewHeader()
        self.header.unanimous_action.triggered.connect(lambda: self.accept_unanimous(False))
        self.header.unanimous_project_action.triggered.connect(lambda: self.accept_unanimous(True))
        self.header.done_action.triggered.connect(self.set_done)

        self.take_buttons = QHBoxLayout()
        self.reject_button = QPushButton("Reject (X)")
        self.reject_button.clicked.connect(self.reject)
        self.commit_button = QPushButton("Commit edited (Enter)")
        self.commit_button.clicked.connect(self.commit_draft)
        for button in (self.reject_button, self.commit_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # One line whatever it says, cut with "…" (the whole in its tooltip): a reply of another height
        # than the key hint moved the tables above it, and the reviewer's next click landed on another field.
        self.message = ElidedLabel()
        self.message.set_explained(_HINT, _HINT_EXPLAINED)
        self.message.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        buttons = QHBoxLayout()
        buttons.addLayout(self.take_buttons)
        buttons.addStretch(1)
        buttons.addWidget(self.commit_button)
        buttons.addWidget(self.reject_button)
        # The versions table is as tall as its rows; the list of groups takes the rest.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 2)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        self.groups_view.setMinimumHeight(3 * self.groups_view.fontMetrics().height() * 2)
        layout.addWidget(self.groups_view, 1)
        layout.addWidget(self.versions_view)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        for widget in (self, self.groups_view, self.versions_view):
            widget.installEventFilter(self)
        self.setFocusProxy(self.groups_view)
        QWidget.setTabOrder(self.groups_view, self.versions_view)
        self._versions_shown: tuple = ()
        session.changed.connect(self._on_changed)
        session.projectReplaced.connect(lambda: self.set_article(None))
        self._update_header()

    # loading -------------------------------------------------------------------------------------
    def set_article(self, article_id: int | None) -> None:
        """Review an article (None: nothing)."""
        self.article_id = article_id
        self._reload(keep=None)
        if self.groups.items:
            self.select_row(self._next_open_row(-1, forward=True))

    def _reload(self, keep: str | None) -> None:
        project, before = self.session.project, self.status
        items: list[ReviewItem] = []
        if self.article_id is not None:
            self._text = article_store.get_article(project, self.article_id).text
            items = review_items(project, self.article_id)
            self._colours = annotator_colours(registry.annotator_names(project))
            self.annotators = annotators_of([q for item in items for q in item.group.quotes])
            self.status = article_review_status(project, self.article_id, items)
        else:
            self._text, self.annotators, self.status = "", [], "to_review"
        self.groups.set_items(items, self._text, self._colours)
        # Every version's text, gold's too: the versions table's text row fits the longest of the article's.
        self._spans = tuple(q.text_in(self._text) for item in items
                            for q in (*item.group.quotes, *([item.gold] if item.gold is not None else [])))
        self._rebuild_take_buttons()
        row = self.groups.row_of(keep)
        if row >= 0:
            self.select_row(row)
        else:
            self._versions_shown = ()
            self.versions.set_item(None, self.annotators, self._text, self._colours)
        self._update_header()
        if self.article_id is not None and self.status != before:
            self.statusChanged.emit(self.article_id, self.status)

    def _rebuild_take_buttons(self) -> None:
        if [b.property("annotator") for b in self._take_buttons()] == self.annotators[:9]:
            return
        while self.take_buttons.count():
            widget = self.take_buttons.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for number, name in enumerate(self.annotators[:9], 1):
            button = QPushButton(f"{number}  Take {button_text(name, 16)}")  # a row of names: each kept short
            button.setToolTip(f"Put {name}'s version into gold (key {number})")
            button.setProperty("annotator", name)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys keep going to the list of groups
            button.clicked.connect(lambda _=False, who=name: self.take_version(who))
            self.take_buttons.addWidget(button)
            button.show()

    def _take_buttons(self) -> list[QPushButton]:
        return [self.take_buttons.itemAt(k).widget() for k in range(self.take_buttons.count())]

    def _update_header(self) -> None:
        items = self.groups.items
        decided = sum(item.decision is not None for item in items)
        self.header.show_progress(self.status, decided, len(items), self.article_id is not None)
        self.commit_button.setEnabled(self.versions.draft is not None)

    # selection ------------------------------------------------------------------------------------
    def current_item(self) -> ReviewItem | None:
        """The group being reviewed."""
        row = self.groups_view.currentIndex().row()
        return self.groups.items[row] if 0 <= row < len(self.groups.items) else None

    def select_row(self, row: int) -> None:
        """Make a group current (it shows in the detail and the text scrolls to it)."""
        if not 0 <= row < self.groups.rowCount():
            return
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.groups_view.selectionModel().setCurrentIndex(self.groups.index(row, 1), flags)
        self.groups_view.scrollTo(self.groups.index(row, 1))

    def select_quote(self, quote_id: int) -> None:
        """Make current the group holding a quote (an annotator's or its gold version)."""
        for row, item in enumerate(self.groups.items):
            if any(q.id == quote_id for q in item.group.quotes) or (item.gold and item.gold.id == quote_id):
                self.select_row(row)
                return

    def step(self, forward: bool) -> None:
        """Move to the next (or previous) group."""
        row = self.groups_view.currentIndex().row() + (1 if forward else -1)
        self.select_row(max(0, min(row, self.groups.rowCount() - 1)))

    def _next_open_row(self, row: int, forward: bool = True) -> int:
        n = len(self.groups.items)
        for k in range(1, n + 1):
            candidate = (row + (k if forward else -k)) % n
            if self.groups.items[candidate].decision is None:
                return candidate
        return max(row, 0)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.groups.items[current.row()] if current.isValid() else None
        stances = [label.name for label in self.session.scheme.stances]
        shown = (item, tuple(self.annotators), self._text, tuple(stances))
        if shown != self._versions_shown:
            # An edit elsewhere in the article rebuilds the group list, not this group: its versions (and
            # the reviewer's draft of it) stay as they are instead of being laid out and painted again.
            self._versions_shown = shown
            self.versions.stance_names = stances
            self.versions.set_item(item, self.annotators, self._text, self._colours)
            self._fit_versions()
        first = next((FIELDS.index(f) for f in item.disagreements), 0) if item else 0
        if item is not None:
            self.versions_view.setCurrentIndex(self.versions.index(first, 0))
            self.groupSelected.emit(item.article_id, item.group.start, item.group.end)
        self._update_header()

    def _fit_versions(self) -> None:
        fit_rows(self.versions_view, self._spans)

    def full_height(self) -> int:
        """The panel's height with the group list at its least and every row of the versions table in sight."""
        view = self.versions_view
        return self.minimumSizeHint().height() - view.minimumHeight() + view.maximumHeight()

    def resizeEvent(self, event) -> None:
        """Rewrapped quote text changes the versions table's height."""
        super().resizeEvent(event)
        self._fit_versions()

    # decisions ------------------------------------------------------------------------------------
    def take_version(self, annotator: str) -> bool:
        """Put one annotator's version of the current group into gold."""
        item = self.current_item()
        quote = None if item is None else item.group.by_annotator.get(annotator)
        if quote is None:
            self._say(f"{annotator} did not mark this quote: press X to reject it, or take another version.")
            return False
        self._decide(item, quote, annotator)
        return True

    def take_number(self, number: int) -> bool:
        """Take the version of the article's annotator number ``number`` (1-based)."""
        if 1 <= number <= len(self.annotators):
            return self.take_version(self.annotators[number - 1])
        return False

    def pick_field(self, row: int, column: int) -> bool:
        """Take one field (a row) from one annotator (a column) into the draft gold version."""
        if not (0 <= row < len(FIELDS) and 0 <= column < len(self.annotators)):
            return False
        field, annotator = FIELDS[row], self.annotators[column]
        if not self.versions.pick(field, annotator):
            self._say(f"{annotator} did not mark this quote.")
            return False
        self._say(f"Took {field} from {annotator}. Enter commits the edited version, Esc discards it.")
        self._update_header()
        return True

    def commit_draft(self) -> bool:
        """Put the version built field by field into gold as "edited"."""
        item, draft = self.current_item(), self.versions.draft
        if item is None or draft is None:
            self._say("Nothing picked yet: click cells (or Space) to take fields, or press 1–9 for a whole version.")
            return False
        sources = set(self.versions.picks.values())
        typed = EDITED in sources
        self._decide(item, draft, "edited" if typed or len(sources) != 1 or item.gold else sources.pop())
        return True

    def reject(self) -> bool:
        """Reject the current group: nothing of it goes into gold."""
        item = self.current_item()
        if item is None:
            return False
        self._decide(item, None, "")
        return True

    def _decide(self, item: ReviewItem, quote, source: str) -> None:
        row = self.groups_view.currentIndex().row()
        if not self.session.push(DecideGroup(item.article_id, item.key, quote, source, item.replaces)):
            # Refused (another program writing, say; the status bar says so): still open, so stay on it.
            self.select_row(row)
            self._say(_NOT_SAVED)
            return
        # The push refreshed the list through session.changed; go on to the next open group.
        self.select_row(self._next_open_row(row))
        self._say(_HINT)

    def accept_unanimous(self, whole_project: bool = False) -> int:
        """Take every undecided unanimous group into gold as one undo step; returns how many."""
        if self.article_id is None and not whole_project:
            return 0
        ids = None if whole_project else [self.article_id]
        macro = unanimous_decisions(self.session.project, ids)
        if macro is None:
            self._say("No undecided unanimous group.")
            return 0
        if not self.session.push(macro):
            self._say(_NOT_SAVED)
            return 0
        item = self.current_item()
        if item is not None and item.decision is not None:
            self.select_row(self._next_open_row(self.groups_view.currentIndex().row()))
        count = len(macro.commands)
        # Said as done, not as the command's name ("Accept 5 …" read as an order still to carry out).
        self._say(f"Accepted {unanimous_count(count)} into gold; Ctrl+Z takes {'it' if count == 1 else 'them'} back.")
        return count

    def set_done(self, done: bool) -> None:
        """Mark the article's review done, or reopen it (not when its decisions make it done)."""
        if self.article_id is None:
            return
        done_action = self.header.done_action
        if not done_action.isEnabled():
            self._say(done_action.toolTip() + ".")
            return
        self.session.push(SetReviewStatus(self.article_id, "done" if done else None))

    def _say(self, text: str) -> None:
        self.message.set_explained(text, _HINT_EXPLAINED if text == _HINT else "")

    def _on_cell_clicked(self, index: QModelIndex) -> None:
        self.pick_field(index.row(), index.column())

    def _on_changed(self, change: Change) -> None:
        if self.article_id is None or not self._touches_article(change):
            return
        item = self.current_item()
        self._reload(keep=item.key if item else None)

    def _touches_article(self, change: Change) -> bool:
        """Whether a change can alter what the panel shows: edits in other articles leave it as it is."""
        if change.everything or self.article_id in change.articles:
            return True
        if not (change.articles or change.quotes):
            return True  # a registry edit (a speaker renamed or merged) may show in any version
        return any(q.id in change.quotes for item in self.groups.items for q in item.group.quotes)

    def discard_draft(self) -> None:
        """Drop the fields picked into the draft gold version (Esc)."""
        self.versions.discard_draft()
        self._say(_HINT)
        self._update_header()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Review keys win over the window's shortcuts while the panel has focus."""
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            command = review_command(self, event, watched)
            if command is not None:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    command()
                return True
        return super().eventFilter(watched, event)
