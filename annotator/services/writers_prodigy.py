"""Prodigy JSONL lines formatted straight from store rows: the path a project's JSONL export takes.

``writers.prodigy_record`` builds a record from Quote objects and dicts and json.dumps it: clear, and the
reference for the format, but for 100,000 quotes that was most of an export's time. Here the same bytes
come from string templates: values that repeat across quotes (labels, names, claims, topic lists) are
encoded once per export; an article's text, metadata and tokens once for all its annotators, and the
tokens once per project (the store caches what ``tokenise`` gives). The tests compare these lines with
``jsonl_line(prodigy_record(...))`` byte for byte.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from json.encoder import encode_basestring  # json.dumps's own encoder for str when ensure_ascii=False
from operator import add
from typing import TYPE_CHECKING

from annotator.core.model import Article, Tokens
from annotator.services.writers import (
    CUE,
    QUOTE,
    RELATION_LABELS,
    SPEAKER,
    VIEW_ID,
    article_meta,
    jsonl_line,
    session_id,
    stable_hash,
    token_range,
)
from annotator.store.tokens import assemble

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.vocab import Vocab


_MAX_STRINGS = 200_000


class _JsonStrings(dict):
    """JSON text of a string or None, computed on first use and remembered."""

    def __missing__(self, value: str | None) -> str:
        if len(self) >= _MAX_STRINGS:  # a corpus's vocabulary keeps growing: memory must not
            self.clear()
        encoded = self[value] = "null" if value is None else encode_basestring(value)
        return encoded


class JsonBytes(dict):
    """JSON text of a token's text as UTF-8, by its spaCy ORTH hash, computed on first use and remembered.

    Token texts recur across articles. The hash is the same for a text in any pipeline; a text missing
    here is looked up in the vocabulary of the pipeline that just tokenised it (:attr:`vocab`).
    """

    vocab: Vocab

    def __missing__(self, orth: int) -> bytes:
        if len(self) >= _MAX_STRINGS:
            self.clear()
        encoded = self[orth] = encode_basestring(self.vocab.strings[orth]).encode()
        return encoded


# The piece between two tokens' numbers: the first one's whitespace flag, then the next one's text.
_BETWEEN = (b', "ws": false}, {"text": ', b', "ws": true}, {"text": ')
_CLOSING = (b', "ws": false}]', b', "ws": true}]')


def tokenise(text: str, nlp: Language, strings: JsonBytes | None = None) -> Tokens:
    """An article's tokens: ``jsonl_line(writers.tokens_of(text, nlp))`` as UTF-8, with offsets.

    ``strings`` remembers encoded token texts across articles (most words recur).
    """
    from spacy.attrs import IDX, LENGTH, ORTH, SPACY

    strings = JsonBytes() if strings is None else strings
    # spaCy's tokenizer stops adding to its cache for the rest of a text at the first special case, and
    # a newline is one: a paragraphed article was tokenised almost without the cache, about ten times
    # slower. The same words joined by single spaces (no special) fill the cache first. The cache only
    # remembers how each whitespace-separated chunk splits, so the tokens do not change.
    # The tokenizer itself, not make_doc: tokenising needs no parser's memory, so no length limit.
    nlp.tokenizer(" ".join(text.split()))
    # Whole columns at once, and the JSON from them with maps (loops in C): a Token object per token, or
    # a formatted string per token, costs more than the tokenizer itself.
    starts, lengths, spaces, orths = nlp.tokenizer(text).to_array([IDX, LENGTH, SPACY, ORTH]).T.tolist()
    if not starts:
        return assemble([b"[]"], [], [])
    ends = list(map(add, starts, lengths))
    strings.vocab = nlp.vocab
    texts = list(map(strings.__getitem__, orths))  # by hash: slicing the text for each token took longer
    between = map(bytes.__add__, map(_BETWEEN.__getitem__, spaces[:-1]), texts[1:])
    return assemble([b'[{"text": ' + texts[0], *between, _CLOSING[spaces[-1]]], starts, ends)


class ProdigyLines:
    """Formats the lines of one export; values that repeat are encoded once.

    Each line is :meth:`head` (the same for all of an article's lines), the tokens' JSON, then :meth:`tail`; set
    :attr:`topics` to the topics of the quotes before their lines are written.
    """

    def __init__(self, speakers: dict[int, str], claims: dict[int, str]) -> None:
        self.strings = _JsonStrings()  # shared with tokenise: token texts repeat as well
        strings = self.strings
        self._speakers = {None: "null"} | {id_: strings[name] for id_, name in speakers.items()}
        self._claims = {None: "null"} | {id_: strings[text] for id_, text in claims.items()}
        self._lists: dict[tuple[str, ...], str] = {}  # a topic list's JSON, by its names
        self._topics: dict[int, str] = {}
        self._hashed: tuple[int | None, int] = (None, 0)  # (article id, its input hash)

    @property
    def topics(self) -> dict[int, str]:
        """The JSON topic lists of the quotes being written, by quote id."""
        return self._topics

    @topics.setter
    def topics(self, names: dict[int, tuple[str, ...]]) -> None:
        # Set per batch of articles: quotes share few topic combinations, each encoded once per export.
        lists, strings = self._lists, self.strings
        for each in set(names.values()) - lists.keys():
            lists[each] = f"[{', '.join(strings[name] for name in each)}]"
        self._topics = {quote_id: lists[each] for quote_id, each in names.items()}

    def head(self, article: Article) -> bytes:
        """The start of every line of ``article``: text and metadata, up to the tokens' JSON.

        The tokens follow (the article's own, or cut to fit a mid-word span: they differ by line), then
        :meth:`tail`.
        """
        start = jsonl_line({"text": article.text, "meta": article_meta(article)})[:-1]
        return start.encode() + b', "tokens": '

    def tail(self, article: Article, tokens: Tokens, annotator: str, rows: Sequence[tuple]) -> bytes:
        """The rest of the line of ``annotator`` after the tokens: spans, relations, hashes, newline.

        ``rows`` are that annotator's rows of the article (QUOTE_ROW columns), in the table's order.
        """
        text, starts, ends = article.text, tokens.starts, tokens.ends
        strings, speakers, claims, topic_lists = self.strings, self._speakers, self._claims, self._topics
        last = max(len(starts) - 1, 0)
        spans: list[str] = []
        relations: list[str] = []
        task: list[str] = []
        links: list[str] = []
        # SPEAKER/CUE spans, shared by the quotes that name them: (JSON left open, token_end).
        mentions: dict[tuple[int, int, str], tuple[str, int]] = {}
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
            spans.append(
                f'{{"start": {start}, "end": {end}, "token_start": {first}, "token_end": {final}, '
                f'"label": "QUOTE", "text": {encode_basestring(text[start:end])}, "kind": {strings[kind]}, '
                f'"speaker": {speakers[speaker_id]}, "stance": {strings[stance]}, '
                f'"claim": {claims[claim_id]}, "topics": {topic_lists.get(id_, "[]")}, '
                f'"note": {encode_basestring(note)}, "origin": {strings[origin]}, "id": {id_}}}'
            )
            task.append(f'[{start}, {end}, "QUOTE"]')
            if speaker_start is None and cue_start is None:  # most quotes name no mention
                continue
            quote = _span_head(start, end, first, final, QUOTE) + "}"
            for label, mention in ((SPEAKER, (speaker_start, speaker_end)), (CUE, (cue_start, cue_end))):
                if mention[0] is None or mention[1] is None:
                    continue
                key = (*mention, label)
                if key not in mentions:
                    token_start, token_end = token_range(starts, ends, *mention)
                    mentions[key] = (_span_head(*mention, token_start, token_end, label), token_end)
                head, head_end = mentions[key]
                relation = RELATION_LABELS[label]
                relations.append(
                    f'{{"head": {head_end}, "child": {final}, "head_span": {head}}}, '
                    f'"child_span": {quote}, "label": "{relation}"}}'
                )
                links.append(f'[{mention[0]}, {start}, "{relation}"]')
        for key in sorted(mentions):
            spans.append(f'{mentions[key][0]}, "text": {encode_basestring(text[key[0] : key[1]])}}}')
            task.append(f'[{key[0]}, {key[1]}, "{key[2]}"]')
        input_hash = self._input_hash(article)
        name = strings[annotator]
        task_hash = stable_hash(f"[{input_hash}, [{', '.join(task)}], [{', '.join(links)}], {name}]")
        return (
            f', "spans": [{", ".join(spans)}], "relations": [{", ".join(relations)}], "answer": "accept", '
            f'"_annotator_id": {name}, "_session_id": {strings[session_id(annotator)]}, "_view_id": "{VIEW_ID}", '
            f'"_input_hash": {input_hash}, "_task_hash": {task_hash}}}\n'
        ).encode()

    def _input_hash(self, article: Article) -> int:
        # Every annotator's line of an article carries the same hash of its text: compute it once.
        if self._hashed[0] != article.id:
            self._hashed = (article.id, stable_hash(article.text))
        return self._hashed[1]



def _span_head(start: int, end: int, token_start: int, token_end: int, label: str) -> str:
    """A span's JSON up to its label, left open for more keys."""
    return (
        f'{{"start": {start}, "end": {end}, "token_start": {token_start}, "token_end": {token_end}, '
        f'"label": "{label}"'
    )
