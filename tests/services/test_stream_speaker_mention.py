"""A speaker found among the names shown before a piece is highlighted where the article names them."""

import pytest

from annotator.services.suggest_stream import merge, stream


@pytest.fixture
def suggester(trained_suggester):
    """The trained suggester (tests/conftest.py): skipped where no trained model is installed."""
    return trained_suggester


def test_he_far_below_points_at_the_name_in_the_article_not_at_other_words(suggester):
    filler = "The council met again on Thursday to discuss the budget and the ferry timetable.\n" * 12
    text = (f"Paul Vey, the harbour master, opened the meeting.\n{filler}{filler}"
            "“The harbour will stay open to every fishing boat this winter,” he said.\n")
    found = []
    for piece in stream(suggester, text, size=400, first=200, context=0):
        found = merge(found, piece)
    [quote] = found
    assert quote.speaker == "Paul Vey"
    assert text[quote.speaker_span[0] : quote.speaker_span[1]] == "Paul Vey"
