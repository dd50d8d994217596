"""Hostile names in the window: titles, outlets, speakers, claims and annotators are plain text and never
widen it. Built on a project whose every name is HTML (red text, a local image) or absurdly long."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QHeaderView,
    QLabel,
    QToolTip,
    QWidget,
)

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.commands import AddQuote
from annotator.services.importing import ImportReport
from annotator.services.projects import open_project
from annotator.store import articles as article_store
from annotator.ui.session import Session
from annotator.ui.shared.dialogs import import_summary_box
from annotator.ui.shared.plain import (
    ElidedLabel,
    button_text,
    install_plain_text,
    plain_tooltip,
    window_title,
)

from .conftest import make_window

pytestmark = pytest.mark.gui

IMAGE = "<img src='/tmp/annotator-hostile.png'>"
HTML = f"<span style='color:red'>Red</span>{IMAGE}"
LONG = "Abdollahian" * 20_000  # 220,000 characters, no space to wrap at
CLAIM = ("Iran supplied drones to Russia before the war began and went on doing so " * 4)[:246]
ANN = f"ann{HTML}{LONG[:3000]}"  # the annotator's name, as typed at the first start
TEXT = "“We are against the war,” the minister said. “The drone is true,” he added later."


@pytest.fixture
def hostile_path(tmp_path) -> Path:
    """A project where every name a file or a user gives is HTML or hundreds of thousands of characters."""
    path = tmp_path / "hostile.annotator.db"
    project = open_project(path)
    article_id = article_store.insert_article(
        project, Article(None, TEXT, sha256_of(TEXT), title=f"Title {HTML}", outlet=f"Outlet {HTML}")
    )[0]
    for who, speaker, claim, span in (
        (ANN, LONG, CLAIM, (0, 25)),
        (ANN, f"Speaker {HTML}", f"Claim {HTML}", (46, 66)),
        (f"bob{HTML}{LONG[:5000]}", f"Other {HTML}", CLAIM, (0, 25)),
        ("gold", LONG, CLAIM, (0, 25)),
    ):
        Session(project, who).push(AddQuote(Quote(None, article_id, *span, who, speaker=speaker, claim=claim)))
    project.close()
    return path


@pytest.fixture
def hostile_window(qtbot, hostile_path):
    window = make_window(qtbot, hostile_path, annotator=ANN)
    for dock in window.findChildren(QDockWidget):
        dock.show()
        dock.raise_()
    view = window.panes.panes()[0]
    view.select_quote(view.quotes[0].id)  # the quote with the 220,000-character speaker
    QApplication.processEvents()
    yield window
    window.close()
    window.session.project.close()


def _shown_tooltip(widget: QWidget, pos: QPoint) -> str:
    QToolTip.hideText()
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos)))
    return QToolTip.text()


def test_no_label_renders_a_name_as_html(hostile_window):
    labels = [w for w in hostile_window.findChildren(QLabel) if "Red</span>" in w.text()]
    assert len(labels) >= 3  # the title, the outlet line, the annotator in the status bar at least
    for label in labels:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()[:60]


def test_every_tooltip_with_a_name_is_shown_escaped(hostile_window):
    widgets = [w for w in hostile_window.findChildren(QWidget) if "Red</span>" in w.toolTip() and w.isVisible()]
    assert any(isinstance(w, QAbstractButton) for w in widgets)  # the review's "Take" buttons, legends
    for widget in widgets:
        shown = _shown_tooltip(widget, QPoint(2, 2))
        assert "&lt;img src=" in shown and "<img" not in shown


def test_item_view_tooltips_are_shown_escaped(hostile_window):
    checked = 0
    for view in hostile_window.findChildren(QAbstractItemView):
        if isinstance(view, QHeaderView) or not view.isVisible() or view.model() is None:
            continue
        model = view.model()
        for row in range(min(model.rowCount(QModelIndex()), 5)):
            for column in range(12):  # a QListWidget's model hides columnCount()
                index = model.index(row, column)
                if not index.isValid():
                    break
                tip = index.data(Qt.ItemDataRole.ToolTipRole)
                rect = view.visualRect(index)
                if not tip or "<img" not in str(tip) or rect.isEmpty():
                    continue
                shown = _shown_tooltip(view.viewport(), rect.center())
                assert "<img" not in shown and "&lt;img" in shown
                checked += 1
    assert checked  # the corpus title at least carries the hostile title as its tooltip


def test_long_names_never_widen_the_window(hostile_window):
    # A shown window on these names was 524,868 px wide at its narrowest; docks stay a screen's width.
    assert hostile_window.minimumSizeHint().width() < 1400
    inspector = hostile_window.findChild(QDockWidget, "inspectorDock")
    assert inspector.minimumSizeHint().width() < 500
    assert hostile_window.width() <= 1600


def test_annotator_name_in_the_status_bar_is_elided_with_the_full_name_in_its_tooltip(hostile_window):
    label = hostile_window.status_name
    assert isinstance(label, ElidedLabel)
    assert label.text().endswith("…") and len(label.text()) < 200
    assert label.full_text().strip().endswith(ANN)


def test_message_box_of_an_import_shows_file_names_as_plain_text(qtbot):
    install_plain_text()
    report = ImportReport(files=1, rejected=[(Path(f"{IMAGE}.txt"), f"{IMAGE}.txt: empty file (no text)")])
    box = import_summary_box(None, report)
    qtbot.addWidget(box)
    box.show()
    labels = [w for w in box.findChildren(QLabel) if w.text()]
    assert labels and all(w.textFormat() == Qt.TextFormat.PlainText for w in labels)


def test_helpers_for_names_in_tooltips_buttons_and_titles():
    assert plain_tooltip("<b>x</b> & y") == "<p style='white-space:pre-wrap'>&lt;b&gt;x&lt;/b&gt; &amp; y</p>"
    assert len(plain_tooltip(LONG)) < 1100
    assert button_text("AT&T") == "AT&&T"
    assert window_title("a[*]b.annotator.db — Annotator") == "a[*][*]b.annotator.db — Annotator"


def test_dialog_to_merge_speakers_with_huge_names_fits_a_screen(qtbot):
    from annotator.core.model import Speaker
    from annotator.ui.speakers.panel import _MergeDialog

    dialog = _MergeDialog(Speaker(1, LONG), Speaker(2, f"R&D {HTML}"), (3, 1))
    qtbot.addWidget(dialog)
    assert dialog.sizeHint().width() < 1000  # was the width of 220,000 characters
    texts = [button.text() for button in dialog._group.buttons()]
    assert texts[1] == f"Keep “R&&D {HTML}” (1 quote)"  # the ampersand is shown, not a mnemonic


def test_stance_buttons_of_a_long_label_stay_narrow(project, qtbot):
    from annotator.store import labels
    from annotator.ui.workspace.inspector import QuoteInspector

    labels.ensure_stance(project, "x" * 100)
    inspector = QuoteInspector(Session(project, "ann"))
    qtbot.addWidget(inspector)
    assert inspector.minimumSizeHint().width() < 600
