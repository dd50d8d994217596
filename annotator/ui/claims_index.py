"""The claims board's rows in board order, each with a lowercase key, so a filter is a scan of short strings.

Plain Python (no Qt): it is built on a worker thread from the store's rows and handed to the model, which
groups only what a filter keeps and builds a claim's groups only when they are asked for.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from itertools import groupby
from operator import attrgetter, itemgetter

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


def narrows(old: list[str], new: list[str]) -> bool:
    """Whether every match of ``new`` words is a match of ``old`` (each old word inside a new one)."""
    return bool(old) and all(any(word in longer for longer in new) for word in old)


class ClaimsIndex:
    """Every quote with a claim, sorted for the board; filtered by words, patched row by row after edits."""

    def __init__(self, rows: Iterable[ClaimRow] = ()):
        pairs = sorted((sort_key(row), row) for row in rows)
        self._order = [key for key, _ in pairs]
        self.rows = [row for _, row in pairs]
        self.keys = [filter_key(row) for row in self.rows]
        self._by_id = {row.id: row for row in self.rows}
        self._claim_bounds: list[tuple[str, int, int]] | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, quote_id: int) -> ClaimRow | None:
        """The row of a quote, if it has a claim."""
        return self._by_id.get(quote_id)

    def match(self, words: list[str], within: list[int] | None = None) -> list[int]:
        """Positions of the rows holding every word (all rows for none), searched ``within`` some if given."""
        keys = self.keys
        if within is None:
            if not words:
                return list(range(len(keys)))
            first, *words = words
            found = [k for k, key in enumerate(keys) if first in key]  # one pass, no lookups
        else:
            found = within
        for word in words:
            found = [k for k in found if word in keys[k]]
        return found

    def claims(self, positions: list[int] | None = None) -> list[tuple[str, list[ClaimRow]]]:
        """The rows at ``positions`` (in board order; every row for None) grouped by claim."""
        rows, bounds = self.rows, self._bounds()
        if positions is None:
            return [(claim, rows[low:high]) for claim, low, high in bounds]
        grouped = []
        # Each claim's rows are one run of positions: two bisections find it, one C-level call fetches it.
        for claim, low, high in bounds:
            first, last = bisect_left(positions, low), bisect_left(positions, high)
            if last - first == 1:
                grouped.append((claim, [rows[positions[first]]]))
            elif last > first:
                grouped.append((claim, list(itemgetter(*positions[first:last])(rows))))
        return grouped

    def _bounds(self) -> list[tuple[str, int, int]]:
        """Each claim with the slice of rows it holds, worked out once per change of the rows."""
        if self._claim_bounds is None:
            bounds, rows = [], self.rows
            low = 0
            for claim, group in groupby(rows, attrgetter("claim")):
                high = low + sum(1 for _ in group)
                bounds.append((claim, low, high))
                low = high
            self._claim_bounds = bounds
        return self._claim_bounds

    def claim_rows(self, claim: str) -> list[ClaimRow]:
        """Every row of one claim, in board order."""
        low = bisect_left(self._order, (claim.casefold(), claim))
        high = bisect_left(self._order, (claim.casefold(), claim + "\0"), low)
        return self.rows[low:high]

    def replace(self, quote_ids: Iterable[int], rows: Iterable[ClaimRow]) -> set[str]:
        """Put the current rows of some quotes in place of their old ones; the claims that changed."""
        fresh = {row.id: row for row in rows}
        touched: set[str] = set()
        for quote_id in set(quote_ids):
            old, new = self._by_id.get(quote_id), fresh.get(quote_id)
            if old == new:
                continue  # a note or a topic: nothing the board shows
            if old is not None:
                at = bisect_left(self._order, sort_key(old))
                del self._order[at], self.rows[at], self.keys[at]
                del self._by_id[quote_id]
                touched.add(old.claim)
            if new is not None:
                key = sort_key(new)
                insort(self._order, key)
                at = bisect_left(self._order, key)
                self.rows.insert(at, new)
                self.keys.insert(at, filter_key(new))
                self._by_id[quote_id] = new
                touched.add(new.claim)
        if touched:
            self._claim_bounds = None
        return touched
