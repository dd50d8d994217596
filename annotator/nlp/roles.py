"""A speaker's role read from the words glued before their name: "Residents' group chair Eileen Park".

The resolver drops such titles from the speaker's name; this keeps them as the speaker's role. It reads the
article text alone (no parse), so a cached suggestion, which stores only the name's offsets, yields the same
role as the fresh one did.
"""

from __future__ import annotations

import re

from annotator.nlp.lexicon import HONORIFICS, ROLE_NOUNS, SPEECH_FORMS

# Office words a title ends with ("EU trade chief", "Councillor", "Tulsa police Chief").
TITLE_WORDS = ROLE_NOUNS | frozenset(
    """
    councillor councilor councilman councilwoman commissioner professor inspector sergeant detective officer
    superintendent treasurer economist analyst strategist researcher scientist historian activist organiser
    organizer campaigner coordinator manager executive president chairperson editor correspondent pastor
    bishop rabbi imam coach captain principal dean nurse doctor surgeon economist vice deputy
    """.split()
)
# Words that end a title on its left: what precedes them belongs to the sentence, not to the title.
_STOPS = frozenset(
    """
    the a an this that these those and or but nor so yet of in on at for to from with by as into about after
    before over under between among during since until than then also too now still even just only when where
    while because if though although he she they it we i you his her their its our my your who whom whose which
    yesterday today tonight tomorrow earlier later meanwhile however instead indeed last next
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    is was are were be been being has have had will would can could should may might must do does did
    """.split()
)
_TITLE_PARTICIPLES = frozenset({"retired", "elected", "appointed", "acting", "designated"})
_MAX_WORDS = 6
_TOKEN = re.compile(r"[^\W\d_][\w’'.\-]*")


def _is_title(word: str) -> bool:
    return word.lower().rstrip(".") in TITLE_WORDS


def title_before(text: str, span: tuple[int, int] | None) -> str:
    """The title written with the name at ``span``, or "" when there is none.

    Glued before the name, the title is the run of words that touches it, ends in an office word and stops
    at a function word, a speech verb or any punctuation but an apostrophe: "Norway's envoy Sigrid Aas"
    gives "Norway's envoy"; "said Tuesday that EU trade chief Paul Vey" gives "EU trade chief"; "Ms Park"
    gives "". Set off by commas, it is such a run before the name ("Norway's envoy, Sigrid Aas,") or a
    short phrase after it that holds an office word ("Sigrid Aas, the country's envoy, said").
    """
    if span is None:
        return ""
    line = text[text.rfind("\n", 0, span[0]) + 1 : span[0]]
    if line[-1:].isspace() and not line.rstrip().endswith(","):
        return _run_before(line)
    after = _APPOSITION.match(text, span[1])
    if after is not None and (role := _office_phrase(after.group(1))):
        return role
    if line.endswith(", ") and text[span[1] : span[1] + 1] == ",":
        return _run_before(line[:-2] + " ")
    return ""


_APPOSITION = re.compile(r",\s+([^,;:\n“”\"()]{3,80}),")


def _office_phrase(phrase: str) -> str:
    """ "the country's envoy" -> "country's envoy": a phrase of at most eight words holding an office word."""
    words = phrase.split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    if not words or len(words) > 8 or any(w.lower() in SPEECH_FORMS for w in words):
        return ""
    return " ".join(words) if any(_is_title(w.strip("’'")) for w in words) else ""


def _run_before(line: str) -> str:
    """The title words ending ``line`` (which ends in a space), or ""."""
    words: list[str] = []
    for token in reversed(line.split()):
        if len(words) == _MAX_WORDS or not _TOKEN.fullmatch(token) or _stops(token):
            break
        words.insert(0, token)
    # The word touching the name must be the office: "Mayor Eileen Park", not "Greens Eileen Park".
    if not words or not _is_title(words[-1]):
        return ""
    return " ".join(words)


def _stops(word: str) -> bool:
    low = word.lower()
    # A lower-case "-ed" word is most often the sentence's verb ("quoted former adviser Ruth Moll").
    verb = word.islower() and low.endswith("ed") and low not in _TITLE_PARTICIPLES
    return verb or low in _STOPS or low in SPEECH_FORMS or (low.endswith(".") and low.rstrip(".") in HONORIFICS)
