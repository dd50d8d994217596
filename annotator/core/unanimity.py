"""Where unanimous groups can be: spans every annotator of an article marked, found over a whole corpus.

A unanimous group's members share one span, so only the spans every annotator of their article (gold
aside, at least two) marked with identical offsets can hold one. Where each annotator marked such a
span once, its quotes are the group alignment would make of them (identical spans pair first, and no
other quote can join a group that already holds every annotator); where one marked it twice, only the
full alignment of that article can tell. Found with one sort of the corpus' columns, not per article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from annotator.core.alignment import FIELDS
from annotator.core.model import GOLD
from annotator.core.quote_columns import QuoteColumns, sort_spans
from annotator.core.span_pairing import identical_runs


@dataclass(frozen=True)
class SharedSpan:
    """Identical spans of every annotator of an article, one quote each, with every field the same (topics
    as sets): a unanimous group as alignment makes it."""

    key: str  # the group's key (see ``annotator.core.alignment.group_key``)
    first_id: int  # the quote of the first annotator by name


@dataclass
class SharedSpans:
    """Per article, the unanimous shared spans in text order; and the articles the full rules must decide."""

    spans: dict[int, list[SharedSpan]] = field(default_factory=dict)
    doubled: set[int] = field(default_factory=set)  # one annotator marked a shared span twice
    with_gold: set[int] = field(default_factory=set)  # articles holding gold quotes

    @property
    def articles(self) -> set[int]:
        """Every article that may hold a unanimous group."""
        return set(self.spans) | self.doubled


def shared_spans(columns: QuoteColumns) -> SharedSpans:
    """The unanimous spans every annotator of their article marked, and the articles where one annotator
    marked such a span twice, from columns keyed by article id."""
    out = SharedSpans()
    gold = [code for code, name in enumerate(columns.annotator.values) if name == GOLD]
    out.with_gold = set(np.unique(columns.article[np.isin(columns.annotator.codes, gold)]).tolist())
    spans = sort_spans(columns, columns.article)
    n = len(spans.ann)
    if not n:
        return out
    runs = identical_runs(spans.article, spans.start, spans.end)
    first = np.flatnonzero(np.diff(runs, prepend=-1))
    size = np.diff(np.append(first, n))
    # Within a run rows are sorted by annotator: each change of annotator is one more of them.
    new_name = np.ones(n, dtype=bool)
    new_name[1:] = (spans.ann[1:] != spans.ann[:-1]) | (runs[1:] != runs[:-1])
    named = np.add.reduceat(new_name.astype(np.int64), first)
    width = len(spans.names)
    pairs = np.unique(spans.article * width + spans.ann)
    article_ids, annotators = np.unique(pairs // width, return_counts=True)
    run_article = spans.article[first]
    everyone = annotators[np.searchsorted(article_ids, run_article)]
    shared = (named >= 2) & (named == everyone)
    out.doubled = set(run_article[shared & (size > named)].tolist())
    agreed = np.ones(len(first), dtype=bool)
    for name in FIELDS[1:]:
        codes = spans.codes[name]
        agreed &= np.minimum.reduceat(codes, first) == np.maximum.reduceat(codes, first)
    names, starts, ends = spans.names, spans.start.tolist(), spans.end.tolist()
    ann, ids = spans.ann.tolist(), spans.id.tolist()
    # Keys are only built for spans where every field agrees: the others cannot be unanimous.
    for r in np.flatnonzero(shared & agreed & ~np.isin(run_article, list(out.doubled))).tolist():
        rows = range(int(first[r]), int(first[r] + size[r]))
        key = "|".join(f"{names[ann[k]]}:{starts[k]}-{ends[k]}" for k in rows)
        out.spans.setdefault(int(run_article[r]), []).append(SharedSpan(key, ids[rows[0]]))
    return out
