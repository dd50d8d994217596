"""Where a suggested content starts and ends, and whose it is (pipeline quotes-10), on short texts written for
the test."""

from __future__ import annotations


def _contents(suggester, text: str) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start : s.end]) for s in suggester.suggest(text)]


def test_a_quotation_led_in_by_its_attribution_is_suggested_once_without_the_lead_in(trained_suggester) -> None:
    text = ('The mayor met the board on Monday. Ann Roe, a historian who was there, recalled, "Out of nowhere, '
            "he said, 'If we do not fix the harbour, all bets are off.'\"")
    contents = _contents(trained_suggester, text)
    assert contents == [("direct", text[text.index('"Out') :])]


def test_a_quotation_after_a_colon_is_not_repeated_with_its_lead_in(trained_suggester) -> None:
    text = ("The ferry firm sold tonics on its website. Councillor Ann Roe scolded its chief: “The harbour board "
            "is against you on all three tonics you called ‘cures,’” she said. “Stop it.”")
    contents = _contents(trained_suggester, text)
    assert not any("scolded" in words for _, words in contents)
    assert ("direct", "“The harbour board is against you on all three tonics you called ‘cures,’”") in contents


def test_the_person_after_a_dateline_is_the_speaker(trained_suggester) -> None:
    text = "LEEDS -- Mayor Ann Roe, opening the harbour museum on Saturday, said it would tell the town's story."
    suggestions = trained_suggester.suggest(text)
    assert [(text[s.start : s.end], s.speaker) for s in suggestions] == [("it would tell the town's story", "Ann Roe")]


def test_nothing_is_suggested_where_nothing_was_said(trained_suggester) -> None:
    for text in ("The fund does not count money from charities that don't disclose their donors on a regular basis.",
                 "The board took voters off the rolls if they did not confirm their address by May.",
                 "The mayor refused to release the report or explain how the money was spent."):
        assert trained_suggester.suggest(text) == [], text


def test_a_quoted_clause_after_but_stays_in_the_reported_clause(trained_suggester) -> None:
    text = 'He is claiming that ferry delays are “a big, big problem in this town” but “nobody has the guts to talk about it.”'
    reported = [text[s.start : s.end] for s in trained_suggester.suggest(text) if s.kind == "indirect"]
    assert reported == [text[text.index("ferry") :]]


def test_a_clause_the_parser_cut_in_two_is_suggested_whole(trained_suggester) -> None:
    text = ("Ham went on to explain how he believes cuts to the harbour budget left his and other captains’ hands "
            "tied when trying to do their jobs.")
    reported = [text[s.start : s.end] for s in trained_suggester.suggest(text) if s.kind == "indirect"]
    assert reported == [text[text.index("how") : -1]]


def test_a_second_report_after_the_cut_stays_apart(trained_suggester) -> None:
    text = ("Harbour staff said they were sure the board mishandled the refit and sailors accused the board of "
            "hiding the costs.")
    reported = [text[s.start : s.end] for s in trained_suggester.suggest(text) if s.kind == "indirect"]
    assert not any("mishandled" in words and "hiding" in words for words in reported)


def test_an_infinitive_of_purpose_is_no_second_report(trained_suggester) -> None:
    text = "Councillor Ann Roe said the rules don't require captains to come to a public hearing to explain their delays."
    reported = [text[s.start : s.end] for s in trained_suggester.suggest(text) if s.kind == "indirect"]
    assert reported == [text[text.index("the rules") : -1]]
