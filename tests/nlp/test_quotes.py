"""Direct quotes from quotation marks alone (no model needed)."""

import pytest

from annotator.nlp.quotes import find_quotes


def spans(text):
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ('He said "we will win" today.', '"we will win"'),
        ("He said “we will win” today.", "“we will win”"),
        ("Er sagte „wir gewinnen“ heute.", "„wir gewinnen“"),
        ("Il a dit « nous gagnerons » hier.", "« nous gagnerons »"),
        ("Er sagte »wir gewinnen« heute.", "»wir gewinnen«"),
        ("She wrote ‘we will win’ today.", "‘we will win’"),
        ("She wrote 'we will win' today.", "'we will win'"),
    ],
)
def test_every_mark_style(text, quote):
    assert spans(text) == [quote]


def test_apostrophes_are_not_quote_marks():
    text = "Iran’s minister said the players’ union can’t and the ’90s don't matter."
    assert spans(text) == []


def test_single_quotes_nested_in_double_are_part_of_it():
    text = "“The products you called ‘miracles,’” she said."
    assert spans(text) == ["“The products you called ‘miracles,’”"]


def test_split_quote_gives_two_quotes():
    text = "“We are ready,” he said, “and we will talk.”"
    assert spans(text) == ["“We are ready,”", "“and we will talk.”"]


def test_quote_running_over_paragraphs():
    text = "He said: “First part.\n\n“Second part.”\n\nAfter."
    assert spans(text) == ["“First part.\n\n“Second part.”"]


def test_odd_marks_are_handled_locally():
    text = "“Lost closing mark. Then more.\nNext “quoted words here” ok."
    found = spans(text)
    assert "“quoted words here”" in found
    assert found[0].startswith("“Lost closing mark")


def test_two_openers_in_a_row_keep_later_quotes():
    text = "A “first sentence. B said “second quote” and “third one”."
    found = spans(text)
    assert found[-2:] == ["“second quote”", "“third one”"]


def test_offsets_are_str_indices_after_emoji():
    text = "🇮🇷🚀 He said “drones” and 😀 “more words here”."
    for q in find_quotes(text):
        assert text[q.start] == "“" and text[q.end - 1] == "”"
    assert spans(text) == ["“drones”", "“more words here”"]


def test_an_excerpt_in_straight_marks_does_not_run_into_curly_quotes_of_the_next_paragraph():
    text = (
        'The reporter writes:\n\n'
        '"Ann thought the whole thing was unfair. She was tired, sure.\n\n'
        '“It never crossed my mind,” she said. “Not once.”'
    )
    assert spans(text) == [
        '"Ann thought the whole thing was unfair. She was tired, sure.',
        "“It never crossed my mind,”",
        "“Not once.”",
    ]


def test_two_apostrophes_quote_like_a_double_mark_around_single_quoted_words():
    """Wire copy writes ''...'' for “...”; a 'word' quoted inside stays inside (pipeline quotes-6)."""
    text = "The rule ''only requires that owners report all 'significant' boats,'' Tom Lund wrote."
    quotes = find_quotes(text)
    assert [q.inner(text) for q in quotes] == ["only requires that owners report all 'significant' boats,"]


def test_a_quotation_nested_in_the_same_double_marks_stays_inside():
    """ “… what he calls “hell” than …” is one quotation; a lost closing mark still ends at its sentence."""
    text = "“I would rather live in what he calls “hell” than live in a town he runs.” ― Ruth Moll"
    assert [text[q.start : q.end] for q in find_quotes(text)] == [text[: text.index(" ―")]]
    unclosed = "“The pier is finished. “We will not rebuild it,” she said."
    assert [unclosed[q.start : q.end] for q in find_quotes(unclosed)] == [
        "“The pier is finished.", "“We will not rebuild it,”"]


def test_nested_double_marks_in_a_quote_collection_keep_each_speaker(trained_suggester):
    text = ("“I would rather live in what he calls “hell” than live in a town he runs.” ― Ruth Moll\n"
            "“He never asked the fishermen what they wanted.” ― Tom Lund")
    assert [s.speaker for s in trained_suggester.suggest(text)] == ["Ruth Moll", "Tom Lund"]
