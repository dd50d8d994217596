"""Reading every quote as columns for agreement: the same values and figures as reading Quote objects."""

from __future__ import annotations

import random

from annotator.core.agreement import agreement_report, columns_report
from annotator.core.model import GOLD, Article, Quote
from annotator.core.text import sha256_of
from annotator.services.agreeing import project_agreement
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.store.compared import compared_columns
from annotator.store.review import article_titles

TOPICS = ("conflict", "diplomacy", "politics", "human rights", "economy", "health")


def _fill(project, seed: int = 7, articles: int = 6) -> None:
    rng = random.Random(seed)
    for a in range(articles):
        text = f"Article {a}. " + "word " * 200
        article_id = article_store.insert_article(project, Article(None, text, sha256_of(text), title=f"A{a}"))[0]
        for who in ("carol", "alice", "bob", GOLD):
            for _ in range(rng.randint(0, 6)):
                start = rng.randrange(0, 150)
                quote_store.insert_quote(project, Quote(
                    None, article_id, start, start + rng.randint(1, 40), who,
                    kind=rng.choice(("direct", "indirect", "mixed")),
                    speaker=rng.choice((None, "Ann Okafor", "Ben Petrov")),
                    stance=rng.choice((None, "supports", "opposes")),
                    claim=rng.choice((None, "Drones were sold")),
                    topics=tuple(rng.sample(TOPICS, rng.randint(0, 3)))))


def test_columns_hold_what_the_quotes_hold(project):
    _fill(project)
    columns = compared_columns(project)
    rows = sorted(zip(columns.id.tolist(), columns.article.tolist(), columns.start.tolist(), columns.end.tolist(),
                      *([field.values[c] for c in field.codes.tolist()] for field in (
                          columns.annotator, columns.kind, columns.speaker, columns.stance, columns.claim,
                          columns.topics)), strict=True))
    quotes = sorted(quote_store.all_quotes(project), key=lambda q: q.id)
    assert rows == [(q.id, q.article_id, q.start, q.end, q.annotator, q.kind, q.speaker, q.stance, q.claim,
                     tuple(sorted(q.topics))) for q in quotes]
    assert any(q.stance is None for q in quotes) and any(len(q.topics) > 1 for q in quotes)


def test_project_agreement_gives_the_figures_of_the_quotes_read_one_by_one(project):
    _fill(project)
    titles = article_titles(project)
    by_article = [(titles[a], quote_store.quotes_for_article(project, a)) for a in sorted(titles)]
    expected = agreement_report([(t, qs) for t, qs in by_article if qs])
    assert project_agreement(project) == expected
    assert expected["annotators"] == ["alice", "bob", "carol"] and expected["pairs"]


def test_an_empty_project_reads_no_columns(project):
    assert len(compared_columns(project)) == 0
    assert columns_report(compared_columns(project), {}) == agreement_report([])


def test_quotes_without_topics_read_as_no_topics(project):
    text = "Nobody tagged this. " * 5
    article_id = article_store.insert_article(project, Article(None, text, sha256_of(text)))[0]
    for who in ("alice", "bob"):
        quote_store.insert_quote(project, Quote(None, article_id, 0, 19, who, stance="supports"))
    columns = compared_columns(project)
    assert [columns.topics.values[c] for c in columns.topics.codes.tolist()] == [(), ()]
    [pair] = project_agreement(project)["pairs"]
    assert pair["span_f1_exact"] == 1.0
