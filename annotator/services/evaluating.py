"""Score the project's suggestions against a gold JSONL (``annotator eval``)."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.evaluation import GoldQuote, PredictedQuote, load_gold, score
from annotator.services.errors import AnnotatorError
from annotator.store import articles as article_store
from annotator.store import suggestions as suggestion_store
from annotator.store.project import Project

REQUIRED = ("doc", "start", "end")


class GoldFileError(AnnotatorError):
    """A gold file that cannot be used; the message names the file and line."""


def read_gold(path: Path) -> list[GoldQuote]:
    """Parse a gold JSONL file, naming the line of any bad record."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFileError(f"{path}: cannot read ({exc})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldFileError(f"{path}, line {number}: malformed JSON ({exc.msg})") from exc
        except RecursionError as exc:
            raise GoldFileError(f"{path}, line {number}: JSON nested too deeply to read") from exc
        if not isinstance(record, dict):
            raise GoldFileError(f"{path}, line {number}: expected a JSON object")
        missing = [key for key in REQUIRED if key not in record]
        if missing:
            raise GoldFileError(f"{path}, line {number}: missing {', '.join(missing)}")
        if not isinstance(record["start"], int) or not isinstance(record["end"], int):
            raise GoldFileError(f"{path}, line {number}: start and end must be integers")
        if not isinstance(record["doc"], str):
            raise GoldFileError(f"{path}, line {number}: doc must be a file name (a string)")
    return load_gold(lines)


def evaluate(project: Project, gold_path: Path, pipeline: str) -> dict:
    """Precision, recall, F1 (exact and overlap, by kind) and speaker accuracy of cached suggestions.

    Parameters
    ----------
    gold_path: JSONL with ``doc`` (the article's source file name), ``start``, ``end``, ``kind``,
        ``speaker`` and optional ``optional``.
    pipeline: the suggestion pipeline version whose cached suggestions are scored.
    """
    gold = read_gold(gold_path)
    by_name = {Path(a.source).name: a for a in article_store.all_articles(project) if a.source}
    docs = sorted({g.doc for g in gold})
    missing = [doc for doc in docs if doc not in by_name]
    if missing:
        raise GoldFileError(f"{gold_path}: no article imported from {', '.join(missing)}")
    texts, predictions = {}, []
    for doc in docs:
        article = by_name[doc]
        texts[doc] = article.text
        for s in suggestion_store.cached_suggestions(project, article.id, pipeline):
            predictions.append(PredictedQuote(doc, s.start, s.end, s.kind, s.speaker))
    for g in gold:
        if g.end > len(texts[g.doc]):
            raise GoldFileError(f"{gold_path}: record {g.id or g.start} lies outside the text of {g.doc}")
    result = score(gold, predictions, texts)
    result["documents"] = len(docs)
    result["pipeline"] = pipeline
    return result
