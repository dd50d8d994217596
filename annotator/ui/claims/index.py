"""The claims board's rows in board order, each with a lowercase key, so a filter is a scan of short strings.

Plain Python and numpy (no Qt): built on a worker thread from the store's rows and handed to the model.
A filter keeps row positions; a claim's quotes are one run of positions (rows are sorted by claim), and
its chips and counts are counted over that run in numpy, so a keystroke costs one scan of the keys plus
what is painted, whatever the size of the claims.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress, repeat
from operator import contains

import numpy as np

from annotator.core.model import GOLD
from annotator.store.overview import ClaimRow

NO_STANCE, NO_SPEAKER = "no stance", "unknown speaker"


def sort_key(row: ClaimRow) -> tuple:
    """Board order: claims alphabetically, then a claim's quotes by date, article and offset."""
    return (row.claim.casefold(), row.claim, row.published, row.article_id, row.start, row.id)


def filter_key(row: ClaimRow) -> str:
    """What a filter word may match: claim, stance, speaker, annotator, the quote's words, outlet, title."""
    parts = (row.claim, row.stance or NO_STANCE, row.speaker or NO_SPEAKER, row.annotator, row.text,
             row.outlet, row.title)
    # Joined by newlines: a filter word holds no whitespace, so it never matches across two fields.
    return "\n".join(parts).casefold()


def outlet_of(row: ClaimRow) -> str:
    """The name a quote's source goes by on the board."""
    return row.outlet or row.title or row.source


def narrows(old: list[str], new: list[str]) -> bool:
    """Whether every match of ``new`` words is a match of ``old`` (each old word inside a new one)."""
    return bool(old) and all(any(word in longer for longer in new) for word in old)


@dataclass(frozen=True)
class ClaimSummary:
    """What a claim row shows: quotes per stance (scheme order is the model's), speakers, outlets."""

    stances: dict[str | None, int]
    speakers: int
    outlets: int


class _Codes:
    """Names numbered in order of appearance, so a column of names becomes a column of small ints."""

    def __init__(self) -> None:
        self.names: list = []
        self._code: dict = {}

    def code(self, name) -> int:
        found = self._code.get(name)
        if found is None:
            found = self._code[name] = len(self.names)
            self.names.append(name)
        return found


class ClaimsIndex:
    """Every quote with a claim, sorted for the board; filtered by words, patched row by row after edits."""

    def __init__(self, rows: Iterable[ClaimRow] = (), view: str = "", annotators: Iterable[str] = ()):
        #: Which quotes the rows are: "" every quote, "gold" the gold view of a review project, else one
        #: annotator's; and the annotators (gold aside) a review project's board can switch to.
        self.view, self.annotators = view, tuple(annotators)
        # Sorted claim by claim: one sort of every row is a single call that holds the interpreter lock
        # for its whole length, and the window's thread would wait that long for it.
        by_claim: dict[str, list[tuple]] = {}
        for row in rows:
            by_claim.setdefault(row.claim, []).append((sort_key(row), row))
        order: list[tuple] = []
        board: list[ClaimRow] = []
        for claim in sorted(by_claim, key=lambda text: (text.casefold(), text)):
            pairs = sorted(by_claim.pop(claim))  # freed group by group: one big free also holds the lock
            order += [key for key, _ in pairs]
            board += [row for _, row in pairs]
        self._claims, self._stances, self._speakers, self._outlets = _Codes(), _Codes(), _Codes(), _Codes()
        columns: list[list[int]] = [[], [], [], [], []]
        for row in board:
            for column, code in zip(columns, self._encode(row), strict=True):
                column.append(code)
        # The rows, their filter keys and sort keys are kept in tuples of plain tuples and strings: the
        # collector's young passes stop tracking such a tuple once every item in it is untracked (a list,
        # or a named tuple, never), and no full pass walks it again. Kept in lists, the hundred thousand
        # rows made each full pass after a reading (the first one on the window's thread) walk them all.
        self._set_rows([tuple(row) for row in board], [filter_key(row) for row in board], order)
        self._by_id = {row[0]: row for row in self.rows}
        # Each article's row ids (tuples, for the same reason): a review board redoes an article's lines
        # after an edit in it.
        by_article: dict[int, list[int]] = {}
        for row in self.rows:
            by_article.setdefault(row[1], []).append(row[0])
        self._by_article = {article: tuple(ids) for article, ids in by_article.items()}
        # Claim, stance, speaker and outlet codes and a gold flag, one array row each, in step with the rows.
        # A column at a time: one call over every column holds the interpreter lock for all of them.
        self._codes = np.array([np.array(column, dtype=np.int32) for column in columns]).reshape(5, -1)
        self._arrays: tuple[np.ndarray, ...] | None = None

    def _set_rows(self, rows: list[tuple], keys: list[str], order: list[tuple]) -> None:
        """Keep the rows, their filter keys and their sort keys, in step, as tuples."""
        self.rows: tuple[tuple, ...] = tuple(rows)
        self.keys: tuple[str, ...] = tuple(keys)
        self._order: tuple[tuple, ...] = tuple(order)

    def dispose(self) -> None:
        """Free the rows a slice at a time, so that no single free holds the interpreter lock for long."""
        containers = [list(self.rows), list(self.keys), list(self._order)]
        self.rows = self.keys = self._order = ()
        for rows in containers:
            while rows:
                del rows[-5000:]
        for table in (self._by_id, self._by_article):
            while table:
                for _ in range(min(5000, len(table))):
                    table.popitem()

    def _encode(self, row: ClaimRow) -> tuple[int, int, int, int, int]:
        return (self._claims.code(row.claim), self._stances.code(row.stance), self._speakers.code(row.speaker),
                self._outlets.code(outlet_of(row)), int(row.annotator == GOLD))

    def prepare(self) -> ClaimsIndex:
        """Work out the code arrays now (on the worker thread that built the index), not on first use."""
        self._array()
        return self

    def _array(self) -> tuple[np.ndarray, ...]:
        """Claim, stance, speaker and outlet codes per row, and where each claim's run starts."""
        if self._arrays is None:
            claims, stances, speakers, outlets, _gold = self._codes
            starts = np.concatenate(([0], np.flatnonzero(np.diff(claims)) + 1, [len(claims)])).astype(np.int64)
            self._arrays = (claims, stances, speakers, outlets, starts if len(claims) else starts[:1])
        return self._arrays

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, quote_id: int) -> ClaimRow | None:
        """The row of a quote, if it has a claim."""
        found = self._by_id.get(quote_id)
        return None if found is None else ClaimRow._make(found)

    def match(self, words: list[str], within: np.ndarray | None = None) -> np.ndarray:
        """Positions of the rows holding every word (all rows for none), searched ``within`` some if given."""
        keys = self.keys
        if within is None:
            if not words:
                return np.arange(len(keys))
            first, *words = words
            found = list(compress(range(len(keys)), map(contains, keys, repeat(first))))  # one pass, in C
        else:
            found = within.tolist()
        for word in words:
            found = [k for k in found if word in keys[k]]
        return np.array(found, dtype=np.int64)

    def claims(self, positions: np.ndarray | None = None) -> list[tuple[str, np.ndarray]]:
        """Each claim with rows at ``positions`` (every row for None), in board order, with those positions."""
        claim_codes, _, _, _, starts = self._array()
        names = self._claims.names
        if positions is None:
            return [(names[claim_codes[lo]], np.arange(lo, hi)) for lo, hi in zip(starts[:-1].tolist(),
                                                                                starts[1:].tolist(), strict=True)]
        # A claim's rows are one run of positions: the cuts between runs come from one sorted search.
        cuts = np.searchsorted(positions, starts)
        return [(names[claim_codes[starts[c]]], positions[cuts[c] : cuts[c + 1]])
                for c in np.flatnonzero(np.diff(cuts)).tolist()]

    def gold_count(self, positions: np.ndarray | None = None) -> int:
        """How many rows (at ``positions``, or all) are gold quotes."""
        gold = self._codes[4]
        return int(gold.sum() if positions is None else gold[positions].sum())

    def rows_at(self, positions: np.ndarray) -> list[ClaimRow]:
        """The rows at some positions."""
        rows, make = self.rows, ClaimRow._make
        return [make(rows[k]) for k in positions.tolist()]

    def summary(self, positions: np.ndarray) -> ClaimSummary:
        """Counts over some rows (a claim's), in numpy."""
        _, stances, speakers, outlets, _ = self._array()
        stance_codes, speaker_codes = stances[positions], speakers[positions]
        per_stance = np.bincount(stance_codes, minlength=len(self._stances.names))
        return ClaimSummary(
            stances={self._stances.names[k]: int(n) for k, n in enumerate(per_stance.tolist()) if n},
            speakers=len(np.unique(speaker_codes)),
            outlets=len(np.unique(outlets[positions])),
        )

    def shifted(self, positions: np.ndarray) -> list[str]:
        """Named speakers who take more than one stance among some rows (a claim's), by name."""
        _, stances, speakers, _, _ = self._array()
        width = len(self._stances.names)
        pairs = np.unique(speakers[positions].astype(np.int64) * width + stances[positions])
        who, sides = np.unique(pairs // width, return_counts=True)
        names = self._speakers.names
        return sorted(names[k] for k in who[sides > 1].tolist() if names[k])

    def ids_of_articles(self, article_ids: set[int]) -> set[int]:
        """The ids of the rows of some articles."""
        return set().union(*(self._by_article.get(article_id, ()) for article_id in article_ids))

    def claim_positions(self, claim: str) -> np.ndarray:
        """Positions of every row of one claim."""
        low = bisect_left(self._order, (claim.casefold(), claim))
        high = bisect_left(self._order, (claim.casefold(), claim + "\0"), low)
        return np.arange(low, high)

    def replace(self, quote_ids: Iterable[int], rows: Iterable[ClaimRow]) -> set[str]:
        """Put the current rows of some quotes in place of their old ones; the claims that changed."""
        fresh = {row.id: row for row in rows}
        touched: set[str] = set()
        # Edited as lists, then kept as tuples again: one copy of each per batch of edits.
        board, keys, order = list(self.rows), list(self.keys), list(self._order)
        for quote_id in set(quote_ids):
            old, new = self.get(quote_id), fresh.get(quote_id)
            if old == new:
                continue  # a note or a topic: nothing the board shows
            if old is not None:
                at = bisect_left(order, sort_key(old))
                del order[at], board[at], keys[at]
                self._codes = np.delete(self._codes, at, axis=1)  # one copy in C: no column rebuilt
                del self._by_id[quote_id]
                self._by_article[old.article_id] = tuple(
                    k for k in self._by_article.get(old.article_id, ()) if k != quote_id)
                touched.add(old.claim)
            if new is not None:
                key = sort_key(new)
                at = bisect_left(order, key)
                order.insert(at, key)
                board.insert(at, tuple(new))
                keys.insert(at, filter_key(new))
                self._codes = np.insert(self._codes, at, self._encode(new), axis=1)
                self._by_id[quote_id] = board[at]
                self._by_article[new.article_id] = (*self._by_article.get(new.article_id, ()), quote_id)
                touched.add(new.claim)
        if touched:
            self._set_rows(board, keys, order)
            self._arrays = None
        return touched
