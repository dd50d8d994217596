"""What `annotator export` picks and where it writes, and whose quotes `annotator import --annotator` files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import GOLD, Quote
from annotator.services.projects import open_project
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.store import registry
from annotator.store import review as review_store

TEXTS = [
    "“We never sold drones,” the minister said. Nobody believed him.",
    "The talks ended early. “It was a waste of time,” an aide said.",
    "Markets rose on Tuesday after the announcement.",
    "Officials said the bridge would reopen next year.",
]


def _corpus(tmp_path: Path) -> Path:
    """Four articles imported from text files, nobody has annotated anything yet."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n, text in enumerate(TEXTS):
        (folder / f"{n}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "p.annotator.db"
    assert main(["import", "--db", str(db), str(folder)]) == 0
    return db


def _ids(db: Path) -> list[int]:
    with open_project(db) as project:
        return [a.id for a in article_store.all_articles(project)]


def _mark_done(db: Path, article_id: int, annotator: str) -> None:
    """What the window's Ctrl+D stores: the annotator's status "done" for the article."""
    with open_project(db) as project:
        annotator_id = registry.ensure_annotator(project, annotator)
        article_store.set_article_status(project, article_id, annotator_id, "done")


def _add_quote(db: Path, article_id: int, annotator: str, start: int, end: int) -> None:
    with open_project(db) as project:
        quote_store.insert_quote(project, Quote(None, article_id, start, end, annotator, speaker="the minister"))


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _docs(path: Path):
    import spacy
    from spacy.tokens import DocBin

    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


# -- 1. untouched articles are not "confirmed: no quotes" ------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "spacy", "csv"])
def test_export_of_untouched_articles_writes_no_records(tmp_path, fmt, capsys):
    db = _corpus(tmp_path)
    out = tmp_path / f"out.{'jsonl' if fmt == 'doccano' else fmt}"
    assert main(["export", "--db", str(db), "--out", str(out), "--format", fmt]) == 0
    assert "Exported 0 quotes in 0 records" in capsys.readouterr().out
    if fmt in ("jsonl", "doccano"):
        assert _jsonl(out) == []
    elif fmt == "spacy":
        assert _docs(out) == []
    else:
        assert list(csv.DictReader(out.open(encoding="utf-8"))) == []


def test_export_keeps_articles_marked_done_or_with_quotes_for_their_annotator(tmp_path, capsys):
    db = _corpus(tmp_path)
    ids = _ids(db)
    _mark_done(db, ids[2], "alice")  # read it, found no quotes: a real negative example
    _add_quote(db, ids[0], "bob", 0, 22)  # bob quoted article 0 without marking it done
    out = tmp_path / "out.jsonl"

    assert main(["export", "--db", str(db), "--out", str(out)]) == 0
    records = _jsonl(out)
    assert [(r["text"], r["_annotator_id"], len(r["spans"])) for r in records] == [
        (TEXTS[0], "bob", 1),
        (TEXTS[2], "alice", 0),
    ]
    assert all(r["answer"] == "accept" and r["_annotator_id"] for r in records)

    assert main(["export", "--db", str(db), "--out", str(out), "--annotator", "alice"]) == 0
    assert [(r["text"], r["spans"]) for r in _jsonl(out)] == [(TEXTS[2], [])]

    doccano = tmp_path / "doccano.jsonl"
    assert main(["export", "--db", str(db), "--out", str(doccano), "--format", "doccano"]) == 0
    assert [(r["text"], r["annotator"]) for r in _jsonl(doccano)] == [(TEXTS[0], "bob"), (TEXTS[2], "alice")]

    docbin = tmp_path / "out.spacy"
    assert main(["export", "--db", str(db), "--out", str(docbin)]) == 0
    assert [(d.text, d.user_data.get("annotator"), len(d.spans["quotes"])) for d in _docs(docbin)] == [
        (TEXTS[0], "bob", 1),
        (TEXTS[2], "alice", 0),
    ]


def test_gold_export_has_only_reviewed_articles(tmp_path, capsys):
    db = _corpus(tmp_path)
    ids = _ids(db)
    _add_quote(db, ids[0], "alice", 0, 22)
    _add_quote(db, ids[1], "alice", 23, 51)
    _add_quote(db, ids[0], GOLD, 0, 22)  # taken into gold
    with open_project(db) as project:
        review_store.put_decision(project, ids[1], "g1", "rejected", "", None)  # alice's quote rejected
        review_store.set_review_status(project, ids[3], "done")  # reviewed: no quotes in it
    out = tmp_path / "gold.jsonl"
    assert main(["export", "--db", str(db), "--out", str(out), "--gold"]) == 0
    records = _jsonl(out)
    assert [(r["text"], r["_annotator_id"], len(r["spans"])) for r in records] == [
        (TEXTS[0], GOLD, 1),
        (TEXTS[1], GOLD, 0),
        (TEXTS[3], GOLD, 0),
    ]


# -- 2. the format follows the file name -----------------------------------------------------------------------


def test_format_follows_the_extension(tmp_path, capsys):
    db = _corpus(tmp_path)
    _add_quote(db, _ids(db)[0], "alice", 0, 22)
    docbin, table, lines = tmp_path / "x.spacy", tmp_path / "x.csv", tmp_path / "x.jsonl"
    assert main(["export", "--db", str(db), "--out", str(docbin)]) == 0
    assert "as spacy" in capsys.readouterr().out
    assert [len(d.spans["quotes"]) for d in _docs(docbin)] == [1]
    assert main(["export", "--db", str(db), "--out", str(table)]) == 0
    assert [row["annotator"] for row in csv.DictReader(table.open(encoding="utf-8"))] == ["alice"]
    assert main(["export", "--db", str(db), "--out", str(lines)]) == 0
    assert _jsonl(lines)[0]["_annotator_id"] == "alice"
    assert main(["export", "--db", str(db), "--out", str(lines), "--format", "doccano"]) == 0
    assert _jsonl(lines)[0]["entities"][0]["label"] == "QUOTE"
    upper = tmp_path / "X.SPACY"
    assert main(["export", "--db", str(db), "--out", str(upper)]) == 0
    assert len(_docs(upper)) == 1


@pytest.mark.parametrize(
    ("fmt", "name"), [("csv", "a.spacy"), ("jsonl", "a.csv"), ("spacy", "a.jsonl"), ("doccano", "a.csv")]
)
def test_format_contradicting_the_extension_is_refused(tmp_path, fmt, name, capsys):
    db = _corpus(tmp_path)
    out = tmp_path / name
    assert main(["export", "--db", str(db), "--out", str(out), "--format", fmt]) == 1
    err = capsys.readouterr().err
    assert f"--format {fmt}" in err and f"--out {out}" in err
    assert not out.exists()


# -- 3. --out must name a file; a failure leaves nothing behind ------------------------------------------------


def test_out_naming_a_folder_is_refused_before_writing(tmp_path, capsys):
    db = _corpus(tmp_path)
    folder = tmp_path / "some_dir"
    folder.mkdir()
    before = sorted(tmp_path.rglob("*"))
    for given in (f"{folder}/", str(folder), f"{tmp_path / 'new_dir'}/"):
        assert main(["export", "--db", str(db), "--out", given]) == 1
        err = capsys.readouterr().err
        assert f"--out {given} is a folder; give a file name" in err
        assert ".out." not in err and ".some_dir." not in err
    assert sorted(tmp_path.rglob("*")) == before  # no file, no temporary file, no new folder


def test_failed_write_leaves_no_temporary_file_nor_folder(tmp_path, capsys, monkeypatch):
    import annotator.services.export_targets as export_targets

    db = _corpus(tmp_path)
    _mark_done(db, _ids(db)[0], "alice")
    before = sorted(tmp_path.rglob("*"))

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(src), None, str(dst))

    monkeypatch.setattr(export_targets.os, "replace", refuse)
    for fmt, suffix in (("jsonl", "jsonl"), ("doccano", "jsonl"), ("spacy", "spacy"), ("csv", "csv")):
        out = tmp_path / "new" / "deeper" / f"out.{suffix}"
        assert main(["export", "--db", str(db), "--out", str(out), "--format", fmt]) == 1
        err = capsys.readouterr().err
        assert str(out) in err and "Permission denied" in err
        assert f".out.{suffix}." not in err  # the temporary name is no business of the user's
    assert sorted(tmp_path.rglob("*")) == before


def test_error_half_way_leaves_no_temporary_file(tmp_path, monkeypatch):
    import annotator.services.writers as writers

    db = _corpus(tmp_path)
    _mark_done(db, _ids(db)[0], "alice")
    before = sorted(tmp_path.rglob("*"))

    def broken(*args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(writers, "csv_rows", broken)
    with pytest.raises(RuntimeError):
        main(["export", "--db", str(db), "--out", str(tmp_path / "new" / "out.csv"), "--format", "csv"])
    assert sorted(tmp_path.rglob("*")) == before


# -- 4. import --annotator names the owner of every imported quote ---------------------------------------------


def test_import_annotator_option_replaces_the_files_names(tmp_path, capsys):
    prodigy = tmp_path / "prodigy.jsonl"
    prodigy.write_text(json.dumps({
        "text": TEXTS[0], "spans": [{"start": 0, "end": 22, "label": "QUOTE"}], "_annotator_id": "alice",
    }) + "\n", encoding="utf-8")
    doccano = tmp_path / "doccano.jsonl"
    doccano.write_text(json.dumps({
        "text": TEXTS[1], "entities": [{"id": 1, "label": "QUOTE", "start_offset": 23, "end_offset": 51}],
        "annotator": "bob",
    }) + "\n", encoding="utf-8")
    db = tmp_path / "p.annotator.db"

    assert main(["import", "--db", str(db), "--annotator", "carol", str(prodigy), str(doccano)]) == 0
    out = capsys.readouterr().out
    assert "2 quotes" in out
    assert "annotators alice, bob replaced by carol" in out
    with open_project(db) as project:
        assert quote_store.quote_counts(project) == {"carol": 2}

    # Again: the quotes are already there under carol, nothing is added under alice or bob.
    assert main(["import", "--db", str(db), "--annotator", "carol", str(prodigy), str(doccano)]) == 0
    assert "2 quotes already present" in capsys.readouterr().out
    with open_project(db) as project:
        assert quote_store.quote_counts(project) == {"carol": 2}


def test_import_without_annotator_option_keeps_the_files_names(tmp_path, capsys):
    prodigy = tmp_path / "prodigy.jsonl"
    prodigy.write_text(json.dumps({
        "text": TEXTS[0], "spans": [{"start": 0, "end": 22, "label": "QUOTE"}], "_annotator_id": "alice",
    }) + "\n" + json.dumps({"text": TEXTS[1], "spans": [{"start": 23, "end": 51, "label": "QUOTE"}]}) + "\n",
        encoding="utf-8")
    db = tmp_path / "p.annotator.db"
    assert main(["import", "--db", str(db), str(prodigy)]) == 0
    assert "replaced" not in capsys.readouterr().out
    with open_project(db) as project:
        counts = quote_store.quote_counts(project)
    assert counts.pop("alice") == 1 and list(counts.values()) == [1]  # the other went to the login name
