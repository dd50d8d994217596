"""Review mode's, the dialogs' and the imports' writes, for the lock and read-only audit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.reliability.window_actions import Action
from tests.services.test_review import _annotator_project, _gold

# -- review mode, dialogs, imports ------------------------------------------------------------------------

def _review_prepare(window, qtbot):
    panel = window.review_mode.panel
    panel.select_row(0)
    return panel


def _take_version(window, qtbot, panel):
    panel.groups_view.setFocus()
    qtbot.keyClick(panel.groups_view, Qt.Key_1)


def _accept_unanimous(window, qtbot, panel):
    panel.accept_unanimous()


def _review_shown(window, panel):
    """Each group's decision, the group the panel is on, and whether it says nothing went into gold."""
    return ([item.decision for item in panel.groups.items], panel.groups_view.currentIndex().row(),
            not panel.message.full_text().startswith("Not saved"))


def _review_stored(window, panel):
    from annotator.services.review import review_items

    items = review_items(window.session.project, panel.article_id)
    decided = [item.decision for item in items]
    # Deciding moves on to the next open group; refused, the panel stays on the one it was on.
    row = 0 if not any(decided) else next((i for i, d in enumerate(decided) if d is None), 0)
    return decided, row, any(decided)


def _merge_prepare(window, qtbot):
    from annotator.ui.review.merge_dialog import MergeDialog

    here = Path(window.session.project.path).parent
    carol = _annotator_project(here / "carol.annotator.db", "carol", _gold(Path(__file__).parents[2] / "resources"
                                                                           / "samples"))
    dialog = MergeDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.add_paths([carol])
    return dialog


def _merge_files(window, qtbot, dialog):
    dialog.run_merge()
    return dialog.summary.text()


def _merge_shown(window, dialog):
    return not dialog.summary.text().startswith("Merge failed")


def _merge_stored(window, dialog):
    from annotator.store import registry

    return registry.annotator_id(window.session.project, "carol") is not None


def _review_done(window, qtbot, panel):
    panel.set_done(True)


def _review_status_shown(window, panel):
    return panel.header.status_label.text()


def _review_status_stored(window, panel):
    from annotator.services.review import article_review_status
    from annotator.ui.review.header import STATUS_TEXT

    return STATUS_TEXT[article_review_status(window.session.project, panel.article_id)]


class Warnings(list):
    """Stands in for the message box a refused batch is shown in: keeps its text instead of waiting."""

    def warning(self, _parent, _title, text) -> None:
        """Keep the warning's text."""
        self.append(text)


def _batch_prepare(window, qtbot):
    import annotator.ui.window.assignment_status as assignment_status

    return assignment_status.QMessageBox  # a Warnings in these tests (see _window_for)


def _add_batch(window, qtbot, warnings):
    batch = Path(window.session.project.path).parent / "alice.batch2.annotator.db"
    window.assignment.add_batch(batch)
    return warnings[-1] if warnings else ""


def _batch_shown(window, _warnings):
    return window.assignment.label.text().strip(), window.corpus.model.rowCount()


def _batch_stored(window, _warnings):
    from annotator.store import articles as article_store
    from annotator.store import assignments as assignment_store

    project = window.session.project
    assigned = len(assignment_store.assigned_article_ids(project, "alice"))
    return f"Assigned to alice · {assigned} articles · 0 done", article_store.article_count(project)


def _scheme_prepare(window, qtbot):
    from annotator.ui.shared.dialogs import SchemeDialog

    scheme = Path(window.session.project.path).parent / "binary.toml"
    scheme.write_text('name = "binary"\n[[stances]]\nname = "for"\ncolour = "#00aa00"\nkey = "1"\n', encoding="utf-8")
    dialog = SchemeDialog(window.session, window)
    qtbot.addWidget(dialog)
    assert dialog.load_file(scheme)
    return dialog


def _apply_scheme(window, qtbot, dialog):
    dialog.apply_pending()
    return dialog.error.text() if dialog.error.isVisibleTo(dialog) else ""


def _scheme_shown(window, dialog):
    return dialog.title.text().endswith("not applied)") or "not applied" in dialog.title.text()


def _scheme_stored(window, dialog):
    from annotator.store import labels

    return labels.scheme(window.session.project).name != "binary"


_TYPED_GUIDE = "# Ours\nMark every quote."


def _guide_prepare(window, qtbot):
    dialog = _scheme_prepare(window, qtbot)
    dialog.guidelines.text.setPlainText(_TYPED_GUIDE)
    return dialog.guidelines


def _pick_another_guide(window, qtbot, editor):
    editor.select("stances", "supports")  # saves what was typed in the document first
    return editor.status.text()


def _guide_shown(window, editor):
    return editor.target.currentData(), editor.text.toPlainText()


def _guide_stored(window, editor):
    """Saved, the picked entry and its text; refused, the document still, with what was typed kept."""
    from annotator.store import labels

    scheme = labels.scheme(window.session.project)
    if scheme.guidelines == _TYPED_GUIDE:
        return "stances/supports", scheme.guide("stances", "supports").description
    return "document/", _TYPED_GUIDE


def _import_prepare(window, qtbot):
    path = Path(window.session.project.path).parent / "new.txt"
    path.write_text("“We will talk again,” the envoy said on Friday.", encoding="utf-8")
    return path


def _import(window, qtbot, path):
    from annotator.ui.shared.dialogs import run_import

    report = run_import(window, window.session, [path], show_summary=False)
    window.corpus.model.reload()
    return report.stopped


def _articles_shown(window, _state):
    return window.corpus.model.rowCount()


def _articles_stored(window, _state):
    from annotator.store import articles as article_store

    return article_store.article_count(window.session.project)


def _details_prepare(window, qtbot):
    from annotator.ui.corpus.article_details import ArticleDetailsDialog

    dialog = ArticleDetailsDialog(window.session, window.current_view().article_id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _edit_details(window, qtbot, dialog):
    dialog.edits["outlet"].setText("Another outlet")
    dialog.accept()


def _details_shown(window, dialog):
    # Refused, the dialog stays open with the edit, to try again; saved, it closes.
    return window.current_view().article.outlet, dialog.isVisible()


def _details_stored(window, dialog):
    from annotator.store import articles as article_store

    outlet = article_store.get_article(window.session.project, window.current_view().article_id).outlet
    return outlet, outlet != "Another outlet"


PANELS = {
    "article details": Action(_details_prepare, _edit_details, _details_shown, _details_stored),
    "import articles": Action(_import_prepare, _import, _articles_shown, _articles_stored),
    "apply a label scheme": Action(_scheme_prepare, _apply_scheme, _scheme_shown, _scheme_stored),
    "guidelines: pick another entry": Action(_guide_prepare, _pick_another_guide, _guide_shown, _guide_stored),
    "review: take a version": Action(_review_prepare, _take_version, _review_shown, _review_stored, review=True),
    "review: accept unanimous": Action(_review_prepare, _accept_unanimous, _review_shown, _review_stored,
                                       review=True),
    "review: mark done": Action(_review_prepare, _review_done, _review_status_shown, _review_status_stored,
                                review=True),
    "merge an annotator's file": Action(_merge_prepare, _merge_files, _merge_shown, _merge_stored, review=True),
    "add a batch (assignment)": Action(_batch_prepare, _add_batch, _batch_shown, _batch_stored, assigned=True),
}
