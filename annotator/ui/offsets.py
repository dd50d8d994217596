"""The one place converting Python str offsets to Qt document positions and back.

Python counts code points; Qt counts UTF-16 code units (an emoji is 2) and reports selections with
U+2029 for newlines. Stored text is already newline-normalised, so each "\\n" is one block separator,
one position in both worlds; only characters outside the Basic Multilingual Plane shift positions.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_WORD = re.compile(r"[\w'’\-]", re.UNICODE)
_PARAGRAPH_SEPARATOR = "\u2029"


class QtOffsets:
    """Converts offsets of one text between Python indices and Qt positions."""

    __slots__ = ("_astral", "_astral_qt", "length")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # The UTF-16 length check is a fast path: most news text has no astral character at all.
        if len(text.encode("utf-16-le")) == 2 * len(text):
            self._astral: list[int] = []
        else:
            self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_qt = [index + k for k, index in enumerate(self._astral)]

    @property
    def astral(self) -> list[int]:
        """Sorted Python offsets of the characters Qt counts twice (read-only)."""
        return self._astral

    @property
    def identity(self) -> bool:
        """True when Python offsets and Qt positions coincide (no character outside the BMP)."""
        return not self._astral

    def to_qt(self, offset: int) -> int:
        """The Qt position of a Python offset (0..len(text))."""
        return offset + bisect_left(self._astral, offset)

    def from_qt(self, position: int) -> int:
        """The Python offset of a Qt position; a position inside a surrogate pair snaps to its start."""
        offset = position - bisect_left(self._astral_qt, position)
        return max(0, min(offset, self.length))

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        """A Python span as Qt positions."""
        return self.to_qt(start), self.to_qt(end)

    def span_from_qt(self, start: int, end: int) -> tuple[int, int]:
        """A Qt span as Python offsets (ordered)."""
        a, b = self.from_qt(start), self.from_qt(end)
        return (a, b) if a <= b else (b, a)


def display_text(text: str) -> str:
    """The text as handed to Qt: one Qt block per "\\n", and nothing Qt would merge or split differently."""
    # A stray CR or paragraph separator would become a block break; keep them one position each.
    return text.replace("\r", "\n").replace(_PARAGRAPH_SEPARATOR, "\n")


def from_selected_text(selected: str) -> str:
    """QTextCursor.selectedText() with its U+2029 paragraph separators turned back into newlines."""
    return selected.replace(_PARAGRAPH_SEPARATOR, "\n")


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a span to whole words and trim surrounding whitespace; an empty result keeps the input."""
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, end
    while start > 0 and _WORD.match(text[start - 1]) and _WORD.match(text[start]):
        start -= 1
    while end < len(text) and _WORD.match(text[end]) and _WORD.match(text[end - 1]):
        end += 1
    # Combining marks belong to the character before them: never cut a word between the two.
    while end < len(text) and _is_combining(text[end]):
        end += 1
    return start, end


def _is_combining(char: str) -> bool:
    import unicodedata

    return unicodedata.combining(char) != 0
