"""Speakers a user would have to fix (pipeline quotes-7): people sharing a surname, and "he said" after a
sentence about someone who did not speak before. Short texts written for the test; they need the trained
model (parser and NER) and are skipped without one.
"""


def speakers(suggester, text):
    """The suggested speakers of ``text``, in text order."""
    return [s.speaker for s in suggester.suggest(text)]


def test_title_picks_the_person_who_holds_it(trained_suggester):
    text = ("President Barack Obama spoke in Denver on Monday. Michelle Obama visited a school in Ohio.\n"
            "President Obama said the economy was recovering.")
    assert speakers(trained_suggester, text) == ["Barack Obama"]


def test_mr_and_mrs_pick_the_person_of_that_gender(trained_suggester):
    text = ("Barack Obama spoke in Denver on Monday. His wife, Michelle Obama, visited a school in Ohio.\n"
            "Mrs. Obama said the children were inspiring. Mr. Obama said the economy was recovering.")
    assert speakers(trained_suggester, text) == ["Michelle Obama", "Barack Obama"]


def test_subject_of_the_sentence_before_is_the_one_meant(trained_suggester):
    text = ("Michelle Obama visited a school in Ohio. Barack Obama spoke in Denver.\n"
            "Obama said the economy was recovering.")
    assert speakers(trained_suggester, text) == ["Barack Obama"]


def test_surname_means_the_person_named_first_not_a_relative_named_in_passing(trained_suggester):
    text = ("Ted Marsh opened the campaign office in Leeds on Friday.\n"
            "Eleanor Marsh, his sister, sat in the front row.\n"
            "The crowd cheered loudly.\n"
            "Marsh said the office would stay open all year.")
    assert speakers(trained_suggester, text) == ["Ted Marsh"]


def test_two_people_named_only_later_leave_the_name_as_written(trained_suggester):
    text = ("Obama said the economy was recovering.\n"
            "Barack Obama spoke in Denver. Michelle Obama visited a school.")
    assert speakers(trained_suggester, text) == ["Obama"]


def test_he_after_a_quote_is_the_subject_just_named(trained_suggester):
    text = ("“The ruling is wrong,” Laurence Tribe said.\n"
            "Mr. Obama dismissed the report. “It is a distraction,” he said. “We move on,” he added.")
    assert speakers(trained_suggester, text) == ["Laurence Tribe", "Obama", "Obama"]


def test_he_after_a_quote_skips_a_subject_of_the_other_gender(trained_suggester):
    text = ("“The ruling is wrong,” Laurence Tribe said.\n"
            "Ms. Park dismissed the report. “It is a distraction,” he said.")
    assert speakers(trained_suggester, text) == ["Laurence Tribe", "Laurence Tribe"]


def test_he_after_a_quote_is_the_person_in_apposition_to_the_subject(trained_suggester):
    text = ("“The ruling is wrong,” said Laurence Tribe, a professor.\n"
            "The senator, John Kerry, dismissed the report on Tuesday. “It is a distraction,” he said.")
    assert speakers(trained_suggester, text) == ["Laurence Tribe", "John Kerry"]


def test_an_epithet_taken_into_a_name_drops_off_when_the_name_is_also_written_without_it(trained_suggester):
    # NER took the epithet into the name, and the full name chosen for a surname was the longest one.
    text = ("Hillary Clinton spoke in Ohio on Monday. \u201cWe will win,\u201d Hillary Clinton said.\n\n"
            "\u201cThe plan is a disgrace,\u201d Crooked Hillary Clinton told reporters.\n\n"
            "\u201cWe have the votes,\u201d Clinton said.")
    assert speakers(trained_suggester, text) == ["Hillary Clinton"] * 3


def test_a_surname_two_people_share_but_only_one_named_in_full_stays_as_written(trained_suggester):
    # Both "Mrs. Obama" and "Mr. Obama" are written, but only Michelle Obama in full: "President Obama" is
    # not hers. "Mrs. Obama" still is.
    text = ("Michelle Obama visited a school in Ohio on Monday. Mrs. Obama spoke to the pupils.\n\n"
            "Mr. Obama was in Denver. \u201cThe economy is recovering,\u201d President Obama said.\n\n"
            "\u201cThe children were wonderful,\u201d Mrs. Obama said.")
    assert speakers(trained_suggester, text) == ["Obama", "Michelle Obama"]
