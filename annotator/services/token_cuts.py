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
_TOKEN = b'{"text": %s, "start": %d, "end": %d, "id": %d, "ws": %s}'


def cut_tokens(text: str, tokens: Tokens, spans: Iterable[tuple[int, int]]) -> Tokens | None:
    """``tokens`` of ``text`` with every token a span cuts split at the cut; None if no span cuts one.

    As ``writers.aligned_tokens``: a span starting on a token's trailing space, or ending after it,
    gets that space as a token of its own.
    """
    starts, ends = tokens.starts, tokens.ends
    cut_starts, cut_ends = token_cuts(starts, ends, spans)
    if not cut_starts and not cut_ends:
        return None
    points = sorted(cut_starts | cut_ends)
    split = _split_tokens(len(text), starts, ends, points, cut_starts, cut_ends)
    if not split:  # every cut falls between tokens: the tokens stay as they are
        return None
    return _spliced(text, tokens, split)


def _split_tokens(
    size: int, starts: Sequence[int], ends: Sequence[int], points: list[int], cut_starts: set[int], cut_ends: set[int]
) -> dict[int, list[tuple[int, int, bool]]]:
    """The tokens that are cut, by index, each with the (start, end, ws) tokens it becomes."""
    n = len(starts)
    inner: dict[int, list[int]] = {}  # the cuts inside each token, in order
    for point in points:
        i = bisect_right(starts, point) - 1
        if i >= 0 and starts[i] < point < ends[i]:
            if i in inner:
                inner[i].append(point)
            else:
                inner[i] = [point]
    # A span starting on a token's trailing space, or ending just after it, makes that space a token.
    spaced_out = set()
    for point in [*cut_starts, *(p - 1 for p in cut_ends)]:
        i = bisect_left(ends, point)
        if i < n and ends[i] == point and (starts[i + 1] if i + 1 < n else size) > point:
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
    runs: list[tuple[int, int]] = []  # consecutive split tokens share the piece between them: one run
    for i in sorted(split):
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    first = runs[0][0]
    out = parts[: PER_TOKEN * first]  # before the first cut nothing moves
    new_starts, new_ends = starts[:first], ends[:first]
    shift = 0
    encode, token = encode_basestring, _TOKEN.__mod__
    for number, (run_start, run_end) in enumerate(runs):
        if run_start == run_end:
            pieces = split[run_start]
        else:
            pieces = [piece for i in range(run_start, run_end + 1) for piece in split[i]]
        at = run_start + shift
        encoded = [
            token((encode(text[a:b]).encode(), a, b, at + k, b"true" if ws else b"false"))
            for k, (a, b, ws) in enumerate(pieces)
        ]
        before = parts[PER_TOKEN * run_start]  # the previous token's "ws", then this token's text
        if run_end == n - 1:
            closing = b"]"
        else:
            after = parts[PER_TOKEN * (run_end + 1)]  # the run's last "ws" (written above), the next token's text
            closing = b", " + after[after.index(_TEXT_KEY) :]
        out.append(before[: before.index(_TEXT_KEY)] + b", ".join(encoded) + closing)
        for a, b, _ in pieces:
            new_starts.append(a)
            new_ends.append(b)
        shift += len(pieces) - (run_end - run_start + 1)
        # The tokens up to the next run: their parts after the next token's piece, ids shifted.
        until = runs[number + 1][0] if number + 1 < len(runs) else n
        if until > run_end + 1:
            kept = parts[PER_TOKEN * run_end + PER_TOKEN + 1 : PER_TOKEN * until if until < n else None]
            if shift:
                kept[PER_TOKEN - 2 :: PER_TOKEN] = decimals(range(run_end + 1 + shift, until + shift))
            out += kept
            new_starts += starts[run_end + 1 : until]
            new_ends += ends[run_end + 1 : until]
    return Tokens(b"".join(out), new_starts, new_ends)
