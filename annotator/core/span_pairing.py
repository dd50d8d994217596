"""The alignment rules (see ``annotator.core.alignment``) worked on columns of spans, many articles at once.

Rows come sorted by article, then by the alignment's sort key (start, end, annotator, fields, id), and
annotators as integer codes in name order. Candidate pairs are found with one sorted sweep over the whole
corpus instead of an all-pairs matrix per article: in start order a span can only share characters with
the rows after it that start before it ends, or be identical to it (empty spans included), and those
are found for every row at once with ``searchsorted``. Only the one-to-one pairing and the clique rule,
which depend on what was taken before, run as Python loops, over the matching pairs alone.
"""

from __future__ import annotations

import numpy as np

EMPTY = np.zeros(0, dtype=np.int64)


def identical_runs(article: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """The run number of each sorted row, a run being the rows with one and the same (article, start, end)."""
    n = len(start)
    change = np.ones(n, dtype=bool)
    if n > 1:
        change[1:] = (article[1:] != article[:-1]) | (start[1:] != start[:-1]) | (end[1:] != end[:-1])
    return np.cumsum(change) - 1


def candidate_edges(
    article: np.ndarray, start: np.ndarray, end: np.ndarray, ann: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs (x, y) of matching spans of different annotators, x of the lower annotator code, in the
    order the pairing takes them: by article, then best overlap first (ratio, shared characters, the two
    spans' positions, rows)."""
    n = len(start)
    if n < 2:
        return EMPTY, EMPTY
    rows = np.arange(n, dtype=np.int64)
    # Rows are in (article, start) order, so article * width + start never decreases.
    width = int(end.max()) + 1
    key = article * width + start
    reach = np.searchsorted(key, article * width + end, side="left")
    runs = identical_runs(article, start, end)
    run_first = np.flatnonzero(np.diff(runs, prepend=-1))
    run_stop = np.append(run_first[1:], n)[runs]
    count = np.maximum(np.maximum(reach, run_stop) - rows - 1, 0)
    total = int(count.sum())
    if total == 0:
        return EMPTY, EMPTY
    i = np.repeat(rows, count)
    j = i + 1 + np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)

    si, sj, ei, ej, ai, aj = start[i], start[j], end[i], end[j], ann[i], ann[j]
    shared = np.minimum(ei, ej) - np.maximum(si, sj)
    longer = np.maximum(ei - si, ej - sj)
    identical = (si == sj) & (ei == ej)
    # Integer test, so a ratio of exactly one half never falls foul of float rounding.
    ok = (ai != aj) & (((shared > 0) & (2 * shared >= longer)) | identical)
    i, j, shared, longer, identical = i[ok], j[ok], shared[ok], longer[ok], identical[ok]
    low = ann[i] < ann[j]
    x, y = np.where(low, i, j), np.where(low, j, i)
    ratio = np.where(identical, 1.0, shared / np.maximum(longer, 1))
    # Ties are broken by the two spans' positions taken in either order, so that renaming annotators
    # (which reorders quotes with equal offsets) cannot change who is paired with whom.
    sx, sy, ex, ey = start[x], start[y], end[x], end[y]
    x_first = (sx < sy) | ((sx == sy) & (ex <= ey))
    first_s, first_e = np.where(x_first, sx, sy), np.where(x_first, ex, ey)
    second_s, second_e = np.where(x_first, sy, sx), np.where(x_first, ey, ex)
    # lexsort sorts by the last key first: article, ratio, shared characters, then position.
    order = np.lexsort((y, x, second_e, second_s, first_e, first_s, -shared, -ratio, article[x]))
    return x[order], y[order]


def pair_one_to_one(x: np.ndarray, y: np.ndarray, ann: np.ndarray) -> np.ndarray:
    """Which candidate pairs are taken, in order, skipping a quote already paired with one of the other's annotator.

    A pair only competes with pairs that share one of its two (quote, other annotator) slots; one that
    shares neither is always taken, so only the contested ones go through the loop, in their order.
    """
    if not len(x):
        return np.zeros(0, dtype=bool)
    k = int(ann.max()) + 1
    slots = np.concatenate((x * k + ann[y], y * k + ann[x]))
    _, where, counts = np.unique(slots, return_inverse=True, return_counts=True)
    shared = counts[where].reshape(2, -1).max(axis=0) > 1
    taken = ~shared
    filled: set[int] = set()
    for e, slot_a, slot_b in zip(np.flatnonzero(shared).tolist(), slots[:len(x)][shared].tolist(),
                                 slots[len(x):][shared].tolist(), strict=True):
        if slot_a in filled or slot_b in filled:
            continue
        filled.add(slot_a)
        filled.add(slot_b)
        taken[e] = True
    return taken


def _components(x: np.ndarray, y: np.ndarray, n: int) -> np.ndarray:
    """Each row's connected component along the pairs, named by its smallest row."""
    label = np.arange(n, dtype=np.int64)
    while True:
        low = np.minimum(label[x], label[y])
        new = label.copy()
        np.minimum.at(new, x, low)
        np.minimum.at(new, y, low)
        new = new[new]
        if np.array_equal(new, label):
            return label
        label = new


def group_labels(x: np.ndarray, y: np.ndarray, ann: np.ndarray, n: int) -> np.ndarray:
    """Each row's group (named by its smallest row), merging along the taken pairs (x, y) in their order
    and only where every cross pair is itself paired (a clique); a row alone is its own group.

    Rows all paired with each other form one group whatever the order, so only the other connected
    components (a chain, say) are merged pair by pair.
    """
    label = _components(x, y, n)
    size = np.bincount(label, minlength=n)
    links = np.bincount(label[x], minlength=n)
    partial = (links != size * (size - 1) // 2)[label[x]]
    if not partial.any():
        return label
    label = label.copy()
    px, py = x[partial], y[partial]
    loose = np.unique(np.concatenate((px, py)))
    label[loose] = loose
    k = int(ann.max()) + 1
    partner = dict(zip((px * k + ann[py]).tolist(), py.tolist(), strict=True))
    partner.update(zip((py * k + ann[px]).tolist(), px.tolist(), strict=True))
    codes = ann.tolist()
    members: dict[int, list[int]] = {}
    for i, j in zip(px.tolist(), py.tolist(), strict=True):
        gi, gj = int(label[i]), int(label[j])
        if gi == gj:
            continue
        mi, mj = members.get(gi, [i]), members.get(gj, [j])
        if all(partner.get(a * k + codes[b]) == b for a in mi for b in mj):
            keep, drop = min(gi, gj), max(gi, gj)
            members[keep] = mi + mj
            members.pop(drop, None)
            label[members[keep]] = keep
    return label
