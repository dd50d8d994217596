"""Small facts about person names that tell apart people sharing a surname."""

from __future__ import annotations

import re
from collections.abc import Sequence

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
