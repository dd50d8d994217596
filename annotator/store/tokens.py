"""The token cache: each article's export tokens, computed once per tokenizer (texts never change).

A token list's JSON is the same few bytes around every token (its keys, its whitespace flag as
``true``/``false``) with the token's text and numbers (start, end, id) between them. The cache keeps only
what differs: the texts as JSON strings, each followed by a byte for its whitespace flag (0 or 1: JSON
escapes control characters, so no text holds one), and the bounds as start deltas and lengths of as few
bytes as the largest needs, both zlib-compressed: about half the article text (three quarters when the
JSON around the texts was kept too). The JSON comes back by replacing those bytes with what lies between
two tokens and splitting there, then putting the numbers back (:func:`assemble`): a few operations per
article, all in C. Packing a first export's tokens is as quick: a join of the texts with their flags.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import zlib
from collections.abc import Sequence

import numpy

from annotator.core.model import Tokens
from annotator.store.project import Project, ProjectError

# The numbers of one token in Prodigy's token JSON; inside a JSON string a quote is escaped, so a token's
# text never matches. What lies between matches holds no NUL (JSON escapes control characters).
_NUMBERS = re.compile(rb', "start": \d+, "end": \d+, "id": \d+')
_LEVEL = 1  # zlib: level 6 stores a sixth less but compresses three times slower (a first export waits)
# What lies around the tokens' texts and numbers: before the first token, between two (the first one's
# whitespace flag, then the next one's text key), after the last.
OPEN = b'[{"text": '
BETWEEN = (b', "ws": false}, {"text": ', b', "ws": true}, {"text": ')
CLOSING = (b', "ws": false}]', b', "ws": true}]')
FLAG_BYTES = (b"\x00", b"\x01")  # a whitespace flag in the cache, after its token's text


def pack(tokens: Tokens) -> tuple[bytes, bytes]:
    """(the texts with their whitespace flags, the bounds), each compressed, as the cache keeps them."""
    if not tokens.starts:
        return pack_columns(b"", numpy.zeros(0, numpy.int64), numpy.zeros(0, numpy.int64))
    joined = b"\x00".join(parts_of(tokens)[0::PER_TOKEN])  # the pieces between the numbers, NUL-joined
    # Each NUL, with what lies between two tokens after it, becomes the first token's flag byte.
    for flag in (0, 1):
        joined = joined.replace(b"\x00" + BETWEEN[flag], FLAG_BYTES[flag])
    last = joined.rindex(b"\x00")
    texts = joined[len(OPEN) : last] + FLAG_BYTES[joined[last + 1 :] == CLOSING[1]]
    starts = numpy.array(tokens.starts, numpy.int64)
    return pack_columns(texts, starts, numpy.array(tokens.ends, numpy.int64) - starts)


def pack_columns(texts: bytes, starts: numpy.ndarray, lengths: numpy.ndarray) -> tuple[bytes, bytes]:
    """As :func:`pack`, from the texts each followed by its flag byte, and the starts and lengths (int64)."""
    values = numpy.concatenate((numpy.diff(starts, prepend=0), lengths))
    # As few bytes a number as the largest needs (a byte, almost always: gaps and tokens are short), so
    # there is less to compress; the width first. Little-endian: a project moves between machines.
    width = _width(int(values.max(initial=0)))
    bounds = _WIDTHS[width].to_bytes(1, "little") + values.astype(width).tobytes()
    return zlib.compress(texts, _LEVEL), zlib.compress(bounds, _LEVEL)


_WIDTHS = {"<u1": 1, "<u2": 2, "<u4": 4}
_DTYPES = {size: dtype for dtype, size in _WIDTHS.items()}


def _width(largest: int) -> str:
    """The numpy type of the fewest bytes that holds ``largest``."""
    return "<u1" if largest < 1 << 8 else "<u2" if largest < 1 << 16 else "<u4"


def pieces_of(texts: bytes) -> list[bytes]:
    """What lies between the numbers of a token list (:func:`assemble`'s ``pieces``), from the texts each
    followed by its flag byte, as the cache keeps them."""
    if not texts:
        return [b"[]"]
    spread = OPEN + texts[:-1]
    for flag in (0, 1):  # NUL first: the pieces put in carry NULs, never a flag byte
        spread = spread.replace(FLAG_BYTES[flag], b"\x00" + BETWEEN[flag])
    pieces = spread.split(b"\x00")
    pieces.append(CLOSING[texts[-1]])
    return pieces


def unpack(packed: tuple[bytes, bytes]) -> Tokens:
    """The Tokens that :func:`pack` packed into ``packed`` (as :func:`packed_tokens` gives them)."""
    texts_blob, bounds_blob = packed
    bounds = zlib.decompress(bounds_blob)
    size = bounds[0]
    n = (len(bounds) - 1) // (2 * size)
    # numpy sums the deltas and makes the ints of a whole column at once: half the time of doing it in
    # Python, where every token's start and end was an addition of its own.
    values = numpy.frombuffer(bounds, _DTYPES[size], 2 * n, 1).astype(numpy.int64)
    starts = numpy.cumsum(values[:n])
    ends = (starts + values[n:]).tolist()
    return assemble(pieces_of(zlib.decompress(texts_blob)), starts.tolist(), ends)


PER_TOKEN = 4  # parts of a token in what assemble lays out


def assemble(pieces: list[bytes], starts: list[int], ends: list[int]) -> Tokens:
    """Tokens whose JSON is ``pieces`` with each token's numbers put back between them.

    ``pieces`` are what lies between the numbers: ``[{"text": T0``, then ``, "ws": W}, {"text": T`` for each
    further token, then ``, "ws": W}]`` (``[]`` alone for no token). The parts are laid out PER_TOKEN a
    token: the piece before it, ``, "start": S, "end": ``, ``E, "id": ``, and its id; the last piece closes
    the list.
    """
    n = len(starts)
    # Numbers as bytes from tables (list lookups in C) rather than formatted one by one, and few parts a
    # token: the whole list costs little more than decompressing its full JSON would.
    parts = [b""] * (PER_TOKEN * n + 1)
    parts[0::PER_TOKEN] = pieces
    parts[1::PER_TOKEN] = _lookup(_STARTS, b', "start": %d, "end": ', starts)
    parts[2::PER_TOKEN] = _lookup(_ENDS, b'%d, "id": ', ends)
    parts[3::PER_TOKEN] = decimals(range(n))
    return Tokens(b"".join(parts), starts, ends, parts)


def parts_of(tokens: Tokens) -> Sequence[bytes]:
    """The parts of ``tokens``' JSON as :func:`assemble` lays them out."""
    return tokens.parts or assemble(_NUMBERS.split(tokens.json), list(tokens.starts), list(tokens.ends)).parts


# Tables of numbers as bytes, grown on demand up to _MAX_DIGITS entries: an article's offsets lie below its
# length, so a longer one formats its larger numbers one by one.
_DIGITS: list[bytes] = []
_STARTS: list[bytes] = []
_ENDS: list[bytes] = []
_MAX_DIGITS = 1 << 17
_GROWING = threading.Lock()


def decimals(numbers: Sequence[int]) -> list[bytes]:
    """The decimal bytes of ``numbers`` (ascending, none negative)."""
    if isinstance(numbers, range) and numbers and numbers.stop <= min(len(_DIGITS), _MAX_DIGITS):
        return _DIGITS[numbers.start : numbers.stop]
    return _lookup(_DIGITS, b"%d", numbers)


def _lookup(table: list[bytes], template: bytes, numbers: Sequence[int]) -> list[bytes]:
    """``template % number`` for each of ``numbers`` (ascending, none negative), from ``table``."""
    if not numbers:
        return []
    top = numbers[-1] + 1
    if len(table) < top <= _MAX_DIGITS:
        with _GROWING:  # two exports on two threads must not both append the same numbers
            size = len(table)
            table.extend([template % i for i in range(size, min(max(top, 2 * size), _MAX_DIGITS))])
    if top <= min(len(table), _MAX_DIGITS):
        return list(map(table.__getitem__, numbers))
    return list(map(template.__mod__, numbers))


def cached_tokens(project: Project, tokenizer: str, article_ids: Sequence[int] | None = None) -> dict[int, Tokens]:
    """Token lists already computed with ``tokenizer``, by article id (of ``article_ids`` only, if given)."""
    return {article_id: unpack(packed) for article_id, packed in packed_tokens(project, tokenizer, article_ids).items()}


def packed_tokens(
    project: Project, tokenizer: str, article_ids: Sequence[int] | None = None
) -> dict[int, tuple[bytes, bytes]]:
    """As :func:`cached_tokens`, still packed: :func:`unpack` each when it is needed.

    An export unpacks an article's tokens just before writing its lines, while they are in the CPU's
    cache for every line that reuses them, rather than a batch of articles ahead.
    """
    query = "SELECT article_id, pieces, bounds FROM token_cache WHERE tokenizer = ?"
    if article_ids is None:
        rows = project.db.conn.execute(query, (tokenizer,))
    else:
        # Ids come as ints from the store: a JSON list is one parameter however many there are.
        rows = project.db.conn.execute(
            f"{query} AND article_id IN (SELECT value FROM json_each(?))", (tokenizer, json.dumps(list(article_ids)))
        )
    return {article_id: (pieces, bounds) for article_id, pieces, bounds in rows}


def store_tokens(project: Project, tokenizer: str, tokens: dict[int, Tokens]) -> bool:
    """Remember token lists for later exports; False when the project cannot be written now.

    The cache only saves time, so a project opened read-only, or locked by another writer, goes
    without it rather than failing the export.

    Parameters
    ----------
    tokenizer: names the tokenizer and its version; a different one never reads these back.
    tokens: by article id.
    """
    if project.read_only:
        return False
    return store_packed(project, tokenizer, {article_id: pack(t) for article_id, t in tokens.items()})


def store_packed(project: Project, tokenizer: str, packed: dict[int, tuple[bytes, bytes]]) -> bool:
    """As :func:`store_tokens`, for token lists already packed (:func:`pack`)."""
    if project.read_only:
        return False
    rows = [(article_id, tokenizer, pieces, bounds) for article_id, (pieces, bounds) in packed.items()]
    try:
        with project.atomic() as db:
            db.conn.executemany(
                "INSERT OR REPLACE INTO token_cache (article_id, tokenizer, pieces, bounds) VALUES (?, ?, ?, ?)", rows
            )
    except (sqlite3.OperationalError, ProjectError):
        # atomic() words a refused write (locked, full disk, read-only file) as a ProjectError: for a
        # cache that only saves time, each is a reason to go without it, not to fail the export.
        return False
    return True


def any_missing(project: Project, tokenizer: str) -> bool:
    """Whether some article with quotes has no tokens cached for ``tokenizer`` (an export must tokenise)."""
    # An index lookup or two per article, stopping at the first: a millisecond for 1,000 articles.
    query = """
    SELECT 1 FROM articles a WHERE EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = a.id)
    AND NOT EXISTS (SELECT 1 FROM token_cache t WHERE t.article_id = a.id AND t.tokenizer = ?) LIMIT 1
    """
    return project.db.conn.execute(query, (tokenizer,)).fetchone() is not None
