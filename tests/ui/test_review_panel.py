"""The review panel settles every disagreement with the keyboard, into gold, undoably."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.model import GOLD, Quote
from annotator.services.demo import sample_documents
from annotator.services.importing import ImportReport, store_document
from annotator.services.merging import merge_projects
from annotator.services.projects import open_project
from annotator.services.review import review_items
from annotator.store import quotes as quote_store
from annotator.store.dump import dump_tables
from annotator.ui.review.merge_dialog import MergeDialog
from annotator.ui.review.panel import ReviewPanel
from annotator.ui.review.text import ReviewText
from annotator.ui.session import Session
from annotator.ui.workspace.gold_feedback import GoldFeedback

pytestmark = pytest.mark.gui

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
CLAIM = "Iran supplied drones to Russia"


def _records(samples: Path) -> list[dict]:
    rows = [json.loads(line) for line in (samples / "seeds-gold.jsonl").read_text().splitlines()]
    return [r for r in rows if not r["optional"]]


def _annotator_project(path: Path, name: str, records: list[dict], edit=lambda r, q: q, extra=()) -> Path:
    """A project of one annotator holding the sample articles and their quotes (each passed through edit)."""
    from dataclasses import replace

    project = open_project(path)
    ids = {d.source: store_document(project, d, name, ImportReport()) for d in sample_documents()}
    for record in [*records, *extra]:
        quote = Quote(None, ids[record["doc"]], record["start"], record["end"], name, kind=record["kind"],
                      speaker=record["speaker"], stance="opposes", claim=CLAIM, topics=("conflict",))
        quote = edit(record, quote)
        if quote is not None:
            quote_store.insert_quote(project, replace(quote))
    project.close()
    return path


def _bob(record: dict, quote: Quote) -> Quote | None:
    """Bob misses one quote, reads another's speaker, span, kind, stance and topics differently."""
    from dataclasses import replace

    changes = {
        "000-02": None,
        "000-03": {"speaker": "Western officials"},
        "000-04": {"end": quote.end - 12},
        "000-07": {"topics": ("conflict", "diplomacy")},
        "004-01": {"stance": "supports"},
        "004-03": {"kind": "indirect"},
    }
    if record["id"] not in changes:
        return quote
    change = changes[record["id"]]
    return None if change is None else replace(quote, **change)


@pytest.fixture
def annotator_files(tmp_path, samples):
    records = _records(samples)
    optional = [json.loads(line) for line in (samples / "seeds-gold.jsonl").read_text().splitlines()]
    extra = [r for r in optional if r["id"] == "000-08"]  # only Bob marks this one
    alice = _annotator_project(tmp_path / "alice.annotator.db", "alice", records)
    bob = _annotator_project(tmp_path / "bob.annotator.db", "bob", records, _bob, extra)
    return [alice, bob]


@pytest.fixture
def review(tmp_path, annotator_files, qtbot):
    """A review project with Alice's and Bob's work merged in, and a session on it."""
    project = open_project(tmp_path / "review.annotator.db")
    merge_projects(project, annotator_files)
    session = Session(project, "lead")
    yield session
    project.close()


def _panel(qtbot, session, article_id=1) -> ReviewPanel:
    panel = ReviewPanel(session)
    qtbot.addWidget(panel)
    panel.resize(900, 640)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    panel.set_article(article_id)
    panel.groups_view.setFocus()
    return panel


def _open_keys(panel) -> list[str]:
    return [item.key for item in panel.groups.items if item.decision is None]


def test_models_pass_the_model_tester(review, qtbot, qtmodeltester):
    panel = _panel(qtbot, review)
    qtmodeltester.check(panel.groups)
    qtmodeltester.check(panel.versions)
    panel.pick_field(1, 0)
    qtmodeltester.check(panel.versions)


def test_groups_show_who_marked_them_and_what_disagrees(review, qtbot):
    panel = _panel(qtbot, review)
    disagreements = [i.disagreements for i in panel.groups.items if i.disagreements]
    assert disagreements == [("speaker",), ("span",), ("topics",)]
    texts = [panel.groups.index(row, 3).data() for row in range(panel.groups.rowCount())]
    assert "speaker" in texts and "span" in texts and "marked by one" in texts
    assert panel.header.progress_text.text() == f"0 / {panel.groups.rowCount()} decided"
    assert panel.header.status_label.text() == "To review"


def test_keyboard_settles_every_disagreement(review, qtbot):
    panel = _panel(qtbot, review)
    project = review.project
    with qtbot.waitSignal(review.changed):
        qtbot.keyClick(panel.groups_view, Qt.Key_U, Qt.ControlModifier)
    items = review_items(project, 1)
    open_items = [i for i in items if i.decision is None]
    assert [i.disagreements or i.group.annotators for i in open_items] == [
        ("alice",), ("speaker",), ("span",), ("topics",), ("bob",)]
    assert panel.current_item().key == open_items[0].key  # the first open group is current

    qtbot.keyClick(panel.groups_view, Qt.Key_1)  # only Alice marked it: take hers
    assert panel.current_item().key == open_items[1].key  # moved on to the next open group
    # Speaker: build gold field by field. Tab into the versions table, which starts on the disputed field.
    qtbot.keyClick(panel.groups_view, Qt.Key_Tab)
    assert panel.versions_view.hasFocus()
    qtbot.keyClick(panel.versions_view, Qt.Key_Up)  # kind, from Alice
    qtbot.keyClick(panel.versions_view, Qt.Key_Space)
    qtbot.keyClick(panel.versions_view, Qt.Key_Down)
    qtbot.keyClick(panel.versions_view, Qt.Key_Right)  # speaker, from Bob
    qtbot.keyClick(panel.versions_view, Qt.Key_Space)
    assert panel.versions.picks == {"kind": "alice", "speaker": "bob"}
    assert panel.versions.headerData(2, Qt.Horizontal) == "gold (draft)"
    qtbot.keyClick(panel.versions_view, Qt.Key_Return)
    assert panel.current_item().key == open_items[2].key
    panel.groups_view.setFocus()
    qtbot.keyClick(panel.groups_view, Qt.Key_2)  # span: Bob's shorter one
    qtbot.keyClick(panel.groups_view, Qt.Key_X)  # topics: reject the group
    qtbot.keyClick(panel.groups_view, Qt.Key_K)  # back to the rejected one, then forward again
    assert panel.current_item().key == open_items[3].key
    qtbot.keyClick(panel.groups_view, Qt.Key_J)
    qtbot.keyClick(panel.groups_view, Qt.Key_2)  # only Bob marked it

    decided = {i.key: i for i in review_items(project, 1)}
    assert all(i.decision is not None for i in decided.values())
    assert decided[open_items[1].key].source == "edited"
    assert decided[open_items[1].key].gold.speaker == "Western officials"
    assert decided[open_items[2].key].gold.end == open_items[2].group.by_annotator["bob"].end
    assert decided[open_items[3].key].decision == "rejected" and decided[open_items[3].key].gold is None
    gold = quote_store.quotes_for_article(project, 1, GOLD)
    assert len(gold) == len(decided) - 1
    assert panel.header.status_label.text() == "Done"
    assert panel.header.progress_text.text() == f"{len(decided)} / {len(decided)} decided"

    review.undo_stack.undo()  # the last decision comes undone and its group is open again
    assert [i.key for i in review_items(project, 1) if i.decision is None] == [open_items[4].key]
    assert panel.header.status_label.text() == "In review"
    assert len(quote_store.quotes_for_article(project, 1, GOLD)) == len(decided) - 2


def test_accept_all_unanimous_is_one_undo_step(review, qtbot):
    panel = _panel(qtbot, review)
    before = dump_tables(review.project)
    count = panel.accept_unanimous(whole_project=True)
    assert count > 1 and review.undo_stack.count() == 1
    # Told as done, with the way back: not the command's name, which reads as an order ("Accept 5 …").
    assert panel.message.full_text() == f"Accepted {count} unanimous quotes into gold; Ctrl+Z takes them back."
    assert _open_keys(panel) and len(_open_keys(panel)) < panel.groups.rowCount()
    review.undo_stack.undo()
    assert dump_tables(review.project) == before
    assert len(_open_keys(panel)) == panel.groups.rowCount()


def test_ctrl_d_marks_the_article_done_and_a_wrong_version_key_is_refused(review, qtbot):
    panel = _panel(qtbot, review, article_id=2)
    qtbot.keyClick(panel.groups_view, Qt.Key_D, Qt.ControlModifier)
    assert panel.header.status_label.text() == "Done" and panel.header.done_action.isChecked()
    qtbot.keyClick(panel.groups_view, Qt.Key_D, Qt.ControlModifier)
    assert panel.header.status_label.text() == "To review"
    qtbot.keyClick(panel.groups_view, Qt.Key_9)  # no ninth annotator: nothing happens
    assert review.undo_stack.count() == 2


def test_review_text_colours_and_hides_annotators(review, qtbot):
    text = ReviewText(review)
    qtbot.addWidget(text)
    text.resize(720, 560)
    text.set_article(1)
    assert list(text.checkboxes) == ["alice", "bob"]
    everyone = len(text.visible_quotes())
    text.checkboxes["bob"].setChecked(False)
    assert {q.annotator for q in text.visible_quotes()} == {"alice"} and len(text.visible_quotes()) < everyone
    assert len(text.text._spans) == len(text.visible_quotes())
    panel = _panel(qtbot, review)
    panel.accept_unanimous()
    assert "gold" in text.checkboxes  # gold joins the legend once there is any
    text.set_annotator_visible("bob", True)
    assert text.checkboxes["bob"].isChecked()


def test_gold_feedback_lists_differences_and_emits_spans(review, qtbot):
    panel = _panel(qtbot, review)
    panel.accept_unanimous()
    for _ in range(len(_open_keys(panel))):
        qtbot.keyClick(panel.groups_view, Qt.Key_1)  # Alice's version wherever she has one
    feedback = GoldFeedback(review)
    qtbot.addWidget(feedback)
    feedback.set_article(1, "bob")
    kinds = [fields for _, _, fields in feedback.differences]
    assert ("missing",) in kinds and ("speaker",) in kinds
    with qtbot.waitSignal(feedback.spanClicked) as signal:
        feedback.list.itemClicked.emit(feedback.list.item(0))
    assert signal.args[0] == 1


def test_merge_dialog_merges_and_reports(tmp_path, annotator_files, qtbot):
    project = open_project(tmp_path / "fresh.annotator.db")
    session = Session(project, "lead")
    dialog = MergeDialog(session)
    qtbot.addWidget(dialog)
    dialog.add_paths(annotator_files + annotator_files[:1])
    assert len(dialog.paths()) == 2
    with qtbot.waitSignals([dialog.merged, session.changed]):
        report = dialog.run_merge()
    assert report.annotators == {"alice", "bob"} and "Merged 2 files" in dialog.summary.text()
    again = dialog.run_merge()
    assert (again.quotes_added, again.quotes_updated) == (0, 0)
    project.close()


def test_screenshots(review, qtbot):
    SHOTS.mkdir(parents=True, exist_ok=True)
    panel = _panel(qtbot, review)
    panel.accept_unanimous()
    qtbot.keyClick(panel.groups_view, Qt.Key_1)
    panel.pick_field(1, 0)
    panel.pick_field(2, 1)
    qtbot.wait(50)
    panel.grab().save(str(SHOTS / "review_panel.png"))
    text = ReviewText(review)
    qtbot.addWidget(text)
    text.resize(760, 560)
    text.show()
    text.set_article(1)
    item = panel.current_item()
    text.show_span(item.group.start, item.group.end, tuple(q.id for q in item.group.quotes))
    qtbot.wait(50)
    text.grab().save(str(SHOTS / "review_text.png"))
    assert (SHOTS / "review_panel.png").stat().st_size > 0


def test_reviewer_types_a_gold_field_no_annotator_had(review, qtbot):
    from annotator.store import quotes as quote_store

    panel = _panel(qtbot, review)
    row = next(r for r, item in enumerate(panel.groups.items) if item.disagreements == ("speaker",))
    panel.select_row(row)
    view, stance_row = panel.versions_view, 3  # span, kind, speaker, stance, claim, topics
    gold_column = len(panel.annotators)
    view.setFocus()
    view.setCurrentIndex(panel.versions.index(stance_row, gold_column))
    qtbot.keyClick(view, Qt.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "made-up")
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.waitUntil(lambda: "is not a stance" in panel.message.full_text())  # the editor commits on the next turn
    assert panel.versions.draft is None or panel.versions.draft.stance != "made-up"
    view.setCurrentIndex(panel.versions.index(stance_row, gold_column))
    qtbot.keyClick(view, Qt.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "unclear")
    qtbot.keyClick(editor, Qt.Key_Return)  # ends the typing only: more fields can be typed or picked
    qtbot.waitUntil(lambda: panel.versions.draft is not None and panel.versions.draft.stance == "unclear")
    assert quote_store.all_quotes(review.project, "gold") == []
    qtbot.keyClick(view, Qt.Key_Return)  # commit the draft into gold
    [gold] = [q for q in quote_store.all_quotes(review.project, "gold")]
    assert gold.stance == "unclear"
    assert review.undo_stack.canUndo()


def test_a_remerged_group_reopens_with_its_gold_and_taking_a_version_replaces_it(
        review, tmp_path, samples, qtbot):
    panel = _panel(qtbot, review)
    project = review.project
    qtbot.keyClick(panel.groups_view, Qt.Key_U, Qt.ControlModifier)
    records = _records(samples)
    first = next(r for r in records if r["id"] == "000-01")
    span = (first["start"], first["end"])
    [earlier] = [q for q in quote_store.quotes_for_article(project, 1, GOLD) if (q.start, q.end) == span]
    # Bob deletes, in his own file, a quote already taken into gold; the lead merges his file again.
    extra = [json.loads(line) for line in (samples / "seeds-gold.jsonl").read_text().splitlines()
             if json.loads(line)["id"] == "000-08"]
    newer = _annotator_project(tmp_path / "bob2.annotator.db", "bob", records,
                               lambda r, q: None if r["id"] == "000-01" else _bob(r, q), extra)
    dialog = MergeDialog(review)
    qtbot.addWidget(dialog)
    dialog.add_paths([newer])
    report = dialog.run_merge()

    row = next(r for r, item in enumerate(panel.groups.items) if item.group.start == span[0])
    assert panel.groups.items[row].decision is None
    panel.select_row(row)
    gold_column = len(panel.annotators)
    assert panel.versions.index(2, gold_column).data() == earlier.speaker  # the earlier decision is shown
    assert panel.versions.headerData(gold_column, Qt.Horizontal) == "gold (earlier)"
    assert panel.groups.index(row, 0).data(Qt.ToolTipRole).startswith("Reopened")
    assert report.groups_reopened == 1 and "1 decided group reopened" in dialog.summary.text()
    assert panel.header.status_label.text() == "In review"
    gold_count = len(quote_store.all_quotes(project, GOLD))

    qtbot.keyClick(panel.groups_view, Qt.Key_1)  # take Alice's version again
    on_span = [q for q in quote_store.quotes_for_article(project, 1, GOLD) if (q.start, q.end) == span]
    assert len(on_span) == 1 and on_span[0].id != earlier.id
    assert len(quote_store.all_quotes(project, GOLD)) == gold_count
    assert panel.groups.items[row].decision == "gold"
    assert panel.groups.index(row, 0).data(Qt.ToolTipRole) == "In gold (alice version)"
    review.undo_stack.undo()  # the earlier gold comes back, the group is open again
    assert [q.id for q in quote_store.quotes_for_article(project, 1, GOLD) if (q.start, q.end) == span] == [earlier.id]
    assert panel.groups.items[row].reopened
