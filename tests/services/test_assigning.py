"""Handing a corpus out and adding batches: what an annotator's file holds, and what a batch leaves alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.model import Article, Quote, Suggestion
from annotator.core.text import sha256_of
from annotator.services.assigning import AssignError, add_batch, assign_corpus, reviewed_articles
from annotator.services.projects import open_project
from annotator.store import articles as article_store
from annotator.store import assignments as assignment_store
from annotator.store import labels, registry
from annotator.store import quotes as quote_store
from annotator.store import review as review_store
from annotator.store import suggestions as suggestion_store
from annotator.store.project import Project, ProjectError, now

PIPELINE = "rules-1"


def _article(project: Project, text: str) -> int:
    article = Article(id=None, text=text, sha256=sha256_of(text), title=text[:12], outlet="", url="", published="",
                      source="", imported_at=now())
    article_id, _ = article_store.insert_article(project, article)
    suggestion_store.store_suggestions(project, article_id, PIPELINE, [Suggestion(0, 5, speaker="Borrell")])
    return article_id


@pytest.fixture
def corpus(tmp_path):
    project = open_project(tmp_path / "corpus.annotator.db")
    for i in range(4):
        _article(project, f"Secret text number {i}: the minister said so.")
    speaker = registry.insert_speaker(project, "Josep Borrell", aliases=("Borrell",))
    assert speaker
    registry.ensure_claim(project, "Iran supplied drones to Russia")
    labels.ensure_topic(project, "drones")
    # The lead's own quote in the corpus is not handed out: an annotator's file starts with nobody's work.
    quote_store.insert_quote(project, Quote(None, 1, 0, 6, "lead"))
    yield project
    project.close()


def _texts(path: Path) -> list[str]:
    with Project(path, read_only=True) as project:
        return [article.text for article in article_store.all_articles(project)]


def test_an_annotators_file_holds_their_articles_registries_scheme_and_suggestions_only(corpus, tmp_path):
    report = assign_corpus(corpus, ["alice", "bob"], tmp_path / "out", seed=1)
    assert [(name, count) for name, _path, count in report.files] == [("alice", 2), ("bob", 2)]
    alice = tmp_path / "out" / "alice.annotator.db"
    with Project(alice, read_only=True) as project:
        ids = article_store.article_ids(project)
        assert len(ids) == 2
        assert all(suggestion_store.cached_suggestions(project, i, PIPELINE) for i in ids)
        assert suggestion_store.suggestion_count(project) == 2
        assert registry.find_speaker(project, "Borrell") is not None
        assert registry.find_claim(project, "Iran supplied drones to Russia") is not None
        assert labels.scheme(project) == labels.scheme(corpus)
        assert quote_store.quotes_for_article(project, ids[0]) == []
        assert project.get_setting(assignment_store.ASSIGNED_TO) == "alice"
        assert sorted(assignment_store.assigned_article_ids(project, "alice")) == ids
    # Bob's articles are not in Alice's file, not even in its free pages.
    raw = alice.read_bytes()
    for text in _texts(tmp_path / "out" / "bob.annotator.db"):
        assert text.encode() not in raw
    assert assignment_store.has_assignments(corpus)


def test_adding_a_batch_adds_articles_and_leaves_the_annotators_work_alone(corpus, tmp_path):
    assign_corpus(corpus, ["alice"], tmp_path / "out")
    _article(corpus, "A fifth article arrives later, and she said it again.")
    report = assign_corpus(corpus, ["alice"], tmp_path / "out")
    assert report.batch == 2 and report.files[0][2] == 1
    path = tmp_path / "out" / "alice.annotator.db"
    with open_project(path) as project:
        first = article_store.article_ids(project)[0]
        quote_store.insert_quote(project, Quote(None, first, 0, 6, "alice", stance="supports"))
        alice = registry.ensure_annotator(project, "alice")
        article_store.set_article_status(project, first, alice, "done")
        registry.update_speaker(project, registry.find_speaker(project, "Josep Borrell"), role="EU diplomat")
        before = [q for i in article_store.article_ids(project) for q in quote_store.quotes_for_article(project, i)]
        assert add_batch(project, tmp_path / "out" / "alice.batch2.annotator.db") == (1, 0)
        assert add_batch(project, tmp_path / "out" / "alice.batch2.annotator.db") == (0, 1)
        ids = article_store.article_ids(project)
        assert len(ids) == 5
        after = [q for i in ids for q in quote_store.quotes_for_article(project, i)]
        assert after == before
        assert article_store.article_status(project, first, alice) == "done"
        speaker = registry.get_speaker(project, registry.find_speaker(project, "Josep Borrell"))
        assert speaker.role == "EU diplomat"
        assert suggestion_store.cached_suggestions(project, ids[-1], PIPELINE)
        assert assignment_store.assigned_article_ids(project, "alice")[-1] == ids[-1]


def test_a_batch_for_someone_else_is_refused(corpus, tmp_path):
    assign_corpus(corpus, ["alice", "bob"], tmp_path / "out")
    with open_project(tmp_path / "out" / "alice.annotator.db") as project:
        with pytest.raises(ProjectError, match="a batch for bob"):
            add_batch(project, tmp_path / "out" / "bob.annotator.db")
        assert len(article_store.article_ids(project)) == 2


def test_exclude_done_leaves_out_reviewed_articles(corpus, tmp_path):
    review = open_project(tmp_path / "review.annotator.db")
    reviewed_id = _article(review, "Secret text number 0: the minister said so.")
    review_store.set_review_status(review, reviewed_id, "done")
    report = assign_corpus(corpus, ["alice", "bob"], tmp_path / "out", reviewed=reviewed_articles(review))
    review.close()
    assert report.left_out == 1 and report.alone == 3
    assert "1 article already reviewed left out" in report.summary()
    handed = _texts(tmp_path / "out" / "alice.annotator.db") + _texts(tmp_path / "out" / "bob.annotator.db")
    assert sorted(handed) == [f"Secret text number {i}: the minister said so." for i in (1, 2, 3)]


def test_an_existing_file_stops_the_assignment_before_anything_is_written(corpus, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "bob.annotator.db").write_text("someone's file")
    with pytest.raises(AssignError, match="bob.annotator.db already exists; nothing was handed out"):
        assign_corpus(corpus, ["alice", "bob"], out)
    assert sorted(p.name for p in out.iterdir()) == ["bob.annotator.db"]
    assert not assignment_store.has_assignments(corpus)
    assert (out / "bob.annotator.db").read_text() == "someone's file"


def test_impossible_options_say_which(corpus, tmp_path):
    with pytest.raises(AssignError, match="--per-article 3: only 2 annotator"):
        assign_corpus(corpus, ["alice", "bob"], tmp_path / "out", overlap=0.5, per_article=3)
    assert not (tmp_path / "out").exists()
