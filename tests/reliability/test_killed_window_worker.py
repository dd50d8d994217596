"""The window's suggestion process stops soon after the window is killed, not after the article it parses."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "000_234c940434e90916.txt"

# A stand-in for the window: starts the worker, queues many articles, tells the worker's id, waits.
_WINDOW = f"""
import threading, time
from annotator.services.suggest_worker import SuggestWorker

if __name__ == "__main__":
    working = threading.Event()
    worker = SuggestWorker(None, lambda reply: working.set() if reply[0] == "piece" else None)
    worker.start()
    # A very long article (a book pasted in, a transcript): parsed piece by piece, for minutes.
    worker.submit(1, open({str(SAMPLE)!r}, encoding="utf-8").read() * 300, [], [])
    working.wait(300)  # its first piece is back: the pipeline is loaded and the article under way
    print(worker.pid, flush=True)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_killed_windows_worker_does_not_finish_a_long_article(tmp_path):
    script = tmp_path / "window.py"
    script.write_text(_WINDOW, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    window = subprocess.Popen([sys.executable, str(script)], env=env, stdout=subprocess.PIPE, text=True)
    worker = 0
    try:
        worker = int(window.stdout.readline())
        window.kill()
        window.wait(60)
        # The whole article takes minutes; one piece of it, a second or two.
        deadline = time.monotonic() + 20  # a wait for the end, not a measure of speed
        while _alive(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(worker), "the suggestion process went on working for a window that was gone"
    finally:
        window.kill()
        window.wait()
        if worker and _alive(worker):
            os.kill(worker, signal.SIGKILL)
