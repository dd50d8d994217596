"""Tokens cut at mid-word spans by splicing are the bytes the reference (aligned_tokens) encodes."""

from __future__ import annotations

import json

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import Tokens
from annotator.core.text import normalise
from annotator.services.token_cuts import cut_tokens
from annotator.services.writers import aligned_tokens, jsonl_line, token_dicts
from annotator.services.writers_prodigy import tokenise

NLP = spacy.blank("en")
PIECES = st.sampled_from(
    ["word", "Tehran", " ", "  ", "\n", "\n\n", "🙂", "e\u0301", "“", "”", ",", "U.S.", "don't", '"', "\\", "9.5%"]
)


@st.composite
def cases(draw):
    """A text and spans anywhere in it: mid-word, on spaces, on token edges, side by side."""
    text = normalise(draw(st.lists(PIECES, min_size=1, max_size=30).map("".join))).text
    offsets = st.integers(0, len(text))
    spans = st.tuples(offsets, offsets).map(sorted).filter(lambda s: s[0] < s[1]).map(tuple)
    return text, draw(st.lists(spans, max_size=8))


def _reference(text: str, tokens: Tokens, spans) -> bytes | None:
    cut = aligned_tokens(text, tokens.starts, tokens.ends, spans)
    return None if cut is None else jsonl_line(token_dicts(text, cut)).encode()


@settings(max_examples=300, deadline=None)
@given(cases())
def test_cut_tokens_are_the_reference_tokens(case):
    text, spans = case
    tokens = tokenise(text, NLP)
    cut = cut_tokens(text, tokens, spans)
    expected = _reference(text, tokens, spans)
    if cut is None:  # nothing to cut, or only between tokens: the article's own tokens are right
        assert expected is None or expected == tokens.json
    else:
        assert cut.json == expected
        items = json.loads(cut.json)
        assert list(cut.starts) == [t["start"] for t in items] and list(cut.ends) == [t["end"] for t in items]
        assert [t["id"] for t in items] == list(range(len(items)))


def test_a_mid_word_quote_splits_only_its_words_and_renumbers_the_rest():
    text = "The minister denied it flatly, and then left the room."
    tokens = tokenise(text, NLP)
    start, end = text.index("inister"), text.index("nied") + 3  # "m|inister denie|d"
    cut = cut_tokens(text, tokens, [(start, end)])
    words = [t["text"] for t in json.loads(cut.json)]
    assert words[:6] == ["The", "m", "inister", "denie", "d", "it"]
    assert json.loads(cut.json)[-1] == {"text": ".", "start": len(text) - 1, "end": len(text), "id": len(words) - 1,
                                        "ws": False}
    assert cut_tokens(text, tokens, [(text.index("minister"), text.index(" denied"))]) is None  # whole words


def test_tokens_without_their_parts_are_cut_the_same():
    text = "Iran 🙂 denied\nit, “flatly”."
    tokens = tokenise(text, NLP)
    bare = Tokens(tokens.json, tokens.starts, tokens.ends)  # as built elsewhere: no parts kept
    spans = [(1, 3), (text.index("🙂"), text.index("nied")), (len(text) - 3, len(text))]
    assert cut_tokens(text, bare, spans).json == cut_tokens(text, tokens, spans).json == _reference(text, tokens, spans)


def _row(quote, speaker=None, cue=None):
    """A QUOTE_ROW tuple with these spans (the other columns do not matter here)."""
    speaker, cue = speaker or (None, None), cue or (None, None)
    return (1, 1, 1, *quote, "direct", None, *speaker, *cue, None, None, "", "manual")


@settings(max_examples=200, deadline=None)
@given(cases())
def test_the_export_finds_the_same_cuts_from_quote_rows(case):
    from annotator.core.model import Article
    from annotator.services.exporting import _aligned
    from annotator.services.token_cuts import Edges

    text, spans = case
    tokens = tokenise(text, NLP)
    # Spans in threes: a quote, its speaker mention, its cue; the last rows may lack either mention.
    rows = [_row(*spans[i : i + 3]) for i in range(0, len(spans), 3)]
    cut = _aligned(Article(1, text, "x"), tokens, Edges(tokens), rows)
    expected = cut_tokens(text, tokens, spans)
    assert (cut is None) == (expected is None)
    if cut is not None:
        assert cut.json == expected.json == _reference(text, tokens, spans)
        assert list(cut.starts) == list(expected.starts) and list(cut.ends) == list(expected.ends)
