"""A short kill -9 run in the normal suite; ``bench/bench_crash.py --kills N`` runs long ones."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kill_harness  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="SIGKILL of a child needs a POSIX system")


@pytest.fixture
def crash_project(tmp_path, monkeypatch):
    from annotator.services.demo import build_demo

    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the child imports this checkout's annotator
    path = tmp_path / "crash.annotator.db"
    build_demo(path).close()
    return path


def test_killed_sessions_lose_no_committed_action_and_leave_sound_files(crash_project):
    tally = kill_harness.kill_series(crash_project, kills=3, max_delay=0.3)
    assert tally.kills + tally.finished == 3
    assert tally.actions > 0
    assert (tally.lost, tally.integrity_failures, tally.wrong_states) == (0, 0, 0), tally.notes


def test_the_harness_sees_lost_actions(crash_project, monkeypatch):
    """Claim five more committed actions than the child logged: the check must call them lost."""
    logged = kill_harness._logged
    monkeypatch.setattr(kill_harness, "_logged", lambda log: None if logged(log) is None else logged(log) + 5)
    tally = kill_harness.kill_series(crash_project, kills=1, max_delay=0.2)
    assert tally.lost >= 4 or tally.wrong_states == 1
