"""label-studio-sdk's own validation accepts our labelling config and every task, annotation and prediction.

`make test` installs the SDK (with --no-deps, see the Makefile) and sets ANNOTATOR_TEST_LABEL_STUDIO, so
there a missing or broken SDK fails this module; elsewhere it is skipped when the SDK is not importable.
test_labelstudio.py checks the documented schema always.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest

from annotator.core.model import GOLD, Article, Quote
from annotator.core.text import normalise, sha256_of
from annotator.services.exporting import export_project
from annotator.services.projects import open_project
from annotator.store import articles, labels, quotes

if os.environ.get("ANNOTATOR_TEST_LABEL_STUDIO"):
    from label_studio_sdk import label_interface as interface
else:
    interface = pytest.importorskip("label_studio_sdk.label_interface")

TEXT = normalise("Fans 🙂👍🏽 cheered.\r\nThe minister said the claims were “unbelievable” on Tuesday.\r\n").text
# Names a user may type into the scheme: XML-special characters must survive into the config's choices.
ODD_STANCE, ODD_TOPIC = "für & <gegen>", "\"drones\" & 'missiles'"


def _span(text: str) -> tuple[int, int]:
    start = TEXT.index(text)
    return start, start + len(text)


@pytest.fixture
def project():
    """Two articles; quotes by two annotators and gold, mid-word and emoji spans, every field set somewhere."""
    project = open_project(memory=True)
    labels.ensure_stance(project, ODD_STANCE)
    labels.ensure_topic(project, ODD_TOPIC)
    first, _ = articles.insert_article(project, Article(None, TEXT, sha256_of(TEXT), title="Drones",
                                                       outlet="Tehran Times", published="2022-11-03"))
    other = "“No comment,” a spokesman said.\n"
    second, _ = articles.insert_article(project, Article(None, other, sha256_of(other), title="Quiet"))
    full = Quote(None, first, *_span("believable” on Tues"), "alice", kind="mixed", speaker="The minister",
                 speaker_span=_span("The minister"), cue_span=_span("said"), stance="opposes", claim="c",
                 topics=("conflict", ODD_TOPIC), note="two lines\nof note", origin="suggestion")
    for quote in (full, Quote(None, first, *_span("Fans 🙂👍🏽"), "alice", kind="indirect"),
                  Quote(None, first, *_span("the claims"), "bob", speaker_span=_span("The minister")),
                  replace(full, annotator=GOLD, stance=ODD_STANCE, topics=()),
                  Quote(None, second, 1, 11, "bob", speaker="a spokesman", stance="neutral")):
        quotes.insert_quote(project, quote)
    yield project
    project.close()


def _validate(config, tasks: list[dict], key: str) -> list[str]:
    """Every complaint the SDK has about the tasks' data and their annotations or predictions."""
    errors = []
    for number, task in enumerate(tasks):
        # What LabelInterface.validate_task checks of the data: each object's $variable is filled.
        errors += [f"task {number}: no data for ${obj.value_name}" for obj in config.objects
                   if obj.value_is_variable and task["data"].get(obj.value_name) is None]
        if not task.get(key):
            errors.append(f"task {number}: no {key}")
        for entry in task.get(key, []):
            errors += [f"task {number}: {error}" for error in config.validate_prediction(entry, return_errors=True)]
            if not config.validate_annotation(entry):
                errors.append(f"task {number}: annotation check failed")
    return errors


@pytest.mark.parametrize("predictions", [False, True])
def test_the_sdk_validates_config_and_every_task(project, tmp_path, predictions):
    out = tmp_path / "tasks.json"
    export_project(project, out, "labelstudio", predictions=predictions)
    config = interface.LabelInterface((tmp_path / "tasks.config.xml").read_text(encoding="utf-8"))
    config.validate()  # raises on a config Label Studio would refuse
    tasks = json.loads(out.read_text(encoding="utf-8"))

    assert _validate(config, tasks, "predictions" if predictions else "annotations") == []
    assert len(tasks) == 2 and sum(len(task.get("predictions", task.get("annotations"))) for task in tasks) == 4
    assert {ODD_STANCE, "opposes"} <= set(config.get_control("stance").labels)
    assert ODD_TOPIC in config.get_control("topics").labels


def test_the_check_catches_a_task_that_does_not_fit_the_config(project, tmp_path):
    """The validation above is not vacuous: a label, a choice or a relation the config lacks is reported."""
    out = tmp_path / "tasks.json"
    export_project(project, out, "labelstudio")
    config = interface.LabelInterface((tmp_path / "tasks.config.xml").read_text(encoding="utf-8"))
    tasks = json.loads(out.read_text(encoding="utf-8"))
    result = tasks[0]["annotations"][0]["result"]
    label = next(region for region in result if region["type"] == "labels")
    label["value"]["labels"] = ["QUOTES"]
    stance = next(region for region in result if region["from_name"] == "stance")
    stance["value"]["choices"] = ["furious"]
    tasks[1]["data"].pop("text")

    errors = _validate(config, tasks, "annotations")

    assert any("QUOTES" in error for error in errors) and any("furious" in error for error in errors)
    assert "task 1: no data for $text" in errors
