"""File-menu dialogs driven programmatically: name prompt, import, export, label scheme, shortcut sheet."""

from __future__ import annotations

import csv
import gc
import json
import threading
import time
import weakref

import pytest
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
)

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.commands import AddQuote
from annotator.services.errors import Cancelled
from annotator.store import articles as article_store
from annotator.store import labels
from annotator.ui.session import Session
from annotator.ui.shared import background, dialogs
from annotator.ui.shared.dialogs import (
    ExportDialog,
    SchemeDialog,
    ask_annotator_name,
    import_summary_box,
    run_import,
)
from annotator.ui.window.shortcuts import SHORTCUTS, ShortcutSheet, all_shortcuts

pytestmark = pytest.mark.gui

TEXT = "“The drone is true,” the minister said."


@pytest.fixture
def session(project):
    """A project with one quote by "ana" and one by "ben"."""
    s = Session(project, "ana")
    article_id = article_store.insert_article(project, Article(None, TEXT, sha256_of(TEXT), title="Drones"))[
        0
    ]
    for who in ("ana", "ben"):
        s.push(AddQuote(Quote(None, article_id, 0, 20, who, speaker="Amir-Abdollahian", stance="supports")))
    return s


def _answer_name_dialog(qtbot, steps):
    """Run ask_annotator_name while ``steps(dialog, seen)`` drives the dialog as a user would; return both."""
    seen: dict = {}

    def drive():
        dialog = QApplication.activeModalWidget()
        try:
            steps(dialog, seen)
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()  # a failed check must not leave the test waiting on a modal dialog

    QTimer.singleShot(0, drive)
    return ask_annotator_name(None, "jdoe"), seen


def _visible_labels(dialog) -> str:
    return " ".join(label.text() for label in dialog.findChildren(QLabel) if label.isVisible())


def test_the_name_prompt_refuses_an_empty_name_until_one_is_typed(qtbot):
    def steps(dialog, seen):
        edit = dialog.findChild(QLineEdit)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        seen["prefilled"], seen["selected"], seen["ok_at_start"] = edit.text(), edit.selectedText(), ok.isEnabled()
        edit.clear()
        seen["ok_when_empty"], seen["labels_when_empty"] = ok.isEnabled(), _visible_labels(dialog)
        qtbot.keyClicks(edit, "   ")
        seen["ok_when_blank"], seen["labels_when_blank"] = ok.isEnabled(), _visible_labels(dialog)
        qtbot.keyClick(edit, Qt.Key_Return)  # Enter must not slip past the disabled button
        seen["open_after_enter"] = dialog.isVisible()
        edit.clear()
        qtbot.keyClicks(edit, "  Ana  ")
        seen["ok_with_name"], seen["labels_with_name"] = ok.isEnabled(), _visible_labels(dialog)
        qtbot.mouseClick(ok, Qt.LeftButton)

    name, seen = _answer_name_dialog(qtbot, steps)
    # The login name is shown, selected, so the user sees what will be recorded or types over it.
    assert seen["prefilled"] == seen["selected"] == "jdoe" and seen["ok_at_start"]
    # An empty or blank name cannot be confirmed, and the dialog says why.
    assert not seen["ok_when_empty"] and "Type your name" in seen["labels_when_empty"]
    assert not seen["ok_when_blank"] and "Type your name" in seen["labels_when_blank"]
    assert seen["open_after_enter"]
    assert seen["ok_with_name"] and "Type your name" not in seen["labels_with_name"]
    assert name == "Ana"


def test_the_name_prompt_says_what_cancel_does_and_returns_none(qtbot):
    def steps(dialog, seen):
        seen["labels"] = _visible_labels(dialog)
        qtbot.mouseClick(
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel), Qt.LeftButton
        )

    name, seen = _answer_name_dialog(qtbot, steps)
    assert name is None
    assert "Cancel uses “jdoe” for this session" in seen["labels"]


def test_run_import_reports_rejected_files_and_keeps_the_rest(session, tmp_path, qtbot):
    (tmp_path / "good.txt").write_text("The minister said the talks will go on.", encoding="utf-8")
    (tmp_path / "bad.docx").write_bytes(b"not a zip at all")
    changes = []
    session.changed.connect(changes.append)
    report = run_import(None, session, [tmp_path], show_summary=False)
    assert report.files == 2 and report.articles_added == 1
    assert [path.name for path, _ in report.rejected] == ["bad.docx"]
    assert len(article_store.all_articles(session.project)) == 2
    assert changes and changes[-1].speakers  # views were told to reload

    box = import_summary_box(None, report)
    assert box.icon() == QMessageBox.Icon.Warning
    assert "bad.docx" in box.detailedText()
    assert "1 new article" in box.text()


@pytest.fixture
def file_session(tmp_path):
    """A session on a project file: long work then runs on a worker thread over its own connection."""
    from annotator.services.projects import open_project

    project = open_project(tmp_path / "p.annotator.db")
    yield Session(project, "ana")
    project.close()


def _jsonl(path, n):
    spans = [{"start": 0, "end": 7, "label": "QUOTE"}]
    path.write_text("".join(json.dumps({"text": f"Article {i}: the minister said no.", "spans": spans}) + "\n"
                            for i in range(n)), encoding="utf-8")


def test_cancelling_an_import_keeps_the_files_before_and_nothing_of_the_one_it_stopped_in(
    file_session, tmp_path, qtbot, monkeypatch
):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "0.txt").write_text("Article number 0 says something.", encoding="utf-8")
    _jsonl(folder / "1.jsonl", 50)
    (folder / "2.txt").write_text("Article number 2 says something.", encoding="utf-8")
    real = dialogs._tell_stored

    def cancel_in_the_jsonl(tick, where, path, count):
        real(tick, where, path, count)
        if path.name == "1.jsonl" and count == 20:  # as if Cancel were pressed here
            raise Cancelled("cancelled")

    monkeypatch.setattr(dialogs, "_tell_stored", cancel_in_the_jsonl)
    report = run_import(None, file_session, [folder], show_summary=False)
    assert report.files == 1 and report.articles_added == 1
    # The first file stays; of the JSONL, the 20 articles stored before Cancel were rolled back.
    assert [a.text for a in article_store.all_articles(file_session.project)] == ["Article number 0 says something."]
    assert (
        "Cancelled after 1 of 3"
        in import_summary_box(None, report, cancelled=True, total=3).informativeText()
    )


def test_the_window_keeps_drawing_while_a_large_file_imports(file_session, tmp_path, qtbot, monkeypatch):
    _jsonl(tmp_path / "big.jsonl", 30)
    beats = []
    timer = QTimer()
    timer.timeout.connect(lambda: beats.append(1))
    timer.start(5)
    real = dialogs._tell_stored

    def wait_for_the_window(tick, where, path, count):
        real(tick, where, path, count)
        if count == 10:  # the import waits here until the window's own timer has fired a few times
            deadline = time.monotonic() + 10
            while len(beats) < 5 and time.monotonic() < deadline:
                time.sleep(0.005)

    monkeypatch.setattr(dialogs, "_tell_stored", wait_for_the_window)
    report = run_import(None, file_session, [tmp_path / "big.jsonl"], show_summary=False)
    timer.stop()
    assert report.articles_added == 30
    assert len(beats) >= 5  # the window's event loop ran while the import was under way
    assert len(article_store.all_articles(file_session.project)) == 30


def test_an_export_runs_off_the_window_thread_and_cancel_leaves_the_old_file(file_session, tmp_path, qtbot, monkeypatch):
    _jsonl(tmp_path / "big.jsonl", 30)
    run_import(None, file_session, [tmp_path / "big.jsonl"], show_summary=False)
    out = tmp_path / "out.csv"
    out.write_text("what was there before\n", encoding="utf-8")
    dialog = ExportDialog(file_session)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
    dialog.set_output(out)
    seen = []
    real = background._Run.tick

    def cancel_midway(self, text):
        seen.append(threading.current_thread() is threading.main_thread())
        if "10 record" in text:
            self.stop.set()  # Cancel pressed
        real(self, text)

    monkeypatch.setattr(background._Run, "tick", cancel_midway)
    with pytest.raises(Cancelled):
        dialog.run_export()
    assert seen and not any(seen)  # never on the window's thread
    assert out.read_text(encoding="utf-8") == "what was there before\n"
    monkeypatch.setattr(background._Run, "tick", real)
    report = dialog.run_export()
    assert report.records == 30 and out.read_text(encoding="utf-8").count(",Article,") == 30

@pytest.mark.parametrize("fmt", ["csv", "doccano", "jsonl"])
def test_export_dialog_writes_the_chosen_format(session, tmp_path, qtbot, fmt):
    dialog = ExportDialog(session)
    qtbot.addWidget(dialog)
    dialog.set_output(tmp_path / "out")
    dialog.set_format(fmt)
    assert dialog.output_path().suffix == {"csv": ".csv", "doccano": ".jsonl", "jsonl": ".jsonl"}[fmt]
    dialog.set_selection(annotator="ben")
    report = dialog.run_export()
    assert report.path.exists() and report.quotes == 1
    if fmt == "csv":
        rows = list(csv.DictReader(report.path.open(encoding="utf-8")))
        assert [row["annotator"] for row in rows] == ["ben"]
    else:
        record = json.loads(report.path.read_text(encoding="utf-8").splitlines()[0])
        assert record["text"] == TEXT


def test_export_dialog_suffix_follows_the_format(session, tmp_path, qtbot):
    dialog = ExportDialog(session)
    qtbot.addWidget(dialog)
    dialog.set_output(tmp_path / "mine.jsonl")
    dialog.set_format("csv")
    assert dialog.output_edit.text().endswith("mine.csv")
    dialog.set_format("spacy")
    assert dialog.output_path().name == "mine.spacy"
    assert not dialog.gold_radio.isEnabled()  # nobody adjudicated yet
    assert [dialog.annotator_combo.itemText(i) for i in range(dialog.annotator_combo.count())] == [
        "ana",
        "ben",
    ]


BAD_SCHEME = 'name = "bad"\n[[stances]]\nname = "for"\ncolour = "green"\n'
GOOD_SCHEME = (
    'name = "binary"\n[[stances]]\nname = "for"\ncolour = "#00aa00"\nkey = "1"\n'
    '[[topics]]\nname = "energy"\ncolour = "#123456"\nkey = "G"\nkeywords = ["oil", "gas"]\n'
)


def test_scheme_dialog_shows_errors_and_changes_nothing(session, tmp_path, qtbot):
    before = labels.scheme(session.project)
    dialog = SchemeDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.stances_table.rowCount() == len(before.stances)
    assert "cannot be undone" in dialog.note.text()
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD_SCHEME, encoding="utf-8")
    assert not dialog.load_file(bad)
    assert "colour 'green'" in dialog.error.text() and not dialog.error.isHidden()
    assert not dialog.apply_button.isEnabled() and not dialog.apply_pending()
    assert labels.scheme(session.project) == before


def test_scheme_dialog_previews_then_applies(session, tmp_path, qtbot):
    good = tmp_path / "binary.toml"
    good.write_text(GOOD_SCHEME, encoding="utf-8")
    dialog = SchemeDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.load_file(good)
    assert dialog.stances_table.rowCount() == 1 and "not applied" in dialog.title.text()
    assert "for" not in [s.name for s in labels.scheme(session.project).stances]  # a preview only
    with qtbot.waitSignal(dialog.schemeApplied) as signal:
        assert dialog.apply_pending()
    scheme = labels.scheme(session.project)
    assert signal.args[0] == scheme and scheme.name == "binary"
    assert {"for", "supports"} <= {s.name for s in scheme.stances}  # labels in use are kept
    assert session.scheme == scheme
    topics = {
        dialog.topics_table.item(r, 0).text(): dialog.topics_table.item(r, 3).text()
        for r in range(dialog.topics_table.rowCount())
    }
    assert topics["energy"] == "oil, gas"


def test_shortcut_sheet_lists_every_shortcut_and_label_key(session, qtbot):
    sheet = ShortcutSheet(session)
    qtbot.addWidget(sheet)
    text = sheet.browser.toPlainText()
    for _, description in all_shortcuts():
        assert description in text
    assert {title for title, _ in SHORTCUTS} == {"Quotes", "Inspector", "Suggestions", "Review (a merged project, F8)",
                                              "Editing", "Project"}
    for label in labels.scheme(session.project).topics:
        assert f"Toggle topic: {label.name}" in text
    assert "Stance: opposes" in text


def test_the_shortcut_sheet_lists_every_window_key():
    from annotator.ui.window.actions import ACTIONS
    from annotator.ui.window.shortcuts import all_shortcuts

    listed = {key.strip() for keys, _ in all_shortcuts() for key in keys.split(" / ")}
    listed |= {"Return"} if "Enter" in listed else set()
    missing = [(name, keys) for name, _, keys, _, _ in ACTIONS if keys and keys not in listed and name != "quit"]
    assert missing == []


def test_an_import_after_the_project_file_was_deleted_says_so_and_makes_no_new_file(file_session, tmp_path, qtbot):
    _jsonl(tmp_path / "a.jsonl", 3)
    path = file_session.project.path
    path.unlink()  # deleted (or moved away) while the window has it open
    report = run_import(None, file_session, [tmp_path / "a.jsonl"], show_summary=False)
    assert report.stopped == (f"{path}: the project file is gone (moved or deleted since it was opened); "
                              "nothing was imported")
    assert not path.exists()  # the import did not go into a new, empty project under the old name


def test_an_export_whose_project_file_was_deleted_warns_instead_of_raising(file_session, tmp_path, qtbot, monkeypatch):
    dialog = ExportDialog(file_session)
    qtbot.addWidget(dialog)
    dialog.set_output(tmp_path / "out.jsonl")
    file_session.project.path.unlink()
    warnings = []
    monkeypatch.setattr(dialogs.QMessageBox, "warning", lambda parent, title, text: warnings.append((title, text)))
    dialog._on_export_clicked()
    assert warnings == [("Export failed", f"{file_session.project.path}: the project file is gone (moved or deleted "
                                          "since it was opened)")]
    assert not (tmp_path / "out.jsonl").exists()


def test_the_window_s_qt_objects_are_never_collected_on_the_worker_thread(file_session, tmp_path, qtbot, monkeypatch):
    # Destroying a Qt object on another thread than its own crashed the window (seen as a segfault).
    _jsonl(tmp_path / "a.jsonl", 30)
    collected_on = []

    class Unreachable(QObject):
        def __init__(self):
            super().__init__()
            self.timer = QTimer(self)
            self.timer.start(60_000)
            self.cycle = self  # only Python's collector can free it

    threshold = gc.get_threshold()
    gc.disable()
    garbage = Unreachable()
    weakref.finalize(garbage, lambda: collected_on.append(threading.current_thread() is threading.main_thread()))
    del garbage
    gc.set_threshold(1_000_000)  # nothing collects before the worker runs
    gc.enable()
    real = dialogs._tell_stored

    def allocate_on_the_worker(tick, where, path, count):
        real(tick, where, path, count)
        if count == 1:  # as a long import's allocations reach the collector's threshold on the worker
            gc.set_threshold(1)
            [[] for _ in range(100)]
            gc.set_threshold(*threshold)

    monkeypatch.setattr(dialogs, "_tell_stored", allocate_on_the_worker)
    try:
        report = run_import(None, file_session, [tmp_path / "a.jsonl"], show_summary=False)
    finally:
        gc.set_threshold(*threshold)
    gc.collect()
    assert report.articles_added == 30
    assert collected_on == [True]


def test_the_shortcut_sheet_fits_a_laptop_screen_without_scrolling(session, qtbot):
    sheet = ShortcutSheet(session)
    qtbot.addWidget(sheet)
    # A 1366 x 768 laptop: the sheet opens 80 pixels narrower and 60 shorter than the screen's free room.
    sheet.resize(1286, 708)
    sheet.show()
    qtbot.waitExposed(sheet)
    # In two columns split by section count, the right one ran a dozen rows longer (its descriptions
    # wrapped beside long keys): the stance and topic keys were below the fold.
    assert sheet.browser.verticalScrollBar().maximum() == 0


def test_the_scheme_dialog_shows_labels_whole_and_gives_the_keywords_the_room(session, qtbot):
    from annotator.ui.shared.dialogs import SchemeDialog

    dialog = SchemeDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.topics_table
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):  # every topic's name whole, no "…"
        assert metrics.horizontalAdvance(table.item(row, 0).text()) + 8 <= header.sectionSize(0)
    # The one-letter key column is narrow; the keywords get the larger part of the table (they were cut
    # after four words while the key column stood 60 pixels wide).
    assert header.sectionSize(1) <= 48
    assert header.sectionSize(3) >= table.viewport().width() * 0.45


def test_a_long_import_shows_its_progress_dialog_with_a_cancel_button(file_session, tmp_path, qtbot, monkeypatch):
    from PySide6.QtWidgets import QProgressDialog

    _jsonl(tmp_path / "big.jsonl", 30)
    seen = []

    def look():  # on the window's thread, as a user would see the screen
        seen.extend(w.labelText() for w in QApplication.topLevelWidgets()
                    if isinstance(w, QProgressDialog) and w.isVisible())

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(20)
    real = dialogs._tell_stored

    def slow(tick, where, path, count):
        real(tick, where, path, count)
        if count == 10:  # a long import: wait (at most 3 s; it shows after 0.4 s) until the dialog is on screen
            deadline = time.monotonic() + 3
            while not seen and time.monotonic() < deadline:
                time.sleep(0.02)

    monkeypatch.setattr(dialogs, "_tell_stored", slow)
    report = run_import(None, file_session, [tmp_path / "big.jsonl"], show_summary=False)
    timer.stop()
    assert report.articles_added == 30
    assert seen and seen[-1].startswith("Importing big.jsonl (1 of 1)")
