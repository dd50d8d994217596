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

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from itertools import combinations
from operator import attrgetter, itemgetter

import numpy as np

from annotator.core.alignment import TAG_FIELDS, Alignment, align_article
from annotator.core.collector import release_gradually
from annotator.core.model import Quote

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


def _encode_field(quotes: Sequence[Quote], field: str) -> tuple[np.ndarray, list[Hashable]]:
    """Each quote's value of ``field`` as an integer code, and the values in code order."""
    # map() over C callables keeps the per-quote work out of the interpreter: this runs on 200,000 quotes.
    values = list(map(attrgetter(field), quotes))
    distinct = list(dict.fromkeys(values))
    if field == "topics":
        # Topics compare as sets: tuples with the same labels in another order share a code.
        sets = list(dict.fromkeys(map(frozenset, distinct)))
        set_code = {labels: k for k, labels in enumerate(sets)}
        code_of = {value: set_code[frozenset(value)] for value in distinct}
        categories: list[Hashable] = list(sets)
    else:
        code_of = {value: k for k, value in enumerate(distinct)}
        categories = distinct
    codes = np.fromiter(map(code_of.__getitem__, values), np.int64, len(values))
    return codes, categories


def _positions(index: dict[int, int], quotes: Iterable[Quote], count: int) -> np.ndarray:
    """The positions (in ``index``, keyed by object id) of ``count`` quotes."""
    return np.fromiter(map(index.__getitem__, map(id, quotes)), np.int64, count)


def agreement_report(articles: Sequence[tuple[str, Sequence[Quote]]]) -> dict:
    """Span F1, kappa and alpha over (article title, its quotes) pairs, overall and per article, as JSON.

    Pair F1 and kappa pool every article both annotators marked something in (micro average); an
    article's F1 pools its pairs the same way; ``units`` is the pairable values n.. each overall alpha
    rests on; every group of two or more quotes is one alpha unit.
    """
    aligned: list[tuple[str, Alignment]] = [(title, align_article(qs)) for title, qs in articles]
    names = sorted({q.annotator for _, al in aligned for q in al.quotes})
    column = {name: k for k, name in enumerate(names)}
    pair_names = list(combinations(names, 2))
    matched_exact: Counter = Counter()
    matched_overlap: Counter = Counter()
    marked: Counter = Counter()
    paired_quotes: dict[tuple[str, str], list[tuple[Quote, Quote]]] = {p: [] for p in pair_names}
    article_f1: list[float | None] = []
    # One row per group of two or more quotes; flat (row, column, quote) lists fill the unit tables.
    rows: list[int] = []
    cols: list[int] = []
    members: list[Quote] = []
    row_article: list[int] = []

    # Exact matches are counted over the whole corpus at once: a span is (article, start, end).
    spans: dict[str, Counter] = {name: Counter() for name in names}
    for t, (_, al) in enumerate(aligned):
        counts = Counter(q.annotator for q in al.quotes)
        for q in al.quotes:
            spans[q.annotator][t, q.start, q.end] += 1
        art_matched = art_total = 0
        for pair in combinations(sorted(counts), 2):
            a, b = pair
            n_ab = counts[a] + counts[b]
            pq = al.pairs.get(pair, ())
            matched_overlap[pair] += len(pq)
            marked[pair] += n_ab
            paired_quotes[pair].extend(pq)
            art_matched += len(pq)
            art_total += n_ab
        article_f1.append(span_f1(art_matched, art_total, 0) if art_total else None)
        for g in al.groups:
            if len(g.quotes) < 2:
                continue  # a unit with one value is not pairable: it adds nothing to alpha
            r = len(row_article)
            row_article.append(t)
            for q in g.quotes:
                rows.append(r)
                cols.append(column[q.annotator])
                members.append(q)

    # Every field of every quote is encoded once; kappa and alpha then pick codes by quote index. Codes
    # only name categories, so one numbering for all pairs and articles gives the same figures.
    every = [q for _, al in aligned for q in al.quotes]
    index = dict(zip(map(id, every), range(len(every)), strict=True))
    encoded = {field: _encode_field(every, field) for field in ALPHA_FIELDS}

    for a, b in pair_names:
        matched_exact[a, b] = sum((spans[a] & spans[b]).values())

    pairs_out = []
    for pair in pair_names:
        pq = paired_quotes[pair]
        left = _positions(index, map(itemgetter(0), pq), len(pq))
        right = _positions(index, map(itemgetter(1), pq), len(pq))
        kappa = {field: _kappa_codes(encoded[field][0][left], encoded[field][0][right]) for field in KAPPA_FIELDS}
        pairs_out.append({
            "a": pair[0],
            "b": pair[1],
            "span_f1_exact": span_f1(matched_exact[pair], marked[pair], 0),
            "span_f1_overlap": span_f1(matched_overlap[pair], marked[pair], 0),
            "kappa": kappa,
        })

    n_rows, n_articles = len(row_article), len(aligned)
    strata = np.asarray(row_article, dtype=np.int64)
    member_index = _positions(index, members, len(members))
    alpha: dict[str, float | None] = {}
    units: dict[str, int] = {}
    per_article: dict[str, np.ndarray] = {}
    for field in ALPHA_FIELDS:
        codes, categories = encoded[field]
        table = np.full((n_rows, len(names)), -1, dtype=np.int64)
        table[np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)] = codes[member_index]
        dist = masi_matrix(categories) if field == "topics" else None
        overall, n_overall = _alpha_strata(table, np.zeros(n_rows, dtype=np.int64), 1, dist)
        alpha[field] = _none_if_nan(overall[0])
        units[field] = int(n_overall[0])
        per_article[field], _ = _alpha_strata(table, strata, n_articles, dist)

    report = {
        "annotators": names,
        "pairs": pairs_out,
        "alpha": alpha,
        "units": units,
        "articles": [
            {
                "title": title,
                "span_f1_overlap": article_f1[t],
                "alpha": {f: _none_if_nan(per_article[f][t]) for f in ALPHA_FIELDS},
            }
            for t, (title, _) in enumerate(aligned)
        ],
    }
    # The alignment's groups and pairs (hundreds of thousands at scale) are let go a slice at a time.
    release_gradually(aligned, *paired_quotes.values())
    for counter in spans.values():
        counter.clear()  # plain tuples: quick to free, where popping them one by one would not be
    return report
