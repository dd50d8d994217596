"""An article's details (title, outlet, url, published date): the only part of an article that changes."""

from __future__ import annotations

from annotator.store.project import Project

#: The editable details, as columns of ``articles``.
DETAILS = ("title", "outlet", "url", "published")


def article_details(project: Project, article_id: int) -> dict[str, str]:
    """The article's details by name; KeyError if there is no such article."""
    row = project.db.conn.execute(f"SELECT {', '.join(DETAILS)} FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        raise KeyError(f"no article {article_id}")
    return dict(zip(DETAILS, row, strict=True))


def set_article_details(project: Project, article_id: int, details: dict[str, str]) -> None:
    """Write some of an article's details (names from DETAILS)."""
    unknown = set(details) - set(DETAILS)
    if unknown:
        raise ValueError(f"not an article detail: {', '.join(sorted(unknown))}")
    if not details:
        return
    assignments = ", ".join(f"{name} = ?" for name in details)
    with project.atomic() as db:
        db.conn.execute(f"UPDATE articles SET {assignments} WHERE id = ?", (*details.values(), article_id))


def article_ids_by_file_name(project: Project) -> dict[str, list[int]]:
    """Article ids by the file name (last path part) they were imported from."""
    found: dict[str, list[int]] = {}
    for article_id, source in project.db.conn.execute("SELECT id, source FROM articles WHERE source != '' ORDER BY id"):
        name = source.replace("\\", "/").rsplit("/", 1)[-1]
        found.setdefault(name, []).append(article_id)
    return found
