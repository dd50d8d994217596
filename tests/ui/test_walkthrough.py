"""The keyboard-only walkthrough (docs/walkthrough.py) runs offscreen in-process and finds nothing.

The same steps render the README's screenshots under Xvfb; here they guard against the walk rotting and
against any of the keys it walks through breaking.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


def test_the_keyboard_walkthrough_finds_nothing(qapp, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANNOTATOR_SUGGESTIONS", "1")  # the walk accepts spaCy's suggestions with Enter and A
    from docs.walkthrough import run

    found = run(None, tmp_path)
    log = capsys.readouterr().out
    assert "-- the agreement panel" in log  # it walked to the end: no step stopped it early
    assert found == [], log
