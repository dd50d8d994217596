"""Read one file into Documents: plain text, Markdown, HTML, Word, JSONL (``readers_jsonl``) and XMI (``readers_xmi``).

Pure functions, no database: the importing service walks folders, dedupes by hash and stores. Every
failure is an ``ImportFileError`` naming the file (and line) and saying why, so one bad file can be
reported while the rest of a batch goes on.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from annotator.core.model import Document
from annotator.core.text import normalise, printable
from annotator.services.errors import ImportFileError
from annotator.services.readers_jsonl import read_jsonl_lines, read_jsonl_text
from annotator.services.readers_labelstudio import iter_labelstudio, read_labelstudio_text
from annotator.services.readers_xmi import iter_xmi_zip, read_xmi, read_xmi_zip

SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".jsonl", ".json", ".xmi", ".zip")

# python-docx's bundled template carries this creation date; a file that still has it was generated
# by a script that never set one, so it says nothing about when the article appeared.
_DOCX_TEMPLATE_CREATED = "2013-12-23T23:15:00"

_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# UTF-32 before UTF-16: the UTF-32 little-endian mark starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)

# A .docx is a zip archive; python-docx inflates and parses its parts whole (16 MB of XML: 8 s,
# 14 million characters). An article's parts are a few MB even with photos, so these caps refuse a
# zip bomb before anything is inflated.
MB = 1 << 20
DOCX_MAX_PARTS = 5_000
DOCX_MAX_PART = 16 * MB
DOCX_MAX_TOTAL = 64 * MB


#: Longer first lines are a paragraph, not a headline (news headlines run to about 15 words).
_HEADLINE_CHARS = 160
_HEADLINE_WORDS = 25


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
        raise ImportFileError(path, f"cannot read the file ({os_reason(exc)})") from exc
    return reader(path, data)


def iter_path(path: Path) -> Iterator[Document]:
    """As :func:`read_path`, a Document at a time: JSONL by line, Label Studio by task, an XMI .zip by file.

    Errors come as the Documents are taken, so a caller stores them in one transaction and rolls back
    on an ImportFileError (an error on line 9,000 keeps nothing of the lines before it).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".zip":
        try:
            yield from iter_xmi_zip(path)
        except OSError as exc:
            raise ImportFileError(path, f"cannot read the file ({os_reason(exc)})") from exc
        return
    if suffix not in (".jsonl", ".json"):
        yield from read_path(path)
        return
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ImportFileError(path, f"cannot read the file ({os_reason(exc)})") from exc
    with handle:
        before = _version(handle)

        def whole() -> list[Document]:
            _check_unchanged(path, handle, before)  # a second read must see what the first one did
            handle.seek(0)
            return _READERS[suffix](path, handle.read())

        try:
            if any(handle.peek(4)[:4].startswith(bom) for bom, _ in _BOMS):  # UTF-16/32: rare, read whole
                yield from whole()
            elif suffix == ".jsonl":
                yield from read_jsonl_lines(path, _utf8_lines(path, handle))
            else:
                yield from iter_labelstudio(path, handle, whole)
            # Read over many seconds, a file another program writes meanwhile would be kept half old, half new.
            _check_unchanged(path, handle, before)
        except OSError as exc:
            raise ImportFileError(path, f"cannot read the file ({os_reason(exc)})") from exc


def _version(handle: io.BufferedReader) -> tuple[int, int]:
    """The open file's size and modification time, which any write changes."""
    info = os.fstat(handle.fileno())
    return info.st_size, info.st_mtime_ns


def _check_unchanged(path: Path, handle: io.BufferedReader, before: tuple[int, int]) -> None:
    """Raise an ImportFileError when the file was written to since it was opened."""
    if _version(handle) != before:
        raise ImportFileError(path, "the file changed while it was read (another program writing it?); "
                                    "nothing of it was imported; import it again once it is complete")


def _utf8_lines(path: Path, handle: io.BufferedReader) -> Iterator[tuple[int, str]]:
    """(number, text) of each line of a UTF-8 file, with the checks :func:`decode_text` makes on a whole file."""
    offset, blank = 0, True  # offset: where the line starts, after any byte order mark
    for number, line in enumerate(handle, start=1):
        text = _decode_utf8(path, line, offset)
        offset += len(line) - (len(codecs.BOM_UTF8) if offset == 0 and line.startswith(codecs.BOM_UTF8) else 0)
        blank = blank and not text.strip()
        yield number, text
    if blank:
        raise ImportFileError(path, "empty file (no text)")


def os_reason(exc: OSError) -> str:
    """Why the system refused a file, in words (a link loop is not a missing file)."""
    if exc.errno == errno.ELOOP:
        return "a loop of symbolic links"
    return exc.strerror or str(exc)


def decode_text(path: Path, data: bytes) -> str:
    """Decode a text file's bytes: UTF-8 (BOM allowed), or UTF-16/32 with a BOM; refuse binary and empty."""
    raw = _decode_marked(path, data)
    if raw is None:
        raw = _decode_utf8(path, data)
    if not raw.strip():
        raise ImportFileError(path, "empty file (no text)")
    return raw


def _decode_marked(path: Path, data: bytes) -> str | None:
    """The text of a file that starts with a UTF-16 or UTF-32 byte order mark, else None."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec.lower())  # the codec reads the mark and drops it
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    path, f"not valid {codec} text (bad bytes at position {exc.start}), though it starts as {codec}"
                ) from exc
    return None


def _decode_utf8(path: Path, data: bytes, at: int = 0) -> str:
    """The text of a file (or of its part starting at byte ``at``) without a UTF-16/32 mark, which must be UTF-8."""
    if b"\x00" in data:
        # UTF-16 without a byte order mark would need a guess at its byte order; refuse it as binary.
        raise ImportFileError(path, "binary file (contains NUL bytes), not text")
    if at == 0 and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]  # positions below count from after it, as an editor shows them
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # No fallback to cp1252/latin-1: a wrong guess silently corrupts quotes, so ask for UTF-8.
        raise ImportFileError(
            path,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at position {at + exc.start}); save it as UTF-8",
        ) from exc


def read_txt(path: Path, data: bytes) -> list[Document]:
    """A plain-text file: the whole text, newlines normalised; its first line is the title if a headline."""
    text = normalise(decode_text(path, data)).text
    return [Document(text=text, title=text_headline(text), source=printable(path.name))]


def text_headline(text: str) -> str:
    """The first line of a plain text when it reads as a headline (short, unpunctuated, more text after)."""
    lines = text.strip().split("\n")
    first = lines[0].strip()
    rest = "\n".join(lines[1:]).strip()
    # A wire story's first line is often its lead sentence: a full stop, comma or colon ends prose, not
    # a headline; a question or exclamation mark may end either, so only length decides those.
    if not rest or len(first) > _HEADLINE_CHARS or len(first.split()) > _HEADLINE_WORDS:
        return ""
    return "" if first.endswith((".", ",", ";", ":")) else first


def read_md(path: Path, data: bytes) -> list[Document]:
    """A Markdown file: text kept verbatim (markup included); the first heading is the title."""
    text = normalise(decode_text(path, data)).text
    return [Document(text=text, title=markdown_title(text), source=printable(path.name))]


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
            source=printable(path.name),
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
    import docx  # python-docx

    check_zip_sizes(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # a zip without word/document.xml, broken XML, ...
        raise ImportFileError(path, f"not a readable Word .docx file ({type(exc).__name__}: {exc})") from exc
    text = normalise("\n".join(paragraph.text for paragraph in document.paragraphs)).text
    if not text.strip():
        raise ImportFileError(path, "empty document (no text in its paragraphs)")
    properties = document.core_properties
    created = properties.created.replace(tzinfo=None).isoformat() if properties.created else ""
    if created == _DOCX_TEMPLATE_CREATED:
        created = ""
    return [Document(text=text, title=(properties.title or "").strip(), published=created, source=printable(path.name))]


def check_zip_sizes(path: Path, data: bytes) -> None:
    """Refuse an archive whose parts would expand past the .docx caps, declared or actually inflated."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise ImportFileError(path, "not a Word .docx file (not a zip archive)") from exc
    with archive:
        parts = archive.infolist()
        if len(parts) > DOCX_MAX_PARTS:
            raise ImportFileError(path, f"refused: {len(parts)} parts in the archive, over the limit of {DOCX_MAX_PARTS}")
        largest = max(parts, key=lambda part: part.file_size, default=None)
        if largest is not None and largest.file_size > DOCX_MAX_PART:
            raise ImportFileError(path, _bomb(f"its part {largest.filename} would expand to", largest.file_size, DOCX_MAX_PART, "a part"))
        declared = sum(part.file_size for part in parts)
        if declared > DOCX_MAX_TOTAL:
            raise ImportFileError(path, _bomb("it would expand to", declared, DOCX_MAX_TOTAL))
        # Sizes in the archive can lie; inflate each part in chunks, counting, and stop at the caps.
        # zipfile itself stops a part at its declared size and then fails its checksum.
        inflated = 0
        try:
            for part in parts:
                with archive.open(part) as stream:
                    while chunk := stream.read(MB):
                        inflated += len(chunk)
                        if inflated > DOCX_MAX_TOTAL:
                            raise ImportFileError(path, _bomb("it expands to more than", DOCX_MAX_TOTAL, DOCX_MAX_TOTAL))
        except ImportFileError:
            raise
        except Exception as exc:  # bad checksum, unknown compression, encryption, truncated data
            raise ImportFileError(path, f"not a readable Word .docx file ({type(exc).__name__}: {exc})") from exc


def _bomb(what: str, size: int, limit: int, holder: str = "a .docx") -> str:
    """The message for an archive that expands too far."""
    return f"refused as a possible zip bomb: {what} {size / MB:,.0f} MB ({holder} may hold {limit // MB} MB)"


def read_jsonl(path: Path, data: bytes) -> list[Document]:
    """A JSONL file of Prodigy or doccano records, one Document per non-blank line."""
    return read_jsonl_text(path, decode_text(path, data))


def read_json(path: Path, data: bytes) -> list[Document]:
    """A JSON file: a Label Studio export (a list of tasks with their annotations or predictions)."""
    return read_labelstudio_text(path, decode_text(path, data))


_READERS: dict[str, Callable[[Path, bytes], list[Document]]] = {
    ".txt": read_txt,
    ".md": read_md,
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
    ".jsonl": read_jsonl,
    ".json": read_json,
    ".xmi": read_xmi,
    ".zip": read_xmi_zip,  # an XMI export (INCEpTION's UIMA CAS XMI)
}
