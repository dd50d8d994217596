"""Article details: EditArticle is undoable and checks its fields; a sidecar names each bad line."""

from __future__ import annotations

import json

import pytest

from annotator.core.model import Article
from annotator.core.text import sha256_of
from annotator.services.article_details import EditArticle
from annotator.services.metadata import DetailError, apply_sidecar, read_sidecar
from annotator.store import articles as article_store


def _article(project, text="Body of the article.", source="a.txt") -> int:
    article_id, _ = article_store.insert_article(project, Article(None, text, sha256_of(text), title="a", source=source))
    return article_id


def test_edit_article_changes_the_details_and_undo_restores_them(project):
    article_id = _article(project)
    command = EditArticle(article_id, title="  Iran denies   drone sales ", outlet="Reuters", published="2022-11-05",
                          url="https://example.org/a")
    change = command.do(project)
    assert change.articles == {article_id}
    article = article_store.get_article(project, article_id)
    assert (article.title, article.outlet, article.published) == ("Iran denies drone sales", "Reuters", "2022-11-05")
    command.undo(project)
    article = article_store.get_article(project, article_id)
    assert (article.title, article.outlet, article.url) == ("a", "", "")
    command.do(project)
    assert article_store.get_article(project, article_id).url == "https://example.org/a"


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ({"published": "5 Nov 2022"}, "date '5 Nov 2022' is not a date (YYYY-MM-DD)"),
        ({"url": "example.org"}, "url 'example.org' is not a web address"),
        ({"url": "javascript:alert(1)"}, "is not a web address"),
    ],
)
def test_edit_article_refuses_a_bad_detail_before_writing(project, details, message):
    article_id = _article(project)
    with pytest.raises(DetailError) as info:
        EditArticle(article_id, **details)
    assert message in str(info.value)
    assert article_store.get_article(project, article_id).published == ""


def test_a_csv_sidecar_gives_details_by_file_name(project, tmp_path):
    first, second = _article(project, "One.", "a.txt"), _article(project, "Two.", "b.txt")
    meta = tmp_path / "meta.csv"
    meta.write_text("file,title,outlet,date,url\nnews/a.txt,Drones denied,IRNA,2022-11-05,https://irna.ir/1\n"
                    "b.txt,,Reuters,,\nc.txt,Missing,X,,\n")
    sidecar = read_sidecar(meta)
    assert sidecar.errors == []
    updated, unmatched = apply_sidecar(project, sidecar)
    assert (updated, unmatched) == (2, ["c.txt"])
    a, b = article_store.get_article(project, first), article_store.get_article(project, second)
    assert (a.title, a.outlet, a.published, a.url) == ("Drones denied", "IRNA", "2022-11-05", "https://irna.ir/1")
    assert (b.title, b.outlet) == ("a", "Reuters")  # an empty cell keeps what the article had


def test_a_sidecar_names_every_bad_line(tmp_path):
    meta = tmp_path / "meta.jsonl"
    lines = [
        json.dumps({"file": "a.txt", "outlet": "AP"}),
        "{not json",
        json.dumps({"file": "b.txt", "date": "yesterday"}),
        json.dumps({"title": "no file"}),
        json.dumps({"file": "a.txt", "outlet": "again"}),
        json.dumps({"file": "c.txt", "colour": "red"}),
        json.dumps(["a list"]),
    ]
    meta.write_text("\n".join(lines) + "\n")
    errors = read_sidecar(meta).errors
    assert errors == [
        "meta.jsonl line 2: not valid JSON (Expecting property name enclosed in double quotes)",
        "meta.jsonl line 3 (b.txt): date 'yesterday' is not a date (YYYY-MM-DD)",
        "meta.jsonl line 4: no file name (a 'file' field naming the article's file)",
        "meta.jsonl line 5: a.txt is already given on line 1",
        "meta.jsonl line 6: unknown field colour (expected file, title, outlet, published (or date), url)",
        "meta.jsonl line 7: must be a JSON object",
    ]


def test_edit_article_undo_restores_every_table(project):
    from annotator.store.dump import dump_tables

    article_id = _article(project)
    command = EditArticle(article_id, outlet="AP", url="http://ap.org/x")
    before = dump_tables(project)
    command.do(project)
    after = dump_tables(project)
    assert after != before
    command.undo(project)
    assert dump_tables(project) == before
    command.do(project)
    assert dump_tables(project) == after
