"""The claims board's index: kept where the collector's full passes do not walk it, and patched like a fresh read.

A full pass of the collector holds the interpreter lock from start to end; the first one after the board's
reading runs on the window's thread, so every container it walks there is a stall the user feels while
typing (bench_scale.py's claims-load figure).
"""

from __future__ import annotations

import gc

from annotator.store.overview import ClaimRow
from annotator.ui.claims.index import ClaimsIndex

CLAIMS = ("Drones were sold", "Sanctions hurt", "The talks will resume")


def _row(quote_id: int, claim: str, stance: str | None = "supports", article_id: int | None = None) -> ClaimRow:
    article = article_id if article_id is not None else quote_id % 40
    return ClaimRow(quote_id, article, quote_id * 10, quote_id * 10 + 8, claim, stance, f"speaker {quote_id % 7}",
                    "ana", f"2024-01-{1 + article % 28:02d}", "Mehr News", f"Report {article}", "", f"words {quote_id}")


def _rows(n: int = 3000) -> list[ClaimRow]:
    return [_row(k, CLAIMS[k % 3], ("supports", "opposes", None)[k % 5 % 3]) for k in range(n)]


def _untracked(index: ClaimsIndex) -> bool:
    # A pass stops tracking a tuple of plain values (a list, never), and then a tuple of such tuples:
    # at most two passes walk the rows, none after that.
    gc.collect()
    gc.collect()
    containers = [index.rows, index.keys, index._order, *index._by_article.values()]
    return not any(gc.is_tracked(container) for container in containers)


def test_a_read_index_is_left_out_of_the_collectors_later_passes():
    index = ClaimsIndex(_rows())
    assert len(index) == 3000
    assert _untracked(index)


def test_an_edited_index_shows_what_a_fresh_read_shows_and_stays_out_of_later_passes():
    rows = _rows()
    index = ClaimsIndex(rows)
    moved = _row(5, "Sanctions hurt", "opposes")  # another claim and stance
    added = _row(5000, "A new claim", article_id=3)
    touched = index.replace({5, 7, 5000}, [moved, added])  # quote 7 lost its claim
    assert touched == {CLAIMS[2], "Sanctions hurt", CLAIMS[1], "A new claim"}
    after = [row for row in rows if row.id not in (5, 7)] + [moved, added]
    fresh = ClaimsIndex(after)
    assert index.rows == fresh.rows and index.keys == fresh.keys
    assert [(claim, list(at)) for claim, at in index.claims()] == [(claim, list(at)) for claim, at in fresh.claims()]
    assert index.ids_of_articles({3}) == fresh.ids_of_articles({3}) and 5000 in index.ids_of_articles({3})
    assert 7 not in index.ids_of_articles({7}) and index.get(7) is None
    assert list(index.match(["opposes", "sanctions"])) == list(fresh.match(["opposes", "sanctions"]))
    assert _untracked(index)


def test_a_disposed_index_is_empty():
    index = ClaimsIndex(_rows(50))
    index.dispose()
    assert len(index) == 0 and index.get(3) is None
