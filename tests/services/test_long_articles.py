"""Articles over spaCy's 1,000,000-character limit export and get suggestions; one bad article stops nothing."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import DocBin

from annotator.cli import main
from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.nlp.pipeline import CHUNK_CHARS, chunks, parse
from annotator.nlp.suggest import Suggester
from annotator.services import writers_prodigy
from annotator.services.projects import open_project
from annotator.services.suggesting import suggest_project
from annotator.store import articles, quotes
from annotator.store import suggestions as suggestion_store

PARAGRAPH = "Officials met in Brussels on Thursday to discuss sanctions and the price of oil. " * 6
CLOSING = "“We will never sell drones to anyone,” the minister said."


def _long_text() -> str:
    """About 1.2 million characters of paragraphs, a direct quote in the last one."""
    body = "\n".join([PARAGRAPH.strip()] * (1_200_000 // len(PARAGRAPH)))
    return f"{body}\n{CLOSING}\n"


@pytest.fixture(scope="module")
def long_text() -> str:
    text = _long_text()
    assert len(text) > 1_000_000 > spacy.blank("en").max_length - 1
    return text


def _blank_suggester() -> Suggester:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return Suggester(nlp=nlp)


def test_chunks_join_back_and_cut_between_paragraphs(long_text):
    pieces = chunks(long_text)
    assert "".join(pieces) == long_text
    assert len(pieces) > 10 and all(len(p) <= CHUNK_CHARS for p in pieces)
    assert all(p.endswith("\n") for p in pieces[:-1])
    assert chunks("word " * 10, limit=12) == ["word word ", "word word ", "word word ", "word word ", "word word "]
    assert "".join(chunks("x" * 25, limit=10)) == "x" * 25  # no break anywhere: cut anyway


def test_long_text_is_parsed_in_pieces_into_one_doc(long_text):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = parse(nlp, long_text)
    assert doc.text == long_text
    closing = [s for s in doc.sents if s.text.strip() == CLOSING]
    assert [s.end_char for s in closing] == [long_text.index(CLOSING) + len(CLOSING)]


def test_long_article_exports_as_jsonl_and_spacy(tmp_path, long_text, capsys):
    db = tmp_path / "p.annotator.db"
    start = long_text.index(CLOSING)
    with open_project(db) as project:
        article_id, _ = articles.insert_article(project, Article(None, long_text, sha256_of(long_text), title="Long"))
        quotes.insert_quote(project, Quote(None, article_id, start + 1, start + 36, "alice", speaker="the minister",
                                           speaker_span=(start + 38, start + 50)))
    out = tmp_path / "out.jsonl"
    assert main(["export", "--db", str(db), "--out", str(out)]) == 0
    assert "Exported 1 quote in 1 record" in capsys.readouterr().out
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    quote = record["spans"][0]
    tokens = record["tokens"]
    assert record["text"] == long_text and quote["text"] == "We will never sell drones to anyone"
    assert tokens[quote["token_start"]]["start"] == quote["start"]
    assert tokens[quote["token_end"]]["end"] == quote["end"]
    spacy_out = tmp_path / "out.spacy"
    assert main(["export", "--db", str(db), "--out", str(spacy_out)]) == 0
    [doc] = DocBin().from_disk(spacy_out).get_docs(spacy.blank("en").vocab)
    assert doc.text == long_text and doc.spans["quotes"][0].text == "We will never sell drones to anyone"


def test_long_article_gets_suggestions(long_text):
    project = open_project(memory=True)
    long_id, _ = articles.insert_article(project, Article(None, long_text, sha256_of(long_text)))
    short = f"Markets fell.\n{CLOSING}"
    short_id, _ = articles.insert_article(project, Article(None, short, sha256_of(short)))
    suggester = _blank_suggester()
    report = suggest_project(project, suggester)
    assert report.computed == 2 and not report.failed
    found = suggestion_store.cached_suggestions(project, long_id, suggester.version)
    start = long_text.index(CLOSING)
    assert [(s.start, s.end, s.speaker) for s in found if s.start >= start] == [
        (start, start + len("“We will never sell drones to anyone,”"), None)]  # "the minister" names nobody
    assert suggestion_store.cached_suggestions(project, short_id, suggester.version)


@Language.component("fails_on_poison")
def _fails_on_poison(doc):
    if "poison" in doc.text:
        raise ValueError("this text broke the pipeline")
    return doc


def test_one_failing_article_never_stops_the_suggestions_of_the_others():
    project = open_project(memory=True)
    texts = [f"Article {n}.\n{CLOSING}" for n in range(40)]
    texts[17] = f"poison\n{CLOSING}"
    ids = [articles.insert_article(project, Article(None, t, sha256_of(t), title=f"A{n}"))[0]
           for n, t in enumerate(texts)]
    suggester = _blank_suggester()
    suggester.nlp.add_pipe("fails_on_poison")
    report = suggest_project(project, suggester)
    assert report.computed == 39 and len(report.failed) == 1
    assert report.failed[0].startswith(f"article {ids[17]} (A17): no suggestions (ValueError: this text broke")
    assert "1 failed" in report.summary()
    for n, article_id in enumerate(ids):
        cached = suggestion_store.has_suggestions(project, article_id, suggester.version)
        assert cached == (n != 17)  # the failed one is not cached as "no suggestions": the next run retries


@pytest.mark.parametrize("fmt", ["jsonl", "spacy"])
def test_one_article_that_cannot_be_tokenised_never_stops_the_export(tmp_path, monkeypatch, capsys, fmt):
    db = tmp_path / "p.annotator.db"
    with open_project(db) as project:
        for n, text in enumerate(["One quote here.", "poison quote here.", "Third quote here."]):
            article_id, _ = articles.insert_article(project, Article(None, text, sha256_of(text), title=f"A{n}"))
            quotes.insert_quote(project, Quote(None, article_id, 0, 5, "alice"))
    real = writers_prodigy.tokenise_packed

    def tokenise(text, nlp, strings=None):
        if "poison" in text:
            raise MemoryError("out of memory")
        return real(text, nlp, strings)

    monkeypatch.setattr(writers_prodigy, "tokenise_packed", tokenise)
    import annotator.services.writers_spacy as writers_spacy

    real_doc = writers_spacy.spacy_doc

    def spacy_doc(article, *args):
        if "poison" in article.text:
            raise MemoryError("out of memory")
        return real_doc(article, *args)

    monkeypatch.setattr(writers_spacy, "spacy_doc", spacy_doc)
    out = tmp_path / f"out.{fmt}"
    assert main(["export", "--db", str(db), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err.strip() == "warning: article 2 (A1) left out: MemoryError: out of memory"
    assert "Exported 2 quotes in 2 records" in captured.out and "1 article skipped" in captured.out
    if fmt == "jsonl":
        assert [json.loads(line)["meta"]["title"] for line in out.read_text().splitlines()] == ["A0", "A2"]
    else:
        docs = list(DocBin().from_disk(out).get_docs(spacy.blank("en").vocab))
        assert [d.user_data["meta"]["title"] for d in docs] == ["A0", "A2"]
