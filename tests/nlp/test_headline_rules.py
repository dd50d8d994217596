"""Rules added in pipeline quotes-3: quoted headlines, interviews in one long quote, trailing asides."""

from annotator.nlp.suggest import find_all


def found(suggester, text):
    return [(f.kind, text[f.start : f.end], who.name) for f, who in find_all(suggester.nlp(text))]


def test_quoted_headline_is_a_direct_quote_of_the_named_person(trained_suggester):
    text = (
        "Maria Lopez Grills Bank Chief: ‘You Should Be Investigated.’\n\n"
        "Senator Maria Lopez questioned the bank's chief executive on Tuesday."
    )
    assert found(trained_suggester, text)[0] == ("direct", "‘You Should Be Investigated.’", "Maria Lopez")


def test_headline_with_a_quoted_fragment_is_one_report_without_its_full_stop(trained_suggester):
    text = (
        "Tom Baker: Voters Worried About Transit Costs; It’s ‘on Their Minds.’\n\n"
        "Pollster Tom Baker spoke to reporters on Thursday."
    )
    first = found(trained_suggester, text)[0]
    assert first == ("indirect", "Voters Worried About Transit Costs; It’s ‘on Their Minds.’", "Tom Baker")


def test_interview_printed_as_one_quote_is_split_by_its_speaker_labels(trained_suggester):
    text = (
        "Partial transcript as follows:\n\n"
        "\"HOST: Let's start with the budget. Will the council pass it this week?\n\n"
        "\"MAYOR: We will pass it on Friday, and every school will get its money.\n\n"
        "\"HOST: Thank you for joining us this morning.\""
    )
    labelled = [(who, words) for kind, words, who in found(trained_suggester, text)]
    assert ("MAYOR", "We will pass it on Friday, and every school will get its money") in labelled
    assert not any("\n" in words for _, words in labelled)


def test_reported_clause_ends_before_the_writers_aside(trained_suggester):
    text = (
        "Critics say the money could be better spent on the existing rail network, "
        "which already carries most of the region's commuters."
    )
    assert [words for _, words, _ in found(trained_suggester, text)] == [
        "the money could be better spent on the existing rail network"
    ]


def test_a_cue_tagged_as_a_noun_still_reports_its_clause(trained_suggester):
    text = "But Ms. Grant claims that she should be exempt from the rule."
    assert found(trained_suggester, text) == [("indirect", "she should be exempt from the rule", "Grant")]


def test_a_sentence_final_cue_tagged_as_a_noun_reports_the_clause_before_it(trained_suggester):
    text = "Crime is not rising in the city, the former police chief maintains."
    (kind, words, who), = found(trained_suggester, text)
    assert (kind, words) == ("indirect", "Crime is not rising in the city")
    assert who is not None and "chief" in who


def test_a_complement_the_parser_took_for_an_adverbial_clause(trained_suggester):
    text = "Mr. Cole said after the hearing he would not accept the board's offer if it were renewed."
    (kind, words, who), = found(trained_suggester, text)
    assert words.endswith("he would not accept the board's offer if it were renewed")
    assert who == "Cole"
