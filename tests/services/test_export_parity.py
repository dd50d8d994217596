"""The fast JSONL export gives, parsed, what the reference record builder gives, on the sample articles."""

from __future__ import annotations

import json

import spacy
from spacy.tokens import Doc

from annotator.core.model import Article, Quote
from annotator.core.text import normalise, sha256_of
from annotator.paths import samples_dir
from annotator.services.demo import build_demo
from annotator.services.exporting import export_project, records
from annotator.services.writers import jsonl_line, prodigy_record, tokens_of
from annotator.store import articles, quotes

NLP = spacy.blank("en")
CRLF = "Tehran\r\n“We never sold drones 🙂 to Russia,” said Amir-Abdollahian.\r\n\r\nBorrell disagreed. 🙂 Done."


def _sample_project():
    """The demo's sample articles with the gold quotes by alice, and by bob moved two characters into a
    word (as Alt+Q makes), plus a CRLF text with emoji and a mid-word quote."""
    project = build_demo()
    ids = {a.source: a.id for a in articles.all_articles(project)}
    gold = [json.loads(line) for line in (samples_dir() / "seeds-gold.jsonl").read_text().splitlines()]
    for row in gold:
        speaker = (row["speaker_mention_start"], row["speaker_mention_end"]) if row["speaker_mention_start"] else None
        cue = (row["cue_start"], row["cue_end"]) if row["cue_start"] is not None else None
        for name, shift in (("alice", 0), ("bob", 2)):
            quotes.insert_quote(project, Quote(None, ids[row["doc"]], row["start"] + shift, row["end"], name,
                                               kind=row["kind"], speaker=row["speaker"], speaker_span=speaker,
                                               cue_span=cue, note=row["note"] or ""))
    text = normalise(CRLF).text
    article_id, _ = articles.insert_article(project, Article(None, text, sha256_of(text), title="CRLF 🙂"))
    drones = text.index("drones")
    quotes.insert_quote(project, Quote(None, article_id, drones + 3, text.index("Russia") + 3, "alice",
                                       speaker_span=(text.index("Amir"), text.index("Amir") + 4)))
    return project


def test_fast_export_parses_as_the_reference_records(tmp_path):
    project = _sample_project()
    expected = [prodigy_record(article, name, qs, tokens=tokens_of(article.text, NLP))
                for article, name, qs in records(project)]
    for run in ("first", "cached"):
        out = tmp_path / f"{run}.jsonl"
        report = export_project(project, out, "jsonl")
        lines = out.read_text(encoding="utf-8").split("\n")[:-1]
        assert [json.loads(line) for line in lines] == [json.loads(jsonl_line(r)) for r in expected], run
        assert report.records == len(expected) == 5 and report.quotes == sum(quotes.quote_counts(project).values())
    project.close()


def test_every_span_of_the_fast_export_is_whole_tokens_in_spacy(tmp_path):
    project = _sample_project()
    export_project(project, tmp_path / "out.jsonl", "jsonl")
    cut = 0
    for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").split("\n")[:-1]:
        record = json.loads(line)
        tokens = record["tokens"]
        doc = Doc(NLP.vocab, words=[t["text"] for t in tokens], spaces=[t["ws"] for t in tokens])
        assert doc.text == record["text"]
        for span in record["spans"]:
            chars = doc.char_span(span["start"], span["end"])
            assert chars is not None and (chars.start, chars.end - 1) == (span["token_start"], span["token_end"])
            assert chars.text == span.get("text", chars.text)
        cut += any(t["text"] != w.text for t, w in zip(tokens, NLP.tokenizer(record["text"]), strict=False))
    assert cut >= 2  # bob's and the CRLF text's lines needed tokens split
    project.close()


def test_an_export_written_line_by_line_is_the_same_file(tmp_path, monkeypatch):
    from annotator.services.chunk_writer import ChunkWriter

    project = _sample_project()
    export_project(project, tmp_path / "whole.jsonl", "jsonl")
    monkeypatch.setattr(ChunkWriter, "SIZE", 1)  # every line written as it comes
    export_project(project, tmp_path / "lines.jsonl", "jsonl")
    assert (tmp_path / "lines.jsonl").read_bytes() == (tmp_path / "whole.jsonl").read_bytes()
    project.close()
