"""Precompute, cache and serve quote suggestions; the NLP layer computes, this layer stores."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.core.evaluation import overlap_ratio
from annotator.core.model import Article, Suggestion
from annotator.core.text import plural
from annotator.services.learning import Classifiers, model_key
from annotator.services.suggest_stream import PIECE_CHARS, merge, stream
from annotator.store import articles as article_store
from annotator.store import labels, registry
from annotator.store import quotes as quote_store
from annotator.store import suggestions as suggestion_store
from annotator.store.project import Project, ProjectError

if TYPE_CHECKING:  # spaCy loads only when suggestions are asked for
    from annotator.nlp.suggest import Suggester


@dataclass
class SuggestReport:
    """What a suggestion run did."""

    articles: int = 0
    computed: int = 0
    cached: int = 0
    suggestions: int = 0
    degraded: bool = False
    failed: list[str] = field(default_factory=list)  # one warning line per article that failed

    def summary(self) -> str:
        """One line for the command line."""
        note = " (degraded: no trained spaCy model, rules only)" if self.degraded else ""
        failed = f", {len(self.failed)} failed" if self.failed else ""
        return (
            f"Suggested {plural(self.suggestions, 'quote')} in {plural(self.articles, 'article')}: {self.computed} computed, "
            f"{self.cached} from cache{failed}{note}"
        )


def suggest_project(
    project: Project,
    suggester: Suggester,
    n_process: int = 1,
    progress: Callable[[int, int, Article], None] | None = None,
) -> SuggestReport:
    """Compute suggestions for every article not cached for this pipeline version, one commit per article.

    Parameters
    ----------
    suggester: the loaded NLP suggester (its ``version`` is the cache key).
    n_process: worker processes for spaCy.
    progress: called with (done, total, article) after each article.
    """
    report = SuggestReport(degraded=suggester.degraded)
    version = pipeline_key(project, suggester)
    articles = article_store.all_articles(project)
    report.articles = len(articles)
    todo = [a for a in articles if not suggestion_store.has_suggestions(project, a.id, version)]
    report.cached = len(articles) - len(todo)
    topics = labels.scheme(project).topics
    speakers = registry.all_speakers(project)
    classifiers = Classifiers(project) if todo else None
    found = _suggested(suggester, todo, topics, speakers, n_process)
    for done, (article, suggestions) in enumerate(found, start=1):
        try:
            if isinstance(suggestions, Exception):
                raise suggestions
            suggestions = classifiers.enrich(article.text, suggestions)
        except Exception as exc:  # noqa: BLE001 - one article never stops the others; named, not cached
            report.failed.append(f"article {article.id} ({article.title or article.source or 'untitled'}): "
                                 f"no suggestions ({exc.__class__.__name__}: {str(exc).splitlines()[0][:200]})")
        else:
            try:
                suggestion_store.store_suggestions(project, article.id, version, suggestions)
            except ProjectError as exc:
                # Each article is committed on its own: the earlier ones stay, and are not parsed again.
                raise type(exc)(f"{exc}; suggestions already stored for {plural(report.computed, 'article')} are kept, "
                                "and the next run goes on from there") from exc
            report.computed += 1
        if progress:
            progress(done, len(todo), article)
    for article in articles:
        report.suggestions += len(suggestion_store.cached_suggestions(project, article.id, version))
    return report


def _suggested(suggester: Suggester, todo: list[Article], topics, speakers, n_process: int) -> Iterator[tuple]:
    """Each article with its suggestions (or the exception that stopped them).

    Articles of one piece are parsed in batches; a longer one piece by piece as the window does it
    (services.suggest_stream), so both give it the same suggestions, and the rules' cost stays linear in
    its length.
    """
    short = [a for a in todo if len(a.text) <= PIECE_CHARS]
    yield from zip(short, suggester.suggest_many((a.text for a in short), topics, speakers, n_process=n_process),
                   strict=True)
    for article in todo:
        if len(article.text) > PIECE_CHARS:
            try:
                pieces: list[Suggestion] = []
                for piece in stream(suggester, article.text, topics, speakers):
                    pieces = merge(pieces, piece)
                yield article, pieces
            except Exception as exc:  # noqa: BLE001 - reported per article by the caller
                yield article, exc


def pipeline_key(project: Project, suggester: Suggester) -> str:
    """The cache key of suggestions: the rules' version plus the project's trained classifiers."""
    trained = model_key(project)
    return f"{suggester.version}+{trained}" if trained else suggester.version


def open_suggestions(project: Project, article_id: int, annotator: str, pipeline: str) -> list[Suggestion]:
    """Cached suggestions the annotator has not decided on and has not already marked as a quote."""
    return still_open(project, article_id, annotator, suggestion_store.cached_suggestions(project, article_id, pipeline))


def still_open(project: Project, article_id: int, annotator: str, suggestions: list[Suggestion]) -> list[Suggestion]:
    """Those of ``suggestions`` (cached, or still arriving) the annotator has neither decided on nor marked."""
    annotator_id = registry.annotator_id(project, annotator)
    decided = {} if annotator_id is None else suggestion_store.decided_spans(project, article_id, annotator_id)
    marked = sorted((q.start, q.end) for q in quote_store.quotes_for_article(project, article_id, annotator))
    starts = [m[0] for m in marked]
    longest = max((e - s for s, e in marked), default=0)

    def already_marked(s: Suggestion) -> bool:
        # Only quotes overlapping the suggestion can be it: a long article has hundreds of each.
        near = marked[bisect_left(starts, s.start - longest) : bisect_left(starts, s.end)]
        return any(overlap_ratio((s.start, s.end), m) >= 0.5 for m in near)

    # A suggestion the annotator already marked, even with other bounds (the same quote by the alignment
    # rule: shared characters >= half the longer span), is no longer news.
    return [s for s in suggestions if (s.start, s.end) not in decided and not already_marked(s)]


def cache_suggestions(project: Project, article_id: int, pipeline: str, suggestions: list[Suggestion]) -> None:
    """Store suggestions computed elsewhere (the window's worker) for one article."""
    suggestion_store.store_suggestions(project, article_id, pipeline, suggestions)


def cached(project: Project, article_id: int, pipeline: str) -> list[Suggestion] | None:
    """The cached suggestions of an article, or None when this pipeline has not run on it."""
    if not suggestion_store.has_suggestions(project, article_id, pipeline):
        return None
    return suggestion_store.cached_suggestions(project, article_id, pipeline)


def suggestion_records(project: Project, pipeline: str) -> Iterator[tuple[Article, list[Suggestion]]]:
    """Every article with its cached suggestions, for ``annotator suggest --out``."""
    for article in article_store.all_articles(project):
        yield article, suggestion_store.cached_suggestions(project, article.id, pipeline)
