"""A title glued to a speaker's name is kept as the suggestion's role (issue 13), not lost with the name."""

import pytest

from annotator.nlp.roles import title_before


def _role(text: str, name: str) -> str:
    at = text.index(name)
    return title_before(text, (at, at + len(name)))


@pytest.mark.parametrize(("text", "name", "role"), [
    ("Residents' group chair Eileen Park said the plan was rushed.", "Eileen Park", "Residents' group chair"),
    ("He said on Tuesday that EU trade chief Paul Vey would resign.", "Paul Vey", "EU trade chief"),
    ("Harbour police Chief Tom Lund told reporters the pier was closed.", "Tom Lund", "Harbour police Chief"),
    ("Councillor Eileen Park said so.", "Eileen Park", "Councillor"),
    ("A statement quoted former council adviser Ruth Moll as saying no.", "Ruth Moll", "former council adviser"),
    ("Norway's envoy, Sigrid Aas, said the talks would resume.", "Sigrid Aas", "Norway's envoy"),
    ("Sigrid Aas, the country's envoy, said the talks would resume.", "Sigrid Aas", "country's envoy"),
])
def test_title_before_a_name_is_the_role(text, name, role):
    assert _role(text, name) == role


@pytest.mark.parametrize(("text", "name"), [
    ("Ms Park said the plan was rushed.", "Park"),  # an honorific is no role
    ("The Greens' Eileen Park said so.", "Eileen Park"),  # no office word next to the name
    ("On Monday, Eileen Park said so.", "Eileen Park"),  # a clause ends before the name
    ("Eileen Park said so.", "Eileen Park"),
    ("(Mayor Eileen Park)", "Eileen Park"),
    ("Sigrid Aas, who arrived on Monday, said the talks would resume.", "Sigrid Aas"),  # no office word
    ("Eileen Park, 56, said so.", "Eileen Park"),
    ("Park, Wen and Lund said so.", "Wen"),
])
def test_no_title_no_role(text, name):
    assert _role(text, name) == ""


def test_suggestion_carries_the_glued_title_as_role(trained_suggester):
    text = "Residents' group chair Eileen Park said the plan would price families out of the harbour."
    [s] = trained_suggester.suggest(text)
    assert (s.speaker, s.role) == ("Eileen Park", "Residents' group chair")


def test_pronoun_resolved_to_a_titled_name_carries_the_title(trained_suggester):
    text = ("EU trade chief Paul Vey told reporters the tariffs were unfair.\n"
            "\"We will answer within weeks,\" he said.")
    last = trained_suggester.suggest(text)[-1]
    assert (last.speaker, last.role) == ("Paul Vey", "EU trade chief")
