"""Conventions of news writing in general (pipeline quotes-9), each on short texts written for the test.

They need the trained model (parser and NER) and are skipped without one.
"""


def said(suggester, text, registry=()):
    """(quote text without its marks, speaker) pairs suggested for ``text``."""
    return [(text[s.start : s.end].strip("'\"“”‘’ ,"), s.speaker) for s in suggester.suggest(text, registry=registry)]


def test_quotation_opening_a_new_sentence_continues_the_speaker_just_named(trained_suggester):
    # Wire copy writes double marks as two apostrophes; the parser hangs the second quotation on "added".
    text = "''We are not a burden on this town, or a stain on it,'' Eileen Park added. ''We're Harbourton.''"
    assert said(trained_suggester, text) == [
        ("We are not a burden on this town, or a stain on it", "Eileen Park"),
        ("We're Harbourton.", "Eileen Park"),
    ]
