"""Every quote's compared fields as columns, for agreement over a whole project.

A project's 200,000 quotes are read with one aggregate query that returns each column as one string
(``group_concat``), parsed by numpy: fetching them as 200,000 row tuples and taking those apart cost
more than the agreement figures computed from them. Both aggregates of one query see the rows in the
same order, so the columns line up. Names (annotators, speakers, claims) stay ids, coded into lists of
the names, and topics are coded by combination.
"""

from __future__ import annotations

import numpy as np

from annotator.core.quote_columns import Coded, QuoteColumns
from annotator.store.project import Project
from annotator.store.quotes import TOPIC_SEPARATOR

# Stances may be NULL, which group_concat would skip: NULL is sent as a character no label holds.
_NO_STANCE = "\x1e"
_COLUMNS = f"""
SELECT count(*), group_concat(article_id), group_concat(id), group_concat(start), group_concat("end"),
       group_concat(annotator_id), group_concat(kind, char(31)), group_concat(IFNULL(speaker_id, 0)),
       group_concat(IFNULL(stance, char({ord(_NO_STANCE)})), char(31)), group_concat(IFNULL(claim_id, 0))
FROM quotes
"""


def _ints(joined: str) -> np.ndarray:
    return np.fromstring(joined, dtype=np.int64, sep=",")


def _by_id(project: Project, table: str, column: str, used: np.ndarray) -> Coded:
    """A column of ids as codes into a list of names by id; sized past the largest id either side, so a
    dangling id (or 0 for none) reads as None rather than failing."""
    rows = project.db.conn.execute(f"SELECT id, {column} FROM {table}").fetchall()
    names: list[str | None] = [None] * (max([int(used.max()), *(key for key, _ in rows)]) + 1)
    for key, name in rows:
        names[key] = name
    return Coded(used, names)


def _topics(project: Project, ids: np.ndarray) -> Coded:
    """Each quote's topics (sorted by name) as a code into the list of combinations; code 0 is none."""
    codes = np.zeros(len(ids), dtype=np.int64)
    count, tagged, joined = project.db.conn.execute(
        "SELECT count(*), group_concat(quote_id), group_concat(topic, char(31)) FROM quote_topics").fetchone()
    if not count:
        return Coded(codes, [()])
    quote_ids, names = _ints(tagged), joined.split(TOPIC_SEPARATOR)
    labels = sorted(set(names))
    rank = {name: k for k, name in enumerate(labels)}
    label = np.fromiter(map(rank.__getitem__, names), np.int64, len(names))
    # Each tagged quote's topics as bits (63 labels to a word): distinct rows of words are the combinations.
    tagged_ids, row = np.unique(quote_ids, return_inverse=True)
    words = np.zeros((len(tagged_ids), len(labels) // 63 + 1), dtype=np.int64)
    np.bitwise_or.at(words, (row, label // 63), np.left_shift(1, label % 63))
    if words.shape[1] == 1:
        combinations, which = np.unique(words[:, 0], return_inverse=True)
        combinations = combinations[:, None]
    else:
        combinations, which = np.unique(words, axis=0, return_inverse=True)
    values = [()] + [tuple(name for k, name in enumerate(labels) if combo[k // 63] >> (k % 63) & 1)
                     for combo in combinations.tolist()]
    by_id = np.argsort(ids)
    codes[by_id[np.searchsorted(ids, tagged_ids, sorter=by_id)]] = which.reshape(-1) + 1
    return Coded(codes, values)


def compared_columns(project: Project) -> QuoteColumns:
    """Every quote (gold too) with only what alignment and agreement compare: span and tags, no note, cue
    or dates."""
    count, article, ids, start, end, annotator, kind, speaker, stance, claim = project.db.conn.execute(
        _COLUMNS).fetchone()
    if not count:
        return QuoteColumns.of_quotes([])
    ids = _ints(ids)
    stances = [None if value == _NO_STANCE else value for value in stance.split(TOPIC_SEPARATOR)]
    return QuoteColumns(
        _ints(article), ids, _ints(start), _ints(end), _by_id(project, "annotators", "name", _ints(annotator)),
        Coded.of(kind.split(TOPIC_SEPARATOR)), _by_id(project, "speakers", "name", _ints(speaker)),
        Coded.of(stances), _by_id(project, "claims", "text", _ints(claim)), _topics(project, ids),
    )
