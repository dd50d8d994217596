"""The claims board's tree model: claim → stance → speaker → quote, with counts and stance colours."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from annotator.core.model import Article, Label, Quote

CLAIM, STANCE, SPEAKER, QUOTE = "claim", "stance", "speaker", "quote"
KindRole = Qt.ItemDataRole.UserRole + 1  # one of CLAIM, STANCE, SPEAKER, QUOTE
QuoteIdRole = Qt.ItemDataRole.UserRole + 2
ArticleIdRole = Qt.ItemDataRole.UserRole + 3
StanceCountsRole = Qt.ItemDataRole.UserRole + 4  # claim rows: [(stance, colour, count), ...]
KeyRole = Qt.ItemDataRole.UserRole + 5  # a group's path of names, stable across refreshes

NO_STANCE, NO_SPEAKER = "no stance", "unknown speaker"
_GREY = "#9a9a9a"
_EXCERPT_CHARS = 280
_HEADERS = ("Claim / stance / speaker / quote", "Outlet · article", "Annotator")

_Index = QModelIndex | QPersistentModelIndex


@dataclass(eq=False)
class _Node:
    kind: str
    label: str
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    row: int = 0
    colour: str = _GREY
    count: int = 0
    detail: str = ""
    tooltip: str = ""
    key: tuple[str, ...] = ()
    quote: Quote | None = None
    stance_counts: list[tuple[str, str, int]] = field(default_factory=list)

    def add(self, child: _Node) -> _Node:
        child.parent, child.row = self, len(self.children)
        self.children.append(child)
        return child


def excerpt(text: str) -> str:
    """A quote's text on one line, cut at a readable length."""
    flat = " ".join(text.split())
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


class ClaimsModel(QAbstractItemModel):
    """Every quote with a claim, grouped by claim, stance and speaker; filtered by free text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._root = _Node("root", "")
        self._quotes: list[Quote] = []
        self._articles: Mapping[int, Article] = {}
        self._stances: Sequence[Label] = ()
        self._filter: list[str] = []
        self._compact = False
        self._swatches: dict[str, QIcon] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._shifted_icon: QIcon | None = None

    # -- content ---------------------------------------------------------------------------------------------

    def set_content(
        self, quotes: Sequence[Quote], articles: Mapping[int, Article], stances: Sequence[Label]
    ) -> None:
        """Replace the quotes shown (articles give excerpts and outlets; stances give order and colour)."""
        self._quotes, self._articles, self._stances = list(quotes), articles, list(stances)
        self._rebuild()

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
            self._filter = words
            self._rebuild()

    def claim_count(self) -> int:
        """How many claims are shown."""
        return len(self._root.children)

    def quote_count(self) -> int:
        """How many quotes are shown."""
        return sum(claim.count for claim in self._root.children)

    def index_of_quote(self, quote_id: int) -> QModelIndex:
        """The index of a shown quote (invalid if filtered out or absent)."""
        for claim in self._root.children:
            for stance in claim.children:
                for speaker in stance.children:
                    for leaf in speaker.children:
                        if leaf.quote is not None and leaf.quote.id == quote_id:
                            return self.createIndex(leaf.row, 0, leaf)
        return QModelIndex()

    def _matches(self, quote: Quote, article: Article | None) -> bool:
        if not self._filter:
            return True
        parts = [quote.claim or "", quote.stance or NO_STANCE, quote.speaker or NO_SPEAKER, quote.annotator]
        if article is not None:
            parts += [quote.text_in(article.text), article.outlet, article.title]
        haystack = "\n".join(parts).casefold()
        return all(word in haystack for word in self._filter)

    def _rebuild(self) -> None:
        self.beginResetModel()
        self._root = _Node("root", "")
        colours = {label.name: label.colour for label in self._stances}
        order = {label.name: i for i, label in enumerate(self._stances)}
        tree: dict[str, dict[str, dict[str, list[Quote]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(list))
        )
        for quote in self._quotes:
            article = self._articles.get(quote.article_id)
            if self._matches(quote, article):
                tree[quote.claim or ""][quote.stance or NO_STANCE][quote.speaker or NO_SPEAKER].append(quote)
        for claim_text in sorted(tree, key=str.casefold):
            self._add_claim(claim_text, tree[claim_text], colours, order)
        self.endResetModel()

    def _add_claim(self, text: str, stances: dict, colours: dict[str, str], order: dict[str, int]) -> None:
        claim = self._root.add(_Node(CLAIM, text, key=(text,)))
        sides: dict[str, list[str]] = defaultdict(list)  # speaker -> stances taken on this claim
        outlets: set[str] = set()
        ranked = sorted(stances, key=lambda s: (s == NO_STANCE, order.get(s, len(order)), s))
        for stance_name in ranked:
            colour = colours.get(stance_name, _GREY)
            stance = claim.add(_Node(STANCE, stance_name, colour=colour, key=(text, stance_name)))
            speakers = stances[stance_name]
            for speaker_name in sorted(speakers, key=lambda s: (s == NO_SPEAKER, s.casefold())):
                sides[speaker_name].append(stance_name)
                speaker = stance.add(
                    _Node(SPEAKER, speaker_name, colour=colour, key=(text, stance_name, speaker_name))
                )
                for quote in sorted(speakers[speaker_name], key=self._quote_order):
                    speaker.add(self._quote_node(quote, colour))
                    outlets.add(self._outlet(quote))
                speaker.count = len(speaker.children)
            stance.count = sum(s.count for s in stance.children)
            claim.stance_counts.append((stance_name, colour, stance.count))
        claim.count = sum(s.count for s in claim.children)
        n_speakers = len(sides)
        claim.detail = (
            f"{claim.count} quote{'s' * (claim.count != 1)} · {n_speakers} speaker{'s' * (n_speakers != 1)}"
            f" · {len(outlets)} outlet{'s' * (len(outlets) != 1)}"
        )
        shifted = sorted(name for name, taken in sides.items() if len(taken) > 1 and name != NO_SPEAKER)
        claim.tooltip = text + (f"\nOn more than one side: {', '.join(shifted)}" if shifted else "")
        for stance in claim.children:
            for speaker in stance.children:
                others = [s for s in sides[speaker.label] if s != stance.label]
                if others and speaker.label != NO_SPEAKER:
                    speaker.detail = "also " + ", ".join(others)
                    speaker.tooltip = f"{speaker.label} also {' and '.join(others)} this claim elsewhere"

    def _quote_order(self, quote: Quote) -> tuple:
        article = self._articles.get(quote.article_id)
        return (article.published if article else "", quote.article_id or 0, quote.start, quote.id or 0)

    def _outlet(self, quote: Quote) -> str:
        article = self._articles.get(quote.article_id)
        return (article.outlet or article.title or article.source) if article else ""

    def _quote_node(self, quote: Quote, colour: str) -> _Node:
        article = self._articles.get(quote.article_id)
        text = quote.text_in(article.text) if article else ""
        source = " · ".join(part for part in (article.outlet, article.title) if part) if article else ""
        when = f" ({article.published})" if article and article.published else ""
        return _Node(
            QUOTE,
            excerpt(text),
            colour=colour,
            detail=source or (article.source if article else ""),
            quote=quote,
            tooltip=f"{text[:1200]}\n\n— {quote.speaker or NO_SPEAKER}, {source}{when}",
        )

    # -- Qt model API ----------------------------------------------------------------------------------------

    def _node(self, index: _Index) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        node = self._node(parent)
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        if 0 <= row < len(node.children) and 0 <= column < len(_HEADERS):
            return self.createIndex(row, column, node.children[row])
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
        return len(self._node(parent).children)

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
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node, column = self._node(index), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(node, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.tooltip or None
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and node.kind in (STANCE, QUOTE):
            return self._swatch(node.colour)
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and node.kind == SPEAKER and node.detail:
            return self._shifted()
        if role == Qt.ItemDataRole.FontRole and node.kind in (CLAIM, STANCE) and column == 0:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and node.kind == STANCE:
            tint = QColor(node.colour)
            tint.setAlpha(40)  # a wash of the stance colour: readable on light and dark palettes
            return tint
        if role == Qt.ItemDataRole.ForegroundRole and node.kind == SPEAKER and column == 1:
            return QColor("#c77c02")
        if role == KindRole:
            return node.kind
        if role == QuoteIdRole:
            return node.quote.id if node.quote else None
        if role == ArticleIdRole:
            return node.quote.article_id if node.quote else None
        if role == StanceCountsRole and node.kind == CLAIM:
            return node.stance_counts
        if role == KeyRole:
            return node.key
        return None

    def _display(self, node: _Node, column: int) -> str | None:
        if column == 0:
            if node.kind == QUOTE:
                return f"{self._outlet(node.quote)}: {node.label}" if self._compact else node.label
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
