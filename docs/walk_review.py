"""The reviewer's part of the walkthrough: two annotators' projects merged, then decided from the keyboard."""

from __future__ import annotations

import json
from pathlib import Path

from docs.walk_annotator import CLAIM
from docs.walk_keys import Walk

ROOT = Path(__file__).resolve().parent.parent
TYPED_CLAIM = "Iran sold drones to Russia before the war"


def annotator_project(path: Path, name: str, stance_of, skip=()) -> Path:
    """Setup: one annotator's project over the samples, quoting the gold records with this annotator's stances."""
    from annotator.core.model import Quote
    from annotator.services.demo import sample_documents
    from annotator.services.importing import ImportReport, store_document
    from annotator.services.projects import open_project
    from annotator.store import quotes

    gold = [json.loads(line) for line in (ROOT / "resources/samples/seeds-gold.jsonl").read_text().splitlines()]
    with open_project(path) as project:
        ids = {d.source: store_document(project, d, name, ImportReport()) for d in sample_documents()}
        for g in gold:
            if g["optional"] or g["id"] in skip:
                continue
            drones = "drone" in g["text"].lower()
            quotes.insert_quote(project, Quote(
                None, ids[g["doc"]], g["start"], g["end"], name, kind=g["kind"], speaker=g["speaker"],
                stance=stance_of(g) if drones else "neutral", claim=CLAIM if drones else None,
                topics=("conflict",)))
    return path


def annotators(folder: Path) -> list[Path]:
    """Setup: alice's and bob's projects over the samples; bob skipped a quote and sees other stances."""
    alice = annotator_project(folder / "alice.annotator.db", "alice", lambda g: "opposes")
    bob = annotator_project(folder / "bob.annotator.db", "bob",
                            lambda g: "supports" if g["doc"].startswith("004") else "neutral", skip={"000-02"})
    return [alice, bob]


def tab_to(walk: Walk, widget, limit: int = 20) -> bool:
    """Tab until a widget has the keyboard, as a user without a mouse reaches a button."""
    for _ in range(limit):
        if walk.focus() is widget:
            return True
        walk.key("Tab")
    return walk.check(walk.focus() is widget, f"Tab never reaches {widget.text() if hasattr(widget, 'text') else widget!r}")


def merge_by_keys(walk: Walk, window, paths: list[Path]) -> bool:
    """File → Merge from the keyboard: Alt+F, M, Tab to Add files…, type the names, Tab to Merge, Esc."""
    walk.window = window
    walk.wait_for(lambda: not window.review_mode.waiting and window.isActiveWindow(), 10)
    walk.step("the lead's empty review project: Alt+F, M opens File → Merge")
    walk.key("Alt+F")
    walk.check(walk.focus() is not None and "Merge" in " ".join(a.text() for a in getattr(walk.focus(), "actions", list)()),
               "Alt+F did not open the File menu with Merge in it")

    def merge(dialog) -> None:
        if not tab_to(walk, dialog.add_button):
            walk.key("Escape")
            return

        def choose(files_dialog) -> None:
            walk.type(" ".join(f'"{path.name}"' for path in paths))
            walk.key("Return")

        walk.in_dialog("Space", choose)
        walk.check(dialog.files.count() == len(paths), f"the merge dialog lists {dialog.files.count()} files, not {len(paths)}")
        if tab_to(walk, dialog.merge_button):
            walk.key("Space")
            walk.wait_for(lambda: not dialog.running() and dialog.report is not None, 60)
            walk.check(dialog.report is not None, f"the merge did not finish: {dialog.summary.text()!r}")
            walk.shot("merge", dialog)
        walk.key("Escape")

    walk.in_dialog("M", merge)
    walk.check("another program" not in window.statusBar().currentMessage(),
               f"after File → Merge the status bar says {window.statusBar().currentMessage()!r}")
    return walk.check(window.corpus.model.rowCount() == 2, f"after the merge the corpus lists {window.corpus.model.rowCount()} articles")


def go_to_row(walk: Walk, panel, target: int) -> None:
    """J or K until the group at ``target`` is current, as a reviewer reading down the list would."""
    for _ in range(panel.groups.rowCount()):
        here = panel.groups_view.currentIndex().row()
        if here == target:
            return
        walk.key("J" if here < target else "K")
    walk.check(panel.groups_view.currentIndex().row() == target, f"J and K never reach group {target}")


def review(walk: Walk, window) -> None:
    """The reviewer's keys on a merged project: J/K, 1–9, Tab, Space, F2, Enter, Ctrl+U."""
    walk.window = window
    mode = window.review_mode
    walk.wait_for(lambda: not mode.waiting and window.isActiveWindow(), 10)
    walk.settle(100)
    walk.step("a merged project opens in review mode, the keyboard in the list of groups")
    if not walk.check(mode.mode.isChecked() and mode.panel is not None, "the review project did not open in review mode"):
        return
    panel = mode.panel
    walk.check(walk.focus() is panel.groups_view, "the keyboard is not in the review list at start")
    walk.check("reviewed" in window.status_progress.text(), f"the status bar says {window.status_progress.text()!r}")

    def row() -> int:
        return panel.groups_view.currentIndex().row()

    walk.step("J / K step through the groups")
    first = row()
    walk.key("J")
    walk.check(row() == first + 1, f"J went from group {first} to {row()}")
    walk.key("K")
    walk.check(row() == first, f"K went back to group {row()}, not {first}")
    walk.shot("review")

    walk.step("1 takes the first annotator's version into gold")
    item = panel.current_item()
    walk.key("1")
    walk.check(item is not None and panel.groups.items[panel.groups.row_of(item.key)].decision == "gold",
               "1 did not put the first annotator's version into gold")

    walk.step("Ctrl+U accepts every unanimous group")
    decided = sum(i.decision is not None for i in panel.groups.items)
    walk.key("Ctrl+U")
    walk.check("unanimous" in panel.message.text().lower(), f"after Ctrl+U the review panel says {panel.message.text()!r}")
    after = sum(i.decision is not None for i in panel.groups.items)
    walk.check(after >= decided, "Ctrl+U undid decisions")
    open_rows = [r for r, i in enumerate(panel.groups.items) if i.decision is None and len(i.group.by_annotator) >= 2]
    if not walk.check(bool(open_rows), "no disagreement left to review field by field"):
        return
    go_to_row(walk, panel, open_rows[0])
    walk.shot("review-disagreement")

    walk.step("2 takes the second annotator's version; Ctrl+Z takes the decision back")
    item = panel.current_item()
    walk.key("2")
    decided = panel.groups.items[panel.groups.row_of(item.key)]
    walk.check(decided.decision == "gold" and decided.source == panel.annotators[1],
               f"2 did not put {panel.annotators[1]}'s version into gold")
    walk.key("Ctrl+Z")
    walk.check(panel.groups.items[panel.groups.row_of(item.key)].decision is None, "Ctrl+Z did not undo the decision")
    go_to_row(walk, panel, open_rows[0])

    walk.step("Tab to the versions, Space takes one field, F2 types the gold claim, Enter commits")
    from annotator.core.alignment import FIELDS

    item = panel.current_item()
    walk.key("Tab")
    walk.check(walk.focus() is panel.versions_view, "Tab did not move from the groups to the versions")
    index = panel.versions_view.currentIndex()
    walk.key("Space")
    walk.check(panel.versions.draft is not None, "Space did not take the field into a gold draft")
    gold_column = len(panel.annotators)
    walk.key("Right", times=max(0, gold_column - index.column()))
    walk.check(panel.versions_view.currentIndex().column() == gold_column, "Right does not reach the gold column")
    target = FIELDS.index("claim")
    walk.key("Down", times=max(0, target - index.row()))
    walk.key("Up", times=max(0, index.row() - target))
    walk.key("F2")
    walk.check(panel.versions_view.state() == panel.versions_view.State.EditingState, "F2 did not open the gold cell")
    walk.key("Ctrl+A")
    walk.type(TYPED_CLAIM)
    walk.key("Return")
    walk.key("Return")
    settled = panel.groups.items[panel.groups.row_of(item.key)]
    walk.check(settled.decision == "gold", "Enter did not commit the edited gold version")
    if settled.gold is not None:
        walk.check(settled.gold.claim == TYPED_CLAIM, f"the typed gold claim is {settled.gold.claim!r}")

    walk.step("the agreement panel")
    walk.key("Ctrl+Shift+A")
    walk.check(mode.docks[2].isVisible() and not mode.docks[2].visibleRegion().isEmpty(),
               "no key brings the agreement panel forward")
    agreement = mode.agreement
    walk.wait_for(lambda: not agreement.computing and agreement.pairs.rowCount() > 0, 60 * walk.wait_scale)
    walk.check(agreement.pairs.rowCount() > 0, f"the agreement panel shows no pair: {agreement.summary.text()!r}")
    walk.settle(300)
    table = agreement.table
    walk.check(table.horizontalScrollBar().maximum() == 0,
               f"the agreement table is cut: {table.viewport().width()} of {table.horizontalHeader().length()} px shown")
    walk.shot("agreement")
    model = window.corpus.model
    walk.wait_for(lambda: (model.review_counts() or (0, 0, 0))[1] > 0, 10)
    walk.check((model.review_counts() or (0, 0, 0))[1] > 0,
               f"with groups decided, the corpus counts no article in review: {model.review_counts()}")
    walk.check("in review" in window.status_progress.text(), f"the status bar says {window.status_progress.text()!r}")

    walk.step("X rejects a group, Ctrl+Z takes it back; F8 leaves review mode for the text and comes back")
    item = panel.current_item()
    if item is not None and item.decision is None:
        walk.key("X")
        walk.check(panel.groups.items[panel.groups.row_of(item.key)].decision == "rejected", "X did not reject the group")
        walk.key("Ctrl+Z")
        walk.check(panel.groups.items[panel.groups.row_of(item.key)].decision is None, "Ctrl+Z did not undo the reject")
    walk.key("F8")
    view = window.current_view()
    walk.check(not mode.mode.isChecked() and view is not None and walk.focus() is view.text,
               "F8 did not leave review mode with the keyboard in the text")
    walk.key("F8")
    walk.check(mode.mode.isChecked() and walk.focus() is panel.groups_view,
               "F8 did not come back to review mode with the keyboard in the review list")


def export_gold(walk: Walk, window, out: Path) -> None:
    """Ctrl+E, Tab to the selection, Down to "Gold only", Tab to the file name, type it, Enter; read what came out."""
    from PySide6.QtWidgets import QRadioButton

    walk.step("Ctrl+E exports gold from the keyboard; the file holds every decision")
    panel = window.review_mode.panel
    if panel is None:
        return
    decided = {item.key: item for item in panel.groups.items if item.decision == "gold"}

    def choose(dialog) -> None:
        for _ in range(6):
            if isinstance(walk.focus(), QRadioButton):
                break
            walk.key("Tab")
        walk.key("Down")
        walk.check(dialog.gold_radio.isChecked(), "Down in the selection did not choose Gold only")
        walk.check(tab_to(walk, dialog.output_edit, 6), "Tab does not reach the file name")
        walk.key("Ctrl+A")
        walk.type(str(out))
        walk.key("Return")

    def done(box) -> None:
        walk.key("Return")

    walk.in_dialog("Ctrl+E", choose, done, seconds=60)
    if not walk.check(out.exists(), f"Ctrl+E wrote no {out.name}"):
        return
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    view = window.current_view()
    text = view.article.text if view is not None else ""
    spans = [s for r in records if r["text"] == text for s in r["spans"] if s["label"] == "QUOTE"]
    claims = {s.get("claim") for s in spans}
    walk.check(TYPED_CLAIM in claims, "the gold export lacks the claim typed with F2")
    walk.check(len(spans) >= len(decided), f"the gold export holds {len(spans)} quotes; {len(decided)} were decided")
