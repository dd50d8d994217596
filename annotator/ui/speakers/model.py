"""The speaker registry as a table model: name, type, role, aliases and quote count."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QIcon

from annotator.core.model import Speaker
from annotator.ui.shared import icons

NAME, TYPE, ROLE, ALIASES, QUOTES = range(5)
# A short "#" (explained in its tooltip) leaves names room in a narrow dock, as in the corpus list.
_HEADERS = ("Name", "Type", "Role", "Aliases", "#")
SpeakerIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
TYPE_ICONS = {"person": "mdi6.account", "organisation": "mdi6.domain"}
# Roles and flags as plain ints, worked out once: a first paint asks data() about a thousand times, and
# building Qt enum values in each call cost more than the answers.
_DISPLAY, _EDIT = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.EditRole)
_DECORATION, _ALIGNMENT = int(Qt.ItemDataRole.DecorationRole), int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP, _SORT, _ID = int(Qt.ItemDataRole.ToolTipRole), int(SortRole), int(SpeakerIdRole)
_ANSWERED = frozenset((_DISPLAY, _EDIT, _DECORATION, _ALIGNMENT, _TOOLTIP, _SORT, _ID))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _SELECTABLE | Qt.ItemFlag.ItemIsEditable

_Index = QModelIndex | QPersistentModelIndex


class SpeakersModel(QAbstractTableModel):
    """Rows of the registry, filtered and sorted here on keys computed once per reload (no proxy model).

    Edits of name and role are reported, not written (the panel pushes commands).
    """

    editRequested = Signal(int, str, str)  # speaker id, field ("name" or "role"), new value

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list[Speaker] = []
        self._counts: Mapping[int, int] = {}
        self._keys: list[tuple] = []  # per speaker in _all: one sort key per column
        self._texts: list[tuple[str, ...]] = []  # per speaker in _all: the text of each column
        self._haystacks: list[str] = []  # per speaker in _all: every shown text, casefolded, for the filter
        self._shown: list[int] = []  # positions in _all of the rows, in view order
        self._row_of: dict[int, int] = {}  # speaker id -> row
        self._needle = ""
        self._sort = (NAME, Qt.SortOrder.AscendingOrder)
        self._icons: dict[str, QIcon] = {}

    def set_speakers(self, speakers: Sequence[Speaker], counts: Mapping[int, int]) -> None:
        """Show these speakers; when the set of ids is unchanged rows move in place (selection survives)."""
        if [s.id for s in speakers] == [s.id for s in self._all]:
            self.layoutAboutToBeChanged.emit()
            kept = self._persistent_ids()
            self._load(speakers, counts)
            self._arrange()
            self._move_persistent(kept)
            self.layoutChanged.emit()
            if self._shown:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._shown) - 1, len(_HEADERS) - 1))
            return
        self.beginResetModel()
        self._load(speakers, counts)
        self._arrange()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        """Keep the rows whose name, type, role, aliases or count contain ``text`` (any case)."""
        needle = text.casefold()
        if needle == self._needle:
            return
        self.beginResetModel()
        self._needle = needle
        self._arrange()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by a column, on the precomputed keys."""
        if not 0 <= column < len(_HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        kept = self._persistent_ids()
        self._sort = (column, order)
        self._arrange()
        self._move_persistent(kept)
        self.layoutChanged.emit()

    def _load(self, speakers: Sequence[Speaker], counts: Mapping[int, int]) -> None:
        self._all, self._counts = list(speakers), dict(counts)
        self._keys, self._haystacks, self._texts = [], [], []
        for speaker in self._all:
            count = self._counts.get(speaker.id, 0)
            self._keys.append(
                (speaker.name.casefold(), speaker.type, speaker.role.casefold(), len(speaker.aliases), count)
            )
            texts = (speaker.name, speaker.type, speaker.role, ", ".join(speaker.aliases), str(count))
            self._texts.append(texts)
            self._haystacks.append("\n".join(texts).casefold())

    def _arrange(self) -> None:
        needle = self._needle
        shown = [i for i, hay in enumerate(self._haystacks) if needle in hay] if needle else list(range(len(self._all)))
        column, order = self._sort
        keys = self._keys
        # Ties keep registry order (a stable sort), as the proxy model did.
        shown.sort(key=lambda i: keys[i][column], reverse=order == Qt.SortOrder.DescendingOrder)
        self._shown = shown
        self._row_of = {self._all[i].id: row for row, i in enumerate(shown)}

    def _persistent_ids(self) -> list[tuple[int | None, int]]:
        return [
            (self._all[self._shown[i.row()]].id if 0 <= i.row() < len(self._shown) else None, i.column())
            for i in self.persistentIndexList()
        ]

    def _move_persistent(self, kept: list[tuple[int | None, int]]) -> None:
        old = self.persistentIndexList()
        new = [
            self.index(self._row_of[sid], column) if sid in self._row_of else QModelIndex() for sid, column in kept
        ]
        self.changePersistentIndexList(old, new)

    def speaker(self, row: int) -> Speaker:
        """The speaker shown on a row."""
        return self._all[self._shown[row]]

    def quote_count(self, speaker_id: int) -> int:
        """How many quotes name a speaker."""
        return self._counts.get(speaker_id, 0)

    def row_of(self, speaker_id: int) -> int:
        """The row of a speaker, or -1 (also when the filter hides it)."""
        return self._row_of.get(speaker_id, -1)

    def find(self, speaker_id: int) -> Speaker | None:
        """A speaker of the registry by id, shown or filtered out."""
        return next((s for s in self._all if s.id == speaker_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(_HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _HEADERS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section == QUOTES:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role == Qt.ItemDataRole.ToolTipRole and section == QUOTES:
                return "Quotes attributed to the speaker"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _EDITABLE if index.column() in (NAME, ROLE) else _SELECTABLE

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        role = int(role)
        if role not in _ANSWERED or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < len(self._shown):
            return None
        at = self._shown[row]
        if role == _DISPLAY or role == _EDIT:
            return self._texts[at][column]
        if role == _ALIGNMENT:
            return _RIGHT if column == QUOTES else None
        if role == _DECORATION:
            return self._icon(self._all[at].type) if column == TYPE else None
        if role == _SORT:
            return self._keys[at][column]
        speaker = self._all[at]
        if role == _ID:
            return speaker.id
        names = "\n".join(speaker.aliases) or "no aliases"
        what = f"{speaker.type}, {speaker.role}" if speaker.role else speaker.type
        return f"{speaker.name} ({what})\nAlso known as:\n{names}"

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in (NAME, ROLE):
            return False
        speaker = self.speaker(index.row())
        field = "name" if index.column() == NAME else "role"
        value = str(value).strip()
        if value == getattr(speaker, field) or (field == "name" and not value):
            return False
        # The registry changes only through an undoable command; the panel pushes it and the model reloads.
        self.editRequested.emit(speaker.id, field, value)
        return True

    def _icon(self, kind: str) -> QIcon:
        if kind not in self._icons:
            # Drawn once to plain pixmaps: qtawesome's Python icon engine, handed to the view's C++
            # painting through data() for every visible row, crashed once the panel's wrapper was gone.
            self._icons[kind] = flat_icon(icons.icon(TYPE_ICONS.get(kind, "mdi6.help-circle-outline")))
        return self._icons[kind]


def flat_icon(source: QIcon) -> QIcon:
    """An icon drawn once to plain pixmaps (normal and disabled, 16-32 px), so painting it later runs no
    Python: a qtawesome icon is drawn again by its Python engine on every paint."""
    flat = QIcon()
    for size in (16, 20, 24, 32):
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Disabled):
            flat.addPixmap(source.pixmap(QSize(size, size), mode), mode)
    return flat
