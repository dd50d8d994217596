"""The shortcut sheet (F1 or ?): every keyboard shortcut of the window, with the scheme's label keys."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QRect
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from annotator.core.model import LabelScheme
from annotator.store import labels
from annotator.ui.session import Session

#: Every shortcut of the annotation window, by section: (keys, description). Alternatives are joined by " / ";
#: the main window binds the same keys, so this list is the one place they are written down for users.
SHORTCUTS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Quotes",
        [
            ("Q", "Create a quote from the selection (snapped to whole words)"),
            ("Shift+Q", "Create a quote from the exact selection"),
            ("Tab / Shift+Tab", "Next / previous quote or suggestion"),
            ("I", "Cycle the kind: direct, indirect, mixed"),
            ("1–9", "Set the stance of the selected quote"),
            ("E", "Set the selected quote's (or current suggestion's) span to the selection"),
            ("Delete", "Remove the selected quote"),
        ],
    ),
    (
        "Inspector",
        [
            ("S", "Focus the speaker"),
            ("C", "Focus the claim"),
            ("T", "Focus the topics"),
            ("Escape", "Back to the text"),
        ],
    ),
    (
        "Suggestions",
        [
            ("Enter", "Accept the suggestion"),
            ("X", "Reject the suggestion"),
            ("A", "Accept all suggestions of the article"),
        ],
    ),
    (
        "Review (a merged project, F8)",
        [
            ("J / K", "Next / previous aligned quote"),
            ("1–9", "Take that annotator's version into gold"),
            ("Space", "Take the chosen cell's field only"),
            ("F2", "Type a gold field yourself"),
            ("Enter", "Commit the gold draft"),
            ("X / Delete", "Reject the quote (no gold)"),
            ("Ctrl+U", "Accept every unanimous quote of the article"),
            ("Ctrl+Shift+U", "Accept every unanimous quote of the project"),
            ("Ctrl+D", "Mark the article's review done"),
            ("Ctrl+Shift+A", "Show the agreement panel"),
        ],
    ),
    (
        "Editing",
        [
            ("Ctrl+Z", "Undo"),
            ("Ctrl+Shift+Z / Ctrl+Y", "Redo"),
            ("Ctrl+D", "Mark the article done"),
            ("Ctrl+Shift+N", "Next article not done (assignment order)"),
            ("Ctrl+Shift+D", "Edit the article's details: title, outlet, date, URL (undoable)"),
        ],
    ),
    (
        "Project",
        [
            ("Ctrl+N", "New project"),
            ("Ctrl+O", "Open a project"),
            ("Ctrl+I", "Import files"),
            ("Ctrl+Shift+I", "Import a folder"),
            ("Ctrl+E", "Export"),
            ("Ctrl+F", "Search the corpus"),
            ("Ctrl+T", "Add an article pane (up to four)"),
            ("Ctrl+Tab / Ctrl+Shift+Tab", "Next / previous article pane"),
            ("Ctrl+Shift+C", "Claims board: every claim with its quotes, by stance"),
            ("Ctrl+Shift+S", "Speakers: the registry (rename, aliases, merge)"),
            ("Ctrl+Shift+E", "Give every pane the same width"),
            ("Ctrl+Enter", "In the corpus list: open the article beside the others"),
            ("F8", "Review mode: every annotator's version, gold and agreement"),
            ("F1 / ?", "Show this sheet"),
            ("Shift+F1", "Guidelines: the project's document and every label's description and examples"),
        ],
    ),
]


def all_shortcuts() -> list[tuple[str, str]]:
    """Every (keys, description) of SHORTCUTS, sections flattened."""
    return [entry for _, entries in SHORTCUTS for entry in entries]


def _native(keys: str) -> str:
    # Shows Cmd and ⌥ on macOS; "1–9" and "?" are not key sequences Qt parses, so they stay as written.
    if keys in ("1–9", "?"):
        return keys
    text = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
    return text or keys


def _keycaps(keys: str) -> str:
    alternatives = []
    for alternative in keys.split(" / "):
        native = _native(alternative)
        parts = native.split("+") if "+" in native and len(native) > 1 else [native]
        alternatives.append("+".join(f"<span class='key'>&#8239;{escape(p)}&#8239;</span>" for p in parts))
    return " or ".join(alternatives)


def label_sections(scheme: LabelScheme) -> list[tuple[str, list[tuple[str, str]]]]:
    """Sections for the scheme's stance and topic keys (labels without a key are left out)."""
    sections = []
    stances = [(label.key, f"Stance: {label.name}") for label in scheme.stances if label.key]
    topics = [(label.key, f"Toggle topic: {label.name}") for label in scheme.topics if label.key]
    if stances:
        sections.append(("Stances (this project)", stances))
    if topics:
        sections.append(("Topics (this project)", topics))
    return sections


def balanced_split(sections: list) -> int:
    """Where the second column starts, so both are about as tall (a heading counts as two rows)."""
    heights = [len(entries) + 2 for _title, entries in sections]
    return min(range(len(sections) + 1), key=lambda k: abs(sum(heights[:k]) - sum(heights[k:])))


class ShortcutSheet(QDialog):
    """A readable, non-modal sheet of every keyboard shortcut, including the project's label keys."""

    def __init__(self, session: Session | None = None, parent: QWidget | None = None):
        super().__init__(parent, windowTitle="Keyboard shortcuts")
        self._session = session
        self.browser = QTextBrowser(openExternalLinks=False)
        self.browser.setFrameShape(QTextBrowser.Shape.NoFrame)
        intro = QLabel(
            "Everything in the window can be done from the keyboard. Press F1 or ? to bring this back."
        )
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        # Wide enough that few descriptions wrap, and tall enough for every section without scrolling on a laptop.
        screen = self.screen().availableGeometry() if self.screen() else QRect(0, 0, 1320, 920)
        self.resize(min(1240, screen.width() - 80), min(860, screen.height() - 60))
        if session is not None:
            session.projectReplaced.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Re-render the sheet (the scheme's keys may have changed)."""
        scheme = labels.scheme(self._session.project) if self._session is not None else LabelScheme("")
        self.browser.setHtml(self.html(scheme))

    def html(self, scheme: LabelScheme) -> str:
        """The sheet as HTML: sections in two columns, keys drawn as keycaps."""
        palette = self.palette()
        key_bg = palette.color(QPalette.ColorRole.AlternateBase).name()
        border = palette.color(QPalette.ColorRole.Mid).name()
        muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
        style = (
            f".key {{ background-color: {key_bg}; border: 1px solid {border}; font-family: monospace; }}"
            f" .muted {{ color: {muted}; }}"
        )
        sections = [*SHORTCUTS, *label_sections(scheme)]
        # Split by row count, not section count: the right column ran a dozen rows longer than the left.
        half = balanced_split(sections)
        columns = [sections[:half], sections[half:]]
        cells = "".join(
            f"<td width='50%' valign='top' style='padding-right: 18px'><table cellspacing='0' width='100%'>"
            f"{''.join(map(self._section, column))}</table></td>"
            for column in columns
        )
        body = f"<table width='100%'><tr>{cells}</tr></table>"
        return f"<html><head><style>{style}</style></head><body>{body}</body></html>"

    @staticmethod
    def _section(section: tuple[str, list[tuple[str, str]]]) -> str:
        title, entries = section
        # One table per column with a fixed key width, so descriptions line up across sections.
        # Rows 1 pixel apart, not 3: seventy rows of 4 pixels more made the sheet scroll on a laptop.
        key_cell = "<td width='150' style='padding: 1px 10px 1px 0px; white-space: nowrap'>"
        rows = "".join(
            f"<tr>{key_cell}{_keycaps(keys)}</td><td style='padding: 1px 0px'>{escape(text)}</td></tr>"
            for keys, text in entries
        )
        heading = (
            f"<td colspan='2' style='padding-top: 10px; padding-bottom: 2px'><b>{escape(title)}</b></td>"
        )
        return f"<tr>{heading}</tr>{rows}"
