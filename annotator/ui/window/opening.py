"""`annotator FILE...`: the named article files side by side, imported into the project when new."""

from __future__ import annotations

from pathlib import Path

from annotator.services.opening import articles_for_files
from annotator.store import articles as article_store
from annotator.ui.workspace.panes import MAX_PANES


def open_files(window, paths: list[Path]) -> list[str]:
    """Show the files' articles left to right, one pane each (up to four); returns a line per problem."""
    opened = articles_for_files(window.session.project, [Path(p) for p in paths], window.session.annotator)
    problems = list(opened.problems)
    ids = opened.article_ids[:MAX_PANES]
    if len(opened.article_ids) > MAX_PANES:
        problems.append(f"{len(opened.article_ids):,} articles named; the first {MAX_PANES} are shown, "
                        "the others are in the corpus list")
    if opened.report.articles_added:
        window.corpus.model.reload()  # the new articles join the corpus list
        window._update_status()
    if not ids:
        return problems
    panes = window.panes
    while len(panes.panes()) < len(ids):
        panes.add_pane()
    for view in panes.panes()[len(ids):]:
        panes.close_pane(view)  # the panes show exactly the files asked for
    for view, article_id in zip(panes.panes(), ids, strict=True):
        if view.article_id != article_id:
            # Placed directly: the article may sit in another pane that the next steps will change.
            article = article_store.get_article(window.session.project, article_id)
            view.set_article(article, window._quotes_of(article_id), window.stance_colours())
            window.articleShown.emit(view)
    first = panes.panes()[0]
    panes.set_current(first)
    first.setFocus()
    return problems
