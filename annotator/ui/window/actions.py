"""The window's actions with their keys and icons, its menus and its toolbar."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from annotator.core.model import LabelScheme
from annotator.ui.shared import icons

# (name, text, keys, icon, context): "text" actions only fire while an article's text has focus, so typing
# a speaker's name in the inspector never creates quotes; "window" actions work everywhere.
ACTIONS = [
    ("new_project", "&New project…", "Ctrl+N", "fa5s.file", "window"),
    ("open_project", "&Open project…", "Ctrl+O", "fa5s.folder-open", "window"),
    ("import_files", "&Import files…", "Ctrl+I", "fa5s.file-import", "window"),
    ("import_folder", "Import &folder…", "Ctrl+Shift+I", "fa5s.folder-plus", "window"),
    ("add_batch", "Add &batch…", "", "fa5s.layer-group", "window"),
    ("export", "&Export…", "Ctrl+E", "fa5s.file-export", "window"),
    ("scheme", "&Label scheme…", "", "fa5s.tags", "window"),
    ("quit", "&Quit", "Ctrl+Q", "", "window"),
    ("undo", "&Undo", "Ctrl+Z", "fa5s.undo", "window"),
    ("redo", "&Redo", "Ctrl+Shift+Z", "fa5s.redo", "window"),
    ("new_quote", "New &quote", "Q", "fa5s.quote-right", "text"),
    ("new_quote_raw", "New quote (exact selection)", "Shift+Q", "", "text"),
    ("set_span", "Set quote span to selection", "E", "fa5s.crop-alt", "text"),
    ("delete_quote", "&Delete quote", "Delete", "fa5s.trash-alt", "text"),
    ("next_quote", "Ne&xt quote", "Tab", "fa5s.chevron-down", "text"),
    ("prev_quote", "Pre&vious quote", "Shift+Tab", "fa5s.chevron-up", "text"),
    ("cycle_kind", "Cycle quote &kind", "I", "", "text"),
    ("focus_speaker", "Edit &speaker", "S", "fa5s.user", "text"),
    ("focus_claim", "Edit &claim", "C", "fa5s.balance-scale", "text"),
    ("focus_topics", "Edit &topics", "T", "fa5s.tags", "text"),
    ("accept_suggestion", "Accept suggestion", "Return", "fa5s.check", "text"),
    ("reject_suggestion", "Reject suggestion", "X", "fa5s.times", "text"),
    ("accept_all", "Accept all suggestions", "A", "fa5s.check-double", "text"),
    ("back_to_text", "Back to the text", "Escape", "", "window"),
    ("mark_done", "Mark article &done", "Ctrl+D", "fa5s.check-circle", "window"),
    ("next_not_done", "&Next article not done", "Ctrl+Shift+N", "fa5s.forward", "window"),
    ("add_pane", "&Add pane", "Ctrl+T", "fa5s.columns", "window"),
    ("sync_scroll", "&Synchronised scrolling", "", "fa5s.arrows-alt-v", "window"),
    ("equal_widths", "&Equal pane widths", "Ctrl+Shift+E", "", "window"),
    ("find", "Search the corpus", "Ctrl+F", "fa5s.search", "window"),
    ("shortcuts", "&Keyboard shortcuts", "F1", "fa5s.keyboard", "window"),
]
SHORT_TEXT = {
    "open_project": "Open", "import_files": "Import", "export": "Export", "new_quote": "Quote",
    "delete_quote": "Delete", "add_pane": "Pane", "sync_scroll": "Sync scroll", "mark_done": "Done",
    "shortcuts": "Keys",
}
EXTRA_KEYS = {"redo": ["Ctrl+Y"], "accept_suggestion": ["Enter"], "shortcuts": ["?"]}


class WindowActions(QObject):
    """Named QActions; text-context ones are added to every article pane."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.text_actions: list[QAction] = []
        self.label_actions: list[QAction] = []
        for name, text, keys, icon, context in ACTIONS:
            action = QAction(text, window)
            action.setObjectName(name)
            sequences = [QKeySequence(k) for k in ([keys] if keys else []) + EXTRA_KEYS.get(name, [])]
            action.setShortcuts(sequences)
            if icon:
                icons.assign(action, icon)
            if context == "text":
                action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
                self.text_actions.append(action)
            else:
                action.setShortcutContext(Qt.WindowShortcut)
                window.addAction(action)
            setattr(self, name, action)
        self.sync_scroll.setCheckable(True)
        for name, short in SHORT_TEXT.items():
            getattr(self, name).setIconText(short)
        self.recent_menu = QMenu("Open &recent", window)

    def label_key_actions(self, scheme: LabelScheme, on_stance, on_topic) -> list[QAction]:
        """Fresh actions for the scheme's stance and topic keys (text context)."""
        for action in self.label_actions:
            action.deleteLater()
        self.label_actions = []
        for label in scheme.stances:
            if label.key:
                self.label_actions.append(self._key_action(f"Stance: {label.name}", label.key, on_stance, label.name))
        for label in scheme.topics:
            if label.key:
                self.label_actions.append(self._key_action(f"Topic: {label.name}", label.key, on_topic, label.name))
        return self.label_actions

    def _key_action(self, text: str, key: str, slot, name: str) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False, n=name: slot(n))
        return action

    def build_menus(self, docks: list) -> None:
        """The menu bar: File, Edit, Quote, View, Help."""
        bar = self.window.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.new_project, self.open_project])
        file.addMenu(self.recent_menu)
        file.addSeparator()
        file.addActions([self.import_files, self.import_folder, self.add_batch, self.export])
        file.addSeparator()
        file.addAction(self.scheme)
        file.addSeparator()
        file.addAction(self.quit)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo, self.redo])
        edit.addSeparator()
        edit.addAction(self.find)
        quote = bar.addMenu("&Quote")  # Alt+Q opens it: no Alt+letter shortcut takes a menu's key
        quote.addActions([self.new_quote, self.new_quote_raw, self.set_span, self.delete_quote])
        quote.addSeparator()
        quote.addActions([self.next_quote, self.prev_quote, self.cycle_kind])
        quote.addActions([self.focus_speaker, self.focus_claim, self.focus_topics])
        quote.addSeparator()
        quote.addActions([self.accept_suggestion, self.reject_suggestion, self.accept_all])
        quote.addSeparator()
        quote.addActions([self.mark_done, self.next_not_done])
        quote.addSeparator()
        self.quote_menu = quote
        view = bar.addMenu("&View")
        view.addActions([self.add_pane, self.sync_scroll, self.equal_widths])
        view.addSeparator()
        for dock in docks:
            view.addAction(dock.toggleViewAction())
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.shortcuts)

    def build_toolbar(self) -> QToolBar:
        """The main toolbar: the actions a mouse user reaches for."""
        toolbar = QToolBar("Main toolbar", self.window)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        toolbar.addActions([self.open_project, self.import_files, self.export])
        toolbar.addSeparator()
        toolbar.addActions([self.new_quote, self.delete_quote, self.undo, self.redo])
        toolbar.addSeparator()
        toolbar.addActions([self.add_pane, self.sync_scroll, self.mark_done])
        toolbar.addSeparator()
        toolbar.addAction(self.shortcuts)
        for action in toolbar.actions():
            # Keys shown in tooltips teach the keyboard path.
            if action.shortcut().toString():
                action.setToolTip(f"{action.text().replace('&', '')} ({action.shortcut().toString()})")
        self.window.addToolBar(toolbar)
        return toolbar
