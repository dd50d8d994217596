"""Refresh a docked panel only while it is on screen; behind another tab it goes stale and catches up when shown.

The one way the window tells whether a panel can be seen (:func:`on_screen`) and learns that its dock came
to the front (:func:`when_shown`); work that follows runs through :mod:`annotator.ui.shared.workers`.

A dock tabified behind another keeps ``isVisible()`` true, so a panel that checks only that rebuilds on
every edit although nobody sees it. What is on screen is told by the visible region, and a tab coming to
the front is told by its dock's ``visibilityChanged``. Panels create one :class:`RefreshWhenShown` and call
:meth:`RefreshWhenShown.request` wherever they used to refresh, and
:meth:`RefreshWhenShown.widget_shown` from their ``showEvent``.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QWidget


def on_screen(widget: QWidget) -> bool:
    """Whether some of the widget can be seen (False behind another dock's tab, unlike ``isVisible``)."""
    if not widget.isVisible():
        return False
    if not widget.visibleRegion().isEmpty():
        return True
    # A widget wholly covered by its own children (a scroll area's, the agreement panel) shows through them.
    children = widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return any(on_screen(child) for child in children)


def enclosing_dock(widget: QWidget) -> QDockWidget | None:
    """The dock a widget sits in, if any."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QDockWidget):
        parent = parent.parentWidget()
    return parent


def when_shown(widget: QWidget, slot: Callable[[], None]) -> bool:
    """Call ``slot`` whenever the dock holding ``widget`` comes to the front; False if it is in no dock yet.

    A dock in a background tab stays "visible" to Qt and gets no show event when its tab is chosen.
    """
    dock = enclosing_dock(widget)
    if dock is not None:
        dock.visibilityChanged.connect(lambda visible: visible and slot())
    return dock is not None


class RefreshWhenShown(QObject):
    """Runs ``refresh`` at once when the widget is on screen, else once it next comes on screen."""

    def __init__(self, widget: QWidget, refresh: Callable[[], None]):
        super().__init__(widget)
        # Weak references: a panel holding its refresher must not become a cycle that the garbage
        # collector frees at an arbitrary moment (in the middle of a paint, say) instead of at once.
        self._widget_ref = weakref.ref(widget)
        self._refresh_ref = weakref.WeakMethod(refresh) if hasattr(refresh, "__self__") else (lambda: refresh)
        self._dock: QDockWidget | None = None
        #: True while the widget shows data older than the project's.
        self.stale = False

    def request(self) -> None:
        """The data changed: refresh now if it can be seen, else mark it stale."""
        self._watch_dock()
        if self._widget is not None and on_screen(self._widget):
            self.run()
        else:
            self.stale = True

    @property
    def _widget(self) -> QWidget | None:
        return self._widget_ref()

    def run(self) -> None:
        """Refresh now, whether or not it is on screen."""
        self.stale = False
        refresh = self._refresh_ref()
        if refresh is not None:
            refresh()

    def catch_up(self) -> None:
        """Refresh if stale (before reading the widget's data from code)."""
        if self.stale:
            self.run()

    def _watch_dock(self) -> None:
        # The panel is built before it is put in its dock, so the dock is found on first use.
        dock = enclosing_dock(self._widget) if self._widget is not None else None
        if dock is not None and dock is not self._dock:
            if self._dock is not None:
                self._dock.visibilityChanged.disconnect(self._on_visibility_changed)
            self._dock = dock
            dock.visibilityChanged.connect(self._on_visibility_changed)

    def _on_visibility_changed(self, visible: bool) -> None:
        if visible and self.stale:
            self.run()

    def widget_shown(self) -> None:
        """Call from the widget's ``showEvent``: a widget shown (not only a tab raised) catches up too."""
        self._watch_dock()
        if self.stale and self._dock is None:
            self.run()
        elif self.stale:
            # A dock behind a tab is "shown" with its window; its visible region tells after layout.
            QTimer.singleShot(0, self, self._catch_up_if_on_screen)

    def _catch_up_if_on_screen(self) -> None:
        if self.stale and self._widget is not None and on_screen(self._widget):
            self.run()
