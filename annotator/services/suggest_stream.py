"""Suggestions for a long article piece by piece, each piece's as soon as it is parsed.

A long article is cut between paragraphs into pieces that are parsed one after the other. Each piece's
rules run on the piece plus a few paragraphs before it (the context), so that "she said" at the top of a
piece finds the person named just before it and a quote running across the cut is seen whole. Before
the context go the names of people met earlier in the article (the last few, and those sharing a word
with the piece), one per line, so that "Vey said" far down still reads as "Paul Vey". Running the rules
piece by piece keeps their cost linear in the article's length: over one whole 300 KB Doc they take
longer than parsing it.

Offsets in every :class:`Piece` are into the whole article text. Pieces arrive in text order; a piece
replaces whatever earlier pieces suggested from its ``replace_from`` on (only a quote crossing the cut
moves it before the piece's own start), so :func:`merge` rebuilds the article's list at any moment.
Nothing here knows of Qt or processes: the window's worker process and its thread fallback both use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from annotator.core.model import Label, Speaker, Suggestion

if TYPE_CHECKING:  # spaCy loads only where suggestions are computed
    from spacy.tokens import Doc

    from annotator.nlp.suggest import Suggester

# An article up to this long is one piece, suggested exactly as `annotator suggest` does.
PIECE_CHARS = 12_000
# The first piece of a long article is smaller, so its suggestions show within a second or two.
FIRST_PIECE_CHARS = 4_000
# Text before a piece (whole paragraphs) its rules see: pronouns, split and multi-paragraph quotes.
CONTEXT_CHARS = 4_000
# People named before a piece that its rules are always shown, however far back: the latest few.
RECENT_PEOPLE = 3
# A piece is parsed in runs of whole paragraphs of about this length, joined back into one Doc. Some of
# spaCy's steps (the attribute ruler's Matcher) hold the GIL for one Doc at a time, growing faster than
# its length: ~120 ms on a 12,000-character Doc, ~14 ms on 2,000 characters. In the window's thread
# backend that hold is a frozen window; shorter Docs also parse a little faster in all.
PARSE_CHARS = 2_000
# Characters before a run parsed with it (and dropped after), so its first words have their context.
LEAD_CHARS = 100
_MARKS = "\"'“”‘’«»„‹›"


@dataclass
class Piece:
    """The suggestions of one parsed piece, and how far the article is done."""

    replace_from: int  # suggestions starting here or later are replaced by these
    suggestions: list[Suggestion]
    done: int  # characters of the article parsed so far
    total: int  # characters in the article


def cuts(text: str, size: int = PIECE_CHARS, first: int = FIRST_PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces covering ``text``, cut after a line break where one is near.

    A text of at most ``size`` characters is one piece. Otherwise the first piece is about ``first``
    characters and the others about ``size``; a cut falls after a line break in the second half of the
    allowance, else after a space, else anywhere.
    """
    if len(text) <= size:
        return [(0, len(text))]
    out, start, limit = [], 0, first
    while len(text) - start > limit:
        end = start + limit
        half = start + limit // 2
        cut = text.rfind("\n", half, end) + 1 or text.rfind(" ", half, end) + 1 or end
        out.append((start, cut))
        start, limit = cut, size
    out.append((start, len(text)))
    return out


def merge(current: list[Suggestion], piece: Piece) -> list[Suggestion]:
    """The article's suggestions once ``piece`` has arrived, in text order."""
    return [s for s in current if s.start < piece.replace_from] + piece.suggestions


def stream(
    suggester: Suggester,
    text: str,
    topics: Sequence[Label] = (),
    registry: Sequence[Speaker] = (),
    size: int = PIECE_CHARS,
    first: int = FIRST_PIECE_CHARS,
    context: int = CONTEXT_CHARS,
    enrich: Callable[[str, list[Suggestion]], list[Suggestion]] | None = None,
    run: int = PARSE_CHARS,
) -> Iterator[Piece]:
    """Parse ``text`` piece by piece and yield each piece's suggestions; stop iterating to cancel.

    ``enrich(text, suggestions)`` (the project's trained classifiers) runs on each piece's suggestions.
    """
    spans = cuts(text, size, first)
    if len(spans) == 1:
        found = suggester.suggest(text, topics, registry)
        yield Piece(0, enrich(text, found) if enrich else found, len(text), len(text))
        return
    from spacy.tokens import Doc

    docs = parsed(suggester.nlp, text, spans, run)
    previous: Doc | None = None
    people = _People()
    for (start, end), doc in zip(spans, docs, strict=True):
        ctx_start, whole = _with_context(previous, doc, text, start, context, Doc)
        names = people.prelude(suggester.nlp, text[start:end], Doc)
        if names is not None:
            try:
                whole = Doc.from_docs([names, whole], ensure_whitespace=False)
            except ValueError:  # a pipeline whose Docs do not join (annotations differ): no names before
                names = None
        shift = ctx_start - (len(names.text) if names is not None else 0)
        found = suggester.from_doc(whole, topics, registry)
        # Only what reaches into this piece is news: the context's own quotes came with the last piece.
        if names is not None:  # a speaker read from a name before the context: its mention in the article
            found = [people.placed(s, names.text, shift) for s in found]
        kept = [_shifted(s, shift) for s in found if shift + s.start >= ctx_start and shift + s.end > start]
        replace_from = min([start] + [s.start for s in kept])
        if enrich:
            kept = enrich(text, kept)
        yield Piece(replace_from, kept, end, len(text))
        people.add(doc, start)
        previous = doc


def paragraph_runs(text: str, start: int, end: int, size: int = PARSE_CHARS) -> list[tuple[int, int]]:
    """(start, end) of runs of whole paragraphs covering ``text[start:end]``, each about ``size`` long.

    A run ends after a line break (and any blank lines after it) at or before ``size`` characters, else
    at the first one after; a paragraph longer than ``size`` is one run, never cut inside a sentence.
    """
    out = []
    while end - start > size:
        at = text.rfind("\n", start, start + size)
        if at < 0:
            at = text.find("\n", start + size, end)
        cut = at + 1
        while 0 < cut < end and text[cut].isspace():
            cut += 1  # blank lines stay one token, as in the whole text, and a run starts at a word
        if at < 0 or cut >= end:
            break
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def parsed(nlp, text: str, spans: Sequence[tuple[int, int]], size: int = PARSE_CHARS) -> Iterator[Doc]:
    """Each span's Doc, in order, parsed as runs of paragraphs (:func:`paragraph_runs`) joined into one.

    Each run is parsed behind the last words before it (:data:`LEAD_CHARS`), then cut from them: a name
    opening a Doc is often not seen whole ("Pavel Tanaka said" found "Tanaka"), but spaCy's small models
    look a few words either way, so with a lead a run is parsed as it would be within the whole text.
    """
    from spacy.tokens import Doc

    runs = [paragraph_runs(text, a, b, size) for a, b in spans]
    leads = {a: _lead(text, a) for piece in runs for a, _ in piece}
    docs = nlp.pipe((text[leads[a] : b] for piece in runs for a, b in piece), batch_size=1)
    for piece in runs:
        parts = [_without_lead(nlp, next(docs), text, a, b, leads[a]) for a, b in piece]
        yield parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)


def _lead(text: str, start: int) -> int:
    """Where the words parsed before a run starting at ``start`` begin (``start``: none)."""
    if start == 0 or not text[start - 1].isspace():
        return start  # a cut inside a word (a text without spaces): the run's first token is its own
    word = text.rfind(" ", 0, start - LEAD_CHARS) + 1
    return max(word, start - 2 * LEAD_CHARS, 0)


def _without_lead(nlp, doc: Doc, text: str, start: int, end: int, lead: int) -> Doc:
    """The run's own part of a Doc parsed with a lead."""
    if lead == start:
        return doc
    at = start - lead
    first = next((t.i for t in doc if t.idx >= at), None)
    if first is None or doc[first].idx != at:
        return nlp(text[start:end])  # the lead's last token ran into the run: parse it alone instead
    return doc[first:].as_doc()


def _with_context(previous: Doc | None, doc: Doc, text: str, start: int, context: int, doc_type) -> tuple[int, Doc]:
    """The piece's Doc behind the last paragraphs of the previous piece (at most ``context`` characters)."""
    if previous is None or context <= 0:
        return start, doc
    base = start - len(previous.text)
    # The context starts at a paragraph: a line break within the allowance, else the allowance's edge.
    line = text.find("\n", max(base, start - context), start)
    from_char = line + 1 if 0 <= line < start - 1 else max(base, start - context)
    first_token = next((t.i for t in previous if base + t.idx >= from_char), None)
    if first_token is None:
        return start, doc
    tail = previous[first_token:].as_doc()
    ctx_start = base + previous[first_token].idx
    whole = doc_type.from_docs([tail, doc], ensure_whitespace=False)
    if whole.text != text[ctx_start : start + len(doc.text)]:
        return start, doc  # a Doc that would not line up with the article: no context rather than bad offsets
    return ctx_start, whole


class _People:
    """Person names of the pieces parsed so far, latest mention last, each with where it was last written."""

    def __init__(self) -> None:
        # An ordered map: re-adding a name moves it to the end. Spans are article offsets.
        self._names: dict[str, tuple[int, int]] = {}

    def add(self, doc: Doc, offset: int) -> None:
        """Remember the people a parsed piece (starting at ``offset`` in the article) names."""
        for ent in doc.ents:
            # A name with a quotation mark or apostrophe could pair with a mark of the piece as a quote.
            if ent.label_ == "PERSON" and "\n" not in ent.text and not any(m in ent.text for m in _MARKS):
                self._names.pop(ent.text, None)
                self._names[ent.text] = (offset + ent.start_char, offset + ent.end_char)

    def placed(self, s: Suggestion, prelude: str, shift: int) -> Suggestion:
        """``s`` with a speaker mention in the names before the context moved to that name's place in the
        article, less ``shift`` (added back with the piece's other offsets); other suggestions as given."""
        if s.speaker_span is None or s.speaker_span[1] > len(prelude):
            return s
        line_start = prelude.rfind("\n", 0, s.speaker_span[0]) + 1
        found = self._names.get(prelude[line_start : prelude.find("\n", line_start)])
        if found is None:
            return replace(s, speaker_span=None)
        return replace(s, speaker_span=(found[0] - shift, found[1] - shift))

    def prelude(self, nlp, piece: str, doc_type) -> Doc | None:
        """A Doc of the names worth showing a piece's rules, one per line, each a PERSON; None if none."""
        from annotator.nlp.speakers import normalise

        words = set(normalise(piece))
        names = list(self._names)
        recent = set(names[-RECENT_PEOPLE:])
        chosen = [n for n in names if n in recent or (normalise(n) or [""])[-1] in words]
        if not chosen:
            return None
        doc = nlp("\n".join(chosen) + "\n")
        spans, at = [], 0
        for name in chosen:
            span = doc.char_span(at, at + len(name), label="PERSON")
            if span is not None:
                spans.append(span)
            at += len(name) + 1
        doc.ents = spans
        return doc


def _shifted(s: Suggestion, by: int) -> Suggestion:
    """A suggestion of a piece with offsets into the whole article."""
    if not by:
        return s
    return replace(
        s, start=s.start + by, end=s.end + by,
        speaker_span=(s.speaker_span[0] + by, s.speaker_span[1] + by) if s.speaker_span else None,
        cue_span=(s.cue_span[0] + by, s.cue_span[1] + by) if s.cue_span else None,
    )
