"""The export memory benchmark adds up the peaks of an export's worker processes, not only the largest."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))
bench_export_memory = pytest.importorskip("bench_export_memory")

# A parent that waits for two children, each holding 80 MB for a moment, as a parallel export's workers do.
_WORKERS = """
import os, time
children = []
for _ in range(2):
    pid = os.fork()
    if pid == 0:
        held = bytearray(80 * 2**20)
        held[::4096] = b"x" * len(held[::4096])
        time.sleep(0.5)
        os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
"""


@pytest.mark.skipif(not os.path.isdir("/proc") or not hasattr(os, "fork"), reason="reads /proc; forks")
def test_the_workers_peaks_are_summed_beside_the_largest_process():
    largest, summed, _, processes = bench_export_memory.peak([sys.executable, "-c", _WORKERS])
    assert processes == 3  # the command and its two workers
    assert 80 <= largest < 160  # one worker: what the kernel's accounting of children keeps
    assert summed >= largest + 80  # the other worker too (and the parent that started them)
