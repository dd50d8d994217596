"""A large JSONL export written by several processes at once, each taking a contiguous range of articles.

An article's lines depend on nothing outside it, so the articles (in the order they are written) are cut
into ranges of about equal numbers of quotes, a few per process. Each worker process opens the project
read-only and takes the next range not yet taken, writing its lines to a part file of its own; this
process appends the parts, in order, to the temporary file that becomes the export (an in-kernel copy;
the first range is written there directly), and stores the tokens the workers computed in the token
cache (the only writer). A range per process would leave one process idle when another is slowed by the
machine's other work; a few per process even that out.

The part files have no name from the start (opened and unlinked, or made nameless by Linux), so whatever
ends the export (a failure, Ctrl+C, a kill), they vanish with the processes that hold them. Workers are
killed when this process ends (Linux: ``prctl(PR_SET_PDEATHSIG)``, as in ``annotator/nlp/forked.py``).
They are forked where no other thread runs (the command line); in a process with threads (the window)
a fork could copy a lock another thread holds, so they start from a fork server, which imports the
export's modules once (not spaCy: a warm export needs none).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import connection, reduction
from pathlib import Path
from typing import IO, TYPE_CHECKING

from annotator.services.errors import ExportError
from annotator.services.export_targets import temp_path
from annotator.store import export_rows
from annotator.store import tokens as token_store
from annotator.store.project import Project

if TYPE_CHECKING:
    from annotator.services.exporting import ExportReport

# A rough line. Measured at 20,000 quotes with no core idle, splitting (forks, part files, their copy)
# added about a sixth to the processor time of one process (0.33 s against 0.29 s), which two idle
# cores still repay; much below, the fixed part of it would not be.
PARALLEL_QUOTES = 20_000
MAX_PROCESSES = 8
RANGES_PER_PROCESS = 4
PROCESSES_PER_CORE = 4  # the most asked for: more only wait for a core, each with its files and memory
_CANCEL_CHECK = 0.1  # seconds between two looks at the caller's cancel hook while the workers write
_SPARE_FILES = 32  # descriptors kept free for what else the export opens (the project, its journal, pipes)
_PR_SET_PDEATHSIG = 1
FREEING_THREAD = "export-free"  # the thread that closes a file an export replaced (exporting._freed_later)


class Unavailable(Exception):
    """No worker process could start (nothing was written yet): the export runs in this process instead."""


@dataclass(frozen=True)
class Plan:
    """How a parallel export divides its work: the processes and the article id ranges, in order."""

    processes: int
    ranges: list[tuple[int, int]]


def usable_cores() -> int:
    """The CPU cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def idle_cores() -> float:
    """About how many of the machine's cores other work left idle over the last minute (its load average).

    Measured on a 2-core machine at load 3-4: split over two processes, a 100,000-quote export took
    about as much processor time in all as in one process, but waited for a core the whole time, so
    it finished no sooner (20,000 quotes: 0.67 s against 0.42 s).
    """
    try:
        return max((os.cpu_count() or 1) - os.getloadavg()[0], 0.0)
    except (OSError, AttributeError):  # no load average here: assume the cores are free
        return float(os.cpu_count() or 1)


def most_processes() -> int:
    """The most worker processes an export starts, whatever is asked: PROCESSES_PER_CORE per usable core."""
    return PROCESSES_PER_CORE * usable_cores()


def free_files() -> int:
    """About how many more files this process may open (its soft limit less those open), or a large number."""
    try:
        import resource

        limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        opened = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 64
    except (ImportError, OSError, ValueError):
        return 1 << 20
    if limit == resource.RLIM_INFINITY:
        return 1 << 20
    return max(limit - opened - _SPARE_FILES, 0)


def plan(project: Project, wanted: str | None, processes: int | None = None) -> Plan | None:
    """How to split the JSONL export of ``wanted``'s quotes (all if None), or None to write it in one process.

    ``processes``: None chooses: one more than the cores other work leaves idle (at most the usable cores
    and MAX_PROCESSES), for an export of at least PARALLEL_QUOTES quotes; no idle core or fewer quotes
    keep it in this process. A number asks for that many whatever the size and the load, up to :func:`most_processes`
    and as many as the files this process may still open allow (each range is a part file, each worker a
    pipe and a handle: asking for thousands failed with "Too many open files"). Only a project file other
    processes can read as this one does (not one in memory) is split, and only on POSIX systems.
    """
    if (processes is not None and processes < 2) or os.name != "posix" or getattr(sys, "frozen", False):
        return None  # a frozen build starts no fork server
    if not export_rows.readable_elsewhere(project):
        return None
    weights = export_rows.article_weights(project, wanted)
    if processes is None:
        # The export's own core, and one more for each core other work leaves idle: on two cores at load 1,
        # two processes wrote 100,000 quotes in 0.84 s against one's 1.19 s (medians of 7, bench_export).
        cores = min(usable_cores(), int(idle_cores()) + 1, MAX_PROCESSES)
        if cores < 2 or sum(quotes for _, quotes in weights) < PARALLEL_QUOTES:
            return None
        processes = cores
    processes = min(processes, most_processes())
    # Each range but the first is a part file and each worker holds two descriptors here, all open at once.
    files = free_files()
    while processes >= 2 and processes * RANGES_PER_PROCESS - 1 + 2 * processes > files:
        processes -= 1
    if processes < 2:
        return None
    ranges = split(weights, processes * RANGES_PER_PROCESS)
    if len(ranges) < 2:
        return None
    return Plan(min(processes, len(ranges)), ranges)


def split(weights: list[tuple[int, int]], count: int) -> list[tuple[int, int]]:
    """At most ``count`` contiguous (first id, last id) ranges of the articles, of about equal work each.

    An article's work is its quotes, plus one: an article marked done without quotes is still a line, and
    each is read.
    """
    total = sum(quotes + 1 for _, quotes in weights)
    ranges: list[tuple[int, int]] = []
    first, last, done = None, None, 0
    for article_id, quotes in weights:
        # A range ends before the article whose middle passes its share of the work, so one heavy article
        # falls in the range nearer to it rather than always in the earlier one.
        if first is not None and (2 * done + quotes + 1) * count > 2 * total * (len(ranges) + 1):
            ranges.append((first, last))
            first = None
        if first is None:
            first = article_id
        last = article_id
        done += quotes + 1
    if first is not None:
        ranges.append((first, last))
    return ranges


def run(
    project: Project,
    out: Path,
    handle: IO[bytes],
    wanted: str | None,
    report: ExportReport,
    progress: Callable[[int], None] | None,
    plan: Plan,
) -> None:
    """Write the export's lines to ``handle`` (the temporary file ``out`` replaces) with ``plan``'s processes.

    ``progress`` is also called every tenth of a second while the workers write, so one that raises (the
    window's Cancel) stops the export at once: the workers are killed mid-range and their part files go
    with them, rather than the export waiting for the ranges under way. A worker's failure is raised here as it was raised there (an OSError, say, which the caller words as
    for a single process); a worker that ends without a word raises ExportError naming ``out``; Unavailable
    when no worker can start, before anything is written.
    """
    from annotator.services.exporting import _tokenizer, _TokenSource

    handle.flush()
    target = handle.fileno()
    tokens = _TokenSource(project)
    context = multiprocessing.get_context(start_method())
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(["annotator.services.exporting"])
    elif token_store.any_missing(project, tokens.key):
        # Forked workers inherit a tokenizer loaded here: loaded once, not once in each (a second of
        # processor time when spaCy is not imported yet).
        _tokenizer()
    parts: list[int] = []
    workers: list[multiprocessing.process.BaseProcess] = []
    try:
        # The first range is written straight into the export's file: nothing goes before it, and it is
        # not copied again. The others wait in part files until the ranges before them are in.
        parts = [target] + [_part_file(out) for _ in plan.ranges[1:]]
        taken = context.Value("i", 0)
        inboxes = {}
        for _ in range(plan.processes):
            inbox, outbox = context.Pipe(duplex=False)
            worker = context.Process(
                target=_work, name="annotator-export", daemon=True,
                args=(str(project.path), wanted, plan.ranges, [_Fd(fd) for fd in parts], taken, outbox, os.getpid()),
            )
            try:
                worker.start()
            except (OSError, RuntimeError, ValueError, ImportError) as exc:  # no process left, say
                if not workers:
                    raise Unavailable(str(exc) or exc.__class__.__name__) from exc
                break  # those started take every range between them
            outbox.close()  # before the next worker is forked, so it ends when its worker does
            workers.append(worker)
            inboxes[inbox] = worker
        finished: dict[int, tuple[int, int, list[str]]] = {}
        following = 0
        while following < len(plan.ranges):
            if not inboxes:  # every worker said it was done, yet a range is missing: never, but never hang
                raise ExportError(f"{out}: the processes writing the export left a part unwritten")
            ready = connection.wait(list(inboxes), timeout=_CANCEL_CHECK if progress else None)
            if not ready and progress:
                progress(report.records)  # the caller's cancel hook: raises to stop
            for inbox in ready:
                try:
                    message = inbox.recv()
                except EOFError:
                    worker = inboxes.pop(inbox)
                    worker.join()
                    raise ExportError(
                        f"{out}: a process writing the export ended before finishing its part "
                        f"(exit code {worker.exitcode}); the file was not changed"
                    ) from None
                if message[0] == "failed":
                    raise message[1]
                if message[0] == "done":
                    inboxes.pop(inbox)
                    continue
                _, index, records, quotes, skipped, computed = message
                finished[index] = (records, quotes, skipped)
                tokens.store(computed)
            while following in finished:
                records, quotes, skipped = finished.pop(following)
                if following:
                    append(parts[following], target)
                    os.close(parts[following])  # its blocks are freed now, not at the end
                    parts[following] = -1
                report.records += records
                report.quotes += quotes
                report.skipped += skipped
                following += 1
                if progress:
                    progress(report.records)
        for worker in workers:
            worker.join()
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.kill()
                worker.join()
        for fd in parts[1:]:
            if fd >= 0:
                os.close(fd)


def start_method() -> str:
    """How worker processes start: forked where no other thread could hold a lock, else from a fork server.

    Qt runs threads of its own that Python does not list, so a process that loaded it never forks; nor
    one running a thread of Python's besides an export's closing of a replaced file.
    """
    methods = multiprocessing.get_all_start_methods()
    quiet = all(thread is threading.main_thread() or thread.name == FREEING_THREAD for thread in threading.enumerate())
    if "fork" in methods and sys.platform.startswith("linux") and quiet and "PySide6" not in sys.modules:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _part_file(out: Path) -> int:
    """A new part file beside ``out`` (the same file system, so appending can be an in-kernel copy), unnamed."""
    if hasattr(os, "O_TMPFILE"):
        try:
            return os.open(out.parent, os.O_TMPFILE | os.O_RDWR, 0o600)
        except OSError:  # a file system without nameless files: named for a moment instead
            pass
    path = temp_path(out)  # a name the next export removes, should this process die before the unlink
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    os.unlink(path)
    return fd


def append(source: int, target: int) -> None:
    """Append the whole of file ``source`` to file ``target`` (at its offset), in the kernel where it can."""
    size, offset = os.fstat(source).st_size, 0
    copy = getattr(os, "copy_file_range", None)
    while offset < size:
        try:
            if copy is not None:
                copied = copy(source, target, size - offset, offset)
            else:
                copied = os.sendfile(target, source, offset, size - offset)
        except OSError:  # not between these files (another file system, an old kernel): through memory
            copy = None
            copied = os.write(target, os.pread(source, min(size - offset, 1 << 20), offset))
        if copied == 0:
            raise OSError(f"the part file ended {size - offset} bytes early")
        offset += copied


class _Fd:
    """A file descriptor handed to a worker process: inherited when forked, passed along when not."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __reduce__(self):
        return _rebuilt, (reduction.DupFd(self.fd),)


def _rebuilt(duplicate) -> _Fd:
    return _Fd(duplicate.detach())


def _work(path: str, wanted: str | None, ranges: list[tuple[int, int]], parts: list[_Fd], taken, outbox,
          parent: int) -> None:
    """A worker process: write ranges not yet taken, each to its part file, until none is left."""
    _die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole group; the parent ends us
    from annotator.core.collector import collector_paused
    from annotator.services.chunk_writer import ChunkWriter
    from annotator.services.exporting import ExportReport, _TokenSource, write_lines

    index = -1
    try:
        with Project(path, read_only=True) as project, collector_paused():
            tokens = _TokenSource(project, keep=True)
            while True:
                with taken.get_lock():
                    index = taken.value
                    taken.value += 1
                if index >= len(ranges):
                    break
                report = ExportReport(Path(path), "jsonl")
                with os.fdopen(parts[index].fd, "wb", closefd=False) as handle, ChunkWriter(handle) as write:
                    write_lines(project, write, wanted, report, None, tokens, ranges[index])
                outbox.send(("part", index, report.records, report.quotes, report.skipped, tokens.take()))
    except BaseException as exc:  # noqa: BLE001 - whatever it is, the parent raises it
        try:
            outbox.send(("failed", exc))
        except Exception:  # noqa: BLE001 - not picklable: its words, then
            outbox.send(("failed", RuntimeError(f"{exc.__class__.__name__}: {exc}")))
        return
    outbox.send(("done",))


def _die_with(parent: int) -> None:
    """Be killed when the export's process ends (Linux); end now if it already has."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    # Asked too late if the parent (or the fork server, which ends with it) ended before the request.
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        os._exit(1)
    except OSError:
        pass
