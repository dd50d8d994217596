"""A JSONL export split over worker processes writes the same file as one process, and fails as cleanly."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import signal

import pytest

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services import export_parallel, exporting, writers_prodigy
from annotator.services.errors import Cancelled, ExportError
from annotator.services.exporting import export_project
from annotator.services.projects import open_project
from annotator.store import articles, registry
from annotator.store import quotes as quote_store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="parallel exports run on POSIX systems only")

TEXT = "“We never sold drones,” the minister said on day {n}. Nobody believed him. 🙂 Unbelievable."


def _make(path, count=12):
    """``count`` articles: two annotators' quotes (one mid-word), a mark without quotes, one untouched."""
    with open_project(path) as project:
        for n in range(count):
            text = TEXT.format(n=n)
            article_id, _ = articles.insert_article(project, Article(None, text, sha256_of(text), title=f"A{n}"))
            if n == count - 1:
                continue  # nobody worked on it: left out
            if n == count - 2:
                articles.set_article_status(project, article_id, registry.ensure_annotator(project, "carol"), "done")
                continue
            quote_store.insert_quote(project, Quote(None, article_id, 1, 21, "bob", speaker="the minister",
                                                    speaker_span=(24, 36), stance="opposes",
                                                    topics=("conflict",) if n % 2 else ()))
            if n % 3 == 0:
                quote_store.insert_quote(project, Quote(None, article_id, 73, 80, "alice"))  # "believable"
    return path


@pytest.fixture
def db(tmp_path):
    return _make(tmp_path / "p.annotator.db")


@pytest.fixture
def forked(monkeypatch):
    """Workers forked, whatever the test process runs: what a test patches here, they run too."""
    monkeypatch.setattr(export_parallel, "start_method", lambda: "fork")


def _export(db, out, processes, **options):
    with open_project(db) as project:
        return export_project(project, out, "jsonl", processes=processes, **options)


def test_an_export_split_over_processes_is_the_file_one_process_writes(db, tmp_path, forked):
    one = _export(db, tmp_path / "one.jsonl", 1)
    seen = []
    with open_project(db) as project:
        assert len(export_parallel.plan(project, None, 3).ranges) >= 3  # split, not all in one range
        two = export_project(project, tmp_path / "two.jsonl", processes=3, progress=seen.append)
    assert (tmp_path / "two.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()
    assert two.summary().replace("two.jsonl", "one.jsonl") == one.summary()
    assert (two.records, two.quotes) == (15, 14)
    assert seen == sorted(seen) and seen[-1] == 15
    titles = [json.loads(line)["meta"]["title"] for line in (tmp_path / "two.jsonl").read_text().splitlines()]
    assert titles[:3] == ["A0", "A0", "A1"] and titles[-1] == "A10"  # every article in order, none twice
    assert _left(tmp_path) == ["one.jsonl", "two.jsonl"]  # no part file left


def test_a_first_export_over_processes_fills_the_token_cache_once_for_the_next(db, tmp_path, forked):
    first = _export(db, tmp_path / "first.jsonl", 2)
    with open_project(db) as project:
        cached = project.db.conn.execute("SELECT count(*) FROM token_cache").fetchone()[0]
    assert cached == 11  # each article someone worked on, tokenised in whichever worker wrote it
    warm = _export(db, tmp_path / "warm.jsonl", 2)
    assert (tmp_path / "warm.jsonl").read_bytes() == (tmp_path / "first.jsonl").read_bytes()
    assert warm.records == first.records


def test_workers_started_from_a_fork_server_write_the_same_file(db, tmp_path, monkeypatch):
    # The window's case: a process running Qt's threads must not fork its workers.
    monkeypatch.setattr(export_parallel, "start_method", lambda: "forkserver")
    _export(db, tmp_path / "one.jsonl", 1)
    _export(db, tmp_path / "two.jsonl", 2)
    assert (tmp_path / "two.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()


def test_a_window_process_never_forks_its_workers(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "PySide6", object())
    assert export_parallel.start_method() != "fork"


def test_an_article_a_worker_cannot_tokenise_is_named_as_in_one_process(db, tmp_path, forked, monkeypatch):
    real = writers_prodigy.tokenise_packed

    def tokenise(text, nlp, strings=None):
        if "day 7." in text:
            raise MemoryError("out of memory")
        return real(text, nlp, strings)

    monkeypatch.setattr(writers_prodigy, "tokenise_packed", tokenise)
    report = _export(db, tmp_path / "out.jsonl", 2)
    assert report.skipped == ["article 8 (A7) left out: MemoryError: out of memory"]
    assert report.records == 14 and "1 article skipped" in report.summary()


def _old_output(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("the export before\n")
    return out


def _left(tmp_path):
    return sorted(name for name in os.listdir(tmp_path) if not name.startswith("p.annotator.db"))


def test_a_full_disk_in_a_worker_fails_as_in_one_process_and_keeps_the_old_file(db, tmp_path, forked, monkeypatch):
    real = exporting.write_lines

    def write_lines(project, write, wanted, report, progress, tokens, ids=None):
        if ids is not None and ids[0] > 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(project, write, wanted, report, progress, tokens, ids)

    monkeypatch.setattr(exporting, "write_lines", write_lines)
    out = _old_output(tmp_path)
    with pytest.raises(ExportError) as failed:
        _export(db, out, 2)
    assert str(failed.value) == f"{out}: cannot write it (No space left on device)"
    assert out.read_text() == "the export before\n"
    assert _left(tmp_path) == ["out.jsonl"]  # no part file, no temporary file
    assert not multiprocessing.active_children()


def test_a_worker_killed_midway_fails_the_export_with_one_line_and_keeps_the_old_file(db, tmp_path, forked,
                                                                                      monkeypatch):
    real = exporting.write_lines

    def write_lines(project, write, wanted, report, progress, tokens, ids=None):
        if ids is not None and ids[0] > 3:
            os.kill(os.getpid(), signal.SIGKILL)  # the out-of-memory killer, say
        return real(project, write, wanted, report, progress, tokens, ids)

    monkeypatch.setattr(exporting, "write_lines", write_lines)
    out = _old_output(tmp_path)
    with pytest.raises(ExportError, match="a process writing the export ended before finishing its part"):
        _export(db, out, 2)
    assert out.read_text() == "the export before\n"
    assert _left(tmp_path) == ["out.jsonl"]
    assert not multiprocessing.active_children()


def test_ctrl_c_while_workers_write_ends_them_and_leaves_no_part_behind(db, tmp_path, forked, monkeypatch):
    def interrupted(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(export_parallel, "append", interrupted)
    out = _old_output(tmp_path)
    with pytest.raises(KeyboardInterrupt):
        _export(db, out, 2)
    assert out.read_text() == "the export before\n"
    assert _left(tmp_path) == ["out.jsonl"]
    assert not multiprocessing.active_children()


def test_a_project_in_memory_a_small_export_or_a_busy_machine_keeps_it_in_one_process(db, monkeypatch):
    monkeypatch.setattr(export_parallel, "usable_cores", lambda: 2)
    monkeypatch.setattr(export_parallel, "idle_cores", lambda: 1.7)
    with open_project(memory=True) as project:
        assert export_parallel.plan(project, None, 4) is None
    with open_project(db) as project:
        assert export_parallel.plan(project, None) is None  # 14 quotes: not worth a process
        assert export_parallel.plan(project, None, 1) is None
        monkeypatch.setattr(export_parallel, "PARALLEL_QUOTES", 10)
        assert export_parallel.plan(project, None).processes == 2
        assert export_parallel.plan(project, "alice") is None  # her 4 quotes only
        monkeypatch.setattr(export_parallel, "idle_cores", lambda: 1.2)  # one core idle: it and this one
        assert export_parallel.plan(project, None).processes == 2
        monkeypatch.setattr(export_parallel, "idle_cores", lambda: 0.8)  # other work holds more than a core
        assert export_parallel.plan(project, None) is None
        assert export_parallel.plan(project, None, 2).processes == 2  # asked for: whatever the load
        monkeypatch.setattr(export_parallel, "idle_cores", lambda: 8.0)
        assert export_parallel.plan(project, None).processes == 2  # no more than this process may use
        monkeypatch.setattr(export_parallel, "usable_cores", lambda: 1)
        assert export_parallel.plan(project, None) is None


def test_ranges_cover_every_article_once_in_order_with_about_equal_work():
    weights = [(article_id, 100 if article_id < 5 else 0) for article_id in range(1, 21)]
    ranges = export_parallel.split(weights, 4)
    assert ranges[0][0] == 1 and ranges[-1][1] == 20
    assert all(previous[1] + 1 == following[0] for previous, following in zip(ranges, ranges[1:], strict=False))
    work = [sum(q + 1 for i, q in weights if low <= i <= high) for low, high in ranges]
    assert len(ranges) == 4 and max(work) <= 2 * min(work)


def test_the_command_line_writes_the_same_file_with_any_number_of_processes(db, tmp_path, capsys):
    from annotator.cli import main

    assert main(["export", "--db", str(db), "--out", str(tmp_path / "one.jsonl"), "--processes", "1"]) == 0
    assert main(["export", "--db", str(db), "--out", str(tmp_path / "two.jsonl"), "--processes", "2"]) == 0
    assert "Exported 14 quotes in 15 records" in capsys.readouterr().out
    assert (tmp_path / "two.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()
    with pytest.raises(SystemExit):
        main(["export", "--db", str(db), "--out", str(tmp_path / "x.jsonl"), "--processes", "0"])
    assert "expected a whole number of processes, 1 or more, not '0'" in capsys.readouterr().err
    assert main(["export", "--db", str(db), "--out", str(tmp_path / "x.csv"), "--processes", "2"]) != 0
    assert "--processes is for JSONL exports" in capsys.readouterr().err


@pytest.mark.parametrize("refused", [1, 2])
def test_an_export_whose_workers_cannot_all_start_is_written_by_those_that_did_or_by_this_process(
        db, tmp_path, forked, monkeypatch, refused):
    from multiprocessing.context import ForkProcess

    real, started = ForkProcess.start, []

    def start(process):
        started.append(process)
        if len(started) >= refused:
            raise OSError(errno.EAGAIN, "Resource temporarily unavailable")  # too many processes
        real(process)

    monkeypatch.setattr(ForkProcess, "start", start)
    _export(db, tmp_path / "one.jsonl", 1)
    report = _export(db, tmp_path / "three.jsonl", 3)
    assert (tmp_path / "three.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()
    assert report.records == 15


def test_a_first_forked_export_loads_the_tokenizer_once_for_all_its_workers(db, tmp_path, forked):
    exporting._tokenizer.cache_clear()
    with open_project(db) as project:
        key = exporting._TokenSource(project).key
        assert export_parallel.token_store.any_missing(project, key)
        export_project(project, tmp_path / "first.jsonl", processes=2)
        assert exporting._tokenizer.cache_info().currsize == 1  # loaded here, before the workers forked
        assert not export_parallel.token_store.any_missing(project, key)  # the workers' tokens are stored
        exporting._tokenizer.cache_clear()
        export_project(project, tmp_path / "warm.jsonl", processes=2)
        assert exporting._tokenizer.cache_info().currsize == 0  # a warm export loads no spaCy


def test_cancel_stops_the_workers_mid_range_and_keeps_the_old_file(db, tmp_path, forked, monkeypatch):
    # The window's Cancel raises from the progress hook; it used to be heard only once a range was written.
    marks = tmp_path / "marks"
    marks.mkdir()
    real = exporting.write_lines

    def slow_write_lines(project, write, wanted, report, progress, tokens, ids=None):
        import time

        time.sleep(20)  # a range of a huge corpus
        (marks / f"range-{ids[0]}-written").touch()
        return real(project, write, wanted, report, progress, tokens, ids)

    def cancelled_at_once(records):
        raise Cancelled("cancelled")

    monkeypatch.setattr(exporting, "write_lines", slow_write_lines)
    out = _old_output(tmp_path)
    with open_project(db) as project, pytest.raises(Cancelled):
        export_project(project, out, "jsonl", processes=2, progress=cancelled_at_once)
    assert not multiprocessing.active_children()  # killed, not left to finish their range
    assert list(marks.iterdir()) == []
    assert out.read_text() == "the export before\n"
    assert _left(tmp_path) == ["marks", "out.jsonl"]  # no part file, no temporary file


def test_a_huge_process_count_is_capped_with_a_notice_not_too_many_open_files(tmp_path, forked, capsys):
    import resource

    from annotator.cli import main

    db = _make(tmp_path / "p.annotator.db", count=300)
    assert main(["export", "--db", str(db), "--out", str(tmp_path / "one.jsonl"), "--processes", "1"]) == 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    # A file per range used to be open at once: 300 articles and 100 free descriptors ran out of them.
    resource.setrlimit(resource.RLIMIT_NOFILE, (len(os.listdir("/proc/self/fd")) + 100, hard))
    try:
        code = main(["export", "--db", str(db), "--out", str(tmp_path / "many.jsonl"), "--processes", "5000"])
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    most = export_parallel.most_processes()
    assert f"note: --processes 5000 is more than this machine can use; writing with {most}" in captured.err
    assert (tmp_path / "many.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()
    assert not multiprocessing.active_children()


def test_a_process_with_few_files_left_writes_the_export_itself(db, monkeypatch):
    with open_project(db) as project:
        assert export_parallel.plan(project, None, 2).processes == 2
        monkeypatch.setattr(export_parallel, "free_files", lambda: 12)
        assert export_parallel.plan(project, None, 8).processes == 2  # as many as the files allow
        monkeypatch.setattr(export_parallel, "free_files", lambda: 3)
        assert export_parallel.plan(project, None, 8) is None
