"""Read JSONL records in Prodigy or doccano style into Documents with their quotes.

Accepted shapes (one JSON object per line, blank lines skipped):

- Prodigy: ``"spans": [{"start", "end", "label", ...}]`` and ``"relations": [{"head", "child",
  "head_span", "child_span", "label"}]``; metadata in ``"meta"``; annotator in ``"_annotator_id"``.
- doccano: ``"entities": [{"id", "label", "start_offset", "end_offset", ...}]`` with ``"relations":
  [{"from_id", "to_id", "type"}]``, or ``"label": [[start, end, "QUOTE"], ...]``; metadata as top-level
  keys (or in ``"meta"``); annotator in ``"annotator"``.

Label rules (case-insensitive): QUOTE spans become quotes; SPEAKER and CUE spans become a quote's
``speaker_span``/``cue_span`` when a relation links them to it, in either direction; spans with any
other label, and relations that do not link a QUOTE to a SPEAKER or CUE, are ignored. Quote fields
(kind, speaker, stance, claim, topics, note, origin) are read from extra keys on the QUOTE span or
entity, as our writers put them; without a "speaker" key the linked SPEAKER mention names the
speaker unless it is a pronoun. Quotes without "origin" get "import". A Prodigy record answered
"reject" or "ignore" gives its text only.

Offsets refer to the raw ``"text"``; doccano's count UTF-16 code units (its browser editor's), converted
to code points first; the text is normalised (CRLF to LF, BOM dropped) and every
offset mapped, so spans stay on the same characters.

Types are checked, each refusal naming the line and the field: offsets are integers; text fields
(speaker, stance, claim, note, annotator, metadata) are strings or absent; topics a list of strings.
A stance or topic the scheme lacks is added to it (the import summary names it), so its name must be
a label: one line of at most 100 characters. A file whose records have no "text", or are quote records
pointing into other files (``"doc"``, ``"start"``, ``"end"``, as ``annotator eval --gold`` reads),
holds no articles: it is skipped whole with a NotArticlesError.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.model import KINDS, ORIGINS, Document, Quote
from annotator.core.text import OffsetMap, first_unpaired_surrogate, normalise, printable
from annotator.services.errors import ImportFileError, NotArticlesError
from annotator.services.utf16 import Utf16Offsets

QUOTE, SPEAKER, CUE = "QUOTE", "SPEAKER", "CUE"
META_KEYS = {
    "title": ("title",),
    "outlet": ("outlet", "sitename", "publisher"),
    "url": ("url",),
    "published": ("published", "date"),
    "source": ("source",),
}
PRONOUNS = frozenset("i you he she it we they me him her us them his hers its our their theirs".split())
# Keys of a doccano entity that are its structure, not a quote field.
_ENTITY_KEYS = {"id", "label", "start_offset", "end_offset"}
LABEL_MAX = 100
_GOLD_KEYS = ("doc", "start", "end")
_QUOTE_RECORDS = 'quote records ("doc", "start", "end") for annotator eval --gold'


class RecordError(ValueError):
    """A record that cannot be read; the caller adds the file and line."""


@dataclass
class _Span:
    """A span as read from the record, offsets already mapped onto the normalised text."""

    key: object  # what relations point at: a doccano entity id, or the span's position
    start: int
    end: int
    label: str
    where: str  # "spans[2]", for messages
    raw: tuple[int, int]  # offsets as written, which relations' head_span/child_span repeat
    fields: dict[str, Any] = field(default_factory=dict)
    token_start: int | None = None
    token_end: int | None = None


def read_jsonl_text(path: Path, raw: str) -> list[Document]:
    """Parse decoded JSONL text into Documents; an error names the file and the line."""
    # Split on "\n" only: str.splitlines() would also split on U+2028 and friends, which JSON
    # writers (ensure_ascii=False) leave unescaped inside strings.
    return list(read_jsonl_lines(path, enumerate(raw.split("\n"), start=1)))


def read_jsonl_lines(path: Path, lines: Iterable[tuple[int, str]]) -> Iterator[Document]:
    """Documents from (line number, line) pairs, one at a time; an error names the file and the line.

    One at a time because a corpus's export is large: a 10,000-article JSONL with its tokens is half a
    gigabyte, and parsed whole it took 4.4 GB of memory. A file that turns out to hold no article at all
    (gold quote records, records without "text") is a NotArticlesError, which needs the whole file to
    tell: the first such record waits until an article appears (then it is the error it is) or the file
    ends (then none of the file is articles).
    """
    source = printable(path.name)
    waiting: tuple[int, dict[str, Any]] | None = None  # the first record that is no article, before any article
    seen_article = False
    for number, record in _records(path, lines):
        if not seen_article and (_is_quote_record(record) or "text" not in record):
            waiting = waiting or (number, record)
            continue
        if waiting is not None:  # an article after records that are not: the first of them is an error
            number, record = waiting
        seen_article = True
        try:
            yield record_to_document(record, default_source=source)
        except RecordError as exc:
            raise ImportFileError(path, str(exc), number) from exc
        except RecursionError as exc:
            raise ImportFileError(path, "JSON nested too deeply to read", number) from exc
    if waiting is not None:
        kind = _QUOTE_RECORDS if _is_quote_record(waiting[1]) else 'records without a "text"'
        raise NotArticlesError(path, f"{kind}, not articles; nothing imported from it")


def _records(path: Path, lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; a line that is not a JSON object is an error."""
    for number, line in lines:
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFileError(path, f"malformed JSON ({exc.msg}, column {exc.colno})", number) from exc
        except RecursionError as exc:
            # json recurses once per nested array or object: [[[[...]]]] deep enough ends the stack.
            raise ImportFileError(path, "JSON nested too deeply to read", number) from exc
        if not isinstance(record, dict):
            raise ImportFileError(path, f"expected a JSON object, got {_json_type(record)}", number)
        yield number, record


def _is_quote_record(record: dict[str, Any]) -> bool:
    """True for a gold quote record: a span of another file's article, whose "text" is the quote."""
    return all(key in record for key in _GOLD_KEYS) and "spans" not in record and "entities" not in record


def record_to_document(record: dict[str, Any], default_source: str = "") -> Document:
    """Turn one Prodigy or doccano record into a Document; raises RecordError with the reason."""
    if _is_quote_record(record):
        raise RecordError('a quote record ("doc", "start", "end"), not an article')
    raw = record.get("text")
    if raw is None:
        raise RecordError('no "text" field')
    raw = _string(raw, '"text"')
    if not raw.strip():
        raise RecordError('"text" is empty')
    text, offset_map = normalise(raw)
    meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
    values = {name: _meta_value(meta, record, keys) for name, keys in META_KEYS.items()}
    owner_key = "_annotator_id" if record.get("_annotator_id") not in (None, "") else "annotator"
    annotator = _optional_str(record.get(owner_key), f'"{owner_key}"') or ""
    quotes: tuple[Quote, ...] = ()
    if record.get("answer") not in ("reject", "ignore"):
        spans, links = _spans_and_links(record, raw, offset_map)
        quotes = _quotes(spans, links, text, annotator)
    return Document(
        text=text,
        annotator=annotator,
        quotes=quotes,
        **{**values, "source": values["source"] or default_source},
    )


def _spans_and_links(record: dict[str, Any], raw: str, offset_map: OffsetMap) -> tuple[list[_Span], list]:
    """The record's spans and its relations as (span, span) pairs, in whichever style it uses."""
    if "spans" in record:
        spans = [
            _span(item, f"spans[{i}]", i, ("start", "end"), raw, offset_map)
            for i, item in enumerate(_list(record, "spans"))
        ]
        return spans, [_prodigy_link(r, spans, record) for r in _list(record, "relations")]
    if "entities" in record:
        entities = _list(record, "entities")
        units = Utf16Offsets(raw)
        names = ("start_offset", "end_offset")
        spans = [
            _span(
                _from_units(item, names, units, f"entities[{i}]"), f"entities[{i}]", _entity_id(item, i), names,
                raw, offset_map,
            )
            for i, item in enumerate(entities)
        ]
        by_key = {span.key: span for span in spans}
        links = [
            (by_key.get(_key(r.get("from_id"))), by_key.get(_key(r.get("to_id"))))
            for r in _list(record, "relations")
            if isinstance(r, dict)
        ]
        return spans, links
    if isinstance(record.get("label"), list):
        units = Utf16Offsets(raw)
        spans = []
        for i, item in enumerate(record["label"]):
            if isinstance(item, str):  # a text-classification label, not a span
                continue
            if not (isinstance(item, list) and len(item) == 3):
                raise RecordError(f"label[{i}] is not a [start, end, label] triple")
            as_dict = _from_units({"start": item[0], "end": item[1], "label": item[2]}, ("start", "end"), units,
                                  f"label[{i}]")
            spans.append(_span(as_dict, f"label[{i}]", i, ("start", "end"), raw, offset_map))
        return spans, []
    return [], []


def _from_units(item: Any, names: tuple[str, str], units: Utf16Offsets, where: str) -> Any:
    """A doccano span with its UTF-16 offsets turned into code points (left as is if not integers)."""
    if not isinstance(item, dict) or not all(_is_int(item.get(name)) for name in names):
        return item  # _span names what is wrong
    try:
        return {**item, **{name: units.to_points(item[name]) for name in names}}
    except ValueError as exc:
        raise RecordError(f"{where}: {exc}") from None


def _span(
    item: Any, where: str, key: object, names: tuple[str, str], raw: str, offset_map: OffsetMap
) -> _Span:
    """Validate one span's offsets and label against the raw text and map it onto the normalised one."""
    if not isinstance(item, dict):
        raise RecordError(f"{where} is {_json_type(item)}, not an object")
    start, end = item.get(names[0]), item.get(names[1])
    if not all(_is_int(v) for v in (start, end)):
        raise RecordError(
            f"{where}: offsets must be integers ({names[0]}={_shown(start)}, {names[1]}={_shown(end)})"
        )
    if start >= end:
        raise RecordError(f"{where}: start {start} is not before end {end}")
    if start < 0 or end > len(raw):
        raise RecordError(f"{where}: span {start}-{end} is outside the text (length {len(raw)})")
    label = item.get("label")
    if label is None or label == "":
        raise RecordError(f'{where}: no "label"')
    label = _string(label, f'{where}: "label"')
    new_start, new_end = offset_map(start), offset_map(end)
    if new_start >= new_end:
        raise RecordError(f"{where}: span {start}-{end} holds only a removed carriage return or BOM")
    fields = {k: v for k, v in item.items() if k not in _ENTITY_KEYS and k not in names}
    token_start, token_end = item.get("token_start"), item.get("token_end")
    for name, value in (("token_start", token_start), ("token_end", token_end)):
        if value is not None and not _is_int(value):
            raise RecordError(f'{where}: "{name}" is {_json_type(value)}, not an integer')
    return _Span(
        key,
        new_start,
        new_end,
        label.upper(),
        where,
        (start, end),
        fields,
        token_start if isinstance(token_start, int) else None,
        token_end if isinstance(token_end, int) else None,
    )


def _prodigy_link(relation: Any, spans: list[_Span], record: dict[str, Any]) -> tuple:
    """The spans a Prodigy relation joins, found by head_span/child_span or by token index."""
    if not isinstance(relation, dict):
        return (None, None)
    return tuple(
        _find_prodigy_end(relation.get(f"{end}_span"), relation.get(end), spans, record)
        for end in ("head", "child")
    )


def _find_prodigy_end(span_dict: Any, token: Any, spans: list[_Span], record: dict[str, Any]):
    """Resolve one relation end to candidate spans (a list), preferring the exact span dict."""
    if isinstance(span_dict, dict):
        start, end, label = span_dict.get("start"), span_dict.get("end"), span_dict.get("label")
        matches = [
            s
            for s in spans
            if s.raw == (start, end) and (not isinstance(label, str) or s.label == label.upper())
        ]
        if matches:
            return matches
    if not isinstance(token, int) or isinstance(token, bool):
        return []
    matches = [s for s in spans if s.token_start is not None and s.token_start <= token <= s.token_end]
    if matches:
        return matches
    # Spans without token indices: find the token's characters in "tokens" and the spans holding them.
    tokens = record.get("tokens") if isinstance(record.get("tokens"), list) else []
    found = next((t for t in tokens if isinstance(t, dict) and t.get("id") == token), None)
    if found is None or not isinstance(found.get("start"), int) or not isinstance(found.get("end"), int):
        return []
    return [s for s in spans if s.raw[0] <= found["start"] and found["end"] <= s.raw[1]]


def _quotes(spans: list[_Span], links: list, text: str, annotator: str) -> tuple[Quote, ...]:
    """Build Quotes from QUOTE spans, attaching SPEAKER/CUE spans that a relation links to them."""
    attached: dict[int, dict[str, _Span]] = {}
    for a, b in links:
        pair = _quote_and_other(a, b) or _quote_and_other(b, a)
        if pair is not None:
            quote, other = pair
            attached.setdefault(id(quote), {}).setdefault(other.label, other)
    quotes = []
    for span in spans:
        if span.label != QUOTE:
            continue
        extra = attached.get(id(span), {})
        speaker_span, cue_span = extra.get(SPEAKER), extra.get(CUE)
        quotes.append(_quote(span, speaker_span, cue_span, text, annotator))
    return tuple(quotes)


def _quote_and_other(a: Any, b: Any) -> tuple[_Span, _Span] | None:
    """(quote, speaker-or-cue) if ``a`` holds a QUOTE span and ``b`` a SPEAKER or CUE span."""
    a_spans = a if isinstance(a, list) else [a]
    b_spans = b if isinstance(b, list) else [b]
    quote = next((s for s in a_spans if isinstance(s, _Span) and s.label == QUOTE), None)
    other = next((s for s in b_spans if isinstance(s, _Span) and s.label in (SPEAKER, CUE)), None)
    return (quote, other) if quote and other else None


def _quote(
    span: _Span, speaker_span: _Span | None, cue_span: _Span | None, text: str, annotator: str
) -> Quote:
    """One Quote from a QUOTE span's fields, checking kind and origin against the vocabulary."""
    f = span.fields
    where = span.where
    kind = f.get("kind") or "direct"
    if not isinstance(kind, str) or kind not in KINDS:
        raise RecordError(f"{where}: unknown kind {_shown(kind)}; expected {', '.join(KINDS)}")
    origin = f.get("origin") or "import"
    if not isinstance(origin, str) or origin not in ORIGINS:
        raise RecordError(f"{where}: unknown origin {_shown(origin)}; expected {', '.join(ORIGINS)}")
    speaker = _optional_str(f.get("speaker"), f'{where}: "speaker"')
    if "speaker" not in f and speaker_span is not None:
        # Foreign data names the speaker only by its mention (our writers always write the key); a
        # pronoun would become a bogus registry entry, so it names no one.
        mention = text[speaker_span.start : speaker_span.end].strip()
        speaker = None if mention.lower() in PRONOUNS else mention or None
    topics = f.get("topics") or []
    if not isinstance(topics, str | list):
        raise RecordError(f'{where}: "topics" is {_json_type(topics)}, not a list')
    topics = [topics] if isinstance(topics, str) else topics
    topics = tuple(_label(t, f'{where}: "topics"[{i}]') for i, t in enumerate(topics))
    stance = _optional_str(f.get("stance"), f'{where}: "stance"')
    return Quote(
        id=None,
        article_id=None,
        start=span.start,
        end=span.end,
        annotator=annotator,
        kind=kind,
        speaker=speaker,
        speaker_span=(speaker_span.start, speaker_span.end) if speaker_span else None,
        cue_span=(cue_span.start, cue_span.end) if cue_span else None,
        stance=None if stance is None else _label(stance, f'{where}: "stance"'),
        claim=_optional_str(f.get("claim"), f'{where}: "claim"'),
        topics=topics,
        note=_optional_str(f.get("note"), f'{where}: "note"') or "",
        origin=origin,
    )


def _entity_id(item: Any, index: int) -> object:
    """A doccano entity's id, or its position when it has none (or one no relation could name)."""
    key = item.get("id") if isinstance(item, dict) else None
    return key if isinstance(key, str | int) else f"#{index}"


def _key(value: Any) -> object:
    """A relation end usable as a dict key (a list or object there matches nothing)."""
    return value if isinstance(value, str | int) else None


def _list(record: dict[str, Any], key: str) -> list:
    """``record[key]`` as a list (absent or null is empty); anything else is an error."""
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(f'"{key}" is {_json_type(value)}, not a list')
    return value


def _meta_value(meta: dict[str, Any], record: dict[str, Any], keys: tuple[str, ...]) -> str:
    """The first present metadata value among ``keys``, in ``meta`` first then at the top level."""
    for source, prefix in ((meta, "meta."), (record, "")):
        for key in keys:
            value = source.get(key)
            if value is None or value == "":
                continue
            if _is_int(value) or isinstance(value, float):
                return str(value)  # a year or an id as a number says the same as its digits
            return _string(value, f'"{prefix}{key}"')
    return ""


def _optional_str(value: Any, name: str) -> str | None:
    """A string field that may be absent (None and "" both mean absent); any other type is refused."""
    if value is None or value == "":
        return None
    return _string(value, name)


def _string(value: Any, name: str) -> str:
    """``value`` if it is a string UTF-8 can store; else a RecordError naming the field."""
    if not isinstance(value, str):
        raise RecordError(f"{name} is {_json_type(value)}, not a string")
    bad = first_unpaired_surrogate(value)
    if bad is not None:
        # JSON may escape half a surrogate pair ("\ud83d"); it is no character, and SQLite cannot store it.
        raise RecordError(f"{name} holds an unpaired surrogate (\\u{ord(value[bad]):04x}) at position {bad}")
    return value


def _label(value: Any, name: str) -> str:
    """A stance or topic name: a string on one line, short enough to be a label in the scheme."""
    value = _string(value, name)
    if not value.strip() or len(value) > LABEL_MAX or "\n" in value or "\r" in value:
        raise RecordError(f"{name} {_shown(value)} is not a label name (one line, 1 to {LABEL_MAX} characters)")
    return value


def _is_int(value: Any) -> bool:
    """True for a JSON integer (booleans are not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _shown(value: Any) -> str:
    """A short view of a value for a message: a scalar as JSON (long strings cut), else its type."""
    if isinstance(value, dict | list):
        return _json_type(value)
    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "…'"


def _json_type(value: Any) -> str:
    """How JSON would name a value's type, for messages."""
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
