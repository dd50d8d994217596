"""Read a Label Studio JSON export (a list of tasks) into Documents with their quotes.

A task's text is ``data.text`` (else the longest string in ``data``); its details come from ``data``
(title, outlet, url, published, source), as ``writers_labelstudio`` puts them. Each annotation is one
version: regions of type ``labels`` labelled QUOTE become quotes, SPEAKER and CUE regions become a
quote's mentions when a relation joins them (either way round), and per-region results under the
quote's id give its fields: choices ``kind``, ``stance``, ``topics``, ``origin``; text areas
``speaker``, ``claim``, ``note`` (names and labels case-insensitive). Cancelled annotations are
skipped. A task's predictions are read only when it has no annotation (pre-annotations nobody has
worked on yet); their quotes default to origin "suggestion".

Whose version: the name our export kept in ``meta.annotators`` (by position), else the annotator a
prediction's ``model_version`` names, else "gold" for an annotation marked ground truth, else the
Label Studio user (``completed_by``: the e-mail, or ``labelstudio-N``); a version naming none goes
to the importing annotator.

Offsets count code points in the text (as Label Studio's have since 2022); a region whose code-point
slice differs from its ``value.text`` while its UTF-16 slice matches (an older Label Studio) is read
as UTF-16. CRLF text is normalised and every offset mapped, as for JSONL.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import ijson

from annotator.core.model import GOLD, Document, Quote
from annotator.core.text import OffsetMap, normalise, printable
from annotator.services.errors import ImportFileError, NotArticlesError
from annotator.services.readers_jsonl import (
    CUE,
    META_KEYS,
    QUOTE,
    SPEAKER,
    RecordError,
    _json_type,
    _meta_value,
    _quotes,
    _Span,
    _string,
)
from annotator.services.utf16 import Utf16Offsets
from annotator.services.writers_labelstudio import CHOICE_FIELDS, MODEL_PREFIX, TEXT, TEXT_FIELDS

_MENTIONS = (QUOTE, SPEAKER, CUE)
#: Far deeper than any export (a task is about 8 levels), far shallower than the memory ijson needs for 10,000.
MAX_DEPTH = 500
#: A file that yajl cannot read but Python's json might (NaN) is read whole only up to this size.
WHOLE_MAX = 64 << 20


_NOT_A_TASK = 'task {number}: not a Label Studio task (no "data" object); nothing imported from the file'


def _is_task(value: Any) -> bool:
    """Whether one item of an export is a Label Studio task (an object with a ``data`` object)."""
    return isinstance(value, dict) and isinstance(value.get("data"), dict)


def _is_json_min(value: Any) -> bool:
    """Whether parsed JSON is Label Studio's flattened JSON-MIN export: tasks without "data", spans inline."""
    return (isinstance(value, list) and bool(value) and isinstance(value[0], dict) and "data" not in value[0]
            and "annotation_id" in value[0])


def _not_an_export(path: Path, tasks: list) -> ImportFileError:
    """The error for JSON whose first item is no task: a JSON-MIN export, or not Label Studio's at all."""
    if _is_json_min(tasks):
        return ImportFileError(path, "a Label Studio JSON-MIN export, which leaves out relations and which region "
                                     "each field belongs to; export the project as JSON instead")
    return NotArticlesError(path, 'not a Label Studio export (a list of tasks, each with "data"); nothing '
                                  "imported from it")


def read_labelstudio_text(path: Path, raw: str) -> list[Document]:
    """Parse a Label Studio export into Documents; an error names the file and the task."""
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ImportFileError(path, f"malformed JSON ({exc.msg}, line {exc.lineno} column {exc.colno})") from exc
    except RecursionError as exc:
        raise ImportFileError(path, "JSON nested too deeply to read") from exc
    tasks = value if isinstance(value, list) else [value]
    if not (tasks and _is_task(tasks[0])):
        raise _not_an_export(path, tasks)
    documents = []
    for number, task in enumerate(tasks, start=1):
        if not _is_task(task):  # an export broken part-way, not some other file: an error, named
            raise ImportFileError(path, _NOT_A_TASK.format(number=number))
        try:
            documents.append(task_to_document(task, default_source=printable(path.name)))
        except RecordError as exc:
            raise ImportFileError(path, f"task {number}: {exc}") from exc
    return documents


def iter_labelstudio(path: Path, handle: BinaryIO, whole: Callable[[], list[Document]]) -> Iterator[Document]:
    """A Label Studio export's Documents read from ``handle`` a task at a time.

    A corpus's export is hundreds of MB, and parsed whole it took eight times its size in memory. A list
    of tasks is read one task at a time (ijson); anything else (one task, a file that is not UTF-8) is
    left to ``whole``, the reader of the whole file. So is a small malformed file, for the line and
    column json's message gives (and for NaN, which json reads and yajl does not).
    """
    if _first_byte(handle) != b"[":
        yield from whole()
        return
    source = printable(path.name)
    number = 0
    try:
        events = ijson.parse(_shallow(path, ijson.basic_parse(handle, use_float=True)))
        for number, task in enumerate(ijson.items(events, "item"), start=1):
            if not _is_task(task):
                if number > 1:  # the tasks before it were tasks: an export broken part-way
                    raise ImportFileError(path, _NOT_A_TASK.format(number=number))
                raise _not_an_export(path, [task])  # the first item decides, not the whole file read again
            try:
                yield task_to_document(task, default_source=source)
            except RecordError as exc:
                raise ImportFileError(path, f"task {number}: {exc}") from exc
    except ijson.JSONError as exc:
        reason = str(exc).strip().split("\n")[0]  # yajl's first line; the others draw an arrow
        if "premature EOF" in reason:
            raise ImportFileError(path, f"malformed JSON: the file ends inside task {number + 1} (cut short?)") from exc
        if os.fstat(handle.fileno()).st_size > WHOLE_MAX:
            # Read whole for json's line and column, a large export would take gigabytes (8 times its size).
            raise ImportFileError(path, f"malformed JSON in task {number + 1} ({reason})") from exc
        # Python's json reads what yajl refuses (NaN, Infinity in a score): the whole file decides, and
        # the tasks already given are not given twice. A file json refuses too raises with line and column.
        yield from whole()[number:]
    if number == 0:
        yield from whole()


def _shallow(path: Path, events: Iterator[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
    """The parser's events, refused past MAX_DEPTH levels of nesting.

    ijson names every level by its path from the top ("item.meta.item.item…"), so memory grows with the
    square of the depth: a 400 KB file of nested brackets took gigabytes and the program was killed.
    The names are made after this check (basic_parse makes none), so a deep file stops here.
    """
    depth = 0
    for event, value in events:
        if event in ("start_map", "start_array"):
            depth += 1
            if depth > MAX_DEPTH:
                raise ImportFileError(path, f"JSON nested too deeply to read (more than {MAX_DEPTH} levels)")
        elif event in ("end_map", "end_array"):
            depth -= 1
        yield event, value


def _first_byte(handle: BinaryIO) -> bytes:
    """The first byte after a UTF-8 byte order mark and white space; ``handle`` is left just before it."""
    start = len(codecs.BOM_UTF8) if handle.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8 else 0
    handle.seek(start)
    while (byte := handle.read(1)) in (b" ", b"\t", b"\r", b"\n"):
        start += 1
    handle.seek(start)
    return byte


def task_to_document(task: dict[str, Any], default_source: str = "") -> Document:
    """One Label Studio task as a Document with every version's quotes; RecordError says what is wrong."""
    data = task["data"]
    raw = _text(data)
    text, offset_map = normalise(raw)
    values = {name: _meta_value(data, {}, keys) for name, keys in META_KEYS.items()}
    meta = task.get("meta") if isinstance(task.get("meta"), dict) else {}
    names = meta.get("annotators") if isinstance(meta.get("annotators"), list) else []
    quotes: list[Quote] = []
    annotations = _entries(task, "annotations")
    if annotations:
        for index, entry in annotations:
            if entry.get("was_cancelled") is True:
                continue
            owner = _owner(entry, names, index)
            quotes.extend(_version(entry, f"annotations[{index}]", raw, text, offset_map, owner, "import"))
    else:
        for index, entry in _entries(task, "predictions"):
            owner = _owner(entry, names, index)
            quotes.extend(_version(entry, f"predictions[{index}]", raw, text, offset_map, owner, "suggestion"))
    return Document(text=text, quotes=tuple(quotes), **{**values, "source": values["source"] or default_source})


def _text(data: dict[str, Any]) -> str:
    """The task's text: ``data.text``, else its longest string value."""
    value = data.get(TEXT)
    if value is None:
        strings = [v for v in data.values() if isinstance(v, str)]
        if not strings:
            raise RecordError('"data" holds no text (no "text" key and no string value)')
        value = max(strings, key=len)
    value = _string(value, '"data.text"')
    if not value.strip():
        raise RecordError('"data.text" is empty')
    return value


def _entries(task: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """(position, entry) of a task's annotations or predictions; anything but a list of objects is refused."""
    value = task.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(f'"{key}" is {_json_type(value)}, not a list')
    for index, entry in enumerate(value):
        if not isinstance(entry, dict):
            raise RecordError(f"{key}[{index}] is {_json_type(entry)}, not an object")
    return list(enumerate(value))


def _owner(entry: dict[str, Any], names: list, index: int) -> str:
    """Whose version an annotation or prediction is ("" when it does not say)."""
    if index < len(names) and isinstance(names[index], str) and names[index]:
        return names[index]
    version = entry.get("model_version")
    if isinstance(version, str) and version.startswith(MODEL_PREFIX) and len(version) > len(MODEL_PREFIX):
        return version[len(MODEL_PREFIX):]
    if entry.get("ground_truth") is True:
        return GOLD
    user = entry.get("completed_by")
    if isinstance(user, dict):
        user = user.get("email") or user.get("id")
    if isinstance(user, str) and user.strip():
        return user.strip()
    if isinstance(user, int) and not isinstance(user, bool):
        return f"labelstudio-{user}"
    return ""


def _version(
    entry: dict[str, Any], where: str, raw: str, text: str, offset_map: OffsetMap, owner: str, origin: str
) -> tuple[Quote, ...]:
    """The quotes of one annotation or prediction."""
    result = entry.get("result")
    if result is None:
        return ()
    if not isinstance(result, list):
        raise RecordError(f'{where}: "result" is {_json_type(result)}, not a list')
    units = Utf16Offsets(raw)
    spans: dict[str, _Span] = {}
    fields: dict[str, dict[str, Any]] = {}
    relations = []
    for index, item in enumerate(result):
        here = f"{where}.result[{index}]"
        if not isinstance(item, dict):
            raise RecordError(f"{here} is {_json_type(item)}, not an object")
        kind = str(item.get("type", "")).lower()
        region = item.get("id")
        if kind == "relation":
            relations.append((item.get("from_id"), item.get("to_id")))
        elif kind == "labels":
            span = _region(item, here, raw, units, offset_map)
            if span is not None and isinstance(region, str | int):
                spans.setdefault(str(region), span)
        elif kind in ("choices", "textarea") and isinstance(region, str | int):
            name = str(item.get("from_name", "")).lower()
            if name in CHOICE_FIELDS or name in TEXT_FIELDS:
                fields.setdefault(str(region), {})[name] = _field(item, kind, name, here)
    for region, span in spans.items():
        given = fields.get(region, {})
        if "origin" in given:
            # Our export wrote this quote and all its fields: a mention without a typed name names no one.
            given.setdefault("speaker", None)
        span.fields = {"origin": origin, **given}
    links = [(spans.get(str(a)), spans.get(str(b))) for a, b in relations if isinstance(a, str | int)
             and isinstance(b, str | int)]
    return _quotes(list(spans.values()), links, text, owner)


def _region(item: dict[str, Any], where: str, raw: str, units: Utf16Offsets, offset_map: OffsetMap) -> _Span | None:
    """A QUOTE, SPEAKER or CUE region as a span on the normalised text; None for any other label."""
    value = item.get("value")
    if not isinstance(value, dict):
        raise RecordError(f'{where}: "value" is {_json_type(value)}, not an object')
    labels = value.get("labels")
    if not isinstance(labels, list):
        raise RecordError(f'{where}: "value.labels" is {_json_type(labels)}, not a list')
    label = next((str(x).upper() for x in labels if isinstance(x, str) and x.upper() in _MENTIONS), None)
    if label is None:
        return None
    start, end = value.get("start"), value.get("end")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise RecordError(f"{where}: offsets must be integers (start={start!r}, end={end!r})")
    shown = value.get("text")
    if 0 <= start < end and isinstance(shown, str) and raw[start:end] != shown:
        start, end = _as_units(raw, units, start, end, shown)
    if not 0 <= start < end <= len(raw):
        raise RecordError(f"{where}: span {start}-{end} is outside the text (length {len(raw)})")
    new_start, new_end = offset_map(start), offset_map(end)
    if new_start >= new_end:
        raise RecordError(f"{where}: span {start}-{end} holds only a removed carriage return or BOM")
    return _Span(None, new_start, new_end, label, where, (start, end))


def _as_units(raw: str, units: Utf16Offsets, start: int, end: int, shown: str) -> tuple[int, int]:
    """Offsets read as UTF-16 units when that slice is the region's text; else as they are."""
    try:
        points = units.to_points(start), units.to_points(end)
    except ValueError:
        return start, end
    return points if raw[points[0] : points[1]] == shown else (start, end)


def _field(item: dict[str, Any], kind: str, name: str, where: str) -> Any:
    """A per-region field's value: a choice (a list for topics) or the text typed."""
    value = item.get("value")
    key = "choices" if kind == "choices" else "text"
    answers = value.get(key) if isinstance(value, dict) else None
    if isinstance(answers, str):
        answers = [answers]
    if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
        raise RecordError(f'{where}: "value.{key}" of {name} is not a list of strings')
    if name == "topics":
        return answers
    if kind == "textarea":
        return "\n".join(answers)
    return answers[0] if answers else None
