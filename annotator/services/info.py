"""Counts and schema version of a project, for ``annotator info``."""

from __future__ import annotations

from annotator.core.text import plural
from annotator.store import quotes as quote_store
from annotator.store.dump import table_counts
from annotator.store.project import Project


def project_info(project: Project) -> dict:
    """Articles, quotes per annotator, speakers, claims, suggestions and the schema version."""
    counts = table_counts(project)
    return {
        "path": str(project.path) if project.path else ":memory:",
        "articles": counts["articles"],
        "quotes": quote_store.quote_counts(project),
        "speakers": counts["speakers"],
        "claims": counts["claims"],
        "suggestions": counts["suggestions"],
        # What the file holds: a read-only look at an older project migrates only a copy in memory.
        "schema_version": project.file_version if project.read_only else project.schema_version,
    }


def info_summary(info: dict) -> str:
    """The one-line form of :func:`project_info`."""
    quotes = sum(info["quotes"].values())
    per = ", ".join(f"{name} {count:,}" for name, count in sorted(info["quotes"].items())) or "none"
    return (
        f"{info['path']}: {plural(info['articles'], 'article')}, {plural(quotes, 'quote')} ({per}), "
        f"{plural(info['speakers'], 'speaker')}, "
        f"{plural(info['claims'], 'claim')}, {plural(info['suggestions'], 'suggestion')}, schema version {info['schema_version']}"
    )
