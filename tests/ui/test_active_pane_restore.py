"""After a restart the pane that was active is active again: the rule, the keys, the quote list, the inspector."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from annotator.core.model import Quote
from annotator.services.commands import AddQuote
from annotator.ui.workspace.quote_list import excerpt
from tests.ui.conftest import make_window

pytestmark = pytest.mark.gui

NEEDLES = {1: "We have defense cooperation", 2: "the drone is true"}


def add_quote(window, article_id: int) -> int:
    """One quote in an article, so each pane's quote list is told apart."""
    text = window.panes.pane_for(article_id).article.text
    start = text.index(NEEDLES[article_id])
    command = AddQuote(Quote(None, article_id, start, start + len(NEEDLES[article_id]), "ann"))
    window.session.push(command)
    return command.quote_id


def click_into(qtbot, view) -> None:
    """Click in a pane's text, as an annotator does to start working in it."""
    qtbot.mouseClick(view.text.viewport(), Qt.LeftButton, pos=QPoint(40, 20))


@pytest.mark.parametrize("demo", [False, True], ids=["project", "demo"])
@pytest.mark.parametrize("active", [1, 0], ids=["second-active", "first-active"])
def test_the_active_pane_is_active_again_after_a_restart(qtbot, demo_path, active, demo):
    window = make_window(qtbot, demo_path, demo=demo)
    panes = window.panes.panes()
    assert [p.article_id for p in panes] == [1, 2]
    quotes = {article_id: add_quote(window, article_id) for article_id in (1, 2)}
    # Work in the other pane first, then in the one that should come back active.
    click_into(qtbot, panes[1 - active])
    click_into(qtbot, panes[active])
    assert window.panes.current is panes[active]
    article_id = panes[active].article_id
    window.close()
    window.session.project.close()

    again = make_window(qtbot, demo_path, demo=demo)
    qtbot.wait(50)  # scroll positions are restored on the next event-loop turns
    panes = again.panes.panes()
    assert [p.article_id for p in panes] == [1, 2]
    view = panes[active]
    assert again.panes.current is view
    # The coloured rule marks this pane only.
    highlight = view.palette().color(view.palette().ColorRole.Highlight)
    rules = [p.rule.palette().color(p.rule.backgroundRole()) for p in panes]
    assert [colour == highlight for colour in rules] == [p is view for p in panes]
    # The keyboard is in this pane's text, so Q, Tab and the label keys act on it.
    assert QApplication.focusWidget() is view.text
    # The quote list shows this article's quote, not the other pane's.
    model = again.quote_list.model_
    text = view.article.text
    assert [model.data(model.index(row, 0)) for row in range(model.rowCount())] == [
        excerpt(text, view.quote(quotes[article_id]))
    ]
    # Tab goes to this article's quote, and the inspector shows it.
    qtbot.keyClick(view.text, Qt.Key_Tab)
    assert view.current_id == quotes[article_id]
    assert again.inspector.heading.text() == NEEDLES[article_id]
    again.close()
    again.session.project.close()


def test_an_empty_pane_before_the_active_one_does_not_shift_it(qtbot, demo_path):
    window = make_window(qtbot, demo_path, demo=False)
    window.actions_.add_pane.trigger()
    window.panes.close_pane(window.panes.panes()[1])
    window.actions_.add_pane.trigger()
    first, empty, last = window.panes.panes()
    window.open_article(3, last)  # as when the article is dropped on the rightmost pane
    click_into(qtbot, last)
    assert [p.article_id for p in (first, empty, last)] == [1, None, 3] and window.panes.current is last
    window.close()
    window.session.project.close()

    again = make_window(qtbot, demo_path, demo=False)
    qtbot.wait(50)
    panes = again.panes.panes()
    assert [p.article_id for p in panes] == [1, 3]  # empty panes are not restored
    assert again.panes.current is panes[1] and QApplication.focusWidget() is panes[1].text
    again.close()
    again.session.project.close()
