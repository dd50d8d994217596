"""Read UIMA CAS XMI into Documents: an XMI export's files, a folder of them, a .zip, or INCEpTION's.

Each ``.xmi`` is read with the ``TypeSystem.xml`` beside it (in the same folder, or the same folder
of the archive), else with the export's own types (``xmi_types``); types neither knows are skipped
(lenient), so an INCEpTION document with tokens and other layers still gives its text and quotes.
cassis turns UIMA's UTF-16 offsets into code points; the text is then normalised (CRLF to LF) and
every offset carried onto it. Quotes come from ``webanno.custom.Quote`` with the fields its features
hold; the article's details from ``webanno.custom.ArticleDetails``, else DKPro's ``DocumentMetaData``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from annotator.core.model import GOLD, KINDS, ORIGINS, Document, Quote
from annotator.core.text import OffsetMap, normalise, printable
from annotator.services import xmi_types as types
from annotator.services.errors import ImportFileError, NotArticlesError
from annotator.services.readers_jsonl import LABEL_MAX, PRONOUNS

MB = 1 << 20
# An archive's caps, checked before anything is inflated and again while inflating (sizes can lie).
ZIP_MAX_MEMBERS = 200_000
XMI_MAX_SIZE = 256 * MB
ZIP_MAX_TOTAL = 2048 * MB


class _Invalid(ValueError):
    """A CAS that cannot become a Document; the caller names the file."""


def read_xmi(path: Path, data: bytes) -> list[Document]:
    """One ``.xmi`` file, read with the ``TypeSystem.xml`` beside it if there is one."""
    typesystem = None
    beside = _typesystem_beside(path)
    if beside is not None:
        try:
            info = beside.stat()
            typesystem = _typesystem_file(beside, info.st_mtime_ns, info.st_size)
        except OSError as exc:
            raise ImportFileError(beside, f"cannot read the type system ({exc.strerror or exc})") from exc
        except Exception as exc:  # noqa: BLE001 - lxml and cassis raise assorted errors on bad XML
            raise ImportFileError(beside, f"not a UIMA type system ({_why(exc)})") from exc
    try:
        return [document_from_xmi(data, typesystem, printable(path.name))]
    except _Invalid as exc:
        raise ImportFileError(path, str(exc)) from exc


def _typesystem_beside(path: Path) -> Path | None:
    """The type system file in the folder of ``path``, by the names tools give it (not a folder listing:
    a folder of 10,000 articles would be listed 10,000 times)."""
    for name in (types.TYPESYSTEM_NAME, types.TYPESYSTEM_NAME.lower(), "typeSystem.xml"):
        candidate = path.parent / name
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=8)
def _typesystem_file(path: Path, _mtime_ns: int, _size: int) -> Any:
    """A type system file parsed once per version of it (the files of one folder share it)."""
    return _load_typesystem(path.read_bytes())


def read_xmi_zip(path: Path, data: bytes) -> list[Document]:
    """A ``.zip`` of XMI files, each read with the type system in its folder of the archive.

    Our XMI export, or an INCEpTION project exported as UIMA CAS XMI: there each annotator's version of
    a document is a zip of its own, ``annotation/DOC/USER.zip`` (quotes made there are USER's) and
    ``curation/DOC/CURATION_USER.zip`` (the curated version: gold), read one level deep.
    """
    return list(_xmi_documents(path, _open_zip(path, data)))


def iter_xmi_zip(path: Path) -> Iterator[Document]:
    """As :func:`read_xmi_zip`, a Document at a time, the archive read from its file as each is needed."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise ImportFileError(path, "not a zip archive") from exc
    yield from _xmi_documents(path, archive)


def _xmi_documents(path: Path, archive: zipfile.ZipFile) -> Iterator[Document]:
    """The Documents of an XMI export's archive; a NotArticlesError once it turns out to hold none."""
    found = False
    for document in _zip_documents(path, archive, [ZIP_MAX_TOTAL], nested=True):
        found = True
        yield document
    if not found:  # a backup or a download beside the articles: skipped, as other files are
        raise NotArticlesError(path, "no .xmi file inside; a .zip is read as an XMI export "
                                     "(one .xmi per article and TypeSystem.xml)")


def _open_zip(path: Path, data: bytes, inner: str = "") -> zipfile.ZipFile:
    """The archive in ``data``, or an ImportFileError naming it."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise ImportFileError(path, f"{inner}: not a zip archive" if inner else "not a zip archive") from exc


def _zip_documents(path: Path, archive: zipfile.ZipFile, budget: list[int], nested: bool = False,
                   within: str = "", owner: str = "") -> Iterator[Document]:
    """The Documents of every .xmi in ``archive`` (and, if ``nested``, in the zips it holds), in name order.

    ``within`` names the enclosing zip member in messages; ``owner`` is the annotator of quotes that name none.
    """
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir() and not _hidden(m.filename)]
        _check_sizes(path, members)
        typesystems: dict[PurePosixPath, Any] = {}
        for member in members:
            if PurePosixPath(member.filename).name.lower() == types.TYPESYSTEM_NAME.lower():
                shown = within + member.filename
                try:
                    typesystems[PurePosixPath(member.filename).parent] = _load_typesystem(
                        _inflate(path, archive, member, budget, shown))
                except ImportFileError:
                    raise
                except Exception as exc:  # noqa: BLE001 - lxml and cassis raise assorted errors on bad XML
                    raise ImportFileError(path, f"{shown}: not a UIMA type system ({_why(exc)})") from exc
        for member in sorted(members, key=lambda m: m.filename):
            name, shown = member.filename.lower(), within + member.filename
            if name.endswith(".xmi"):
                folder = PurePosixPath(member.filename).parent
                typesystem = typesystems.get(folder, typesystems.get(PurePosixPath(".")))
                try:
                    document = document_from_xmi(_inflate(path, archive, member, budget, shown), typesystem,
                                                 printable(PurePosixPath(member.filename).name))
                except _Invalid as exc:
                    raise ImportFileError(path, f"{shown}: {exc}") from exc
                yield replace(document, annotator=owner) if owner else document
            elif nested and name.endswith(".zip"):
                inner = _open_zip(path, _inflate(path, archive, member, budget, shown), shown)
                yield from _zip_documents(path, inner, budget, within=f"{shown}/", owner=_inception_owner(shown))


def _inception_owner(name: str) -> str:
    """Whose version a zip of INCEpTION's project export holds: USER in annotation/, gold in curation/."""
    member = PurePosixPath(name)
    if "curation" in member.parts[:-1]:
        return GOLD
    return member.stem if "annotation" in member.parts[:-1] else ""


def _hidden(name: str) -> bool:
    """A name macOS or an editor adds to archives (``__MACOSX/``, ``.DS_Store``), not part of the export."""
    return any(part.startswith((".", "__MACOSX")) for part in PurePosixPath(name).parts)


def _check_sizes(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive whose declared sizes pass the caps, before anything is inflated."""
    if len(members) > ZIP_MAX_MEMBERS:
        raise ImportFileError(path, f"refused: {len(members):,} files in the archive, over the limit of "
                                    f"{ZIP_MAX_MEMBERS:,}")
    for member in members:
        if member.file_size > XMI_MAX_SIZE:
            raise ImportFileError(path, f"refused: {member.filename} would expand to {member.file_size / MB:,.0f} MB, "
                                        f"over the limit of {XMI_MAX_SIZE // MB} MB a file")
    if sum(m.file_size for m in members) > ZIP_MAX_TOTAL:
        raise ImportFileError(path, f"refused: the archive would expand past {ZIP_MAX_TOTAL // MB:,} MB")


def _inflate(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: list[int], shown: str) -> bytes:
    """A member's bytes, counted against the archive's remaining ``budget`` while inflating."""
    chunks, size = [], 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(MB):
                size += len(chunk)
                budget[0] -= len(chunk)
                if size > XMI_MAX_SIZE or budget[0] < 0:
                    raise ImportFileError(path, f"refused: {shown} expands past the archive's limits "
                                                "(a possible zip bomb)")
                chunks.append(chunk)
    except ImportFileError:
        raise
    except Exception as exc:  # bad checksum, unknown compression, encryption, truncated data
        raise ImportFileError(path, f"{shown}: cannot read it from the archive ({_why(exc)})") from exc
    return b"".join(chunks)


def _load_typesystem(data: bytes) -> Any:
    """A cassis TypeSystem from ``TypeSystem.xml`` bytes."""
    from cassis import load_typesystem

    return load_typesystem(io.BytesIO(data))


def document_from_xmi(data: bytes, typesystem: Any = None, source: str = "") -> Document:
    """The Document an XMI holds: normalised text, details and quotes (offsets on the normalised text).

    ``typesystem`` None reads it with the export's own types. Raises ``_Invalid`` (a ValueError) with
    the reason when the file is not XMI, has no text, or a quote's offsets or fields are wrong.
    """
    from cassis import load_cas_from_xmi

    try:
        cas = load_cas_from_xmi(io.BytesIO(data), typesystem=typesystem or types.typesystem(), lenient=True)
    except Exception as exc:  # noqa: BLE001 - lxml and cassis raise assorted errors on bad XMI
        raise _Invalid(f"not a readable UIMA CAS XMI file ({_why(exc)})") from exc
    raw = cas.sofa_string
    if not isinstance(raw, str) or not raw.strip():
        raise _Invalid("no document text in the XMI")
    text, offset_map = normalise(raw)
    details = _first(cas, types.ARTICLE)
    meta = _first(cas, types.DOCUMENT_META)
    title = _text(details, "title") or _text(meta, "documentTitle")
    quotes = tuple(_quote(fs, raw, text, offset_map) for fs in _select(cas, types.QUOTE))
    return Document(
        text=text, title=title, outlet=_text(details, "outlet"),
        url=_text(details, "url") or _text(meta, "documentUri"), published=_text(details, "published"),
        # The export names the source file, or says there was none; a file from elsewhere is its own source.
        source=_text(details, "source") if details is not None else source, quotes=quotes,
    )


def _select(cas: Any, type_name: str) -> list[Any]:
    """The feature structures of a type, in text order; none when the type system lacks it."""
    if not cas.typesystem.contains_type(type_name):
        return []
    return list(cas.select(type_name))


def _first(cas: Any, type_name: str) -> Any:
    """The first feature structure of a type, or None."""
    found = _select(cas, type_name)
    return found[0] if found else None


def _feature(fs: Any, name: str) -> Any:
    """A feature's value; None when unset or when the file's type system lacks the feature."""
    return None if fs is None else getattr(fs, name, None)


def _text(fs: Any, name: str) -> str:
    """A string feature, "" when absent; a value of another type is refused."""
    value = _feature(fs, name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Invalid(f'the feature "{name}" holds {type(value).__name__}, not text')
    return value


def _span(fs: Any, raw: str, offset_map: OffsetMap, what: str) -> tuple[int, int]:
    """An annotation's (begin, end) checked against the raw text and carried onto the normalised one."""
    begin, end = _feature(fs, "begin"), _feature(fs, "end")
    if not isinstance(begin, int) or not isinstance(end, int) or not 0 <= begin < end <= len(raw):
        raise _Invalid(f"{what} has offsets {begin}..{end}, outside the text of {len(raw)} characters or empty")
    return offset_map(begin), offset_map(end)


def _quote(fs: Any, raw: str, text: str, offset_map: OffsetMap) -> Quote:
    """One Quote from a quote annotation, checking its fields against the vocabulary."""
    start, end = _span(fs, raw, offset_map, f"the quote at {fs.begin}..{fs.end}")
    where = f"the quote {text[start:end][:40]!r}"
    kind = _text(fs, "kind") or "direct"
    if kind not in KINDS:
        raise _Invalid(f"{where}: unknown kind {kind!r}; expected {', '.join(KINDS)}")
    origin = _text(fs, "origin") or "import"
    if origin not in ORIGINS:
        raise _Invalid(f"{where}: unknown origin {origin!r}; expected {', '.join(ORIGINS)}")
    spans = {}
    for name in ("speakerMention", "cue"):
        mention = _feature(fs, name)
        spans[name] = None if mention is None else _span(mention, raw, offset_map, f"{where}: its {name}")
    speaker = _text(fs, "speaker") or None
    if speaker is None and spans["speakerMention"] is not None and _feature(fs, "annotator") is None:
        # Made in INCEpTION without a name: the mention names the speaker, unless it is a pronoun.
        mention_text = text[slice(*spans["speakerMention"])].strip()
        speaker = None if mention_text.lower() in PRONOUNS else mention_text or None
    stance = _text(fs, "stance") or None
    topics = _feature(fs, "topics")
    if isinstance(topics, str):  # a layer whose topics feature is one string, not a multi-value one
        topics = (topics,) if topics else ()
    else:
        topics = tuple(getattr(topics, "elements", None) or ()) if topics is not None else ()
    return Quote(
        id=None, article_id=None, start=start, end=end, annotator=_text(fs, "annotator"), kind=kind,
        speaker=speaker, speaker_span=spans["speakerMention"], cue_span=spans["cue"],
        stance=None if stance is None else _label(stance, where, "stance"), claim=_text(fs, "claim") or None,
        topics=tuple(_label(topic, where, "topic") for topic in topics), note=_text(fs, "note"), origin=origin,
    )


def _label(value: Any, where: str, what: str) -> str:
    """A stance or topic name: text on one line, short enough to be a label in the scheme."""
    if not isinstance(value, str) or not value.strip() or len(value) > LABEL_MAX or "\n" in value or "\r" in value:
        raise _Invalid(f"{where}: {what} {str(value)[:40]!r} is not a label name (one line, 1 to {LABEL_MAX} characters)")
    return value


def _why(exc: Exception) -> str:
    """An exception as a short reason: its type and first line."""
    first = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__
