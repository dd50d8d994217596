"""The JSONL export writes what the reference record builder (prodigy_record) gives, parsed alike."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import GOLD, KINDS, Article, Quote
from annotator.core.text import normalise, sha256_of
from annotator.services.exporting import export_project, records
from annotator.services.projects import open_project
from annotator.services.writers import jsonl_line, prodigy_record, tokens_of
from annotator.services.writers_prodigy import JsonBytes, tokenise
from annotator.store import articles, labels, quotes, registry, review

NLP = spacy.blank("en")  # module level: hypothesis refuses function-scoped fixtures
OTHER_NLP = spacy.blank("en")  # for tokenise, whose cache filling must not change what NLP gives
SHARED_STRINGS = JsonBytes()  # one export's memory of encoded token texts and of chunks already cached
PIECES = st.sampled_from(
    ["word", " ", "  ", "\n", "\n\n", "\t", "\r", "🙂", "e\u0301", "“", "”", ",", "U.S.", "a.", "don't",
     ":)", "(", '"', "\\", "http://x.org/a?b=1", "-", "9.5%"]
)
NAMES = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=6)
ANNOTATORS = st.sampled_from(["alice", "Bob", "bob", "ännä 🙂", GOLD])


def _reference(project, annotator: str | None = None, gold: bool = False) -> list[dict]:
    return [
        json.loads(jsonl_line(prodigy_record(article, name, quotes, tokens=tokens_of(article.text, NLP))))
        for article, name, quotes in records(project, annotator, gold)
    ]


def _export(project, out: Path, **selection) -> list[dict]:
    export_project(project, out, "jsonl", **selection)
    text = out.read_bytes().decode("utf-8")
    assert text.endswith("\n") or not text  # one line a record, each ended
    return [json.loads(line) for line in text.split("\n")[:-1]]  # not splitlines: U+2028 is not a line end here


@st.composite
def texts(draw):
    return normalise(draw(st.lists(PIECES, min_size=1, max_size=25).map("".join))).text


@st.composite
def projects(draw):
    """A project of a few articles with quotes of several annotators, labels and mentions drawn freely."""
    project = open_project(memory=True)
    for _ in range(draw(st.integers(1, 3))):
        text = draw(texts()) + draw(st.text(max_size=3))
        article = Article(None, text, sha256_of(text), title=draw(NAMES))
        article_id, _ = articles.insert_article(project, article)
        spans = st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text)))
        spans = spans.filter(lambda p: p[0] < p[1])
        for start, end in draw(st.lists(spans, max_size=6)):
            stance, topics = draw(st.none() | NAMES), draw(st.lists(NAMES, max_size=3))
            if stance:
                labels.ensure_stance(project, stance)
            for name in topics:
                labels.ensure_topic(project, name)
            quotes.insert_quote(
                project,
                Quote(None, article_id, start, end, draw(ANNOTATORS), kind=draw(st.sampled_from(KINDS)),
                      speaker=draw(st.none() | NAMES), speaker_span=draw(st.none() | spans),
                      cue_span=draw(st.none() | spans), stance=stance, claim=draw(st.none() | NAMES),
                      topics=tuple(topics), note=draw(st.text(max_size=4)),
                      origin=draw(st.sampled_from(("manual", "suggestion", "import")))),
            )
        # Ctrl+D marks (with or without quotes) and the reviewer's marks make records of their own.
        for name in draw(st.lists(ANNOTATORS, max_size=2, unique=True)):
            articles.set_article_status(project, article_id, registry.ensure_annotator(project, name), "done")
        reviewed = draw(st.sampled_from([None, "done", "decided"]))
        if reviewed == "done":
            review.set_review_status(project, article_id, "done")
        elif reviewed == "decided":
            review.put_decision(project, article_id, "g", "rejected", "", None)
    return project


@settings(max_examples=60, deadline=None)
@given(projects())
def test_jsonl_export_matches_reference_records(project):
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.jsonl"
        expected = _reference(project)
        assert _export(project, out) == expected  # tokenises and fills the cache
        assert _export(project, out) == expected  # from the cache
        selections = [{"annotator": name} for name in registry.annotator_names(project)] + [{"gold": True}]
        for selection in selections:
            assert _export(project, out, **selection) == _reference(project, **selection)
    project.close()


@settings(max_examples=100, deadline=None)
@given(texts())
def test_tokenise_serialises_like_tokens_of(text):
    tokens = tokenise(text, OTHER_NLP)
    assert tokens.json.decode("utf-8") == jsonl_line(tokens_of(text, NLP))
    # As in an export: chunks met in earlier texts are not tokenised again to fill the tokenizer's cache.
    assert tokenise(text, OTHER_NLP, SHARED_STRINGS) == tokens
    assert list(tokens.starts) == [t["start"] for t in tokens_of(text, NLP)]
    assert list(tokens.ends) == [t["end"] for t in tokens_of(text, NLP)]


def test_token_cache_outlives_the_project_connection(tmp_path):
    path = tmp_path / "p.annotator.db"
    text = "“We are against the war,” he added. 🙂"
    with open_project(path) as project:
        article_id, _ = articles.insert_article(project, Article(None, text, sha256_of(text)))
        quotes.insert_quote(project, Quote(None, article_id, 0, 25, "alice", speaker_span=(26, 28)))
        first = _export(project, tmp_path / "first.jsonl")
    with open_project(path) as project:
        cached = project.db.conn.execute("SELECT count(*) FROM token_cache").fetchone()[0]
        assert cached == 1 and _export(project, tmp_path / "again.jsonl") == first == _reference(project)


def test_jsonl_export_of_spans_off_token_boundaries(tmp_path):
    text = "Tehran  said “no”, he added.\nU.S. 🙂 "
    project = open_project(memory=True)
    article_id, _ = articles.insert_article(project, Article(None, text, sha256_of(text)))
    space, he = text.index("said") + 4, text.index("he")
    for quote in (
        Quote(None, article_id, space, space + 1, "alice"),  # a lone space: no token starts inside
        Quote(None, article_id, len(text) - 1, len(text), "alice", cue_span=(space, space + 1)),
        Quote(None, article_id, 0, len(text), "alice", speaker_span=(he, he + 2), cue_span=(he, he + 2)),
        Quote(None, article_id, 3, 9, "alice", speaker_span=(he, he + 2), topics=("conflict", "diplomacy")),
        Quote(None, article_id, 3, 9, "alice", note="same span, later id"),
    ):
        quotes.insert_quote(project, quote)
    articles.insert_article(project, Article(None, "Nobody annotated this.", "sha-2"))
    exported = _export(project, tmp_path / "out.jsonl")
    assert exported == _reference(project)
    assert "Nobody annotated this." not in [r["text"] for r in exported]  # untouched: not a "no quotes" example


def test_project_file_stays_under_twice_its_size_after_an_export(tmp_path):
    import random

    words = "the minister said talks drones Russia officials reported Thursday not true “ ” , . 2024".split()
    rng = random.Random(3)
    path = tmp_path / "p.annotator.db"
    with open_project(path) as project:
        for n in range(120):
            text = "\n".join(" ".join(rng.choice(words) for _ in range(60)) for _ in range(8))
            article_id, _ = articles.insert_article(project, Article(None, text, sha256_of(text), title=f"A{n}"))
            for k in range(3):
                quotes.insert_quote(project, Quote(None, article_id, 10 * k, 10 * k + 30, f"ann{k}"))
    size = path.stat().st_size
    with open_project(path) as project:
        _export(project, tmp_path / "out.jsonl")
        assert project.db.conn.execute("SELECT count(*) FROM token_cache").fetchone()[0] == 120
    assert path.stat().st_size <= 2 * size  # the whole token JSON made it 13x the text
