"""Error kinds of issue 13 (pipeline quotes-4 and later), each on short texts written for the test.

They need the trained model (parser and NER) and are skipped without one.
"""

from annotator.core.model import Speaker


def said(suggester, text, registry=()):
    """(quote text, speaker) pairs suggested for ``text``."""
    return [(text[s.start : s.end], s.speaker) for s in suggester.suggest(text, registry=registry)]


def test_role_noun_after_apposition_is_the_person(trained_suggester):
    text = ("Norway's envoy, Sigrid Aas, said the talks would resume in March.\n"
            "The envoy said the two sides were close to a deal.")
    assert said(trained_suggester, text) == [
        ("the talks would resume in March", "Sigrid Aas"),
        ("the two sides were close to a deal", "Sigrid Aas"),
    ]


def test_role_noun_with_same_title_earlier_is_the_person(trained_suggester):
    text = ("EU trade chief Paul Vey told reporters the tariffs were unfair.\n"
            "The bloc's trade chief said Brussels would respond within weeks.")
    assert [who for _, who in said(trained_suggester, text)] == ["Paul Vey", "Paul Vey"]


def test_she_after_a_named_woman_is_not_the_man_before(trained_suggester):
    text = ("Li Wen said the council had consulted for a year. Eileen Park said the plan was rushed.\n"
            "\"Nobody asked the residents,\" she said.")
    assert said(trained_suggester, text)[-1] == ("\"Nobody asked the residents,\"", "Eileen Park")


def test_turn_taking_pronoun_skips_the_last_speaker_of_the_other_gender(trained_suggester):
    text = ("Ms Park said the harbour plan was rushed. Mr Wen replied that the council had consulted for a year.\n"
            "\"Nobody asked the residents,\" she added.")
    found = said(trained_suggester, text)
    assert found[1][1] == "Wen"
    assert found[-1] == ("\"Nobody asked the residents,\"", "Ms Park")


def test_title_glued_to_a_name_is_dropped_from_the_speaker(trained_suggester):
    text = "Residents' group chair Eileen Park said the plan would price families out of the harbour."
    assert said(trained_suggester, text) == [("the plan would price families out of the harbour", "Eileen Park")]


def test_role_noun_resolves_through_the_registry_role(trained_suggester):
    registry = [Speaker(id=1, name="Eileen Park", role="residents' group chair")]
    text = "The residents' group chair said the plan would price families out of the harbour."
    assert [who for _, who in said(trained_suggester, text, registry)] == ["Eileen Park"]


def test_organisation_name_keeps_its_words(trained_suggester):
    text = "The Bank of England said inflation would fall next year."
    assert [who for _, who in said(trained_suggester, text)] == ["Bank of England"]


def test_rubric_headline_is_not_a_quote(blank_suggester):
    text = "Long read: a year of harbour politics\nThe council met on Tuesday to discuss the harbour."
    assert blank_suggester.suggest(text) == []


def test_speaker_headline_still_a_quote(blank_suggester):
    text = "Mayor: harbour plan will go ahead this year\nThe council met on Tuesday."
    assert [text[s.start : s.end] for s in blank_suggester.suggest(text)] == ["harbour plan will go ahead this year"]


def test_question_put_to_someone_is_not_a_quote(trained_suggester):
    text = "Reporters asked whether the mayor would step down before the election."
    assert said(trained_suggester, text) == []


def test_asked_with_an_object_clause_is_still_reported(trained_suggester):
    text = "The mayor asked residents to stay away from the harbour wall during the storm."
    assert [who for _, who in said(trained_suggester, text)] == [None]  # a description names nobody (quotes-9)


def test_anonymity_formula_is_not_a_quote(trained_suggester):
    text = "One official, who spoke on condition of anonymity, said the deal was close."
    assert said(trained_suggester, text) == [("the deal was close", None)]


def test_title_followed_by_honorific_alone_still_suggests(trained_suggester):
    text = "The letter was signed by Mr Dr Sir. The mayor said the harbour plan was rushed."
    assert said(trained_suggester, text) == [("the harbour plan was rushed", None)]


def test_medium_or_day_taken_for_the_subject_is_the_person_named_before(trained_suggester):
    text = "Mayor Tom Hale defended the budget. \"The fund is safe,\" the statement said."
    assert said(trained_suggester, text) == [("\"The fund is safe,\"", "Tom Hale")]


def test_capitalised_title_is_dropped_and_marks_a_person(trained_suggester):
    text = ("Councillor Eileen Park said the plan was rushed. Her rival, Mr Li Wen, replied that the council had "
            "consulted widely. \"That is simply untrue,\" she added.")
    assert [who for _, who in said(trained_suggester, text)] == ["Eileen Park", "Li Wen", "Eileen Park"]


def test_a_title_ner_took_into_a_person_is_dropped_before_and_after_the_quote(trained_suggester):
    # NER tags "Councillor Ann Roe" as one person (and "Councillor Eileen Park" as an organisation): either
    # way the speaker is the name, not the title with it, and a later "Roe" is the same person.
    text = ("Councillor Ann Roe said the rules were rushed. “We will not wait,” said Councillor Ann Roe.\n"
            "Roe said the harbour board would meet in May.")
    assert [who for _, who in said(trained_suggester, text)] == ["Ann Roe", "Ann Roe", "Ann Roe"]


def test_a_papers_clarification_note_is_not_a_quote(blank_suggester):
    text = ("The council met on Tuesday to discuss the harbour.\n"
            "CLARIFICATION: An earlier version of this story misstated the date of the harbour vote.")
    assert blank_suggester.suggest(text) == []
