"""Opening a project loads only what it needs: the window starts sooner."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(code: str) -> str:
    """Run ``code`` in a fresh interpreter with this checkout first on the path; its output."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout


def test_opening_a_project_imports_no_numpy_and_numpy_still_loads_later(tmp_path):
    out = run(f"""
        import sys
        from annotator.services.projects import open_project
        project = open_project({str(tmp_path / "p.annotator.db")!r})
        print("numpy" in sys.modules, "pandas" in sys.modules)
        project.close()
        import numpy
        print(numpy.arange(3).sum())
    """)
    assert out.split() == ["False", "False", "3"]


def test_the_window_imports_numpy_only_when_the_claims_board_is_first_shown(tmp_path):
    out = run(f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ["ANNOTATOR_HOME"] = {str(tmp_path)!r}
        os.environ["ANNOTATOR_SUGGESTIONS"] = "0"
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from annotator.app import build_window
        from annotator.services.projects import open_project
        window = build_window(open_project({str(tmp_path / "p.annotator.db")!r}), "ann")
        window.show()
        app.processEvents()
        print("numpy" in sys.modules)
        print(window.claims_board is not None, "numpy" in sys.modules)
        window.close()
    """)
    assert out.split() == ["False", "True", "True"]
