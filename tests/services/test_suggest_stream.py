"""A long article's suggestions piece by piece: the pieces add up to the whole article's, at its offsets."""

from __future__ import annotations

import pytest

from annotator.core.model import Article, Suggestion
from annotator.services.suggest_stream import PIECE_CHARS, Piece, cuts, merge, paragraph_runs, parsed, stream

NAMES = ("Sigrid Aas", "Paul Vey", "Eileen Park", "Omar Haddad", "Clara Moreau", "Kenji Tanaka")


def _article() -> str:
    """Paragraphs in which "she said" opens a paragraph after the one naming her, and a quote spans two."""
    paragraphs = ["Harbour talks 😀 resumed on Monday after a week of strikes."]
    for i, name in enumerate(NAMES):
        paragraphs += [
            f"{name}, who chairs the residents' group, spoke to reporters outside the town hall on day {i}.",
            "“We will not accept the harbour plan in its current form, not now and not later,” she said.",
            "“The first paragraph of a long statement goes on about the harbour and its future,\n"
            "“and the second paragraph closes the statement at last,” the chair added.",
        ]
    return "\n".join(paragraphs) + "\n"


@pytest.fixture
def suggester(trained_suggester):
    """The trained suggester (tests/conftest.py): skipped where no trained model is installed."""
    return trained_suggester


def test_cuts_cover_the_text_between_paragraphs():
    text = "".join(f"Paragraph {i} " + "word " * 30 + "\n" for i in range(40))
    spans = cuts(text, size=600, first=200)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert spans[0][1] <= 200 < spans[1][1]  # the first piece is the small one
    assert all(text[end - 1] == "\n" for _, end in spans)
    assert cuts("short text", size=600) == [(0, 10)]


def test_a_piece_replaces_what_earlier_pieces_said_from_its_start():
    early, late, stale = Suggestion(0, 5), Suggestion(40, 50), Suggestion(30, 38)
    assert merge([early, stale], Piece(30, [late], 60, 100)) == [early, late]


def test_pieces_add_up_to_the_whole_articles_suggestions(suggester):
    text = _article()
    whole = suggester.suggest(text)
    two_paragraphs = [(s.start, s.end) for s in whole if "\n" in text[s.start : s.end]]
    assert any(a < start < b for start, _ in cuts(text, 300, 150) for a, b in two_paragraphs)  # a cut inside one
    pieces = list(stream(suggester, text, size=300, first=150, context=400))
    assert len(pieces) > 5
    assert [p.done for p in pieces] == sorted(p.done for p in pieces) and pieces[-1].done == len(text)
    found: list[Suggestion] = []
    for piece in pieces:
        found = merge(found, piece)
    # Same spans, speakers (the pronoun at the top of a piece, the quote across a cut) and offsets.
    assert found == whole
    assert any(s.speaker == "Eileen Park" and "not accept" in text[s.start : s.end] for s in found)
    assert any("\n" in text[s.start : s.end] for s in found)


def test_a_short_article_is_one_piece_as_suggest_gives_it(suggester):
    text = "“We are ready,” said Paul Vey.\n"
    [piece] = list(stream(suggester, text))
    assert piece.suggestions == suggester.suggest(text) and (piece.done, piece.total) == (len(text), len(text))


def test_a_surname_far_below_reads_as_the_full_name_given_pieces_before(suggester):
    filler = "The council met again on Thursday to discuss the budget and the ferry timetable.\n" * 12
    text = (f"Paul Vey, the harbour master, opened the meeting.\n{filler}{filler}"
            "“The harbour will stay open to every fishing boat this winter,” Vey said.\n")
    pieces = list(stream(suggester, text, size=400, first=200, context=200))
    assert len(pieces) > 4
    found: list[Suggestion] = []
    for piece in pieces:
        found = merge(found, piece)
    assert [s.speaker for s in found] == ["Paul Vey"] and found == suggester.suggest(text)


def test_annotator_suggest_gives_a_long_article_what_the_window_shows(suggester):
    from annotator.core.text import sha256_of
    from annotator.services.projects import open_project
    from annotator.services.suggesting import suggest_project
    from annotator.store import articles
    from annotator.store import suggestions as suggestion_store

    filler = "The council met again on Thursday to discuss the budget and the ferry timetable.\n" * 170
    # The full name comes only far below the quote: pieces cannot know it yet, a whole-article pass can.
    text = f"“The harbour will stay open to every boat this winter,” Vey said.\n{filler}Paul Vey left early.\n"
    assert len(text) > PIECE_CHARS
    project = open_project(memory=True)
    article_id, _ = articles.insert_article(project, Article(None, text, sha256_of(text)))
    suggest_project(project, suggester)
    shown: list[Suggestion] = []
    for piece in stream(suggester, text):
        shown = merge(shown, piece)
    assert suggestion_store.cached_suggestions(project, article_id, suggester.version) == shown
    project.close()


def test_paragraph_runs_cover_a_piece_in_whole_paragraphs():
    text = "".join(f"Paragraph {i} " + "word " * 20 + "\n\n" for i in range(30)) + "A last line"
    long_one = "Long " * 200 + "\n"
    text = text[:400] + long_one + text[400:]
    runs = paragraph_runs(text, 0, len(text), size=300)
    assert runs[0][0] == 0 and runs[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(runs, runs[1:], strict=False))
    # Every cut falls after a paragraph's line break and its blank line, so each run starts at a word.
    assert all(text[a - 1] == "\n" and not text[a].isspace() for a, _ in runs[1:])
    assert any(long_one in text[a:b] for a, b in runs)  # a paragraph longer than a run is never cut
    assert paragraph_runs(text, 50, 120, size=300) == [(50, 120)]


def test_runs_parse_as_the_whole_text_does(suggester):
    # Names opening paragraphs: at the very start of a Doc spaCy's model tends to miss a first name.
    text = "".join(
        f"{name} said the harbour plan would change on day {i}. Talks went on.\n\n" for i, name in enumerate(NAMES * 3)
    )
    nlp = suggester.nlp
    whole = nlp(text)
    [joined] = list(parsed(nlp, text, [(0, len(text))], size=120))
    assert len(paragraph_runs(text, 0, len(text), size=120)) > 10
    assert joined.text == text
    assert [(e.start_char, e.end_char, e.label_) for e in joined.ents] == [
        (e.start_char, e.end_char, e.label_) for e in whole.ents
    ]
    assert [t.tag_ for t in joined] == [t.tag_ for t in whole]


def test_pieces_parsed_in_short_runs_add_up_to_the_whole_articles_suggestions(suggester):
    text = _article()
    found: list[Suggestion] = []
    for piece in stream(suggester, text, size=600, first=300, context=400, run=120):
        found = merge(found, piece)
    assert found == suggester.suggest(text)
