"""The one-line summaries the command line and the window print read as words: '1 quote', '3 quotes'."""

from __future__ import annotations

from pathlib import Path

from annotator.services.exporting import ExportReport
from annotator.services.importing import ImportReport
from annotator.services.merging import MergeReport


def test_one_of_each_is_singular():
    imported = ImportReport(files=1, articles_added=1, quotes_added=1, quotes_existing=1,
                            replaced=[("ann", "carol")])
    assert imported.summary() == ("Read 1 file: 1 new article, 0 already present, 1 quote, "
                                  "1 quote already present, the files' annotator ann replaced by carol, 0 rejected")
    exported = ExportReport(Path("out.jsonl"), "jsonl", records=1, quotes=1, skipped=["x"])
    assert exported.summary().startswith("Exported 1 quote in 1 record as jsonl")
    assert "; 1 article skipped" in exported.summary()
    merged = MergeReport(files=1, articles_added=1, annotators={"alice"}, quotes_added=1, speakers_added=1,
                         groups_reopened=1, conflicts=["c"])
    assert merged.summary() == ("Merged 1 file from alice: 1 new article, 1 quote added, 0 updated, 0 removed, "
                                "0 unchanged, 1 new speaker, 1 decided group reopened, 1 speaker conflict")
    assert "(s)" not in imported.summary() + exported.summary() + merged.summary()


def test_many_are_plural_with_thousands_grouped():
    imported = ImportReport(files=3, articles_added=10000, quotes_added=2, replaced=[("a", "c"), ("b", "c")])
    assert imported.summary().startswith("Read 3 files: 10,000 new articles, 0 already present, 2 quotes")
    assert "the files' annotators a, b replaced by c" in imported.summary()
    exported = ExportReport(Path("out.spacy"), "spacy", records=5, quotes=0, dev=(Path("dev.spacy"), 2))
    assert exported.summary().startswith("Exported 0 quotes in 5 records as spacy")
    assert "(dev, 2 records)" in exported.summary()
    merged = MergeReport(files=2, annotators={"alice", "bob"}, groups_reopened=4)
    assert merged.summary().startswith("Merged 2 files from alice, bob: 0 new articles, 0 quotes added")
    assert merged.summary().endswith("0 new speakers, 4 decided groups reopened")



def test_info_line_counts_in_words_with_thousands_grouped():
    from annotator.services.info import info_summary

    info = {"path": "p.annotator.db", "articles": 10000, "quotes": {"alice": 66649, "bob": 1}, "speakers": 1,
            "claims": 0, "suggestions": 2, "schema_version": 11}
    assert info_summary(info) == ("p.annotator.db: 10,000 articles, 66,650 quotes (alice 66,649, bob 1), 1 speaker, "
                                  "0 claims, 2 suggestions, schema version 11")
