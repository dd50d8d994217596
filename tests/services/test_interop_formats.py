"""A text with an emoji, CRLF line ends and a mid-word quote goes through every format onto the same words."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from annotator.core.model import Article, Quote
from annotator.core.text import normalise, sha256_of
from annotator.services.exporting import export_project
from annotator.services.projects import open_project
from annotator.services.readers_jsonl import read_jsonl_text
from annotator.services.writers_spacy import quotes_from_doc
from annotator.store import articles, quotes

RAW = "Fans 🙂👍🏽 cheered.\r\nThe minister said the claims were “unbelievable” on Tuesday.\r\n"
TEXT = normalise(RAW).text
QUOTE = "believable” on Tues"  # starts and ends mid-word, as Alt+Q allows
SPEAKER = "The minister"


@pytest.fixture
def project():
    project = open_project(memory=True)
    article_id, _ = articles.insert_article(project, Article(None, TEXT, sha256_of(TEXT), title="t"))
    start, speaker = TEXT.index(QUOTE), TEXT.index(SPEAKER)
    quotes.insert_quote(project, Quote(None, article_id, start, start + len(QUOTE), "alice",
                                       speaker_span=(speaker, speaker + len(SPEAKER))))
    return project


@pytest.mark.parametrize("fmt", ["jsonl", "doccano"])
def test_jsonl_formats_read_back_onto_the_same_words(project, tmp_path, fmt):
    out = tmp_path / "out.jsonl"
    export_project(project, out, fmt)
    (document,) = read_jsonl_text(out, out.read_text(encoding="utf-8"))
    (quote,) = document.quotes
    assert document.text == TEXT
    assert document.text[quote.start : quote.end] == QUOTE
    assert document.text[slice(*quote.speaker_span)] == SPEAKER


def test_csv_offsets_slice_the_quote(project, tmp_path):
    out = tmp_path / "out.csv"
    export_project(project, out, "csv", excel=True)
    (row,) = csv.DictReader(out.open(encoding="utf-8-sig", newline=""))
    assert row["text"] == QUOTE == TEXT[int(row["start"]) : int(row["end"])]


def test_spacy_span_is_the_quote_exactly(project, tmp_path):
    out = tmp_path / "out.spacy"
    export_project(project, out, "spacy")
    (doc,) = DocBin().from_disk(Path(out)).get_docs(spacy.blank("en").vocab)
    assert doc.spans["quotes"][0].text == QUOTE
    assert doc.spans["speakers"][0].text == SPEAKER
    (quote,) = quotes_from_doc(doc)
    assert doc.text[quote.start : quote.end] == QUOTE
