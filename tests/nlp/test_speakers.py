"""Registry matching by name, alias, surname subset and fuzzy ratio."""

from annotator.core.model import Speaker
from annotator.nlp.speakers import RegistryMatcher, normalise

REGISTRY = [
    Speaker(1, "Hossein Amir-Abdollahian", role="Foreign Minister of Iran", aliases=("Iran's FM",)),
    Speaker(2, "Josep Borrell", aliases=("EU foreign policy chief",)),
    Speaker(3, "Iran Foreign Ministry", type="organisation"),
]


def test_normalise_splits_hyphens_and_drops_honorifics():
    assert normalise("Mr. Hossein Amir-Abdollahian") == ["hossein", "amir", "abdollahian"]


def test_match_by_alias_and_surname():
    m = RegistryMatcher(REGISTRY)
    assert m.match("Iran’s FM").name == "Hossein Amir-Abdollahian"
    assert m.match("Amir Abdollahian").name == "Hossein Amir-Abdollahian"
    assert m.match("Borrell").name == "Josep Borrell"


def test_match_fuzzy_spelling_and_role():
    m = RegistryMatcher(REGISTRY)
    assert m.match("Hossein Amir-Abdolahian").name == "Hossein Amir-Abdollahian"
    assert m.match("the Foreign Minister of Iran").name == "Hossein Amir-Abdollahian"


def test_no_match_for_unrelated_or_partial_org_name():
    m = RegistryMatcher(REGISTRY)
    assert m.match("Iran") is None
    assert m.match("Joe Biden") is None
