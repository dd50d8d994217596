"""Candidate kinds that carry their speaker (pipeline quotes-6), on short texts written for the test."""

from annotator.nlp.suggest import find_all


def found(suggester, text):
    """(quote text, source mention, speaker) triples of ``text``."""
    doc = suggester.nlp(text)
    return [(text[f.start : f.end], f.source.text if f.source else None, who.name) for f, who in find_all(doc)]


def test_a_fronted_what_is_the_content_of_the_cue_after_it(trained_suggester):
    text = "The harbour fees were high. That was what Eileen Park complained about."
    assert ("what", "Eileen Park", "Eileen Park") in found(trained_suggester, text)


def test_a_relative_which_before_a_cue_is_its_content(trained_suggester):
    text = "The council approved a second crossing, which the harbour authority had demanded."
    assert found(trained_suggester, text) == [("which", "the harbour authority", "harbour authority")]


def test_which_after_a_preposition_before_the_cue_is_no_content(trained_suggester):
    text = "Tom Lund gave an interview in which he said little about the pier."
    assert all(quote != "which" for quote, _, _ in found(trained_suggester, text))


def test_an_unanswered_request_for_comment_is_attributed_to_who_did_not_answer(trained_suggester):
    text = "The ferry company did not immediately respond to requests for comment."
    assert found(trained_suggester, text) == [("to requests for comment", "The ferry company", "ferry company")]


def test_a_headline_name_and_speech_verb_attribute_the_rest_of_the_line(trained_suggester):
    text = "Closing The Pier, Eileen Park Vows To Rebuild The Harbour Wall\n\nThe mayor spoke on Monday."
    assert found(trained_suggester, text)[0] == ("To Rebuild The Harbour Wall", "Eileen Park", "Eileen Park")


def test_a_headline_without_a_speaker_before_the_verb_is_no_quote(trained_suggester):
    text = "One Tweet Sums Up The Harbour Debate\n\nThe mayor spoke on Monday."
    assert found(trained_suggester, text) == []


def test_a_first_line_in_the_past_tense_is_a_sentence_not_a_headline(trained_suggester):
    text = "Eileen Park spoke on Monday.\n\nThe pier stays shut."
    assert found(trained_suggester, text) == []


def test_a_verb_of_judgement_with_a_quoted_label_is_a_report(trained_suggester):
    text = "The harbour authority accused the ferry company of “reckless neglect”."
    assert found(trained_suggester, text) == [
        ("the ferry company of “reckless neglect”", "The harbour authority", "harbour authority")]


def test_a_verb_of_judgement_without_a_quote_is_no_report(trained_suggester):
    text = "Tom Lund likened the harbour plan to a blank cheque."
    assert found(trained_suggester, text) == []


def test_a_headline_verb_of_judgement_takes_its_quoted_label_along(trained_suggester):
    text = "Harbour Workers Rip Council Plan As A ‘Giveaway.’\n\nThe workers spoke."
    assert found(trained_suggester, text) == [("Council Plan As A ‘Giveaway.’", "Harbour Workers", "Harbour Workers")]


def test_a_speech_noun_from_its_owner_reports_its_that_clause(trained_suggester):
    text = "Despite warnings from the harbour pilot that the channel was too shallow, the ferry sailed."
    assert found(trained_suggester, text) == [
        ("the channel was too shallow", "the harbour pilot", "harbour pilot")]


def test_a_speech_noun_with_an_owner_reports_its_topic(trained_suggester):
    text = "Few believed the council's claims about the safety of the old pier."
    assert found(trained_suggester, text) == [("the safety of the old pier", "the council", "council")]


def test_a_speech_noun_without_an_owner_reports_nothing(trained_suggester):
    text = "Few believed the claims about the safety of the old pier."
    assert found(trained_suggester, text) == []


def test_an_object_report_ends_before_the_writers_which_aside(trained_suggester):
    text = "Eileen Park acknowledged the danger of the old pier, which makes her an outlier on the council."
    assert found(trained_suggester, text) == [("the danger of the old pier", "Eileen Park", "Eileen Park")]


def test_an_object_report_keeps_a_place_named_after_a_comma(trained_suggester):
    text = "Eileen Park spoke about the flooding in Tulsa, Oklahoma."
    assert found(trained_suggester, text) == [("the flooding in Tulsa, Oklahoma", "Eileen Park", "Eileen Park")]


def test_a_quoted_label_report_ends_at_its_quote_before_the_when_and_where(trained_suggester):
    text = "Eileen Park criticized the ferry timetable as a “disgrace” during a council meeting in Tulsa."
    assert found(trained_suggester, text)[0] == (
        "the ferry timetable as a “disgrace”", "Eileen Park", "Eileen Park")


def test_a_quoted_headline_ends_at_its_quote(trained_suggester):
    text = "Eileen Park Speaks ‘Directly To The Fishermen’ After The Flood\n\nThe mayor spoke."
    assert found(trained_suggester, text)[0] == ("‘Directly To The Fishermen’", "Eileen Park", "Eileen Park")


def test_a_reported_clause_ends_at_a_semicolon(trained_suggester):
    text = "Eileen Park said the timing of the closure was not planned; the council only learned of it on Friday."
    assert found(trained_suggester, text) == [
        ("the timing of the closure was not planned", "Eileen Park", "Eileen Park")]


def test_a_semicolon_inside_quotation_marks_does_not_end_the_clause(trained_suggester):
    text = "Eileen Park said the repairs were “late; very late, and costly” for the town."
    assert found(trained_suggester, text)[0][0] == "the repairs were “late; very late, and costly” for the town"


def test_a_what_fronted_from_the_reported_clause_is_the_content(trained_suggester):
    text = "The gap between what Eileen Park says her plan would do and what it does is wide."
    assert found(trained_suggester, text)[0] == ("what", "Eileen Park", "Eileen Park")


def test_a_sentence_opened_by_according_to_reports_what_follows_the_comma(trained_suggester):
    text = "According to harbour pilot Tom Lund, the channel reeks of neglect."
    assert found(trained_suggester, text) == [("the channel reeks of neglect", "harbour pilot Tom Lund", "Tom Lund")]


def test_an_announced_object_after_the_day_of_the_announcement(trained_suggester):
    text = "The harbour police announced on Friday the arrest of a man in the theft of two boats."
    assert found(trained_suggester, text) == [
        ("the arrest of a man in the theft of two boats", "The harbour police", "harbour police")]


def test_said_as_much_reports_the_pro_form(trained_suggester):
    text = "Tom Lund said as much."
    assert found(trained_suggester, text) == [("as much", "Tom Lund", "Tom Lund")]


def test_said_the_same_thing_reports_the_pro_form_without_its_aside(trained_suggester):
    text = "A chorus of harbour pilots has said the same thing, including the veteran Tom Lund."
    assert found(trained_suggester, text)[0] == (
        "the same thing", "A chorus of harbour pilots", "chorus of harbour pilots")


def test_a_label_after_as_reports_what_the_fronted_object_was_called(trained_suggester):
    text = "It was what analysts described as age-old tactics."
    assert found(trained_suggester, text) == [("age-old tactics", "analysts", "analysts")]


def test_a_chanted_slogan_is_a_quote_of_the_chanters(trained_suggester):
    text = "The fishermen chanted “No more fees!” outside the town hall."
    assert found(trained_suggester, text) == [("“No more fees!”", "The fishermen", "fishermen")]


def test_a_reported_clause_drops_a_dangling_and(trained_suggester):
    text = ("Eileen Park then urges her husband to come out of the boat and repeatedly says, \"Don't you do it,\" "
            "until the horn is heard.")
    assert found(trained_suggester, text)[0] == ("her husband to come out of the boat", "Eileen Park", "Eileen Park")


def test_a_reported_clause_drops_a_dangling_dash(trained_suggester):
    text = ("There are some economists who argue that corporate taxes should be very little or nothing at all -- "
            "assuming that shareholders then pay more.")
    assert found(trained_suggester, text)[0][0] == "corporate taxes should be very little or nothing at all"


def test_a_headline_lead_in_naming_a_topic_is_no_speaker(trained_suggester):
    text = ("Stealth Over Harbour: Ferry Was Headed to Port But Diverted to Avoid Bad Press\n\n"
            "“We had no choice,” Tom Lund said.")
    assert found(trained_suggester, text) == [("“We had no choice,”", "Tom Lund", "Tom Lund")]


def test_what_was_left_unsaid_is_reported_with_its_wh_word(trained_suggester):
    text = "Lawmakers have not said when they would take up the harbour bill."
    assert found(trained_suggester, text) == [("when they would take up the harbour bill", "Lawmakers", "Lawmakers")]


def test_a_reported_clause_ends_before_the_speakers_second_report(trained_suggester):
    text = ("Eileen Park tweeted the ferry deal was “a disgrace” and “a scam” and encouraged voters to “look closely” "
            "at the contract.")
    assert found(trained_suggester, text)[0] == (
        "the ferry deal was “a disgrace” and “a scam”", "Eileen Park", "Eileen Park")


def test_a_quoted_label_ends_before_a_second_call(trained_suggester):
    text = "Tom Lund called the harbour fees “outrageous” and called for the money to be “paid back” by the council."
    assert found(trained_suggester, text)[0] == ("the harbour fees “outrageous”", "Tom Lund", "Tom Lund")


def test_reported_speech_with_nobody_to_name_is_no_suggestion(trained_suggester):
    text = "A statement said the harbour would reopen in May."
    assert trained_suggester.suggest(text) == []


def test_a_direct_quote_with_nobody_to_name_is_still_suggested(trained_suggester):
    text = "“The harbour will reopen in May,” a statement said."
    assert [(text[s.start : s.end], s.speaker) for s in trained_suggester.suggest(text)] == [
        ("“The harbour will reopen in May,”", None)]


def test_a_one_word_noun_object_is_what_was_declared(trained_suggester):
    text = "Eileen Park has not mentioned Vey."
    assert found(trained_suggester, text) == [("Vey", "Eileen Park", "Eileen Park")]


def test_a_one_word_pronoun_object_is_no_report(trained_suggester):
    text = "Tom Lund denied it."
    assert found(trained_suggester, text) == []


def test_a_capitalised_quotation_that_is_a_sentence_of_its_own_is_no_title(trained_suggester):
    text = "“Here comes the ferry,” Eileen Park said, clapping. “The Harbour. Big Day.”"
    assert [quote for quote, _, _ in found(trained_suggester, text)] == [
        "“Here comes the ferry,”", "“The Harbour. Big Day.”"]


def test_a_capitalised_quotation_alone_on_its_line_is_a_heading(trained_suggester):
    text = "Eileen Park wrote a column.\n“Harbour Days Are Over.”\nThe ferry left."
    assert found(trained_suggester, text) == []


def test_a_lead_in_ending_in_a_colon_gives_the_next_paragraphs_quotation_to_its_subject(trained_suggester):
    text = "On Monday, Eileen Park made the following comment:\n\n“The harbour will never close while I am mayor.”"
    assert found(trained_suggester, text) == [
        ("“The harbour will never close while I am mayor.”", "Eileen Park", "Eileen Park")]


def test_a_lead_in_names_the_speaker_of_the_clause_that_holds_its_noun(trained_suggester):
    text = "The paper used one of her quotes as its headline: “Finally. Someone who thinks like me.”"
    assert found(trained_suggester, text) == [("“Finally. Someone who thinks like me.”", "The paper", "paper")]


def test_quoted_words_named_as_a_phrase_belong_to_who_used_them(trained_suggester):
    text = "Tom Lund has used the phrase “harbour tax” before."
    assert found(trained_suggester, text) == [("“harbour tax”", "Tom Lund", "Tom Lund")]


def test_announced_plans_report_the_plan_not_the_word_plans(trained_suggester):
    text = "Tom Lund announced plans this week to give an additional 15 million dollars to the harbour fund."
    assert found(trained_suggester, text) == [
        ("to give an additional 15 million dollars to the harbour fund", "Tom Lund", "Tom Lund")]


def test_a_fronted_time_phrase_before_a_parenthetical_cue_is_no_piece_of_the_report(trained_suggester):
    text = "During his seven years in office, Tom Lund said, he had seen the harbour change."
    assert found(trained_suggester, text) == [("he had seen the harbour change", "Tom Lund", "Tom Lund")]
