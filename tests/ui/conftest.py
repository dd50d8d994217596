"""Fixtures for window tests: a project file with the sample articles, a shown window on it."""

from __future__ import annotations

import pytest

from annotator.core.model import Article
from annotator.core.text import sha256_of
from annotator.store import articles as article_store

EMOJI_TEXT = "Fans 😀😀 cheered. “We will win 🏆 again,” the coach said.\nLater, Zoë said: “Café naïve.”"


@pytest.fixture
def demo_path(tmp_path):
    """A project file holding the two sample articles and one with emoji and combining marks."""
    from annotator.services.demo import build_demo

    path = tmp_path / "demo.annotator.db"
    project = build_demo(path)
    article_store.insert_article(
        project, Article(None, EMOJI_TEXT, sha256_of(EMOJI_TEXT), title="Emoji", outlet="Test Outlet")
    )
    project.close()
    return path


@pytest.fixture
def project_file(tmp_path):
    """An empty project, open, for the workers' tests."""
    from annotator.services.projects import open_project

    project = open_project(tmp_path / "p.annotator.db")
    yield project
    project.close()


def make_window(qtbot, path, annotator="ann", demo=True):
    """A shown, active MainWindow on a project file (panes restored as at start-up)."""
    from PySide6.QtWidgets import QApplication

    from annotator.app import build_window
    from annotator.services.projects import open_project

    window = build_window(open_project(path), annotator, demo=demo)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: not window.review_mode.waiting)  # review docks are set up after the first paint
    return window


@pytest.fixture
def window(qtbot, demo_path):
    """The window on the demo project; closed (and the project file released) after the test."""
    win = make_window(qtbot, demo_path)
    yield win
    win.close()
    win.session.project.close()


def select(view, start: int, end: int) -> None:
    """Select a Python-offset span in a pane's text, as a user dragging the mouse would."""
    from PySide6.QtGui import QTextCursor

    cursor = view.text.textCursor()
    cursor.setPosition(view.text.offsets.to_qt(start))
    cursor.setPosition(view.text.offsets.to_qt(end), QTextCursor.KeepAnchor)
    view.text.setTextCursor(cursor)
