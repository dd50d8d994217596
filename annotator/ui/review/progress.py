"""An article's review progress from its decisions alone: to review, in review, reviewed.

Plain Python (no Qt). The review panel derives an article's status from its aligned groups; the corpus
list and the status bar need it for thousands of articles at once, where aligning each article would
take seconds. A decision names its group's members by annotator and span, and groups share no quote,
so an article is settled when every annotator's quote in it is a member of some decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from annotator.store.overview import ReviewMarks

REVIEW_TEXT = {"to_review": "to review", "in_review": "in review", "done": "reviewed"}
REVIEW_COLOUR = {"to_review": "#8a8f98", "in_review": "#c98a12", "done": "#2e9d5b"}


def decided_members(keys: Iterable[str]) -> set[tuple[str, int, int]]:
    """The (annotator, start, end) of every member named by some decision keys ("alice:10-52|bob:12-52")."""
    members = set()
    for key in keys:
        for part in key.split("|"):
            name, _, span = part.rpartition(":")
            start, _, end = span.partition("-")
            if start.isdigit() and end.isdigit():
                members.add((name, int(start), int(end)))
    return members


def review_state(marks: ReviewMarks) -> str:
    """to_review (nothing decided), in_review (some quotes decided) or done (all, or marked done)."""
    return _state(marks, open_versions(marks))


def _state(marks: ReviewMarks, left: int) -> str:
    if marks.status == "done":
        return "done"
    if not marks.keys:
        return "to_review"
    return "done" if marks.quotes and not left else "in_review"


def review_states(marks: Mapping[int, ReviewMarks]) -> dict[int, str]:
    """Each article's review state."""
    return {article_id: review_state(article) for article_id, article in marks.items()}


def open_versions(marks: ReviewMarks) -> int:
    """Annotators' quotes no decision covers yet: what is left to review (none once marked done)."""
    if marks.status == "done":
        return 0
    if not marks.keys:
        return len(marks.quotes)
    decided = decided_members(marks.keys)
    return sum(1 for quote in marks.quotes if quote not in decided)


def review_overview(marks: Mapping[int, ReviewMarks]) -> tuple[dict[int, str], dict[int, int]]:
    """Each article's review state and its open versions, from one read of the marks (each worked out once)."""
    states, opened = {}, {}
    for article_id, article in marks.items():
        opened[article_id] = left = open_versions(article)
        states[article_id] = _state(article, left)
    return states, opened
