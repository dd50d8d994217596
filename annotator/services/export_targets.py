"""Where an export writes: a temporary file (or folder) beside the target, moved into place when complete.

An export never writes onto the project it reads, its journal files, or any SQLite database (known by
path and by the file's first bytes): :func:`check_target` refuses before anything is opened or written.
Temporary names are recognisable, ``.OUT.annotator-tmp-PID-XXXXXX``, so the next export into the folder
removes what an export that was killed left behind (only those whose process is gone).
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from annotator.services.errors import ExportError
from annotator.services.xmi_types import TYPESYSTEM_NAME

TEMP_MARK = ".annotator-tmp-"
PROJECT_SUFFIX = ".annotator.db"  # as store.project names projects; services cannot import the store's here
SQLITE_MAGIC = b"SQLite format 3\x00"
WAL_MAGICS = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")
# The shards of a .spacy export written as a folder; a folder holding anything else is never replaced.
SHARD_PREFIX = "part-"
SHARD_SUFFIX = ".spacy"
# The files of an XMI export folder (writers_xmi): one .xmi per article and the type system.
XMI_FILE_SUFFIX = ".xmi"


def names_folder(out: Path | str) -> bool:
    """Whether ``out`` is a folder, or is written as one (a trailing slash)."""
    return str(out).endswith(("/", os.sep)) or Path(out).is_dir()


def is_shard_folder(path: Path) -> bool:
    """Whether ``path`` is a folder a sharded ``.spacy`` or an XMI export wrote (only their files inside)."""
    if not path.is_dir() or path.is_symlink():
        return False
    children = list(path.iterdir())
    return bool(children) and all(child.is_file() and _export_file(child.name) for child in children)


def _export_file(name: str) -> bool:
    """Whether a file name is one a folder export writes: a .spacy shard, an article's .xmi, the type system."""
    return (name.startswith(SHARD_PREFIX) and name.endswith(SHARD_SUFFIX)) or name.endswith(XMI_FILE_SUFFIX) \
        or name == TYPESYSTEM_NAME


def check_target(out: Path | str, project: Path | str | None = None) -> None:
    """Refuse (ExportError, one line) a target that is ``project``, one of its journal files, any SQLite
    database or journal, or named as an Annotator project. Nothing is written either way."""
    out = Path(out)
    if project is not None:
        for suffix in ("", *JOURNAL_SUFFIXES):
            if _same_file(out, Path(f"{project}{suffix}")):
                what = "the project being exported" if not suffix else f"the {suffix[1:]} file of the project"
                raise ExportError(f"{out} is {what}; an export never writes there, give another file")
    kind = _database_kind(out)
    if kind is None:
        for suffix in JOURNAL_SUFFIXES:
            if out.name.endswith(suffix) and _database_kind(out.with_name(out.name[: -len(suffix)])) == "database":
                kind = "journal"
    if kind is not None:
        raise ExportError(f"{out} is an SQLite {kind} (a project's, perhaps); an export never overwrites one")
    if out.name.endswith(PROJECT_SUFFIX):
        raise ExportError(f"{out}: {PROJECT_SUFFIX} names Annotator projects; give the export another name")


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file: through links and hard links when both exist, else by name."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def _database_kind(path: Path) -> str | None:
    """ "database" or "journal" when ``path`` is an existing SQLite file (by its first bytes), else None."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError:  # missing, a folder, unreadable: nothing there an export could destroy unseen
        return None
    if head == SQLITE_MAGIC:
        return "database"
    return "journal" if head[:4] in WAL_MAGICS else None


def remove_stale(folder: Path) -> list[Path]:
    """Remove the temporary files and folders that exports killed before finishing left in ``folder``.

    Only names this module makes, and only when the process in the name is gone; returns what went.
    """
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not name.startswith(".") or TEMP_MARK not in name:
            continue
        pid = name.rsplit(TEMP_MARK, 1)[1].split("-", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        if entry.is_dir() and not entry.is_symlink() and not (is_shard_folder(entry) or _empty(entry)):
            continue  # not what an export leaves: someone else's
        _remove(entry)
        removed.append(entry)
    return removed


def _empty(folder: Path) -> bool:
    return not any(folder.iterdir())


def _alive(pid: int) -> bool:
    """Whether a process with this id runs (on doubt, yes: a live export's files must stay)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # os.kill would end the process on Windows, not probe it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def temp_path(target: Path) -> Path:
    """A new temporary name beside ``target`` that says which process made it."""
    return target.parent / f".{target.name}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(3)}"


def _error(path: Path, exc: OSError) -> ExportError:
    return ExportError(f"{path}: cannot write it ({exc.strerror or exc.__class__.__name__})")


class _Cleanup:
    """Undoes what an unfinished export made: its temporary file or folder and the folders made for it."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.created: list[Path] = []
        self.temps: list[Path] = []

    def make_parent(self) -> None:
        """Create the target's missing folders, remembering each (outermost first) once made."""
        missing, folder = [], self.target.parent
        while not folder.exists() and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
        for each in reversed(missing):
            each.mkdir()
            self.created.append(each)

    def undo(self) -> None:
        """Remove the temporary files and the folders made, newest first."""
        for temp in self.temps:
            _remove(temp)
        for folder in reversed(self.created):
            try:
                folder.rmdir()
            except OSError:
                break


def _remove(path: Path) -> None:
    """Remove a temporary file or folder, if it is still there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with suppress(FileNotFoundError):
            path.unlink()


def _install(temp: Path, target: Path) -> None:
    """Move ``temp`` to ``target``, replacing a file or a shard folder there (either kind by the other)."""
    if not target.is_dir() and not temp.is_dir():
        os.replace(temp, target)
        return
    aside = None
    if target.exists() or target.is_symlink():
        aside = temp_path(target)
        os.replace(target, aside)
    try:
        os.replace(temp, target)
    except OSError:
        if aside is not None:
            os.replace(aside, target)
        raise
    if aside is not None:
        _remove(aside)


@contextmanager
def replacing(path: Path, binary: bool = False) -> Iterator[IO]:
    """Write to a temporary file beside ``path`` and move it into place only when complete.

    On any failure the temporary file and the folders made for it are removed, and an OSError
    becomes an ExportError naming ``path`` (never the temporary name).
    """
    with replacing_tree(path) as tree:
        handle = tree.open(binary)
        with handle:
            yield handle


class _Tree:
    """What :func:`replacing_tree` yields: write either one file or a folder of files, not both."""

    def __init__(self, cleanup: _Cleanup) -> None:
        self._cleanup = cleanup
        self.temp: Path | None = None

    def open(self, binary: bool = False) -> IO:
        """The temporary file that becomes the target."""
        self.temp = temp_path(self._cleanup.target)
        self._cleanup.temps.append(self.temp)
        # Created as any new file is (the umask applies), and never over an existing one.
        fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        if binary:
            return os.fdopen(fd, "wb")
        return os.fdopen(fd, "w", encoding="utf-8", newline="")

    def folder(self) -> Path:
        """The temporary folder that becomes the target; files go inside it."""
        if self.temp is None:
            self.temp = temp_path(self._cleanup.target)
            self._cleanup.temps.append(self.temp)
            self.temp.mkdir()
        return self.temp


@contextmanager
def replacing_tree(path: Path, folder: bool = False) -> Iterator[_Tree]:
    """Like :func:`replacing`, for a target that may be written as a file or as a folder of files.

    ``folder``: the export is a folder (XMI), so an empty folder at ``path`` may be replaced too.
    """
    if names_folder(path) and not is_shard_folder(path) and not (folder and _empty(path)):
        raise ExportError(f"{path} is a folder; give a file name")
    check_target(path)
    cleanup = _Cleanup(path)
    try:
        cleanup.make_parent()
        remove_stale(path.parent)
        tree = _Tree(cleanup)
        yield tree
        if tree.temp is None:
            raise ExportError(f"{path}: nothing was written")
        _install(tree.temp, path)
    except BaseException as exc:
        cleanup.undo()
        if isinstance(exc, OSError):
            raise _error(path, exc) from exc
        raise
