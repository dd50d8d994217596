"""Command line against files that are not projects, read-only looks, and a second writer holding the lock."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.cli import main
from annotator.store import project as project_module


def _listing(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def project_file(tmp_path, samples):
    path = tmp_path / "p.annotator.db"
    texts = [str(t) for t in sorted(samples.glob("*.txt"))]
    assert main(["import", "--db", str(path), "--annotator", "ann", *texts]) == 0
    return path


@pytest.mark.parametrize("command", [["info"], ["agreement"], ["export", "--out", "OUT"]])
def test_read_only_commands_leave_the_project_byte_for_byte(project_file, tmp_path, command, capsys):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = _listing(tmp_path)
    args = [a.replace("OUT", str(out_dir / "x.jsonl")) for a in command]
    assert main([args[0], "--db", str(project_file), *args[1:]]) == 0
    after = _listing(tmp_path)
    assert after == before  # no change, no -wal/-shm, no backup left beside it


def test_info_on_a_zero_byte_file_refuses_and_leaves_it_empty(tmp_path, capsys):
    path = tmp_path / "empty.annotator.db"
    path.touch()
    assert main(["info", "--db", str(path)]) == 1
    assert "empty.annotator.db: not an Annotator project" in capsys.readouterr().err
    assert path.stat().st_size == 0
    assert [p.name for p in tmp_path.iterdir()] == ["empty.annotator.db"]


def test_import_into_a_foreign_sqlite_file_changes_nothing(tmp_path, samples, capsys):
    path = tmp_path / "mine.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x)")
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    before = path.read_bytes()
    assert main(["import", "--db", str(path), *map(str, samples.glob("*.txt"))]) == 1
    assert "mine.sqlite: not an Annotator project; the file was not changed" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["mine.sqlite"]


def test_second_writer_stops_with_one_line_and_nothing_half_done(project_file, tmp_path, monkeypatch, capsys):
    """While another program holds the write lock past the timeout, an import stops cleanly."""
    batch = tmp_path / "batch"
    batch.mkdir()
    for n in range(5):
        (batch / f"a{n}.txt").write_text(f"Article {n}. \"We agree,\" the minister said on day {n}.")
    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(project_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code = main(["import", "--db", str(project_file), str(batch)])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "p.annotator.db: another program is writing this project" in err
    conn = sqlite3.connect(project_file)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2  # only the first import's
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_writer_on_a_project_it_may_not_write_says_so(project_file, monkeypatch, capsys, tmp_path):
    import annotator.store.project as store_project

    # Tests may run as root, whom file modes do not stop: pretend the file is read-only.
    monkeypatch.setattr(store_project, "can_write", lambda _path: False)
    before = project_file.read_bytes()
    new = tmp_path / "n.txt"
    new.write_text("One more story.")
    assert main(["import", "--db", str(project_file), str(new)]) == 1
    assert "p.annotator.db: the project (or its folder) cannot be written" in capsys.readouterr().err
    assert project_file.read_bytes() == before
    assert main(["info", "--db", str(project_file)]) == 0  # reading still works
