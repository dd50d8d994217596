"""Empty lists say what belongs in them and how to add it, instead of showing a blank white box."""

from __future__ import annotations

import pytest

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.commands import AddQuote
from annotator.store import articles as article_store
from annotator.ui.corpus.corpus_list import CorpusPanel
from annotator.ui.session import Session
from annotator.ui.speakers.panel import SpeakersPanel

pytestmark = pytest.mark.gui

TEXT = "The minister said: “We will talk.”"


def _shown(panel, qtbot):
    qtbot.addWidget(panel)
    panel.resize(300, 500)
    panel.show()
    qtbot.waitExposed(panel)
    return panel.empty_hint.label


def test_an_empty_corpus_says_how_to_import_and_a_search_without_hits_says_so(project, qtbot):
    session = Session(project, "ana")
    panel = CorpusPanel(session)
    hint = _shown(panel, qtbot)
    assert hint.isVisible() and "Import files… (Ctrl+I)" in hint.text()
    assert panel.table.viewport().rect().contains(hint.geometry())  # inside the list, not over the search box
    article_store.insert_article(project, Article(None, TEXT, sha256_of(TEXT), title="Talks"))
    panel.model.reload()
    assert panel.model.rowCount() == 1 and not hint.isVisible()
    panel.search.setText("drones")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    assert hint.isVisible() and hint.text() == "No article matches “drones”. Esc clears the search."


def test_an_empty_speakers_list_says_where_speakers_come_from(project, qtbot):
    session = Session(project, "ana")
    panel = SpeakersPanel(session)
    hint = _shown(panel, qtbot)
    assert hint.isVisible() and "name who speaks in a quote" in hint.text()
    article_id = article_store.insert_article(project, Article(None, TEXT, sha256_of(TEXT), title="Talks"))[0]
    session.push(AddQuote(Quote(None, article_id, 19, 34, "ana", speaker="The minister")))
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert not hint.isVisible()
    panel.filter_edit.setText("nobody at all")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    assert hint.isVisible() and hint.text() == "No speaker matches the filter."
