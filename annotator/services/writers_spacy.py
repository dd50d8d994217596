"""Turn one article's quotes by one annotator into a spaCy ``Doc`` for a ``DocBin`` (.spacy) export.

Quotes go in ``doc.spans["quotes"]`` (label QUOTE), their speaker and cue mentions in
``doc.spans["speakers"]`` and ``doc.spans["cues"]``. Tokens are split where a span cuts one (a mid-word
quote), so every span is exact; the offsets and every tag are kept in ``doc.user_data`` too (plain str keys and JSON-like
values, which survive ``DocBin(store_user_data=True)``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotator.core.model import Article, Quote
from annotator.services.writers import aligned_tokens, article_meta, quote_fields, span_offsets

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

QUOTES_KEY, SPEAKERS_KEY, CUES_KEY = "quotes", "speakers", "cues"


def tokenised(text: str, nlp: Language) -> Doc:
    """``text`` through the tokenizer alone (not make_doc: a text over nlp.max_length tokenises as well)."""
    # As in writers_prodigy.tokenise: the same words without line breaks fill the tokenizer's cache
    # first, which a paragraphed text alone would not; several times quicker, same tokens.
    nlp.tokenizer(" ".join(text.split()))
    return nlp.tokenizer(text)


def spacy_doc(
    article: Article, annotator: str, quotes: list[Quote] | tuple[Quote, ...], nlp: Language, tokens: Doc | None = None
) -> Doc:
    """A tokenised Doc holding the quotes as span groups and their full tags in ``user_data``.

    ``tokens``, the article's :func:`tokenised` text, is copied instead of tokenising again (one
    article's docs of several annotators).
    """
    doc = tokens.copy() if tokens is not None else tokenised(article.text, nlp)
    ordered = sorted(quotes, key=lambda q: (q.start, q.end, q.id if q.id is not None else -1))
    text = article.text  # doc.text is rebuilt on every access: never inside a loop
    cut = aligned_tokens(text, [t.idx for t in doc], [t.idx + len(t) for t in doc], span_offsets(ordered))
    if cut is not None:  # a mid-word quote: tokens split at its edges, so its span is exact
        from spacy.tokens import Doc

        doc = Doc(doc.vocab, words=[text[a:b] for a, b, _ in cut], spaces=[ws for _, _, ws in cut])
    groups: dict[str, list] = {QUOTES_KEY: [], SPEAKERS_KEY: [], CUES_KEY: []}
    seen: set[tuple[str, int, int]] = set()
    records = []
    for quote in ordered:
        for key, label, offsets in (
            (QUOTES_KEY, "QUOTE", (quote.start, quote.end)),
            (SPEAKERS_KEY, "SPEAKER", quote.speaker_span),
            (CUES_KEY, "CUE", quote.cue_span),
        ):
            if offsets is None or (key != QUOTES_KEY and (key, *offsets) in seen):
                continue
            seen.add((key, *offsets))
            span = doc.char_span(offsets[0], offsets[1], label=label, alignment_mode="expand")
            if span is not None:  # None only for a span lying wholly in whitespace between tokens
                groups[key].append(span)
        records.append(
            {
                "id": quote.id,
                "start": quote.start,
                "end": quote.end,
                "speaker_span": list(quote.speaker_span) if quote.speaker_span else None,
                "cue_span": list(quote.cue_span) if quote.cue_span else None,
                **quote_fields(quote),
            }
        )
    for key, spans in groups.items():
        doc.spans[key] = spans
    doc.user_data["meta"] = article_meta(article)
    doc.user_data["annotator"] = annotator
    doc.user_data[QUOTES_KEY] = records
    return doc


def quotes_from_doc(doc: Doc) -> list[Quote]:
    """The quotes a ``spacy_doc`` stored, read back from ``user_data`` with exact offsets."""
    annotator = doc.user_data.get("annotator", "")
    quotes = []
    for record in doc.user_data.get(QUOTES_KEY, []):
        quotes.append(
            Quote(
                id=None,
                article_id=None,
                start=record["start"],
                end=record["end"],
                annotator=annotator,
                kind=record["kind"],
                speaker=record["speaker"],
                speaker_span=_pair(record["speaker_span"]),
                cue_span=_pair(record["cue_span"]),
                stance=record["stance"],
                claim=record["claim"],
                topics=tuple(record["topics"]),
                note=record["note"],
                origin=record["origin"],
            )
        )
    return quotes


def _pair(value: Any) -> tuple[int, int] | None:
    """A [start, end] list (msgpack turns tuples into lists) back into a tuple."""
    return (value[0], value[1]) if value else None
