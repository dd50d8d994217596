"""Render docs/review.png: two annotators' versions of the samples merged, in review mode.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_review_screenshot.py [OUT.png]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_HOME", tempfile.mkdtemp(prefix="annotator-shot-"))
os.environ["ANNOTATOR_SUGGESTIONS"] = "0"


def annotator_project(path: Path, name: str, stance_of, skip=()) -> Path:
    """One annotator's project over the samples, quoting the gold records with this annotator's stances."""
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
                stance=stance_of(g) if drones else "neutral", claim="Iran supplied drones to Russia" if drones else None,
                topics=("conflict",)))
    return path


def main(out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from annotator.app import build_window
    from annotator.services.merging import merge_projects
    from annotator.services.projects import open_project
    from annotator.ui import icons

    work = Path(tempfile.mkdtemp(prefix="annotator-review-"))
    alice = annotator_project(work / "alice.annotator.db", "alice", lambda g: "opposes")
    bob = annotator_project(work / "bob.annotator.db", "bob",
                            lambda g: "supports" if g["doc"].startswith("004") else "neutral", skip={"000-02"})
    review = open_project(work / "review.annotator.db")
    merge_projects(review, [alice, bob])
    app = QApplication.instance() or QApplication([])
    window = build_window(review, "lead")
    window.resize(1600, 1000)
    window.show()
    icons.load()
    app.processEvents()
    panel = window.review_mode.panel
    panel.step(True)
    panel.step(True)
    window.review_mode.docks[2].raise_()  # agreement beside the review panel
    app.processEvents()
    window.grab().save(str(out))
    window.close()
    print(f"Saved {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "review.png")
