"""The walkthrough's hands: keys to the focused widget, checks that report instead of stopping, screenshots."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path


class Walk:
    """Keys to the focused widget, checks that report instead of stopping, and screenshots."""

    def __init__(self, out: Path | None, wait_scale: float = 1.0):
        self.out = out
        self.found: list[str] = []
        self.shots: list[Path] = []
        self.wait_scale = wait_scale
        self.window = None

    # keys -------------------------------------------------------------------------------------------
    def focus(self):
        """The widget the keyboard goes to, as the user's next key would (an open popup list takes it first)."""
        from PySide6.QtWidgets import QApplication

        popup = QApplication.activePopupWidget()
        if popup is not None:
            return popup.focusWidget() or popup
        return QApplication.focusWidget()

    def close_popup(self) -> None:
        """Esc on an open completion list, as a user who does not want its proposal does."""
        from PySide6.QtWidgets import QApplication

        if QApplication.activePopupWidget() is not None:
            self.key("Escape")

    def key(self, keys: str, times: int = 1) -> None:
        """Press a key (a QKeySequence string such as "Ctrl+Shift+Z") ``times`` times."""
        from PySide6.QtGui import QKeySequence
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        combo = QKeySequence(keys)[0]
        for _ in range(times):
            if QApplication.activePopupWidget() is None:
                self.window_manager()
            widget = self.focus()
            if widget is None:
                self.report(f"no widget has the keyboard when pressing {keys}")
                return
            QTest.keyClick(widget, combo.key(), combo.keyboardModifiers())
        self.settle()

    def type(self, text: str) -> None:
        """Type text into the focused widget."""
        from PySide6.QtTest import QTest

        widget = self.focus()
        if widget is None:
            self.report(f"no widget has the keyboard when typing {text!r}")
            return
        QTest.keyClicks(widget, text)
        self.settle()

    def settle(self, ms: int = 20) -> None:
        """Let Qt deliver what the last key caused (repaints, queued signals)."""
        from PySide6.QtTest import QTest

        QTest.qWait(int(ms * self.wait_scale))

    def wait_for(self, condition: Callable[[], bool], seconds: float) -> bool:
        """Wait (processing events) until a condition holds; False after ``seconds``."""
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                return False
            self.settle(50)
        return True

    def in_dialog(self, keys: str, *insides: Callable, seconds: float = 10) -> None:
        """Press keys that open modal dialogs one after another; ``insides[k](dialog)`` runs while the k-th is open.

        Each ``inside`` ends by closing its dialog with keys; a dialog still open after it is closed here and
        reported, as is a dialog that never came.
        """
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QProgressDialog

        state = {"done": [], "deadline": time.monotonic() + seconds}

        def poll() -> None:
            dialog = QApplication.activeModalWidget()
            # A progress dialog (long work shows one after 0.4 s, as a loaded machine's export does) is
            # not one of the dialogs to act in: Return there cancelled the export and left its box open.
            busy = isinstance(dialog, QProgressDialog)
            if busy or dialog is None or not dialog.isVisible() or any(dialog is seen for seen in state["done"]):
                if time.monotonic() < state["deadline"]:
                    QTimer.singleShot(50, poll)
                return
            inside = insides[len(state["done"])]
            state["done"].append(dialog)
            if len(state["done"]) < len(insides):
                # Watched for already: the next dialog may open from a key pressed inside this one.
                state["deadline"] = time.monotonic() + seconds
                QTimer.singleShot(50, poll)
            self.settle(100)
            try:
                inside(dialog)
            finally:
                if dialog.isVisible():
                    self.report(f"{dialog.windowTitle()!r} did not close from the keyboard")
                    dialog.reject()

        QTimer.singleShot(50, poll)
        self.key(keys)
        if len(state["done"]) < len(insides):
            self.report(f"{keys} opened {len(state['done'])} of the {len(insides)} dialogs expected")
        self.window_manager()

    def window_manager(self) -> None:
        """Do what a window manager does when a dialog or popup closes: activate the window beneath it.

        xvfb-run starts no window manager, and without one X leaves the keyboard nowhere; the offscreen
        platform leaves a closed completion list as the active window.
        """
        from PySide6.QtWidgets import QApplication

        active = QApplication.activeWindow()
        target = QApplication.activeModalWidget() or self.window  # the dialog still open, else the window
        if (active is None or not active.isVisible()) and target is not None:
            target.activateWindow()
            self.wait_for(lambda: QApplication.activeWindow() is target, 5)

    # checks -----------------------------------------------------------------------------------------
    def report(self, problem: str) -> None:
        """One problem a user would notice: printed and kept, the walk goes on."""
        self.found.append(problem)
        print(f"FOUND: {problem}", flush=True)

    def check(self, ok: bool, problem: str) -> bool:
        """Report ``problem`` unless ``ok``."""
        if not ok:
            self.report(problem)
        return ok

    def step(self, text: str) -> None:
        """Say what the walk does next (the log reads as the walkthrough)."""
        print(f"-- {text}", flush=True)

    def shot(self, name: str, widget=None) -> None:
        """Save a picture of the window (or of a dialog) as OUTDIR/name.png."""
        if self.out is None:
            return
        self.settle(150)
        widget = widget or self.window
        path = self.out / f"{name}.png"
        if widget.grab().save(str(path)):
            self.shots.append(path)
            print(f"   saved {path}", flush=True)
        else:
            self.report(f"could not write {path}")


# the annotator's text moves ---------------------------------------------------------------------------
def caret(view) -> int:
    """The caret's position as a Python offset."""
    return view.text.offsets.from_qt(view.text.textCursor().position())


def move_caret(walk: Walk, view, offset: int) -> None:
    """Put the caret at an offset with the keys a user would use: Ctrl+Home, then words, then characters."""
    walk.key("Ctrl+Home")
    for _ in range(2000):
        here = caret(view)
        if here == offset:
            return
        if offset - here > 12:
            walk.key("Ctrl+Right")
        elif here < offset:
            walk.key("Right")
        else:
            walk.key("Left")
    walk.report(f"the caret did not reach offset {offset} with the arrow keys")


def select_to(walk: Walk, view, offset: int) -> None:
    """Extend the selection from the caret to an offset with Shift+arrows."""
    for _ in range(2000):
        here = caret(view)
        if here == offset:
            return
        if offset - here > 12:
            walk.key("Ctrl+Shift+Right")
        elif here < offset:
            walk.key("Shift+Right")
        else:
            walk.key("Shift+Left")
    walk.report(f"the selection did not reach offset {offset} with Shift+arrows")


def current_quote(view):
    """The pane's selected quote, as the inspector shows it."""
    return view.quote(view.current_id)


def in_box(combo) -> tuple:
    """The widgets that have the keyboard while a user types in an editable combo box."""
    return (combo, combo.lineEdit())


def text_has_keys(walk: Walk, view, after: str) -> bool:
    """Whether the keyboard is back in the pane's text (after a box or a dialog)."""
    return walk.check(walk.focus() is view.text, f"after {after} the keyboard is not back in the article text "
                      f"(it is in {type(walk.focus()).__name__})")
