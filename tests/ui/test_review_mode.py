"""Review mode in the window: on for a merged project, following the current article, F8 toggles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.services.projects import open_project
from annotator.services.review import article_review_status
from annotator.store import review as review_store
from tests.ui.conftest import make_window

pytestmark = pytest.mark.gui


def test_merged_project_opens_in_review_mode_on_its_first_article(qtbot, review_path):
    window = make_window(qtbot, review_path, annotator="lead", demo=False)
    mode = window.review_mode
    assert mode.mode.isChecked() and mode.docks[0].isVisible()
    assert not window.docks[1].isVisible()  # the annotator's inspector makes room
    view = window.current_view()
    assert view is not None and mode.panel.current_item() is not None
    assert mode.panel.current_item().article_id == view.article_id
    qtbot.keyClick(window, Qt.Key_F8)
    assert not mode.mode.isChecked() and not mode.docks[0].isVisible() and window.docks[1].isVisible()
    assert view.text.hasFocus()  # back to marking quotes
    qtbot.keyClick(window, Qt.Key_F8)
    assert mode.panel.groups_view.hasFocus()  # the review keys work at once
    window.close()
    window.session.project.close()


def test_a_leads_pane_does_not_say_0_quotes_over_an_article_the_annotators_quoted(qtbot, review_path):
    window = make_window(qtbot, review_path, annotator="lead", demo=False)
    view = window.current_view()
    assert window.review_mode.mode.isChecked()
    # The lead has no quotes of their own: "0 quotes" beside "All annotators" listing 19 read as none at all.
    assert view.meta.text() and "quote" not in view.meta.text()
    qtbot.keyClick(window, Qt.Key_F8)  # annotating: the pane counts the lead's own quotes again
    assert view.meta.text().endswith("0 quotes")
    qtbot.keyClick(window, Qt.Key_F8)
    assert "quote" not in view.meta.text()
    window.close()
    window.session.project.close()


def test_single_annotator_project_stays_in_annotation_mode(window):
    assert not window.review_mode.mode.isChecked()
    assert window.review_mode.panel is None  # review widgets are not even built, so start-up stays light
    assert window.docks[1].isVisible()


def test_undoing_the_last_decision_reopens_the_article_and_redo_closes_it(qtbot, review_path):
    window = make_window(qtbot, review_path, annotator="lead", demo=False)
    mode, panel = window.review_mode, window.review_mode.panel
    project, stack = window.session.project, window.session.undo_stack
    article_id = panel.article_id
    panel.accept_unanimous()
    while panel.current_item() is not None and panel.current_item().decision is None:
        panel.take_number(1)
    total = len(panel.groups.items)
    assert panel.header.status_label.text() == "Done" and mode.done.isChecked()
    steps = stack.count()  # the unanimous step and one per group taken: nothing else was pushed

    stack.undo()
    assert panel.header.progress_text.text() == f"{total - 1} / {total} decided"
    assert panel.header.status_label.text() == "In review"
    assert not mode.done.isChecked() and not panel.header.done_action.isChecked()
    assert article_review_status(project, article_id) == "in_review"
    assert review_store.review_status(project, article_id) is None  # "done" was never stored
    assert stack.count() == steps and stack.canRedo()

    stack.redo()
    assert panel.header.progress_text.text() == f"{total} / {total} decided"
    assert panel.header.status_label.text() == "Done" and mode.done.isChecked()
    window.close()
    project.close()


def test_ctrl_d_on_a_fully_decided_article_explains_instead_of_adding_a_dead_step(qtbot, review_path):
    window = make_window(qtbot, review_path, annotator="lead", demo=False)
    panel = window.review_mode.panel
    panel.accept_unanimous(False)
    while panel.current_item() is not None and any(i.decision is None for i in panel.groups.items):
        panel.reject()
    assert panel.status == "done"
    steps = window.session.undo_stack.count()
    qtbot.keyClick(panel.groups_view, Qt.Key_D, Qt.ControlModifier)
    assert window.session.undo_stack.count() == steps
    assert panel.status == "done" and "undo a decision" in panel.message.full_text()
    window.close()
    window.session.project.close()


def test_review_docks_are_built_after_the_window_first_shows(qtbot, review_path):
    from annotator.app import build_window

    window = build_window(open_project(review_path), "lead")
    qtbot.addWidget(window)
    assert window.review_mode.panel is None and window.review_mode.waiting  # launch does not wait for them
    window.show()
    qtbot.waitUntil(lambda: not window.review_mode.waiting)
    assert window.review_mode.mode.isChecked() and window.review_mode.docks[0].isVisible()
    assert window.review_mode.panel.current_item() is not None
    window.close()
    window.session.project.close()


def test_an_edit_in_another_article_leaves_the_review_list_as_it_was(qtbot, review_path):
    from annotator.core.model import Quote
    from annotator.services.commands import AddQuote
    from annotator.store import articles as article_store

    window = make_window(qtbot, review_path, annotator="lead", demo=False)
    panel, session = window.review_mode.panel, window.session
    shown = panel.article_id
    other = next(a for a in article_store.article_ids(session.project) if a != shown)
    panel.select_row(1)
    resets = []
    panel.groups.modelReset.connect(lambda: resets.append(True))
    session.push(AddQuote(Quote(None, other, 0, 5, "lead")))
    assert resets == [] and panel.groups_view.currentIndex().row() == 1  # nothing reread, place kept
    current = panel.current_item()
    panel.pick_field(0, 1)  # the reviewer starts a draft of the current group
    draft = panel.versions.draft
    versions_resets = []
    panel.versions.modelReset.connect(lambda: versions_resets.append(True))
    taken = sorted((item.group.start, item.group.end) for item in panel.groups.items)
    free = next(end + 2 for (_, end), (start, _) in zip(taken, taken[1:], strict=False) if start - end > 10)
    session.push(AddQuote(Quote(None, shown, free, free + 5, "alice")))
    assert resets and len(panel.groups.items) == len(taken) + 1  # the new quote is listed at once
    assert panel.current_item() == current and versions_resets == []  # the group under review stays put
    assert draft is not None and panel.versions.draft == draft  # with the reviewer's draft
    window.close()
    session.project.close()


def test_review_mode_fits_a_laptop_screen_with_every_control_in_view(qtbot, review_path):
    window = make_window(qtbot, review_path, annotator="lead", demo=False)
    panel = window.review_mode.panel
    # A 1366 x 768 laptop leaves about 720 pixels under its panel and title bar. The versions table was
    # fixed at its full height, which made the window at least ~990 pixels tall in review mode.
    assert window.minimumSizeHint().height() <= 720
    window.resize(1366, 720)
    qtbot.waitUntil(lambda: window.height() == 720)
    qtbot.wait(50)
    bottom = panel.mapTo(window, panel.rect().bottomLeft()).y()
    for widget in (panel.reject_button, panel.message, panel.versions_view, panel.groups_view):
        top_left = widget.mapTo(window, widget.rect().topLeft())
        assert widget.isVisible() and top_left.y() + widget.height() <= bottom  # nothing cut off below
    assert panel.versions_view.height() >= panel.versions_view.minimumHeight() > 0
    window.close()
    window.session.project.close()


def test_review_key_hint_is_one_line_at_1366_with_every_key_in_its_tooltip(qtbot, review_path):
    from annotator.ui.review.panel import _HINT

    window = make_window(qtbot, review_path, annotator="lead", demo=False)
    panel = window.review_mode.panel
    window.resize(1366, 720)
    qtbot.waitUntil(lambda: window.width() == 1366 and panel.message.width() > 0)
    qtbot.wait(50)
    line = panel.message.fontMetrics().lineSpacing()
    # It wrapped to two lines under the panel on a laptop; now it is whole on one, nothing cut with "…".
    assert panel.message.text() == panel.message.full_text() == _HINT
    assert panel.message.fontMetrics().horizontalAdvance(_HINT) <= panel.message.contentsRect().width()
    assert panel.message.height() < 2 * line
    assert "Ctrl+U accepts every unanimous group" in panel.message.toolTip()
    # A reply too long for the line is cut with "…", the whole of it in the tooltip; the height stays.
    height = panel.message.height()
    panel._say("A reply " + "that goes on " * 40)
    assert panel.message.text().endswith("…") and panel.message.toolTip().startswith("A reply that goes on")
    assert panel.message.height() == height
    window.close()
    window.session.project.close()


def test_review_mode_on_a_first_launch_keeps_the_laptop_size_the_user_chose(qtbot, review_path):
    from annotator.app import build_window

    # No saved layout: review mode shows its docks for the first time once the window is painted. They were
    # placed at their size hints and grew a 1366 x 740 window to 823 pixels, taller than the laptop's screen.
    window = build_window(open_project(review_path), "lead", demo=False)
    qtbot.addWidget(window)
    window.resize(1366, 720)
    window.show()
    qtbot.waitUntil(lambda: window.review_mode.panel is not None and window.review_mode.panel.isVisible())
    qtbot.wait(50)
    assert (window.width(), window.height()) == (1366, 720)
    panel = window.review_mode.panel
    bottom = panel.mapTo(window, panel.rect().bottomLeft()).y()
    assert panel.reject_button.mapTo(window, panel.reject_button.rect().bottomLeft()).y() <= bottom <= 720
    # Every version's field is in sight, the quote's text row first: at half the height the table scrolled
    # to the disagreeing stance and the text row went out of sight above it.
    versions = panel.versions_view
    assert panel.versions.rowCount() == 6 and versions.verticalScrollBar().value() == 0
    for row in range(panel.versions.rowCount()):
        top = versions.rowViewportPosition(row)
        assert 0 <= top and top + versions.rowHeight(row) <= versions.viewport().height() + 2, row
    window.close()
    window.session.project.close()
