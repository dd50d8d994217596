"""The token cache: each article's export tokens, computed once per tokenizer (texts never change)."""

from __future__ import annotations

import json
import struct
from collections.abc import Sequence

from annotator.core.model import Tokens
from annotator.store.project import Project


def _pack(tokens: Tokens) -> bytes:
    # Fixed little-endian int32, not native order: a project file moves between machines.
    return struct.pack(f"<{2 * len(tokens.starts)}i", *tokens.starts, *tokens.ends)


def _unpack(data: bytes, bounds: bytes) -> Tokens:
    values = struct.unpack(f"<{len(bounds) // 4}i", bounds)
    half = len(values) // 2
    return Tokens(data, values[:half], values[half:])


def cached_tokens(project: Project, tokenizer: str, article_ids: Sequence[int] | None = None) -> dict[int, Tokens]:
    """Token lists already computed with ``tokenizer``, by article id (of ``article_ids`` only, if given)."""
    # As stored (UTF-8), not decoded: the export writes these bytes out unchanged.
    query = "SELECT article_id, CAST(tokens AS BLOB), bounds FROM token_cache WHERE tokenizer = ?"
    if article_ids is None:
        rows = project.db.conn.execute(query, (tokenizer,))
    else:
        # Ids come as ints from the store: a JSON list is one parameter however many there are.
        rows = project.db.conn.execute(
            f"{query} AND article_id IN (SELECT value FROM json_each(?))", (tokenizer, json.dumps(list(article_ids)))
        )
    return {article_id: _unpack(data, bounds) for article_id, data, bounds in rows}


def store_tokens(project: Project, tokenizer: str, tokens: dict[int, Tokens]) -> None:
    """Remember token lists for later exports.

    Parameters
    ----------
    tokenizer: names the tokenizer and its version; a different one never reads these back.
    tokens: by article id.
    """
    with project.atomic() as db:
        db.conn.executemany(
            "INSERT OR REPLACE INTO token_cache (article_id, tokenizer, tokens, bounds) "
            "VALUES (?, ?, CAST(? AS TEXT), ?)",
            [(article_id, tokenizer, t.json, _pack(t)) for article_id, t in tokens.items()],
        )
