"""Keeping Python's memory management from stalling the window while bulk work runs on another thread.

The cyclic collector and the freeing of a big structure both hold the interpreter lock from start to end:
a full collection pass over hundreds of thousands of objects, or one ``del`` that frees them all, stops
the window's thread for as long (0.4-1.7 s measured at 10,000 articles). Both are avoided here.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, MutableMapping, MutableSequence
from contextlib import contextmanager

_lock = threading.Lock()
_holds = 0
_thresholds = gc.get_threshold()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold back the collector's full passes while bulk work runs (nestable, from any thread).

    The young generations are still collected: their passes are short, and they stop tracking the work's
    tuples of plain values, so no full pass later (on whatever thread) has to walk them. Disabling the
    collector altogether would hand the walk of every new object to the next pass, maybe on the window's
    thread.
    """
    global _holds, _thresholds
    with _lock:
        if _holds == 0:
            _thresholds = gc.get_threshold()
            young, middle, _ = _thresholds
            gc.set_threshold(young, middle, 1_000_000_000)
        _holds += 1
    try:
        yield
    finally:
        with _lock:
            _holds -= 1
            if _holds == 0:
                gc.set_threshold(*_thresholds)


def release_gradually(*containers: MutableSequence | MutableMapping, slice_size: int = 64) -> None:
    """Empty each container a slice of items at a time, so what they alone hold is freed in slices.

    Between two slices the interpreter may hand its lock to the window's thread; freeing the container at
    once would keep it for the whole cascade. Call it last on the worker thread, on the structures that
    hold the most objects (the last reference to an object is the one whose removal frees it).
    """
    for container in containers:
        if isinstance(container, MutableMapping):
            while container:
                for _ in range(min(slice_size, len(container))):
                    container.popitem()
        else:
            while container:
                del container[-slice_size:]


_frozen = False


def set_aside_start_up() -> None:
    """Move every object made so far out of the collector's full passes, once per process.

    What exists once the window is up (modules, classes, the window's own objects) lives as long as
    the process, yet every full pass walked it: a tenth of a second on the window's thread, each time a
    worker's bulk work had made the next pass due (a board read, say). Objects set aside are still freed
    by their last reference going; only a cycle among them that becomes garbage later is never freed.
    """
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


def set_aside_loaded() -> None:
    """Move every object made so far out of the collector's full passes now, after loading what lasts.

    For spaCy's pipeline loaded on a thread of the window's process (the suggestion fallback): its tens
    of thousands of objects live as long as the process, and every full pass over them held the window's
    thread a few hundred milliseconds at 300 KB articles.
    """
    gc.freeze()
