"""Text normalisation on import: newlines to LF, leading BOMs dropped, offsets carried across.

Only characters are removed, never added or replaced by longer ones, so an offset on the raw text maps
to the new text by subtracting how many removed characters precede it. Nothing else is touched: no
Unicode normalisation (NFC would move offsets after combining marks) and no trimming.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from typing import NamedTuple

BOM = "\ufeff"


class OffsetMap:
    """Maps a code-point offset in the raw text to the same place in the normalised text."""

    __slots__ = ("_removed", "_raw_length")

    def __init__(self, removed: list[int], raw_length: int) -> None:
        self._removed = removed  # sorted raw indices of the characters dropped
        self._raw_length = raw_length

    def __call__(self, offset: int) -> int:
        """The normalised offset of raw ``offset`` (0..len(raw)); a removed char maps to what follows."""
        if not 0 <= offset <= self._raw_length:
            raise IndexError(f"offset {offset} outside 0..{self._raw_length}")
        return offset - bisect_left(self._removed, offset)

    @property
    def identity(self) -> bool:
        """True when nothing was removed, so offsets are unchanged."""
        return not self._removed


class Normalised(NamedTuple):
    """The normalised text and the map from raw offsets into it."""

    text: str
    offset_map: OffsetMap


def normalise(raw: str) -> Normalised:
    """Turn CRLF and lone CR into LF and drop leading BOMs, keeping an old→new offset map."""
    # Every leading BOM goes, not just one: normalising twice must change nothing, or a text exported
    # and imported again would get another hash.
    bom_length = len(raw) - len(raw.lstrip(BOM))
    removed: list[int] = list(range(bom_length))
    # The CR of a CRLF pair is the character dropped, so an offset on the LF still lands on the newline.
    index = raw.find("\r\n")
    while index != -1:
        removed.append(index)
        index = raw.find("\r\n", index + 2)
    text = raw[bom_length:].replace("\r\n", "\n").replace("\r", "\n")
    return Normalised(text, OffsetMap(removed, len(raw)))


def sha256_of(text: str) -> str:
    """Hex SHA-256 of the UTF-8 bytes of a (normalised) text: the article's identity."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def printable(text: str) -> str:
    """``text`` safe to print and store: undecodable bytes of a file name become U+FFFD.

    Python keeps the bytes of a file name that is not UTF-8 as lone surrogates; printing or storing
    them raises a codec error, so names are shown with replacement characters instead.
    """
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        # Surrogates that are not escaped bytes (from JSON "\ud800", say) have no bytes to recover.
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def first_unpaired_surrogate(text: str) -> int | None:
    """The index of the first lone surrogate in ``text`` (which UTF-8 cannot store), or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 quote', '3 quotes', '0 quotes' ('1 group reopened' with ``many`` for nouns not ending in s)."""
    # Thousands are grouped: a corpus of 10,000 articles reads as one in the window and the terminal.
    return f"{count:,} {noun if count == 1 else many or noun + 's'}"
