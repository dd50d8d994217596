"""The one offset converter: Python code points to Qt UTF-16 positions and back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from annotator.core.text import normalise
from annotator.ui.offsets import QtOffsets, display_text, from_selected_text, snap_to_words

pytestmark = pytest.mark.gui


def utf16_position(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def qt_slice(text: str, start: int, end: int) -> str:
    """What Qt selects between the converted positions of a Python span."""
    doc = QTextDocument()
    doc.setPlainText(display_text(text))
    offsets = QtOffsets(text)
    cursor = QTextCursor(doc)
    cursor.setPosition(offsets.to_qt(start))
    cursor.setPosition(offsets.to_qt(end), QTextCursor.KeepAnchor)
    return from_selected_text(cursor.selectedText())


def test_emoji_counts_two_qt_units():
    text = "a😀b🏆c"
    offsets = QtOffsets(text)
    assert [offsets.to_qt(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert [offsets.from_qt(p) for p in range(8)] == [0, 1, 1, 2, 3, 3, 4, 5]


def test_spans_after_emoji_select_the_same_text(qapp):
    text = "Fans 😀😀 cheered. “We will win 🏆 again,” the coach said."
    start = text.index("“")
    end = text.index("”") + 1
    assert qt_slice(text, start, end) == text[start:end]
    offsets = QtOffsets(text)
    assert offsets.span_from_qt(*offsets.span_to_qt(start, end)) == (start, end)


def test_crlf_import_then_qt_positions_match(qapp):
    raw = "First line.\r\nHe said: “Yes.”\r\n\r\nSecond 😀 paragraph."
    text = normalise(raw).text
    start = text.index("“")
    end = text.index("”") + 1
    assert qt_slice(text, start, end) == text[start:end] == "“Yes.”"
    last = text.index("Second")
    assert qt_slice(text, last, len(text)) == "Second 😀 paragraph."


def test_newlines_come_back_from_selected_text(qapp):
    text = "one\ntwo\nthree"
    assert qt_slice(text, 0, len(text)) == text


def test_stray_separators_keep_one_position_each(qapp):
    text = "a\rb\u2029c"
    assert qt_slice(text, 2, 5) == "b\nc"


def test_combining_marks_are_single_code_points(qapp):
    text = "Zoe\u0301 said “cafe\u0301”."
    start, end = text.index("“"), text.index("”") + 1
    assert qt_slice(text, start, end) == text[start:end]
    # Snapping never cuts a base letter from its accent.
    assert snap_to_words(text, 0, 3) == (0, 4)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [(2, 9, "have defense"), (0, 16, "have defense"), (5, 6, "have"), (6, 8, "defense")],
)
def test_snap_to_words(start, end, expected):
    text = "  have defense  "
    s, e = snap_to_words(text, start, end)
    assert text[s:e] == expected


def test_snap_keeps_apostrophes_and_hyphens_inside_words():
    text = "Amir-Abdollahian's remarks"
    s, e = snap_to_words(text, 3, 8)
    assert text[s:e] == "Amir-Abdollahian's"


astral_text = st.text(
    alphabet=st.sampled_from(list("ab \n“”é") + ["\u0301", "😀", "🏆", "\U0001d11e", "中"]), max_size=60
)


@given(astral_text)
def test_round_trip_matches_utf16(text):
    offsets = QtOffsets(text)
    for i in range(len(text) + 1):
        assert offsets.to_qt(i) == utf16_position(text, i)
        assert offsets.from_qt(offsets.to_qt(i)) == i


@settings(max_examples=60, deadline=None)
@given(astral_text, st.data())
def test_qt_selects_the_python_slice(qapp, text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert qt_slice(text, start, end) == text[start:end]
