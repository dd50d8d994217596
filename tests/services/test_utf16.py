"""doccano counts offsets in UTF-16 code units: our doccano records and reader use its counting."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.errors import ImportFileError
from annotator.services.readers_jsonl import read_jsonl_text
from annotator.services.utf16 import Utf16Offsets
from annotator.services.writers import doccano_record, jsonl_line

TEXT = "Fans 🙂👍🏽 cheered.\nThe minister said “the drone is true” on Tuesday."


def _in_js(text: str, start: int, end: int) -> str:
    """What a JavaScript editor shows between UTF-16 offsets ``start`` and ``end``."""
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def test_offsets_convert_both_ways_on_every_character():
    units = Utf16Offsets(TEXT)
    for i in range(len(TEXT) + 1):
        expected = len(TEXT[:i].encode("utf-16-le")) // 2
        assert units.to_units(i) == expected
        assert units.to_points(expected) == i


def test_doccano_entities_land_on_the_quote_in_doccanos_editor():
    start = TEXT.index("“the")
    end = TEXT.index(" on Tuesday")
    quote = Quote(1, 1, start, end, "alice", speaker_span=(TEXT.index("The minister"), TEXT.index(" said")))
    record = doccano_record(Article(1, TEXT, sha256_of(TEXT)), "alice", [quote])
    shown = {e["label"]: _in_js(TEXT, e["start_offset"], e["end_offset"]) for e in record["entities"]}
    assert shown == {"QUOTE": "“the drone is true”", "SPEAKER": "The minister"}
    assert record["entities"][0]["start_offset"] == start + 3  # three astral characters before it


def test_spans_made_in_doccano_read_back_onto_the_same_words():
    start = len(TEXT[: TEXT.index("“the")].encode("utf-16-le")) // 2
    record = {"text": TEXT, "label": [[start, start + len("“the drone is true”"), "QUOTE"]]}
    (document,) = read_jsonl_text(Path("doccano.jsonl"), jsonl_line(record))
    (quote,) = document.quotes
    assert document.text[quote.start : quote.end] == "“the drone is true”"


def test_a_doccano_offset_inside_an_emoji_is_refused_naming_the_span():
    record = {"text": TEXT, "entities": [{"id": 1, "label": "QUOTE", "start_offset": 6, "end_offset": 9}]}
    with pytest.raises(ImportFileError, match=r"entities\[0\].*inside a character"):
        read_jsonl_text(Path("doccano.jsonl"), jsonl_line(record))
