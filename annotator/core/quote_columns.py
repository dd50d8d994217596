"""The compared fields of many quotes as columns: what corpus-wide agreement reads instead of Quote objects.

A whole-project agreement looks at 200,000 quotes. Built as objects they cost more than the figures
themselves, and so did aligning them article by article. As columns, numbers are arrays and every tag
is an array of integer codes into a short list of its values (a speaker column is the registry ids,
say), so sorting them in the alignment's order and numbering categories touch each distinct value once,
and each quote only inside numpy.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from annotator.core.model import GOLD, Quote

VALUE_FIELDS = ("kind", "speaker", "stance", "claim", "topics")


@dataclass(frozen=True)
class Coded:
    """A column of values as integer codes into a list of values (which may hold unused ones)."""

    codes: np.ndarray
    values: Sequence[Hashable]

    @classmethod
    def of(cls, values: Sequence[Hashable]) -> Coded:
        """Code a list of values."""
        distinct = list(dict.fromkeys(values))
        code_of = {value: k for k, value in enumerate(distinct)}
        return cls(np.fromiter(map(code_of.__getitem__, values), np.int64, len(values)), distinct)

    def take(self, rows: np.ndarray) -> Coded:
        """The column at the given rows (indices or mask)."""
        return Coded(self.codes[rows], self.values)

    def present(self) -> np.ndarray:
        """The codes some row holds, in code order."""
        return np.flatnonzero(np.bincount(self.codes, minlength=len(self.values)))

    def ranks(self, key: Callable[[Hashable], Hashable] = lambda value: value) -> np.ndarray:
        """Each row's rank among the column's values sorted by ``key`` (equal keys share a rank)."""
        present = self.present().tolist()
        keys = [key(self.values[code]) for code in present]
        rank = {k: r for r, k in enumerate(sorted(set(keys)))}
        by_code = np.zeros(len(self.values), dtype=np.int64)
        by_code[present] = [rank[k] for k in keys]
        return by_code[self.codes]


def _int_array(values: Iterable[int]) -> np.ndarray:
    return np.asarray(values if isinstance(values, np.ndarray) else list(values), dtype=np.int64).reshape(-1)


@dataclass(frozen=True)
class QuoteColumns:
    """One row per quote: its article (an id or a position), id (-1: none), span, annotator and tags."""

    article: np.ndarray
    id: np.ndarray
    start: np.ndarray
    end: np.ndarray
    annotator: Coded
    kind: Coded
    speaker: Coded
    stance: Coded
    claim: Coded
    topics: Coded

    def __len__(self) -> int:
        return len(self.start)

    @classmethod
    def of_quotes(cls, articles: Iterable[tuple[int, Iterable[Quote]]]) -> QuoteColumns:
        """Columns of (article, its quotes) pairs."""
        rows = [(article, -1 if q.id is None else q.id, q.start, q.end, q.annotator, q.kind, q.speaker, q.stance,
                 q.claim, q.topics) for article, quotes in articles for q in quotes]
        columns = list(zip(*rows, strict=True)) if rows else [() for _ in range(10)]
        return cls(*(_int_array(column) for column in columns[:4]), *(Coded.of(column) for column in columns[4:]))

    def take(self, rows: np.ndarray) -> QuoteColumns:
        """The given rows (indices or mask)."""
        return QuoteColumns(self.article[rows], self.id[rows], self.start[rows], self.end[rows],
                            *(getattr(self, name).take(rows) for name in ("annotator", *VALUE_FIELDS)))


@dataclass(frozen=True)
class SortedSpans:
    """Quotes (gold left out) in the alignment's order, their fields as codes in first-appearance order."""

    names: list[str]  # annotators, sorted; ``ann`` holds their positions
    article: np.ndarray
    id: np.ndarray
    start: np.ndarray
    end: np.ndarray
    ann: np.ndarray
    codes: dict[str, np.ndarray]  # field -> each row's category code
    categories: dict[str, list[Hashable]]  # field -> the category of each code (topics: frozensets)


def sort_spans(columns: QuoteColumns, article: np.ndarray) -> SortedSpans:
    """Sort the non-gold rows as alignment would, ``article`` being each row's article position."""
    gold = [code for code, name in enumerate(columns.annotator.values) if name == GOLD]
    if gold:
        keep = ~np.isin(columns.annotator.codes, gold)
        columns, article = columns.take(keep), article[keep]
    names = sorted({columns.annotator.values[code] for code in columns.annotator.present().tolist()})
    ann = columns.annotator.ranks()
    order = np.lexsort((ann, columns.end, columns.start, article))
    # Only rows equal in all four (one annotator marking one span twice, which is rare) need the other
    # keys of alignment's sort key: (kind, speaker or "", stance or "", claim or "", topics, id).
    same = np.zeros(len(order), dtype=bool)
    if len(order) > 1:
        sorted_keys = (article[order], columns.start[order], columns.end[order], ann[order])
        equal = np.logical_and.reduce([key[1:] == key[:-1] for key in sorted_keys])
        same[1:] |= equal
        same[:-1] |= equal
    if same.any():
        rows = order[same]
        tied = columns.take(rows)

        def blank_none(value: Hashable) -> Hashable:
            return value or ""

        # lexsort sorts by its last key first.
        order[same] = rows[np.lexsort((
            tied.id, tied.topics.ranks(), tied.claim.ranks(blank_none), tied.stance.ranks(blank_none),
            tied.speaker.ranks(blank_none), tied.kind.ranks(), ann[rows], tied.end, tied.start, article[rows],
        ))]
    codes, categories = {}, {}
    for field in VALUE_FIELDS:
        codes[field], categories[field] = _categories(getattr(columns, field).take(order), as_sets=field == "topics")
    return SortedSpans(names, article[order], columns.id[order], columns.start[order], columns.end[order], ann[order], codes, categories)


def _categories(column: Coded, as_sets: bool) -> tuple[np.ndarray, list[Hashable]]:
    """Category codes numbered by first appearance, and the categories: equal values are one category,
    and topics compare as sets (tuples with the same labels in another order are one)."""
    if not len(column.codes):
        return column.codes, []
    # Numbered by first appearance, the figures' float sums add up in one fixed order whatever the ids.
    n = len(column.codes)
    first = np.full(len(column.values), n, dtype=np.int64)
    np.minimum.at(first, column.codes, np.arange(n, dtype=np.int64))
    present = np.flatnonzero(first < n)
    by_appearance = present[np.argsort(first[present])].tolist()
    values = [column.values[code] for code in by_appearance]
    found = list(dict.fromkeys(map(frozenset, values) if as_sets else values))
    number = {category: k for k, category in enumerate(found)}
    category_of = np.zeros(len(column.values), dtype=np.int64)
    category_of[by_appearance] = [number[frozenset(v) if as_sets else v] for v in values]
    return category_of[column.codes], found
