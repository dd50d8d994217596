"""Read one file into Documents: plain text, Markdown, HTML, Word and JSONL (see ``readers_jsonl``).

Pure functions, no database: the importing service walks folders, dedupes by hash and stores. Every
failure is an ``ImportFileError`` naming the file (and line) and saying why, so one bad file can be
reported while the rest of a batch goes on.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from annotator.core.model import Document
from annotator.core.text import normalise
from annotator.services.errors import ImportFileError
from annotator.services.readers_jsonl import read_jsonl_text

SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".jsonl")

# python-docx's bundled template carries this creation date; a file that still has it was generated
# by a script that never set one, so it says nothing about when the article appeared.
_DOCX_TEMPLATE_CREATED = "2013-12-23T23:15:00"

_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def read_path(path: Path) -> list[Document]:
    """Read one file into Documents (one, or one per JSONL line), choosing the reader by suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        shown = suffix or "(no suffix)"
        raise ImportFileError(path, f"unknown format '{shown}'; expected {', '.join(SUFFIXES)}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(path, f"cannot read the file ({exc.strerror or exc})") from exc
    return reader(path, data)


def decode_text(path: Path, data: bytes) -> str:
    """Decode a text file's bytes as UTF-8 (BOM allowed), refusing binary, non-UTF-8 and empty files."""
    if b"\x00" in data:
        # UTF-16 files also contain NULs; they are rare for news text and would need a guess to decode.
        raise ImportFileError(path, "binary file (contains NUL bytes), not text")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # No fallback to cp1252/latin-1: a wrong guess silently corrupts quotes, so ask for UTF-8.
        raise ImportFileError(
            path,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start}); save it as UTF-8",
        ) from exc
    if not raw.strip():
        raise ImportFileError(path, "empty file (no text)")
    return raw


def read_txt(path: Path, data: bytes) -> list[Document]:
    """A plain-text file: the whole text, newlines normalised; no title."""
    text = normalise(decode_text(path, data)).text
    return [Document(text=text, source=path.name)]


def read_md(path: Path, data: bytes) -> list[Document]:
    """A Markdown file: text kept verbatim (markup included); the first heading is the title."""
    text = normalise(decode_text(path, data)).text
    return [Document(text=text, title=markdown_title(text), source=path.name)]


def markdown_title(text: str) -> str:
    """The first ATX (``# Title``) or setext (``Title`` over ``===``) heading, outside code fences."""
    in_fence = False
    previous = ""
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            previous = ""
            continue
        if in_fence:
            continue
        match = _ATX_HEADING.match(line)
        if match:
            return match.group(1).strip()
        # A "---" under a blank line is a thematic break, not a heading underline.
        if previous.strip() and _SETEXT_UNDERLINE.match(line):
            return previous.strip()
        previous = line
    return ""


def read_html(path: Path, data: bytes) -> list[Document]:
    """An HTML page: trafilatura's main text and metadata; scripts never run and nothing is fetched."""
    import trafilatura  # slow to import; only HTML needs it

    raw = decode_text(path, _html_as_utf8(path, data))
    try:
        # Given a string, trafilatura parses it with lxml and never opens a URL; scripts are dropped.
        # extensive_search off: a date guessed from the body text is worse than no date.
        extracted = trafilatura.bare_extraction(
            raw,
            favor_recall=True,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura raises assorted lxml/parser errors on broken markup
        raise ImportFileError(path, f"cannot parse the HTML ({type(exc).__name__}: {exc})") from exc
    text = normalise(extracted.text or "").text.strip() if extracted is not None else ""
    if not text:
        raise ImportFileError(path, "no extractable text in the HTML page")
    return [
        Document(
            text=text,
            title=extracted.title or "",
            outlet=extracted.sitename or "",
            url=extracted.url or "",
            published=extracted.date or "",
            source=path.name,
        )
    ]


def _html_as_utf8(path: Path, data: bytes) -> bytes:
    """The page re-encoded as UTF-8 when it is not UTF-8 but declares its charset, as older pages do."""
    try:
        data.decode("utf-8-sig")
        return data
    except UnicodeDecodeError:
        pass
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return data  # decode_text reports it
    try:
        return data.decode(match.group(1).decode("ascii")).encode("utf-8")
    except (LookupError, UnicodeDecodeError) as exc:
        charset = match.group(1).decode("ascii")
        raise ImportFileError(path, f"cannot decode the page with its declared charset '{charset}'") from exc


def read_docx(path: Path, data: bytes) -> list[Document]:
    """A Word file: body paragraphs joined by newlines; title and creation date from its properties."""
    import io

    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ImportFileError(path, "not a Word .docx file (not a zip archive)") from exc
    except Exception as exc:  # a zip without word/document.xml, broken XML, ...
        raise ImportFileError(path, f"not a readable Word .docx file ({type(exc).__name__}: {exc})") from exc
    text = normalise("\n".join(paragraph.text for paragraph in document.paragraphs)).text
    if not text.strip():
        raise ImportFileError(path, "empty document (no text in its paragraphs)")
    properties = document.core_properties
    created = properties.created.replace(tzinfo=None).isoformat() if properties.created else ""
    if created == _DOCX_TEMPLATE_CREATED:
        created = ""
    return [Document(text=text, title=(properties.title or "").strip(), published=created, source=path.name)]


def read_jsonl(path: Path, data: bytes) -> list[Document]:
    """A JSONL file of Prodigy or doccano records, one Document per non-blank line."""
    return read_jsonl_text(path, decode_text(path, data))


_READERS: dict[str, Callable[[Path, bytes], list[Document]]] = {
    ".txt": read_txt,
    ".md": read_md,
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
    ".jsonl": read_jsonl,
}
