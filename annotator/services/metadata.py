"""Article details from a sidecar file (CSV or JSONL, keyed by file name) and checks on any detail."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from annotator.store import article_details as detail_store
from annotator.store.project import Project

#: Column names a sidecar may use, and the detail each one fills.
COLUMNS = {
    "file": "file", "filename": "file", "file_name": "file", "path": "file",
    "title": "title", "headline": "title",
    "outlet": "outlet", "publisher": "outlet",
    "url": "url", "link": "url",
    "published": "published", "date": "published",
}
_EXPECTED = "file, title, outlet, published (or date), url"


class DetailError(ValueError):
    """A detail that cannot be stored; the message names the field and the value."""


def checked_details(details: dict[str, str]) -> dict[str, str]:
    """Details trimmed and checked: a date is YYYY-MM-DD (or ISO date and time), a URL is http(s)://host/..."""
    clean: dict[str, str] = {}
    for name, value in details.items():
        if not isinstance(value, str):
            raise DetailError(f"{name} must be text, not {type(value).__name__}")
        value = " ".join(value.split()) if name in ("title", "outlet") else value.strip()
        if name == "published" and value and not _is_date(value):
            raise DetailError(f"date '{value}' is not a date (YYYY-MM-DD)")
        if name == "url" and value:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
                raise DetailError(f"url '{value}' is not a web address (http://… or https://…)")
        clean[name] = value
    return clean


def _is_date(value: str) -> bool:
    try:
        (date if len(value) == 10 else datetime).fromisoformat(value)
    except ValueError:
        return False
    return True


@dataclass
class Sidecar:
    """A sidecar read: details by file name, and one message per bad line."""

    path: Path
    details: dict[str, dict[str, str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def read_sidecar(path: Path) -> Sidecar:
    """Read a CSV (with a header row) or JSONL sidecar; every bad line is named in ``errors``."""
    path = Path(path)
    sidecar = Sidecar(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        sidecar.errors.append(f"{path}: cannot read it ({getattr(exc, 'strerror', None) or exc})")
        return sidecar
    rows = _jsonl_rows(text, sidecar) if path.suffix.lower() in (".jsonl", ".json", ".ndjson") else _csv_rows(text, sidecar)
    seen: dict[str, int] = {}
    for line, row in rows:
        where = f"{path.name} line {line}"
        unknown = sorted(key for key in row if str(key).strip().lower() not in COLUMNS)
        if unknown:
            sidecar.errors.append(f"{where}: unknown {'field' if len(unknown) == 1 else 'fields'} {', '.join(map(str, unknown))} "
                                  f"(expected {_EXPECTED})")
            continue
        entry = {COLUMNS[str(key).strip().lower()]: ("" if value is None else value) for key, value in row.items()}
        name = str(entry.pop("file", "")).replace("\\", "/").rsplit("/", 1)[-1].strip()
        if not name:
            sidecar.errors.append(f"{where}: no file name (a 'file' field naming the article's file)")
            continue
        if name in seen:
            sidecar.errors.append(f"{where}: {name} is already given on line {seen[name]}")
            continue
        try:
            details = checked_details({key: value for key, value in entry.items()})
        except DetailError as exc:
            sidecar.errors.append(f"{where} ({name}): {exc}")
            continue
        seen[name] = line
        sidecar.details[name] = {key: value for key, value in details.items() if value}
    sidecar.errors.sort(key=_line_of)  # read errors and field errors, in the order of the file
    return sidecar


def _line_of(message: str) -> int:
    match = re.search(r" line (\d+)", message)
    return int(match.group(1)) if match else 0


def _csv_rows(text: str, sidecar: Sidecar) -> list[tuple[int, dict]]:
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames:
        sidecar.errors.append(f"{sidecar.path.name}: empty; the first line names the columns ({_EXPECTED})")
        return []
    rows = []
    for row in reader:
        line = reader.line_num
        if None in row:
            sidecar.errors.append(f"{sidecar.path.name} line {line}: more values than the header has columns")
            continue
        if any((value or "").strip() for value in row.values()):
            rows.append((line, row))
    return rows


def _jsonl_rows(text: str, sidecar: Sidecar) -> list[tuple[int, dict]]:
    rows = []
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as exc:
            sidecar.errors.append(f"{sidecar.path.name} line {line}: not valid JSON ({exc.msg})")
            continue
        if not isinstance(row, dict):
            sidecar.errors.append(f"{sidecar.path.name} line {line}: must be a JSON object")
            continue
        rows.append((line, row))
    return rows


def apply_sidecar(project: Project, sidecar: Sidecar) -> tuple[int, list[str]]:
    """Give the articles imported from each named file their details (non-empty ones), in one transaction.

    Returns
    -------
    (articles updated, sidecar file names that matched no article).
    """
    by_name = detail_store.article_ids_by_file_name(project)
    updated, unmatched = 0, []
    with project.atomic():
        for name, details in sidecar.details.items():
            ids = by_name.get(name, [])
            if not ids:
                unmatched.append(name)
            for article_id in ids:
                detail_store.set_article_details(project, article_id, details)
                updated += 1
    return updated, unmatched
