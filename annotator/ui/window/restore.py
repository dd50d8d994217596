"""What survives a restart besides the project: window geometry, docks, open panes, reading positions."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QTimer

from annotator.ui.window import settings as state


def restore_panes(window) -> None:
    """Reopen the panes saved for the window's project (at their reading positions), or two empty ones."""
    saved = state.pane_state(window.session.project.path)
    known = set(window.corpus.model.article_ids())
    entries = [e for e in saved.get("panes", []) if e.get("article") in known]
    for entry in entries:
        view = window.panes.add_pane()
        if view is None:
            break
        window.open_article(entry["article"], view)
        # Layout settles after the first event-loop turn; scrolling before it would land short.
        QTimer.singleShot(0, lambda v=view, offset=entry.get("scroll", 0): v.restore_scroll(offset))
    while len(window.panes.panes()) < 2:
        window.panes.add_pane()
    current = saved.get("current", 0)
    panes = window.panes.panes()
    article_id = saved.get("current_article")
    active = window.panes.pane_for(article_id) if isinstance(article_id, int) else None
    if active is None:
        active = panes[current] if isinstance(current, int) and 0 <= current < len(panes) else panes[0]
    window.panes.set_current(active)
    # Opening each article focused its pane; the focus-in that arrives when the window is shown and
    # activated would make the last-opened pane current again, so the keyboard goes to the active one.
    active.setFocus()
    window.actions_.sync_scroll.setChecked(bool(saved.get("sync", False)))


def save(window) -> None:
    """Remember geometry, docks, and the project's panes with their reading positions."""
    mode = getattr(window, "review_mode", None)
    if mode is not None:
        mode.remember_layout()  # review mode's own sizes, apart from the annotation layout below
    store = state.settings()
    store.setValue("geometry", window.saveGeometry())
    store.setValue("windowState", window.saveState())
    shown = [v for v in window.panes.panes() if v.article is not None]
    entries = [{"article": v.article_id, "scroll": v.scroll_offset()} for v in shown]
    # Empty panes are not saved, so the active pane is found again by its article, not its position.
    current = window.panes.current
    state.save_pane_state(
        window.session.project.path,
        {
            "panes": entries,
            "current": shown.index(current) if current in shown else 0,
            "current_article": current.article_id if current in shown else None,
            "sync": window.actions_.sync_scroll.isChecked(),
        },
    )


def restore_layout(window) -> None:
    """Put back the window geometry and dock layout of the last run."""
    store = state.settings()
    geometry, layout = store.value("geometry"), store.value("windowState")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    if isinstance(layout, QByteArray):
        window.restoreState(layout)
