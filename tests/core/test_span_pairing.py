"""The corpus-wide sweep of ``annotator.core.span_pairing`` gives the alignment the per-article all-pairs
matrix it replaced gave (kept below as the oracle), on random spans and whole random corpora."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.alignment import Alignment, Group, _sort_key, align_article
from annotator.core.model import GOLD, Quote
from annotator.core.quote_columns import QuoteColumns, sort_spans
from annotator.core.span_pairing import candidate_edges, group_labels, pair_one_to_one


def _candidate_edges(qs: Sequence[Quote], ann: list[int]) -> tuple[list[int], list[int]]:
    """Index pairs (i, j) of matching quotes of different annotators, best overlap first."""
    n = len(qs)
    starts = np.fromiter((q.start for q in qs), np.int64, n)
    ends = np.fromiter((q.end for q in qs), np.int64, n)
    codes = np.asarray(ann)
    shared = np.minimum(ends[:, None], ends[None, :]) - np.maximum(starts[:, None], starts[None, :])
    lengths = ends - starts
    longer = np.maximum(lengths[:, None], lengths[None, :])
    identical = (starts[:, None] == starts[None, :]) & (ends[:, None] == ends[None, :])
    ok = (((shared > 0) & (2 * shared >= longer)) | identical) & (codes[:, None] < codes[None, :])
    ii, jj = np.nonzero(ok)
    if len(ii) == 0:
        return [], []
    sh = shared[ii, jj]
    lo = longer[ii, jj]
    ratio = np.where(identical[ii, jj], 1.0, sh / np.maximum(lo, 1))
    # Ties are broken by the two spans' positions taken in either order, so that renaming annotators
    # (which reorders quotes with equal offsets) cannot change who is paired with whom.
    si, sj, ei, ej = starts[ii], starts[jj], ends[ii], ends[jj]
    i_first = (si < sj) | ((si == sj) & (ei <= ej))
    first_s, first_e = np.where(i_first, si, sj), np.where(i_first, ei, ej)
    second_s, second_e = np.where(i_first, sj, si), np.where(i_first, ej, ei)
    # lexsort sorts by the last key first: ratio, shared characters, then position.
    order = np.lexsort((jj, ii, second_e, second_s, first_e, first_s, -sh, -ratio))
    return ii[order].tolist(), jj[order].tolist()


def reference_alignment(quotes: Sequence[Quote], include_gold: bool = False) -> Alignment:
    """Align the quotes of one article (all annotators mixed) into groups and per-pair pairings."""
    qs = sorted((q for q in quotes if include_gold or q.annotator != GOLD), key=_sort_key)
    names = sorted({q.annotator for q in qs})
    index = {name: k for k, name in enumerate(names)}
    ann = [index[q.annotator] for q in qs]
    n = len(qs)
    edges_i, edges_j = _candidate_edges(qs, ann) if n > 1 else ([], [])

    # One-to-one per annotator pair: partner[i][b] is the quote of annotator b paired with quote i.
    partner: list[dict[int, int]] = [{} for _ in range(n)]
    paired: list[tuple[int, int]] = []
    for i, j in zip(edges_i, edges_j, strict=True):
        ai, aj = ann[i], ann[j]
        if aj in partner[i] or ai in partner[j]:
            continue
        partner[i][aj] = j
        partner[j][ai] = i
        paired.append((i, j))

    # Merge groups along pairings, best first, only when every cross pair is itself paired (clique).
    group_of = list(range(n))
    members: dict[int, list[int]] = {k: [k] for k in range(n)}
    for i, j in paired:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        mi, mj = members[gi], members[gj]
        if all(partner[x].get(ann[y]) == y for x in mi for y in mj):
            keep, drop = (gi, gj) if gi < gj else (gj, gi)
            for y in members[drop]:
                group_of[y] = keep
            members[keep].extend(members.pop(drop))

    # qs is in _sort_key order, so (annotator, index) orders members as _sort_key_by_annotator would.
    # The sort key is built here rather than through Group's properties: this runs for every group of
    # every article when agreement covers a whole corpus, and most groups are a single quote.
    keyed = []
    for ks in members.values():
        if len(ks) == 1:
            q = qs[ks[0]]
            keyed.append(((q.start, q.end, (q.annotator,), f"{q.annotator}:{q.start}-{q.end}"), Group((q,))))
            continue
        group_quotes = tuple(qs[k] for k in sorted(ks, key=lambda k: (ann[k], k)))
        key = "|".join(f"{q.annotator}:{q.start}-{q.end}" for q in group_quotes)
        start, end = min(q.start for q in group_quotes), max(q.end for q in group_quotes)
        keyed.append(((start, end, tuple(q.annotator for q in group_quotes), key), Group(group_quotes)))
    keyed.sort(key=lambda pair: pair[0])
    groups = [group for _, group in keyed]

    pairs: dict[tuple[str, str], list[tuple[Quote, Quote]]] = {}
    for i, j in sorted(paired):
        pairs.setdefault((names[ann[i]], names[ann[j]]), []).append((qs[i], qs[j]))
    return Alignment(tuple(groups), {k: tuple(v) for k, v in pairs.items()}, tuple(qs))




def q(annotator: str, start: int, end: int, **fields) -> Quote:
    return Quote(id=None, article_id=1, start=start, end=end, annotator=annotator, **fields)


@st.composite
def articles(draw, max_quotes: int = 16) -> list[Quote]:
    # Few positions and lengths (zero included), so identical, empty, nested and chained spans all come up.
    quotes = []
    for k in range(draw(st.integers(0, max_quotes))):
        start = draw(st.integers(0, 40))
        quotes.append(Quote(id=k, article_id=1, start=start, end=start + draw(st.sampled_from((0, 1, 2, 5, 9, 10, 20))),
                            annotator=draw(st.sampled_from(("alice", "bob", "carol", "dan", GOLD))),
                            stance=draw(st.sampled_from((None, "pro", "con")))))
    return quotes


def shape(alignment: Alignment) -> tuple:
    return ([g.quotes for g in alignment.groups], dict(alignment.pairs), alignment.quotes)


@settings(max_examples=400, deadline=None)
@given(articles(), st.booleans())
def test_the_sweep_aligns_as_the_all_pairs_matrix_did(quotes, include_gold):
    assert shape(align_article(quotes, include_gold)) == shape(reference_alignment(quotes, include_gold))


@settings(max_examples=100, deadline=None)
@given(st.lists(articles(max_quotes=10), min_size=1, max_size=5))
def test_one_sweep_over_many_articles_pairs_each_as_on_its_own(corpus):
    # The agreement figures align a whole corpus in one pass: no pair or group may cross articles.
    rows = []
    for t, quotes in enumerate(corpus):
        rows += [(t, x) for x in sorted((x for x in quotes if x.annotator != GOLD), key=_sort_key)]
    names = sorted({x.annotator for _, x in rows})
    article = np.array([t for t, _ in rows], dtype=np.int64)
    codes = np.array([names.index(x.annotator) for _, x in rows], dtype=np.int64)
    start = np.array([x.start for _, x in rows], dtype=np.int64)
    end = np.array([x.end for _, x in rows], dtype=np.int64)
    x, y = candidate_edges(article, start, end, codes)
    taken = pair_one_to_one(x, y, codes)
    x, y = x[taken], y[taken]
    paired = list(zip(x.tolist(), y.tolist(), strict=True))
    labels = group_labels(x, y, codes, len(rows)).tolist()
    groups = {}
    for k, label in enumerate(labels):
        groups.setdefault(label, set()).add(rows[k][1])
    together = {frozenset(g) for g in groups.values() if len(g) > 1}
    pairs = {(rows[i][1], rows[j][1]) for i, j in paired}
    expected_groups, expected_pairs = set(), set()
    for quotes in corpus:
        alignment = reference_alignment(quotes)
        expected_groups |= {frozenset(g.quotes) for g in alignment.groups if len(g.quotes) > 1}
        expected_pairs |= {p for ps in alignment.pairs.values() for p in ps}
    assert together == expected_groups
    assert pairs == expected_pairs
    assert all(rows[i][0] == rows[j][0] for i, j in paired)


def test_a_chain_keeps_the_better_link_and_leaves_the_third_alone():
    a, b, c = q("A", 0, 100), q("B", 40, 140), q("C", 90, 190)
    # A-B share 60 of 100, B-C 50 of 100, A-C 10: the A-B link forms the group, C stays alone.
    groups = [g.quotes for g in align_article([c, a, b]).groups]
    assert groups == [(a, b), (c,)]


@st.composite
def tagged_quotes(draw) -> list[Quote]:
    # Few spans and values, so that one annotator often marks one span twice and the fields break ties.
    quotes = []
    for k in draw(st.lists(st.integers(0, 10_000), unique=True, max_size=14)):
        start = draw(st.integers(0, 6))
        quotes.append(Quote(
            id=k, article_id=draw(st.integers(1, 2)), start=start, end=start + draw(st.integers(0, 3)),
            annotator=draw(st.sampled_from(("alice", "bob", GOLD))), kind=draw(st.sampled_from(("direct", "mixed"))),
            speaker=draw(st.sampled_from((None, "", "Ann", "Ben"))), stance=draw(st.sampled_from((None, "pro"))),
            claim=draw(st.sampled_from((None, "c1"))),
            topics=tuple(draw(st.lists(st.sampled_from(("x", "y", "z")), unique=True, max_size=2)))))
    return quotes


@settings(max_examples=300, deadline=None)
@given(tagged_quotes())
def test_columns_sort_as_alignment_sorts_quotes_and_code_equal_values_alike(quotes):
    columns = QuoteColumns.of_quotes((q.article_id, [q]) for q in quotes)
    spans = sort_spans(columns, columns.article)
    expected = sorted((q for q in quotes if q.annotator != GOLD), key=lambda q: (q.article_id, *_sort_key(q)))
    assert spans.id.tolist() == [q.id for q in expected]
    assert [spans.names[a] for a in spans.ann.tolist()] == [q.annotator for q in expected]
    for field in ("kind", "speaker", "stance", "claim"):
        assert [spans.categories[field][c] for c in spans.codes[field].tolist()] == [getattr(q, field) for q in expected]
    assert [spans.categories["topics"][c] for c in spans.codes["topics"].tolist()] == [
        frozenset(q.topics) for q in expected]
