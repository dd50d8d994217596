"""The speaker registry as a table model: name, type, role, aliases and quote count."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QIcon

from annotator.core.model import Speaker
from annotator.ui import icons

NAME, TYPE, ROLE, ALIASES, QUOTES = range(5)
# A short "#" (explained in its tooltip) leaves names room in a narrow dock, as in the corpus list.
_HEADERS = ("Name", "Type", "Role", "Aliases", "#")
SpeakerIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
TYPE_ICONS = {"person": "mdi6.account", "organisation": "mdi6.domain"}

_Index = QModelIndex | QPersistentModelIndex


class SpeakersModel(QAbstractTableModel):
    """Rows of the registry; edits of name and role are reported, not written (the panel pushes commands)."""

    editRequested = Signal(int, str, str)  # speaker id, field ("name" or "role"), new value

    def __init__(self, parent=None):
        super().__init__(parent)
        self._speakers: list[Speaker] = []
        self._counts: Mapping[int, int] = {}
        self._icons: dict[str, QIcon] = {}

    def set_speakers(self, speakers: Sequence[Speaker], counts: Mapping[int, int]) -> None:
        """Show these speakers; rows update in place when the set of ids is unchanged (selection survives)."""
        same_rows = [s.id for s in speakers] == [s.id for s in self._speakers]
        if same_rows:
            self._speakers, self._counts = list(speakers), dict(counts)
            if self._speakers:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self._speakers) - 1, len(_HEADERS) - 1)
                )
            return
        self.beginResetModel()
        self._speakers, self._counts = list(speakers), dict(counts)
        self.endResetModel()

    def speaker(self, row: int) -> Speaker:
        """The speaker shown on a row."""
        return self._speakers[row]

    def quote_count(self, speaker_id: int) -> int:
        """How many quotes name a speaker."""
        return self._counts.get(speaker_id, 0)

    def row_of(self, speaker_id: int) -> int:
        """The row of a speaker, or -1."""
        return next((row for row, s in enumerate(self._speakers) if s.id == speaker_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._speakers)

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
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (NAME, ROLE):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._speakers):
            return None
        speaker, column = self._speakers[index.row()], index.column()
        count = self._counts.get(speaker.id, 0)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (speaker.name, speaker.type, speaker.role, ", ".join(speaker.aliases), str(count))[column]
        if role == SortRole:
            return (
                speaker.name.casefold(),
                speaker.type,
                speaker.role.casefold(),
                len(speaker.aliases),
                count,
            )[column]
        if role == SpeakerIdRole:
            return speaker.id
        if role == Qt.ItemDataRole.DecorationRole and column == TYPE:
            return self._icon(speaker.type)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == QUOTES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            names = "\n".join(speaker.aliases) or "no aliases"
            what = f"{speaker.type}, {speaker.role}" if speaker.role else speaker.type
            return f"{speaker.name} ({what})\nAlso known as:\n{names}"
        return None

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in (NAME, ROLE):
            return False
        speaker = self._speakers[index.row()]
        field = "name" if index.column() == NAME else "role"
        value = str(value).strip()
        if value == getattr(speaker, field) or (field == "name" and not value):
            return False
        # The registry changes only through an undoable command; the panel pushes it and the model reloads.
        self.editRequested.emit(speaker.id, field, value)
        return True

    def _icon(self, kind: str) -> QIcon:
        if kind not in self._icons:
            self._icons[kind] = icons.icon(TYPE_ICONS.get(kind, "mdi6.help-circle-outline"))
        return self._icons[kind]
