"""Two command-line writers on one project at once: the second waits for the first, both finish whole."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

from annotator.store.project import Project, latest_version, migrations

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
        assert "60 new articles" in out
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 120
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_new_project_waits_for_another_program_holding_its_file(tmp_path):
    # Two programs making one project at the same moment: the first holds the empty file's write lock
    # while the second asks for WAL, which SQLite refuses at once instead of waiting. The second must wait.
    path = tmp_path / "new.annotator.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: other.execute("ROLLBACK"))
    release.start()
    project = Project(path)
    release.join()
    other.close()
    assert project.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert project.schema_version == latest_version()
    project.close()


def _open_at_once(paths: list[Path], programs: int = 4) -> None:
    """``programs`` processes open each of ``paths`` in turn, starting at the same moment; all must succeed."""
    code = (
        "import sys, time\n"
        "from annotator.store.project import Project\n"
        "start = float(sys.argv[1])\n"
        "while time.time() < start: pass\n"
        "for path in sys.argv[2:]: Project(path).close()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = str(time.time() + 1.5)
    runs = [subprocess.Popen([sys.executable, "-c", code, start, *map(str, paths)],
                             stderr=subprocess.PIPE, text=True, env=env) for _ in range(programs)]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err


def test_several_programs_creating_one_project_all_open_it(tmp_path):
    # Before, one in ~50 such starts saw the file between two migrations ("not an Annotator project").
    _open_at_once([tmp_path / f"p{n}.annotator.db" for n in range(6)])


def test_an_old_project_opened_by_several_programs_at_once_is_upgraded_once(tmp_path):
    # Each program used to back the file up before taking its turn: up to one backup per program, and
    # two could write the same backup file at once.
    path = tmp_path / "old.annotator.db"
    conn = sqlite3.connect(path)
    conn.executescript(f"BEGIN; {migrations()[0][1].read_text()}; PRAGMA user_version = 1; COMMIT;")
    conn.execute("INSERT INTO articles (sha256, text, imported_at) VALUES ('x', 'kept text', 'now')")
    conn.commit()
    conn.close()
    _open_at_once([path])
    backups = list(tmp_path.glob("*.bak"))
    assert len(backups) == 1
    with closing(sqlite3.connect(backups[0])) as backup:
        assert backup.execute("SELECT text, (SELECT user_version FROM pragma_user_version) FROM articles").fetchone() == (
            "kept text", 1)
    with Project(path) as project:
        assert project.schema_version == latest_version()
        assert project.db.conn.execute("SELECT text FROM articles").fetchone()[0] == "kept text"
