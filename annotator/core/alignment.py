"""Align the quotes of several annotators within one article by span overlap.

Rules (the review view, ``annotator adjudicate`` and the agreement figures all rest on them):

* Two quotes of *different* annotators *match* when the characters they share are at least half of the
  longer span (identical offsets always match, even empty ones).
* For each pair of annotators the matches are paired one-to-one, best overlap first: candidate pairs are
  taken by overlap ratio, then shared characters, then the two spans' positions; a quote already paired
  with one of that annotator's quotes is skipped. A pair's pairing never depends on a third annotator.
* Groups are built from those pairings, again best overlap first, and a group only ever holds quotes
  that are *all paired with each other* (a clique). Chain case: A matches B, B matches C, A does not
  match C. Whichever link has the better overlap forms a group first; the other link is refused because
  A and C are not paired, so the third quote stays on its own (or joins a group it does fully pair with).
  Groups never merge through a middle-man, so no group ever holds two quotes of one annotator.
* Everything is sorted by (start, end, annotator, fields) first, so the result does not depend on the
  order the quotes come in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from annotator.core.model import GOLD, Quote
from annotator.core.span_pairing import candidate_edges, group_labels, pair_one_to_one

FIELDS = ("span", "kind", "speaker", "stance", "claim", "topics")
TAG_FIELDS = ("kind", "speaker", "stance", "claim")


def shared_chars(a: Quote, b: Quote) -> int:
    """Number of characters two quotes' spans have in common."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def overlap_ratio(a: Quote, b: Quote) -> float:
    """Shared characters as a fraction of the longer span; 1.0 for identical offsets."""
    if a.start == b.start and a.end == b.end:
        return 1.0
    longer = max(a.end - a.start, b.end - b.start)
    return shared_chars(a, b) / longer if longer > 0 else 0.0


def spans_match(a: Quote, b: Quote) -> bool:
    """True when two spans overlap enough to be the same quote (shared >= half the longer span)."""
    if a.start == b.start and a.end == b.end:
        return True
    shared = shared_chars(a, b)
    # Integer test, so a ratio of exactly 0.5 never falls foul of float rounding.
    return shared > 0 and 2 * shared >= max(a.end - a.start, b.end - b.start)


def _sort_key(q: Quote) -> tuple:
    # Every field takes part so that equal positions still sort the same way whatever the input order.
    return (q.start, q.end, q.annotator, q.kind, q.speaker or "", q.stance or "", q.claim or "",
            q.topics, -1 if q.id is None else q.id)


@dataclass(frozen=True)
class Group:
    """Quotes of different annotators taken to be the same quote; at most one per annotator."""

    quotes: tuple[Quote, ...]  # sorted by annotator

    @property
    def start(self) -> int:
        """Start of the union of the members' spans."""
        return min(q.start for q in self.quotes)

    @property
    def end(self) -> int:
        """End of the union of the members' spans."""
        return max(q.end for q in self.quotes)

    @property
    def annotators(self) -> tuple[str, ...]:
        """The annotators who marked this quote, sorted."""
        return tuple(q.annotator for q in self.quotes)

    @property
    def by_annotator(self) -> dict[str, Quote]:
        """The members keyed by annotator."""
        return {q.annotator: q for q in self.quotes}

    @property
    def key(self) -> str:
        """Stable id within the article, e.g. ``"alice:10-52|bob:12-52"``; see ``group_key``."""
        return group_key(self.quotes)

    def disagreements(self) -> tuple[str, ...]:
        """The fields among ``FIELDS`` on which the members differ (topics compared as sets)."""
        qs = self.quotes
        if len(qs) < 2:
            return ()
        out = []
        if len({(q.start, q.end) for q in qs}) > 1:
            out.append("span")
        for name in TAG_FIELDS:
            if len({getattr(q, name) for q in qs}) > 1:
                out.append(name)
        if len({frozenset(q.topics) for q in qs}) > 1:
            out.append("topics")
        return tuple(out)

    def is_unanimous(self, annotators_of_article: Iterable[str]) -> bool:
        """True when every annotator of the article (gold aside) marked it, with the same span and fields."""
        # Gold is the outcome of review, never a vote, so it is not required even when listed.
        expected = set(annotators_of_article) - {GOLD}
        return bool(expected) and expected <= set(self.annotators) and not self.disagreements()


def group_key(quotes: Iterable[Quote]) -> str:
    """Key for persisting a review decision: each member's annotator and offsets, sorted by annotator.

    Unique within an article (a quote belongs to one group), independent of database ids (so it survives
    re-merging and export/import), and it changes when any member's span changes, which is what should
    reopen a decided group. Field edits keep the key; store the decided values beside it to detect those.
    """
    quotes = tuple(quotes)
    # Groups hold one quote per annotator, sorted by annotator: then the sort below would change nothing.
    if any(a.annotator >= b.annotator for a, b in zip(quotes, quotes[1:], strict=False)):
        quotes = tuple(sorted(quotes, key=_sort_key_by_annotator))
    return "|".join(f"{q.annotator}:{q.start}-{q.end}" for q in quotes)


def _sort_key_by_annotator(q: Quote) -> tuple:
    return (q.annotator, *_sort_key(q))


@dataclass(frozen=True)
class Alignment:
    """The alignment of one article: groups, and the one-to-one pairing of each annotator pair."""

    groups: tuple[Group, ...]
    pairs: Mapping[tuple[str, str], tuple[tuple[Quote, Quote], ...]]  # (a, b) with a < b -> (qa, qb)
    quotes: tuple[Quote, ...]  # the quotes aligned (gold left out unless asked), sorted


def align_article(quotes: Sequence[Quote], include_gold: bool = False) -> Alignment:
    """Align the quotes of one article (all annotators mixed) into groups and per-pair pairings."""
    qs = sorted((q for q in quotes if include_gold or q.annotator != GOLD), key=_sort_key)
    names = sorted({q.annotator for q in qs})
    index = {name: k for k, name in enumerate(names)}
    ann = [index[q.annotator] for q in qs]
    n = len(qs)
    codes = np.asarray(ann, dtype=np.int64)
    x, y = candidate_edges(np.zeros(n, dtype=np.int64), np.fromiter((q.start for q in qs), np.int64, n),
                           np.fromiter((q.end for q in qs), np.int64, n), codes)
    taken = pair_one_to_one(x, y, codes)
    x, y = x[taken], y[taken]
    members: dict[int, list[int]] = {}
    for row, label in enumerate(group_labels(x, y, codes, n).tolist()):
        members.setdefault(label, []).append(row)
    paired = list(zip(x.tolist(), y.tolist(), strict=True))

    # qs is in _sort_key order, so (annotator, index) orders members as _sort_key_by_annotator would.
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


def align(quotes: Sequence[Quote], include_gold: bool = False) -> list[Group]:
    """Group the quotes of one article by span overlap; see the module docstring for the rules."""
    return list(align_article(quotes, include_gold).groups)


def pair_matches(quotes: Sequence[Quote], include_gold: bool = False) -> dict[tuple[str, str], list]:
    """The one-to-one pairing of each annotator pair (a < b) in one article: ``[(quote_a, quote_b), ...]``."""
    return {k: list(v) for k, v in align_article(quotes, include_gold).pairs.items()}
