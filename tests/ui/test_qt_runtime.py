"""The Qt binding the app installs can run a long session without crashing."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_many_widget_calls_do_not_abort_the_process():
    # PySide6 6.12 on Python 3.11 dropped a reference to None on each void call and aborted after a
    # few thousand: a minute of annotating. This runs well past that in a child process.
    script = textwrap.dedent(
        """
        from PySide6.QtWidgets import QApplication, QPushButton
        app = QApplication([])
        button = QPushButton()
        for _ in range(50_000):
            button.setEnabled(True)
        print("ok")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "ok"
