"""An export reads its quote rows in the order it writes them, straight from an index."""

from __future__ import annotations

from annotator.core.model import Article, Quote
from annotator.store import articles, export_rows, quotes


def test_a_batch_gives_rows_by_article_annotator_start_end_and_id_without_sorting_in_sql(project):
    article_id, _ = articles.insert_article(project, Article(None, "One two three four five six.", "sha-1"))
    for start, end, name in [(4, 18, "zoe"), (0, 9, "zoe"), (4, 8, "zoe"), (4, 8, "amy"), (0, 3, "amy")]:
        quotes.insert_quote(project, Quote(None, article_id, start, end, name))
    (batch,) = export_rows.batches(project)
    names = export_rows.names(project).annotators
    assert [(names[row[1]], row[3], row[4]) for row in batch.rows] == [
        ("zoe", 0, 9), ("zoe", 4, 8), ("zoe", 4, 18), ("amy", 0, 3), ("amy", 4, 8)  # zoe was made first
    ]
    plan = " ".join(row[-1] for row in project.db.conn.execute(
        "EXPLAIN QUERY PLAN " + export_rows._ROWS.format(only=""), (article_id, article_id)))
    assert "quotes_article" in plan and "TEMP B-TREE" not in plan
