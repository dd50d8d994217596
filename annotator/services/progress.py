"""Per-annotator progress of a team project (``annotator progress`` and the review mode's chart)."""

from __future__ import annotations

from collections import defaultdict

from annotator.core.text import plural
from annotator.store import assignments as store
from annotator.store import corpus as corpus_store
from annotator.store.project import Project


def project_progress(project: Project) -> dict:
    """Assigned, done, quotes and last activity per annotator, and the shared articles ready for review.

    An article is ready for review when every annotator it was given to (two or more) has marked it done.
    """
    assigned: dict[str, int] = defaultdict(int)
    done: dict[str, int] = defaultdict(int)
    holders: dict[str, list[bool]] = defaultdict(list)
    for name, sha, finished in store.assignment_states(project):
        assigned[name] += 1
        done[name] += finished
        holders[sha].append(finished)
    activity = store.quote_activity(project)
    annotators = [
        {"name": name, "assigned": assigned[name], "done": done[name], "quotes": activity.get(name, (0, None))[0],
         "last_activity": activity.get(name, (0, None))[1]}
        for name in sorted(assigned)
    ]
    ready = sum(1 for states in holders.values() if len(states) > 1 and all(states))
    return {"annotators": annotators, "ready_for_review": ready}


def progress_table(report: dict) -> str:
    """The progress report as a plain-text table for the terminal."""
    if not report["annotators"]:
        return "No assignments in this project: hand articles out with annotator assign, then merge into it"
    lines = [f"{'annotator':20s} {'assigned':>8s} {'done':>6s} {'quotes':>7s}  last activity"]
    for row in report["annotators"]:
        lines.append(f"{row['name']:20s} {row['assigned']:8d} {row['done']:6d} {row['quotes']:7d}  "
                     f"{row['last_activity'] or '-'}")
    lines.append(f"Ready for review (every annotator of a shared article done): {report['ready_for_review']}")
    return "\n".join(lines)


def is_team_project(project: Project) -> bool:
    """Whether the project records a hand-out (its review mode shows progress)."""
    return store.has_assignments(project)


def _owner_order(project: Project) -> tuple[str | None, list[int]]:
    """Who the project was handed out to and their articles in assignment order (every article if nobody)."""
    owner = project.get_setting(store.ASSIGNED_TO)
    return owner, store.assigned_article_ids(project, owner) if owner else corpus_store.article_ids(project)


def assignment_order(project: Project) -> dict[int, int]:
    """Each assigned article's rank in its annotator's order (empty for a project not handed out)."""
    owner, ids = _owner_order(project)
    return {article_id: rank for rank, article_id in enumerate(ids)} if owner else {}


def assignment_note(project: Project, annotator: str) -> str:
    """The status-bar note of an assigned project ("Assigned to alice · 40 articles · 12 done"), else ""."""
    owner, ids = _owner_order(project)
    if not owner:
        return ""
    statuses = corpus_store.recorded_statuses(project, annotator)
    done = sum(1 for article_id in ids if statuses.get(article_id) == "done")
    note = f"Assigned to {owner} · {plural(len(ids), 'article')} · {done} done"
    # Work marked under another name would not count as the assignee's when the lead merges it.
    return note if annotator == owner else f"{note} (you are marking as {annotator})"


def next_not_done(project: Project, annotator: str, current: int | None) -> int | None:
    """The first article after ``current`` (in assignment order, wrapping) the annotator has not marked done."""
    _owner, ids = _owner_order(project)
    statuses = corpus_store.recorded_statuses(project, annotator)
    start = ids.index(current) + 1 if current in ids else 0
    for article_id in ids[start:] + ids[:start]:
        if article_id != current and statuses.get(article_id) != "done":
            return article_id
    return None
