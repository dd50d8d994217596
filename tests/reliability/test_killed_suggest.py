"""A suggest run that is killed takes its spaCy worker processes with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Parses with two spaCy worker processes, tells their ids after the first doc, then waits to be killed.
_PARSING = """
import multiprocessing, sys, time
import spacy
from annotator.nlp.pipeline import parse_many

nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
texts = [f"Text {i}. 'We deny it,' the minister said." for i in range(2000)]
for doc in parse_many(nlp, texts, n_process=2):
    print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="spaCy forks its workers on Linux")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_killing_a_parse_ends_its_worker_processes(how):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    parent = subprocess.Popen([sys.executable, "-c", _PARSING], env=env, stdout=subprocess.PIPE, text=True)
    workers = []
    try:
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(pid) for pid in workers)
        parent.send_signal(how)
        parent.wait(60)
        deadline = time.monotonic() + 30  # a wait for the end, not a measure of speed
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers), "spaCy's workers outlived the killed program"
    finally:
        parent.kill()
        parent.wait()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
