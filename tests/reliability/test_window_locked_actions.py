"""Every kind of write the window makes, while another process holds the project's write lock.

Each action is refused (the window waits the busy timeout, a tenth of a second here), said in one line,
leaves the file as it was and the screen showing what the file holds; once the other process commits,
the same action lands.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QDockWidget

from annotator.core.model import Suggestion
from annotator.services.merging import merge_projects
from annotator.services.projects import open_project
from annotator.store import project as project_module
from annotator.store.dump import dump_tables
from tests.services.test_review import _annotator_project, _gold
from tests.ui.conftest import make_window

pytestmark = pytest.mark.gui

# A second process in the middle of a write: it holds the lock until told to commit (or for 10 s at most).
_HOLDER = """
import sqlite3, sys, threading, os
threading.Timer(10, lambda: os._exit(0)).start()
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
os._exit(0)
"""
BUSY = "another program is writing"


class _OtherProcess:
    """Another process on the same project, between BEGIN IMMEDIATE and COMMIT."""

    def __init__(self, path: Path):
        self.proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "locked"

    def finish(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.write("\n")
            self.proc.stdin.flush()
        self.proc.wait(10)


def _select(view, needle: str) -> None:
    start = view.article.text.index(needle)
    cursor = view.text.textCursor()
    cursor.setPosition(view.text.offsets.to_qt(start))
    cursor.setPosition(view.text.offsets.to_qt(start + len(needle)), QTextCursor.KeepAnchor)
    view.text.setTextCursor(cursor)


def _a_quote(window, qtbot) -> int:
    view = window.current_view()
    _select(view, "Iran")
    view.text.setFocus()
    qtbot.keyClick(view.text, Qt.Key_Q)
    return view.current_id


def _stored_quotes(window) -> list[tuple]:
    from annotator.store import quotes as quote_store

    view = window.current_view()
    return sorted((q.id, q.start, q.end, q.stance, q.topics, q.speaker)
                  for q in quote_store.quotes_for_article(window.session.project, view.article_id, "ann"))


def _shown_quotes(window) -> list[tuple]:
    return sorted((q.id, q.start, q.end, q.stance, q.topics, q.speaker) for q in window.current_view().quotes)


@dataclass
class Action:
    """How to set an action up, do it, and read what the screen shows (compared with the file)."""

    prepare: object = None  # (window, qtbot) -> state, before the lock
    act: object = None  # (window, qtbot, state) -> None
    shown: object = None  # (window, state) -> what the window shows of the action's target
    stored: object = None  # (window, state) -> what the file holds of it, read as the screen would show it
    review: bool = False  # on a merged project, in review mode (else the demo project, annotating)
    assigned: bool = False  # on an annotator's handed-out project, with a second batch beside it


# -- the annotating window ---------------------------------------------------------------------------------

def _accept_prepare(window, qtbot):
    view = window.current_view()
    start = view.article.text.index("Iran")
    view.set_suggestions([Suggestion(start, start + 4, speaker="Someone")])
    view.set_current_suggestion(0)
    view.text.setFocus()
    return view


def _accept_act(window, qtbot, view):
    qtbot.keyClick(view.text, Qt.Key_Return)


def _reject_act(window, qtbot, view):
    qtbot.keyClick(view.text, Qt.Key_X)


def _suggestions_shown(window, view):
    return (len(view.suggestions), _shown_quotes(window))


def _suggestions_stored(window, view):
    from annotator.store import registry
    from annotator.store import suggestions as suggestion_store

    project = window.session.project
    annotator_id = registry.annotator_id(project, "ann")
    decided = suggestion_store.decided_spans(project, view.article_id, annotator_id) if annotator_id else {}
    # Still a suggestion on screen unless the file has it decided (accepted or rejected).
    return (0 if decided else 1, _stored_quotes(window))


def _stance_button(window, qtbot, _state):
    qtbot.mouseClick(window.inspector.stances.buttons()[0], Qt.LeftButton)  # the button takes the focus


def _kind_button(window, qtbot, _state):
    buttons = window.inspector.kinds.buttons()
    qtbot.mouseClick(next(b for b in buttons if not b.isChecked()), Qt.LeftButton)


def _topic_box(window, qtbot, _state):
    item = window.inspector.topics.item(0)
    window.inspector.topics.setFocus()
    item.setCheckState(Qt.Checked)


def _inspector_shown(window, _state):
    inspector = window.inspector
    stances = [b.isChecked() for b in inspector.stances.buttons()]
    topics = [inspector.topics.item(r).checkState() == Qt.Checked for r in range(inspector.topics.count())]
    kind = next(b.text() for b in inspector.kinds.buttons() if b.isChecked()).lower()
    return (stances, topics, kind, _shown_quotes(window))


def _inspector_stored(window, _state):
    from annotator.store import quotes as quote_store

    quote = quote_store.get_quote(window.session.project, window.current_view().current_id)
    scheme = window.session.scheme
    stances = [s.name == quote.stance for s in scheme.stances]
    topics = [t.name in quote.topics for t in scheme.topics]
    return (stances, topics, quote.kind, _stored_quotes(window))


def _typed_speaker(window, qtbot, _state):
    window.inspector.focus_speaker()
    qtbot.keyClicks(window.inspector.speaker.lineEdit(), "Hossein Amir-Abdollahian")
    qtbot.keyClick(window.inspector.speaker.lineEdit(), Qt.Key_Return)


def _typed_claim(window, qtbot, _state):
    window.inspector.focus_claim()
    qtbot.keyClicks(window.inspector.claim.lineEdit(), "Iran supplied drones to Russia")
    qtbot.keyClick(window.inspector.claim.lineEdit(), Qt.Key_Return)


def _quotes_shown(window, _state):
    return _shown_quotes(window)


def _quotes_stored(window, _state):
    return _stored_quotes(window)


def _new_quote_prepare(window, qtbot):
    view = window.current_view()
    _select(view, "Iran")
    view.text.setFocus()


def _new_quote(window, qtbot, _state):
    view = window.current_view()
    _select(view, "Iran")
    qtbot.keyClick(view.text, Qt.Key_Q)


def _new_span(window, qtbot, _state):
    view = window.current_view()
    view.select_quote(view.quotes[0].id)
    start = view.article.text.index("Iran")
    _select(view, view.article.text[start : start + 12])
    qtbot.keyClick(view.text, Qt.Key_E)


def _delete(window, qtbot, _state):
    window.actions_.delete_quote.trigger()


def _undo(window, qtbot, _state):
    qtbot.keyClick(window.current_view().text, Qt.Key_Z, Qt.ControlModifier)


def _quote_then_undo(window, qtbot):
    _a_quote(window, qtbot)
    qtbot.keyClick(window.current_view().text, Qt.Key_Z, Qt.ControlModifier)


def _redo(window, qtbot, _state):
    qtbot.keyClick(window.current_view().text, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)


def _done(window, qtbot, _state):
    view = window.current_view()
    view.text.setFocus()
    qtbot.keyClick(view.text, Qt.Key_D, Qt.ControlModifier)


def _done_shown(window, _state):
    return window.corpus.model.done_count()[0], window.statusBar().currentMessage() == "Marked done."


def _done_stored(window, _state):
    from annotator.store import corpus as corpus_store

    done = corpus_store.done_count(window.session.project, "ann")
    return done, bool(done)


def _text_shown(window, state):
    """The quote as the panes show it, and its box: the stored name, or what was typed with the caret still in
    it (refused, Enter tries again)."""
    from annotator.store import quotes as quote_store

    box = getattr(window.inspector, state)
    stored = getattr(quote_store.get_quote(window.session.project, window.current_view().current_id), state)
    return _shown_quotes(window), box.lineEdit().hasFocus() or box.currentText() == (stored or "")


def _text_stored(window, state):
    return _stored_quotes(window), True


def _speaker_prepare(window, qtbot):
    _a_quote(window, qtbot)
    return "speaker"


def _claim_prepare(window, qtbot):
    _a_quote(window, qtbot)
    return "claim"


def _typed(window, qtbot, field):
    getattr(window.inspector, f"focus_{field}")()
    edit = getattr(window.inspector, field).lineEdit()
    edit.selectAll()
    qtbot.keyClicks(edit, "Hossein Amir-Abdollahian" if field == "speaker" else "Iran supplied drones to Russia")
    qtbot.keyClick(edit, Qt.Key_Return)


def _two_speakers(window, qtbot):
    from annotator.services.commands import SetSpeaker

    view = window.current_view()
    for needle, name in (("Iran", "Amir-Abdollahian"), ("Borrell", "Josep Borrell")):
        _select(view, needle)
        view.text.setFocus()
        qtbot.keyClick(view.text, Qt.Key_Q)
        window.session.push(SetSpeaker(view.current_id, name))
    panel = window.speakers_panel
    window.findChild(QDockWidget, "speakersDock").raise_()  # a hidden panel reads the registry once shown
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    return panel


def _speakers_shown(window, panel):
    return sorted(panel.model.speaker(r).name for r in range(panel.model.rowCount()))


def _speakers_stored(window, panel):
    from annotator.store import registry

    return sorted(s.name for s in registry.all_speakers(window.session.project))


def _speakers_detail_shown(window, panel):
    return sorted((s.name, s.type, tuple(s.aliases)) for s in (panel.model.speaker(r)
                                                              for r in range(panel.model.rowCount())))


def _speakers_detail_stored(window, panel):
    from annotator.store import registry

    return sorted((s.name, s.type, tuple(s.aliases)) for s in registry.all_speakers(window.session.project))


def _alias(window, qtbot, panel):
    from annotator.store import registry

    panel.add_alias(registry.find_speaker(window.session.project, "Josep Borrell"), "EU foreign policy chief")


def _retype(window, qtbot, panel):
    from annotator.store import registry

    speaker_id = registry.find_speaker(window.session.project, "Josep Borrell")
    kind = next(s.type for s in registry.all_speakers(window.session.project) if s.id == speaker_id)
    panel.set_type([speaker_id], "organisation" if kind == "person" else "person")


def _note_prepare(window, qtbot):
    _a_quote(window, qtbot)


def _note(window, qtbot, _state):
    note = window.inspector.note
    note.setFocus()
    note.selectAll()
    qtbot.keyClicks(note, "Check the translation.")
    window.inspector._commit_note()  # what its timer does half a second after the last key


def _note_shown(window, _state):
    """Refused, the typed note stays in its box, the caret in it; saved, the box holds the stored note."""
    from annotator.store import quotes as quote_store

    note = window.inspector.note
    stored = quote_store.get_quote(window.session.project, window.current_view().current_id).note
    return note.hasFocus() or note.toPlainText() == stored


def _rename(window, qtbot, panel):
    from annotator.store import registry

    panel.rename_speaker(registry.find_speaker(window.session.project, "Josep Borrell"), "Borrell")


def _merge(window, qtbot, panel):
    from annotator.store import registry

    project = window.session.project
    panel.merge_speakers(registry.find_speaker(project, "Amir-Abdollahian"),
                         registry.find_speaker(project, "Josep Borrell"))


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
    return panel.status_label.text()


def _review_status_stored(window, panel):
    from annotator.services.review import article_review_status
    from annotator.ui.review.panel import STATUS_TEXT

    return STATUS_TEXT[article_review_status(window.session.project, panel.article_id)]


class _Warnings(list):
    """Stands in for the message box a refused batch is shown in: keeps its text instead of waiting."""

    def warning(self, _parent, _title, text) -> None:
        """Keep the warning's text."""
        self.append(text)


def _batch_prepare(window, qtbot):
    import annotator.ui.window.assignment_status as assignment_status

    return assignment_status.QMessageBox  # a _Warnings in these tests (see _window_for)


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


ACTIONS = {
    "new quote": Action(_new_quote_prepare, _new_quote, _quotes_shown, _quotes_stored),
    "move a quote's span": Action(_a_quote, _new_span, _quotes_shown, _quotes_stored),
    "delete quote": Action(_a_quote, _delete, _quotes_shown, _quotes_stored),
    "accept suggestion": Action(_accept_prepare, _accept_act, _suggestions_shown, _suggestions_stored),
    "reject suggestion": Action(_accept_prepare, _reject_act, _suggestions_shown, _suggestions_stored),
    "stance button": Action(_a_quote, _stance_button, _inspector_shown, _inspector_stored),
    "kind button": Action(_a_quote, _kind_button, _inspector_shown, _inspector_stored),
    "topic box": Action(_a_quote, _topic_box, _inspector_shown, _inspector_stored),
    "speaker typed": Action(_speaker_prepare, _typed, _text_shown, _text_stored),
    "claim typed": Action(_claim_prepare, _typed, _text_shown, _text_stored),
    "mark done": Action(None, _done, _done_shown, _done_stored),
    "undo": Action(_a_quote, _undo, _quotes_shown, _quotes_stored),
    "redo": Action(_quote_then_undo, _redo, _quotes_shown, _quotes_stored),
    "rename speaker": Action(_two_speakers, _rename, _speakers_shown, _speakers_stored),
    "merge speakers": Action(_two_speakers, _merge, _speakers_shown, _speakers_stored),
    "speaker: add an alias": Action(_two_speakers, _alias, _speakers_detail_shown, _speakers_detail_stored),
    "speaker: person or organisation": Action(_two_speakers, _retype, _speakers_detail_shown,
                                              _speakers_detail_stored),
    "note typed": Action(_note_prepare, _note, _note_shown, lambda window, state: True),
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


@pytest.fixture
def demo_path(tmp_path):
    from annotator.services.demo import build_demo

    path = tmp_path / "demo.annotator.db"
    build_demo(path).close()
    return path


@pytest.fixture
def review_path(tmp_path, samples):
    records = _gold(samples)
    alice = _annotator_project(tmp_path / "alice.annotator.db", "alice", records)
    bob = _annotator_project(tmp_path / "bob.annotator.db", "bob", records,
                             stance_of=lambda r: "supports" if r["id"] == "000-01" else "opposes")
    path = tmp_path / "review.annotator.db"
    with open_project(path) as review:
        merge_projects(review, [alice, bob])
    return path


@pytest.fixture
def handed_out(tmp_path):
    """Alice's handed-out project, and her second batch beside it."""
    from annotator.core.model import Article
    from annotator.core.text import sha256_of
    from annotator.services.assigning import assign_corpus
    from annotator.store import articles as article_store

    def add(project, i: int) -> None:
        text = f"Article {i}: the minister said the talks would go on. “We stay,” she added."
        article_store.insert_article(project, Article(None, text, sha256_of(text), title=f"Article {i}"))

    corpus = open_project(tmp_path / "corpus.annotator.db")
    for i in range(4):
        add(corpus, i)
    assign_corpus(corpus, ["alice", "bob"], tmp_path / "out", seed=3)
    add(corpus, 4)
    add(corpus, 5)
    assign_corpus(corpus, ["alice", "bob"], tmp_path / "out", seed=3)
    corpus.close()
    return tmp_path / "out" / "alice.annotator.db"


def _window_for(qtbot, action: Action, request):
    if action.assigned:
        import annotator.ui.window.assignment_status as assignment_status

        request.getfixturevalue("monkeypatch").setattr(assignment_status, "QMessageBox", _Warnings())
    if action.review:
        return make_window(qtbot, request.getfixturevalue("review_path"), annotator="lead", demo=False)
    if action.assigned:
        return make_window(qtbot, request.getfixturevalue("handed_out"), annotator="alice", demo=False)
    return make_window(qtbot, request.getfixturevalue("demo_path"))


@pytest.mark.parametrize("name", list(ACTIONS))
def test_an_action_refused_by_another_process_lock_is_said_and_the_screen_shows_the_file(
        name, qtbot, request, monkeypatch):
    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 100)
    action = ACTIONS[name]
    window = _window_for(qtbot, action, request)
    path = window.session.project.path
    try:
        state = action.prepare(window, qtbot) if action.prepare else None
        before = dump_tables(window.session.project)
        step = window.session.undo_stack.index()
        other = _OtherProcess(path)
        refusals: list[str] = []
        window.session.writeFailed.connect(refusals.append)
        try:
            message = action.act(window, qtbot, state) or window.statusBar().currentMessage()
            # Tried once: each try freezes the window for the busy timeout (two seconds outside tests).
            assert len(refusals) <= 1
            assert BUSY in message and "\n" not in message and "Traceback" not in message
            assert dump_tables(window.session.project) == before
            assert window.session.undo_stack.index() == step
            assert action.shown(window, state) == action.stored(window, state)
        finally:
            other.finish()
        # The other process has committed: the same action, taken again as a user would (the window's
        # event loop ran meanwhile), lands.
        QApplication.processEvents()
        action.act(window, qtbot, state)
        assert dump_tables(window.session.project) != before
        qtbot.waitUntil(lambda: action.shown(window, state) == action.stored(window, state))
    finally:
        window.close()
        window.session.project.close()


@pytest.mark.parametrize("name", list(ACTIONS))
def test_an_action_on_a_read_only_project_changes_nothing_and_the_screen_shows_the_file(
        name, qtbot, request):
    action = ACTIONS[name]
    window = _window_for(qtbot, action, request)
    try:
        state = action.prepare(window, qtbot) if action.prepare else None
        # From here on the window has the project as one opened read-only (the file or its folder cannot be
        # written): the store refuses every write, and the window marks it and turns editing off.
        window.session.project.read_only = True
        window.project_watch.show_access()
        before = dump_tables(window.session.project)
        step = window.session.undo_stack.index()
        message = action.act(window, qtbot, state) or window.statusBar().currentMessage()
        # Said, or not offered at all (its key and menu item are off, the window badged read-only).
        assert "read-only" in message or not message, message
        assert "\n" not in message and "Traceback" not in message
        assert dump_tables(window.session.project) == before
        assert window.session.undo_stack.index() == step
        assert action.shown(window, state) == action.stored(window, state)
    finally:
        window.session.project.read_only = False  # closed as opened
        window.close()
        window.session.project.close()
