"""Speaker mentions found on PolNeAR dev's error classes (pipeline quotes-5), on short texts written for the test."""

import spacy
from spacy.tokens import Doc

from annotator.nlp.suggest import find_all


def found(suggester, text):
    """(quote text, source mention, speaker) triples of ``text``."""
    doc = suggester.nlp(text)
    return [(text[f.start : f.end], f.source.text if f.source else None, who.name) for f, who in find_all(doc)]


def test_name_and_apposition_at_a_paragraph_start_is_no_dateline(trained_suggester):
    text = "Eileen Park said the pier would reopen in May.\nVey, a harbour pilot, said he had seen the damage himself."
    assert found(trained_suggester, text)[-1] == ("he had seen the damage himself", "Vey", "Vey")


def test_name_after_a_dash_glued_to_the_closing_mark_speaks(trained_suggester):
    text = ("“The harbour belongs to the people who work on it.”― Ruth Moll\n"
            "“Nobody ever asked the fishermen what they wanted.”― Tom Lund\n")
    assert [who for _, _, who in found(trained_suggester, text)] == ["Ruth Moll", "Tom Lund"]


def test_relative_pronoun_is_the_mention_and_its_antecedent_the_speaker(trained_suggester):
    text = "The city hired an engineer who said the bridge was unsafe for lorries."
    assert found(trained_suggester, text) == [("the bridge was unsafe for lorries", "who", "engineer")]


def test_name_before_a_dash_aside_is_no_dateline(trained_suggester):
    text = "Vey -- a harbour pilot for thirty years -- said the channel was too shallow for the new ferries."
    assert found(trained_suggester, text) == [("the channel was too shallow for the new ferries", "Vey", "Vey")]


def test_news_conference_announcing_is_said_by_the_speaker_at_it(trained_suggester):
    text = ("Tom Lund spoke first.\n"
            "“The rules are clear,” she said at a news conference announcing that the council would appeal.")
    assert found(trained_suggester, text)[-1] == ("the council would appeal", "she", "Tom Lund")


def _doc(rows: list[tuple]) -> Doc:
    """A hand-parsed doc: (word, space after, head, dep, tag, pos, entity IOB) per token."""
    words, spaces, heads, deps, tags, pos, ents = (list(column) for column in zip(*rows, strict=True))
    return Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=heads, deps=deps, tags=tags, pos=pos,
               ents=ents, sent_starts=[True] + [False] * (len(rows) - 1))


def test_a_quoted_title_taken_for_the_subject_is_not_the_speaker():
    """ '“...,” Eileen Park, the chair, said on “Harbour Talk.”' parsed with "Harbour" as the subject."""
    doc = _doc([
        ("“", False, 3, "punct", "``", "PUNCT", "O"), ("We", True, 3, "nsubj", "PRP", "PRON", "O"),
        ("will", True, 3, "aux", "MD", "AUX", "O"), ("fight", False, 12, "ccomp", "VB", "VERB", "O"),
        (",", False, 3, "punct", ",", "PUNCT", "O"), ("”", True, 3, "punct", "''", "PUNCT", "O"),
        ("Eileen", True, 7, "compound", "NNP", "PROPN", "B-PERSON"), ("Park", False, 3, "appos", "NNP", "PROPN", "I-PERSON"),
        (",", True, 7, "punct", ",", "PUNCT", "O"), ("the", True, 10, "det", "DT", "DET", "O"),
        ("chair", False, 7, "appos", "NN", "NOUN", "O"), (",", True, 7, "punct", ",", "PUNCT", "O"),
        ("said", True, 12, "ROOT", "VBD", "VERB", "O"), ("on", True, 12, "prep", "IN", "ADP", "O"),
        ("“", False, 12, "punct", "``", "PUNCT", "O"), ("Harbour", True, 16, "compound", "NNP", "PROPN", "B-ORG"),
        ("Talk", False, 12, "nsubj", "NNP", "PROPN", "I-ORG"), (".", False, 12, "punct", ".", "PUNCT", "O"),
        ("”", False, 12, "punct", "''", "PUNCT", "O"),
    ])
    [(item, who)] = [(f, w) for f, w in find_all(doc) if f.kind == "direct"]
    assert (item.source.text, who.name) == ("Eileen Park", "Eileen Park")


def test_a_day_after_the_cue_is_not_the_speaker_the_name_before_it_is():
    """A parse that hangs "said" on the quote without a subject: the name before the cue speaks, not "Monday"."""
    nlp = spacy.blank("en")
    words = ["Eileen", "Park", "said", "the", "pier", "was", "closed", ".", "\n",
             "“", "We", "will", "find", "the", "truth", ",", "”",
             "Harbour", "police", "Chief", "Tom", "Lund", "said", "Monday", "."]
    spaces = [True, True, True, True, True, True, False, False, False,
              False, True, True, True, True, False, False, True,
              True, True, True, True, True, True, False, False]
    heads = [1, 2, 2, 4, 6, 6, 2, 2, 7,
             12, 12, 12, 12, 14, 12, 12, 12,
             12, 19, 17, 21, 19, 12, 22, 12]
    deps = ["compound", "nsubj", "ROOT", "det", "nsubjpass", "auxpass", "ccomp", "punct", "dep",
            "punct", "nsubj", "aux", "ROOT", "det", "dobj", "punct", "punct",
            "dep", "compound", "dobj", "compound", "appos", "conj", "npadvmod", "punct"]
    tags = ["NNP", "NNP", "VBD", "DT", "NN", "VBD", "VBN", ".", "_SP",
            "``", "PRP", "MD", "VB", "DT", "NN", ",", "''",
            "VB", "NN", "NNP", "NNP", "NNP", "VBD", "NNP", "."]
    pos = ["PROPN", "PROPN", "VERB", "DET", "NOUN", "AUX", "VERB", "PUNCT", "SPACE",
           "PUNCT", "PRON", "AUX", "VERB", "DET", "NOUN", "PUNCT", "PUNCT",
           "VERB", "NOUN", "PROPN", "PROPN", "PROPN", "VERB", "PROPN", "PUNCT"]
    sent_starts = [True] + [False] * 8 + [True] + [False] * 15
    ents = ["B-PERSON", "I-PERSON"] + ["O"] * 18 + ["B-PERSON", "I-PERSON", "O", "B-DATE", "O"]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, tags=tags, pos=pos,
              sent_starts=sent_starts, ents=ents)
    text = doc.text
    [(item, who)] = [(f, w) for f, w in find_all(doc) if f.kind == "direct"]
    assert text[item.start : item.end] == "“We will find the truth,”"
    assert who.name == "Tom Lund"


def test_question_closed_then_name_and_cue_alone_names_who_asked(trained_suggester):
    text = ("Li Wen defended the plan on Monday.\n"
            "“Does anybody here know what the harbour plan actually is?” Park asked. “Neither do I.”")
    assert [(quote, who) for quote, _, who in found(trained_suggester, text)] == [
        ("“Does anybody here know what the harbour plan actually is?”", "Park"), ("“Neither do I.”", "Park")]


def test_a_closed_quote_then_a_new_sentence_about_its_speaker_is_not_attributed_by_it(trained_suggester):
    text = ("Li Wen defended the plan on Monday.\n"
            "“Nobody here knows what the harbour plan is!” Park said the council had lied.")
    assert [quote for quote, _, _ in found(trained_suggester, text)] == ["the council had lied"]
