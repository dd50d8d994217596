"""The quote inspector: kind, speaker, stance, claim, topics and note of the selected quote."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import KINDS, Quote
from annotator.services import commands
from annotator.store.names import RegistryNames, registry_names
from annotator.ui.scheme.guidelines import label_tooltip
from annotator.ui.shared.dock_refresh import RefreshWhenShown
from annotator.ui.shared.plain import button_text, keep_narrow


def _name_combo(placeholder: str) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.NoInsert)
    combo.lineEdit().setPlaceholderText(placeholder)
    combo.lineEdit().setClearButtonEnabled(True)
    completer = QCompleter(QStringListModel(combo), combo)
    completer.setCaseSensitivity(Qt.CaseInsensitive)
    completer.setFilterMode(Qt.MatchContains)
    combo.setCompleter(completer)
    return combo


class QuoteInspector(QWidget):
    """Edits the selected quote; every edit is a command pushed to the session."""

    editingFinished = Signal()  # a field was committed with Enter: focus can go back to the text

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.quote: Quote | None = None
        self._names: RegistryNames | None = None
        self.heading = QLabel("No quote selected")
        self.heading.setWordWrap(True)
        self.heading.setObjectName("inspectorHeading")
        self.heading.setStyleSheet("font-style: italic;")
        self._fit_heading()
        self.heading.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        keep_narrow(self.heading, 0)

        self.kinds = QButtonGroup(self)
        kind_row = QHBoxLayout()
        kind_row.setSpacing(2)
        for index, kind in enumerate(KINDS):
            button = QPushButton(kind)
            button.setCheckable(True)
            button.setToolTip(f"{kind} quote (I cycles)")
            # The style's 80-pixel floor per button made the row wider than a laptop's dock leaves beside
            # the labels, so the form put "Kind" on a line of its own above the buttons, out of line.
            button.setMinimumWidth(button.fontMetrics().horizontalAdvance(kind) + 16)
            self.kinds.addButton(button, index)
            kind_row.addWidget(button)
        self.kinds.idClicked.connect(self._on_kind_clicked)

        self.speaker = _name_combo("Who speaks? (S)")
        self.speaker.lineEdit().returnPressed.connect(self._on_speaker_entered)
        self.speaker.activated.connect(lambda _i: self._on_speaker_entered())
        self.claim = _name_combo("Which claim? (C)")
        self.claim.lineEdit().returnPressed.connect(self._on_claim_entered)
        self.claim.activated.connect(lambda _i: self._on_claim_entered())
        # Leaving a name box keeps what was typed (as Enter does, without moving focus); Escape takes it back.
        self.speaker.lineEdit().editingFinished.connect(lambda: self._left(self.speaker, self._commit_speaker))
        self.claim.lineEdit().editingFinished.connect(lambda: self._left(self.claim, self._commit_claim))
        for combo in (self.speaker, self.claim):
            # Keys reach the combo box, the focus widget, before its line edit: Escape is caught on both.
            combo.installEventFilter(self)
            combo.lineEdit().installEventFilter(self)
            keep_narrow(combo)  # a 246-character claim or a huge name must not widen the dock

        self.stances = QButtonGroup(self)
        self.stances.setExclusive(False)
        self.stance_grid = QGridLayout()
        self.stance_grid.setSpacing(4)
        self.stances.idClicked.connect(self._on_stance_clicked)

        self.topics = QListWidget()
        self.topics.itemChanged.connect(self._on_topic_changed)
        self.topics.installEventFilter(self)  # a topic's key toggles it here too, as it does from the text
        self.topics.setToolTip("T focuses this list; Space toggles; each topic's key toggles it from the text")
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Note")
        self.note.setTabChangesFocus(True)
        # Two to five lines, then it scrolls: at its usual 190 pixels an empty note took the room of the quote
        # list below, which showed four of an article's quotes on a 740-pixel laptop screen. It gives way
        # first where the dock is short (the topics above keep every row).
        line = self.note.fontMetrics().lineSpacing()
        self.note.setMinimumHeight(line * 2 + 12)
        self.note.setMaximumHeight(line * 5 + 12)
        self._refused: tuple | None = None  # (field, quote id, text) the project refused in this event
        self._note_timer = QTimer(self, singleShot=True, interval=500)
        self._note_timer.timeout.connect(self._commit_note)
        self.note.textChanged.connect(self._note_timer.start)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignRight | Qt.AlignVCenter)
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)  # a narrow dock puts labels above their fields
        form.addRow("Kind", kind_row)
        form.addRow("Speaker", self.speaker)
        form.addRow("Stance", self.stance_grid)
        form.addRow("Claim", self.claim)
        form.addRow("Topics", self.topics)
        form.addRow("Note", self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        self.reload_labels()
        self.reload_names()
        # In review mode the inspector's dock is hidden: a registry change then waits until it is shown.
        self._names_updater = RefreshWhenShown(self, self.reload_names)
        self.show_quote(None)

    # labels and names ---------------------------------------------------------------------------------
    def reload_labels(self) -> None:
        """Rebuild stance buttons and topic items from the scheme."""
        for button in self.stances.buttons():
            self.stances.removeButton(button)
            button.deleteLater()
        scheme = self.session.scheme
        for index, label in enumerate(scheme.stances):
            name = button_text(label.name, 24)  # a scheme's (or an import's) label of any length
            button = QPushButton(f"{label.key}  {name}" if label.key else name)
            button.setCheckable(True)
            button.setStyleSheet(_stance_style(label.colour))
            button.setToolTip(label_tooltip("Stance", label, label.name, f"key {label.key}" if label.key else ""))
            self.stances.addButton(button, index)
            self.stance_grid.addWidget(button, index // 2, index % 2)
        self.topics.blockSignals(True)
        self.topics.clear()
        for label in scheme.topics:
            item = QListWidgetItem(f"{label.name}" + (f"   {label.key}" if label.key else ""))
            item.setData(Qt.UserRole, label.name)
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable | Qt.ItemIsSelectable)
            item.setCheckState(Qt.Unchecked)
            item.setForeground(QColor(label.colour))
            item.setToolTip(label_tooltip("Topic", label, label.name, f"key {label.key}" if label.key else ""))
            self.topics.addItem(item)
        self.topics.setFixedHeight(self.topics.sizeHintForRow(0) * max(3, len(scheme.topics)) + 6)
        self.topics.blockSignals(False)
        for index, kind in enumerate(KINDS):  # the kinds' guidelines come with the scheme too
            self.kinds.button(index).setToolTip(label_tooltip("Kind", scheme.guide("kinds", kind), kind, "I cycles"))

    def reload_names(self) -> None:
        """Refill the speaker and claim lists (after any registry change); nothing to do when unchanged."""
        names = registry_names(self.session.project)
        if names == self._names:
            return  # most edits (a quote added) change counts, not names: no rebuild of 2,000 items
        self._names = names
        boxes = ((self.speaker, names.speakers, names.speaker_completions), (self.claim, names.claims, names.claims))
        for combo, items, completions in boxes:
            text = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(list(items))
            combo.setEditText(text)
            combo.completer().model().setStringList(list(completions))
            combo.blockSignals(False)

    def names_changed(self) -> None:
        """The registry changed: refresh the name lists now if the inspector is on screen, else when shown."""
        self._names_updater.request()

    def showEvent(self, event) -> None:
        """Catch up with registry changes made while hidden."""
        super().showEvent(event)
        self._names_updater.widget_shown()

    # showing ------------------------------------------------------------------------------------------
    def show_quote(self, quote: Quote | None, article_text: str = "") -> None:
        """Show a quote's fields (None disables the form)."""
        same = self.quote is not None and quote is not None and quote.id == self.quote.id
        if self.quote is not None and not same:
            self._commit_note()
        self.quote = quote
        self.heading.setTextFormat(Qt.PlainText)  # quote text is never markup
        for widget in (self.speaker, self.claim, self.topics, self.note, *self.kinds.buttons(), *self.stances.buttons()):
            widget.setEnabled(quote is not None)
        widgets = (self.speaker, self.claim, self.topics, self.note, self.kinds, self.stances)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            if quote is None:
                self.heading.setText("No quote selected: select text and press Q")
                self._fit_heading()
                self.speaker.setEditText("")
                self.claim.setEditText("")
                self.note.setPlainText("")
                for group in (self.kinds, self.stances):
                    _uncheck_all(group)
                for row in range(self.topics.count()):
                    self.topics.item(row).setCheckState(Qt.Unchecked)
                return
            words = " ".join(quote.text_in(article_text).split()) if article_text else ""
            self.heading.setText(f"{words[:160]}{'…' if len(words) > 160 else ''}" if words else "Quote")
            self._fit_heading()
            _uncheck_all(self.kinds)
            if quote.kind in KINDS:
                self.kinds.button(KINDS.index(quote.kind)).setChecked(True)
            self.speaker.setEditText(quote.speaker or "")
            self.claim.setEditText(quote.claim or "")
            for combo in (self.speaker, self.claim):
                if not combo.hasFocus():
                    combo.lineEdit().setCursorPosition(0)  # a long claim reads from its start, not its end
            names = [label.name for label in self.session.scheme.stances]
            _uncheck_all(self.stances)
            for index, button in enumerate(self.stances.buttons()):
                button.setChecked(index < len(names) and names[index] == quote.stance)
            for row in range(self.topics.count()):
                item = self.topics.item(row)
                item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in quote.topics else Qt.Unchecked)
            # While the annotator types a note, a refresh from another field must not reset the caret.
            if self.note.toPlainText() != quote.note and not (same and self.note.hasFocus()):
                self.note.setPlainText(quote.note)
        finally:
            for widget in widgets:
                widget.blockSignals(False)

    def show_suggestion(self, suggestion, article_text: str) -> None:
        """Describe the current suggestion (kind, proposed speaker, the keys that decide it)."""
        words = " ".join(article_text[suggestion.start : suggestion.end].split())
        if suggestion.speaker:
            who = f"<b>{escape(suggestion.speaker)}</b>"
        elif suggestion.speaker_span:  # "an architect", "officials": the article names no one to register
            mention = " ".join(article_text[slice(*suggestion.speaker_span)].split())
            who = f"“{escape(mention)}” (a description, no name)"
        else:
            who = "speaker unknown"
        self.heading.setTextFormat(Qt.RichText)
        extra = f" · stance {suggestion.stance}" if suggestion.stance else ""
        topics = f" · {', '.join(suggestion.topics)}" if suggestion.topics else ""
        self.heading.setText(
            f"<b>Suggestion</b>: {suggestion.kind} quote by {who}{escape(extra + topics)}<br>"
            f"<i>{escape(words[:140])}{'…' if len(words) > 140 else ''}</i><br>"
            "Enter accepts · X rejects · E reshapes to the selection · A accepts all"
        )
        self._fit_heading()

    def _fit_heading(self) -> None:
        # A dock's splitter sizes the inspector by its minimum, which knew three lines of heading: a
        # suggestion's five overflowed the form, the note covered the topics and cut the last one off.
        lines = self.heading.fontMetrics().lineSpacing() * 3
        self.heading.setMinimumHeight(0)  # the label's own answer grows to its minimum: ask it afresh
        needed = self.heading.heightForWidth(self.heading.width()) if self.heading.width() > 1 else 0
        self.heading.setMinimumHeight(max(lines, needed))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """The heading rewraps at the new width: keep its lines in its minimum height."""
        super().resizeEvent(event)
        self._fit_heading()

    def typing(self) -> bool:
        """Whether the caret is in a box the annotator types into (speaker, claim, note)."""
        focus = QApplication.focusWidget()
        return focus is not None and any(box is focus or box.isAncestorOf(focus)
                                         for box in (self.speaker, self.claim, self.note))

    def focus_speaker(self) -> None:
        """Put the caret in the speaker box, its text selected for overtyping."""
        self.speaker.setFocus(Qt.ShortcutFocusReason)
        self.speaker.lineEdit().selectAll()

    def focus_claim(self) -> None:
        """Put the caret in the claim box."""
        self.claim.setFocus(Qt.ShortcutFocusReason)
        self.claim.lineEdit().selectAll()

    def focus_topics(self) -> None:
        """Move focus to the topic list (Space toggles, arrows move)."""
        self.topics.setFocus(Qt.ShortcutFocusReason)
        if self.topics.currentRow() < 0 and self.topics.count():
            self.topics.setCurrentRow(0)

    # edits --------------------------------------------------------------------------------------------
    def _on_kind_clicked(self, index: int) -> None:
        if self.quote is not None and KINDS[index] != self.quote.kind:
            self.session.push(commands.SetKind(self.quote.id, KINDS[index]))

    def _on_stance_clicked(self, index: int) -> None:
        if self.quote is None:
            return
        name = self.session.scheme.stances[index].name
        # Clicking the current stance again clears it.
        self.session.push(commands.SetStance(self.quote.id, None if name == self.quote.stance else name))

    def _on_speaker_entered(self) -> None:
        # A name the project refused (another program writing) stays typed, the caret in its box: Enter
        # tries again. Going back to the text would leave a name on screen that the file does not hold.
        if self._commit_speaker():
            self.editingFinished.emit()

    def _on_claim_entered(self) -> None:
        if self._commit_claim():
            self.editingFinished.emit()

    @staticmethod
    def _left(combo: QComboBox, commit) -> None:
        """A name box's editing finished: committed here only when focus left it (Enter commits on its own)."""
        if not (combo.hasFocus() or combo.lineEdit().hasFocus()):
            commit()

    def _commit_speaker(self) -> bool:
        """Save the typed speaker; False when the project refused it."""
        saved = True
        if self.quote is not None:
            name = " ".join(self.speaker.currentText().split()) or None
            if name != self.quote.speaker:
                saved = self._push_typed("speaker", name, commands.SetSpeaker(self.quote.id, name))
        self.speaker.lineEdit().setCursorPosition(0)  # once typed, a long name reads from its start
        return saved

    def _commit_claim(self) -> bool:
        """Save the typed claim; False when the project refused it."""
        saved = True
        if self.quote is not None:
            text = " ".join(self.claim.currentText().split()) or None
            if text != self.quote.claim:
                saved = self._push_typed("claim", text, commands.SetClaim(self.quote.id, text))
        self.claim.lineEdit().setCursorPosition(0)
        return saved

    def _push_typed(self, field: str, text: str | None, command) -> bool:
        """Save a typed name, tried once per key press: Enter reaches both the line edit and its combo box,
        and each refused try waits out the busy timeout, the window frozen."""
        attempt = (field, self.quote.id, text)
        if self._refused == attempt:
            return False
        if self.session.push(command):
            return True
        self._refused = attempt
        QTimer.singleShot(0, self, self._forget_refusal)
        return False

    def _forget_refusal(self) -> None:
        self._refused = None

    def eventFilter(self, watched, event) -> bool:
        """Escape in a name box puts the stored value back and returns to the text, saving nothing."""
        if watched is self.topics and event.type() == QEvent.KeyPress and self._toggle_topic_key(event):
            return True
        if event.type() in (QEvent.ShortcutOverride, QEvent.KeyPress) and event.key() == Qt.Key_Escape:
            if event.type() == QEvent.ShortcutOverride:
                event.accept()  # the key is ours, not the window's "back to the text" shortcut
                return False
            if watched in (self.speaker, self.speaker.lineEdit()):
                self.speaker.setEditText(self.quote.speaker or "" if self.quote else "")
            elif watched in (self.claim, self.claim.lineEdit()):
                self.claim.setEditText(self.quote.claim or "" if self.quote else "")
            self.editingFinished.emit()
            return True
        return super().eventFilter(watched, event)

    def _toggle_topic_key(self, event) -> bool:
        """A topic's own key pressed in the topic list toggles that topic (not a jump to a name's letter)."""
        if event.modifiers() & ~Qt.KeypadModifier or not event.text():
            return False
        keys = {label.key.lower(): row for row, label in enumerate(self.session.scheme.topics) if label.key}
        row = keys.get(event.text().lower())
        if row is None or row >= self.topics.count():
            return False
        item = self.topics.item(row)
        self.topics.setCurrentRow(row)
        item.setCheckState(Qt.Unchecked if item.checkState() == Qt.Checked else Qt.Checked)
        return True

    def _on_topic_changed(self, _item: QListWidgetItem) -> None:
        if self.quote is None:
            return
        checked = [
            self.topics.item(r).data(Qt.UserRole)
            for r in range(self.topics.count())
            if self.topics.item(r).checkState() == Qt.Checked
        ]
        if tuple(sorted(checked)) != tuple(sorted(self.quote.topics)):
            self.session.push(commands.SetTopics(self.quote.id, checked))

    def _commit_note(self) -> None:
        self._note_timer.stop()
        if self.quote is not None and self.note.toPlainText() != self.quote.note:
            self.session.push(commands.SetNote(self.quote.id, self.note.toPlainText()))


def _stance_style(colour: str) -> str:
    """A stance button: a colour bar on the left, filled with the colour when checked."""
    return (
        f"QPushButton {{ border-left: 5px solid {colour}; padding: 4px 8px; text-align: left; }}"
        f"QPushButton:checked {{ background-color: {colour}; color: white; font-weight: bold; }}"
    )


def _uncheck_all(group) -> None:
    """Clear an exclusive button group (Qt refuses to uncheck the checked button of one)."""
    exclusive = group.exclusive()
    group.setExclusive(False)
    for button in group.buttons():
        button.setChecked(False)
    group.setExclusive(exclusive)
