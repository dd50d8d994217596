"""The lead reviewer's work: aligned groups per article, decisions into gold, review status.

A decision is stored against its group's key (each member's annotator and span). It stands while the
group's versions are the ones it was decided on; a merge that changes them (a member added, removed, or
with another span or field) withdraws it (see ``annotator.services.merging``). The group is then
*reopened*: undecided again, and the gold quote that decision had put in stays, shown as the group's
gold, until the reviewer decides again. Which gold quotes belong to a group: the one of its standing
decision, and every gold quote no standing decision holds whose span matches one of the group's
quotes (the alignment rule), each given to the group it overlaps best. A new decision on a group
replaces all of them, so a group never has two gold quotes, however often it was reopened.

An article's review status is derived from its decisions (to review, in review, done when every group
is decided), so undoing or redoing a decision moves it; only the reviewer's own "done" mark is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from annotator.core.alignment import Group, align, overlap_ratio, shared_chars, spans_match
from annotator.core.model import GOLD, Quote
from annotator.core.text import plural
from annotator.core.unanimity import shared_spans
from annotator.services.commands import AddQuote, Change, Command, DeleteQuote, Macro
from annotator.store import compared as compared_store
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
    gold: Quote | None  # the decided gold version, or the one of a withdrawn decision (reopened)
    replaces: tuple[int, ...] = field(default=())  # ids of the gold quotes a new decision replaces

    @property
    def key(self) -> str:
        return self.group.key

    @property
    def disagreements(self) -> tuple[str, ...]:
        return self.group.disagreements()

    @property
    def reopened(self) -> bool:
        """Decided once, opened again because its versions changed; ``gold`` is what was decided."""
        return self.decision is None and self.gold is not None


def annotators_of(quotes: list[Quote]) -> list[str]:
    """The annotators (gold aside) with quotes in a list, sorted."""
    return sorted({q.annotator for q in quotes} - {GOLD})


def review_items(project: Project, article_id: int) -> list[ReviewItem]:
    """The aligned groups of an article in text order, with decisions and gold versions."""
    quotes = quote_store.quotes_for_article(project, article_id)
    return _items(article_id, quotes, review_store.decisions(project, article_id))


def _items(article_id: int, quotes: list[Quote], decided: dict[str, tuple]) -> list[ReviewItem]:
    """Review items from an article's quotes (gold included) and its decisions."""
    gold = {q.id: q for q in quotes if q.annotator == GOLD}
    groups = align([q for q in quotes if q.annotator != GOLD])
    keys = {group.key for group in groups}
    held = {row[2] for key, row in decided.items() if key in keys}
    loose = _gold_by_group([q for q in gold.values() if q.id not in held], groups)
    items = []
    for k, group in enumerate(groups):
        decision, source, gold_id = decided.get(group.key, (None, "", None))
        previous = loose.get(k, [])
        shown = gold.get(gold_id) if decision is not None else (previous[0] if previous else None)
        own = (gold_id,) if gold_id in gold else ()
        items.append(ReviewItem(article_id, group, decision, source, shown, own + tuple(q.id for q in previous)))
    return items


def _gold_by_group(loose: list[Quote], groups: list[Group]) -> dict[int, list[Quote]]:
    """Give each gold quote no decision holds to the group (index) it matches best, if any."""
    out: dict[int, list[Quote]] = {}
    for quote in sorted(loose, key=lambda q: (q.start, q.end, q.id)):
        scores = [
            (max(overlap_ratio(quote, m) for m in group.quotes), max(shared_chars(quote, m) for m in group.quotes), -k)
            for k, group in enumerate(groups) if any(spans_match(quote, m) for m in group.quotes)
        ]
        if scores:
            out.setdefault(-max(scores)[2], []).append(quote)
    return out


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
    """Settle a group: put a version into gold (``quote`` given) or reject it (``quote`` None).

    The group's gold quotes (``replaces``; looked up when not given) are removed first, so the group
    ends with the one gold quote of this decision, or none.
    """

    def __init__(self, article_id: int, group_key: str, quote: Quote | None, source: str,
                 replaces: Sequence[int] | None = None):
        super().__init__()
        self.article_id, self.group_key, self.source = article_id, group_key, source
        self.quote = None if quote is None else replace(quote, id=None, annotator=GOLD, article_id=article_id)
        self.text = "Reject group" if quote is None else f"Take {source} version into gold"
        self._replaces = None if replaces is None else tuple(replaces)
        self._before: tuple | None = None
        self._removed: list[DeleteQuote] | None = None
        self._added: AddQuote | None = None

    def _do(self, project: Project) -> Change:
        self._before = review_store.decision_row(project, self.article_id, self.group_key)
        change = Change(articles={self.article_id})
        if self._removed is None:
            replaces = self._replaces if self._replaces is not None else self._gold_of_group(project)
            old_gold = self._before[4] if self._before else None
            ids = dict.fromkeys((*([old_gold] if old_gold is not None else []), *replaces))
            self._removed = [DeleteQuote(quote_id) for quote_id in ids]
        for removal in self._removed:
            change |= removal._do(project)
        gold_id = None
        if self.quote is not None:
            self._added = self._added or AddQuote(self.quote)
            change |= self._added._do(project)
            gold_id = self._added.quote_id
        decision = "rejected" if self.quote is None else "gold"
        review_store.put_decision(project, self.article_id, self.group_key, decision, self.source, gold_id)
        return change

    def first_do_is_plain(self) -> bool:
        """Never done yet, takes a version into gold and was told it replaces nothing."""
        return self._removed is None and self.quote is not None and self._replaces == ()

    def took(self, snapshot: dict) -> Change:
        """Record that the gold quote went in (as ``snapshot``) and the decision with it, written in bulk."""
        self._before, self._removed = None, []
        self._added = AddQuote.inserted(self.quote, snapshot)
        return Change(articles={self.article_id}) | self._added._change()

    def _gold_of_group(self, project: Project) -> tuple[int, ...]:
        item = next((i for i in review_items(project, self.article_id) if i.key == self.group_key), None)
        return () if item is None else item.replaces

    def _undo(self, project: Project) -> Change:
        change = Change(articles={self.article_id})
        review_store.restore_decision(project, self.article_id, self.group_key, None)
        if self._added is not None:
            change |= self._added._undo(project)
        for removal in reversed(self._removed or []):
            change |= removal._undo(project)
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
    """One undo step taking every undecided unanimous group into gold (None when there is none).

    A unanimous group's members share one span, so only spans every annotator of the article marked are
    looked at (``annotator.core.unanimity``, over the project's quotes read as columns). Where each
    annotator marked such a span once, those quotes are the group, as alignment would make it; its
    decision is looked up by key. An article with a span marked twice by one annotator, or with gold
    quotes and an undecided unanimous group (an earlier gold may be that group's), is aligned in full.
    Nothing else is read article by article.
    """
    shared = shared_spans(compared_store.compared_columns(project))
    decided = review_store.all_decisions(project)
    candidates = shared.articles
    wanted = sorted(candidates) if article_ids is None else [a for a in article_ids if a in candidates]
    chosen: list[tuple[int, str, int, tuple[int, ...]]] = []
    for article_id in wanted:
        if article_id in shared.doubled:
            chosen += _unanimous_aligned(project, article_id)
            continue
        taken = decided.get(article_id, {})
        pending = [span for span in shared.spans[article_id] if span.key not in taken]
        if pending and article_id in shared.with_gold:
            # Earlier gold quotes may belong to these groups (reopened ones): the full rules decide.
            chosen += _unanimous_aligned(project, article_id)
            continue
        chosen += [(article_id, span.key, span.first_id, ()) for span in pending]
    if not chosen:
        return None
    full = review_store.quotes_by_id(project, [first_id for _, _, first_id, _ in chosen])
    commands = [DecideGroup(article_id, key, full[first_id], "unanimous", replaces)
                for article_id, key, first_id, replaces in chosen]
    return BulkDecisions(f"Accept {plural(len(commands), 'unanimous quote')}", commands)


def _unanimous_aligned(project: Project, article_id: int) -> list[tuple[int, str, int, tuple[int, ...]]]:
    """The undecided unanimous groups of one article, found by aligning it in full."""
    items = review_items(project, article_id)
    everyone = sorted({a for item in items for a in item.group.annotators})
    out = []
    for item in items:
        if item.decision is None and len(everyone) > 1 and item.group.is_unanimous(everyone):
            first = item.group.quotes[0]
            # A reopened group whose earlier gold differs is the reviewer's to settle, not a bulk step's.
            if item.gold is None or not Group((first, item.gold)).disagreements():
                out.append((article_id, item.key, first.id, item.replaces))
    return out


class BulkDecisions(Macro):
    """Many decisions as one undo step; what changed is gathered in place (copying it per step was quadratic).

    The first time, decisions that only take a version into gold (nothing to replace, no decision on
    the group yet) are written together: their gold quotes in one statement, their decisions in another.
    Each command is then left as if it had run on its own, so undo and redo go command by command.
    """

    def _do(self, project: Project) -> Change:
        plain = [command for command in self.commands if command.first_do_is_plain()]
        if len(plain) > 1:
            decided = review_store.decided_keys(project)
            plain = [command for command in plain if (command.article_id, command.group_key) not in decided]
        rest = self.commands
        changes: list[Change] = []
        if len(plain) > 1:
            snapshots = quote_store.insert_quotes(project, [command.quote for command in plain])
            review_store.put_decisions(project, [(command.article_id, command.group_key, "gold", command.source,
                                                  snapshot["row"][0]) for command, snapshot in zip(plain, snapshots,
                                                                                                   strict=True)])
            for command, snapshot in zip(plain, snapshots, strict=True):
                changes.append(command.took(snapshot))
            done = set(map(id, plain))
            rest = [command for command in self.commands if id(command) not in done]
        return _gathered([*changes, *(command._do(project) for command in rest)])

    def _undo(self, project: Project) -> Change:
        return _gathered(command._undo(project) for command in reversed(self.commands))


def _gathered(changes: Iterable[Change]) -> Change:
    total = Change()
    for change in changes:
        total.quotes |= change.quotes
        total.articles |= change.articles
        total.speakers = total.speakers or change.speakers
        total.claims = total.claims or change.claims
    return total


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
