"""Agreement between annotators: span F1, Cohen's kappa and Krippendorff's alpha (nominal and MASI).

Conventions, shared by every figure here:

* The ``gold`` annotator is left out: it is the outcome of review, not a coder.
* A figure that is undefined is ``None``, never NaN: F1 when neither side marked anything; kappa with no
  paired quotes, or when both annotators used one and the same category (expected agreement 1, so kappa is
  0/0); alpha with no pairable values, or when all pairable values are the same (expected disagreement 0).
* ``None`` in a field (no speaker, no stance, ...) is a category of its own, like any other value.
* Topics are compared as sets with the MASI distance (Passonneau 2006); other fields are nominal.
* We cannot tell "did not annotate this article" from "found no quote in it", and in split workloads the
  first is far more common, so a pair's span F1 only counts articles where both marked at least one quote.
  Kappa and alpha need no such rule: they only look at aligned quotes, missing values being allowed.

Alpha is computed here from the coincidence-matrix definition (Krippendorff 2011) rather than with the
``krippendorff`` package: the package would build a units x values x values array per call (too big for
speaker names over a whole corpus) and per-article figures would need a call per article; here all
articles are done at once with ``np.bincount``. Tests check both give the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from itertools import combinations

import numpy as np

from annotator.core.alignment import TAG_FIELDS
from annotator.core.model import Quote
from annotator.core.quote_columns import QuoteColumns, SortedSpans, sort_spans
from annotator.core.span_pairing import candidate_edges, group_labels, identical_runs, pair_one_to_one

KAPPA_FIELDS = TAG_FIELDS  # kind, speaker, stance, claim
ALPHA_FIELDS = (*TAG_FIELDS, "topics")


def span_f1(matched: int, n_a: int, n_b: int) -> float | None:
    """F1 of two annotators' spans: 2 x matched / (quotes of A + quotes of B); None when both are 0."""
    total = n_a + n_b
    return 2.0 * matched / total if total else None


def masi_distance(a: Iterable[Hashable], b: Iterable[Hashable]) -> float:
    """MASI distance of two label sets: 1 - Jaccard x M, M = 1 equal, 2/3 subset, 1/3 overlap, 0 disjoint."""
    sa, sb = set(a), set(b)
    if sa == sb:
        return 0.0
    inter = len(sa & sb)
    if inter == 0:
        return 1.0
    monotonicity = 2 / 3 if sa <= sb or sb <= sa else 1 / 3
    return 1.0 - inter / len(sa | sb) * monotonicity


def masi_matrix(sets: Sequence[Iterable[Hashable]]) -> np.ndarray:
    """MASI distances between every two of ``sets``, as a square array (vectorised ``masi_distance``)."""
    labels: dict[Hashable, int] = {}
    member = [[labels.setdefault(x, len(labels)) for x in set(s)] for s in sets]
    b = np.zeros((len(sets), max(len(labels), 1)))
    for row, cols in enumerate(member):
        b[row, cols] = 1.0
    inter = b @ b.T
    size = b.sum(axis=1)
    si, sj = size[:, None], size[None, :]
    union = si + sj - inter
    jaccard = np.divide(inter, union, out=np.ones_like(inter), where=union > 0)
    monotonicity = np.where(
        (inter == si) & (inter == sj), 1.0,
        np.where(inter == np.minimum(si, sj), 2 / 3, np.where(inter > 0, 1 / 3, 0.0)),
    )
    return 1.0 - jaccard * monotonicity


def _none_if_nan(x: float) -> float | None:
    return None if x is None or np.isnan(x) else float(x)


def _kappa_codes(a: np.ndarray, b: np.ndarray) -> float | None:
    """Cohen's kappa of two aligned arrays of non-negative integer codes."""
    n = len(a)
    if n == 0:
        return None
    v = int(max(a.max(), b.max())) + 1
    p_e = float(np.bincount(a, minlength=v) @ np.bincount(b, minlength=v)) / (n * n)
    p_o = float(np.count_nonzero(a == b)) / n
    if p_e >= 1.0 - 1e-12:  # both used one and the same category: 0/0
        return None
    return (p_o - p_e) / (1.0 - p_e)


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two annotators' labels for the same items (None when undefined)."""
    if len(a) != len(b):
        raise ValueError(f"kappa needs labels for the same items: {len(a)} vs {len(b)}")
    codes: dict[Hashable, int] = {}
    ca = np.array([codes.setdefault(x, len(codes)) for x in a], dtype=np.int64)
    cb = np.array([codes.setdefault(x, len(codes)) for x in b], dtype=np.int64)
    return _kappa_codes(ca, cb)


def _alpha_strata(
    codes: np.ndarray, strata: np.ndarray, n_strata: int, dist: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Krippendorff's alpha per stratum (NaN when undefined) and its pairable values n.. per stratum.

    ``codes`` is units x coders of value codes, -1 for missing; ``strata`` the stratum of each unit;
    ``dist`` a values x values distance array, or None for nominal. Follows Krippendorff (2011):
    alpha = 1 - (n.. - 1) * sum_ck o_ck d_ck / sum_ck n_c n_k d_ck, the coincidences o_ck summing each
    unit's ordered pairs of values weighted 1 / (m_u - 1); units with fewer than two values are left out.
    """
    present = codes >= 0
    m = present.sum(axis=1)
    keep = m >= 2
    codes, present, m, strata = codes[keep], present[keep], m[keep], strata[keep]
    n_s = np.bincount(strata, weights=m, minlength=n_strata)
    observed = np.zeros(n_strata)
    weight = 2.0 / np.maximum(m - 1, 1)  # (i, j) and (j, i) are both coincidences: count once, twice
    for i, j in combinations(range(codes.shape[1]), 2):
        both = present[:, i] & present[:, j]
        if not both.any():
            continue
        ci, cj = codes[both, i], codes[both, j]
        d = (ci != cj) if dist is None else dist[ci, cj]
        observed += np.bincount(strata[both], weights=weight[both] * d, minlength=n_strata)

    expected = np.zeros(n_strata)
    values = codes[present]
    if len(values):
        v = int(values.max()) + 1
        value_strata = np.broadcast_to(strata[:, None], codes.shape)[present].astype(np.int64)
        keys, counts = np.unique(value_strata * v + values, return_counts=True)
        ks, kc, counts = keys // v, keys % v, counts.astype(float)
        if dist is None:
            expected = n_s**2 - np.bincount(ks, weights=counts**2, minlength=n_strata)
        else:
            # Every ordered pair of distinct values within a stratum; keys are sorted, so each stratum is
            # one block of (ks, kc) and pairs are generated block by block without a Python loop.
            size = np.bincount(ks, minlength=n_strata)
            first = np.cumsum(size) - size
            g = size[ks]
            left = np.repeat(np.arange(len(ks)), g)
            right = first[ks[left]] + np.arange(len(left)) - np.repeat(np.cumsum(g) - g, g)
            pair_d = counts[left] * counts[right] * dist[kc[left], kc[right]]
            expected = np.bincount(ks[left], weights=pair_d, minlength=n_strata)
    alpha = np.full(n_strata, np.nan)
    ok = expected > 1e-12
    alpha[ok] = 1.0 - (n_s[ok] - 1.0) * observed[ok] / expected[ok]
    return alpha, n_s.astype(np.int64)


def krippendorff_alpha(
    units: Sequence[Sequence[Hashable]], distance: Callable[[Hashable, Hashable], float] | None = None
) -> float | None:
    """Krippendorff's alpha; each unit lists the values coders gave it (missing ones left out).

    Nominal by default; pass ``distance`` (e.g. ``masi_distance``) for any other metric. None when undefined.
    """
    codes_of: dict[Hashable, int] = {}
    rows = [[codes_of.setdefault(x, len(codes_of)) for x in unit] for unit in units]
    width = max((len(r) for r in rows), default=0)
    codes = np.full((len(rows), width), -1, dtype=np.int64)
    for k, r in enumerate(rows):
        codes[k, : len(r)] = r
    if not codes_of:
        return None
    dist = None
    if distance is not None:
        vals = list(codes_of)
        dist = np.array([[distance(x, y) for y in vals] for x in vals], dtype=float)
    alpha, _ = _alpha_strata(codes, np.zeros(len(rows), dtype=np.int64), 1, dist)
    return _none_if_nan(alpha[0])


def pairable_values(units: Sequence[Sequence[Hashable]]) -> int:
    """Number of pairable values n.. (values in units with at least two) an alpha rests on."""
    return sum(len(u) for u in units if len(u) >= 2)


def agreement_report(articles: Sequence[tuple[str, Sequence[Quote]]]) -> dict:
    """Span F1, kappa and alpha over (article title, its quotes) pairs, overall and per article, as JSON.

    Pair F1 and kappa pool every article both annotators marked something in (micro average); an
    article's F1 pools its pairs the same way; ``units`` is the pairable values n.. each overall alpha
    rests on; every group of two or more quotes is one alpha unit.
    """
    columns = QuoteColumns.of_quotes((t, quotes) for t, (_, quotes) in enumerate(articles))
    return columns_report(columns, {t: title for t, (title, _) in enumerate(articles)})


def columns_report(columns: QuoteColumns, titles: Mapping[int, str]) -> dict:
    """``agreement_report`` of quotes given as columns, their articles keyed as in ``titles``.

    Every article of ``titles`` gets a row, in key order; quotes of other articles are left out. The whole
    corpus is aligned in one pass (``annotator.core.span_pairing``), with the same rules and so the same
    groups and pairs as aligning article by article.
    """
    keys = np.asarray(sorted(titles), dtype=np.int64)
    known = np.isin(columns.article, keys)
    if not known.all():
        columns = columns.take(known)
    spans = sort_spans(columns, np.searchsorted(keys, columns.article))
    n_articles, width = len(keys), max(len(spans.names), 1)
    x, y = candidate_edges(spans.article, spans.start, spans.end, spans.ann)
    taken = pair_one_to_one(x, y, spans.ann)
    left, right = x[taken], y[taken]
    pair_code = spans.ann[left] * width + spans.ann[right]
    # Quotes per article and annotator; a pair's F1 only counts the articles where both marked one.
    marked_by = np.bincount(spans.article * width + spans.ann, minlength=n_articles * width).reshape(-1, width)
    runs = identical_runs(spans.article, spans.start, spans.end)
    n_runs = int(runs[-1]) + 1 if len(runs) else 0
    per_run = np.bincount(runs * width + spans.ann, minlength=n_runs * width).reshape(-1, width)
    art_matched = np.bincount(spans.article[left], minlength=n_articles)
    art_total = np.zeros(n_articles, dtype=np.int64)
    pairs_out = []
    codes = spans.codes
    for a, b in combinations(range(len(spans.names)), 2):
        both = (marked_by[:, a] > 0) & (marked_by[:, b] > 0)
        totals = np.where(both, marked_by[:, a] + marked_by[:, b], 0)
        art_total += totals
        marked = int(totals.sum())
        mine = pair_code == a * width + b
        exact = int(np.minimum(per_run[:, a], per_run[:, b]).sum())
        pairs_out.append({
            "a": spans.names[a],
            "b": spans.names[b],
            "span_f1_exact": span_f1(exact, marked, 0),
            "span_f1_overlap": span_f1(int(mine.sum()), marked, 0),
            "kappa": {field: _kappa_codes(codes[field][left[mine]], codes[field][right[mine]])
                      for field in KAPPA_FIELDS},
        })
    article_f1 = [span_f1(m, t, 0) if t else None for m, t in zip(art_matched.tolist(), art_total.tolist(), strict=True)]
    alpha, units, per_article = _alpha_figures(spans, group_labels(left, right, spans.ann, len(spans.ann)), n_articles)
    return {
        "annotators": spans.names,
        "pairs": pairs_out,
        "alpha": alpha,
        "units": units,
        "articles": [
            {
                "title": titles[key],
                "span_f1_overlap": article_f1[t],
                "alpha": {f: _none_if_nan(per_article[f][t]) for f in ALPHA_FIELDS},
            }
            for t, key in enumerate(keys.tolist())
        ],
    }


def _units(spans: SortedSpans, label: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The groups of two or more quotes as alpha units: each member's unit and row, and each unit's article.

    Units come in the order alignment lists an article's groups (span, annotators, key) so that float sums
    add up in the same order as when each article was aligned on its own.
    """
    size = np.bincount(label, minlength=len(label))
    rows = np.flatnonzero(size[label] >= 2)
    rows = rows[np.lexsort((spans.ann[rows], label[rows]))]  # by group, then annotator (one quote each)
    if not len(rows):
        return np.zeros(0, np.int64), rows, np.zeros(0, np.int64)
    bounds = np.flatnonzero(np.diff(label[rows], prepend=-1))
    unit = np.cumsum(np.diff(label[rows], prepend=-1) != 0) - 1
    slot = np.arange(len(rows)) - bounds[unit]
    who = np.full((len(bounds), int(slot.max()) + 1), -1, dtype=np.int64)  # padding sorts a prefix first
    who[unit, slot] = spans.ann[rows]
    sort_keys = [spans.article[rows[bounds]], np.minimum.reduceat(spans.start[rows], bounds),
                 np.maximum.reduceat(spans.end[rows], bounds), *who.T]
    order = np.lexsort(sort_keys[::-1])
    table = np.column_stack(sort_keys)[order]
    tied = np.flatnonzero((table[1:] == table[:-1]).all(axis=1))
    if len(tied):
        order = _break_ties(spans, rows, bounds, order, tied)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    member_unit = rank[unit]
    by_unit = np.argsort(member_unit, kind="stable")
    return member_unit[by_unit], rows[by_unit], spans.article[rows[bounds]][order]


def _break_ties(spans: SortedSpans, rows: np.ndarray, bounds: np.ndarray, order: np.ndarray,
                tied: np.ndarray) -> np.ndarray:
    """Order units equal in article, span and annotators by their group key, as alignment does (rare)."""
    ends = np.append(bounds[1:], len(rows))

    def key(u: int) -> str:
        members = rows[bounds[u]:ends[u]].tolist()
        return "|".join(f"{spans.names[spans.ann[k]]}:{spans.start[k]}-{spans.end[k]}" for k in members)

    order = order.tolist()
    k = 0
    tied_set = set(tied.tolist())
    while k < len(order):
        stop = k
        while stop in tied_set:
            stop += 1
        if stop > k:
            order[k:stop + 1] = sorted(order[k:stop + 1], key=key)
        k = stop + 1
    return np.asarray(order, dtype=np.int64)


def _alpha_figures(spans: SortedSpans, label: np.ndarray, n_articles: int) -> tuple[dict, dict, dict[str, np.ndarray]]:
    """Alpha per field overall and per article, and the pairable values of each, over the groups."""
    unit, members, strata = _units(spans, label)
    columns = spans.ann[members]
    alpha: dict[str, float | None] = {}
    units: dict[str, int] = {}
    per_article: dict[str, np.ndarray] = {}
    for field in ALPHA_FIELDS:
        table = np.full((len(strata), len(spans.names)), -1, dtype=np.int64)
        table[unit, columns] = spans.codes[field][members]
        dist = masi_matrix(spans.categories[field]) if field == "topics" else None
        overall, n_overall = _alpha_strata(table, np.zeros(len(strata), dtype=np.int64), 1, dist)
        alpha[field] = _none_if_nan(overall[0])
        units[field] = int(n_overall[0])
        per_article[field], _ = _alpha_strata(table, strata, n_articles, dist)
    return alpha, units, per_article
