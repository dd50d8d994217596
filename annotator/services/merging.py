"""Bring annotators' project files together in a review project, idempotently.

Merging a newer file of an annotator updates that annotator's quotes in place (matched by article and
span), adds the new ones and removes those gone from the file. Review decisions follow one rule: a
decision stands only while its group is made of the very versions it was decided on. So, for each
article of a merged file, the decided groups' versions (each member's annotator, span, kind, speaker,
stance, claim and topics: what the review view compares) are noted before the merge and compared after
it; a decision whose group changed (a member added, removed or edited, or the group gone) is withdrawn
and counted as reopened. Its gold quote is kept: the review view shows it as the reopened group's gold,
and the reviewer's next decision on the group replaces it (``annotator.services.review``). An article
the reviewer had marked done is no longer marked so when one of its groups reopens. Notes, origins and
speaker or cue offsets take no part: the reviewer never compares them, so their edits reopen nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.core.alignment import Group
from annotator.core.model import GOLD, Quote, Speaker
from annotator.services.review import review_items
from annotator.store import articles as article_store
from annotator.store import labels, registry
from annotator.store import quotes as quote_store
from annotator.store import review as review_store
from annotator.store.project import Project

# Fields that make two versions of one annotator's quote (same article and span) differ.
_COMPARED = ("kind", "speaker", "speaker_span", "cue_span", "stance", "claim", "topics", "note", "origin")


@dataclass
class MergeReport:
    """What came in from the merged files."""

    files: int = 0
    articles_added: int = 0
    annotators: set[str] = field(default_factory=set)
    quotes_added: int = 0
    quotes_updated: int = 0
    quotes_removed: int = 0
    quotes_unchanged: int = 0
    speakers_added: int = 0
    groups_reopened: int = 0
    conflicts: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the command line and the window."""
        who = ", ".join(sorted(self.annotators)) or "nobody"
        line = (
            f"Merged {self.files} file(s) from {who}: {self.articles_added} new article(s), "
            f"{self.quotes_added} quote(s) added, {self.quotes_updated} updated, {self.quotes_removed} removed, "
            f"{self.quotes_unchanged} unchanged, {self.speakers_added} new speaker(s)"
        )
        if self.groups_reopened:
            line += f", {self.groups_reopened} decided group(s) reopened"
        if self.conflicts:
            line += f", {len(self.conflicts)} speaker conflict(s)"
        return line


def merge_projects(review: Project, paths: list[Path]) -> MergeReport:
    """Merge each annotator project at ``paths`` into ``review``, one transaction per file.

    Parameters
    ----------
    review: the reviewer's project (written).
    paths: annotators' project files (only read).
    """
    report = MergeReport()
    for path in paths:
        if Path(path).resolve() == (review.path.resolve() if review.path else None):
            raise ValueError(f"{path}: cannot merge a project into itself")
        with Project(path, read_only=True) as other, review.atomic():
            _merge_one(review, other, report)
        report.files += 1
    return report


def _merge_one(review: Project, other: Project, report: MergeReport) -> None:
    article_ids: dict[int, int] = {}
    for article in article_store.all_articles(other):
        review_id, created = article_store.insert_article(review, replace(article, id=None))
        article_ids[article.id] = review_id
        report.articles_added += created
    names = _merge_speakers(review, registry.all_speakers(other), report)
    other_scheme = labels.scheme(other)
    for stance in other_scheme.stances:
        labels.ensure_stance(review, stance.name)
    for topic in other_scheme.topics:
        labels.ensure_topic(review, topic.name)
    incoming: dict[str, list[Quote]] = {}
    for quote in quote_store.all_quotes(other):
        mapped = replace(quote, id=None, article_id=article_ids[quote.article_id],
                         speaker=names.get(quote.speaker, quote.speaker) if quote.speaker else None)
        incoming.setdefault(quote.annotator, []).append(mapped)
    decided = {article_id: _decided_versions(review, article_id) for article_id in set(article_ids.values())}
    for annotator, quotes in incoming.items():
        report.annotators.add(annotator)
        _merge_annotator(review, annotator, quotes, set(article_ids.values()), report)
    # An annotator's "done" (Ctrl+D) travels too: an article marked done without quotes is their answer
    # "no quotes here", which the exports keep.
    for article_id, annotator, status in article_store.article_statuses(other):
        if annotator != GOLD:
            annotator_id = registry.ensure_annotator(review, annotator)
            article_store.set_article_status(review, article_ids[article_id], annotator_id, status)
    for article_id, before in decided.items():
        if before is not None:
            report.groups_reopened += _withdraw_changed(review, article_id, before)


def _versions(group: Group) -> tuple:
    """What a decision was made on: each member's span and the fields the review view compares."""
    return tuple(sorted((q.annotator, q.start, q.end, q.kind, q.speaker or "", q.stance or "", q.claim or "",
                         tuple(sorted(q.topics))) for q in group.quotes))


def _decided_versions(review: Project, article_id: int) -> dict[str, tuple] | None:
    """The versions of each decided group of an article, by key (None: the article has no decision)."""
    if not review_store.decisions(review, article_id):
        return None
    return {item.key: _versions(item.group) for item in review_items(review, article_id) if item.decision}


def _withdraw_changed(review: Project, article_id: int, before: dict[str, tuple]) -> int:
    """Withdraw every decision whose group is not what it was decided on; returns how many groups reopen."""
    now = {item.key: _versions(item.group) for item in review_items(review, article_id)}
    reopened = 0
    for key in review_store.decisions(review, article_id):
        if key in before and now.get(key) == before[key]:
            continue
        # A key no group had before the merge belongs to no group at all: drop it, or it would come
        # back to life, with versions nobody decided on, when a later merge happens to recreate it.
        review_store.delete_decision(review, article_id, key)
        reopened += key in before
    if reopened and review_store.review_status(review, article_id) == "done":
        review_store.set_review_status(review, article_id, None)
    return reopened


def _merge_speakers(review: Project, speakers: list[Speaker], report: MergeReport) -> dict[str, str]:
    """Map each incoming speaker name to the review registry's canonical name, creating speakers when new."""
    names: dict[str, str] = {}
    for speaker in speakers:
        by_name = registry.find_speaker(review, speaker.name)
        by_alias = {registry.find_speaker(review, alias) for alias in speaker.aliases} - {None}
        matches = ({by_name} - {None}) | by_alias
        if not matches:
            registry.insert_speaker(review, speaker.name, speaker.type, speaker.role, speaker.aliases)
            report.speakers_added += 1
            names[speaker.name] = speaker.name
            continue
        target = by_name if by_name is not None else min(matches)
        if len(matches) > 1:
            others = ", ".join(registry.get_speaker(review, m).name for m in sorted(matches) if m != target)
            kept = registry.get_speaker(review, target).name
            report.conflicts.append(
                f"speaker '{speaker.name}' matches '{kept}' and also {others}; its quotes went to '{kept}'"
            )
        for alias in (speaker.name, *speaker.aliases):
            if registry.find_speaker(review, alias) is None:
                registry.add_alias(review, target, alias)
        names[speaker.name] = registry.get_speaker(review, target).name
    return names


def _merge_annotator(
    review: Project, annotator: str, quotes: list[Quote], articles: set[int], report: MergeReport
) -> None:
    existing: dict[tuple[int, int, int], Quote] = {}
    for article_id in articles:
        for quote in quote_store.quotes_for_article(review, article_id, annotator):
            existing[(quote.article_id, quote.start, quote.end)] = quote
    for quote in quotes:
        key = (quote.article_id, quote.start, quote.end)
        current = existing.pop(key, None)
        if current is None:
            quote_store.insert_quote(review, quote)
            report.quotes_added += 1
            continue
        changes = {name: getattr(quote, name) for name in _COMPARED if getattr(quote, name) != getattr(current, name)}
        if changes:
            quote_store.update_quote(review, current.id, **changes)
            report.quotes_updated += 1
        else:
            report.quotes_unchanged += 1
    # What is left was in an older version of this annotator's file and is gone from the newer one.
    for quote in existing.values():
        quote_store.delete_quote(review, quote.id)
        report.quotes_removed += 1
