"""label-studio-sdk's own validation accepts our config and every annotation and prediction (when installed).

The SDK is not a test dependency: it pins numpy below the version spaCy here uses and brings
OpenCV, pandas and a code generator along, so installing it into the app's environment is not
clean. Where it is importable this test runs; test_labelstudio.py checks the documented schema always.
"""

from __future__ import annotations

import json

import pytest

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.exporting import export_project
from annotator.services.projects import open_project
from annotator.store import articles, quotes

interface = pytest.importorskip("label_studio_sdk.label_interface")

TEXT = "Fans 🙂👍🏽 cheered.\nThe minister said the claims were “unbelievable” on Tuesday.\n"


@pytest.mark.parametrize("predictions", [False, True])
def test_the_sdk_validates_config_and_results(tmp_path, predictions):
    project = open_project(memory=True)
    article_id, _ = articles.insert_article(project, Article(None, TEXT, sha256_of(TEXT), title="t"))
    start, speaker, cue = TEXT.index("believable"), TEXT.index("The minister"), TEXT.index("said")
    quotes.insert_quote(project, Quote(None, article_id, start, start + 18, "alice", kind="mixed",
                                       speaker="The minister", speaker_span=(speaker, speaker + 12),
                                       cue_span=(cue, cue + 4), stance="opposes", claim="c", topics=("conflict",),
                                       note="n"))
    out = tmp_path / "tasks.json"
    export_project(project, out, "labelstudio", predictions=predictions)
    config = interface.LabelInterface((tmp_path / "tasks.config.xml").read_text(encoding="utf-8"))
    config.validate()
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    entries = task["predictions" if predictions else "annotations"]
    assert entries and all(config.validate_prediction(entry, return_errors=True) == [] for entry in entries)
    assert all(config.validate_prediction(entry) for entry in entries)
