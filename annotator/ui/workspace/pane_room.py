"""Room for the article panes: on a narrow window the side docks give way before the panes get unreadable."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget

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
        """The docks shown in an area, the tabs behind the front one included (they set its minimum)."""
        window = self.window
        return [d for d in window.docks if window.dockWidgetArea(d) == area and not d.isFloating()
                and d.toggleViewAction().isChecked()]

    def fit(self) -> None:
        """Give each pane a readable width: shrink the docks first, then fold the left group away."""
        window = self.window
        needed = self._needed()
        if not window.isVisible():
            return  # docks report their sizes once shown
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
        """Show the folded docks again (before the layout is saved, so the next start has them)."""
        self._unfold()
