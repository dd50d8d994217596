"""Showing a file dialog beside an open project must not release SQLite's locks on it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from annotator.services.demo import build_demo
from annotator.services.projects import open_project
from annotator.store import quotes as quote_store
from annotator.ui.shared import file_dialogs

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(not Path("/proc/locks").exists() or sys.platform != "linux", reason="reads /proc/locks"),
]


def _locks_held(path: Path) -> int:
    inode, pid = os.stat(path).st_ino, os.getpid()
    fields = (line.split() for line in Path("/proc/locks").read_text().splitlines())
    return sum(1 for f in fields if f[-3].endswith(f":{inode}") and f[-4] == str(pid))


def _show_for_a_while(qtbot, dialog: QFileDialog, folder: Path) -> None:
    dialog.setDirectory(str(folder))
    dialog.show()
    qtbot.wait(1500)  # the file system model gathers icons and types on its own thread
    dialog.close()


def _locked_project(folder: Path):
    folder.mkdir()
    path = folder / "p.annotator.db"
    build_demo(path).close()
    project = open_project(path)
    quote_store.all_quotes(project)  # a read: in WAL mode the connection now holds a shared lock
    assert _locks_held(path) >= 1
    return project, path


def test_a_project_keeps_its_locks_while_a_dialog_lists_its_folder(qtbot, tmp_path):
    plain_project, plain_path = _locked_project(tmp_path / "plain")
    safe_project, safe_path = _locked_project(tmp_path / "safe")
    try:
        # Why file_dialogs exists: Qt's content sniffing opens and closes the listed project file.
        plain = QFileDialog(None, "Export to")
        plain.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        qtbot.addWidget(plain)
        _show_for_a_while(qtbot, plain, plain_path.parent)
        if _locks_held(plain_path):
            pytest.skip("this Qt build does not open listed files, so the danger cannot be shown")
        dialog = file_dialogs.configure(QFileDialog(None, "Export to"))
        qtbot.addWidget(dialog)
        _show_for_a_while(qtbot, dialog, safe_path.parent)
        assert _locks_held(safe_path) >= 1, "the dialog opened the project file and dropped its locks"
    finally:
        plain_project.close()
        safe_project.close()
