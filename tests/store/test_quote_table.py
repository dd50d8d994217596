"""quote_table: the same quotes as all_quotes, in the same order, as rows plus the names they use."""

from __future__ import annotations

from dataclasses import replace

from annotator.core.model import Article, Quote
from annotator.store import articles, quotes
from annotator.store.quote_table import QUOTE_ROW, quote_table


def _as_quote(table, row) -> Quote:
    r = dict(zip(QUOTE_ROW, row, strict=True))
    span = lambda a, b: None if a is None else (a, b)  # noqa: E731
    return Quote(
        r["id"], r["article_id"], r["start"], r["end"], table.annotators[r["annotator_id"]], kind=r["kind"],
        speaker=table.speakers.get(r["speaker_id"]), speaker_span=span(r["speaker_start"], r["speaker_end"]),
        cue_span=span(r["cue_start"], r["cue_end"]), stance=r["stance"],
        claim=table.claims.get(r["claim_id"]), topics=table.topics.get(r["id"], ()), note=r["note"],
        origin=r["origin"],
    )


def test_rows_name_the_same_quotes_as_all_quotes(project):
    first, _ = articles.insert_article(project, Article(None, "One two three four five six.", "sha-1"))
    second, _ = articles.insert_article(project, Article(None, "Seven eight nine.", "sha-2"))
    for quote in (
        Quote(None, second, 0, 5, "zoe", speaker="Amir", stance="opposes", topics=("diplomacy", "conflict")),
        Quote(None, first, 4, 7, "bob", speaker_span=(0, 3), cue_span=(8, 13), claim="Drones", note="n"),
        Quote(None, first, 0, 3, "bob", kind="indirect", origin="suggestion"),
        Quote(None, first, 0, 3, "alice", topics=("conflict",)),
        Quote(None, first, 0, 2, "bob"),
    ):
        quotes.insert_quote(project, quote)
    stamps = {"created_at": "", "updated_at": ""}
    for annotator in (None, "bob"):
        table = quote_table(project, annotator)
        expected = [replace(q, **stamps) for q in quotes.all_quotes(project, annotator)]
        assert [_as_quote(table, row) for row in table.rows] == expected
