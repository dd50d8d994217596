"""Merging annotators' projects, adjudicating into gold, agreement from the command line."""

from __future__ import annotations

import json

import pytest

from annotator.cli import main
from annotator.core.model import GOLD, Quote
from annotator.services.demo import sample_documents
from annotator.services.importing import ImportReport, store_document
from annotator.services.merging import merge_projects
from annotator.services.projects import open_project
from annotator.services.review import DecideGroup, article_review_status, review_items, unanimous_decisions
from annotator.store import quotes as quote_store
from annotator.store import registry
from annotator.store.dump import dump_tables

GOLD_LINES = None


def _gold(samples):
    lines = (samples / "seeds-gold.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines if not json.loads(line)["optional"]]


def _annotator_project(path, name, records, stance_of=lambda r: "opposes", drop=()):
    project = open_project(path)
    report = ImportReport()
    ids = {}
    for document in sample_documents():
        ids[document.source] = store_document(project, document, name, report)
    for record in records:
        if record["id"] in drop:
            continue
        quote_store.insert_quote(project, Quote(
            None, ids[record["doc"]], record["start"], record["end"], name, kind=record["kind"],
            speaker=record["speaker"], stance=stance_of(record), claim="Iran supplied drones to Russia",
        ))
    project.close()
    return path


@pytest.fixture
def two_annotators(tmp_path, samples):
    records = _gold(samples)
    alice = _annotator_project(tmp_path / "alice.annotator.db", "alice", records)
    # Bob sees one quote as supporting and misses another.
    bob = _annotator_project(tmp_path / "bob.annotator.db", "bob", records,
                             stance_of=lambda r: "supports" if r["id"] == "004-01" else "opposes", drop={"000-02"})
    return alice, bob, records


def test_merge_is_idempotent(tmp_path, two_annotators):
    alice, bob, records = two_annotators
    review = open_project(tmp_path / "review.annotator.db")
    first = merge_projects(review, [alice, bob])
    assert (first.articles_added, first.quotes_added) == (2, 2 * len(records) - 1)
    assert first.annotators == {"alice", "bob"}
    before = dump_tables(review)
    again = merge_projects(review, [alice, bob])
    assert (again.quotes_added, again.quotes_updated, again.quotes_removed) == (0, 0, 0)
    assert again.quotes_unchanged == 2 * len(records) - 1
    assert dump_tables(review) == before


def test_newer_version_of_a_file_updates_that_annotator(tmp_path, two_annotators, samples):
    alice, bob, records = two_annotators
    review = open_project(tmp_path / "review.annotator.db")
    merge_projects(review, [alice, bob])
    newer = _annotator_project(tmp_path / "alice2.annotator.db", "alice", records,
                               stance_of=lambda r: "neutral" if r["id"] == "000-01" else "opposes", drop={"000-03"})
    report = merge_projects(review, [newer])
    assert (report.quotes_updated, report.quotes_removed, report.quotes_added) == (1, 1, 0)
    counts = quote_store.quote_counts(review)
    assert counts == {"alice": len(records) - 1, "bob": len(records) - 1}


def test_speaker_conflicts_are_listed_not_guessed(tmp_path, samples):
    a = open_project(tmp_path / "a.annotator.db")
    registry.insert_speaker(a, "Nasser Kanaani")
    registry.insert_speaker(a, "Hossein Amir-Abdollahian", aliases=("the spokesman",))
    a.close()
    b = open_project(tmp_path / "b.annotator.db")
    registry.insert_speaker(b, "Nasser Kanaani", aliases=("the spokesman",))
    b.close()
    review = open_project(tmp_path / "review.annotator.db")
    merge_projects(review, [tmp_path / "a.annotator.db"])
    report = merge_projects(review, [tmp_path / "b.annotator.db"])
    assert len(report.conflicts) == 1 and "Nasser Kanaani" in report.conflicts[0]


def test_unanimous_groups_go_to_gold_in_one_undo_step(tmp_path, two_annotators):
    alice, bob, records = two_annotators
    review = open_project(tmp_path / "review.annotator.db")
    merge_projects(review, [alice, bob])
    before = dump_tables(review)
    macro = unanimous_decisions(review)
    macro.do(review)
    gold = quote_store.all_quotes(review, GOLD)
    assert len(gold) == len(records) - 2  # the missed quote and the disputed stance stay open
    macro.undo(review)
    assert dump_tables(review) == before


def test_field_by_field_decision_and_status(tmp_path, two_annotators):
    alice, bob, _ = two_annotators
    review = open_project(tmp_path / "review.annotator.db")
    merge_projects(review, [alice, bob])
    article_id = next(a for a in range(1, 3) if any(i.disagreements for i in review_items(review, a)))
    item = next(i for i in review_items(review, article_id) if i.disagreements)
    assert item.disagreements == ("stance",)
    assert article_review_status(review, article_id) == "to_review"
    edited = item.group.by_annotator["alice"]
    from dataclasses import replace

    command = DecideGroup(article_id, item.key, replace(edited, stance="supports"), "edited")
    command.do(review)
    decided = next(i for i in review_items(review, article_id) if i.key == item.key)
    assert decided.decision == "gold" and decided.gold.stance == "supports"
    assert article_review_status(review, article_id) == "in_review"
    before = dump_tables(review)
    reject = DecideGroup(article_id, item.key, None, "")
    reject.do(review)
    assert quote_store.all_quotes(review, GOLD) == []
    reject.undo(review)
    assert dump_tables(review) == before


def test_cli_merge_adjudicate_agreement_and_gold_export(tmp_path, two_annotators, capsys):
    alice, bob, records = two_annotators
    db = tmp_path / "review.annotator.db"
    assert main(["merge", "--db", str(db), str(alice), str(bob)]) == 0
    assert "Merged 2 file(s) from alice, bob" in capsys.readouterr().out
    assert main(["adjudicate", "--db", str(db), "--unanimous"]) == 0
    assert f"Accepted {len(records) - 2} unanimous" in capsys.readouterr().out
    assert main(["agreement", "--db", str(db), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["annotators"] == ["alice", "bob"]
    [pair] = report["pairs"]
    # 17 vs 16 quotes, 16 identical spans: F1 = 2 * 16 / 33.
    assert pair["span_f1_exact"] == pytest.approx(32 / 33)
    assert pair["span_f1_overlap"] == pytest.approx(32 / 33)
    assert report["units"]
    out = tmp_path / "gold.jsonl"
    assert main(["export", "--db", str(db), "--out", str(out), "--gold"]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert {r["_annotator_id"] for r in rows} == {"gold"}
    assert sum(1 for r in rows for s in r["spans"] if s["label"] == "QUOTE") == len(records) - 2
