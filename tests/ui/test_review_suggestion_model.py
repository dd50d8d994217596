"""Review mode shows no suggestion, so a review project does not load the suggestion model, nor say it does."""

from __future__ import annotations

import pytest

from annotator.ui.workspace import suggestions
from annotator.ui.workspace.suggestion_stream import Backend
from tests.ui.conftest import make_window

pytestmark = pytest.mark.gui


@pytest.fixture
def backends(monkeypatch):
    """The backends the window starts: no spaCy is loaded, only the start is recorded."""
    started: list[Backend] = []

    def start_backend(_model, parent=None):
        started.append(Backend(parent))
        return started[-1], ""

    monkeypatch.setattr(suggestions, "start_backend", start_backend)
    monkeypatch.setenv("ANNOTATOR_SUGGESTIONS", "1")
    return started


def test_a_review_project_does_not_load_the_suggestion_model_until_the_lead_annotates(qtbot, review_path, backends):  # noqa: F811
    window = make_window(qtbot, review_path, annotator="lead", demo=False)
    bar, flow = window.statusBar(), window.suggestion_flow
    messages: list[str] = []
    bar.messageChanged.connect(messages.append)
    qtbot.wait(600)  # the model's load was due 150 ms after the window showed
    assert window.review_mode.mode.isChecked()
    # It said "Loading the suggestion model…" under the review panes, which never show a suggestion.
    assert backends == [] and not [m for m in messages if "suggestion" in m.lower()]
    assert "suggestion" not in bar.currentMessage().lower() and not flow.busy.isVisible()
    window.open_article(window.corpus.model.article_ids()[1])  # another article, still nothing to suggest
    assert backends == []

    window.review_mode.mode.setChecked(False)  # F8: annotating, where suggestions are shown
    assert len(backends) == 1 and bar.currentMessage() == "Loading the suggestion model…"
    assert flow.busy.isVisible()
    backends[0].loaded.emit("test", False)
    assert bar.currentMessage() == "Suggestions ready"
    window.close()
    window.session.project.close()


def test_an_annotators_project_loads_the_suggestion_model_once_shown(qtbot, demo_path, backends):
    window = make_window(qtbot, demo_path)
    qtbot.waitUntil(lambda: len(backends) == 1)
    assert window.statusBar().currentMessage() == "Loading the suggestion model…"
    window.review_mode.mode.setChecked(True)  # F8 with the model loaded already: it stays loaded
    window.review_mode.mode.setChecked(False)
    assert len(backends) == 1
    window.close()
    window.session.project.close()
