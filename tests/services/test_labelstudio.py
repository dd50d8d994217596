"""Label Studio: tasks and labelling config out, the same quotes back, offsets in code points."""

from __future__ import annotations

import json
from dataclasses import replace
from xml.etree import ElementTree

import pytest

from annotator.core.model import GOLD, Article, Quote
from annotator.core.text import normalise, sha256_of
from annotator.services.exporting import export_project
from annotator.services.importing import import_paths
from annotator.services.projects import open_project
from annotator.services.readers_labelstudio import read_labelstudio_text
from annotator.store import articles, labels, quotes
from tests.services.labelstudio_schema import check_tasks

RAW = "Fans 🙂👍🏽 cheered.\r\nThe minister said the claims were “unbelievable” on Tuesday.\r\n"
TEXT = normalise(RAW).text
MID_WORD = "believable” on Tues"  # starts and ends mid-word, as Alt+Q allows
SPEAKER, CUE = "The minister", "said"
FIELDS = ("start", "end", "annotator", "kind", "speaker", "speaker_span", "cue_span", "stance", "claim",
          "topics", "note", "origin")


def _span(text: str) -> tuple[int, int]:
    start = TEXT.index(text)
    return start, start + len(text)


@pytest.fixture
def filled():
    """A project with one article and quotes by two annotators and gold, every field set somewhere."""
    project = open_project(memory=True)
    article_id, _ = articles.insert_article(
        project, Article(None, TEXT, sha256_of(TEXT), title="Drones", outlet="Tehran Times", url="https://x.example/1",
                         published="2022-11-03", source="a.txt"))
    full = Quote(None, article_id, *_span(MID_WORD), "alice", kind="mixed", speaker="Hossein Amir-Abdollahian",
                 speaker_span=_span(SPEAKER), cue_span=_span(CUE), stance="opposes", claim="Iran sold drones",
                 topics=("conflict", "diplomacy"), note="two lines\nof note", origin="suggestion")
    bare = Quote(None, article_id, *_span("Fans 🙂👍🏽"), "alice", kind="indirect")
    mention_only = Quote(None, article_id, *_span("the claims"), "bob", speaker_span=_span(SPEAKER))
    labels.ensure_stance(project, "a new stance")
    for quote in (full, bare, mention_only, replace(full, annotator=GOLD, stance="a new stance")):
        quotes.insert_quote(project, quote)
    yield project
    project.close()


def _fields(quote: Quote) -> tuple:
    return tuple(getattr(quote, name) for name in FIELDS)


def _everything(project) -> list[tuple]:
    return sorted((_fields(q) for q in quotes.all_quotes(project)), key=repr)


def _export(project, out, **options) -> list[dict]:
    export_project(project, out, "labelstudio", **options)
    return json.loads(out.read_text(encoding="utf-8"))


def _reimport(path, annotator="importer"):
    again = open_project(memory=True)
    report = import_paths(again, [path], annotator)
    return again, report


def test_every_quote_and_field_comes_back_from_annotations(filled, tmp_path):
    out = tmp_path / "tasks.json"
    (task,) = _export(filled, out)
    assert task["meta"]["annotators"] == ["alice", "bob", GOLD]
    assert [a["ground_truth"] for a in task["annotations"]] == [False, False, True]
    again, report = _reimport(out)
    assert report.rejected == [] and report.quotes_added == 4
    assert _everything(again) == _everything(filled)
    (article,) = articles.all_articles(again)
    assert (article.title, article.outlet, article.url, article.published, article.source) == (
        "Drones", "Tehran Times", "https://x.example/1", "2022-11-03", "a.txt")
    assert "a new stance" in {label.name for label in labels.scheme(again).stances}


def test_predictions_carry_the_annotator_in_model_version_and_come_back(filled, tmp_path):
    out = tmp_path / "pre.json"
    (task,) = _export(filled, out, predictions=True)
    assert "annotations" not in task
    assert [p["model_version"] for p in task["predictions"]] == ["annotator/alice", "annotator/bob", "annotator/gold"]
    del task["meta"]  # the names must survive without our meta too
    out.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    again, _ = _reimport(out)
    assert _everything(again) == _everything(filled)


def test_emoji_crlf_and_mid_word_quote_keep_their_code_point_offsets(filled, tmp_path):
    out = tmp_path / "tasks.json"
    (task,) = _export(filled, out)
    regions = [r for r in task["annotations"][0]["result"] if r["type"] == "labels"]
    for region in regions:
        value = region["value"]
        assert task["data"]["text"][value["start"] : value["end"]] == value["text"]
    assert {r["value"]["text"] for r in regions} == {MID_WORD, "Fans 🙂👍🏽", SPEAKER, CUE}
    (document,) = read_labelstudio_text(out, out.read_text(encoding="utf-8"))
    assert {document.text[q.start : q.end] for q in document.quotes} >= {MID_WORD, "Fans 🙂👍🏽", "the claims"}


def test_tasks_fit_the_labelling_config_written_beside_them(filled, tmp_path):
    out = tmp_path / "tasks.json"
    report = export_project(filled, out, "labelstudio")
    config = tmp_path / "tasks.config.xml"
    assert "tasks.config.xml" in report.summary()
    xml = config.read_text(encoding="utf-8")
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert check_tasks(tasks, xml) > 10
    stances = {c.get("value") for c in ElementTree.fromstring(xml).find(".//Choices[@name='stance']")}
    assert {"supports", "opposes", "a new stance"} <= stances  # the scheme's, and one only a quote uses
    predictions = tmp_path / "pre.json"
    export_project(filled, predictions, "labelstudio", predictions=True)
    check_tasks(json.loads(predictions.read_text(encoding="utf-8")), xml)


def test_a_label_studio_made_task_reads_with_its_users_and_mentions(tmp_path):
    """A task as Label Studio exports one: its own region ids, users by number, CRLF text, no fields of ours."""
    raw = "Intro.\r\n“We deny it,” the minister said. 🙂 Later he added that talks go on.\r\n"
    quote, speaker = raw.index("We deny it"), raw.index("the minister")
    later = raw.index("talks go on")
    task = {"id": 7, "data": {"text": raw, "title": "Denial"}, "meta": {}, "annotations": [
        {"id": 1, "completed_by": 3, "was_cancelled": False, "result": [
            {"id": "aB3", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": quote, "end": quote + 10, "text": "We deny it", "labels": ["Quote"]}},
            {"id": "cD4", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": speaker, "end": speaker + 12, "text": "the minister", "labels": ["Speaker"]}},
            {"id": "x", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": 0, "end": 5, "text": "Intro", "labels": ["PERSON"]}},
            {"from_id": "aB3", "to_id": "cD4", "type": "relation", "direction": "right", "labels": []},
            {"id": "aB3", "from_name": "stance", "to_name": "text", "type": "choices",
             "value": {"start": quote, "end": quote + 10, "choices": ["opposes"]}},
        ]},
        {"id": 2, "completed_by": 4, "was_cancelled": True, "result": [
            {"id": "zz", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": later, "end": later + 11, "labels": ["QUOTE"]}}]},
    ], "predictions": [{"model_version": "x", "result": [
        {"id": "p", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": later, "end": later + 11, "labels": ["QUOTE"]}}]}]}
    path = tmp_path / "export.json"
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    (document,) = read_labelstudio_text(path, path.read_text(encoding="utf-8"))
    (only,) = document.quotes  # the cancelled annotation and the prediction beside an annotation are left out
    assert document.text == normalise(raw).text and document.title == "Denial"
    assert document.text[only.start : only.end] == "We deny it"
    assert document.text[slice(*only.speaker_span)] == "the minister"
    assert (only.annotator, only.speaker, only.stance, only.kind, only.origin) == (
        "labelstudio-3", "the minister", "opposes", "direct", "import")


def test_offsets_of_an_older_label_studio_in_utf16_units_are_recognised(tmp_path):
    text = "🙂🙂 He said: no deal."
    start = len(text[: text.index("no deal")].encode("utf-16-le")) // 2  # UTF-16 units before the quote
    task = {"data": {"text": text}, "predictions": [{"result": [
        {"id": "r", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": start, "end": start + 7, "text": "no deal", "labels": ["QUOTE"]}}]}]}
    path = tmp_path / "old.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    (document,) = read_labelstudio_text(path, path.read_text(encoding="utf-8"))
    (quote,) = document.quotes
    assert text[quote.start : quote.end] == "no deal" and quote.origin == "suggestion"


def test_bad_files_are_named_with_the_task_and_the_rest_still_imports(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps([{"data": {"text": "He said no."}}]), encoding="utf-8")
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps([{"data": {"text": "ok"}}, {"data": {"text": "short"}, "annotations": [
        {"result": [{"id": "a", "type": "labels", "from_name": "label", "to_name": "text",
                     "value": {"start": 2, "end": 99, "labels": ["QUOTE"]}}]}]}]), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('[{"data": ', encoding="utf-8")
    other = tmp_path / "package.json"
    other.write_text('{"name": "x", "version": "1"}', encoding="utf-8")
    flattened = tmp_path / "min.json"
    flattened.write_text(json.dumps([{"id": 1, "text": "a", "label": [], "annotation_id": 3}]), encoding="utf-8")
    project = open_project(memory=True)
    report = import_paths(project, [tmp_path], "me")
    assert report.articles_added == 1
    reasons = dict(report.rejected)
    assert "outside.json: task 2: annotations[0].result[0]: span 2-99 is outside the text" in reasons[outside]
    assert "malformed JSON" in reasons[broken]
    assert "JSON-MIN export" in reasons[flattened] and "export the project as JSON instead" in reasons[flattened]
    assert [path for path, _ in report.not_articles] == [other]
    assert len(articles.all_articles(project)) == 1  # nothing of the rejected files was kept


def test_the_command_line_round_trips_the_sample_quotes_through_label_studio(tmp_path, capsys):
    from annotator.cli import main
    from tests.test_cli import _gold_jsonl

    first, second = tmp_path / "a.annotator.db", tmp_path / "b.annotator.db"
    assert main(["import", "--db", str(first), str(_gold_jsonl(tmp_path))]) == 0
    out = tmp_path / "ls.json"
    assert main(["export", "--db", str(first), "--out", str(out), "--predictions"]) == 0
    assert "with its labelling config" in capsys.readouterr().out
    assert main(["import", "--db", str(second), str(out)]) == 0
    with open_project(first) as a, open_project(second) as b:
        assert _everything(a) == _everything(b) and len(_everything(a)) > 10


def test_predictions_are_refused_for_other_formats_with_one_line(tmp_path, capsys):
    from annotator.cli import main

    out = tmp_path / "x.csv"
    assert main(["export", "--db", str(tmp_path / "p.annotator.db"), "--out", str(out), "--predictions"]) != 0
    assert "--predictions is for Label Studio exports" in capsys.readouterr().err
    assert not out.exists()


def test_without_our_meta_ground_truth_is_gold_and_unnamed_versions_go_to_the_importer(filled, tmp_path):
    out = tmp_path / "tasks.json"
    (task,) = _export(filled, out)
    del task["meta"]  # as if Label Studio had dropped it
    task["annotations"][1]["completed_by"] = {"id": 9, "email": "bob@example.org"}
    out.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    again, _ = _reimport(out, annotator="importer")
    assert sorted({q.annotator for q in quotes.all_quotes(again)}) == ["bob@example.org", GOLD, "importer"]
