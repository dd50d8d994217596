"""Which quotes the claims board shows in a review project: gold, and one line per undecided version.

Plain Python (no Qt), run on the board's worker thread over every quote with a claim. In the gold view
a quote of the ``gold`` annotator is shown as it is; an annotator's quote is hidden once its group is
decided (a decision names its members by annotator and span), so a rejected quote no longer counts
under its stance. The annotators' quotes still undecided are grouped as alignment groups them (spans of
different annotators sharing at least half of the longer span, best overlap first, one quote per
annotator, every member matching every other), and each group is one line per version it holds (claim,
stance and speaker), naming whose version it is: "alice, bob". Only quotes with a claim take part, so
this reads the board's own rows, not every quote with its topics as the review panel does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from annotator.core.model import GOLD
from annotator.store.overview import ClaimRow
from annotator.ui.review.progress import decided_members

#: The board's view of a review project that shows gold and the undecided groups.
GOLD_VIEW = GOLD


def version_lines(rows: list[ClaimRow]) -> list[ClaimRow]:
    """One article's undecided quotes as board lines: one per group and version, naming its annotators."""
    lines = []
    for group in _groups(sorted(rows, key=lambda r: (r.start, r.end, r.annotator, r.id))):
        if len(group) == 1:
            lines += group  # most lines: a quote no one else marked, already named by its annotator
            continue
        versions: dict[tuple, list[ClaimRow]] = {}
        for row in sorted(group, key=lambda r: (r.annotator, r.id)):
            versions.setdefault((row.claim, row.stance, row.speaker), []).append(row)
        for members in versions.values():
            lines.append(members[0]._replace(annotator=", ".join(row.annotator for row in members)))
    return lines


def _groups(rows: list[ClaimRow]) -> list[list[ClaimRow]]:
    """Rows (sorted by span) grouped into cliques of matching spans of different annotators."""
    # Plain lists and the matching rule written out (as core.alignment.spans_match has it): a 10k-article
    # project runs this over a hundred thousand quotes on the board's reading.
    starts, ends, names = [r[2] for r in rows], [r[3] for r in rows], [r[7] for r in rows]
    pairs = []
    for i in range(len(rows)):
        start, end, name = starts[i], ends[i], names[i]
        for j in range(i + 1, len(rows)):
            other = starts[j]
            if other >= end:
                break  # sorted by start: no later row overlaps row i
            if names[j] == name:
                continue
            shared, longer = min(end, ends[j]) - other, max(end - start, ends[j] - other)
            if other == start and ends[j] == end:
                pairs.append((-1.0, -shared, i, j))
            elif 2 * shared >= longer:
                pairs.append((-shared / longer, -shared, i, j))
    if not pairs:
        return [[row] for row in rows]
    pairs.sort()
    matching = {(i, j) for _, _, i, j in pairs}
    group_of = list(range(len(rows)))
    members: dict[int, list[int]] = {k: [k] for k in range(len(rows))}
    for _, _, i, j in pairs:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        left, right = members[gi], members[gj]
        if {names[k] for k in left} & {names[k] for k in right}:
            continue
        if not all((min(x, y), max(x, y)) in matching for x in left for y in right):
            continue  # never a group through a middle-man
        for k in right:
            group_of[k] = gi
        left.extend(right)
        del members[gj]
    return [[rows[k] for k in sorted(group)] for group in members.values()]


def gold_view(rows: Iterable[ClaimRow], decisions: Mapping[int, Iterable[str]]) -> list[ClaimRow]:
    """The gold view of some articles' board rows, given each article's decision keys."""
    by_article: dict[int, list[ClaimRow]] = {}
    shown: list[ClaimRow] = []
    for row in rows:
        if row.annotator == GOLD:
            shown.append(row)
        else:
            by_article.setdefault(row.article_id, []).append(row)
    for article_id, article_rows in by_article.items():
        decided = decided_members(decisions.get(article_id, ()))
        open_rows = [r for r in article_rows if (r.annotator, r.start, r.end) not in decided]
        shown += version_lines(open_rows)
    return shown


def annotator_view(rows: Iterable[ClaimRow], annotator: str) -> list[ClaimRow]:
    """One annotator's board rows."""
    return [row for row in rows if row.annotator == annotator]
