"""The claims board's tree model: claim → stance → speaker → quote, with counts and stance colours.

Lazy: the top level is one node per claim the filter keeps; a claim's stance, speaker and quote rows are
built the first time the view asks for them (when the claim is expanded), and a claim's chips and counts
the first time it is painted. An edit replaces the rows of the claims it touched, nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from annotator.core.model import Label
from annotator.core.text import plural
from annotator.store.overview import ClaimRow
from annotator.ui.claims.index import NO_SPEAKER, NO_STANCE, ClaimsIndex, narrows, outlet_of
from annotator.ui.claims.versions import GOLD_VIEW

CLAIM, STANCE, SPEAKER, QUOTE = "claim", "stance", "speaker", "quote"
KindRole = Qt.ItemDataRole.UserRole + 1  # one of CLAIM, STANCE, SPEAKER, QUOTE
QuoteIdRole = Qt.ItemDataRole.UserRole + 2
ArticleIdRole = Qt.ItemDataRole.UserRole + 3
StanceCountsRole = Qt.ItemDataRole.UserRole + 4  # claim rows: [(stance, colour, count), ...]
KeyRole = Qt.ItemDataRole.UserRole + 5  # a group's path of names, stable across refreshes

__all__ = ["NO_SPEAKER", "NO_STANCE", "ClaimsModel", "excerpt", "swatch"]

_GREY = "#9a9a9a"
_EXCERPT_CHARS = 280
_RECENT_FILTERS = 12
_HEADERS = ("Claim / stance / speaker / quote", "Outlet · article", "Annotator")

_Index = QModelIndex | QPersistentModelIndex
# Roles that need a claim's chips and counts (and the display of its second column): asked only for the
# rows being painted, never by the header sizing the other columns.
_DISPLAY, _DECORATION, _FONT = (int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole,
                                                   Qt.ItemDataRole.FontRole))
_BACKGROUND, _FOREGROUND, _TOOLTIP = (int(r) for r in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
                                                       Qt.ItemDataRole.ToolTipRole))
_SUMMARY_ROLES = (_TOOLTIP, int(StanceCountsRole))


@dataclass(eq=False)
class _Node:
    kind: str
    label: str
    parent: _Node | None = None
    children: list[_Node] | None = None  # None: not built yet
    row: int = 0
    colour: str = _GREY
    rows: list[ClaimRow] = field(default_factory=list)  # the quotes under a stance or speaker group
    picks: Any = None  # a claim's quotes: their positions in the index (a numpy array)
    count: int = 0
    detail: str | None = None  # None: not worked out yet (claims work theirs out when first shown)
    tooltip: str = ""
    key: tuple[str, ...] = ()
    quote: ClaimRow | None = None
    stance_counts: list[tuple[str, str, int]] = field(default_factory=list)

    def add(self, child: _Node) -> _Node:
        child.parent, child.row = self, len(self.children)
        self.children.append(child)
        return child


def excerpt(text: str) -> str:
    """A quote's text on one line, cut at a readable length."""
    flat = " ".join(text[: _EXCERPT_CHARS * 2].split())
    return flat if len(flat) <= _EXCERPT_CHARS else flat[: _EXCERPT_CHARS - 1].rstrip() + "…"


def swatch(colour: str, size: int = 12) -> QIcon:
    """A round colour swatch for decorations."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # combined once: asked for every row
def _quote_order(row: ClaimRow) -> tuple:
    return (row.published, row.article_id, row.start, row.id)


class ClaimsModel(QAbstractItemModel):
    """Every quote with a claim, grouped by claim, stance and speaker; filtered by free text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._root = _Node("root", "", children=[])
        self._index = ClaimsIndex()
        self._stances: Sequence[Label] = ()
        self._colours: dict[str, str] = {}
        self._order: dict[str, int] = {}
        self._filter: list[str] = []
        self._matched: Any = None  # positions the filter kept, a numpy array (None: every row)
        self._recent: dict[tuple[str, ...], Any] = {}  # the last filters' matches, while the rows stay
        self._shown = 0
        self._summaries: dict[str, tuple] = {}  # claim → chips, detail, tooltip over all its quotes
        self._compact = False
        self._swatches: dict[str, QIcon] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._tints: dict[str, QColor] = {}
        self._amber = QColor("#c77c02")
        self._shifted_icon: QIcon | None = None

    # -- content ---------------------------------------------------------------------------------------------

    def set_index(self, index: ClaimsIndex, stances: Sequence[Label]) -> None:
        """Show the rows of a (freshly read) index; stances give order and colour."""
        self._index = index
        self._summaries.clear()
        self._recent.clear()
        self._stances = list(stances)
        self._colours = {label.name: label.colour for label in self._stances}
        self._order = {label.name: i for i, label in enumerate(self._stances)}
        self._matched = index.match(self._filter) if self._filter else None
        self._rebuild()

    @property
    def claims_index(self) -> ClaimsIndex:
        """The rows the model shows."""
        return self._index

    def set_stances(self, stances: Sequence[Label]) -> bool:
        """Take the scheme's stances (order and colour); True if they differed and the board was rebuilt."""
        if list(stances) == list(self._stances):
            return False
        self.set_index(self._index, stances)
        return True

    def set_compact(self, compact: bool) -> None:
        """In a narrow dock, the first column also carries the outlet and a speaker's other stances."""
        if compact != self._compact:
            self._compact = compact
            if self._root.children:
                self.layoutAboutToBeChanged.emit()
                self.layoutChanged.emit()

    def set_filter(self, text: str) -> None:
        """Show only quotes whose claim, stance, speaker, text, outlet, title or annotator hold every word."""
        words = text.casefold().split()
        if words != self._filter:
            within = self._matched if narrows(self._filter, words) else None
            self._filter = words
            found = self._recent.get(tuple(words))  # a backspace returns to a filter just shown
            if found is None and words:
                found = self._recent[tuple(words)] = self._index.match(words, within)
                while len(self._recent) > _RECENT_FILTERS:
                    del self._recent[next(iter(self._recent))]
            self._matched = found
            self._rebuild()

    def claim_count(self) -> int:
        """How many claims are shown."""
        return len(self._root.children)

    def quote_count(self) -> int:
        """How many quotes are shown."""
        return self._shown

    def undecided_count(self) -> int:
        """In the gold view, how many lines shown are annotators' versions not reviewed yet (else 0)."""
        if self._index.view != GOLD_VIEW:
            return 0
        return self._shown - self._index.gold_count(self._matched)

    def built_claims(self) -> int:
        """How many claims have their groups built (they are built when first expanded)."""
        return sum(claim.children is not None for claim in self._root.children)

    def index_of_quote(self, quote_id: int) -> QModelIndex:
        """The index of a shown quote (invalid if filtered out or absent); builds its claim's groups."""
        row = self._index.get(quote_id)
        claim = self._claim_node(row.claim) if row is not None else None
        if claim is None:
            return QModelIndex()
        for stance in self._children(claim):
            for speaker in self._children(stance):
                for leaf in self._children(speaker):
                    if leaf.quote.id == quote_id:
                        return self.createIndex(leaf.row, 0, leaf)
        return QModelIndex()

    def index_of_key(self, key: tuple[str, ...]) -> QModelIndex:
        """The index of a group by its path of names (invalid if not shown)."""
        node = self._claim_node(key[0]) if key else None
        for name in key[1:]:
            if node is None:
                break
            node = next((child for child in self._children(node) if child.label == name), None)
        return self.createIndex(node.row, 0, node) if node is not None else QModelIndex()

    def update_rows(self, quote_ids: Iterable[int], rows: Iterable[ClaimRow]) -> bool:
        """Take the current rows of edited quotes; only the claims they touch change. True if any did."""
        touched = self._index.replace(quote_ids, rows)
        if not touched:
            return False
        self._recent.clear()
        for claim in touched:
            self._summaries.pop(claim, None)
        # Rows moved: every shown claim takes its new positions (the same quotes unless it was touched).
        self._matched = self._index.match(self._filter) if self._filter else None
        groups = dict(self._index.claims(self._matched))
        for node in self._root.children:
            if node.label not in touched and node.label in groups:
                node.picks = groups[node.label]
        for claim in sorted(touched, key=lambda text: (text.casefold(), text)):
            self._update_claim(claim, groups.get(claim))
        self._shown = sum(node.count for node in self._root.children)
        return True

    # -- building --------------------------------------------------------------------------------------------

    def _rebuild(self) -> None:
        self.beginResetModel()
        self._root = _Node("root", "", children=[])
        for text, picks in self._index.claims(self._matched):
            self._root.add(_Node(CLAIM, text, picks=picks, count=len(picks), key=(text,)))
        self._shown = sum(node.count for node in self._root.children)
        self.endResetModel()

    def _claim_node(self, text: str) -> _Node | None:
        claims = self._root.children
        at = self._claim_position(text)
        return claims[at] if at < len(claims) and claims[at].label == text else None

    def _claim_position(self, text: str) -> int:
        claims, key = self._root.children, (text.casefold(), text)
        low, high = 0, len(claims)
        while low < high:
            mid = (low + high) // 2
            if (claims[mid].label.casefold(), claims[mid].label) < key:
                low = mid + 1
            else:
                high = mid
        return low

    def _update_claim(self, text: str, picks) -> None:
        rows = picks is not None and len(picks) > 0
        node, at = self._claim_node(text), self._claim_position(text)
        claims = self._root.children
        if node is None and rows:
            self.beginInsertRows(QModelIndex(), at, at)
            claims.insert(at, _Node(CLAIM, text, parent=self._root, picks=picks, count=len(picks), key=(text,)))
            self._renumber(self._root, at)
            self.endInsertRows()
        elif node is not None and not rows:
            self.beginRemoveRows(QModelIndex(), at, at)
            del claims[at]
            self._renumber(self._root, at)
            self.endRemoveRows()
        elif node is not None:
            parent, built = self.createIndex(at, 0, node), node.children is not None
            if node.children:
                self.beginRemoveRows(parent, 0, len(node.children) - 1)
                node.children = []
                self.endRemoveRows()
            node.picks, node.count, node.detail, node.tooltip, node.stance_counts = picks, len(picks), None, "", []
            node.children = None
            if built:  # it was open: its new groups show at once
                groups = self._children(node)
                node.children = []
                self.beginInsertRows(parent, 0, len(groups) - 1)
                node.children = groups
                self.endInsertRows()
            self.dataChanged.emit(parent, parent.siblingAtColumn(len(_HEADERS) - 1))

    @staticmethod
    def _renumber(parent: _Node, start: int) -> None:
        for row in range(start, len(parent.children)):
            parent.children[row].row = row

    def _children(self, node: _Node) -> list[_Node]:
        if node.children is None:
            node.children = []
            if node.kind == CLAIM:
                self._build_claim(node)
            elif node.kind == SPEAKER:
                for row in sorted(node.rows, key=_quote_order):
                    node.add(self._quote_node(row, node.colour))
        return node.children

    def _build_claim(self, claim: _Node) -> None:
        grouped: dict[str, dict[str, list[ClaimRow]]] = defaultdict(lambda: defaultdict(list))
        rows = self._index.rows_at(claim.picks)
        for row in rows:
            grouped[row.stance or NO_STANCE][row.speaker or NO_SPEAKER].append(row)
        sides = self._sides(rows)
        for stance_name in sorted(grouped, key=self._stance_rank):
            colour = self._colours.get(stance_name, _GREY)
            speakers = grouped[stance_name]
            stance = claim.add(_Node(STANCE, stance_name, colour=colour, key=(claim.label, stance_name),
                                     children=[], count=sum(map(len, speakers.values()))))
            for speaker_name in sorted(speakers, key=lambda s: (s == NO_SPEAKER, s.casefold())):
                speaker = stance.add(_Node(SPEAKER, speaker_name, colour=colour, rows=speakers[speaker_name],
                                           count=len(speakers[speaker_name]),
                                           key=(claim.label, stance_name, speaker_name)))
                others = [s for s in sides.get(speaker_name, ()) if s != stance_name]
                if others and speaker_name != NO_SPEAKER:
                    speaker.detail = "also " + ", ".join(others)
                    speaker.tooltip = f"{speaker_name} also {' and '.join(others)} this claim elsewhere"

    def _stance_rank(self, name: str) -> tuple:
        return (name == NO_STANCE, self._order.get(name, len(self._order)), name)

    def _sides(self, rows: list[ClaimRow]) -> dict[str, list[str]]:
        """Speaker → the stances they take on the claim, in scheme order."""
        taken: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            taken[row.speaker or NO_SPEAKER].add(row.stance or NO_STANCE)
        return {name: sorted(stances, key=self._stance_rank) for name, stances in taken.items()}

    def _summarise(self, claim: _Node) -> None:
        """A claim's chips, counts and tooltip, worked out the first time it is shown."""
        cached = self._summaries.get(claim.label) if not self._filter else None
        if cached is None:
            summary = self._index.summary(claim.picks)
            counts = {name or NO_STANCE: n for name, n in summary.stances.items()}
            stance_counts = [(name, self._colours.get(name, _GREY), counts[name])
                             for name in sorted(counts, key=self._stance_rank)]
            detail = (f"{plural(claim.count, 'quote')} · {plural(summary.speakers, 'speaker')}"
                      f" · {plural(summary.outlets, 'outlet')}")
            cached = (stance_counts, detail, "")  # the tooltip is worked out when first hovered
            if not self._filter:
                self._summaries[claim.label] = cached
        claim.stance_counts, claim.detail, claim.tooltip = cached

    def _quote_node(self, row: ClaimRow, colour: str) -> _Node:
        source = " · ".join(part for part in (row.outlet, row.title) if part)
        when = f" ({row.published})" if row.published else ""
        whose = self._whose(row)
        undecided = f"\n\nNot reviewed yet: the version of {whose}" if whose else ""
        return _Node(QUOTE, excerpt(row.text), colour=colour, detail=source or row.source, quote=row, children=[],
                     tooltip=f"{row.text[:1200]}\n\n— {row.speaker or NO_SPEAKER}, {source}{when}{undecided}")

    def _whose(self, row: ClaimRow) -> str:
        """In the gold view, the annotators whose undecided version a line is ("" for a gold quote)."""
        return row.annotator if self._index.view == GOLD_VIEW and row.annotator != GOLD_VIEW else ""

    # -- Qt model API ----------------------------------------------------------------------------------------

    def _node(self, index: _Index) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        children = self._children(self._node(parent))
        if 0 <= row < len(children) and 0 <= column < len(_HEADERS):
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        up = self._node(index).parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(self._node(parent)))

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:
        # Asked for every row painted: answered without building the groups.
        if parent.isValid() and parent.column() != 0:
            return False
        node = self._node(parent)
        return node.kind != QUOTE and (node.count > 0 if node.children is None else bool(node.children))

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_HEADERS)
        ):
            return _HEADERS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        # Asked some ten times per cell painted: roles are compared as plain ints, most frequent first.
        if not index.isValid():
            return None
        role, node, column = int(role), index.internalPointer(), index.column()
        kind = node.kind
        if kind == CLAIM and node.detail is None and (role in _SUMMARY_ROLES or (role == _DISPLAY and column == 1)):
            self._summarise(node)
        if role == _DISPLAY:
            return self._display(node, column)
        if role == _DECORATION:
            if column == 0 and kind in (STANCE, QUOTE):
                return self._swatch(node.colour)
            return self._shifted() if column == 0 and kind == SPEAKER and node.detail else None
        if role == _FONT:
            return self._bold if column == 0 and kind in (CLAIM, STANCE) else None
        if role == _BACKGROUND:
            return self._tint(node.colour) if kind == STANCE else None
        if role == _FOREGROUND:
            return self._amber if kind == SPEAKER and column == 1 else None
        if role == _TOOLTIP:
            if kind == CLAIM and not node.tooltip:
                shifted = self._index.shifted(node.picks)
                node.tooltip = node.label + (f"\nOn more than one side: {', '.join(shifted)}" if shifted else "")
            return node.tooltip or None
        if role == KindRole:
            return kind
        if role == QuoteIdRole:
            return node.quote.id if node.quote else None
        if role == ArticleIdRole:
            return node.quote.article_id if node.quote else None
        if role == StanceCountsRole:
            return node.stance_counts if kind == CLAIM else None
        if role == KeyRole:
            return node.key
        return None

    def _tint(self, colour: str) -> QColor:
        tint = self._tints.get(colour)
        if tint is None:
            tint = self._tints[colour] = QColor(colour)
            tint.setAlpha(40)  # a wash of the stance colour: readable on light and dark palettes
        return tint

    def _display(self, node: _Node, column: int) -> str | None:
        if column == 0:
            if node.kind == QUOTE:
                if not self._compact:
                    return node.label
                whose = self._whose(node.quote)  # the annotator column is hidden in a narrow dock
                return f"{outlet_of(node.quote)}: {node.label}" + (f" — {whose}" if whose else "")
            text = f"{node.label or '(empty claim)'}  ({node.count})"
            return (
                f"{text} · {node.detail}" if self._compact and node.kind == SPEAKER and node.detail else text
            )
        if column == 1:
            return node.detail or None
        if column == 2 and node.quote is not None:
            return node.quote.annotator
        return None

    def _shifted(self) -> QIcon:
        if self._shifted_icon is None:
            import qtawesome as qta  # imported on first paint: it slows the window's launch otherwise

            self._shifted_icon = qta.icon("mdi6.swap-horizontal-bold", color="#c77c02")
        return self._shifted_icon

    def _swatch(self, colour: str) -> QIcon:
        if colour not in self._swatches:
            self._swatches[colour] = swatch(colour)
        return self._swatches[colour]
