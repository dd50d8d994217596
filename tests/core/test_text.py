"""Newline/BOM normalisation keeps offsets on the same characters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.text import BOM, normalise, plural, sha256_of

# Pieces chosen to stress offsets: CR/LF in every combination, BOMs, astral emoji, combining marks.
PIECES = st.sampled_from(
    ["a", "Z", " ", "\r", "\n", "\r\n", "\n\r", BOM, "🙂", "👍🏽", "e\u0301", "\u0301", "’"]
)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _splits_crlf(raw: str, offset: int) -> bool:
    return 0 < offset < len(raw) and raw[offset - 1 : offset + 1] == "\r\n"


def test_crlf_lone_cr_and_bom():
    text, to_new = normalise(BOM + "one\r\ntwo\rthree\n🙂")
    assert text == "one\ntwo\nthree\n🙂"
    assert to_new(1) == 0  # "o" after the BOM
    assert to_new(5) == 3  # the LF of the CRLF is the kept newline
    assert to_new(len(BOM + "one\r\ntwo\rthree\n🙂")) == len(text)


def test_inner_bom_and_combining_marks_are_kept():
    raw = "caf" + "e\u0301" + BOM + "x"
    text, to_new = normalise(raw)
    assert text == raw
    assert to_new.identity and to_new(len(raw)) == len(raw)


def test_offset_outside_raw_text_raises():
    _, to_new = normalise("ab")
    try:
        to_new(3)
    except IndexError as exc:
        assert "outside" in str(exc)
    else:
        raise AssertionError("expected IndexError")


def test_sha256_is_of_utf8_bytes():
    assert sha256_of("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert sha256_of("🙂") != sha256_of("🙂\n")


@given(st.lists(PIECES, max_size=40).map("".join), st.data())
def test_spans_stay_on_the_same_characters(raw, data):
    text, to_new = normalise(raw)
    assert "\r" not in text and not text.startswith(BOM)
    start = data.draw(st.integers(0, len(raw)))
    end = data.draw(st.integers(start, len(raw)))
    # A boundary between the CR and LF of one pair has no single place in the new text.
    if _splits_crlf(raw, start) or _splits_crlf(raw, end):
        return
    bom = len(raw) - len(raw.lstrip(BOM))
    assert text[to_new(start) : to_new(end)] == _newlines(raw[max(start, bom) : max(end, bom)])


@given(st.lists(PIECES, max_size=40).map("".join))
def test_map_is_monotone_and_total(raw):
    text, to_new = normalise(raw)
    mapped = [to_new(i) for i in range(len(raw) + 1)]
    assert mapped[0] == 0 and mapped[-1] == len(text)
    assert all(a <= b <= a + 1 for a, b in zip(mapped, mapped[1:], strict=False))
    assert normalise(text).text == text  # idempotent


def test_printable_replaces_undecodable_file_name_bytes():
    from annotator.core.text import printable

    name = b"caf\xe9 \xf0\x9f\x99\x82.txt".decode("utf-8", "surrogateescape")
    assert printable(name) == "caf\ufffd 🙂.txt"
    assert printable("half \ud83d pair") == "half \ufffd\ufffd\ufffd pair"
    assert printable("plain") == "plain"


def test_plural_counts_read_as_words():
    assert plural(1, "quote") == "1 quote"
    assert plural(0, "quote") == "0 quotes"
    assert plural(3, "new article") == "3 new articles"
    assert plural(12000, "record") == "12,000 records"
    assert plural(2, "analysis", "analyses") == "2 analyses"
