"""A file dialog's icon provider outlives every dialog; a dialog that has answered is freed."""

from __future__ import annotations

import gc
import weakref

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QFileInfo
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from annotator.ui.shared import file_dialogs

pytestmark = pytest.mark.gui


def test_the_icon_provider_outlives_a_dialog_and_its_python_wrapper(qtbot, tmp_path):
    # Qt's file-info thread calls the provider for as long as the C++ dialog lives, which can be longer
    # than its Python wrapper: a provider freed with the wrapper crashed the window during a merge.
    parent = QWidget()
    dialog = file_dialogs.configure(QFileDialog(parent, "Projects to merge", str(tmp_path)))
    provider = weakref.ref(dialog.iconProvider())
    del dialog
    shiboken6.delete(parent)
    del parent
    gc.collect()
    assert provider() is not None
    again = file_dialogs.configure(QFileDialog(None, "Export to"))
    qtbot.addWidget(again)
    assert again.iconProvider().type(QFileInfo(str(tmp_path / "ana.annotator.db"))) == "DB file"


def test_a_dialog_that_has_answered_is_freed(qtbot, tmp_path, monkeypatch):
    parent = QWidget()
    qtbot.addWidget(parent)
    monkeypatch.setattr(QFileDialog, "exec", lambda self: 0)  # the user presses Esc at once
    assert file_dialogs.open_file_names(parent, "Projects to merge", str(tmp_path), "*") == []
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    # No hidden dialog keeps watching the folder (and calling its provider) until the parent closes.
    assert parent.findChildren(QFileDialog) == []
