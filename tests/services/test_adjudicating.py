"""Accepting unanimous groups in bulk: the same groups as aligning every article, in one undo step."""

from __future__ import annotations

import random

from annotator.core.model import GOLD, Article, Quote
from annotator.core.text import sha256_of
from annotator.services.review import DecideGroup, _unanimous_aligned, review_items, unanimous_decisions
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.store.dump import dump_tables

SPANS = [(10, 60), (80, 120), (130, 200), (210, 260), (270, 330)]


def _random_review(project, seed: int, n_articles: int = 40) -> list[int]:
    """Three annotators who mostly agree: some spans shifted, some fields changed, some spans marked twice."""
    rng = random.Random(seed)
    ids = []
    for k in range(n_articles):
        text = f"{k} " + "word " * 80
        article_id, _ = article_store.insert_article(project, Article(None, text, sha256_of(text)))
        ids.append(article_id)
        annotators = ("alice", "bob", "carol")[: rng.choice((1, 2, 3, 3))]
        for annotator in annotators:
            for start, end in SPANS:
                if rng.random() < 0.08:
                    continue
                if rng.random() < 0.1:
                    start += rng.choice((-4, 3))
                stance = "opposes" if rng.random() < 0.95 else "supports"
                topics = ("politics",) if rng.random() < 0.95 else ("politics", "economy")
                for _ in range(2 if rng.random() < 0.05 else 1):
                    quote_store.insert_quote(project, Quote(None, article_id, start, end, annotator, stance=stance,
                                                            speaker="Anna Ames", topics=topics))
    return ids


def _aligned_keys(project, ids):
    return [(article_id, key) for article_id in ids for article_id, key, _, _ in _unanimous_aligned(project, article_id)]


def test_bulk_accept_finds_exactly_the_groups_alignment_calls_unanimous(project):
    ids = _random_review(project, seed=7)
    macro = unanimous_decisions(project)
    expected = _aligned_keys(project, ids)
    assert len(expected) > 10
    assert [(c.article_id, c.group_key) for c in macro.commands] == expected
    before = dump_tables(project)
    macro.do(project)
    gold = quote_store.all_quotes(project, GOLD)
    assert len(gold) == len(expected)
    assert all(item.decision == "gold" for article_id, key in expected
               for item in review_items(project, article_id) if item.key == key)
    # Two decisions withdrawn (as a merge that changed their groups would): those groups are reopened,
    # their gold kept, and a second bulk step finds them as aligning every article does.
    from annotator.store import review as review_store

    for article_id, key in expected[:2]:
        review_store.delete_decision(project, article_id, key)
    again = unanimous_decisions(project)
    assert [(c.article_id, c.group_key) for c in again.commands] == _aligned_keys(project, ids) == expected[:2]
    macro.undo(project)
    assert dump_tables(project) == before


def test_a_second_run_after_new_decisions_accepts_only_what_is_left(project):
    ids = _random_review(project, seed=11)
    first = unanimous_decisions(project)
    article_id, key = first.commands[0].article_id, first.commands[0].group_key
    item = next(i for i in review_items(project, article_id) if i.key == key)
    DecideGroup(article_id, key, None, "").do(project)  # the reviewer rejects one of them first
    macro = unanimous_decisions(project)
    assert (article_id, key) not in [(c.article_id, c.group_key) for c in macro.commands]
    assert len(macro.commands) == len(first.commands) - 1 == len(_aligned_keys(project, ids))
    macro.do(project)
    assert unanimous_decisions(project) is None
    assert item.group.is_unanimous(item.group.annotators)


def test_bulk_accept_writes_what_deciding_one_by_one_writes_and_undoes_and_redoes_the_same(monkeypatch):
    from annotator.services.projects import open_project
    from annotator.store import review as review_store

    # Both projects are built and decided with one clock, so that only what was written can differ.
    for module in (article_store, quote_store, review_store):
        monkeypatch.setattr(module, "now", lambda: "2026-01-05T09:00:00+00:00")
    bulk, single = open_project(memory=True), open_project(memory=True)
    _random_review(bulk, seed=5)
    _random_review(single, seed=5)
    before = dump_tables(bulk)
    macro = unanimous_decisions(bulk)
    assert len(macro.commands) > 10
    macro.do(bulk)
    for command in unanimous_decisions(single).commands:
        command.do(single)
    after = dump_tables(single)
    assert dump_tables(bulk) == after
    macro.undo(bulk)
    assert dump_tables(bulk) == before
    macro.do(bulk)  # redo: the same gold quotes come back with the same ids
    assert dump_tables(bulk) == after
    bulk.close()
    single.close()
