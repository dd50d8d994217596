"""The File menu's work: new and open project (with recent ones), import, export, label scheme."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from annotator.services.projects import open_project
from annotator.store.project import PROJECT_SUFFIX, ProjectError
from annotator.ui.shared import file_dialogs
from annotator.ui.window import restore as window_state
from annotator.ui.window import settings as state

_FILTER = f"Annotator projects (*{PROJECT_SUFFIX});;All files (*)"
_IMPORT_FILTER = "Articles (*.txt *.md *.html *.htm *.docx *.jsonl *.json *.xmi *.zip);;All files (*)"


class FileOperations(QObject):
    """Connects the File menu actions of a MainWindow to dialogs and the session."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        a = window.actions_
        a.new_project.triggered.connect(self._on_new_project)
        a.open_project.triggered.connect(self._on_open_project)
        a.import_files.triggered.connect(self._on_import_files)
        a.import_folder.triggered.connect(self._on_import_folder)
        a.export.triggered.connect(self._on_export)
        a.scheme.triggered.connect(self._on_scheme)
        a.recent_menu.aboutToShow.connect(self._on_recent_menu)

    def switch_to(self, path: Path) -> bool:
        """Open another project file in this window; False (with a message) if it cannot be opened."""
        window = self.window
        window_state.save(window)
        try:
            project = open_project(path, fall_back_to_read_only=True)
        except (ProjectError, OSError) as exc:
            QMessageBox.warning(window, "Cannot open project", str(exc))
            return False
        window.session.replace_project(project)
        state.add_recent_project(path)
        window.reload_project()
        if project.backup_path:
            window.statusBar().showMessage(f"Project migrated; backup at {project.backup_path}", 8000)
        return True

    def _on_new_project(self) -> None:
        name = file_dialogs.save_file_name(
            self.window, "New project", str(state.data_dir() / f"untitled{PROJECT_SUFFIX}"), _FILTER
        )
        if name:
            path = Path(name if name.endswith(PROJECT_SUFFIX) else name + PROJECT_SUFFIX)
            if path.exists():
                QMessageBox.information(self.window, "New project", f"{path.name} exists; opening it.")
            self.switch_to(path)

    def _on_open_project(self) -> None:
        name = file_dialogs.open_file_name(self.window, "Open project", self._folder(state.data_dir()), _FILTER)
        if name:
            self.switch_to(Path(name))

    def _on_recent_menu(self) -> None:
        menu = self.window.actions_.recent_menu
        menu.clear()
        current = self.window.session.project.path
        for path in state.recent_projects():
            action = menu.addAction(str(path))
            action.setEnabled(current is None or path.resolve() != current.resolve())
            action.triggered.connect(lambda _checked=False, p=path: self.switch_to(p))
        if menu.isEmpty():
            menu.addAction("No recent projects").setEnabled(False)

    def _folder(self, fallback: Path | None = None) -> str:
        """Where file dialogs start: the open project's folder, else ``fallback`` or the home folder."""
        path = self.window.session.project.path
        return str(path.parent if path is not None else fallback or Path.home())

    def _on_import_files(self) -> None:
        names = file_dialogs.open_file_names(self.window, "Import articles", self._folder(), _IMPORT_FILTER)
        if names:
            self._import([Path(n) for n in names])

    def _on_import_folder(self) -> None:
        name = file_dialogs.existing_folder(self.window, "Import a folder of articles", self._folder())
        if name:
            self._import([Path(name)])

    def _import(self, paths: list[Path]) -> None:
        from annotator.ui.shared.dialogs import run_import

        report = run_import(self.window, self.window.session, paths)
        self.window.corpus.model.reload()
        self.window._update_status()
        self.window.statusBar().showMessage(report.summary(), 8000)

    def _on_export(self) -> None:
        from annotator.ui.shared.dialogs import ExportDialog

        ExportDialog(self.window.session, self.window).exec()

    def _on_scheme(self) -> None:
        from annotator.ui.shared.dialogs import SchemeDialog

        dialog = SchemeDialog(self.window.session, self.window)
        dialog.schemeApplied.connect(self._on_scheme_applied)
        dialog.exec()

    def _on_scheme_applied(self, _scheme) -> None:
        window = self.window
        window.session.scheme_changed()
        window.inspector.reload_labels()
        window.guidelines_dock.widget().refresh()
        window._install_label_keys()
        for view in window.panes.panes():
            if view.article is not None:
                view.set_quotes(view.quotes, window.stance_colours())
        window._show_in_inspector()
