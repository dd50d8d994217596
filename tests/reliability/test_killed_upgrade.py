"""A program killed while it upgrades an old project: the project and its backups stay whole."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from annotator.store.project import Project, latest_version

ROOT = Path(__file__).resolve().parents[2]

# Runs an upgrade whose backup copy stops half-way with a kill (os._exit: no cleanup, as kill -9).
_KILLED_DURING_BACKUP = """
import os, sqlite3, sys, types
from annotator.store import project as project_module

class Killed(sqlite3.Connection):
    def backup(self, target, **options):
        def progress(status, remaining, total):
            if total - remaining > total // 2:
                os._exit(9)
        return super().backup(target, pages=1, progress=progress)

shim = types.ModuleType("sqlite3")
shim.__dict__.update(sqlite3.__dict__)
shim.connect = lambda *args, **kwargs: sqlite3.connect(*args, factory=Killed, **kwargs)
project_module.sqlite3 = shim
project_module.Project(sys.argv[1])
"""


def _articles(path: Path) -> tuple[int, int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0], conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_a_kill_while_the_backup_is_written_leaves_no_half_backup(tmp_path, version_1_project):
    path = tmp_path / "old.annotator.db"
    version_1_project(path, articles=300)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    killed = subprocess.run([sys.executable, "-c", _KILLED_DURING_BACKUP, str(path)], env=env, timeout=120)
    assert killed.returncode == 9
    # Whatever a killed copy left, nothing under a backup's name is a half-written file.
    assert not list(tmp_path.glob("*.bak"))
    assert _articles(path) == (1, 300)
    with Project(path) as project:
        assert project.schema_version == latest_version()
        backup = project.backup_path
    assert backup is not None and backup.name == "old.annotator.db.v1.bak"
    assert sorted(p.name for p in tmp_path.iterdir() if "bak" in p.name) == ["old.annotator.db.v1.bak"]
    assert _articles(backup) == (1, 300)
