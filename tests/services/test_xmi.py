"""UIMA CAS XMI for INCEpTION: what dkpro-cassis loads from the export, and what comes back on import."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import cassis
import pytest
from lxml import etree

from annotator.core.model import GOLD, Article, Quote
from annotator.core.text import normalise, sha256_of
from annotator.services import xmi_types
from annotator.services.errors import ExportError, ImportFileError
from annotator.services.exporting import export_project
from annotator.services.importing import import_paths
from annotator.services.projects import open_project
from annotator.services.readers import read_path
from annotator.store import articles, labels, quotes

RAW = "Fans 🙂👍🏽 cheered.\r\nThe minister said the claims were “unbelievable” on Tuesday.\r\n"
TEXT = normalise(RAW).text
QUOTE = "believable” on Tues"  # starts and ends mid-word, as Alt+Q allows
SPEAKER, CUE = "The minister", "said"
OTHER = "Second article: “We never sold drones,” he said. 🚀"


def _fields(quote: Quote) -> tuple:
    """Everything a quote holds that an export must keep (not its id or time stamps)."""
    return (quote.annotator, quote.start, quote.end, quote.kind, quote.speaker, quote.speaker_span, quote.cue_span,
            quote.stance, quote.claim, tuple(sorted(quote.topics)), quote.note, quote.origin)


def _all(project) -> dict[str, tuple]:
    """Every article by hash: its details and its quotes' fields."""
    found = {}
    for article in articles.all_articles(project):
        found[article.sha256] = (
            (article.text, article.title, article.outlet, article.url, article.published, article.source),
            sorted(_fields(q) for q in quotes.quotes_for_article(project, article.id)),
        )
    return found


@pytest.fixture
def source():
    """Two articles; the first has quotes by alice (every field set), bob and gold."""
    project = open_project(memory=True)
    first, _ = articles.insert_article(project, Article(
        None, TEXT, sha256_of(TEXT), title="Drones & <denials>", outlet="Outlet A", url="https://a.example/1?x=1&y=2",
        published="2022-11-05", source="iran drones.txt"))
    second, _ = articles.insert_article(project, Article(None, OTHER, sha256_of(OTHER), title="Second"))
    for topic in ("drones", "arms|trade"):
        labels.ensure_topic(project, topic)
    start, speaker, cue = TEXT.index(QUOTE), TEXT.index(SPEAKER), TEXT.index(CUE)
    quotes.insert_quote(project, Quote(
        None, first, start, start + len(QUOTE), "alice", kind="mixed", speaker="Hossein Amir-Abdollahian",
        speaker_span=(speaker, speaker + len(SPEAKER)), cue_span=(cue, cue + len(CUE)), stance="opposes",
        claim="Iran supplied drones to Russia", topics=("drones", "arms|trade"), note="two lines\nof note",
        origin="suggestion"))
    quotes.insert_quote(project, Quote(None, first, 0, 4, "bob", speaker_span=(speaker, speaker + len(SPEAKER))))
    quotes.insert_quote(project, Quote(None, first, start, start + len(QUOTE), GOLD, kind="indirect"))
    inner = OTHER.index("We never")
    quotes.insert_quote(project, Quote(None, second, inner, inner + 19, "alice"))
    yield project
    project.close()


def _cases(zip_path: Path) -> list[cassis.Cas]:
    """Every CAS in an XMI zip, loaded strictly by cassis with the zip's own type system."""
    with zipfile.ZipFile(zip_path) as archive:
        typesystem = cassis.load_typesystem(BytesIO(archive.read(xmi_types.TYPESYSTEM_NAME)))
        names = sorted(n for n in archive.namelist() if n.endswith(".xmi"))
        return [cassis.load_cas_from_xmi(BytesIO(archive.read(n)), typesystem=typesystem) for n in names]


def test_zip_loads_in_cassis_with_the_quotes_on_the_same_words(source, tmp_path):
    out = tmp_path / "quotes.zip"
    report = export_project(source, out)
    assert (report.format, report.records, report.quotes) == ("xmi", 2, 4)  # one record per article file
    first, second = _cases(out)
    assert first.sofa_string == TEXT and second.sofa_string == OTHER
    by_annotator = {q.annotator: q for q in first.select(xmi_types.QUOTE)}
    alice = by_annotator["alice"]
    assert alice.get_covered_text() == QUOTE
    assert alice.speakerMention.get_covered_text() == SPEAKER and alice.cue.get_covered_text() == CUE
    assert (alice.kind, alice.stance, alice.claim, alice.note, alice.origin) == (
        "mixed", "opposes", "Iran supplied drones to Russia", "two lines\nof note", "suggestion")
    assert sorted(alice.topics.elements) == ["arms|trade", "drones"]
    assert by_annotator["bob"].speakerMention is alice.speakerMention  # one mention, shared
    assert by_annotator[GOLD].get_covered_text() == QUOTE
    (meta,) = first.select(xmi_types.DOCUMENT_META)
    assert (meta.documentTitle, meta.documentUri) == ("Drones & <denials>", "https://a.example/1?x=1&y=2")


def test_offsets_in_the_file_count_utf16_units_as_uima_does_in_java(source, tmp_path):
    out = tmp_path / "quotes.zip"
    export_project(source, out, annotator="alice")
    with zipfile.ZipFile(out) as archive:
        name = next(n for n in sorted(archive.namelist()) if n.endswith(".xmi"))
        root = etree.fromstring(archive.read(name))
    (quote,) = root.findall("{http:///webanno/custom.ecore}Quote")
    start = TEXT.index(QUOTE)
    utf16 = len(TEXT[:start].encode("utf-16-le")) // 2
    assert utf16 == start + 3  # three astral characters before it, two units each
    assert (int(quote.get("begin")), int(quote.get("end"))) == (utf16, utf16 + len(QUOTE))


@pytest.mark.parametrize("target", ["quotes.zip", "quotes-xmi"])
def test_export_then_import_keeps_every_article_span_and_field(source, tmp_path, target):
    out = tmp_path / target
    export_project(source, out, "xmi")
    copy = open_project(memory=True)
    report = import_paths(copy, [out], "someone")
    assert (report.rejected, report.skipped) == ([], [])  # TypeSystem.xml is read with the .xmi files
    assert report.articles_added == 2 and report.quotes_added == 4
    assert _all(copy) == _all(source)
    again = import_paths(copy, [out], "someone")
    assert (again.articles_existing, again.quotes_existing, again.quotes_added) == (2, 4, 0)


def test_one_xmi_file_reads_with_the_type_system_beside_it_or_without_one(source, tmp_path):
    out = tmp_path / "folder"
    export_project(source, out, "xmi", annotator="alice")
    first = sorted(out.glob("*.xmi"))[0]
    with_types = read_path(first)
    (out / xmi_types.TYPESYSTEM_NAME).unlink()
    assert read_path(first) == with_types  # the export's own types are known without the file
    (document,) = with_types
    (quote,) = document.quotes
    assert document.text[quote.start : quote.end] == QUOTE and document.source == "iran drones.txt"


def test_an_inception_document_with_crlf_and_other_layers_gives_its_quotes(tmp_path):
    """Made in INCEpTION: CRLF text, tokens of a layer we do not know, a quote with only a speaker mention."""
    typesystem = xmi_types.typesystem()
    token = typesystem.create_type("de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token")
    cas = cassis.Cas(typesystem=typesystem)
    cas.sofa_string = RAW
    cas.add(token(begin=0, end=4))
    mention = typesystem.get_type(xmi_types.SPEAKER_MENTION)(begin=RAW.index(SPEAKER), end=RAW.index(SPEAKER) + 12)
    cas.add(mention)
    quote_type = typesystem.get_type(xmi_types.QUOTE)
    cas.add(quote_type(begin=RAW.index(QUOTE), end=RAW.index(QUOTE) + len(QUOTE), speakerMention=mention,
                       stance="opposes"))
    (tmp_path / "alice.xmi").write_text(cas.to_xmi(), encoding="utf-8")
    (tmp_path / "TypeSystem.xml").write_text(typesystem.to_xml(), encoding="utf-8")
    # Read with the export's types only (no Token), as a file sent without its type system would be.
    (document,) = read_path(tmp_path / "alice.xmi")
    (quote,) = document.quotes
    assert document.text == TEXT and document.text[quote.start : quote.end] == QUOTE
    assert (quote.speaker, quote.origin, quote.kind, quote.annotator) == (SPEAKER, "import", "direct", "")
    project = open_project(memory=True)
    report = import_paths(project, [tmp_path], "carol")
    assert report.quotes_added == 1 and report.skipped == []
    assert quotes.all_quotes(project)[0].annotator == "carol"


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("bad.xmi", b"<xmi:XMI xmlns:xmi='http://www.omg.org/XMI'><unclosed", "not a readable UIMA CAS XMI file"),
        ("bad.zip", b"PK\x03\x04 truncated", "not a zip archive"),
        ("other.zip", None, "no .xmi file inside"),
    ],
)
def test_a_broken_file_is_one_line_naming_it(tmp_path, name, data, says):
    path = tmp_path / name
    if data is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("notes.txt", "hello")
    else:
        path.write_bytes(data)
    with pytest.raises(ImportFileError) as caught:
        read_path(path)
    assert str(caught.value).startswith(f"{name}: ") and says in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_quote_outside_the_text_rejects_the_file_naming_the_quote(tmp_path):
    typesystem = xmi_types.typesystem()
    cas = cassis.Cas(typesystem=typesystem)
    cas.sofa_string = "Short text."
    cas.add(typesystem.get_type(xmi_types.QUOTE)(begin=6, end=6, kind="direct"))
    (tmp_path / "empty-quote.xmi").write_text(cas.to_xmi(), encoding="utf-8")
    project = open_project(memory=True)
    report = import_paths(project, [tmp_path / "empty-quote.xmi"], "carol")
    ((_, reason),) = report.rejected
    assert "empty-quote.xmi: the quote at 6..6 has offsets 6..6" in reason
    assert articles.article_count(project) == 0  # nothing of a rejected file is kept


def test_targets_an_xmi_export_refuses_before_writing(source, tmp_path):
    with pytest.raises(ExportError, match="a folder or a .zip"):
        export_project(source, tmp_path / "one.xmi", "xmi")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ExportError, match="holding other files"):
        export_project(source, mine, "xmi")
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    export_project(source, empty, "xmi", annotator="bob")
    assert sorted(p.name for p in empty.iterdir()) == ["000001-iran-drones.xmi", "TypeSystem.xml"]
    export_project(source, empty, "xmi")  # an earlier XMI export is replaced whole
    assert len(list(empty.glob("*.xmi"))) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "mine"]  # no temporary left behind


def _inception_zip(typesystem, text: str, quotes: list[tuple[int, int]]) -> bytes:
    """One annotator's document as INCEpTION's project export holds it: a zip of USER.xmi and TypeSystem.xml."""
    cas = cassis.Cas(typesystem=typesystem)
    cas.sofa_string = text
    quote_type = typesystem.get_type(xmi_types.QUOTE)
    for start, end in quotes:
        cas.add(quote_type(begin=start, end=end, topics="drones"))
    data = BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("user.xmi", cas.to_xmi())
        archive.writestr("TypeSystem.xml", typesystem.to_xml())
    return data.getvalue()


def test_an_inception_project_export_gives_each_annotator_and_the_curation_as_gold(tmp_path):
    """INCEpTION's layer here has topics as one plain string, and no annotator feature: the file says whose."""
    typesystem = cassis.TypeSystem()
    quote = typesystem.create_type(xmi_types.QUOTE)
    typesystem.create_feature(quote, "topics", "uima.cas.String")
    project_zip = tmp_path / "inception-project.zip"
    with zipfile.ZipFile(project_zip, "w") as archive:
        archive.writestr("exportedproject.json", "{}")
        archive.writestr("source/drones.txt", OTHER)
        archive.writestr("annotation/drones.txt/alice.zip", _inception_zip(typesystem, OTHER, [(17, 36)]))
        archive.writestr("annotation/drones.txt/bob.zip", _inception_zip(typesystem, OTHER, [(16, 37)]))
        archive.writestr("curation/drones.txt/CURATION_USER.zip", _inception_zip(typesystem, OTHER, [(17, 36)]))
    project = open_project(memory=True)
    report = import_paths(project, [project_zip], "carol")
    assert report.rejected == [] and report.articles_added == 1 and report.articles_existing == 2
    found = sorted((q.annotator, q.start, q.end, q.topics) for q in quotes.all_quotes(project))
    assert found == [("alice", 17, 36, ("drones",)), ("bob", 16, 37, ("drones",)), (GOLD, 17, 36, ("drones",))]


def test_a_zip_of_something_else_in_a_folder_is_skipped_not_rejected(tmp_path):
    (tmp_path / "article.txt").write_text("The minister said so.", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "backup.zip", "w") as archive:
        archive.writestr("notes.txt", "hello")
    project = open_project(memory=True)
    report = import_paths(project, [tmp_path], "carol")
    assert report.rejected == [] and report.articles_added == 1
    ((path, reason),) = report.not_articles
    assert path.name == "backup.zip" and "no .xmi file inside" in reason


def test_an_article_that_cannot_be_written_is_named_and_the_others_are_exported(source, tmp_path, monkeypatch):
    from annotator.services import writers_xmi

    real = writers_xmi.article_cas

    def failing(article, versions, ts):
        if article.title == "Second":
            raise ValueError("cannot serialise this one")
        return real(article, versions, ts)

    monkeypatch.setattr(writers_xmi, "article_cas", failing)
    report = export_project(source, tmp_path / "quotes.zip")
    (line,) = report.skipped
    assert "(Second) left out: ValueError: cannot serialise this one" in line
    assert report.records == 1 and len(_cases(tmp_path / "quotes.zip")) == 1
