"""Render docs/screenshot.png: the demo with quotes marked and tagged through the window's own actions.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshot.py [OUT.png]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_HOME", tempfile.mkdtemp(prefix="annotator-shot-"))

CLAIM = "Iran supplied drones to Russia"
# (pane, text to mark, stance, speaker, claim, topics, kind)
MARKS = [
    (0, "it is not Iran’s policy to sell arms to Russia in its war with Ukraine", "opposes", "Hossein Amir Abdollahian",
     CLAIM, ("conflict", "diplomacy"), "indirect"),
    (0, "“We have defense cooperation with Russia, but our policy about the Ukraine war is to respect the territorial "
        "integrity of this country, not to deliver arms to the warring sides,", "opposes", "Hossein Amir Abdollahian",
     CLAIM, ("conflict",), "direct"),
    (0, "not to deliver arms to the warring sides", None, None, None, (), "direct"),
    (0, "“We are against the war and strongly reject delivering drones to Russia in the war with Ukraine,”", "opposes",
     "Hossein Amir Abdollahian", CLAIM, ("conflict",), "direct"),
    (1, "\"Selling missiles is completely untrue, but\xa0the drone is true.", "supports", "Hossein Amir-Abdollahian",
     CLAIM, ("conflict",), "direct"),
    (1, "Months before the war started in Ukraine, we had sold few drones to Russia.\"", "supports",
     "Hossein Amir-Abdollahian", CLAIM, ("conflict",), "direct"),
]


def main(out: Path) -> None:
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from annotator.app import build_window
    from annotator.services import commands
    from annotator.services.demo import build_demo
    from annotator.ui import icons

    window = build_window(build_demo(None), "ana", demo=True)
    window.resize(1600, 960)
    window.show()
    icons.load()
    app.processEvents()
    panes = window.panes.panes()
    for pane_index, needle, stance, speaker, claim, topics, kind in MARKS:
        view = panes[pane_index]
        window.panes.set_current(view)
        start = view.article.text.index(needle)
        cursor = view.text.textCursor()
        cursor.setPosition(view.text.offsets.to_qt(start))
        cursor.setPosition(view.text.offsets.to_qt(start + len(needle)), QTextCursor.KeepAnchor)
        view.text.setTextCursor(cursor)
        quote_id = window.create_quote(snap=True)
        for command in (
            commands.SetKind(quote_id, kind),
            commands.SetStance(quote_id, stance),
            commands.SetSpeaker(quote_id, speaker),
            commands.SetClaim(quote_id, claim),
            commands.SetTopics(quote_id, topics),
        ):
            window.session.push(command)
    window.panes.set_current(panes[0])
    panes[0].select_quote(panes[0].quotes[1].id, scroll=False)
    panes[0].text.setFocus()
    if window.claims_board is not None:
        window.claims_board.refresh()
        window.docks[2].raise_()  # the claims board: the same claim, opposite stances, two outlets
    # The right pane also shows spaCy's remaining suggestions (dashed), computed in the background.
    if window.suggestion_flow is not None:
        import time

        window.suggestion_flow.start()
        deadline = time.monotonic() + 60
        while not panes[1].suggestions and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.05)
        if panes[1].suggestions:
            panes[1].set_current_suggestion(0)
    app.processEvents()
    window.grab().save(str(out))
    window.close()  # stops the suggestion worker before Qt goes away
    print(f"Saved {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshot.png")
