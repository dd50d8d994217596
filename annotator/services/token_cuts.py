"""Token lists cut at the edges of mid-word spans, spliced from an article's encoded tokens.

A quote made mid-word (Alt+Q) cuts a token, and the export splits that token so every span starts and
ends on one (``writers.aligned_tokens`` is the reference, on plain tuples). Splitting changes only the
cut tokens and the ids of the tokens after them, so instead of encoding the whole list again for such
a line, :func:`cut_tokens` copies the article's token parts (``store.tokens.assemble``'s layout),
encodes only the split tokens, and puts shifted ids into the copy: list operations in C for the rest.
The result is the same bytes that encoding ``aligned_tokens``'s tokens would give.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from json.encoder import encode_basestring  # what json.dumps uses for str with ensure_ascii=False

from annotator.core.model import Tokens
from annotator.services.writers import token_cuts
from annotator.store.tokens import PER_TOKEN, decimals, parts_of

_TEXT_KEY = b'{"text": '  # where a piece's own token begins, after the previous token's "ws"
_START, _END = b', "start": %d, "end": ', b'%d, "id": '  # a token's parts between its text and its id
_WS_BETWEEN = (b', "ws": false}, ', b', "ws": true}, ')  # a token's ending when another follows
_WS_CLOSING = (b', "ws": false}]', b', "ws": true}]')  # the last token's, closing the list


def cut_tokens(text: str, tokens: Tokens, spans: Iterable[tuple[int, int]]) -> Tokens | None:
    """``tokens`` of ``text`` with every token a span cuts split at the cut; None if no span cuts one.

    As ``writers.aligned_tokens``: a span starting on a token's trailing space, or ending after it,
    gets that space as a token of its own.
    """
    return split_at(text, tokens, *token_cuts(tokens.starts, tokens.ends, spans))


class Edges:
    """Where an article's tokens start and where they end, as sets, built once for all its lines.

    A span cuts a token when its start is not a token's start or its end not a token's end
    (``writers.token_cuts``); with these sets that is a set difference per line, in C, not two
    bisections per quote.
    """

    __slots__ = ("starts", "ends")

    def __init__(self, tokens: Tokens) -> None:
        self.starts = frozenset(tokens.starts)
        self.ends = frozenset(tokens.ends)

    def cuts(self, starts: Iterable[int], ends: Iterable[int]) -> tuple[set[int], set[int]]:
        """The ``starts`` that fall inside a token and the ``ends`` that do, as ``writers.token_cuts`` gives."""
        return set(starts).difference(self.starts), set(ends).difference(self.ends)


def split_at(
    text: str, tokens: Tokens, cut_starts: set[int], cut_ends: set[int], edges: Edges | None = None
) -> Tokens | None:
    """``tokens`` split where spans start (``cut_starts``) or end (``cut_ends``) inside them; None if none do.

    ``edges``: the tokens' :class:`Edges`, if at hand.
    """
    if not cut_starts and not cut_ends:
        return None
    starts, ends = tokens.starts, tokens.ends
    points = sorted(cut_starts | cut_ends)
    # A span starting on a token's trailing space, or ending just after it, makes that space a token:
    # the offsets that might, found by set operations; most cuts are inside words.
    token_ends = edges.ends if edges is not None else set(ends)
    after_token = token_ends.intersection(cut_starts).union(token_ends.intersection([p - 1 for p in cut_ends]))
    split = _split_tokens(len(text), starts, ends, points, after_token)
    if not split:  # every cut falls between tokens: the tokens stay as they are
        return None
    return _spliced(text, tokens, split)


def _split_tokens(
    size: int, starts: Sequence[int], ends: Sequence[int], points: list[int], after_token: set[int]
) -> dict[int, list[tuple[int, int, bool]]]:
    """The tokens that are cut, by index, each with the (start, end, ws) tokens it becomes.

    ``points`` are the offsets of the cuts, in order; ``after_token`` those of them (or one less, for an
    end) where a token ends.
    """
    n = len(starts)
    inner: dict[int, list[int]] = {}  # the cuts inside each token, in order
    for point in points:
        i = bisect_right(starts, point) - 1
        if i >= 0 and starts[i] < point < ends[i]:
            if i in inner:
                inner[i].append(point)
            else:
                inner[i] = [point]
    spaced_out = set()  # tokens whose trailing space becomes a token of its own
    for point in after_token:
        i = bisect_left(ends, point)
        if (starts[i + 1] if i + 1 < n else size) > point:
            spaced_out.add(i)
            inner.setdefault(i, [])
    split = {}
    for i in sorted(inner):
        start, end = starts[i], ends[i]
        edges = [start, *inner[i]]
        pieces = [(a, b, False) for a, b in zip(edges, edges[1:], strict=False)]
        if i in spaced_out:
            pieces += [(edges[-1], end, False), (end, end + 1, False)]
        else:
            pieces.append((edges[-1], end, (starts[i + 1] if i + 1 < n else size) > end))
        split[i] = pieces
    return split


def _spliced(text: str, tokens: Tokens, split: dict[int, list[tuple[int, int, bool]]]) -> Tokens:
    """``tokens`` with the tokens in ``split`` replaced by theirs, ids renumbered after each."""
    parts, starts, ends = parts_of(tokens), tokens.starts, tokens.ends
    n = len(starts)
    cuts = sorted(split)
    after = cuts[0]  # the first token not yet in ``out``
    # Up to the first cut token nothing changes: those tokens' JSON is copied whole, found by the first
    # cut token's start (offsets are unique, and a JSON string holds no unescaped quote, so neither key
    # can match inside a token's text). Its piece starts with the "ws" of the token before it.
    head = tokens.json[: tokens.json.rindex(b', "ws": ', 0, tokens.json.index(b'"start": %d, ' % starts[after]))
                       if after else 0]
    # From there the result keeps assemble's layout, PER_TOKEN parts a token with the id last, so every
    # id is put in by one slice assignment at the end instead of renumbering each stretch between cuts.
    out: list[bytes] = [head]
    new_starts: list[int] = list(starts[:after])
    new_ends: list[int] = list(ends[:after])
    encode, start_part, end_part = encode_basestring, _START.__mod__, _END.__mod__
    ws = False  # the whitespace flag of the last token in ``out``
    for i in cuts:
        piece = parts[PER_TOKEN * i]  # the previous token's "ws", then this token's text
        if i > after:  # unsplit tokens since the last split one: their parts as they are
            first = parts[PER_TOKEN * after]
            out.append(_WS_BETWEEN[ws] + first[first.index(_TEXT_KEY) :])
            out += parts[PER_TOKEN * after + 1 : PER_TOKEN * i]
            new_starts += starts[after:i]
            new_ends += ends[after:i]
            prefix = piece[: piece.index(_TEXT_KEY)]
        else:  # the first cut token (its own piece says what precedes it), or right after a cut one
            prefix = piece[: piece.index(_TEXT_KEY)] if i == cuts[0] else _WS_BETWEEN[ws]
        for a, b, ws in split[i]:
            out += (prefix + _TEXT_KEY + encode(text[a:b]).encode(), start_part(a), end_part(b), b"")
            new_starts.append(a)
            new_ends.append(b)
            prefix = _WS_BETWEEN[ws]
        after = i + 1
    if after < n:
        first = parts[PER_TOKEN * after]
        out.append(_WS_BETWEEN[ws] + first[first.index(_TEXT_KEY) :])
        out += parts[PER_TOKEN * after + 1 :]
        new_starts += starts[after:]
        new_ends += ends[after:]
    else:
        out.append(_WS_CLOSING[ws])
    out[PER_TOKEN :: PER_TOKEN] = decimals(range(cuts[0], len(new_starts)))  # out[0] is the head
    return Tokens(b"".join(out), new_starts, new_ends)
