"""Python's cyclic collector runs on the window's thread only, while the window's workers run.

Python 3.11 runs a collection on whichever thread allocates the object that makes one due. On a worker
thread it frees whatever the window left unreachable meanwhile, and a Qt object may only be destroyed on
its own thread: a QTimer freed there printed "Timers cannot be stopped from another thread" and the window
crashed. So every worker (a QThread, a QRunnable, a QObject moved to a thread) takes a :class:`Hold`
on the window's thread before it is handed its work, and gives it back as its last step: while any hold
is out the collector is off for the whole process, and the window's thread runs the young generations'
passes itself, every few milliseconds as they fall due. Short and frequent, they stay small (a pass over
10,000 young objects takes about half a millisecond); a timer at a quarter second let a worker's young
objects pile up and walked them in one long pass. Full passes wait until the last hold is back, as
``core.collector.collector_paused`` makes them wait, and the collector is switched back on here, on the
window's thread.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

SWEEP_MS = 5  # how often the window's thread looks whether a young pass is due while workers run

_lock = threading.Lock()
_holds = 0
_owed = False  # the collector was on when the first hold came: switch it back on after the last
_sweeper: _Sweeper | None = None


class Hold:
    """One worker's claim that nothing collects on its thread; :meth:`release` once (more calls are no-ops)."""

    def __init__(self) -> None:
        self._out = True
        self._once = threading.Lock()

    @property
    def out(self) -> bool:
        """Whether it has not been given back yet."""
        return self._out

    def release(self) -> None:
        """Give the hold back (from any thread; the worker's last step, or the window's for a dropped job)."""
        with self._once:
            if not self._out:
                return
            self._out = False
        _give_back()


def hold() -> Hold:
    """Switch the collector off (for every thread) until the hold is released; call it before the work starts.

    Called on the window's thread, which then runs the young passes; a hold taken on another thread works
    too, the sweeping only starts once the window's thread next runs its event loop.
    """
    global _holds, _owed
    with _lock:
        if gc.isenabled():
            _owed = True
            gc.disable()
        _holds += 1
    if _SRSLY in sys.modules:
        keep_libraries_from_switching()
    sweeper = _sweeping()
    if sweeper is not None:
        sweeper.poke()
    return Hold()


@contextmanager
def held() -> Iterator[None]:
    """A hold for the duration of a block on the window's thread (work it starts and waits for)."""
    taken = hold()
    try:
        yield
    finally:
        taken.release()


_SRSLY = "srsly._msgpack_api"


class _HeldSwitch:
    """Stands in for ``gc`` where a library switches the collector off and back on around its own work."""

    def __getattr__(self, name: str):
        return getattr(gc, name)

    def disable(self) -> None:
        """Off as asked (already off while holds are out)."""
        gc.disable()

    def enable(self) -> None:
        """On again only when no hold is out: the hold's owner switches it back on after the last."""
        if not _holds:
            gc.enable()


def keep_libraries_from_switching() -> None:
    """Keep srsly (spaCy's msgpack reader) from switching the collector back on while a hold is out.

    It switches the collector off and on around every message it reads, whatever the state before: a
    pipeline loading on a worker thread switched it on mid-load, and the load's own allocations then
    ran passes on the worker's thread, hold or not.
    """
    try:
        __import__(_SRSLY)
    except ImportError:
        return
    module = sys.modules[_SRSLY]
    if not isinstance(getattr(module, "gc", None), _HeldSwitch):
        module.gc = _HeldSwitch()


def holds() -> int:
    """How many holds are out (for tests and benchmarks)."""
    return _holds


def _give_back() -> None:
    global _holds
    with _lock:
        _holds = max(_holds - 1, 0)
        last = _holds == 0
    if not last:
        return
    if _on_window_thread() or _sweeper is None:
        _restore()  # at once: the caller may allocate next, and a full pass may be due
    else:
        _sweeper.poke()  # its next look switches the collector back on, on the window's thread


def _restore() -> None:
    global _owed
    with _lock:
        if _holds == 0 and _owed:
            _owed = False
            gc.enable()


def _on_window_thread() -> bool:
    # Qt's GUI thread is the process's main thread; asking Qt would make a wrapper on a worker's thread.
    return threading.get_ident() == threading.main_thread().ident


def sweep() -> None:
    """On the window's thread: the young pass Python would have run by now, if one is due (never a full one)."""
    global _owed
    with _lock:
        if _holds and gc.isenabled():  # switched on by someone else meanwhile: off again, and owed back
            _owed = True
            gc.disable()
    young, middle, _ = gc.get_threshold()
    count, passes, _ = gc.get_count()
    if young and count > young:
        gc.collect(1 if passes > middle else 0)


class _Sweeper(QObject):
    """Lives on the window's thread: runs :func:`sweep` while holds are out, then switches the collector on."""

    poked = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(SWEEP_MS)
        self._timer.timeout.connect(self._on_timeout)
        self.poked.connect(self._on_poked)  # queued when poked from a worker: the timer is the window's

    def poke(self) -> None:
        """Start looking (from any thread)."""
        self.poked.emit()

    def _on_poked(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def _on_timeout(self) -> None:
        if _holds:
            sweep()
            return
        self._timer.stop()
        _restore()


def _sweeping() -> _Sweeper | None:
    """The window thread's sweeper, made on first use there; None without a Qt application."""
    global _sweeper
    if _sweeper is not None and not shiboken6.isValid(_sweeper):
        _sweeper = None  # its application was destroyed (tests make more than one)
    if _sweeper is None and _on_window_thread():
        app = QCoreApplication.instance()
        if app is not None:
            _sweeper = _Sweeper(app)
    return _sweeper
