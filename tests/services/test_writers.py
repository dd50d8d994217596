"""Writers: records carry every field, and export then import gives back the same quotes."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import DocBin

from annotator.core.model import KINDS, Article, Quote
from annotator.core.text import normalise, sha256_of
from annotator.services.readers_jsonl import read_jsonl_text
from annotator.services.writers import (
    CSV_HEADER,
    csv_rows,
    doccano_record,
    jsonl_line,
    prodigy_record,
    stable_hash,
)
from annotator.services.writers_spacy import quotes_from_doc, spacy_doc

NLP = spacy.blank("en")  # module level: hypothesis refuses function-scoped fixtures
RAW = "Iran’s minister 🙂 said:\r\n“We are against the war,” he added.\r\nCafe\u0301 👍🏽 — they denied it."
TEXT = normalise(RAW).text


def _article(text: str = TEXT) -> Article:
    return Article(
        1,
        text,
        sha256_of(text),
        title="Drones",
        outlet="Tehran Times",
        url="https://x/1",
        published="2022-11-10",
        source="seed.txt",
    )


def _at(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _quotes(text: str = TEXT) -> list[Quote]:
    he = _at(text, "he added")[0]
    return [
        Quote(
            7,
            1,
            *_at(text, "“We are against the war,”"),
            "alice",
            kind="direct",
            speaker="Amir-Abdollahian",
            speaker_span=(he, he + 2),
            cue_span=_at(text, "added"),
            stance="opposes",
            claim="Iran supplied drones to Russia",
            topics=("drones", "war"),
            note="café 🙂",
            origin="suggestion",
        ),
        Quote(8, 1, *_at(text, "they denied it"), "alice", kind="indirect", speaker_span=(he, he + 2)),
        Quote(9, 1, *_at(text, "Cafe\u0301 👍🏽"), "alice", kind="mixed", stance="neutral"),
    ]


def _comparable(quotes):
    return sorted(
        (replace(q, id=None, article_id=None, created_at="", updated_at="") for q in quotes), key=repr
    )


def _read_back(record: dict) -> tuple:
    [document] = read_jsonl_text(Path("export.jsonl"), jsonl_line(record) + "\n")
    return document, document.quotes


def test_text_comes_from_crlf_source_with_astral_and_combining_characters():
    assert "\r" not in TEXT and "🙂" in TEXT and "\u0301" in TEXT


def test_prodigy_round_trip():
    record = prodigy_record(_article(), "alice", _quotes(), NLP)
    document, quotes = _read_back(record)
    assert document.text == TEXT and document.annotator == "alice"
    assert (document.title, document.outlet, document.url, document.published, document.source) == (
        "Drones",
        "Tehran Times",
        "https://x/1",
        "2022-11-10",
        "seed.txt",
    )
    assert _comparable(quotes) == _comparable(_quotes())


def test_doccano_round_trip():
    document, quotes = _read_back(doccano_record(_article(), "alice", _quotes()))
    assert document.text == TEXT and document.annotator == "alice" and document.source == "seed.txt"
    assert _comparable(quotes) == _comparable(_quotes())


def test_prodigy_record_shape():
    record = prodigy_record(_article(), "alice", _quotes(), NLP)
    assert record["answer"] == "accept" and record["_annotator_id"] == "alice"
    assert record["meta"]["article_sha256"] == sha256_of(TEXT)
    tokens = record["tokens"]
    for token in tokens:
        assert TEXT[token["start"] : token["end"]] == token["text"]
    labels = [span["label"] for span in record["spans"]]
    assert (
        labels.count("QUOTE") == 3 and labels.count("SPEAKER") == 1 and labels.count("CUE") == 1
    )  # "he" shared
    for span in record["spans"]:
        assert TEXT[span["start"] : span["end"]] == span["text"]
        # Prodigy's token_end is inclusive: the span starts in its first token and ends in its last.
        first, last = tokens[span["token_start"]], tokens[span["token_end"]]
        assert first["start"] <= span["start"] < first["end"] and last["start"] < span["end"] <= last["end"]
    direct = next(s for s in record["spans"] if s["label"] == "QUOTE" and s["id"] == 7)
    assert direct["topics"] == ["drones", "war"] and direct["origin"] == "suggestion"
    assert {r["label"] for r in record["relations"]} == {"SPEAKER_OF", "CUE_OF"}
    assert len(record["relations"]) == 3
    for relation in record["relations"]:
        assert relation["head"] == relation["head_span"]["token_end"]
        assert relation["child_span"]["label"] == "QUOTE"


def test_a_mid_word_quote_gets_tokens_cut_to_its_edges():
    text = "Unbelievable claims here."
    record = prodigy_record(_article(text), "a", [Quote(None, 1, 2, 15, "a")], NLP)
    [span] = record["spans"]
    tokens = record["tokens"]
    assert [t["text"] for t in tokens][:4] == ["Un", "believable", "cl", "aims"]
    assert tokens[span["token_start"]]["start"] == 2 and tokens[span["token_end"]]["end"] == 15


@given(st.data())
@settings(max_examples=150, deadline=None)
def test_every_exported_span_loads_in_spacy_from_the_records_own_tokens(data):
    """Prodigy's loaders build a Doc from the tokens and ``char_span`` each span: none may come back None."""
    text = data.draw(st.sampled_from([TEXT, "Unbelievable  claims here.\n\nSaid  he 🙂 (twice).", "a b"]))
    spans = st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))).filter(lambda p: p[0] < p[1])
    quotes = [Quote(None, 1, s, e, "a", speaker_span=data.draw(st.none() | spans)) for s, e in data.draw(
        st.lists(spans, min_size=1, max_size=4))]
    record = json.loads(jsonl_line(prodigy_record(_article(text), "a", quotes, NLP)))
    tokens = record["tokens"]
    doc = spacy.tokens.Doc(NLP.vocab, words=[t["text"] for t in tokens], spaces=[t["ws"] for t in tokens])
    assert doc.text == text
    for span in record["spans"]:
        made = doc.char_span(span["start"], span["end"])
        assert made is not None, span
        assert (made.start, made.end - 1) == (span["token_start"], span["token_end"])


def test_hashes_are_stable_and_sensitive():
    first = prodigy_record(_article(), "alice", _quotes(), NLP)
    again = prodigy_record(_article(), "alice", list(reversed(_quotes())), NLP)
    assert first == again
    assert first["_input_hash"] == stable_hash(TEXT) and -(2**31) <= first["_input_hash"] < 2**31
    other = prodigy_record(_article(), "bob", _quotes(), NLP)
    fewer = prodigy_record(_article(), "alice", _quotes()[:1], NLP)
    assert other["_input_hash"] == first["_input_hash"]
    assert len({first["_task_hash"], other["_task_hash"], fewer["_task_hash"]}) == 3


def test_doccano_record_shape():
    record = doccano_record(_article(), "alice", _quotes())
    ids = [e["id"] for e in record["entities"]]
    assert len(ids) == len(set(ids)) == 5
    assert record["title"] == "Drones" and record["annotator"] == "alice"
    by_id = {e["id"]: e for e in record["entities"]}
    for relation in record["relations"]:
        assert by_id[relation["to_id"]]["label"] == "QUOTE"
        assert by_id[relation["from_id"]]["label"] in ("SPEAKER", "CUE")


def test_csv_rows():
    rows = csv_rows(_article(), "alice", _quotes())
    assert [r["quote_id"] for r in rows] == [7, 9, 8]  # text order
    first = rows[0]
    assert set(first) == set(CSV_HEADER)
    assert first["text"] == "“We are against the war,”" and first["topics"] == "drones|war"
    assert TEXT[first["speaker_start"] : first["speaker_end"]] == "he"
    assert rows[1]["speaker"] == "" and rows[1]["cue_start"] == ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_HEADER)
    writer.writeheader()
    writer.writerows(rows)
    assert list(csv.DictReader(io.StringIO(out.getvalue())))[0]["note"] == "café 🙂"


def test_spacy_doc_survives_docbin():
    doc = spacy_doc(_article(), "alice", _quotes(), NLP)
    assert [span.label_ for span in doc.spans["quotes"]] == ["QUOTE"] * 3
    assert [span.text for span in doc.spans["speakers"]] == ["he"]
    assert [span.text for span in doc.spans["cues"]] == ["added"]
    data = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    [loaded] = DocBin().from_bytes(data).get_docs(NLP.vocab)
    assert loaded.text == TEXT
    assert [s.text for s in loaded.spans["quotes"]] == [s.text for s in doc.spans["quotes"]]
    assert loaded.user_data["meta"]["article_sha256"] == sha256_of(TEXT)
    assert _comparable(quotes_from_doc(loaded)) == _comparable(_quotes())


def test_a_mid_word_quote_is_exact_in_the_spacy_doc():
    text = "Unbelievable claims here."
    doc = spacy_doc(_article(text), "a", [Quote(None, 1, 2, 15, "a", speaker_span=(21, 24))], NLP)
    assert doc.text == text
    assert doc.spans["quotes"][0].text == "believable cl"
    assert doc.spans["speakers"][0].text == "ere"
    assert (quotes_from_doc(doc)[0].start, quotes_from_doc(doc)[0].end) == (2, 15)  # exact offsets kept


# ---- random round trips -------------------------------------------------------------------------------

PIECES = st.sampled_from(["word", " ", "\r\n", "\n", "\r", "🙂", "e\u0301", "“", "”", ",", "\ufeff", "👍🏽"])
NAMES = st.none() | st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8)
# Stances and topics from a file must be label names: visible characters on one line.
LABELS = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=8
).filter(str.strip)


@st.composite
def articles_with_quotes(draw):
    text = normalise(draw(st.lists(PIECES, min_size=1, max_size=30).map("".join))).text
    if not text.strip():
        text += "x"
    span = (
        st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text)))
        .map(sorted)
        .filter(lambda p: p[0] < p[1])
        .map(tuple)
    )
    spans = draw(st.lists(span, max_size=5, unique=True))
    quotes = [
        Quote(
            None,
            1,
            start,
            end,
            "annotator 🙂",
            kind=draw(st.sampled_from(KINDS)),
            speaker=draw(NAMES),
            speaker_span=draw(st.none() | span),
            cue_span=draw(st.none() | span),
            stance=draw(st.none() | LABELS),
            claim=draw(NAMES),
            topics=tuple(draw(st.lists(LABELS, max_size=3))),
            note=draw(st.text(max_size=10)),
            origin=draw(st.sampled_from(("manual", "suggestion", "import"))),
        )
        for start, end in spans
    ]
    return _article(text), quotes


@settings(max_examples=150, deadline=None)
@given(articles_with_quotes())
def test_random_round_trips(case):
    article, quotes = case
    for record in (
        prodigy_record(article, "annotator 🙂", quotes, NLP),
        doccano_record(article, "annotator 🙂", quotes),
    ):
        line = jsonl_line(record)
        assert "\n" not in line
        document, read = _read_back(json.loads(line))
        assert document.text == article.text
        assert _comparable(read) == _comparable(quotes)
