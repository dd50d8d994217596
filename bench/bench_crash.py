"""Kill -9 scripted annotation sessions at random moments and check every file afterwards.

Run: .venv/bin/python bench/bench_crash.py --kills 200
Each round starts a child that runs undoable commands (adds, edits, deletes, bulk accepts of 150 quotes,
undo, redo) on one project file, kills it with SIGKILL after a random delay, and checks: integrity and
foreign-key checks pass, and the file holds every action the child saw committed (see
tests/reliability/kill_harness.py). Rounds continue on the same file, so it grows as a real one does.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "reliability"))
from kill_harness import kill_series  # noqa: E402

from annotator.services.demo import build_demo  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=50, help="sessions to kill (default 50)")
    parser.add_argument("--max-delay", type=float, default=1.5, help="longest wait before a kill, seconds")
    parser.add_argument("--seed", type=int, default=1, help="first session's seed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "crash.annotator.db"
        build_demo(path).close()
        start = time.perf_counter()
        tally = kill_series(path, args.kills, args.max_delay, args.seed)
        elapsed = time.perf_counter() - start
        size = path.stat().st_size
    print(tally.summary())
    print(f"sessions that ended before their kill {tally.finished}; {elapsed:.0f} s; final file {size // 1024} KB")
    for note in tally.notes:
        print(f"  {note}")
    return 0 if not (tally.lost or tally.integrity_failures or tally.wrong_states) else 1


if __name__ == "__main__":
    sys.exit(main())
