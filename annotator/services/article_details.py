"""EditArticle: the undoable change of an article's title, outlet, url or published date."""

from __future__ import annotations

from annotator.services.commands import Change, Command
from annotator.services.metadata import checked_details
from annotator.store import article_details as detail_store
from annotator.store.project import Project


class EditArticle(Command):
    """Set some of an article's details; undo puts the old ones back."""

    text = "Edit article details"

    def __init__(self, article_id: int, **details: str):
        super().__init__()
        unknown = set(details) - set(detail_store.DETAILS)
        if unknown:
            raise ValueError(f"not an article detail: {', '.join(sorted(unknown))}")
        self.article_id = article_id
        self.details = checked_details(details)  # DetailError names the bad field before anything is written
        self._before: dict[str, str] | None = None

    def _do(self, project: Project) -> Change:
        current = detail_store.article_details(project, self.article_id)
        if self._before is None:
            self._before = {name: current[name] for name in self.details}
        detail_store.set_article_details(project, self.article_id, self.details)
        return Change(articles={self.article_id})

    def _undo(self, project: Project) -> Change:
        detail_store.set_article_details(project, self.article_id, self._before or {})
        return Change(articles={self.article_id})
