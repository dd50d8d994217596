"""Keys that move the keyboard between the window's parts: the article panes and the panels behind tabs.

A keyboard-only walkthrough found no way from one article pane to the other (Tab moves between quotes)
and no way to bring the claims board, the speakers panel or the agreement panel forward from behind
their tabs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

PANE_KEYS = ("Ctrl+Tab", "Ctrl+Shift+Tab")
AGREEMENT_KEY = "Ctrl+Shift+A"
CLAIMS_KEY = "Ctrl+Shift+C"
SPEAKERS_KEY = "Ctrl+Shift+S"


def install_part_keys(window) -> None:
    """Add View → Next pane (Ctrl+Tab), Previous pane (Ctrl+Shift+Tab), Claims board (Ctrl+Shift+C),
    Speakers (Ctrl+Shift+S) and Agreement (Ctrl+Shift+A)."""
    next_pane = _action(window, "Ne&xt pane", [PANE_KEYS[0]], lambda: step_pane(window, 1))
    # X sends Shift+Tab as Backtab: both spellings, so the key works whatever the platform delivers.
    previous_pane = _action(window, "Pre&vious pane", [PANE_KEYS[1], "Ctrl+Shift+Backtab"],
                            lambda: step_pane(window, -1))
    agreement = _action(window, "A&greement", [AGREEMENT_KEY], lambda: show_agreement(window))
    claims = _action(window, "C&laims board", [CLAIMS_KEY], lambda: show_side_panel(window, "claims"))
    speakers = _action(window, "S&peakers", [SPEAKERS_KEY], lambda: show_side_panel(window, "speakers"))
    menus = {entry.text(): entry.menu() for entry in window.menuBar().actions() if entry.menu() is not None}
    if "&View" in menus:
        first = menus["&View"].actions()[0] if menus["&View"].actions() else None
        menus["&View"].insertActions(first, [next_pane, previous_pane, claims, speakers, agreement])
        menus["&View"].insertSeparator(first)


def _action(window, text: str, keys: list[str], slot) -> QAction:
    action = QAction(text, window)
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setShortcutContext(Qt.WindowShortcut)
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def step_pane(window, step: int) -> None:
    """Give the keyboard to the next (or previous) pane showing an article, wrapping around."""
    panes = [view for view in window.panes.panes() if view.article is not None]
    if len(panes) < 2:
        window.statusBar().showMessage("Only one article is open: Ctrl+Enter in the corpus opens another beside it.",
                                       4000)
        return
    current = window.panes.current
    index = panes.index(current) if current in panes else -step
    target = panes[(index + step) % len(panes)]
    window.panes.set_current(target)
    target.text.setFocus(Qt.FocusReason.TabFocusReason)


def show_agreement(window) -> None:
    """Bring the agreement panel forward (turning review mode on); the keyboard stays where it was."""
    mode = getattr(window, "review_mode", None)
    if mode is None:
        return
    focus = window.focusWidget()
    if not mode.mode.isChecked():
        mode.mode.setChecked(True)
    dock = mode.agreement.parentWidget() if mode.agreement is not None else None
    while dock is not None and dock not in mode.docks:
        dock = dock.parentWidget()
    if dock is None:
        return
    dock.show()
    dock.raise_()
    if focus is not None and focus.isVisible():
        focus.setFocus(Qt.FocusReason.OtherFocusReason)


def show_side_panel(window, which: str) -> None:
    """Bring the claims board or the speakers panel forward (unfolded if folded for room), the keyboard in its list."""
    window.room.restore()
    if which == "claims":
        panel, dock = window.claims_board, window._claims_dock
    else:
        panel = window.speakers_panel
        dock = panel.parentWidget() if panel is not None else None
        while dock is not None and not isinstance(dock, QDockWidget):
            dock = dock.parentWidget()
    if panel is None or dock is None:
        return
    dock.show()
    dock.raise_()
    panel.view.setFocus(Qt.FocusReason.ShortcutFocusReason)  # arrows and Enter at once; Esc back to the text
