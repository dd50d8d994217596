"""Qt models of the review view: an article's aligned groups, one group's versions side by side, chips."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem, QTableView

from annotator.core.alignment import FIELDS
from annotator.core.model import GOLD, KINDS, Quote
from annotator.services.review import ReviewItem
from annotator.ui.shared.delegates import draw_cell_background

# Okabe–Ito colours: distinct for colour-blind readers, readable as fills on light and dark text.
ANNOTATOR_PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#7F7F7F", "#F0E442")
GOLD_COLOUR = QColor("#B8860B")
DISAGREE = QColor("#D1495B")
FIELD_TITLES = {"span": "Text", "kind": "Kind", "speaker": "Speaker", "stance": "Stance", "claim": "Claim",
                "topics": "Topics"}

ChipsRole = Qt.ItemDataRole.UserRole + 1  # list of (label, QColor) painted as chips
KeyRole = Qt.ItemDataRole.UserRole + 2  # a group's key
DecisionRole = Qt.ItemDataRole.UserRole + 3  # "gold", "rejected" or None
SpanTextRole = Qt.ItemDataRole.UserRole + 4  # a version's whole span text (the text row fits it to its cell)

_Index = QModelIndex | QPersistentModelIndex


def annotator_colours(names: list[str]) -> dict[str, QColor]:
    """A colour per annotator (gold aside), stable for a given list of names."""
    ordered = sorted(set(names) - {GOLD})
    colours = {name: QColor(ANNOTATOR_PALETTE[k % len(ANNOTATOR_PALETTE)]) for k, name in enumerate(ordered)}
    colours[GOLD] = QColor(GOLD_COLOUR)
    return colours


def excerpt(text: str, limit: int = 140) -> str:
    """A one-line excerpt keeping both ends of a long quote (where span disagreements show)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    half = (limit - 3) // 2
    return f"{flat[:half].rstrip()} … {flat[-half:].lstrip()}"


def swatch(colour: QColor, size: int = 12) -> QIcon:
    """A small filled square to mark an annotator's colour."""
    pixmap = QPixmap(size, size)
    pixmap.fill(colour)
    return QIcon(pixmap)


EDITABLE = ("kind", "speaker", "stance", "claim", "topics")
EDITED = "(typed)"  # the pick source of a field the reviewer typed


def field_value(quote: Quote | None, name: str, text: str) -> str:
    """How a field of a version reads in the side-by-side table."""
    if quote is None:
        return ""
    if name == "span":
        return excerpt(quote.text_in(text), 160)
    if name == "topics":
        return ", ".join(sorted(quote.topics)) or "—"
    value = getattr(quote, name)
    return value if value else "—"


def _same(a: Quote, b: Quote, name: str) -> bool:
    if name == "span":
        return (a.start, a.end) == (b.start, b.end)
    if name == "topics":
        return set(a.topics) == set(b.topics)
    return getattr(a, name) == getattr(b, name)


class GroupsModel(QAbstractTableModel):
    """The aligned groups of one article: decision, excerpt, who marked it, fields in disagreement."""

    HEADERS = ("", "Quote", "Marked by", "Disagrees on")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: list[ReviewItem] = []
        self._text = ""
        self._colours: dict[str, QColor] = {}
        self._icons: dict[str | None, QIcon] = {}

    def set_items(self, items: list[ReviewItem], text: str, colours: dict[str, QColor]) -> None:
        """Replace the groups shown."""
        self.beginResetModel()
        self.items, self._text, self._colours = list(items), text, colours
        self.endResetModel()

    def row_of(self, key: str | None) -> int:
        """The row of a group key, -1 if absent."""
        return next((row for row, item in enumerate(self.items) if item.key == key), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item, column = self.items[index.row()], index.column()
        if role == KeyRole:
            return item.key
        if role == DecisionRole:
            return item.decision
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._decision_icon("reopened" if item.reopened else item.decision)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        if role == ChipsRole:
            return self._chips(item, column)
        if role == Qt.ItemDataRole.FontRole and column == 1 and item.decision is not None:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _display(self, item: ReviewItem, column: int) -> str:
        if column == 1:
            # Read from its start and cut at the column's end by the view: a cut in the middle as well
            # ("… the U … ring …") left neither end whole.
            return " ".join(self._text[item.group.start:item.group.end][:600].split())
        if column == 2:
            return ", ".join(item.group.annotators)
        if column == 3:
            if len(item.group.quotes) < 2:
                return "marked by one"
            return ", ".join(item.disagreements) or "agree"
        return ""

    def _tooltip(self, item: ReviewItem, column: int) -> str:
        if column == 0:
            if item.decision == "gold":
                return f"In gold ({item.source} version)"
            if item.reopened:
                return ("Reopened: the annotators' versions changed since it was decided. Gold still holds "
                        "the earlier decision; deciding again replaces it.")
            return "Rejected" if item.decision == "rejected" else "Not decided yet"
        if column == 1:
            return self._text[item.group.start:item.group.end]
        return self._display(item, column)

    def _chips(self, item: ReviewItem, column: int) -> list[tuple[str, QColor]] | None:
        if column == 2:
            return [(name, self._colours.get(name, QColor("gray"))) for name in item.group.annotators]
        if column == 3:
            return [(name, QColor(DISAGREE)) for name in item.disagreements]
        return None

    def _decision_icon(self, decision: str | None) -> QIcon:
        if decision not in self._icons:
            name, colour = {"gold": ("fa5s.check-circle", "#2e9d57"), "rejected": ("fa5s.times-circle", DISAGREE.name()),
                            "reopened": ("fa5s.redo", "#D08C00")}.get(decision, ("fa5.circle", "#8c8c8c"))
            try:
                import qtawesome as qta

                self._icons[decision] = qta.icon(name, color=colour)
            except Exception:  # an icon font problem must not hide the groups
                self._icons[decision] = QIcon()
        return self._icons[decision]


class VersionsModel(QAbstractTableModel):
    """One group's versions side by side: a row per field, a column per annotator, then gold."""

    editRejected = Signal(str)  # a typed gold value that is not allowed, with why

    def __init__(self, parent=None):
        super().__init__(parent)
        self.stance_names: list[str] = []  # set by the panel from the label scheme
        self.item: ReviewItem | None = None
        self.annotators: list[str] = []
        self._text = ""
        self._colours: dict[str, QColor] = {}
        self.draft: Quote | None = None
        self.picks: dict[str, str] = {}  # field -> annotator it was taken from

    def set_item(self, item: ReviewItem | None, annotators: list[str], text: str, colours: dict[str, QColor]) -> None:
        """Show a group (None: nothing) against the article's annotators; any draft is dropped."""
        self.beginResetModel()
        self.item, self.annotators, self._text, self._colours = item, list(annotators), text, colours
        self.draft, self.picks = None, {}
        self.endResetModel()

    def version(self, annotator: str) -> Quote | None:
        """An annotator's version of the group, None if they did not mark it."""
        return None if self.item is None else self.item.group.by_annotator.get(annotator)

    def pick(self, field: str, annotator: str) -> bool:
        """Take one field from an annotator into the draft gold version; False if they have no version."""
        theirs = self.version(annotator)
        if theirs is None or field not in FIELDS:
            return False
        base = self.draft or (self.item.gold if self.item.gold is not None else theirs)
        if field == "span":
            draft = replace(base, start=theirs.start, end=theirs.end, cue_span=theirs.cue_span)
        elif field == "speaker":
            draft = replace(base, speaker=theirs.speaker, speaker_span=theirs.speaker_span)
        else:
            draft = replace(base, **{field: getattr(theirs, field)})
        self.draft = draft
        self.picks[field] = annotator
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.columnCount() - 1, self.columnCount() - 1)
        return True

    def discard_draft(self) -> None:
        """Forget the fields picked so far."""
        self.draft, self.picks = None, {}
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.columnCount() - 1, self.columnCount() - 1)

    def gold_version(self) -> Quote | None:
        """The gold column: the draft being built, else the decided gold version."""
        return self.draft if self.draft is not None else (self.item.gold if self.item else None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.item is None else len(FIELDS)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.item is None else len(self.annotators) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(FIELDS):
                return FIELD_TITLES[FIELDS[section]]
            return None
        gold = section == len(self.annotators)
        if role == Qt.ItemDataRole.DisplayRole:
            if gold:
                if self.draft is not None:
                    return "gold (draft)"
                return "gold (earlier)" if self.item is not None and self.item.reopened else "gold"
            return f"{section + 1}  {self.annotators[section]}" if 0 <= section < len(self.annotators) else None
        if role == Qt.ItemDataRole.DecorationRole and 0 <= section <= len(self.annotators):
            name = GOLD if gold else self.annotators[section]
            return swatch(self._colours.get(name, QColor("gray")))
        if role == Qt.ItemDataRole.ToolTipRole and 0 <= section < len(self.annotators):
            return f"Press {section + 1} to take {self.annotators[section]}'s version"
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.item is None:
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(FIELDS) and 0 <= column <= len(self.annotators)):
            return None
        field = FIELDS[row]
        gold = column == len(self.annotators)
        quote = self.gold_version() if gold else self.version(self.annotators[column])
        if role == Qt.ItemDataRole.EditRole:
            shown = quote or self.item.group.quotes[0]
            value = field_value(shown, field, self._text)
            return "" if value == "—" else value
        if role == Qt.ItemDataRole.DisplayRole:
            if quote is None:
                return "" if gold else "not marked"
            return field_value(quote, field, self._text)
        if role == SpanTextRole:
            return quote.text_in(self._text) if quote is not None and field == "span" else None
        if role == Qt.ItemDataRole.ToolTipRole and quote is not None:
            if field == "span":
                return f"{quote.start}–{quote.end}: {quote.text_in(self._text)}"
            return field_value(quote, field, self._text)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(quote is None)
            font.setBold(not gold and self.picks.get(field) == self.annotators[column])
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(field, gold, column, quote)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _background(self, field: str, gold: bool, column: int, quote: Quote | None) -> QColor | None:
        if not gold and self.picks.get(field) == self.annotators[column]:
            return QColor(46, 157, 87, 80)  # taken into the draft
        if gold and field in self.picks:
            return QColor(46, 157, 87, 50)
        if field in self.item.disagreements and quote is not None and not gold:
            others = [q for q in self.item.group.quotes if q is not quote]
            if any(not _same(quote, other, field) for other in others):
                return QColor(DISAGREE.red(), DISAGREE.green(), DISAGREE.blue(), 55)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        # The gold column's tags can be typed (F2 or double-click) when no annotator's value is right.
        if index.column() == len(self.annotators) and FIELDS[index.row()] in EDITABLE and self.item is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Type a gold field: kind and stance must be the scheme's; topics are comma-separated."""
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        field, text = FIELDS[index.row()], " ".join(str(value).split())
        base = self.draft or (self.item.gold if self.item.gold is not None else self.item.group.quotes[0])
        if field == "topics":
            parsed = tuple(sorted({t.strip() for t in text.split(",") if t.strip() and t.strip() != "—"}))
        elif field in ("kind", "stance"):
            allowed = KINDS if field == "kind" else self.stance_names
            if text in ("", "—") and field == "stance":
                parsed = None
            elif text in allowed:
                parsed = text
            else:
                self.editRejected.emit(f"'{text}' is not a {field}; use one of: {', '.join(allowed)}")
                return False
        else:
            parsed = None if text in ("", "—") else text
        self.draft = replace(base, **{field: parsed})
        self.picks[field] = EDITED
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), self.columnCount() - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, len(self.annotators), len(self.annotators))
        return True


class ChipDelegate(QStyledItemDelegate):
    """Paints a cell's ChipsRole list as rounded coloured labels (annotators, disagreeing fields)."""

    #: A column of chips is as wide as its chips up to this; more (nine annotators, say) end in "…".
    MOST = 260

    @staticmethod
    def _chip_font(font: QFont) -> QFont:
        font = QFont(font)
        font.setPointSizeF(font.pointSizeF() * 0.9)
        return font

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        """As wide as the cell's chips (bounded), so a column sized to its contents shows them whole."""
        size = super().sizeHint(option, index)
        chips = index.data(ChipsRole)
        if chips is None:
            return size
        metrics = QFontMetrics(self._chip_font(option.font))
        if chips:
            width = sum(metrics.horizontalAdvance(label) + 12 + 4 for label, _colour in chips) - 4
        else:
            width = metrics.horizontalAdvance(index.data() or "")
        return QSize(min(width + 8 + 2, self.MOST), max(size.height(), metrics.height() + 8))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        chips = index.data(ChipsRole)
        if chips is None:
            super().paint(painter, option, index)
            return
        opt = draw_cell_background(self, painter, option, index)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = self._chip_font(opt.font)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        height = metrics.height() + 4
        rect = opt.rect.adjusted(4, 0, -4, 0)
        x, y = rect.left(), rect.center().y() - height // 2
        if not chips:
            painter.setPen(opt.palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, index.data() or "")
        for label, colour in chips:
            width = metrics.horizontalAdvance(label) + 12
            if x + width > rect.right():
                painter.setPen(opt.palette.color(QPalette.ColorRole.Text))
                painter.drawText(QRect(x, y, rect.right() - x, height), Qt.AlignmentFlag.AlignVCenter, "…")
                break
            chip = QRect(x, y, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(chip, height / 2, height / 2)
            painter.setPen(QColor("white"))
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label)
            x += width + 4
        painter.restore()


def review_table(model) -> QTableView:
    """A read-only table for the review view: rows selected whole, Tab leaves it, no grid."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setShowGrid(False)
    return view
