"""The scale benchmark's generated corpus: deterministic, as large as promised, and its baseline merge whole."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))
_scale_data = pytest.importorskip("_scale_data")
_scale_bare = pytest.importorskip("_scale_bare")


def test_the_generator_gives_the_same_corpus_twice() -> None:
    first, second = _scale_data.generate(20), _scale_data.generate(20)
    assert [a.text for a in first[0]] == [a.text for a in second[0]]
    assert first[3] == second[3]


def test_the_corpus_has_the_promised_size_and_mostly_shared_quotes() -> None:
    articles, speakers, claims, per_annotator = _scale_data.generate(20)
    assert len(articles) == 20 and len(speakers) == 2000 and len(claims) == 1000
    assert len({a.outlet for a in articles}) > 5
    assert 2000 < sum(len(a.text) for a in articles) / 20 < 4000  # news-sized, about 3 KB
    quotes = sum(len(rows) for rows in per_annotator)
    assert 15 * 20 <= quotes <= 25 * 20  # about 20 per article across the three annotators
    spans = sum(len(a.spans) for a in articles)
    assert quotes / spans > 2  # most quotes are marked by two or three annotators


def test_generated_spans_point_at_quotes_and_speakers_in_the_text() -> None:
    articles, speakers, _claims, _rows = _scale_data.generate(5)
    marks = {o for o, _c in _scale_data.MARKS}
    for article in articles:
        for span in article.spans:
            speaker = speakers[span.speaker]
            mention = article.text[slice(*span.speaker_span)]
            assert mention in (speaker.name, *speaker.aliases)
            if span.kind == "direct":
                assert article.text[span.start] in marks
            assert article.text[slice(*span.cue_span)] in (*_scale_data.CUES, *_scale_data.REPORT_CUES)


def test_written_projects_open_in_the_app_and_the_bare_merge_keeps_every_quote(tmp_path: Path) -> None:
    from annotator.services.info import project_info
    from annotator.services.projects import open_project

    articles, speakers, claims, per_annotator = _scale_data.generate(3)
    paths = []
    for index, name in enumerate(_scale_data.ANNOTATORS):
        path = tmp_path / f"{name}.annotator.db"
        _scale_data._write_project(path, name, articles, speakers, claims, per_annotator[index], {0}, [])
        paths.append(path)
    with open_project(paths[0]) as project:
        info = project_info(project)
    assert info["articles"] == 3 and info["speakers"] == 2000
    target = tmp_path / "review.annotator.db"
    open_project(target).close()
    _scale_bare.merge(target, paths)
    with open_project(target) as review:
        merged = project_info(review)
    assert merged["articles"] == 3
    assert merged["quotes"] == {name: len(rows) for name, rows in zip(_scale_data.ANNOTATORS, per_annotator, strict=True)}
