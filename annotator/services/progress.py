"""Per-annotator progress of a team project (``annotator progress`` and the review mode's chart)."""

from __future__ import annotations

from collections import defaultdict

from annotator.store import assignments as store
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
