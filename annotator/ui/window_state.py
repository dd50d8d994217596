"""What survives a restart besides the project: window geometry, docks, open panes, reading positions."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QTimer

from annotator.ui import state


def restore_panes(window) -> None:
    """Reopen the panes saved for the window's project (at their reading positions), or two empty ones."""
    saved = state.pane_state(window.session.project.path)
    known = {row.id for row in window.corpus.model.rows}
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
    window.panes.set_current(panes[current] if 0 <= current < len(panes) else panes[0])
    window.actions_.sync_scroll.setChecked(bool(saved.get("sync", False)))


def save(window) -> None:
    """Remember geometry, docks, and the project's panes with their reading positions."""
    store = state.settings()
    store.setValue("geometry", window.saveGeometry())
    store.setValue("windowState", window.saveState())
    panes = window.panes.panes()
    entries = [{"article": v.article_id, "scroll": v.scroll_offset()} for v in panes if v.article is not None]
    current = panes.index(window.panes.current) if window.panes.current in panes else 0
    state.save_pane_state(
        window.session.project.path,
        {"panes": entries, "current": current, "sync": window.actions_.sync_scroll.isChecked()},
    )


def restore_layout(window) -> None:
    """Put back the window geometry and dock layout of the last run."""
    store = state.settings()
    geometry, layout = store.value("geometry"), store.value("windowState")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    if isinstance(layout, QByteArray):
        window.restoreState(layout)
