"""Importing in the window into a project that cannot be written: one message, no traceback, no retries."""

from __future__ import annotations

import errno

import pytest
from PySide6.QtWidgets import QMessageBox

from annotator.store import articles as article_store
from annotator.ui.session import Session
from annotator.ui.shared.dialogs import import_summary_box, run_import

pytestmark = pytest.mark.gui


def test_disk_full_stops_the_window_import_and_says_why(project, tmp_path, qtbot, monkeypatch):
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"Article number {n} says something.", encoding="utf-8")
    calls = []

    def full(*args, **kwargs):
        calls.append(args)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(article_store, "insert_article", full)
    report = run_import(None, Session(project, "ana"), [tmp_path], show_summary=False)
    assert len(calls) == 1  # stopped at the first file instead of failing all three
    assert report.stopped == "the project: cannot write to it: the disk is full; import stopped at 0.txt, nothing of it kept"
    box = import_summary_box(None, report)
    assert box.icon() == QMessageBox.Icon.Warning
    assert report.stopped in box.informativeText()
