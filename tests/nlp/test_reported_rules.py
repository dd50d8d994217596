"""Rules added in pipeline quotes-2, each on invented sentences (trained model; skipped without one)."""

import pytest

from annotator.nlp.quotes import looks_like_title
from annotator.nlp.suggest import find_all


def spans(suggester, text, kind=None):
    return [text[s.start : s.end] for s in suggester.suggest(text) if kind is None or s.kind == kind]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("“Morning News Weekly,”", True),
        ("'Legend in the Hill Country.'", True),
        ("“We will win the vote,”", False),
        ("“Thanks”", False),
    ],
)
def test_looks_like_title(text, title):
    assert looks_like_title(text) is title


def test_quoted_title_is_not_a_quote(trained_suggester):
    text = "On this week’s broadcast of “Morning News Weekly,” Senator Jane Holt said the bill would pass."
    assert spans(trained_suggester, text, "direct") == []


def test_parenthetical_attribution_gives_two_pieces(trained_suggester):
    text = "The new bridge, the mayor said, would cut commuting times across the valley."
    found = trained_suggester.suggest(text)
    assert [text[s.start : s.end] for s in found] == [
        "The new bridge",
        "would cut commuting times across the valley",
    ]
    # "the mayor" names nobody: the mention is kept, no person called "mayor" is proposed (quotes-9).
    assert {(s.speaker, text[slice(*s.speaker_span)]) for s in found} == {(None, "mayor")}


def test_final_attribution_takes_both_clauses_and_swallows_the_nested_report(trained_suggester):
    text = (
        "Ms. Vance had told the guards that she did not want an escort, but the police overruled "
        "that request, the source added."
    )
    assert spans(trained_suggester, text) == [
        "Ms. Vance had told the guards that she did not want an escort, but the police overruled that request"
    ]


def test_clause_stops_before_a_second_cue_of_the_speaker(trained_suggester):
    text = (
        "Peter Grant said he would order a full review of the city's water supply and warned against panic."
    )
    assert spans(trained_suggester, text)[0] == "he would order a full review of the city's water supply"


def test_participle_cue_after_a_clause_is_its_own_report(trained_suggester):
    text = (
        "Senator Ruth Pike said she did not believe the ads had hurt the party in 2012, arguing that "
        "divisions in the party were a bigger hurdle."
    )
    assert spans(trained_suggester, text) == [
        "she did not believe the ads had hurt the party in 2012",
        "divisions in the party were a bigger hurdle",
    ]


def test_mixed_quote_stays_reported_speech_and_keeps_its_closing_mark(trained_suggester):
    text = "Mayor Tom Reed said the new parking rules were “a disaster for every small shop.”"
    assert spans(trained_suggester, text, "indirect") == [
        "the new parking rules were “a disaster for every small shop.”"
    ]
    text = "Ana Diaz said there remains a “huge gap between the two offers,” when it comes to pensions."
    assert spans(trained_suggester, text, "indirect")[0].startswith("there remains a “huge gap")


def test_object_and_topic_of_speech_verbs(trained_suggester):
    text = "Last month, the agency warned local officials to check their voting machines."
    assert spans(trained_suggester, text) == ["local officials to check their voting machines"]
    text = "She spoke about her long ties to the farming towns of the north."
    assert spans(trained_suggester, text) == ["her long ties to the farming towns of the north"]


def test_told_reporters_is_not_what_was_said(trained_suggester):
    text = "He told reporters he would win the race."
    assert spans(trained_suggester, text) == ["he would win the race"]


def test_quoted_label_verbs(trained_suggester):
    text = "Governor Ella Stone called the budget plan “a gift to the rich.”"
    found = trained_suggester.suggest(text)
    assert text[found[0].start : found[0].end] == "the budget plan “a gift to the rich.”"
    assert found[0].kind == "indirect" and found[0].speaker == "Ella Stone"
    assert spans(trained_suggester, "She called for an inquiry into the fire.") == []


def test_infinitive_cue_reports_nothing(trained_suggester):
    assert (
        spans(trained_suggester, "The aide was held in contempt for refusing to testify about the servers.")
        == []
    )


def test_gerund_speaker_is_the_noun_it_modifies(trained_suggester):
    text = "The ad shows footage of Jane Doe asking, “Why are we not ahead in every state?”"
    (s,) = trained_suggester.suggest(text)
    assert s.speaker == "Jane Doe"


def test_subject_inside_the_quote_is_not_the_speaker(trained_suggester):
    text = (
        "“I will make this promise to you: We will find the truth in this case,” police chief Carl Dunn said."
    )
    (s,) = trained_suggester.suggest(text)
    assert s.speaker == "Carl Dunn"


def test_continued_quote_keeps_the_source_mention(trained_suggester):
    text = "Mary Stone spoke on Monday.\n\n“Here we go again,” she said. “This is the third time this year.”"
    found = find_all(trained_suggester.nlp(text))
    assert [f.source.text for f, _ in found] == ["she", "she"]
    assert {who.name for _, who in found} == {"Mary Stone"}


def test_transcript_speaker_labels(trained_suggester):
    text = "HOLT: Well, the question is why the campaign invited her at all.\n\nMARSH: That is a fair point."
    found = trained_suggester.suggest(text)
    assert [(text[s.start : s.end], s.speaker) for s in found] == [
        ("Well, the question is why the campaign invited her at all", "HOLT"),
        ("That is a fair point", "MARSH"),
    ]


def test_colon_then_unquoted_paragraph(trained_suggester):
    text = "The governor added:\n\nIt is typical of the opposition, and we reject it.\n\nNo vote."
    found = trained_suggester.suggest(text)
    assert [text[s.start : s.end] for s in found] == ["It is typical of the opposition, and we reject it"]
    assert spans(trained_suggester, "Read more:\n\nThe council will vote on the plan on Friday.") == []


def test_connective_opening_a_reported_sentence_is_the_writers(trained_suggester):
    """ "But ..., she said": the writer's "But" is no part of what she said; "however laudable" stays."""
    text = ("Eileen Park said the pier was closed.\nBut the ferries would keep running all winter, she said.\n"
            "However, the buses would stop at noon, the harbour master said.\n"
            "The mayor said that however laudable the goal, the plan was too costly.")
    contents = [text[s.start : s.end] for s in trained_suggester.suggest(text)]
    assert contents[1:] == ["the ferries would keep running all winter", "the buses would stop at noon",
                            "however laudable the goal, the plan was too costly"]


def test_object_of_a_speech_verb_runs_over_a_coordinated_second_object(trained_suggester):
    """ "mentioned A and forcing B": the parser hangs the second piece on the verb; it is still what was said."""
    text = "Eileen Park mentioned refinancing harbour loans and forcing the council to spend more on the pier."
    assert [text[s.start : s.end] for s in trained_suggester.suggest(text)] == [
        "refinancing harbour loans and forcing the council to spend more on the pier"]


def test_attribution_set_off_by_commas_inside_the_sentence_reports_both_pieces(trained_suggester):
    """ "A, Park explained at the meeting, B.": the parser makes the cue the root with no clause of its own."""
    text = "These fishermen, Park explained at the meeting, were well paid and happy until the plant closed."
    assert [(text[s.start : s.end], s.speaker) for s in trained_suggester.suggest(text)] == [
        ("These fishermen", "Park"), ("were well paid and happy until the plant closed", "Park")]


def test_a_speech_noun_with_its_owner_reports_its_that_clause(trained_suggester):
    """ "Li Wen's warning that ...", "His claim that ...": the owner said the clause (pipeline quotes-5)."""
    text = ("Li Wen's warning that the pier would collapse went unheeded.\n"
            "Tom Lund said the crew was ready to sail.\nHis claim that the ferry was safe surprised the crew.")
    assert [(text[s.start : s.end], s.speaker) for s in trained_suggester.suggest(text)] == [
        ("the pier would collapse", "Li Wen"), ("the crew was ready to sail", "Tom Lund"),
        ("the ferry was safe", "Tom Lund")]


def test_a_speech_noun_without_an_owner_is_no_report(trained_suggester):
    text = "The claim that the pier would collapse went unheeded."
    assert trained_suggester.suggest(text) == []


def test_object_report_keeps_its_prepositional_phrase_but_not_its_time(trained_suggester):
    """ "reported different numbers to different agencies during the inquiry": the when is the writer's."""
    text = "Eileen Park reported different numbers to different harbour agencies during the inquiry."
    assert [text[s.start : s.end] for s in trained_suggester.suggest(text)] == [
        "different numbers to different harbour agencies"]
