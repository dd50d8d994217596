"""The speakers panel edits the registry through undoable commands; merged speakers' quotes follow."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.commands import AddQuote, MergeSpeakers
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.store import registry
from annotator.ui.session import Session
from annotator.ui.speakers.model import ALIASES, NAME, QUOTES, TYPE, SpeakerIdRole
from annotator.ui.speakers.panel import SpeakersPanel

pytestmark = pytest.mark.gui

TEXT_A = "Amir-Abdollahian said drones were not sold. Borrell said talks go on."
TEXT_B = "Iran's foreign minister said the drone is true."


@pytest.fixture
def panel_session(project):
    """Two articles; the same man recorded under two names, plus Borrell."""
    session = Session(project, "ana")
    a = article_store.insert_article(project, Article(None, TEXT_A, sha256_of(TEXT_A)))[0]
    b = article_store.insert_article(project, Article(None, TEXT_B, sha256_of(TEXT_B)))[0]
    quotes = []
    for article, text, span, speaker in [
        (a, TEXT_A, "drones were not sold", "Amir-Abdollahian"),
        (a, TEXT_A, "talks go on", "Josep Borrell"),
        (b, TEXT_B, "the drone is true", "Iran's foreign minister"),
    ]:
        start = text.index(span)
        command = AddQuote(
            Quote(None, article, start, start + len(span), "ana", speaker=speaker, claim="drones")
        )
        session.push(command)
        quotes.append(command.quote_id)
    return session, quotes


def _ids(project, *names):
    return [registry.find_speaker(project, name) for name in names]


def _row(panel, speaker_id):
    return panel.model.row_of(speaker_id)


def test_table_shows_registry_with_counts(panel_session, qtbot, qtmodeltester):
    session, _ = panel_session
    panel = SpeakersPanel(session)
    qtbot.addWidget(panel)
    panel.show()  # a hidden panel defers reloads until shown
    qtmodeltester.check(panel.model)
    names = [panel.model.index(r, NAME).data() for r in range(panel.model.rowCount())]
    assert names == ["Amir-Abdollahian", "Iran's foreign minister", "Josep Borrell"]
    assert [panel.model.index(r, QUOTES).data() for r in range(3)] == ["1", "1", "1"]
    assert panel.model.index(0, TYPE).data() == "person"
    panel.filter_edit.setText("borr")
    assert panel.model.rowCount() == 1


def test_merge_moves_quotes_and_undo_restores(panel_session, qtbot, qtmodeltester):
    session, quotes = panel_session
    project = session.project
    keep, gone = _ids(project, "Amir-Abdollahian", "Iran's foreign minister")
    panel = SpeakersPanel(session)
    qtbot.addWidget(panel)
    panel.show()  # a hidden panel defers reloads until shown
    panel.select_ids([keep, gone])
    assert panel.merge_action.isEnabled() and not panel.rename_action.isEnabled()

    panel.merge_speakers(keep, gone)
    assert quote_store.get_quote(project, quotes[2]).speaker == "Amir-Abdollahian"
    assert registry.find_speaker(project, "Iran's foreign minister") == keep  # now an alias
    row = _row(panel, keep)
    assert panel.model.rowCount() == 2
    assert panel.model.index(row, QUOTES).data() == "2"
    assert "Iran's foreign minister" in panel.model.index(row, ALIASES).data()
    assert panel.selected_ids() == [keep]
    qtmodeltester.check(panel.model)

    session.undo_stack.undo()
    assert quote_store.get_quote(project, quotes[2]).speaker == "Iran's foreign minister"
    assert panel.model.rowCount() == 3
    assert registry.get_speaker(project, keep).aliases == ()
    session.undo_stack.redo()
    assert quote_store.get_quote(project, quotes[2]).speaker == "Amir-Abdollahian"


def test_rename_through_the_table_editor_is_undoable(panel_session, qtbot):
    session, quotes = panel_session
    (borrell,) = _ids(session.project, "Josep Borrell")
    panel = SpeakersPanel(session)
    qtbot.addWidget(panel)
    panel.show()  # a hidden panel defers reloads until shown
    index = panel.model.index(_row(panel, borrell), NAME)
    assert panel.model.setData(index, "Josep Borrell Fontelles")
    assert registry.get_speaker(session.project, borrell).name == "Josep Borrell Fontelles"
    assert quote_store.get_quote(session.project, quotes[1]).speaker == "Josep Borrell Fontelles"
    session.undo_stack.undo()
    assert registry.get_speaker(session.project, borrell).name == "Josep Borrell"


def test_rename_to_a_taken_name_is_refused(panel_session, qtbot):
    session, _ = panel_session
    borrell, amir = _ids(session.project, "Josep Borrell", "Amir-Abdollahian")
    panel = SpeakersPanel(session)
    qtbot.addWidget(panel)
    panel.show()  # a hidden panel defers reloads until shown
    assert not panel.rename_speaker(borrell, "amir-abdollahian")
    assert "merge" in panel.message.text()
    assert session.undo_stack.count() == 3  # only the fixture's quotes


def test_type_and_alias_changes_are_undoable(panel_session, qtbot):
    session, _ = panel_session
    amir, borrell = _ids(session.project, "Amir-Abdollahian", "Josep Borrell")
    panel = SpeakersPanel(session)
    qtbot.addWidget(panel)
    panel.show()  # a hidden panel defers reloads until shown
    panel.set_type([amir, borrell], "organisation")
    assert {registry.get_speaker(session.project, i).type for i in (amir, borrell)} == {"organisation"}
    session.undo_stack.undo()  # one step for both
    assert {registry.get_speaker(session.project, i).type for i in (amir, borrell)} == {"person"}

    panel.select_ids([amir])
    panel.type_action.trigger()
    assert registry.get_speaker(session.project, amir).type == "organisation"
    assert panel.model.index(_row(panel, amir), TYPE).data() == "organisation"

    assert panel.add_alias(amir, "Hossein Amir Abdollahian")
    assert registry.find_speaker(session.project, "hossein amir abdollahian") == amir
    assert not panel.add_alias(amir, "Josep Borrell")  # names somebody else
    session.undo_stack.undo()
    assert registry.find_speaker(session.project, "Hossein Amir Abdollahian") is None


def test_selection_reports_the_speaker(panel_session, qtbot):
    session, _ = panel_session
    (amir,) = _ids(session.project, "Amir-Abdollahian")
    panel = SpeakersPanel(session)
    qtbot.addWidget(panel)
    panel.show()  # a hidden panel defers reloads until shown
    with qtbot.waitSignal(panel.speakerSelected) as signal:
        panel.view.selectRow(_row(panel, amir))
    assert signal.args == [amir]
    assert panel.model.index(_row(panel, amir), NAME).data(SpeakerIdRole) == amir
    assert panel.model.index(0, NAME).flags() & Qt.ItemFlag.ItemIsEditable


def test_hidden_panel_catches_up_when_shown(panel_session, qtbot):
    session, _ = panel_session
    keep, gone = _ids(session.project, "Amir-Abdollahian", "Iran's foreign minister")
    panel = SpeakersPanel(session)
    qtbot.addWidget(panel)
    assert panel.model.rowCount() == 0  # the registry is read when the panel is first shown
    panel.show()
    assert panel.model.rowCount() == 3
    panel.hide()
    session.push(MergeSpeakers(keep, gone))
    assert panel.model.rowCount() == 3  # not reloaded while hidden
    panel.show()
    assert panel.model.rowCount() == 2


def _tabbed_window(qtbot, session):
    """A window with the speakers panel docked behind another tab, as in the annotation window."""
    window = QMainWindow()
    window.setCentralWidget(QLabel("articles"))
    panel = SpeakersPanel(session)
    docks = []
    for name, widget in (("front", QLabel("corpus")), ("speakers", panel)):
        dock = QDockWidget(name, window)
        dock.setWidget(widget)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        docks.append(dock)
    window.tabifyDockWidget(docks[0], docks[1])
    docks[0].raise_()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, panel, docks


def test_dock_behind_a_tab_does_not_rebuild_and_is_fresh_when_raised(panel_session, qtbot, monkeypatch):
    session, _ = panel_session
    keep, gone = _ids(session.project, "Amir-Abdollahian", "Iran's foreign minister")
    _window, panel, docks = _tabbed_window(qtbot, session)
    assert panel.isVisible()  # Qt calls a dock behind a tab visible: that is why this test exists
    reads = []
    real = registry.all_speakers
    monkeypatch.setattr(registry, "all_speakers", lambda project: reads.append(1) or real(project))
    session.push(MergeSpeakers(keep, gone))
    session.undo_stack.undo()
    session.undo_stack.redo()
    assert reads == []  # three edits, no rebuild of a panel nobody sees
    docks[1].raise_()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    assert len(reads) == 1
    session.undo_stack.undo()  # now on screen: refreshed at once
    assert panel.model.rowCount() == 3


def test_sorting_by_count_and_name_uses_the_keys(panel_session, qtbot):
    session, _ = panel_session
    keep, gone = _ids(session.project, "Amir-Abdollahian", "Iran's foreign minister")
    panel = SpeakersPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    panel.merge_speakers(keep, gone)  # Amir-Abdollahian now has two quotes
    panel.view.sortByColumn(QUOTES, Qt.SortOrder.DescendingOrder)
    assert [panel.model.index(r, QUOTES).data() for r in range(2)] == ["2", "1"]
    assert panel.model.index(0, NAME).data() == "Amir-Abdollahian"
    assert panel.selected_ids() == [keep]  # the selection follows its row
    panel.view.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)
    assert [panel.model.index(r, NAME).data() for r in range(2)] == ["Josep Borrell", "Amir-Abdollahian"]
    assert panel.selected_ids() == [keep]


def test_a_project_file_is_read_off_the_gui_thread_and_the_panel_fills_when_the_answer_comes(
    tmp_path, qtbot, monkeypatch
):
    import threading

    from annotator.services.projects import open_project

    project = open_project(tmp_path / "p.annotator.db")
    session = Session(project, "ana")
    article = article_store.insert_article(project, Article(None, TEXT_A, sha256_of(TEXT_A)))[0]
    start = TEXT_A.index("talks go on")
    session.push(AddQuote(Quote(None, article, start, start + 11, "ana", speaker="Josep Borrell")))
    threads = []
    real = registry.speaker_quote_counts
    monkeypatch.setattr(
        registry, "speaker_quote_counts", lambda p: threads.append(threading.current_thread()) or real(p)
    )
    panel = SpeakersPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert panel.model.index(0, NAME).data() == "Josep Borrell"
    assert threads and threading.main_thread() not in threads
    start = TEXT_A.index("drones were not sold")
    session.push(AddQuote(Quote(None, article, start, start + 20, "ana", speaker="Josep Borrell")))
    qtbot.waitUntil(lambda: panel.model.index(0, QUOTES).data() == "2")
    project.close()


def test_a_registry_of_thousands_opens_reading_only_the_rows_on_screen(project, qtbot, monkeypatch):
    from annotator.ui.speakers.model import SpeakersModel

    for k in range(2000):
        registry.insert_speaker(project, f"Speaker number {k:04d}", role="spokesperson" if k % 3 else "")
    calls = []
    original = SpeakersModel.data

    def counted(self, index, role=Qt.ItemDataRole.DisplayRole):
        calls.append(index.row())
        return original(self, index, role)

    monkeypatch.setattr(SpeakersModel, "data", counted)
    panel = SpeakersPanel(Session(project, "ana"))
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2000)
    qtbot.wait(50)
    # Column widths are fixed, not fitted to the contents: only the rows in view are ever asked for.
    assert panel.model.rowCount() == 2000 and len(set(calls)) < 100


def test_painting_the_panel_draws_no_icon_with_qtawesome(panel_session, qtbot, monkeypatch):
    # Icons are drawn to pixmaps once: qtawesome's Python painter on every paint was a tenth of the first show.
    import qtawesome.iconic_font as iconic_font

    from annotator.ui.shared import icons

    session, _ = panel_session
    panel = SpeakersPanel(session)
    qtbot.addWidget(panel)
    icons.load()
    panel.show()
    panel.refresh()
    assert not panel.rename_action.icon().isNull()
    assert panel.model.index(0, TYPE).data(Qt.ItemDataRole.DecorationRole) is not None
    painted = []
    monkeypatch.setattr(iconic_font.CharIconPainter, "_paint_icon",
                        lambda *args, **kwargs: painted.append(args))
    panel.grab()
    assert painted == []
    assert panel.model.index(0, QUOTES).data(Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert panel.model.index(0, NAME).data(Qt.ItemDataRole.TextAlignmentRole) is None
