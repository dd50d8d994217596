"""Where an export writes: a temporary file (or folder) beside the target, moved into place when complete.

Temporary names are recognisable, ``.OUT.annotator-tmp-PID-XXXXXX``, so the next export into the folder
can remove what an export that was killed left behind (only those whose process is gone).
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

TEMP_MARK = ".annotator-tmp-"
# The shards of a .spacy export written as a folder; a folder holding anything else is never replaced.
SHARD_PREFIX = "part-"
SHARD_SUFFIX = ".spacy"


def names_folder(out: Path | str) -> bool:
    """Whether ``out`` is a folder, or is written as one (a trailing slash)."""
    return str(out).endswith(("/", os.sep)) or Path(out).is_dir()


def is_shard_folder(path: Path) -> bool:
    """Whether ``path`` is a folder a sharded ``.spacy`` export wrote (only its shard files inside)."""
    if not path.is_dir() or path.is_symlink():
        return False
    return all(
        child.is_file() and child.name.startswith(SHARD_PREFIX) and child.suffix == SHARD_SUFFIX
        for child in path.iterdir()
    )


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
def replacing_tree(path: Path) -> Iterator[_Tree]:
    """Like :func:`replacing`, for a target that may be written as a file or as a folder of files."""
    if names_folder(path) and not is_shard_folder(path):
        raise ExportError(f"{path} is a folder; give a file name")
    cleanup = _Cleanup(path)
    try:
        cleanup.make_parent()
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
