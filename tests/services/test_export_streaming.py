"""Exports read a batch of articles at a time and give the same files; big .spacy exports are sharded."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin
from spacy.training import Corpus

from annotator.core.model import GOLD, Article, Quote
from annotator.core.text import sha256_of
from annotator.services import exporting
from annotator.services.errors import ExportError
from annotator.services.exporting import export_project, records
from annotator.services.projects import open_project
from annotator.store import articles, export_rows, registry, review
from annotator.store import quotes as quote_store

TEXT = "“We never sold drones,” the minister said on {n}. Nobody believed him. 🙂"


@pytest.fixture
def project():
    """Seven articles: quotes of two annotators, marks without quotes, one reviewed, one untouched."""
    project = open_project(memory=True)
    ids = []
    for n in range(7):
        text = TEXT.format(n=n)
        ids.append(articles.insert_article(project, Article(None, text, sha256_of(text), title=f"A{n}"))[0])
    for n, article_id in enumerate(ids[:5]):
        for name in ("bob", "alice")[: 1 + n % 2]:
            quote_store.insert_quote(project, Quote(None, article_id, 1, 21, name, speaker="the minister",
                                                    speaker_span=(24, 36), stance="opposes",
                                                    topics=("conflict",) if n % 2 else ()))
    articles.set_article_status(project, ids[5], registry.ensure_annotator(project, "carol"), "done")
    review.set_review_status(project, ids[2], "done")
    yield project
    project.close()


def _naive(project, annotator=None, gold=False):
    """What records() gave before it streamed: every quote and every mark read at once."""
    wanted = GOLD if gold else annotator
    by_article = defaultdict(lambda: defaultdict(list))
    for quote in quote_store.all_quotes(project, wanted):
        by_article[quote.article_id][quote.annotator].append(quote)
    result = []
    for article in articles.all_articles(project):
        names = set(by_article[article.id])
        for name in registry.annotator_names(project):
            annotator_id = registry.annotator_id(project, name)
            if wanted in (None, name) and articles.article_status(project, article.id, annotator_id) == "done":
                names.add(name)
        if wanted in (None, GOLD) and review.review_status(project, article.id) == "done":
            names.add(GOLD)
        for name in sorted(names):
            quotes = [(q.id, q.start, q.end, q.speaker, q.speaker_span, q.stance, q.topics)
                      for q in by_article[article.id][name]]
            result.append((article.id, name, quotes))
    return result


def _flat(project, **selection):
    return [
        (article.id, name, [(q.id, q.start, q.end, q.speaker, q.speaker_span, q.stance, q.topics) for q in quotes])
        for article, name, quotes in records(project, **selection)
    ]


@pytest.mark.parametrize("size", [1, 2, 3, 200])
def test_records_in_batches_are_the_records_of_the_whole_project(project, size, monkeypatch):
    monkeypatch.setattr(export_rows, "BATCH_ARTICLES", size)
    for selection in ({}, {"annotator": "alice"}, {"annotator": "carol"}, {"gold": True}):
        assert _flat(project, **selection) == _naive(project, **selection)
    assert [name for _, name, _ in _flat(project)] == ["bob", "alice", "bob", "bob", GOLD, "alice", "bob", "bob",
                                                       "carol"]


@pytest.mark.parametrize("fmt,suffix", [("jsonl", "jsonl"), ("doccano", "jsonl"), ("csv", "csv")])
def test_exports_read_in_small_batches_write_the_same_file(project, tmp_path, monkeypatch, fmt, suffix):
    whole = tmp_path / f"whole.{suffix}"
    export_project(project, whole, fmt)
    monkeypatch.setattr(export_rows, "BATCH_ARTICLES", 2)
    seen = []
    real = export_rows.batches
    monkeypatch.setattr(export_rows, "batches", lambda *a, **k: (seen.append(len(b.articles)) or b
                                                                 for b in real(*a, **k)))
    batched = tmp_path / f"batched.{suffix}"
    report = export_project(project, batched, fmt)
    assert batched.read_bytes() == whole.read_bytes() and report.records == 9
    assert seen == [2, 2, 2, 1]  # never more than a batch of articles in hand


def _load_docs(path: Path):
    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def test_big_spacy_export_is_a_folder_of_docbins_that_spacy_train_reads(project, tmp_path, monkeypatch):
    monkeypatch.setattr(exporting, "SHARD_DOCS", 4)
    out = tmp_path / "train.spacy"
    report = export_project(project, out, "spacy")
    assert report.records == 9 and out.is_dir()
    shards = sorted(out.iterdir())
    assert [p.name for p in shards] == ["part-0000.spacy", "part-0001.spacy", "part-0002.spacy"]
    assert [len(_load_docs(p)) for p in shards] == [4, 4, 1]
    # spacy train's own corpus reader takes the folder as one corpus.
    examples = list(Corpus(out)(spacy.blank("en")))
    assert len(examples) == 9
    assert sum(len(e.reference.spans["quotes"]) for e in examples) == report.quotes == 7
    assert [p.name for p in tmp_path.iterdir()] == ["train.spacy"]  # no temporary left


def test_spacy_export_switches_between_file_and_folder(project, tmp_path, monkeypatch):
    out = tmp_path / "out.spacy"
    export_project(project, out, "spacy")
    assert out.is_file() and len(_load_docs(out)) == 9
    monkeypatch.setattr(exporting, "SHARD_DOCS", 4)
    export_project(project, out, "spacy")  # the file is replaced by a folder of shards
    assert out.is_dir() and len(list(out.iterdir())) == 3
    export_project(project, out, "spacy", annotator="alice")  # and the folder by a file again
    assert out.is_file() and len(_load_docs(out)) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["out.spacy"]


def test_a_folder_holding_other_files_is_never_replaced(project, tmp_path):
    out = tmp_path / "data.spacy"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(ExportError, match="is a folder; give a file name"):
        export_project(project, out, "spacy")
    assert (out / "notes.txt").read_text() == "mine"


def test_annotators_of_one_article_get_their_own_docs(project, tmp_path):
    out = tmp_path / "out.spacy"
    export_project(project, out, "spacy")
    docs = _load_docs(out)
    pair = [d for d in docs if d.user_data["meta"]["title"] == "A1"]  # quoted by alice and bob
    assert [d.user_data["annotator"] for d in pair] == ["alice", "bob"]
    words = [t.text for t in spacy.blank("en").make_doc(TEXT.format(n=1))]
    assert all([t.text for t in d] == words for d in pair)
    assert [[s.text for s in d.spans["quotes"]] for d in pair] == [["We never sold drones"]] * 2
    assert [len(d.spans["speakers"]) for d in pair] == [1, 1]
    assert pair[0].user_data["quotes"][0]["id"] != pair[1].user_data["quotes"][0]["id"]


def test_a_first_export_in_batches_caches_every_batch_tokens_for_the_next(project, tmp_path, monkeypatch):
    from annotator.services import writers_prodigy

    monkeypatch.setattr(export_rows, "BATCH_ARTICLES", 2)
    real, calls = writers_prodigy.tokenise_packed, []
    monkeypatch.setattr(writers_prodigy, "tokenise_packed", lambda *args: calls.append(1) or real(*args))
    first = export_project(project, tmp_path / "first.jsonl", "jsonl")
    tokenised = len(calls)
    again = export_project(project, tmp_path / "again.jsonl", "jsonl")
    assert tokenised == 6 and len(calls) == tokenised  # stored batch by batch: none tokenised again
    assert (tmp_path / "again.jsonl").read_bytes() == (tmp_path / "first.jsonl").read_bytes()
    assert again.records == first.records == 9


def test_quotes_sharing_a_start_are_exported_by_end_whatever_order_they_were_made_in(project, tmp_path):
    import json

    article_id = articles.all_articles(project)[6].id  # untouched so far
    for end in (40, 21, 30):  # made longest first: the index alone would give them in this order
        quote_store.insert_quote(project, Quote(None, article_id, 1, end, "zoe"))
    quote_store.insert_quote(project, Quote(None, article_id, 0, 50, "adam"))  # a later id, a name sorted first
    export_project(project, tmp_path / "out.jsonl", "jsonl")
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    mine = [(r["_annotator_id"], [(s["start"], s["end"]) for s in r["spans"]]) for r in lines
            if r["meta"]["title"] == "A6"]
    assert mine == [("adam", [(0, 50)]), ("zoe", [(1, 21), (1, 30), (1, 40)])]


@pytest.mark.parametrize("dense", [True, False])
def test_each_quote_keeps_its_topics_whether_quote_ids_follow_articles_or_not(tmp_path, monkeypatch, dense):
    import json

    monkeypatch.setattr(export_rows, "BATCH_ARTICLES", 1)
    project = open_project(memory=True)
    ids = [articles.insert_article(project, Article(None, TEXT.format(n=n), sha256_of(TEXT.format(n=n))))[0]
           for n in range(3)]
    made = {}
    # Dense: each article's quotes one after another. Sparse: the articles' quotes interleaved, and a
    # gap of topic-laden quotes in the last article between the first one's.
    order = [ids[0]] * 4 + [ids[1]] * 4 + [ids[2]] * 30 if dense else [ids[0], *[ids[2]] * 30, ids[1]] * 4
    for n, article_id in enumerate(order):
        topics = ("conflict",) if n % 3 == 0 else ("conflict", "economy") if n % 3 == 1 else ()
        quote_id = quote_store.insert_quote(project, Quote(None, article_id, 1 + n % 5, 21, "ann", topics=topics))
        made[quote_id] = list(topics)
    export_project(project, tmp_path / "out.jsonl", "jsonl")
    found = {span["id"]: span["topics"] for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
             for span in json.loads(line)["spans"]}
    assert found == made
    project.close()


def test_a_jsonl_export_holds_back_the_collectors_full_passes_and_gives_them_back(project, tmp_path, monkeypatch):
    import gc

    from annotator.services import writers_prodigy

    before = gc.get_threshold()
    seen = []
    real = writers_prodigy.ProdigyLines.tail
    monkeypatch.setattr(writers_prodigy.ProdigyLines, "tail",
                        lambda self, *args: seen.append(gc.get_threshold()[2]) or real(self, *args))
    export_project(project, tmp_path / "out.jsonl", "jsonl")
    assert seen and min(seen) >= 1_000_000_000  # no full pass over the process while lines are made
    assert gc.get_threshold() == before
