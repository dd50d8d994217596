"""Offsets in UTF-16 code units, as browser editors count them (doccano, Label Studio), and back.

Our offsets count code points; a JavaScript string counts an astral character (an emoji, most CJK
extension characters) as two units. A text without astral characters has the same offsets both ways,
so the map is only built for texts that hold some.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class Utf16Offsets:
    """Converts offsets into one text between code points and UTF-16 code units."""

    __slots__ = ("_astral", "_units")

    def __init__(self, text: str) -> None:
        # Code-point indices of the astral characters; each adds one unit after it.
        self._astral = [i for i, char in enumerate(text) if ord(char) > 0xFFFF] if not text.isascii() else []
        # The same characters' indices in UTF-16 units (where their first surrogate sits).
        self._units = [i + n for n, i in enumerate(self._astral)]

    def to_units(self, offset: int) -> int:
        """The UTF-16 offset of code-point ``offset``."""
        return offset + bisect_left(self._astral, offset) if self._astral else offset

    def to_points(self, units: int) -> int:
        """The code-point offset of UTF-16 ``units``; ValueError when it splits a surrogate pair."""
        if not self._astral:
            return units
        before = bisect_right(self._units, units - 1)  # astral characters starting before ``units``
        if before and self._units[before - 1] == units - 1:
            raise ValueError(f"offset {units} falls inside a character that takes two UTF-16 units (an emoji)")
        return units - before
