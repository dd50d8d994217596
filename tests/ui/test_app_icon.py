"""The window carries the app icon, and a project passed as the argument is the one on screen."""

from __future__ import annotations

import pytest

from tests.ui.test_startup import _run

pytestmark = pytest.mark.gui


def test_project_argument_opens_in_a_window_with_the_icon(tmp_path):
    project = tmp_path / "mine.annotator.db"
    shot = tmp_path / "shot.png"
    result = _run(
        f"""
        import sys
        import annotator.app as app
        from annotator.cli import main
        from annotator.services.demo import build_demo
        build_demo({str(project)!r}).close()
        save = app._save_screenshot

        def spy(window, path):
            from PySide6.QtWidgets import QApplication
            icon = QApplication.windowIcon()
            print("icon", not icon.isNull() and not icon.pixmap(64, 64).isNull(), window.session.project.path.name)
            save(window, path)

        app._save_screenshot = spy
        sys.exit(main([{str(project)!r}, "--annotator", "ann", "--screenshot", {str(shot)!r}]))
        """,
        tmp_path,
        QT_QPA_PLATFORM="offscreen",
    )
    assert result.returncode == 0, result.stderr
    assert "icon True mine.annotator.db" in result.stdout
