"""Bulk work on a worker thread keeps the collector's full passes back and frees its objects in slices."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading

from annotator.core.collector import collector_paused, release_gradually


def test_full_passes_wait_until_the_last_holder_is_done_then_come_back():
    before = gc.get_threshold()
    with collector_paused():
        with collector_paused():  # nested, as a job inside a worker that already holds them
            assert gc.get_threshold()[:2] == before[:2] and gc.get_threshold()[2] > 10**8
        assert gc.get_threshold()[2] > 10**8
    assert gc.get_threshold() == before and gc.isenabled()


def test_holders_on_two_threads_restore_the_thresholds_once_both_are_done():
    before = gc.get_threshold()
    inside, leave = threading.Event(), threading.Event()

    def hold():
        with collector_paused():
            inside.set()
            leave.wait(5)

    worker = threading.Thread(target=hold)
    worker.start()
    inside.wait(5)
    with collector_paused():
        pass
    assert gc.get_threshold()[2] > 10**8  # the worker still holds them
    leave.set()
    worker.join(5)
    assert gc.get_threshold() == before


def test_release_gradually_empties_lists_and_dicts_freeing_what_they_alone_held():
    class Thing:
        pass

    things = [Thing() for _ in range(1000)]
    by_key = {k: [Thing()] for k in range(100)}
    watched = things[0]
    import weakref

    ref = weakref.ref(watched)
    del watched
    release_gradually(things, by_key)
    assert things == [] and by_key == {} and ref() is None


def test_start_up_objects_are_set_aside_from_full_passes_once():
    # In a fresh interpreter: setting aside this test process's objects would change every later test.
    script = (
        "import gc\n"
        "from annotator.core.collector import set_aside_start_up\n"
        "start_up = [[k] for k in range(1000)]\n"
        "set_aside_start_up()\n"
        "first = gc.get_freeze_count()\n"
        "later = [[k] for k in range(1000)]\n"
        "set_aside_start_up()\n"
        "print(first >= 1000, gc.get_freeze_count() == first, any(o is later for o in gc.get_objects()))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True"]  # set aside once; what came later is still walked
