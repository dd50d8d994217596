"""Prodigy JSONL lines straight from store rows: the path a project's JSONL export takes.

``writers.prodigy_record`` builds a record from Quote objects and json.dumps it: clear, and the reference
for the format, but for 100,000 quotes that was most of an export's time. Here a line is written in
pieces: an article's text and metadata once for all its annotators (orjson), its tokens' JSON from the
project's token cache (``tokenise`` makes what the store caches), then each annotator's spans, relations
and hashes from plain rows (orjson). The tests compare these lines, parsed, with ``prodigy_record``'s."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from json.encoder import encode_basestring  # json.dumps's own encoder for str when ensure_ascii=False
from typing import TYPE_CHECKING

import numpy
import orjson

from annotator.core.model import Article, Tokens
from annotator.services.writers import (
    CUE,
    QUOTE,
    RELATION_LABELS,
    SPEAKER,
    VIEW_ID,
    article_meta,
    session_id,
    stable_hash,
    token_range,
)
from annotator.store.tokens import FLAG_BYTES, assemble, pack_columns, pieces_of

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.vocab import Vocab


_MAX_STRINGS = 200_000


class JsonBytes(dict):
    """JSON text of a token's text as UTF-8, by its spaCy ORTH hash, computed on first use and remembered.

    Token texts recur across articles. The hash is the same for a text in any pipeline; a text missing
    here is looked up in the vocabulary of the pipeline that just tokenised it (:attr:`vocab`).
    """

    vocab: Vocab

    def __init__(self) -> None:
        super().__init__()
        self.chunks: set[str] = set()  # the whitespace-separated chunks :func:`tokenise` has cached

    def __missing__(self, orth: int) -> bytes:
        if len(self) >= _MAX_STRINGS:  # a corpus's vocabulary keeps growing: memory must not
            self.clear()
        encoded = self[orth] = encode_basestring(self.vocab.strings[orth]).encode()
        return encoded


def tokenise(text: str, nlp: Language, strings: JsonBytes | None = None) -> Tokens:
    """An article's tokens: ``jsonl_line(writers.tokens_of(text, nlp))`` as UTF-8, with offsets.

    ``strings`` remembers encoded token texts across articles (most words recur).
    """
    return tokenise_packed(text, nlp, strings)[0]


def tokenise_packed(text: str, nlp: Language, strings: JsonBytes | None = None) -> tuple[Tokens, tuple[bytes, bytes]]:
    """As :func:`tokenise`, with the tokens packed as the token cache keeps them (``store.tokens.pack``)."""
    from spacy.attrs import IDX, LENGTH, ORTH, SPACY

    strings = JsonBytes() if strings is None else strings
    # spaCy's tokenizer stops adding to its cache for the rest of a text at the first special case, and
    # a newline is one: a paragraphed article was tokenised almost without the cache, about ten times
    # slower. So each chunk not met before is tokenised alone first, which caches it (a special case
    # among them stops nothing else). Tokenising every article's words once more to warm the cache
    # took as long as the tokenising itself; most chunks recur, so few are new after the first
    # articles. The cache only remembers how each chunk splits, so the tokens do not change.
    # The tokenizer itself, not make_doc: tokenising needs no parser's memory, so no length limit.
    new = set(text.split())
    new.difference_update(strings.chunks)
    if new:
        if len(strings.chunks) >= _MAX_STRINGS:
            strings.chunks.clear()
        strings.chunks |= new
        for chunk in new:
            nlp.tokenizer(chunk)
    # Whole columns at once, and the JSON from them with maps, joins and splits (loops in C): a Token
    # object per token, or a formatted string per token, costs more than the tokenizer itself. The
    # texts joined with their flags are what the cache keeps; the JSON's pieces come from that join.
    columns = nlp.tokenizer(text).to_array([IDX, LENGTH, SPACY, ORTH])
    starts = columns[:, 0].astype(numpy.int64)
    lengths = columns[:, 1].astype(numpy.int64)
    strings.vocab = nlp.vocab
    flagged = [b""] * (2 * len(starts))
    flagged[0::2] = map(strings.__getitem__, columns[:, 3].tolist())  # by hash: slicing the text took longer
    flagged[1::2] = map(FLAG_BYTES.__getitem__, columns[:, 2].tolist())
    texts = b"".join(flagged)
    tokens = assemble(pieces_of(texts), starts.tolist(), (starts + lengths).tolist())
    return tokens, pack_columns(texts, starts, lengths)


class ProdigyLines:
    """Formats the lines of one export.

    Each line is :meth:`head` (the same for all of an article's lines), the tokens' JSON, then :meth:`tail`; set
    :attr:`topics` to the topics of the quotes before their lines are written.
    """

    def __init__(self, speakers: dict[int, str], claims: dict[int, str]) -> None:
        self._speakers: dict[int | None, str | None] = {None: None, **speakers}
        self._claims: dict[int | None, str | None] = {None: None, **claims}
        self.topics: dict[int, tuple[str, ...]] = {}
        self._hashed: tuple[int | None, int] = (None, 0)  # (article id, its input hash)

    def head(self, article: Article) -> bytes:
        """The start of every line of ``article``: text and metadata, up to the tokens' JSON.

        The tokens follow (the article's own, or cut to fit a mid-word span: they differ by line), then
        :meth:`tail`.
        """
        return orjson.dumps({"text": article.text, "meta": article_meta(article)})[:-1] + b',"tokens":'

    def tail(self, article: Article, tokens: Tokens, annotator: str, rows: Sequence[tuple]) -> bytes:
        """The rest of the line of ``annotator`` after the tokens: spans, relations, hashes, newline.

        ``rows`` are that annotator's rows of the article (QUOTE_ROW columns), in the table's order.
        """
        text, starts, ends = article.text, tokens.starts, tokens.ends
        speakers, claims, topics = self._speakers, self._claims, self.topics
        last = max(len(starts) - 1, 0)
        spans: list[dict] = []
        relations: list[dict] = []
        task: list[str] = []  # the task hash's input, as json.dumps writes it (the hash must not change)
        links: list[str] = []
        mentions: dict[tuple[int, int, str], dict] = {}  # SPEAKER/CUE spans, shared by the quotes naming them
        for row in rows:
            (_, _, id_, start, end, kind, speaker_id, speaker_start, speaker_end, cue_start, cue_end, stance,
             claim_id, note, origin) = row
            # writers.token_range, inlined: it runs for every quote.
            first = bisect_right(ends, start)
            if first > last:
                first = last
            final = bisect_left(starts, end) - 1
            if final < first:
                final = first
            elif final > last:
                final = last
            spans.append({
                "start": start, "end": end, "token_start": first, "token_end": final, "label": QUOTE,
                "text": text[start:end], "kind": kind, "speaker": speakers[speaker_id], "stance": stance,
                "claim": claims[claim_id], "topics": topics.get(id_, ()), "note": note, "origin": origin, "id": id_,
            })
            task.append(f'[{start}, {end}, "QUOTE"]')
            if speaker_start is None and cue_start is None:  # most quotes name no mention
                continue
            quote = {"start": start, "end": end, "token_start": first, "token_end": final, "label": QUOTE}
            for label, mention in ((SPEAKER, (speaker_start, speaker_end)), (CUE, (cue_start, cue_end))):
                if mention[0] is None or mention[1] is None:
                    continue
                key = (*mention, label)
                if key not in mentions:
                    token_start, token_end = token_range(starts, ends, *mention)
                    mentions[key] = {"start": mention[0], "end": mention[1], "token_start": token_start,
                                     "token_end": token_end, "label": label}
                head = mentions[key]
                relation = RELATION_LABELS[label]
                relations.append({"head": head["token_end"], "child": final, "head_span": head, "child_span": quote,
                                  "label": relation})
                links.append(f'[{mention[0]}, {start}, "{relation}"]')
        for key in sorted(mentions):
            spans.append({**mentions[key], "text": text[key[0] : key[1]]})
            task.append(f'[{key[0]}, {key[1]}, "{key[2]}"]')
        input_hash = self._input_hash(article)
        task_hash = stable_hash(f"[{input_hash}, [{', '.join(task)}], [{', '.join(links)}], {encode_basestring(annotator)}]")
        line = orjson.dumps({
            "spans": spans, "relations": relations, "answer": "accept", "_annotator_id": annotator,
            "_session_id": session_id(annotator), "_view_id": VIEW_ID, "_input_hash": input_hash,
            "_task_hash": task_hash,
        })
        return b"," + line[1:] + b"\n"

    def _input_hash(self, article: Article) -> int:
        # Every annotator's line of an article carries the same hash of its text: compute it once.
        if self._hashed[0] != article.id:
            self._hashed = (article.id, stable_hash(article.text))
        return self._hashed[1]
