"""Merging annotators' projects, adjudicating into gold, agreement from the command line."""

from __future__ import annotations

import json
from dataclasses import replace

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
    assert macro.text == f"Accept {len(records) - 2} unanimous quotes"  # Edit → Undo's words, no "(s)"
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
    assert "Merged 2 files from alice, bob" in capsys.readouterr().out
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


def _span_of(records, record_id):
    record = next(r for r in records if r["id"] == record_id)
    return record["start"], record["end"]


def _item_at(review, span):
    """The review item (article, item) whose group holds a quote on ``span``."""
    for article_id in (1, 2):
        for item in review_items(review, article_id):
            if any((q.start, q.end) == span for q in item.group.quotes):
                return article_id, item
    raise AssertionError(f"no group on {span}")


def test_remerge_reopens_changed_groups_and_a_new_decision_replaces_their_gold(tmp_path, two_annotators, capsys):
    alice, bob, records = two_annotators
    db = tmp_path / "review.annotator.db"
    assert main(["merge", "--db", str(db), str(alice), str(bob)]) == 0
    assert main(["adjudicate", "--db", str(db), "--unanimous"]) == 0
    review = open_project(db)
    gold_before = {(q.start, q.end): q for q in quote_store.all_quotes(review, GOLD)}
    deleted, restanced = _span_of(records, "000-01"), _span_of(records, "000-03")
    # Bob deletes one quote already in gold and reads another (also in gold) as neutral.
    newer = _annotator_project(
        tmp_path / "bob2.annotator.db", "bob", records, drop={"000-02", "000-01"},
        stance_of=lambda r: {"004-01": "supports", "000-03": "neutral"}.get(r["id"], "opposes"))
    report = merge_projects(review, [newer])

    article_id, gone = _item_at(review, deleted)
    _, changed = _item_at(review, restanced)
    # Both are open again, each showing the gold the reviewer had put in; nothing else was reopened.
    assert changed.decision is None and changed.disagreements == ("stance",)
    assert changed.gold == gold_before[restanced] and changed.gold.stance == "opposes"
    assert gone.decision is None and gone.group.annotators == ("alice",)
    assert gone.gold == gold_before[deleted]
    assert gone.reopened and changed.reopened
    assert report.groups_reopened == 2 and "2 decided groups reopened" in report.summary()
    assert sum(i.reopened for a in (1, 2) for i in review_items(review, a)) == 2
    assert article_review_status(review, article_id) == "in_review"
    assert {(q.start, q.end) for q in quote_store.all_quotes(review, GOLD)} == set(gold_before)

    # Taking a version replaces the old gold quote: one gold quote per span, never two.
    take = DecideGroup(article_id, gone.key, gone.group.by_annotator["alice"], "alice")
    before_take = dump_tables(review)
    take.do(review)
    gold_on = [q for q in quote_store.all_quotes(review, GOLD) if (q.start, q.end) == deleted]
    assert len(gold_on) == 1 and gold_on[0].id != gold_before[deleted].id
    assert _item_at(review, deleted)[1].decision == "gold"
    take.undo(review)
    assert dump_tables(review) == before_take and _item_at(review, deleted)[1].reopened
    take.do(review)
    DecideGroup(article_id, changed.key, changed.group.by_annotator["bob"], "bob").do(review)
    assert _item_at(review, restanced)[1].gold.stance == "neutral"
    assert len(quote_store.all_quotes(review, GOLD)) == len(gold_before)

    # Merging the same file again reopens nothing: the new decisions stand.
    assert merge_projects(review, [newer]).groups_reopened == 0
    assert not any(i.reopened for a in (1, 2) for i in review_items(review, a))
    review.close()
    out = tmp_path / "gold.jsonl"
    assert main(["export", "--db", str(db), "--out", str(out), "--gold"]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    spans = [(r["_input_hash"], s["start"], s["end"]) for r in rows for s in r["spans"] if s["label"] == "QUOTE"]
    assert len(spans) == len(set(spans)) == len(gold_before)


def test_accept_unanimous_leaves_a_reopened_group_whose_earlier_gold_differs(tmp_path, two_annotators):
    alice, bob, records = two_annotators
    review = open_project(tmp_path / "review.annotator.db")
    merge_projects(review, [alice, bob])
    unanimous_decisions(review).do(review)
    missed, disputed = _span_of(records, "000-02"), _span_of(records, "004-01")
    article_id, item = _item_at(review, missed)
    DecideGroup(article_id, item.key, None, "").do(review)  # only Alice marked it: rejected
    disputed_article, item = _item_at(review, disputed)
    DecideGroup(disputed_article, item.key, replace(item.group.quotes[0], stance="neutral"), "edited").do(review)
    # Bob now marks the missed quote too, and comes round to Alice's stance on the disputed one.
    newer = _annotator_project(tmp_path / "bob2.annotator.db", "bob", records)
    report = merge_projects(review, [newer])
    assert _item_at(review, missed)[1].decision is None
    reopened = _item_at(review, disputed)[1]
    assert reopened.decision is None and reopened.gold.stance == "neutral"
    assert reopened.group.is_unanimous(["alice", "bob"]) and reopened.reopened and report.groups_reopened == 2

    macro = unanimous_decisions(review, [article_id, disputed_article])
    assert [command.group_key for command in macro.commands] == [_item_at(review, missed)[1].key]
    macro.do(review)
    assert _item_at(review, missed)[1].decision == "gold"
    assert _item_at(review, disputed)[1].gold.stance == "neutral"  # the reviewer's call is not overwritten


def test_an_annotators_done_marks_travel_with_the_merge(tmp_path, samples):
    from annotator.store import articles as article_store

    carol = _annotator_project(tmp_path / "carol.annotator.db", "carol", [])  # read both, found no quotes
    with open_project(carol) as project:
        carol_id = registry.ensure_annotator(project, "carol")
        for article in article_store.all_articles(project):
            article_store.set_article_status(project, article.id, carol_id, "done")
    review = open_project(tmp_path / "review.annotator.db")
    merge_projects(review, [carol])
    statuses = article_store.article_statuses(review)
    assert len(statuses) == 2 and {(name, status) for _, name, status in statuses} == {("carol", "done")}
    before = dump_tables(review)
    merge_projects(review, [carol])
    assert dump_tables(review) == before  # still idempotent
    out = tmp_path / "carol.jsonl"
    assert main(["export", "--db", str(review.path), "--out", str(out), "--annotator", "carol"]) == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 2 and all(r["spans"] == [] for r in records)  # "no quotes here", twice
    review.close()
