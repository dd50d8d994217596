"""The lead reviewer's work: aligned groups per article, decisions into gold, review status."""

from __future__ import annotations

from dataclasses import dataclass, replace

from annotator.core.alignment import Group, align
from annotator.core.model import GOLD, Quote
from annotator.services.commands import AddQuote, Change, Command, DeleteQuote, Macro
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.store import review as review_store
from annotator.store.project import Project

REVIEW_STATUSES = ("to_review", "in_review", "done")


@dataclass(frozen=True)
class ReviewItem:
    """One aligned group with the reviewer's decision on it (if any)."""

    article_id: int
    group: Group
    decision: str | None  # "gold", "rejected" or None
    source: str  # which annotator's version was taken, or "edited"
    gold: Quote | None

    @property
    def key(self) -> str:
        return self.group.key

    @property
    def disagreements(self) -> tuple[str, ...]:
        return self.group.disagreements()


def annotators_of(quotes: list[Quote]) -> list[str]:
    """The annotators (gold aside) with quotes in a list, sorted."""
    return sorted({q.annotator for q in quotes} - {GOLD})


def review_items(project: Project, article_id: int) -> list[ReviewItem]:
    """The aligned groups of an article in text order, with decisions and gold versions."""
    quotes = quote_store.quotes_for_article(project, article_id)
    gold = {q.id: q for q in quotes if q.annotator == GOLD}
    decided = review_store.decisions(project, article_id)
    items = []
    for group in align([q for q in quotes if q.annotator != GOLD]):
        decision, source, gold_id = decided.get(group.key, (None, "", None))
        items.append(ReviewItem(article_id, group, decision, source, gold.get(gold_id)))
    return items


def article_review_status(project: Project, article_id: int, items: list[ReviewItem] | None = None) -> str:
    """to_review (nothing decided), in_review (some groups decided) or done (all, or marked done)."""
    stored = review_store.review_status(project, article_id)
    if stored == "done":
        return "done"
    items = review_items(project, article_id) if items is None else items
    decided = sum(item.decision is not None for item in items)
    if items and decided == len(items):
        return "done"
    return "in_review" if decided else "to_review"


class DecideGroup(Command):
    """Settle a group: put a version into gold (``quote`` given) or reject it (``quote`` None)."""

    def __init__(self, article_id: int, group_key: str, quote: Quote | None, source: str):
        super().__init__()
        self.article_id, self.group_key, self.source = article_id, group_key, source
        self.quote = None if quote is None else replace(quote, id=None, annotator=GOLD, article_id=article_id)
        self.text = "Reject group" if quote is None else f"Take {source} version into gold"
        self._before: tuple | None = None
        self._removed: DeleteQuote | None = None
        self._added: AddQuote | None = None

    def _do(self, project: Project) -> Change:
        self._before = review_store.decision_row(project, self.article_id, self.group_key)
        change = Change(articles={self.article_id})
        old_gold = self._before[4] if self._before else None
        if old_gold is not None:
            self._removed = self._removed or DeleteQuote(old_gold)
            change |= self._removed._do(project)
        gold_id = None
        if self.quote is not None:
            self._added = self._added or AddQuote(self.quote)
            change |= self._added._do(project)
            gold_id = self._added.quote_id
        decision = "rejected" if self.quote is None else "gold"
        review_store.put_decision(project, self.article_id, self.group_key, decision, self.source, gold_id)
        return change

    def _undo(self, project: Project) -> Change:
        change = Change(articles={self.article_id})
        review_store.restore_decision(project, self.article_id, self.group_key, None)
        if self._added is not None:
            change |= self._added._undo(project)
        if self._removed is not None:
            change |= self._removed._undo(project)
        review_store.restore_decision(project, self.article_id, self.group_key, self._before)
        return change


class SetReviewStatus(Command):
    """Mark an article's review as done (or reopen it)."""

    text = "Set review status"

    def __init__(self, article_id: int, status: str | None):
        super().__init__()
        self.article_id, self.status = article_id, status
        self._before: str | None = None

    def _do(self, project: Project) -> Change:
        self._before = review_store.review_status(project, self.article_id)
        review_store.set_review_status(project, self.article_id, self.status)
        return Change(articles={self.article_id})

    def _undo(self, project: Project) -> Change:
        review_store.set_review_status(project, self.article_id, self._before)
        return Change(articles={self.article_id})


def unanimous_decisions(project: Project, article_ids: list[int] | None = None) -> Macro | None:
    """One undo step taking every undecided unanimous group into gold (None when there is none)."""
    ids = article_ids if article_ids is not None else [a.id for a in article_store.all_articles(project)]
    commands: list[Command] = []
    for article_id in ids:
        items = review_items(project, article_id)
        everyone = sorted({a for item in items for a in item.group.annotators})
        for item in items:
            if item.decision is None and len(everyone) > 1 and item.group.is_unanimous(everyone):
                first = item.group.quotes[0]
                commands.append(DecideGroup(article_id, item.key, first, "unanimous"))
    if not commands:
        return None
    return Macro(f"Accept {len(commands)} unanimous quote(s)", commands)


def gold_differences(project: Project, article_id: int, annotator: str) -> list[tuple[Quote | None, Quote | None, tuple]]:
    """Where an annotator's version differs from gold: (theirs, gold, differing fields) per aligned group."""
    quotes = quote_store.quotes_for_article(project, article_id)
    mine = [q for q in quotes if q.annotator in (annotator, GOLD)]
    differences = []
    for group in align(mine, include_gold=True):
        members = group.by_annotator
        theirs, gold = members.get(annotator), members.get(GOLD)
        if theirs is None or gold is None:
            differences.append((theirs, gold, ("missing",) if gold is not None else ("extra",)))
        elif group.disagreements():
            differences.append((theirs, gold, group.disagreements()))
    return differences
