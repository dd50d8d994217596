"""Guidelines: label descriptions and examples and the guidelines document survive the scheme's round trip."""

from __future__ import annotations

import pytest

from annotator.core.scheme import SchemeError, scheme_from_dict
from annotator.services.projects import open_project
from annotator.services.schemes import apply_scheme_file
from annotator.store import guidelines, labels


def test_a_new_project_has_the_default_guidelines():
    project = open_project(memory=True)
    scheme = labels.scheme(project)
    assert "denied" in scheme.guide("stances", "opposes").examples[0]
    assert scheme.guide("kinds", "indirect").description.startswith("Reported speech")
    assert scheme.guidelines.startswith("# Quote annotation guidelines")


def test_a_scheme_file_without_guidelines_keeps_the_stored_ones(tmp_path):
    project = open_project(memory=True)
    guidelines.set_label_guide(project, "stances", "supports", "Our own words.", ("an example",))
    path = tmp_path / "plain.toml"
    path.write_text("[[stances]]\nname = 'supports'\ncolour = '#00ff00'\n[[stances]]\nname = 'maybe'\n"
                    "description = 'Hedged.'\nexamples = ['perhaps']\n")
    scheme = apply_scheme_file(project, path)
    assert scheme.guide("stances", "supports").description == "Our own words."
    assert scheme.guide("stances", "supports").colour == "#00ff00"
    assert scheme.guide("stances", "maybe").examples == ("perhaps",)


def test_the_guidelines_document_is_stored_in_the_project(tmp_path):
    path = tmp_path / "p.annotator.db"
    with open_project(path) as project:
        guidelines.set_guidelines_document(project, "# Ours\n\nMark *every* quote.")
    with open_project(path) as project:
        assert labels.scheme(project).guidelines == "# Ours\n\nMark *every* quote."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stances": [{"name": "a", "description": 3}]}, "stances #1 (a): 'description' must be a string"),
        ({"stances": [{"name": "a", "examples": "one"}]}, "'examples' must be a list of strings"),
        ({"stances": [{"name": "a"}], "kinds": [{"name": "quoted"}]}, "kinds: 'quoted' is not a quote kind"),
        ({"stances": [{"name": "a"}], "guidelines": ["x"]}, "'guidelines' must be a string"),
    ],
)
def test_bad_guidelines_in_a_scheme_are_named(data, message):
    with pytest.raises(SchemeError) as info:
        scheme_from_dict(data, source="s.toml")
    assert message in str(info.value)
