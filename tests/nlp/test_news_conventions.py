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


def mentions(suggester, text, registry=()):
    """(speaker, the mention as written) of each suggestion for ``text``."""
    return [(s.speaker, text[slice(*s.speaker_span)] if s.speaker_span else None)
            for s in suggester.suggest(text, registry=registry)]


def test_a_description_keeps_its_mention_but_names_nobody(trained_suggester):
    # Accepting these must not put people called "architect" or "residents" in the registry.
    text = ("An architect who designed the clubhouse said he was never paid for the work.\n"
            "Residents said the water rose within minutes. “We lost everything,” one woman said.")
    assert mentions(trained_suggester, text) == [(None, "architect"), (None, "Residents"), (None, "one woman")]


def test_they_after_a_group_description_names_nobody_either(trained_suggester):
    text = "Officials said the bridge would reopen in May. They said the repairs had cost more than planned."
    assert [who for who, _ in mentions(trained_suggester, text)] == [None, None]


def test_the_description_of_a_person_named_before_is_that_person(trained_suggester):
    text = ("Ann Roe, an architect from Leeds, designed the new library.\n"
            "The architect said the council had cut the budget twice.")
    assert mentions(trained_suggester, text) == [("Ann Roe", "Ann Roe")]


def test_names_the_tagger_does_not_know_stay_names(trained_suggester):
    text = "Politifact said the claim was false. Greenpeace said the spill was worse than reported."
    assert [who for who, _ in mentions(trained_suggester, text)] == ["Politifact", "Greenpeace"]


def test_a_reported_clause_opening_with_a_quoted_phrase_keeps_its_opening_mark(trained_suggester):
    # A partial quotation inside reported speech: one suggestion, the whole clause, not the fragment too.
    text = "Tom Lee said “budget cuts” and the sale of the pier would pay for it."
    found = trained_suggester.suggest(text)
    assert [(text[s.start : s.end], s.kind, s.speaker) for s in found] == [
        ("“budget cuts” and the sale of the pier would pay for it", "indirect", "Tom Lee")]


def test_a_surname_the_tagger_takes_for_a_plural_is_still_the_person(trained_suggester):
    # "Rivers" opening a sentence is tagged a plural noun; the article named Jo Rivers before.
    text = "Jo Rivers spoke in Leeds on Monday. Rivers said the council was united."
    assert mentions(trained_suggester, text) == [("Jo Rivers", "Rivers")]


def test_continuation_quotes_keep_the_speaker_just_given(trained_suggester):
    # News conventions pinned: the sentences after "“A,” Park said." and a paragraph left open and
    # reopened continue her quotation; a bare quotation right after a reported sentence is the same speaker's.
    text = ("“The plan was rushed,” Eileen Park said. “Nobody asked us. Not one of us.”\n"
            "“We will fight it in court.\n"
            "“And we will win.”\n"
            "Tom Lee, a fisherman, said the pier was unsafe.\n"
            "“It has been like this for years.”")
    assert said(trained_suggester, text) == [
        ("The plan was rushed", "Eileen Park"), ("Nobody asked us. Not one of us.", "Eileen Park"),
        ("We will fight it in court.\n“And we will win.", "Eileen Park"),
        ("the pier was unsafe", "Tom Lee"), ("It has been like this for years.", "Tom Lee"),
    ]
