"""The guidelines dock (Shift+F1): the project's guidelines document and every label's description and examples.

The document is Markdown written by the team, so it is rendered, but safely: raw HTML in it is shown as
text, links are not followed and no image is loaded from anywhere but the document itself.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QDockWidget, QTextBrowser, QVBoxLayout, QWidget

from annotator.core.model import Label, LabelScheme

_MARKDOWN = QTextDocument.MarkdownFeature.MarkdownDialectGitHub | QTextDocument.MarkdownFeature.MarkdownNoHTML
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")
SECTIONS = (("kinds", "Quote kinds"), ("stances", "Stances"), ("topics", "Topics"))


def _escaped(text: str) -> str:
    """A label name as literal Markdown: a name is never markup."""
    return _SPECIAL.sub(r"\\\1", text)


def guidelines_markdown(scheme: LabelScheme) -> str:
    """The guidelines page: the document, then each label with its description and examples."""
    parts = [scheme.guidelines.strip() or "*This project has no guidelines document yet: write one in "
             "File → Label scheme…, tab Guidelines.*"]
    for section, heading in SECTIONS:
        labels = [label for label in getattr(scheme, section) if label.description or label.examples]
        if not labels:
            continue
        parts.append(f"## {heading}")
        for label in labels:
            key = f" (key {_escaped(label.key)})" if label.key else ""
            lines = [f"**{_escaped(label.name)}**{key}: {label.description}".rstrip(": ")]
            lines += [f"- *e.g.* {example}" for example in label.examples]
            parts.append("\n\n".join(lines[:1]) + ("\n\n" + "\n".join(lines[1:]) if lines[1:] else ""))
    return "\n\n".join(parts) + "\n"


def label_tooltip(what: str, label: Label | None, name: str, hint: str = "") -> str:
    """A label's tooltip: what it is, a hint (its key), then its guideline (description, examples) if any."""
    head = f"{what}: {name}" + (f" ({hint})" if hint else "")
    if label is None:
        return head
    lines = [head]
    if label.description:
        lines.append(label.description)
    lines += [f"e.g. {example}" for example in label.examples]
    return "\n".join(lines)


class GuidelinesBrowser(QTextBrowser):
    """Renders guidelines Markdown; never follows a link nor loads a remote image."""

    linkHovered = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.highlighted.connect(lambda url: self.linkHovered.emit(url.toString()))

    def set_guidelines(self, markdown: str) -> None:
        """Show a Markdown text (raw HTML in it stays text)."""
        self.document().setMarkdown(markdown, _MARKDOWN)

    def loadResource(self, kind: int, url: QUrl):
        """Nothing from outside the document: images by URL or file path stay unloaded."""
        return None


class GuidelinesPanel(QWidget):
    """The dock's content: the guidelines of the session's project, refreshed when its scheme changes."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.browser = GuidelinesBrowser()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the scheme's guidelines."""
        self.browser.set_guidelines(guidelines_markdown(self.session.scheme))
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)  # read from the top, not where the cursor was left


def install_guidelines(window) -> QDockWidget:
    """Add the guidelines dock (a hidden tab beside the corpus) and its action (Shift+F1) to the Help and View menus."""
    from PySide6.QtGui import QAction, QKeySequence

    panel = GuidelinesPanel(window.session)
    dock = QDockWidget("Guidelines", window)
    dock.setObjectName("guidelinesDock")
    dock.setWidget(panel)
    window.addDockWidget(Qt.LeftDockWidgetArea, dock)
    # A tab beside the corpus, claims and speakers: the full height to read, the inspector stays in view.
    window.tabifyDockWidget(window.docks[0], dock)
    window.docks[0].raise_()
    dock.hide()
    action = QAction("&Guidelines", window)
    action.setObjectName("guidelines")
    action.setShortcut(QKeySequence("Shift+F1"))
    action.setShortcutContext(Qt.WindowShortcut)
    action.triggered.connect(lambda: show_guidelines(window))
    window.addAction(action)
    menus = {entry.text(): entry.menu() for entry in window.menuBar().actions() if entry.menu() is not None}
    if "&Help" in menus:
        menus["&Help"].addAction(action)
    if "&View" in menus:
        menus["&View"].addAction(dock.toggleViewAction())
    window.guidelines_dock, window.guidelines_action = dock, action
    return dock


def show_guidelines(window) -> None:
    """Show (or bring forward) the guidelines dock, re-read."""
    window.guidelines_dock.widget().refresh()
    window.guidelines_dock.show()
    window.guidelines_dock.raise_()
