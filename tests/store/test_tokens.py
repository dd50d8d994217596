"""The token cache gives back exactly what was stored, for the tokenizer that stored it."""

from __future__ import annotations

from annotator.core.model import Article, Tokens
from annotator.store import articles
from annotator.store.tokens import cached_tokens, store_tokens


def test_tokens_round_trip_per_tokenizer(project):
    first, _ = articles.insert_article(project, Article(None, "Café 🙂 x", "sha-1"))
    empty, _ = articles.insert_article(project, Article(None, "", "sha-2"))
    tokens = Tokens('[{"text": "Café"}, {"text": "🙂"}]'.encode(), (0, 5), (4, 6))
    store_tokens(project, "spacy-a", {first: tokens, empty: Tokens(b"[]", (), ())})
    cached = cached_tokens(project, "spacy-a")
    assert cached[first] == tokens and cached[empty] == Tokens(b"[]", (), ())
    assert cached_tokens(project, "spacy-b") == {}
    # Stored as text, so the cache stays readable JSON in the file.
    assert project.db.conn.execute("SELECT typeof(tokens) FROM token_cache LIMIT 1").fetchone()[0] == "text"
