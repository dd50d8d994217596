"""Guidelines in the window: the Shift+F1 dock, tooltips in the inspector, editing in the scheme dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument

from annotator.store import guidelines
from annotator.ui.scheme.dialog import SchemeDialog
from annotator.ui.scheme.guidelines import GuidelinesBrowser

pytestmark = pytest.mark.gui


def test_shift_f1_shows_the_guidelines_with_every_labels_description(window, qtbot):
    assert not window.guidelines_dock.isVisible()
    qtbot.keyClick(window, Qt.Key_F1, Qt.ShiftModifier)
    assert window.guidelines_dock.isVisible()
    shown = window.guidelines_dock.widget().browser.toPlainText()
    assert "Quote annotation guidelines" in shown
    assert "The speaker denies the claim" in shown  # the stance "opposes"
    assert "Reported speech" in shown  # the kind "indirect"


def test_the_inspector_tooltips_carry_the_labels_guidelines(window):
    stance_tips = [button.toolTip() for button in window.inspector.stances.buttons()]
    assert any(tip.startswith("Stance: opposes (key 2)\nThe speaker denies") for tip in stance_tips)
    assert "Reported speech" in window.inspector.kinds.button(1).toolTip()
    assert "War, weapons" in window.inspector.topics.item(0).toolTip()


def test_guidelines_edited_in_the_scheme_dialog_reach_the_dock_and_tooltips(window, qtbot):
    dialog = SchemeDialog(window.session, window)
    dialog.schemeApplied.connect(window.files._on_scheme_applied)
    qtbot.addWidget(dialog)
    editor = dialog.guidelines
    editor.select("document")
    editor.text.setPlainText("# Team rules\n\nAsk **Ana** when in doubt.")
    assert editor.save()
    editor.select("stances", "supports")
    editor.text.setPlainText("Backs the claim.")
    editor.examples.setPlainText("one\n\n two ")
    assert editor.save()
    assert guidelines.label_guides(window.session.project, "stances")["supports"] == ("Backs the claim.", ("one", "two"))
    window.guidelines_action.trigger()
    shown = window.guidelines_dock.widget().browser.toPlainText()
    assert shown.startswith("Team rules") and "Ask Ana when in doubt." in shown
    assert "Backs the claim." in window.inspector.stances.button(0).toolTip()


def test_the_guidelines_render_markdown_but_no_html_links_or_remote_images(qtbot):
    browser = GuidelinesBrowser()
    qtbot.addWidget(browser)
    browser.set_guidelines("# Rules\n\n<b>raw</b> [site](http://example.org) ![x](http://example.org/x.png)")
    assert "<b>raw</b>" in browser.toPlainText()  # shown as text, not rendered
    assert browser.document().toMarkdown().startswith("# Rules")
    assert not browser.openLinks() and not browser.openExternalLinks()
    assert browser.loadResource(QTextDocument.ResourceType.ImageResource, QUrl("http://example.org/x.png")) is None


def test_picking_another_guideline_keeps_what_was_typed(window, qtbot):
    dialog = SchemeDialog(window.session, window)
    qtbot.addWidget(dialog)
    editor = dialog.guidelines
    editor.select("topics", "economy")
    editor.text.setPlainText("Money matters.")
    editor.select("kinds", "mixed")
    assert "Reported speech that quotes" in editor.text.toPlainText()
    assert window.session.scheme.guide("topics", "economy").description == "Money matters."


def test_guidelines_of_a_read_only_project_are_not_saved_and_it_says_so(tmp_path, qtbot):
    from annotator.services.projects import open_project
    from annotator.ui.scheme.guidelines_editor import GuidelinesEditor
    from annotator.ui.session import Session

    path = tmp_path / "p.annotator.db"
    open_project(path).close()
    project = open_project(path, read_only=True)
    editor = GuidelinesEditor(Session(project, "ann"))
    qtbot.addWidget(editor)
    editor.text.setPlainText("# Mine")
    assert not editor.save()
    assert editor.status.text().startswith("Not saved: ") and "read-only" in editor.status.text()
    project.close()


def test_closing_the_scheme_dialog_saves_the_guideline_text_typed(window, qtbot):
    dialog = SchemeDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    editor = dialog.guidelines
    editor.select("topics", "economy")
    editor.text.setPlainText("Money matters.")
    _close_button(dialog).click()
    assert not dialog.isVisible()
    assert window.session.scheme.guide("topics", "economy").description == "Money matters."
    # Reopened, the dialog shows what was typed.
    again = SchemeDialog(window.session, window)
    qtbot.addWidget(again)
    again.guidelines.select("topics", "economy")
    assert again.guidelines.text.toPlainText() == "Money matters."


def _close_button(dialog):
    from PySide6.QtWidgets import QDialogButtonBox

    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)


def _answer(qtbot, button):
    """Click ``button`` on the message box the next close puts up, if any; the texts it showed go in the list."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return  # not asked
        seen.append(f"{box.text()} {box.informativeText()} [{box.button(QMessageBox.StandardButton.Save).text()}]")
        box.button(button).click()

    QTimer.singleShot(0, click)
    return seen


def test_guideline_text_the_project_refuses_is_not_dropped_on_close_unasked(window, qtbot):
    from PySide6.QtWidgets import QMessageBox

    project = window.session.project
    dialog = SchemeDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    editor = dialog.guidelines
    editor.select("document")
    editor.text.setPlainText("# Our own rules")
    project.read_only = True  # as a file that cannot be written (a lock refuses the same way)
    try:
        seen = _answer(qtbot, QMessageBox.StandardButton.Cancel)
        dialog.close()
        assert dialog.isVisible() and editor.text.toPlainText() == "# Our own rules"
        assert "could not be saved" in seen[0] and "read-only" in seen[0] and "[Save again]" in seen[0]
        assert editor.status.text().startswith("Not saved: ")
        # Saved again once the project can be written: the dialog closes with the text kept.
        project.read_only = False
        seen = _answer(qtbot, QMessageBox.StandardButton.Cancel)  # not asked: this close saves
        dialog.close()
        assert not dialog.isVisible() and not seen
        assert guidelines.guidelines_document(project) == "# Our own rules"
    finally:
        project.read_only = False


def test_discarding_refused_guideline_text_closes_and_leaves_the_project_as_it_was(window, qtbot):
    from PySide6.QtWidgets import QMessageBox

    project = window.session.project
    before = window.session.scheme.guide("stances", "supports").description
    dialog = SchemeDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    editor = dialog.guidelines
    editor.select("stances", "supports")
    editor.text.setPlainText("Backs it.")
    project.read_only = True
    try:
        seen = _answer(qtbot, QMessageBox.StandardButton.Discard)
        qtbot.keyClick(dialog, Qt.Key_Escape)
        assert seen and not dialog.isVisible()
    finally:
        project.read_only = False
    assert window.session.scheme.guide("stances", "supports").description == before


def test_guideline_text_a_lock_refuses_on_close_is_saved_again_once_the_lock_is_gone(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from annotator.store import project as project_module
    from tests.reliability.test_window_locked_actions import BUSY, _OtherProcess

    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 100)
    project = window.session.project
    dialog = SchemeDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    editor = dialog.guidelines
    editor.select("kinds", "mixed")
    editor.text.setPlainText("Partly in quotation marks.")
    other = _OtherProcess(project.path)
    try:
        seen = _answer(qtbot, QMessageBox.StandardButton.Cancel)
        _close_button(dialog).click()
    finally:
        other.finish()
    assert BUSY in seen[0] and dialog.isVisible()
    seen = _answer(qtbot, QMessageBox.StandardButton.Cancel)
    _close_button(dialog).click()
    assert not seen and not dialog.isVisible()
    assert window.session.scheme.guide("kinds", "mixed").description == "Partly in quotation marks."
