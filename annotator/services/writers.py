"""Turn one article's quotes by one annotator into export records: Prodigy JSONL, doccano JSONL, CSV.

Pure functions, no database: the exporting service picks articles and annotators and writes files.
The JSONL records read back through ``readers_jsonl`` to the same quotes: quote fields ride on the
QUOTE span (Prodigy) or entity (doccano) as extra keys, and a relation links each quote to its
SPEAKER and CUE span. The spaCy DocBin export lives in ``writers_spacy``.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from annotator.core.model import Article, Quote
from annotator.services.utf16 import Utf16Offsets

if TYPE_CHECKING:  # spaCy is only needed by the caller who builds the tokenizer
    from spacy.language import Language

QUOTE, SPEAKER, CUE = "QUOTE", "SPEAKER", "CUE"
RELATION_LABELS = {SPEAKER: "SPEAKER_OF", CUE: "CUE_OF"}
CSV_HEADER = (
    "article_sha256",
    "title",
    "outlet",
    "url",
    "published",
    "annotator",
    "quote_id",
    "start",
    "end",
    "text",
    "kind",
    "speaker",
    "speaker_start",
    "speaker_end",
    "cue_start",
    "cue_end",
    "stance",
    "claim",
    "topics",
    "note",
    "origin",
)
TOPIC_SEPARATOR = "|"
# Prodigy's review recipe groups versions by session and renders them with this view (spans and relations).
VIEW_ID = "relations"
DATASET = "quotes"


def session_id(annotator: str) -> str:
    """Prodigy's session id for ``annotator``'s records: dataset name, a dash, the annotator."""
    return f"{DATASET}-{annotator}"


def article_meta(article: Article) -> dict[str, str]:
    """The article's metadata as exported (the reader takes it back from these keys)."""
    return {
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published,
        "source": article.source,
        "article_sha256": article.sha256,
    }


def quote_fields(quote: Quote) -> dict[str, Any]:
    """The tags of a quote as JSON values, the same keys in every format."""
    return {
        "kind": quote.kind,
        "speaker": quote.speaker,
        "stance": quote.stance,
        "claim": quote.claim,
        "topics": list(quote.topics),
        "note": quote.note,
        "origin": quote.origin,
    }


def tokens_of(text: str, nlp: Language) -> list[dict[str, Any]]:
    """Prodigy's token list for a text: text, start, end, id, ws."""
    return [
        {"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
        for t in nlp.tokenizer(text)  # not make_doc: a text over nlp.max_length tokenises as well
    ]


def prodigy_record(
    article: Article,
    annotator: str,
    quotes: Iterable[Quote],
    nlp: Language | None = None,
    tokens: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A Prodigy-style task: tokens, QUOTE/SPEAKER/CUE spans, relations, stable hashes.

    Every span starts and ends on a token boundary (:func:`aligned_tokens` splits tokens where needed).

    Pass ``tokens`` (from :func:`tokens_of`) to reuse one article's tokens across annotators.
    """
    text = article.text
    if tokens is None:
        if nlp is None:
            raise ValueError("prodigy_record needs nlp or tokens")
        tokens = tokens_of(text, nlp)
    quotes = list(quotes)
    aligned = aligned_tokens(text, [t["start"] for t in tokens], [t["end"] for t in tokens], span_offsets(quotes))
    if aligned is not None:
        tokens = token_dicts(text, aligned)
    locate = _TokenLocator(tokens)

    def span(start: int, end: int, label: str) -> dict[str, Any]:
        token_start, token_end = locate(start, end)
        return {
            "start": start,
            "end": end,
            "token_start": token_start,
            "token_end": token_end,
            "label": label,
        }

    spans: list[dict[str, Any]] = []
    mentions: dict[tuple[int, int, str], dict[str, Any]] = {}  # SPEAKER/CUE spans shared by quotes
    relations = []
    for quote in sorted(quotes, key=_order):
        quote_span = span(quote.start, quote.end, QUOTE)
        spans.append(
            {**quote_span, "text": text[quote.start : quote.end], **quote_fields(quote), "id": quote.id}
        )
        for label, mention in ((SPEAKER, quote.speaker_span), (CUE, quote.cue_span)):
            if mention is None:
                continue
            key = (mention[0], mention[1], label)
            if key not in mentions:
                mentions[key] = {**span(*key), "text": text[mention[0] : mention[1]]}
            head = {k: mentions[key][k] for k in quote_span}
            relations.append(
                {
                    "head": head["token_end"],
                    "child": quote_span["token_end"],
                    "head_span": head,
                    "child_span": quote_span,
                    "label": RELATION_LABELS[label],
                }
            )
    spans.extend(mentions[key] for key in sorted(mentions))
    input_hash = stable_hash(text)
    task = [(s["start"], s["end"], s["label"]) for s in spans]
    links = [(r["head_span"]["start"], r["child_span"]["start"], r["label"]) for r in relations]
    return {
        "text": text,
        "meta": article_meta(article),
        "tokens": tokens,
        "spans": spans,
        "relations": relations,
        "answer": "accept",
        "_annotator_id": annotator,
        "_session_id": session_id(annotator),
        "_view_id": VIEW_ID,
        "_input_hash": input_hash,
        "_task_hash": stable_hash(json.dumps([input_hash, task, links, annotator], ensure_ascii=False)),
    }


def doccano_record(article: Article, annotator: str, quotes: Iterable[Quote]) -> dict[str, Any]:
    """A doccano-style record: entities (quote tags as extra keys), relations, metadata at top level.

    Entity offsets count UTF-16 code units, as doccano's browser editor does (an emoji is two).
    """
    text = article.text
    units = Utf16Offsets(text).to_units
    entities: list[dict[str, Any]] = []
    mention_ids: dict[tuple[int, int, str], int] = {}
    relations = []
    ordered = sorted(quotes, key=_order)
    for quote in ordered:
        entities.append(
            {
                "id": len(entities) + 1,
                "label": QUOTE,
                "start_offset": units(quote.start),
                "end_offset": units(quote.end),
                "text": text[quote.start : quote.end],
                **quote_fields(quote),
                "quote_id": quote.id,
            }
        )
    for number, quote in enumerate(ordered, start=1):
        for label, mention in ((SPEAKER, quote.speaker_span), (CUE, quote.cue_span)):
            if mention is None:
                continue
            key = (mention[0], mention[1], label)
            if key not in mention_ids:
                mention_ids[key] = len(entities) + 1
                entities.append(
                    {"id": mention_ids[key], "label": label, "start_offset": units(key[0]),
                     "end_offset": units(key[1])}
                )
            relations.append(
                {
                    "id": len(relations) + 1,
                    "from_id": mention_ids[key],
                    "to_id": number,
                    "type": RELATION_LABELS[label],
                }
            )
    return {
        "text": text,
        "entities": entities,
        "relations": relations,
        **article_meta(article),
        "annotator": annotator,
    }


def csv_rows(article: Article, annotator: str, quotes: Iterable[Quote]) -> list[dict[str, Any]]:
    """One CSV row (keyed by ``CSV_HEADER``) per quote; topics joined by "|", absent values empty."""
    rows = []
    for quote in sorted(quotes, key=_order):
        speaker = quote.speaker_span or ("", "")
        cue = quote.cue_span or ("", "")
        rows.append(
            {
                "article_sha256": article.sha256,
                "title": article.title,
                "outlet": article.outlet,
                "url": article.url,
                "published": article.published,
                "annotator": annotator,
                "quote_id": "" if quote.id is None else quote.id,
                "start": quote.start,
                "end": quote.end,
                "text": article.text[quote.start : quote.end],
                "kind": quote.kind,
                "speaker": quote.speaker or "",
                "speaker_start": speaker[0],
                "speaker_end": speaker[1],
                "cue_start": cue[0],
                "cue_end": cue[1],
                "stance": quote.stance or "",
                "claim": quote.claim or "",
                "topics": TOPIC_SEPARATOR.join(quote.topics),
                "note": quote.note,
                "origin": quote.origin,
            }
        )
    return rows


def jsonl_line(record: dict[str, Any]) -> str:
    """One JSONL line (no newline) keeping non-ASCII text readable."""
    return json.dumps(record, ensure_ascii=False)


def stable_hash(value: str) -> int:
    """A signed 32-bit hash that is the same in every run (Prodigy's hashes are such ints)."""
    # hash() is salted per process, so it cannot identify a task across exports.
    return int.from_bytes(hashlib.sha256(value.encode("utf-8")).digest()[:4], "big", signed=True)


def _order(quote: Quote) -> tuple[int, int, int]:
    """Quotes in text order, ties kept apart by id so output is deterministic."""
    return (quote.start, quote.end, quote.id if quote.id is not None else -1)


def token_range(starts: Sequence[int], ends: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """(token_start, token_end) of the tokens ``start:end`` overlaps (inclusive, as Prodigy's token_end).

    ``starts`` and ``ends`` are the tokens' offsets in order; a span in a gap takes the next token.
    """
    last = max(len(starts) - 1, 0)
    first = min(bisect_right(ends, start), last)  # first token ending after start
    final = bisect_left(starts, end) - 1  # last token starting before end
    return first, min(max(final, first), last)


def token_cuts(
    starts: Sequence[int], ends: Sequence[int], spans: Iterable[tuple[int, int]]
) -> tuple[set[int], set[int]]:
    """The span starts that fall inside a token and the span ends that do (both empty: no token is cut)."""
    n = len(starts)
    cut_starts: set[int] = set()
    cut_ends: set[int] = set()
    for start, end in spans:
        i = bisect_left(starts, start)
        if i == n or starts[i] != start:
            cut_starts.add(start)
        j = bisect_left(ends, end)
        if j == n or ends[j] != end:
            cut_ends.add(end)
    return cut_starts, cut_ends


def aligned_tokens(
    text: str, starts: Sequence[int], ends: Sequence[int], spans: Iterable[tuple[int, int]]
) -> list[tuple[int, int, bool]] | None:
    """Tokens (start, end, ws) cut so every span starts and ends on a token boundary; None if they already do.

    A quote made mid-word (Alt+Q) would otherwise get token indices whose tokens start before it, and
    ``doc.char_span`` and strict loaders would drop it. A token is split where a span cuts it; a span
    that starts on a token's trailing space, or ends after it, gets that space as a token of its own.
    ``starts`` and ``ends`` are spaCy's tokens, which with their trailing spaces cover the whole text.
    """
    n = len(starts)
    cut_starts, cut_ends = token_cuts(starts, ends, spans)
    if not cut_starts and not cut_ends:
        return None
    points = sorted(cut_starts | cut_ends)
    tokens: list[tuple[int, int, bool]] = []
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        space = (starts[i + 1] if i + 1 < n else len(text)) > end
        inner = points[bisect_right(points, start) : bisect_left(points, end)]
        edges = [start, *inner, end]
        tokens.extend((a, b, False) for a, b in zip(edges[:-2], edges[1:-1], strict=True))
        if space and (end in cut_starts or end + 1 in cut_ends):
            tokens.extend(((edges[-2], end, False), (end, end + 1, False)))
        else:
            tokens.append((edges[-2], end, space))
    return tokens


def token_dicts(text: str, tokens: Iterable[tuple[int, int, bool]]) -> list[dict[str, Any]]:
    """Prodigy's token list for (start, end, ws) tokens of ``text``."""
    return [
        {"text": text[start:end], "start": start, "end": end, "id": i, "ws": ws}
        for i, (start, end, ws) in enumerate(tokens)
    ]


def span_offsets(quotes: Iterable[Quote]) -> list[tuple[int, int]]:
    """Every span the quotes export: their own, their speakers' and their cues'."""
    spans = []
    for quote in quotes:
        spans.append((quote.start, quote.end))
        spans.extend(span for span in (quote.speaker_span, quote.cue_span) if span is not None)
    return spans


class _TokenLocator:
    """Finds the tokens a character span touches, with :func:`token_range`."""

    def __init__(self, tokens: list[dict[str, Any]]) -> None:
        self._starts = [t["start"] for t in tokens]
        self._ends = [t["end"] for t in tokens]

    def __call__(self, start: int, end: int) -> tuple[int, int]:
        """(token_start, token_end) of the tokens ``start:end`` overlaps."""
        return token_range(self._starts, self._ends, start, end)
