"""A parallel JSONL export whose process is killed (kill -9) leaves no worker running and no part file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "services"))
from test_export_parallel import _make  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers die with the export on Linux")

# The export's workers stall in their first range, so the kill falls while they hold their part files.
CHILD = """
import sys, time
from annotator.services import exporting
real = exporting.write_lines

def stalled(*args):
    if args[-1] is not None:  # a worker's range
        time.sleep(120)
    return real(*args)

exporting.write_lines = stalled
from annotator.cli import main
sys.exit(main(["export", "--db", sys.argv[1], "--out", sys.argv[2], "--processes", "2"]))
"""


def _marked(mark: str) -> list[int]:
    """The processes whose environment holds ``mark``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if mark.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:  # ended meanwhile, or not ours
                continue
    return found


def test_killing_a_parallel_export_ends_its_workers_and_leaves_no_part_file(tmp_path):
    db = _make(tmp_path / "p.annotator.db")
    out = tmp_path / "out.jsonl"
    out.write_text("the export before\n")
    mark = f"ANNOTATOR_TEST_EXPORT={os.getpid()}-{time.monotonic_ns()}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), mark.split("=")[0]: mark.split("=")[1]}
    export = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(out)], env=env)
    try:
        deadline = time.monotonic() + 60
        while len(_marked(mark)) < 3 and time.monotonic() < deadline:  # the export and its two workers
            time.sleep(0.05)
        assert len(_marked(mark)) == 3
        export.send_signal(signal.SIGKILL)
        export.wait(10)
        deadline = time.monotonic() + 10
        while _marked(mark) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _marked(mark) == []
    finally:
        if export.poll() is None:
            export.kill()
    assert out.read_text() == "the export before\n"
    # Only the export's own temporary file stays (as after any killed export), and the next one removes it.
    left = [name for name in os.listdir(tmp_path) if not name.startswith(("p.annotator.db", "out.jsonl"))]
    assert all(".annotator-tmp-" in name for name in left) and len(left) <= 1
    from annotator.cli import main

    assert main(["export", "--db", str(db), "--out", str(out)]) == 0
    assert sorted(name for name in os.listdir(tmp_path) if not name.startswith("p.annotator.db")) == ["out.jsonl"]
