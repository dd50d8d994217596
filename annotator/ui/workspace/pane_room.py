"""Room for the article panes: on a narrow window the side docks give way before the panes get unreadable."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDockWidget

#: A pane narrower than this breaks a news sentence every two or three words.
READABLE_PANE = 220
#: The right dock (inspector and quote list) is kept at least this wide while it fits.
INSPECTOR_WIDTH = 300


class PaneRoom(QObject):
    """Watches the window's width and pane count; shrinks the side docks, then folds the left ones away.

    Folded docks are the corpus/claims/speakers group: Ctrl+F or the View menu brings them back at once,
    and they come back by themselves when the window is widened or panes are closed.
    """

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.folded: list[QDockWidget] = []
        self._pending = QTimer(self, singleShot=True, interval=0)
        self._pending.timeout.connect(self._fit_anew)
        self._refitted = False  # docks sized again once since the last request, before anything folds
        window.installEventFilter(self)
        # A dock's content may grow after it is shown (a panel filled in the background): the panes'
        # own width is the judge.
        window.panes.installEventFilter(self)
        window.panes.paneAdded.connect(lambda _view: self._pending.start())
        window.panes.paneClosed.connect(self._pending.start)
        #: (window width, pane count) when the user brought the docks back: they stay until either changes.
        self._kept: tuple[int, int] | None = None
        QApplication.instance().focusChanged.connect(self._on_focus_changed)

    def request(self) -> None:
        """Fit again once the current event is handled (a pane was added or closed)."""
        self._pending.start()

    def eventFilter(self, watched, event) -> bool:
        """Refit when the window is shown or resized."""
        if watched is self.window and event.type() in (QEvent.Resize, QEvent.Show):
            self._pending.start()
        elif watched is self.window.panes and event.type() == QEvent.Resize:
            QTimer.singleShot(0, self._fold_if_cramped)
        return False

    def _docks(self, area) -> list[QDockWidget]:
        """The docks shown in an area, the tabs behind the front one included (they set its minimum).

        Every dock of the window counts, not only the four built with it: the guidelines (Shift+F1) open
        as a tab of the corpus group, and left out, they kept a third of a laptop's width from the panes.
        """
        window = self.window
        return [d for d in window.findChildren(QDockWidget) if window.dockWidgetArea(d) == area
                and not d.isFloating() and d.toggleViewAction().isChecked()]

    def _on_focus_changed(self, _old, new) -> None:
        """Back in an article (Esc, an article opened): the docks brought back by Ctrl+F give way again."""
        if self._kept is not None and new is not None and self.window.panes.isAncestorOf(new):
            self._kept = None
            self._pending.start()

    def _user_keeps_docks(self) -> bool:
        """Whether the user brought the docks back (Ctrl+F, View menu) on this very window width and panes."""
        return self._kept == (self.window.width(), len(self.window.panes.panes()))

    def fit(self) -> None:
        """Give each pane a readable width: shrink the docks first, then fold the left group away."""
        window = self.window
        needed = self._needed()
        if not window.isVisible() or self._user_keeps_docks():
            return  # docks report their sizes once shown; docks the user just asked for stay
        left = self._docks(Qt.LeftDockWidgetArea)
        right = self._docks(Qt.RightDockWidgetArea)
        width = window.width()
        right_width = max([d.minimumSizeHint().width() for d in right] + [0])
        right_width = max(right_width, min(INSPECTOR_WIDTH, width - needed)) if right else 0
        left_min = max([d.minimumSizeHint().width() for d in left] + [0])
        spare = width - needed - right_width - 16
        if self.folded and spare >= self._folded_width():
            self._unfold()
            return
        if left and spare < left_min:
            self._fold(left)
            left = []
        sizes = [(d, right_width) for d in right[:1]]
        if left:
            sizes.append((left[0], max(left_min, min(spare, int(width * 0.22)))))
        if sizes:
            window.resizeDocks([d for d, _ in sizes], [w for _, w in sizes], Qt.Horizontal)
        # A dock tab not yet shown may understate its minimum: judge by the widths the layout really gave.
        QTimer.singleShot(0, self._fold_if_cramped)
        self._announce()

    def _fit_anew(self) -> None:
        self._refitted = False
        self.fit()

    def _needed(self) -> int:
        panes = max(1, len(self.window.panes.panes()))
        return panes * READABLE_PANE + (panes - 1) * self.window.panes.splitter.handleWidth()

    def _fold_if_cramped(self) -> None:
        left = self._docks(Qt.LeftDockWidgetArea)
        if self._user_keeps_docks():
            return
        if left and self.window.isVisible() and self.window.panes.width() < self._needed() - 8:
            if not self._refitted:
                # Docks sized while the window was still taking its new size keep their old widths:
                # size them once more before deciding that the side group has to fold away.
                self._refitted = True
                self.fit()
                return
            self._fold(left)
            self._announce()

    def _announce(self) -> None:
        if self.folded:
            self.window.statusBar().showMessage(
                "Side panels folded away to give the articles room: Ctrl+F or the View menu brings them back.", 6000)

    def _folded_width(self) -> int:
        return max(d.minimumSizeHint().width() for d in self.folded) + 40

    def _fold(self, docks: list[QDockWidget]) -> None:
        for dock in docks:
            self.folded.append(dock)
            dock.hide()

    def _unfold(self) -> None:
        docks, self.folded = self.folded, []
        for dock in docks:
            dock.show()
        if docks:
            docks[0].raise_()

    def restore(self) -> None:
        """Show the folded docks again (Ctrl+F; before the layout is saved, so the next start has them).

        They stay while the keyboard is outside the articles and the window keeps its width and panes:
        folded again at once, Ctrl+F showed the search box for an instant and left the keyboard in the
        quote list.
        """
        if self.folded:
            self._kept = (self.window.width(), len(self.window.panes.panes()))
        self._unfold()
