"""Large JSONL and Label Studio files are imported a record at a time, and still all or nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from annotator.services.importing import import_paths
from annotator.services.projects import open_project
from annotator.services.readers import iter_path, read_path
from annotator.store import articles

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"
TEXT = "The minister said the talks would resume on Monday. " * 40  # ~2 KB an article


def _jsonl(path: Path, n: int, bad_line: int | None = None) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(1, n + 1):
            if i == bad_line:
                handle.write('{"text": "broken",\n')
                continue
            record = {"text": f"{i}. {TEXT}", "spans": [{"start": 0, "end": 10, "label": "QUOTE"}],
                      "_annotator_id": "ann"}
            handle.write(json.dumps(record) + "\n")
    return path


def _labelstudio(path: Path, n: int, bad_task: int | None = None) -> Path:
    tasks = []
    for i in range(1, n + 1):
        end = 10_000 if i == bad_task else 10
        tasks.append({"data": {"text": f"{i}. {TEXT}"}, "annotations": [{"result": [
            {"id": f"q{i}", "type": "labels", "from_name": "label", "to_name": "text",
             "value": {"start": 0, "end": end, "labels": ["QUOTE"]}}]}]})
    path.write_text(json.dumps(tasks, indent=1), encoding="utf-8")
    return path


def test_a_bad_line_far_into_a_jsonl_keeps_nothing_of_that_file(tmp_path):
    broken = _jsonl(tmp_path / "a-broken.jsonl", 300, bad_line=250)
    _jsonl(tmp_path / "b-good.jsonl", 3)
    project = open_project(tmp_path / "p.annotator.db")
    report = import_paths(project, [tmp_path], "me")
    assert dict(report.rejected)[broken].startswith("a-broken.jsonl, line 250: malformed JSON")
    # The 249 lines before it were read and stored, then rolled back with the file; the other file stays.
    assert report.articles_added == 3 and report.quotes_added == 3
    assert len(articles.all_articles(project)) == 3


def test_a_bad_task_far_into_a_label_studio_export_keeps_nothing_of_that_file(tmp_path):
    broken = _labelstudio(tmp_path / "a-broken.json", 200, bad_task=180)
    project = open_project(tmp_path / "p.annotator.db")
    report = import_paths(project, [broken], "me")
    assert "a-broken.json: task 180: annotations[0].result[0]: span 0-10000 is outside the text" in dict(report.rejected)[broken]
    assert report.articles_added == 0 and articles.all_articles(project) == []


@pytest.mark.parametrize("make", [_jsonl, _labelstudio], ids=["jsonl", "labelstudio"])
def test_importing_a_large_file_holds_about_one_record_in_memory(tmp_path, make):
    path = make(tmp_path / ("big.jsonl" if make is _jsonl else "big.json"), 2_000)
    size = path.stat().st_size  # ~4.5 MB
    project = open_project(tmp_path / "p.annotator.db")
    tracemalloc.start()
    try:
        report = import_paths(project, [path], "me")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.articles_added == 2_000 and report.quotes_added == 2_000
    # Read whole, the file's bytes alone would be its size, and its parsed records several times more.
    assert peak < size / 4


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("malformed.jsonl", 3, "malformed JSON (Expecting ',' delimiter, column 24)"),
        ("span_outside.jsonl", 1, "spans[1]: span 6-40 is outside the text (length 11)"),
        ("no_text.jsonl", 2, 'no "text" field'),
        ("bad_offsets.jsonl", 1, "entities[0]: offsets must be integers (start_offset='3', end_offset=7)"),
    ],
)
def test_a_streamed_file_gives_the_same_message_as_one_read_whole(name, line, reason):
    with pytest.raises(Exception) as whole:
        read_path(BAD / name)
    with pytest.raises(Exception) as streamed:
        list(iter_path(BAD / name))
    assert str(streamed.value) == str(whole.value) and streamed.value.line == line
    assert reason in str(streamed.value)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file (no text)"),
        (b" \n\n", "empty file (no text)"),
        (b'{"text": "ok"}\n{"text": "caf\xe9"}\n', "not UTF-8 text (byte 0xe9 at position 28); save it as UTF-8"),
        (b'{"text": "ok"}\n\x00\x01', "binary file (contains NUL bytes), not text"),
        # After a byte order mark: the byte named is the bad one, its position counted after the mark.
        (b'\xef\xbb\xbf{"text": "ok"}\n{"text": "caf\xe9"}\n', "not UTF-8 text (byte 0xe9 at position 28); save it as UTF-8"),
        (b'\xef\xbb\xbf{"text": "\xe2\x80\x9cok\xe2\x80\x9d"}\n', None),  # a UTF-8 byte order mark is dropped
    ],
)
def test_streamed_jsonl_is_checked_as_a_whole_file_is(tmp_path, content, reason):
    path = tmp_path / "f.jsonl"
    path.write_bytes(content)
    if reason is None:
        [document] = list(iter_path(path))
        assert document.text == "\u201cok\u201d" and read_path(path) == [document]
        return
    with pytest.raises(Exception) as whole:
        read_path(path)
    with pytest.raises(Exception) as streamed:
        list(iter_path(path))
    assert str(whole.value) == str(streamed.value) == f"f.jsonl: {reason}"


def _xmi_zip(tmp_path: Path, n: int) -> Path:
    from annotator.core.model import Article, Quote
    from annotator.core.text import sha256_of
    from annotator.services.exporting import export_project
    from annotator.store import quotes

    source = open_project(tmp_path / f"source{n}.annotator.db")
    with source.atomic():
        for i in range(n):
            text = f"{i}. {TEXT}"
            article_id, _ = articles.insert_article(source, Article(None, text, sha256_of(text)))
            quotes.insert_quote(source, Quote(None, article_id, 0, 10, "ann"))
    export_project(source, tmp_path / f"x{n}.zip", "xmi")
    return tmp_path / f"x{n}.zip"


_MEASURE = """
import sys, tracemalloc
from pathlib import Path
from annotator.services.importing import import_paths
from annotator.services.projects import open_project
project = open_project(Path(sys.argv[2]))
tracemalloc.start()
report = import_paths(project, [Path(sys.argv[1])], "me")
print(report.articles_added, tracemalloc.get_traced_memory()[1])
"""


def test_importing_an_xmi_zip_takes_no_more_memory_for_four_times_the_articles(tmp_path):
    # Measured in a fresh interpreter, as `annotator import` runs: in the test process, what earlier tests
    # leave behind (warning filters that record every warning, the collector's settings) grows with the file.
    peaks = {}
    for n in (150, 600):
        path = _xmi_zip(tmp_path, n)
        result = subprocess.run([sys.executable, "-c", _MEASURE, str(path), str(tmp_path / f"p{n}.annotator.db")],
                                capture_output=True, text=True, check=True)
        added, peaks[n] = map(int, result.stdout.split())
        assert added == n
    # Read whole, the archive's documents were all held at once: four times the articles, about four times
    # the memory. Read a file at a time, the type system and one document are what is held.
    assert peaks[600] < 1.5 * peaks[150]


def test_a_label_studio_export_with_nan_is_imported_each_task_once(tmp_path):
    # Python's json reads NaN (a model's score); yajl, which streams the file, stops there.
    path = _labelstudio(tmp_path / "scored.json", 5)
    tasks = json.loads(path.read_text(encoding="utf-8"))
    tasks[2]["meta"] = {"score": float("nan")}
    path.write_text(json.dumps(tasks), encoding="utf-8")
    project = open_project(tmp_path / "p.annotator.db")
    report = import_paths(project, [path], "me")
    assert report.summary() == "Read 1 file: 5 new articles, 0 already present, 5 quotes, 0 rejected"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])  # streamed, and read whole
def test_a_label_studio_export_broken_far_in_names_the_task_instead_of_skipping_the_file(tmp_path, encoding):
    path = _labelstudio(tmp_path / "broken.json", 30)
    tasks = json.loads(path.read_text(encoding="utf-8"))
    tasks[-1] = [1, 2]  # task 30 is no task: the export was cut and patched, or a script went wrong
    path.write_text(json.dumps(tasks), encoding=encoding)
    project = open_project(tmp_path / "p.annotator.db")
    report = import_paths(project, [path], "me")
    assert report.not_articles == []
    assert report.rejected == [(path, 'broken.json: task 30: not a Label Studio task (no "data" object); '
                                      "nothing imported from the file")]
    assert articles.all_articles(project) == []


@pytest.mark.parametrize("name", ["grows.jsonl", "grows.json"])
def test_a_file_another_program_writes_during_the_import_keeps_nothing_and_says_so(tmp_path, name):
    path = (_jsonl if name.endswith("l") else _labelstudio)(tmp_path / name, 50)
    project = open_project(tmp_path / "p.annotator.db")
    stored = []

    def written_meanwhile(file, count):
        stored.append(count)
        if count == 10:  # a program still writing the export adds to it while it is imported
            with path.open("a", encoding="utf-8") as handle:
                handle.write("\n")

    report = import_paths(project, [path], "me", stored=written_meanwhile)
    assert report.rejected == [(path, f"{name}: the file changed while it was read (another program writing it?); "
                                      "nothing of it was imported; import it again once it is complete")]
    assert stored[-1] == 50 and articles.all_articles(project) == []


def test_a_label_studio_file_nested_thousands_deep_is_refused_not_read_into_all_memory(tmp_path):
    # ijson names every level by its path: 8,000 levels took 160 MB, 100,000 (400 KB) gigabytes, then a kill.
    depth = 8_000
    path = tmp_path / "deep.json"
    path.write_text('[{"data": {"text": "A short article."}, "meta": ' + "[" * depth + "]" * depth + "}]",
                    encoding="utf-8")
    tracemalloc.start()
    try:
        report = import_paths(open_project(tmp_path / "p.annotator.db"), [path], "me")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.rejected == [(path, "deep.json: JSON nested too deeply to read (more than 500 levels)")]
    assert peak < 20 * 2**20


def test_a_label_studio_export_cut_short_names_the_task_it_ends_in(tmp_path):
    path = _labelstudio(tmp_path / "cut.json", 30)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200])  # a download that stopped inside the last task
    report = import_paths(open_project(tmp_path / "p.annotator.db"), [path], "me")
    assert report.rejected == [(path, "cut.json: malformed JSON: the file ends inside task 30 (cut short?)")]


def test_a_large_malformed_label_studio_export_is_not_read_whole_for_the_message(tmp_path, monkeypatch):
    from annotator.services import readers, readers_labelstudio

    monkeypatch.setattr(readers_labelstudio, "WHOLE_MAX", 1000)  # as if the file were gigabytes
    path = _labelstudio(tmp_path / "broken.json", 30)
    path.write_text(path.read_text(encoding="utf-8").replace('"annotations": [', '"annotations": [,', 1),
                    encoding="utf-8")
    read_whole = []
    monkeypatch.setitem(readers._READERS, ".json", lambda *args: read_whole.append(1) or [])
    report = import_paths(open_project(tmp_path / "p.annotator.db"), [path], "me")
    assert report.rejected == [(path, "broken.json: malformed JSON in task 1 (parse error: unallowed token at this "
                                      "point in JSON text)")]
    assert read_whole == []


def test_a_large_json_of_other_records_is_skipped_from_its_first_item_without_reading_it_whole(tmp_path, monkeypatch):
    from annotator.services import readers

    read_whole = []
    monkeypatch.setitem(readers._READERS, ".json", lambda *args: read_whole.append(1) or [])
    records = tmp_path / "measurements.json"
    records.write_text(json.dumps([{"station": i, "value": i / 3} for i in range(5000)]), encoding="utf-8")
    minimal = tmp_path / "min.json"
    minimal.write_text(json.dumps([{"id": 1, "annotation_id": 2, "text": "x", "label": []}]), encoding="utf-8")
    report = import_paths(open_project(tmp_path / "p.annotator.db"), [records, minimal], "me")
    assert dict(report.not_articles) == {records: 'measurements.json: not a Label Studio export (a list of tasks, '
                                                  'each with "data"); nothing imported from it'}
    assert dict(report.rejected)[minimal].startswith("min.json: a Label Studio JSON-MIN export")
    assert read_whole == []
