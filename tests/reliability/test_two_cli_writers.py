"""Two command-line writers on one project at once: the second waits for the first, both finish whole."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _batch(folder: Path, name: str, count: int) -> Path:
    batch = folder / name
    batch.mkdir()
    for n in range(count):
        (batch / f"{name}-{n}.txt").write_text(f'{name} story {n}. "We will not give in," the {name} minister said.')
    return batch


def test_two_imports_at_once_both_finish_without_a_traceback(tmp_path):
    path = tmp_path / "shared.annotator.db"
    batches = [_batch(tmp_path, name, 60) for name in ("first", "second")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.Popen([sys.executable, "-m", "annotator", "import", "--db", str(path), str(batch)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for batch in batches
    ]
    results = [(run.wait(timeout=120), *run.communicate()) for run in runs]
    for code, out, err in results:
        assert code == 0 and "Traceback" not in err, err
        assert "60 new article(s)" in out
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 120
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
