"""Write a project's quotes as UIMA CAS XMI through dkpro-cassis: one file per article, for INCEpTION.

The export is a folder, or a ``.zip`` of the same files: ``TypeSystem.xml`` (``xmi_types``) and one
``.xmi`` per article holding every selected annotator's quotes (each names its annotator). Offsets
stay code points here; cassis writes them as the UTF-16 units UIMA counts in Java and reads them back.
The document text is the stored article text, so an offset in the file lands on the same characters.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable
from itertools import groupby
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from annotator.core.model import Article, Quote
from annotator.services import xmi_types as types
from annotator.services.errors import ExportError
from annotator.services.export_targets import is_shard_folder, names_folder, replacing_tree

if TYPE_CHECKING:
    from cassis import Cas, TypeSystem

ZIP_SUFFIX, XMI_SUFFIX = ".zip", ".xmi"
# A fixed time in the archive: the same project exports to the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_UNSAFE = re.compile(r"[^\w-]+")


def check_xmi_target(out: Path | str) -> None:
    """Refuse (ExportError, one line) an XMI target that is neither a folder to write nor a ``.zip``."""
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix == XMI_SUFFIX:
        raise ExportError(f"{out}: an XMI export is a folder or a .zip of one .xmi per article; "
                          "give a folder name or NAME.zip")
    if suffix == ZIP_SUFFIX and not path.is_dir():
        return
    if path.exists() and not path.is_dir():
        raise ExportError(f"{out} is a file; an XMI export writes a folder (or give NAME.zip)")
    if path.is_dir() and any(path.iterdir()) and not is_shard_folder(path):
        raise ExportError(f"{out} is a folder holding other files; an XMI export replaces only a folder "
                          "an XMI export wrote, give a new or empty folder")


def file_name(article: Article) -> str:
    """The article's file in the export: its id, then its source or title as a safe name."""
    base = PurePath(article.source).stem if article.source else article.title
    slug = _UNSAFE.sub("-", base).strip("-")[:60] or "article"
    return f"{article.id:06d}-{slug}{XMI_SUFFIX}" if article.id is not None else f"{slug}{XMI_SUFFIX}"


def article_cas(article: Article, versions: Iterable[tuple[str, list[Quote]]], ts: TypeSystem) -> Cas:
    """One article's CAS: its text, details and every version's quotes with their mentions."""
    from cassis import Cas

    cas = Cas(typesystem=ts)
    cas.sofa_string = article.text
    meta = ts.get_type(types.DOCUMENT_META)
    cas.add(meta(begin=0, end=len(article.text), **_present(
        documentTitle=article.title, documentId=file_name(article)[: -len(XMI_SUFFIX)], documentUri=article.url)))
    details = ts.get_type(types.ARTICLE)
    cas.add(details(**_present(title=article.title, outlet=article.outlet, url=article.url,
                               published=article.published, source=article.source, sha256=article.sha256)))
    quote_type, strings = ts.get_type(types.QUOTE), ts.get_type(types.STRING_ARRAY)
    mention_types = {"speaker": ts.get_type(types.SPEAKER_MENTION), "cue": ts.get_type(types.CUE)}
    mentions: dict[tuple[str, int, int], Any] = {}  # one mention annotation per span, shared by quotes

    def mention(kind: str, span: tuple[int, int] | None) -> Any:
        if span is None:
            return None
        key = (kind, *span)
        if key not in mentions:
            mentions[key] = mention_types[kind](begin=span[0], end=span[1])
            cas.add(mentions[key])
        return mentions[key]

    for annotator, quotes in versions:
        for quote in sorted(quotes, key=lambda q: (q.start, q.end, q.id if q.id is not None else -1)):
            cas.add(quote_type(begin=quote.start, end=quote.end, **_present(
                kind=quote.kind, speaker=quote.speaker, speakerMention=mention("speaker", quote.speaker_span),
                cue=mention("cue", quote.cue_span), stance=quote.stance, claim=quote.claim,
                topics=strings(elements=list(quote.topics)) if quote.topics else None, note=quote.note,
                origin=quote.origin, annotator=annotator, quoteId=quote.id)))
    return cas


def _present(**features: Any) -> dict[str, Any]:
    """The features that have a value: an absent one is left unset in the CAS, not written as ""."""
    return {name: value for name, value in features.items() if value is not None and value != ""}


def write_xmi(out: Path, selected: Iterable[tuple[Article, str, list[Quote]]], report: Any,
              progress: Callable[[int], None] | None = None) -> None:
    """Write ``selected`` (article, annotator, quotes), grouped by article, to ``out``: a folder or a .zip.

    ``report`` (an ExportReport) counts records and quotes and names each article that could not
    be written; the target appears only when complete (``export_targets``).
    """
    check_xmi_target(out)
    ts = types.typesystem()
    as_zip = Path(out).suffix.lower() == ZIP_SUFFIX and not names_folder(out)
    with replacing_tree(Path(out), folder=not as_zip) as tree:
        if as_zip:
            with tree.open(binary=True) as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
                def put(name: str, text: str) -> None:
                    archive.writestr(zipfile.ZipInfo(name, _ZIP_TIME), text.encode("utf-8"), zipfile.ZIP_DEFLATED)

                _write_all(put, selected, ts, report, progress)
        else:
            folder = tree.folder()

            def put(name: str, text: str) -> None:
                (folder / name).write_bytes(text.encode("utf-8"))

            _write_all(put, selected, ts, report, progress)


def _write_all(put: Callable[[str, str], None], selected, ts: TypeSystem, report: Any,
               progress: Callable[[int], None] | None) -> None:
    """The type system, then one XMI per article; an article that fails is named in ``report``."""
    put(types.TYPESYSTEM_NAME, types.typesystem_xml())
    for _, group in groupby(selected, key=lambda item: item[0].id):
        items = list(group)
        article = items[0][0]
        versions = [(name, quotes) for _, name, quotes in items]
        try:
            xmi = article_cas(article, versions, ts).to_xmi()
        except Exception as exc:  # noqa: BLE001 - one article never stops the others
            report.skip(article, exc)
            continue
        put(file_name(article), xmi)
        report.records += 1  # a record is a document: one .xmi, every selected version's quotes in it
        report.quotes += sum(len(quotes) for _, quotes in versions)
        if progress:
            progress(report.records)
