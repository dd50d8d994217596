"""Small facts about person names: people sharing a surname, what NER took into a name, titles before it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span, Token

from annotator.nlp.lexicon import ROLE_NOUNS

# Relations that tell a person's gender: "his wife, Michelle Obama".
KIN = {"wife": "f", "widow": "f", "mother": "f", "daughter": "f", "sister": "f", "lady": "f",
       "husband": "m", "widower": "m", "father": "m", "son": "m", "brother": "m"}


# NER often takes the possessive into the name: "Donald Trump’s" names Donald Trump.
_POSSESSIVE_END = re.compile(r"['’]s$")


def without_possessive(name: str) -> str:
    """A name without the possessive NER took into it: "Donald Trump’s" -> "Donald Trump"."""
    return _POSSESSIVE_END.sub("", name)


def title_before(text: str, at: int) -> str:
    """The word written right before a name, lower-cased and without its full stop: "mr", "president"."""
    m = re.search(r"(\w+)\.?\s*$", text[max(0, at - 30) : at])
    return m.group(1).lower() if m else ""


def same_name(a: Sequence[str], b: Sequence[str]) -> bool:
    """True when one name's words include the other's: "Barack Obama" and "Barack Hussein Obama"."""
    return set(a) <= set(b) or set(b) <= set(a)


def name_like(text: str) -> bool:
    """True for a name whose every word is capitalised."""
    return all(word[:1].isupper() for word in text.split())


def one_person(names: list[Sequence[str]]) -> bool:
    """True when all these names may be one person (no two of them differ in words of their own)."""
    return all(same_name(a, b) for a in names for b in names)


def inside_quotes(text: str, at: int) -> bool:
    """True when ``at`` lies inside a quotation opened earlier in its paragraph."""
    before = text[text.rfind("\n", 0, at) + 1 : at]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def as_written_alone(people: list[Span]) -> list[Span]:
    """Person entities without leading words the article also leaves off the same name elsewhere.

    NER takes an epithet or a title it does not know into a name ("Crooked Hillary Clinton", "Miss
    Universe Alicia Machado" gives "Universe Alicia Machado"); when the article also writes the name
    without them (two words at least), that is the name.
    """
    def words(span: Span) -> tuple[str, ...]:
        return tuple(t.lower_ for t in span if t.lower_ not in ("'s", "’s"))

    written = {words(ent) for ent in people}
    trimmed = []
    for ent in people:
        for k in range(ent.start + 1, ent.end - 1):
            if len(rest := words(ent.doc[k : ent.end])) >= 2 and rest in written:
                ent = Span(ent.doc, k, ent.end, label=ent.label)
                break
        trimmed.append(ent)
    return trimmed


# Capitalised titles NER often takes into a person's name ("Councillor Eileen Park").
TITLES = ROLE_NOUNS | frozenset("councillor councilor councilman councilwoman commissioner professor "
                                 "inspector sergeant detective officer".split())


# Entity types that make a phrase a name even in lower case or with a common head ("the Pentagon's lawyers").
NAMED_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})


def definite(source: Span, head: Token) -> bool:
    """True for "the chair", "the bloc's chair", "her lawyer": someone the reader has met before."""
    return any(t.lower_ in ("the", "'s", "’s") or t.tag_ == "PRP$" for t in source[: head.i - source.start])


def untitled(ent: Span) -> Span:
    """A person entity without the titles it starts with, when at least two name words remain."""
    k = ent.start
    while ent.end - k > 2 and ent.doc[k].lower_ in TITLES:
        k += 1
    return ent if k == ent.start else Span(ent.doc, k, ent.end, label=ent.label)


def without_title(words: list) -> list:
    """The name at the end of a titled mention: "Residents' group chair Eileen Park" -> "Eileen Park".

    Only when the phrase ends in two or more capitalised words after a lower-case word or role noun,
    so that an organisation such as "Bank of England" keeps its whole name.
    """
    k = len(words)
    while k > 0 and words[k - 1].text[:1].isupper() and words[k - 1].is_alpha:
        k -= 1
    lead = k
    while len(words) - lead > 2 and words[lead].lower_ in TITLES:
        lead += 1  # "Councillor Eileen Park"
    if lead > k:
        return words[lead:]
    if 0 < k and len(words) - k >= 2 and (words[k - 1].is_lower or words[k - 1].lower_ in ROLE_NOUNS) and (
            words[k - 1].lower_ not in ("of", "for", "and", "de", "the")):
        return words[k:]
    return words
