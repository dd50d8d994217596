"""The speakers panel: the registry with aliases and quote counts; rename, retype, alias and merge."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QRadioButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import SPEAKER_TYPES, Speaker
from annotator.core.text import plural
from annotator.services.commands import AddAlias, Change, EditSpeaker, Macro, MergeSpeakers
from annotator.store import registry
from annotator.ui.session import Session
from annotator.ui.shared import icons
from annotator.ui.shared.dock_refresh import RefreshWhenShown
from annotator.ui.shared.empty_hint import EmptyHint
from annotator.ui.shared.plain import button_text
from annotator.ui.shared.workers import ProjectJobs
from annotator.ui.speakers.model import (
    ALIASES,
    NAME,
    QUOTES,
    ROLE,
    TYPE,
    TYPE_ICONS,
    SpeakerIdRole,
    SpeakersModel,
    flat_icon,
)


class _Flattened:
    """Stands in for an action in ``icons.assign``: its icon arrives drawn once to pixmaps, so showing the
    panel runs none of qtawesome's Python painting (a tenth of its first paint)."""

    def __init__(self, target: QAction):
        self._target = target

    def setIcon(self, icon: QIcon) -> None:  # noqa: N802 - the Qt name icons.assign calls
        """Give the action the flattened icon."""
        self._target.setIcon(flat_icon(icon))


def _read_registry(project) -> tuple[list[Speaker], dict[int, int]]:
    """Every speaker with aliases, and each one's quote count."""
    return registry.all_speakers(project), registry.speaker_quote_counts(project)


class _MergeDialog(QDialog):
    """Asks which of two speakers to keep when merging them."""

    def __init__(
        self, first: Speaker, second: Speaker, counts: tuple[int, int], parent: QWidget | None = None
    ):
        super().__init__(parent, windowTitle="Merge speakers")
        self._ids = (first.id, second.id)
        text = QLabel(
            "Keep one name as the speaker. The other's quotes follow it and its names become aliases.\n"
            "Ctrl+Z undoes the merge.",
            wordWrap=True,
        )
        self._group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        for position, (speaker, count) in enumerate(zip((first, second), counts, strict=True)):
            button = QRadioButton(
                f"Keep “{button_text(speaker.name, 80)}” ({plural(count, 'quote')})", checked=position == 0
            )
            self._group.addButton(button, position)
            layout.addWidget(button)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def keep_and_gone(self) -> tuple[int, int]:
        """(kept id, merged-away id) as chosen."""
        keep = self._group.checkedId()
        return self._ids[keep], self._ids[1 - keep]


class SpeakersPanel(QWidget):
    """The speaker registry; every change goes through the session's undo stack."""

    speakerSelected = Signal(int)  # speaker id, or -1 when nothing is selected

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        # Sorting and filtering happen in the model on keys computed once per reload: a proxy model
        # would call data() tens of thousands of times to sort a registry of thousands.
        self.model = SpeakersModel(self)
        self.model.editRequested.connect(self._on_edit_requested)
        # Counting every speaker's quotes reads the whole quotes table: it runs on a worker thread, and
        # only while the panel is on screen (behind a tab it goes stale and catches up when raised).
        self._reader = ProjectJobs(self, self._show_registry)
        self.updater = RefreshWhenShown(self, self._refresh_in_background)
        self._settle = QTimer(self, singleShot=True, interval=400)
        self._settle.timeout.connect(self.updater.request)

        self.filter_edit = QLineEdit(placeholderText="Filter speakers, roles and aliases…")
        self.filter_edit.setClearButtonEnabled(True)
        icons.assign(
            _Flattened(self.filter_edit.addAction(QIcon(), QLineEdit.ActionPosition.LeadingPosition)), "mdi6.magnify"
        )
        self.filter_edit.textChanged.connect(self._on_filter_changed)

        self.rename_action = self._action(
            "mdi6.rename-box", "Rename", "Rename the speaker (F2)", self._on_rename
        )
        self.type_action = self._action(
            "mdi6.account-switch-outline",
            "Type",
            "Switch between person and organisation",
            self._on_toggle_type,
        )
        self.alias_action = self._action(
            "mdi6.tag-plus-outline", "Alias…", "Add another name for the speaker", self._on_add_alias
        )
        self.merge_action = self._action(
            "mdi6.call-merge", "Merge…", "Merge the two selected speakers", self._on_merge
        )

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # Fixed widths for the short columns: sizing to contents reads up to a thousand rows on each change.
        header.setSectionResizeMode(QUOTES, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(QUOTES, self.fontMetrics().horizontalAdvance("99999") + 16)
        header.resizeSection(TYPE, self.fontMetrics().horizontalAdvance("organisation") + 40)
        header.resizeSection(NAME, 220)
        header.resizeSection(ROLE, 140)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.message = QLabel(wordWrap=True)
        self.message.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        bar = QHBoxLayout()
        bar.setSpacing(2)
        self._bar_buttons: list[QToolButton] = []
        for action in (self.rename_action, self.type_action, self.alias_action, self.merge_action):
            button = QToolButton(autoRaise=True, toolButtonStyle=Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setDefaultAction(action)
            self._bar_buttons.append(button)
            bar.addWidget(button)
        bar.addStretch(1)
        # The buttons' words set the panel's minimum width (some 300 px), which kept the whole side dock
        # folded away on a 1,024 px window: in a narrow dock they show their icons only (tooltips name them).
        self._bar_width = sum(button.sizeHint().width() for button in self._bar_buttons) + 3 * bar.spacing() + 12
        for button in self._bar_buttons:
            button.setMinimumWidth(button.iconSize().width() + 10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.filter_edit)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        self.empty_hint = EmptyHint(self.view, lambda: (
            "No speaker matches the filter." if self.filter_edit.text().strip() else
            "No speakers yet: name who speaks in a quote (S in the inspector) and they are listed here."))

        session.changed.connect(self._on_session_changed)
        session.projectReplaced.connect(self.updater.request)
        # The registry is read once the window is up (off the GUI thread), so the first open is instant.
        self.updater.request()
        QTimer.singleShot(1500, self, self._preload)

    def _action(self, icon: str, text: str, tip: str, slot) -> QAction:
        action = QAction(text, self, toolTip=tip)
        icons.assign(_Flattened(action), icon)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # -- public ----------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the registry and quote counts now, keeping the selection."""
        self.updater.stale = False
        self._show_registry(_read_registry(self._session.project))

    def _refresh_in_background(self) -> None:
        self._reader.submit(self._session.project, _read_registry)

    def _preload(self) -> None:
        if self.updater.stale and not self._reader.busy() and self._session.project.path is not None:
            self.updater.run()

    def _show_registry(self, registry_and_counts: tuple) -> None:
        selected = self.selected_ids()
        self.model.set_speakers(*registry_and_counts)
        self.select_ids(selected)
        self._update_actions()

    def selected_ids(self) -> list[int]:
        """Ids of the selected speakers, in view order."""
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        return [int(self.model.index(row, 0).data(SpeakerIdRole)) for row in rows]

    def select_ids(self, speaker_ids: list[int]) -> None:
        """Select these speakers (those still present)."""
        self.updater.catch_up()
        selection = self.view.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for speaker_id in speaker_ids:
            row = self.model.row_of(speaker_id)
            if row >= 0:
                index = self.model.index(row, 0)
                selection.select(index, flags)
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)

    def rename_speaker(self, speaker_id: int, name: str) -> bool:
        """Rename a speaker (undoable); False, with a message, if the name is empty or taken."""
        name = name.strip()
        other = registry.find_speaker(self._session.project, name) if name else None
        if not name or (other is not None and other != speaker_id):
            self._say(
                f"“{name}” already names another speaker: merge them instead."
                if name
                else "A name is needed."
            )
            return False
        self._session.push(EditSpeaker(speaker_id, name=name))
        return True

    def set_role(self, speaker_id: int, role: str) -> None:
        """Change a speaker's role or affiliation (undoable)."""
        self._session.push(EditSpeaker(speaker_id, role=role.strip()))

    def set_type(self, speaker_ids: list[int], kind: str) -> None:
        """Mark speakers as persons or organisations, as one undo step."""
        if kind not in SPEAKER_TYPES:
            raise ValueError(f"speaker type must be one of {SPEAKER_TYPES}")
        commands = [EditSpeaker(i, type=kind) for i in speaker_ids]
        if len(commands) == 1:
            self._session.push(commands[0])
        elif commands:
            self._session.push(Macro(f"Mark {plural(len(commands), 'speaker')} as {kind}", commands))

    def add_alias(self, speaker_id: int, alias: str) -> bool:
        """Give a speaker another name (undoable); False, with a message, if it names someone else."""
        alias = alias.strip()
        other = registry.find_speaker(self._session.project, alias) if alias else None
        if not alias or (other is not None and other != speaker_id):
            self._say(f"“{alias}” already names another speaker: merge them instead." if alias else "")
            return False
        self._session.push(AddAlias(speaker_id, alias))
        return True

    def merge_speakers(self, keep_id: int, gone_id: int) -> None:
        """Fold one speaker into another (undoable): quotes follow, names become aliases."""
        self._session.push(MergeSpeakers(keep_id, gone_id))
        self.select_ids([keep_id])

    # -- slots -----------------------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        """In a narrow dock keep name, type and count; role and aliases stay in the row's tooltip."""
        super().resizeEvent(event)
        width = event.size().width()
        narrow = width < 560
        header = self.view.horizontalHeader()
        self.view.setColumnHidden(ROLE, narrow)
        self.view.setColumnHidden(ALIASES, narrow)
        self.view.setColumnHidden(TYPE, width < 360)  # the name's tooltip says person or organisation
        style = (Qt.ToolButtonStyle.ToolButtonIconOnly if width < self._bar_width
                 else Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for button in self._bar_buttons:
            button.setToolButtonStyle(style)
        header.setSectionResizeMode(
            NAME, QHeaderView.ResizeMode.Stretch if narrow else QHeaderView.ResizeMode.Interactive
        )
        header.setSectionResizeMode(TYPE, QHeaderView.ResizeMode.Fixed)
        if not narrow:
            header.resizeSection(NAME, 220)

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with changes made while the panel was hidden."""
        super().showEvent(event)
        self.updater.widget_shown()

    def _on_session_changed(self, change: Change) -> None:
        # Commands that add, remove or re-attribute quotes set ``speakers``, so counts are covered too.
        if not change.speakers:
            return
        if self._session.project.path is None:
            self.updater.request()  # read at once (in memory): nothing to wait for
        else:
            # Edits come in bursts (Q, S, a stance key): the registry is read once, after the burst.
            self._settle.start()

    def _on_filter_changed(self, text: str) -> None:
        self.model.set_filter(text)
        self._update_actions()

    def _on_selection_changed(self, *_) -> None:
        self._update_actions()
        ids = self.selected_ids()
        self.speakerSelected.emit(ids[0] if len(ids) == 1 else -1)

    def _on_edit_requested(self, speaker_id: int, field: str, value: str) -> None:
        if field == "name":
            self.rename_speaker(speaker_id, value)
        else:
            self.set_role(speaker_id, value)

    def _on_rename(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(index.siblingAtColumn(NAME))

    def _on_toggle_type(self) -> None:
        ids = self.selected_ids()
        if ids:
            current = self.model.speaker(self.model.row_of(ids[0])).type
            self.set_type(ids, "organisation" if current == "person" else "person")

    def _on_add_alias(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        speaker = self.model.speaker(self.model.row_of(ids[0]))
        alias, ok = QInputDialog.getText(self, "Add alias", f"Another name for {speaker.name}:")
        if ok and alias.strip():
            self.add_alias(speaker.id, alias)

    def _on_merge(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 2:
            return
        first, second = (self.model.speaker(self.model.row_of(i)) for i in ids)
        counts = (self.model.quote_count(first.id), self.model.quote_count(second.id))
        # The speaker with more quotes is the likelier canonical name, so it is offered first.
        if counts[1] > counts[0]:
            first, second, counts = second, first, (counts[1], counts[0])
        dialog = _MergeDialog(first, second, counts, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.merge_speakers(*dialog.keep_and_gone())

    def _on_context_menu(self, position: QPoint) -> None:
        if not self.selected_ids():
            return
        menu = QMenu(self)
        menu.addAction(self.rename_action)
        menu.addAction(self.alias_action)
        kinds = {self.model.speaker(self.model.row_of(i)).type for i in self.selected_ids()}
        for kind in SPEAKER_TYPES:
            action = menu.addAction(icons.icon(TYPE_ICONS[kind]), f"Mark as {kind}")
            action.setCheckable(True)
            action.setChecked(kinds == {kind})
            action.triggered.connect(lambda _=False, k=kind: self.set_type(self.selected_ids(), k))
        menu.addSeparator()
        menu.addAction(self.merge_action)
        menu.popup(self.view.viewport().mapToGlobal(position))

    def _update_actions(self) -> None:
        count = len(self.selected_ids())
        self.rename_action.setEnabled(count == 1)
        self.alias_action.setEnabled(count == 1)
        self.type_action.setEnabled(count >= 1)
        self.merge_action.setEnabled(count == 2)
        total = self.model.rowCount()
        self._say(plural(total, "speaker") + (f" · {count:,} selected" if count else ""))

    def _say(self, text: str) -> None:
        self.message.setText(text)
