"""Readers: each format gives the right Documents; each bad file says which file and why."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.services.errors import AnnotatorError, ImportFileError
from annotator.services.readers import markdown_title, read_path
from annotator.services.readers_jsonl import read_jsonl_text

DATA = Path(__file__).parent.parent / "data"
GOOD, BAD = DATA / "good", DATA / "bad"


@pytest.fixture
def word_file(tmp_path: Path) -> Path:
    """A .docx built at test time, so no binary file is committed."""
    document = docx.Document()
    document.core_properties.title = "Minister denies drone sales"
    document.add_paragraph("TEHRAN – Iran’s foreign minister spoke on Thursday.")
    paragraph = document.add_paragraph("“We are against the war,” he said. ")
    paragraph.add_run("Café 🙂")
    document.add_paragraph("")
    document.add_paragraph("Last line.")
    path = tmp_path / "article.docx"
    document.save(path)
    return path


# ---- good files -------------------------------------------------------------------------------------


def test_txt_normalises_newlines_and_bom(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes("\ufeffLine one\r\nLine two 🙂\rend".encode())
    [document] = read_path(path)
    assert document.text == "Line one\nLine two 🙂\nend"
    assert document.source == "note.txt" and document.quotes == ()


def test_md_keeps_text_verbatim_and_takes_first_heading():
    [document] = read_path(GOOD / "article.md")
    assert document.title == "Minister denies drone sales"
    assert document.text == (GOOD / "article.md").read_text(encoding="utf-8")
    assert "# not a heading" in document.text


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Intro\n\n## Second level ##\n", "Second level"),
        ("Setext title\n=====\nbody", "Setext title"),
        ("para\n\n---\n\nno heading here", ""),
        ("```\n# code\n```\nplain", ""),
        ("#hashtag is not a heading", ""),
    ],
)
def test_markdown_title(text, title):
    assert markdown_title(text) == title


def test_html_main_text_and_metadata_without_scripts(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the HTML reader tried to open a connection")

    # The page links a script and a tracking pixel; nothing may be fetched.
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    [document] = read_path(GOOD / "page.html")
    assert "it is not Iran’s policy to sell arms" in document.text
    assert "“We are against the war and strongly reject" in document.text
    assert "Café 🙂" in document.text
    for script_text in ("SCRIPT TEXT MUST NOT APPEAR", "INJECTED BY SCRIPT", "document.body"):
        assert script_text not in document.text
    assert document.title == "Minister denies drone sales"
    assert document.outlet == "Tehran Times"
    assert document.url == "https://www.tehrantimes.example/news/1"
    assert document.published == "2022-11-10"
    assert document.source == "page.html"


def test_html_in_a_declared_legacy_charset(tmp_path):
    path = tmp_path / "old.htm"
    html = (
        '<html><head><meta charset="windows-1252"></head>'
        "<body><p>Le café était fermé, a-t-il dit.</p></body></html>"
    )
    path.write_bytes(html.encode("cp1252"))
    [document] = read_path(path)
    assert "Le café était fermé" in document.text


def test_docx_paragraphs_and_title(word_file):
    [document] = read_path(word_file)
    assert document.text == (
        "TEHRAN – Iran’s foreign minister spoke on Thursday.\n"
        "“We are against the war,” he said. Café 🙂\n\nLast line."
    )
    assert document.title == "Minister denies drone sales"
    assert document.published == ""  # python-docx's template date is not a publication date


def test_prodigy_jsonl_spans_relations_and_crlf():
    first, rejected = read_path(GOOD / "prodigy.jsonl")
    assert "\r" not in first.text
    assert (first.title, first.outlet, first.published, first.annotator) == (
        "Drones",
        "Tehran Times",
        "2022-11-10",
        "quotes-alice",
    )
    direct, indirect = first.quotes  # the GPE span is ignored
    assert direct.text_in(first.text) == "“We are against the war.”"
    assert (direct.kind, direct.speaker, direct.stance, direct.topics, direct.note) == (
        "direct",
        "Hossein Amir-Abdollahian",
        "opposes",
        ("drones",),
        "denial",
    )
    assert direct.claim == "Iran supplied drones to Russia"
    assert first.text[slice(*direct.speaker_span)] == "minister"
    assert first.text[slice(*direct.cue_span)] == "said"
    assert direct.annotator == "quotes-alice" and direct.origin == "import"
    # After the CRLF: the offset moved back by one and still lands on the same words.
    assert indirect.text_in(first.text) == "talks would go on"
    assert indirect.kind == "indirect" and indirect.speaker_span is None
    assert rejected.text == "A rejected task." and rejected.quotes == ()


def test_doccano_jsonl_entities_relations_and_label_triples():
    entities_style, triples_style = read_path(GOOD / "doccano.jsonl")
    assert (entities_style.title, entities_style.outlet, entities_style.annotator) == (
        "EU reacts",
        "Example News",
        "bob",
    )
    indirect, direct = entities_style.quotes
    assert indirect.text_in(entities_style.text) == "the EU would respond"
    assert (indirect.kind, indirect.speaker, indirect.topics) == (
        "indirect",
        "Josep Borrell",
        ("sanctions", "drones"),
    )
    assert entities_style.text[slice(*indirect.speaker_span)] == "Borrell"
    # No "speaker" key on the entity and the relation runs quote -> speaker: still linked.
    # A pronoun mention names no one.
    assert direct.speaker is None and entities_style.text[slice(*direct.speaker_span)] == "he"
    assert entities_style.text[slice(*direct.cue_span)] == "added"
    [plain] = triples_style.quotes
    assert plain.text_in(triples_style.text) == "said no."  # the string label "news" is skipped
    assert triples_style.outlet == "Wire" and plain.speaker_span is None


# ---- bad files --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("binary.txt", None, "binary file (contains NUL bytes)"),
        ("empty.txt", None, "empty file"),
        ("latin1.txt", None, "not UTF-8 text (byte 0xe9 at position 6)"),
        ("malformed.jsonl", 3, "malformed JSON (Expecting ',' delimiter, column 24)"),
        ("span_outside.jsonl", 1, "spans[1]: span 6-40 is outside the text (length 11)"),
        ("no_text.jsonl", 2, 'no "text" field'),
        ("bad_offsets.jsonl", 1, "entities[0]: offsets must be integers (start_offset='3', end_offset=7)"),
        ("not_a_zip.docx", None, "not a Word .docx file (not a zip archive)"),
        ("no_text.html", None, "no extractable text in the HTML page"),
        ("weird.xyz", None, "unknown format '.xyz'; expected .txt, .md, .html, .htm, .docx, .jsonl"),
    ],
)
def test_bad_file_message_names_file_line_and_reason(name, line, reason):
    with pytest.raises(ImportFileError) as caught:
        read_path(BAD / name)
    error = caught.value
    assert isinstance(error, AnnotatorError)
    assert error.path == BAD / name and error.line == line
    assert reason in error.reason
    where = name if line is None else f"{name}, line {line}"
    assert str(error).startswith(f"{where}: {reason}")


def test_missing_file(tmp_path):
    with pytest.raises(ImportFileError, match=r"^gone\.txt: cannot read the file"):
        read_path(tmp_path / "gone.txt")


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "blank.md"
    path.write_text(" \r\n\t\n")
    with pytest.raises(ImportFileError, match=r"^blank\.md: empty file"):
        read_path(path)


def _jsonl(tmp_path: Path, *records: object) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ([1, 2], "expected a JSON object, got a list"),
        ({"text": 5}, '"text" is a number, not a string'),
        ({"text": "  "}, '"text" is empty'),
        ({"text": "abc", "spans": {"start": 0}}, '"spans" is an object, not a list'),
        (
            {"text": "abc", "spans": [{"start": 2, "end": 2, "label": "QUOTE"}]},
            "spans[0]: start 2 is not before end 2",
        ),
        (
            {"text": "abc", "spans": [{"start": -1, "end": 2, "label": "QUOTE"}]},
            "spans[0]: span -1-2 is outside",
        ),
        ({"text": "abc", "spans": [{"start": 0, "end": 2}]}, 'spans[0]: no "label"'),
        (
            {"text": "abc", "spans": [{"start": True, "end": 2, "label": "Q"}]},
            "spans[0]: offsets must be integers",
        ),
        (
            {"text": "abc", "spans": [{"start": 0, "end": 2, "label": "QUOTE", "kind": "rumour"}]},
            "unknown kind 'rumour'",
        ),
        (
            {"text": "a\r\nb", "spans": [{"start": 1, "end": 2, "label": "QUOTE"}]},
            "only a removed carriage return",
        ),
        ({"text": "abc", "label": [[0, 1]]}, "label[0] is not a [start, end, label] triple"),
    ],
)
def test_bad_jsonl_records(tmp_path, record, reason):
    path = _jsonl(tmp_path, {"text": "a good first line"}, record)
    with pytest.raises(ImportFileError) as caught:
        read_path(path)
    assert caught.value.line == 2
    assert str(caught.value).startswith("in.jsonl, line 2: ") and reason in str(caught.value)


def test_jsonl_blank_lines_and_unescaped_line_separator(tmp_path):
    path = tmp_path / "sep.jsonl"
    # ensure_ascii=False leaves U+2028 raw inside the string; it must not split the line.
    path.write_text('\n{"text": "one\u2028two"}\r\n\n', encoding="utf-8")
    [document] = read_path(path)
    assert document.text == "one\u2028two"


def test_mention_names_the_speaker_when_no_speaker_key(tmp_path):
    record = {
        "text": "Borrell said no.",
        "entities": [
            {"id": "q", "label": "Quote", "start_offset": 8, "end_offset": 15},
            {"id": "s", "label": "Speaker", "start_offset": 0, "end_offset": 7},
        ],
        "relations": [{"id": 1, "from_id": "s", "to_id": "q", "type": "anything"}],
    }
    [document] = read_path(_jsonl(tmp_path, record))
    [quote] = document.quotes
    assert (quote.speaker, quote.speaker_span, quote.annotator, quote.origin) == (
        "Borrell",
        (0, 7),
        "",
        "import",
    )


def test_jsonl_meta_source_wins_over_file_name(tmp_path):
    [document] = read_path(
        _jsonl(tmp_path, {"text": "x", "meta": {"source": "wire/a.txt", "date": "2022-01-02"}})
    )
    assert document.source == "wire/a.txt" and document.published == "2022-01-02"


# Keys of both styles, so random records often look almost right.
KEYS = [
    "text",
    "spans",
    "entities",
    "label",
    "relations",
    "meta",
    "start",
    "end",
    "start_offset",
    "end_offset",
    "id",
    "from_id",
    "to_id",
    "head",
    "child",
    "head_span",
    "child_span",
    "kind",
    "speaker",
    "topics",
    "origin",
    "token_start",
    "token_end",
    "tokens",
    "answer",
    "_annotator_id",
]
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 40)
    | st.sampled_from(["QUOTE", "speaker", "Cue", "x", "direct"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=6),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from(KEYS), JSON, max_size=8),
    st.sampled_from(["abc def\r\nghi 🙂", "x", "  "]),
)
def test_any_record_reads_or_fails_with_a_clear_error(record, text):
    record.setdefault("text", text)
    try:
        documents = read_jsonl_text(Path("fuzz.jsonl"), json.dumps(record))
    except ImportFileError as exc:
        assert str(exc).startswith("fuzz.jsonl, line 1: ")
    else:
        for quote in documents[0].quotes:
            assert 0 <= quote.start < quote.end <= len(documents[0].text)


def test_txt_headline_on_the_first_line_becomes_the_title(tmp_path):
    path = tmp_path / "wire-0412.txt"
    path.write_text("Iran denies selling drones to Russia\n\nTehran's foreign minister said on Monday ...\n")
    [document] = read_path(path)
    assert document.title == "Iran denies selling drones to Russia"
    assert document.text.startswith("Iran denies selling drones to Russia\n")  # the text stays verbatim


@pytest.mark.parametrize(
    "text",
    [
        "Tehran's foreign minister said on Monday that Iran sold no drones.\nHe added more.",  # a lead sentence
        "Only one line, no body",
        " ".join(["word"] * 40) + "\nbody",  # a paragraph, not a headline
    ],
)
def test_txt_first_line_that_is_prose_gives_no_title(tmp_path, text):
    path = tmp_path / "note.txt"
    path.write_text(text)
    assert read_path(path)[0].title == ""
