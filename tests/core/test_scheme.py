"""Label scheme files: the default one loads, bad ones are named precisely."""

from __future__ import annotations

import pytest

from annotator.core.scheme import SchemeError, load_scheme
from annotator.paths import default_scheme_path


def test_default_scheme_loads():
    scheme = load_scheme(default_scheme_path())
    assert [s.name for s in scheme.stances] == ["supports", "opposes", "neutral", "unclear"]
    assert len(scheme.topics) >= 4


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[[stances]]\nname = 'a'\ncolour = 'red'\n", "colour 'red' is not of the form #rrggbb"),
        ("[[stances]]\nname = 'a'\nkey = '1'\n[[stances]]\nname = 'b'\nkey = '1'\n", "shortcut keys used twice: 1"),
        ("[[topics]]\nname = 't'\n", "needs at least one [[stances]]"),
        ("[[stances]]\ncolour = '#000000'\n", "stances #1: 'name' is missing"),
        ("stances = [", "not valid TOML"),
    ],
)
def test_bad_scheme_is_named(tmp_path, body, message):
    path = tmp_path / "bad.toml"
    path.write_text(body)
    with pytest.raises(SchemeError) as info:
        load_scheme(path)
    assert "bad.toml" in str(info.value) and message in str(info.value)
