"""The token cache gives back exactly what was stored, for the tokenizer that stored it, and stays small."""

from __future__ import annotations

import sqlite3

import spacy

from annotator.core.model import Article, Tokens
from annotator.services.writers_prodigy import tokenise
from annotator.store import articles
from annotator.store.project import Project
from annotator.store.tokens import cached_tokens, store_tokens


def test_tokens_round_trip_per_tokenizer(project):
    first, _ = articles.insert_article(project, Article(None, "Café 🙂 x", "sha-1"))
    empty, _ = articles.insert_article(project, Article(None, "", "sha-2"))
    tokens = Tokens(
        '[{"text": "Café", "start": 0, "end": 4, "id": 0, "ws": true}, '
        '{"text": "🙂", "start": 5, "end": 6, "id": 1, "ws": false}]'.encode(), [0, 5], [4, 6]
    )
    store_tokens(project, "spacy-a", {first: tokens, empty: Tokens(b"[]", [], [])})
    cached = cached_tokens(project, "spacy-a")
    assert cached[first] == tokens and cached[empty] == Tokens(b"[]", [], [])
    assert cached_tokens(project, "spacy-a", [empty]) == {empty: Tokens(b"[]", [], [])}
    assert cached_tokens(project, "spacy-b") == {}


def test_cache_of_a_news_text_is_smaller_than_the_text(project):
    text = ("“We never sold drones to Russia,” the minister said on Thursday, 12 May. \"Never.\"\n" * 200
            + "Tokens like \\ \" \x00 {\"text\": , \"start\": 1 survive. 🙂 e\u0301")
    article_id, _ = articles.insert_article(project, Article(None, text, "sha-1"))
    tokens = tokenise(text, spacy.blank("en"))
    store_tokens(project, "spacy-a", {article_id: tokens})
    assert cached_tokens(project, "spacy-a") == {article_id: tokens}
    size = project.db.conn.execute("SELECT length(pieces) + length(bounds) FROM token_cache").fetchone()[0]
    assert size < len(text.encode()) / 2 < len(tokens.json) / 20  # the whole JSON was 13x the text


def test_a_project_that_cannot_be_written_goes_without_the_cache(tmp_path):
    path = tmp_path / "p.annotator.db"
    with Project(path) as project:
        article_id, _ = articles.insert_article(project, Article(None, "Hello there", "sha-1"))
    read_only = Project(path, read_only=True)
    tokens = tokenise("Hello there", spacy.blank("en"))
    assert store_tokens(read_only, "spacy-a", {article_id: tokens}) is False
    assert cached_tokens(read_only, "spacy-a") == {}
    read_only.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM token_cache").fetchone()[0] == 0


def test_migration_drops_the_bulky_cache_of_older_projects(tmp_path):
    from annotator.store.project import migrations

    path = tmp_path / "old.annotator.db"
    conn = sqlite3.connect(path)
    for number, sql in [(n, p.read_text()) for n, p in migrations() if n <= 4]:
        conn.executescript(f"BEGIN; {sql}; PRAGMA user_version = {number}; COMMIT;")
    conn.execute("INSERT INTO articles (sha256, text, imported_at) VALUES ('x', 'Hello there', 'now')")
    conn.execute("INSERT INTO token_cache VALUES (1, 'spacy-a', '[{\"text\": \"Hello\"}]', x'00')")
    conn.commit()
    conn.close()
    with Project(path) as project:
        assert project.db.conn.execute("SELECT count(*) FROM token_cache").fetchone()[0] == 0
        tokens = tokenise("Hello there", spacy.blank("en"))
        assert store_tokens(project, "spacy-a", {1: tokens})
        assert cached_tokens(project, "spacy-a") == {1: tokens}


def test_offsets_past_the_digit_table_round_trip(project, monkeypatch):
    import annotator.store.tokens as token_module

    monkeypatch.setattr(token_module, "_MAX_DIGITS", 8)  # as an article of a million characters is
    text = "A quote, “said here”, and then 12345 more words."
    article_id, _ = articles.insert_article(project, Article(None, text, "sha-1"))
    tokens = tokenise(text, spacy.blank("en"))
    store_tokens(project, "spacy-a", {article_id: tokens})
    assert cached_tokens(project, "spacy-a") == {article_id: tokens}


def test_migration_drops_a_cache_kept_in_the_earlier_layout(tmp_path):
    import zlib

    from annotator.store.project import migrations

    path = tmp_path / "old.annotator.db"
    conn = sqlite3.connect(path)
    for number, sql in [(n, p.read_text()) for n, p in migrations() if n <= 9]:
        conn.executescript(f"BEGIN; {sql}; PRAGMA user_version = {number}; COMMIT;")
    conn.execute("INSERT INTO articles (sha256, text, imported_at) VALUES ('x', 'Hello there', 'now')")
    # The layout of 0006: the JSON around the texts, and bounds without flags, which this one would misread.
    pieces = zlib.compress(b'[{"text": "Hello"\x00, "ws": true}, {"text": "there"\x00, "ws": false}]')
    conn.execute("INSERT INTO token_cache VALUES (1, 'spacy-a', ?, ?)", (pieces, zlib.compress(bytes(16))))
    conn.commit()
    conn.close()
    with Project(path) as project:
        assert cached_tokens(project, "spacy-a") == {}
        tokens = tokenise("Hello there", spacy.blank("en"))
        assert store_tokens(project, "spacy-a", {1: tokens})
        assert cached_tokens(project, "spacy-a") == {1: tokens}
        assert tokens.json == (b'[{"text": "Hello", "start": 0, "end": 5, "id": 0, "ws": true}, '
                               b'{"text": "there", "start": 6, "end": 11, "id": 1, "ws": false}]')


def test_long_tokens_and_gaps_round_trip(project):
    nlp = spacy.blank("en")
    for n, text in enumerate(["Short words only.", "A" + " " * 300 + "gap of 300 spaces.", "x" * 70_000 + " y"]):
        article_id, _ = articles.insert_article(project, Article(None, text, f"sha-{n}"))
        tokens = tokenise(text, nlp)
        store_tokens(project, "spacy-a", {article_id: tokens})
        cached = cached_tokens(project, "spacy-a", [article_id])[article_id]
        assert cached == tokens and cached.json == tokens.json
        assert max(e - s for s, e in zip(cached.starts, cached.ends, strict=True)) == [5, 299, 70_000][n]
