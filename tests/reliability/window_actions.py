"""The annotating window's writes, for the lock and read-only audit (test_window_locked_actions).

Each :class:`Action` sets itself up, acts as the user would, and reads what the window shows of its
target next to what the file holds, in the same shape: after a refused write the two must still agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDockWidget

from annotator.core.model import Suggestion


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


ANNOTATING = {
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
}
