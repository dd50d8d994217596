"""File dialogs that never open the files they list.

SQLite guards a project file with POSIX advisory locks, and POSIX drops every lock a process holds
on a file as soon as that process closes *any* descriptor of it. A file dialog that sniffs contents
to pick an icon or a type (Qt's MIME lookup, or the desktop's native dialog) opens and closes the
project file listed beside the others, silently releasing the window's locks: a command-line tool
run next could then delete the write-ahead log the window still uses, and the project would be
corrupted. These dialogs are Qt's own, with an icon provider that looks at names only.
"""

from __future__ import annotations

from PySide6.QtCore import QFileInfo
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from the file name alone, never from its contents."""

    def icon(self, what):  # noqa: D102 - QFileIconProvider API
        if isinstance(what, QFileInfo):
            kind = QFileIconProvider.IconType.Folder if what.isDir() else QFileIconProvider.IconType.File
            return super().icon(kind)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:  # noqa: D102 - QFileIconProvider API
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


_provider: NameOnlyIconProvider | None = None


def configure(dialog: QFileDialog) -> QFileDialog:
    """Make a dialog safe to show beside an open project (see the module docstring)."""
    global _provider
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    # The dialog does not own its provider, and its file-info thread calls it whenever the folder shown
    # changes: one provider for the whole run, never freed while a dialog may use it, with its two icons
    # made here on the window's thread rather than by that thread (Qt's style is not thread-safe).
    if _provider is None:
        _provider = NameOnlyIconProvider()
        for kind in (QFileIconProvider.IconType.File, QFileIconProvider.IconType.Folder):
            _provider.icon(kind)  # Qt's provider keeps each icon it makes and hands out copies after
    dialog.setIconProvider(_provider)
    return dialog


def _run(dialog: QFileDialog) -> list[str]:
    configure(dialog)
    chosen = dialog.selectedFiles() if dialog.exec() else []
    # Kept until its parent closed, an answered dialog went on watching its folder: when File → Merge wrote
    # the review file beside the annotators' files, its thread ran our provider's Python beside the merge's
    # and the window crashed now and then (heap corruption; 6 of 18 walkthroughs). Freed, none did.
    dialog.deleteLater()
    return chosen


def open_file_name(parent: QWidget | None, caption: str, folder: str, name_filter: str) -> str:
    """One existing file, or "" when cancelled."""
    dialog = QFileDialog(parent, caption, folder, name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    chosen = _run(dialog)
    return chosen[0] if chosen else ""


def open_file_names(parent: QWidget | None, caption: str, folder: str, name_filter: str) -> list[str]:
    """Existing files, or [] when cancelled."""
    dialog = QFileDialog(parent, caption, folder, name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _run(dialog)


def save_file_name(parent: QWidget | None, caption: str, path: str, name_filter: str, suffix: str = "") -> str:
    """A file name to write (the dialog asks before replacing a file), or "" when cancelled."""
    dialog = QFileDialog(parent, caption, path, name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if suffix:
        dialog.setDefaultSuffix(suffix)
    chosen = _run(dialog)
    return chosen[0] if chosen else ""


def existing_folder(parent: QWidget | None, caption: str, folder: str) -> str:
    """An existing folder, or "" when cancelled."""
    dialog = QFileDialog(parent, caption, folder)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    chosen = _run(dialog)
    return chosen[0] if chosen else ""
