"""The annotator's part of the walkthrough: mark, tag, undo, suggestions, guidelines, details, F1, menus."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from annotator.core.text import plural
from docs.walk_keys import Walk, current_quote, in_box, move_caret, select_to, text_has_keys

CLAIM = "Iran supplied drones to Russia"
SPEAKER = "Hossein Amir Abdollahian"
INDIRECT = "it is not Iran’s policy to sell arms to Russia in its war with Ukraine"
DIRECT = "“We are against the war and strongly reject delivering drones to Russia in the war with Ukraine,”"


def annotate(walk: Walk, window) -> None:
    """The annotator's loop on the two samples, keyboard only."""
    walk.window = window
    walk.wait_for(lambda: window.isActiveWindow(), 5)
    walk.wait_for(lambda: walk.focus() is not None, 5)
    panes = window.panes.panes()
    left, right = panes[0], panes[1]
    walk.step("the window opens on the two samples, the keyboard in the left article")
    if window.suggestion_flow is not None:  # spaCy's suggestions in both before the first key, as every run
        walk.wait_for(lambda: bool(left.suggestions) and bool(right.suggestions), 120 * walk.wait_scale)
    walk.check(left.article is not None and right.article is not None, "the two sample articles are not open")
    if left.article is None or right.article is None:
        return
    if INDIRECT not in left.article.text:
        left, right = right, left
    walk.check(walk.focus() is panes[0].text, "at start the keyboard is not in the first article's text")
    if walk.focus() is not left.text:
        walk.report("the walk cannot reach the article with the drone denial from the keyboard")
        return
    direct_id = mark_and_tag(walk, window, left)
    if direct_id is None:
        return
    history(walk, left, direct_id)
    walk.step("Ctrl+Tab moves to the other pane")
    walk.key("Ctrl+Tab")
    if not walk.check(walk.focus() is right.text and window.panes.current is right,
                      "Ctrl+Tab does not move the keyboard to the next article pane"):
        return
    suggestions(walk, window, right)
    progress(walk, window, left)
    features(walk, window)


def mark_and_tag(walk: Walk, window, left) -> int | None:
    """Q and Shift+Q on two spans of the left article, each tagged with S, C, T, 1–4 and I; the direct quote's id."""
    from annotator.core.model import KINDS
    from annotator.store import registry

    text = left.article.text
    walk.step("select a reported-speech span with Shift+arrows (ending mid-word), Q snaps it to whole words")
    start = text.index(INDIRECT)
    end = start + len(INDIRECT)
    move_caret(walk, left, start)
    select_to(walk, left, end - 3)
    count = len(left.quotes)
    walk.key("Q")
    quote = current_quote(left)
    if not walk.check(len(left.quotes) == count + 1 and quote is not None, "Q made no quote of the selection"):
        return
    walk.check((quote.start, quote.end) == (start, end),
               f"Q did not snap to whole words: {text[quote.start:quote.end]!r}")
    walk.check(quote.kind == "indirect", f"a span without quotation marks got kind {quote.kind}")
    walk.check(window.inspector.speaker.isEnabled(), "the inspector does not show the new quote")

    walk.step("S, type the speaker, Enter")
    walk.key("S")
    walk.check(walk.focus() in in_box(window.inspector.speaker), "S did not put the keyboard in the speaker box")
    walk.type(SPEAKER)
    walk.key("Return")
    walk.check(current_quote(left).speaker == SPEAKER, f"Enter did not save the speaker: {current_quote(left).speaker!r}")
    text_has_keys(walk, left, "Enter in the speaker box")

    walk.step("S, type another name, Esc: the old speaker stays, nothing is added")
    walk.key("S")
    walk.type("Zed Nobody")
    walk.close_popup()
    walk.key("Escape")
    walk.check(current_quote(left).speaker == SPEAKER, "Esc in the speaker box saved what was typed")
    walk.check(window.inspector.speaker.currentText() == SPEAKER, "Esc left the typed name in the speaker box")
    speakers = [s.name for s in registry.all_speakers(window.session.project)]
    walk.check("Zed Nobody" not in speakers, "Esc in the speaker box added 'Zed Nobody' to the speakers")
    text_has_keys(walk, left, "Esc in the speaker box")

    walk.step("1, 3, 4, then 2: the stance follows each key, ending at opposes")
    for key, stance in (("1", "supports"), ("3", "neutral"), ("4", "unclear")):
        walk.key(key)
        walk.check(current_quote(left).stance == stance, f"{key} set stance {current_quote(left).stance!r}, not {stance}")
    walk.key("2")
    walk.check(current_quote(left).stance == "opposes", f"2 set stance {current_quote(left).stance!r}")
    checked = [b.text() for b in window.inspector.stances.buttons() if b.isChecked()]
    walk.check(len(checked) == 1 and "opposes" in checked[0], f"the inspector's stance buttons show {checked}")

    walk.step("T, then the topic letters F and D, Esc")
    walk.key("T")
    walk.check(walk.focus() is window.inspector.topics, "T did not put the keyboard in the topic list")
    walk.key("F")
    walk.key("D")
    walk.check(set(current_quote(left).topics) == {"conflict", "diplomacy"},
               f"F and D after T gave topics {current_quote(left).topics}")
    walk.check(window.actions_.undo.text() == "&Undo set topics", f"Edit → Undo says {window.actions_.undo.text()!r}")
    walk.key("Escape")
    text_has_keys(walk, left, "Esc in the topic list")

    walk.step("C, type the claim, Enter")
    walk.key("C")
    walk.check(walk.focus() in in_box(window.inspector.claim), "C did not put the keyboard in the claim box")
    walk.type(CLAIM)
    walk.key("Return")
    walk.check(current_quote(left).claim == CLAIM, f"Enter did not save the claim: {current_quote(left).claim!r}")
    text_has_keys(walk, left, "Enter in the claim box")

    walk.step("C, Esc: the claim stays")
    walk.key("C")
    walk.type("something else")
    walk.close_popup()
    walk.key("Escape")
    walk.check(current_quote(left).claim == CLAIM, "Esc in the claim box saved what was typed")
    text_has_keys(walk, left, "Esc in the claim box")

    walk.step("I cycles the kind")
    before = current_quote(left).kind
    walk.key("I")
    after = current_quote(left).kind
    walk.check(after == KINDS[(KINDS.index(before) + 1) % len(KINDS)], f"I turned {before} into {after}")
    for _ in range(len(KINDS)):
        if current_quote(left).kind == "indirect":
            break
        walk.key("I")
    walk.check(current_quote(left).kind == "indirect", "I never comes back to indirect")

    walk.step("Shift+Q on the exact characters of a direct quote")
    start = text.index(DIRECT)
    end = start + len(DIRECT)
    move_caret(walk, left, start)
    select_to(walk, left, end)
    walk.key("Shift+Q")
    quote = current_quote(left)
    if not walk.check(quote is not None and quote.start == start, "Shift+Q made no quote of the selection"):
        return
    walk.check((quote.start, quote.end) == (start, end), f"Shift+Q changed the exact selection: {text[quote.start:quote.end]!r}")
    walk.check(quote.kind == "direct", f"a span in quotation marks got kind {quote.kind}")
    walk.key("2")
    walk.key("S")
    walk.type(SPEAKER)
    walk.key("Return")
    walk.key("C")
    walk.type(CLAIM)
    walk.key("Return")
    walk.key("T")
    walk.key("F")
    walk.key("Escape")
    quote = current_quote(left)
    walk.check((quote.stance, quote.speaker, quote.claim, quote.topics) == ("opposes", SPEAKER, CLAIM, ("conflict",)),
               f"the direct quote's fields are {quote.stance}, {quote.speaker}, {quote.claim}, {quote.topics}")
    return quote.id


def history(walk: Walk, left, direct_id: int) -> None:
    """Tab and Shift+Tab between quotes, Ctrl+Z and Ctrl+Shift+Z, Delete and its undo."""
    walk.step("Shift+Tab / Tab move to the previous and next quote or suggestion")
    walk.key("Shift+Tab")
    moved = left.current_id not in (None, direct_id) or (left.current_id is None and left.suggestion() is not None)
    walk.check(moved, "Shift+Tab did not move to the previous quote or suggestion")
    walk.key("Tab")
    walk.check(left.current_id == direct_id, "Tab did not come back to the direct quote")

    walk.step("Ctrl+Z undoes the topic, Ctrl+Shift+Z redoes it")
    walk.key("Ctrl+Z")
    walk.check(current_quote(left) is not None and current_quote(left).topics == (), "Ctrl+Z did not undo the topic")
    walk.key("Ctrl+Shift+Z")
    walk.check(current_quote(left) is not None and current_quote(left).topics == ("conflict",),
               "Ctrl+Shift+Z did not redo the topic")

    walk.step("Delete removes the quote, Ctrl+Z brings it back selected")
    count = len(left.quotes)
    walk.key("Delete")
    walk.check(len(left.quotes) == count - 1 and left.quote(direct_id) is None, "Delete did not remove the quote")
    walk.key("Ctrl+Z")
    walk.check(left.quote(direct_id) is not None, "Ctrl+Z did not bring the deleted quote back with its id")
    walk.check(left.current_id == direct_id, "the quote brought back by Ctrl+Z is not selected")
    text_has_keys(walk, left, "Delete and Ctrl+Z")



def on_screen(view, start: int) -> bool:
    """Whether the text at a Python offset is inside the pane's visible area."""
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(view.text.document())
    cursor.setPosition(view.text.offsets.to_qt(start))
    return view.text.viewport().rect().intersects(view.text.cursorRect(cursor))


def on_screen_only(walk: Walk, view) -> None:
    """At the article's end (Ctrl+End), Enter acts on a suggestion the user sees, and the text does not jump."""
    walk.step("Ctrl+End, then Enter: only a suggestion on screen is accepted, and the text stays put")
    walk.key("Ctrl+End")
    walk.settle(100)
    bar = view.text.verticalScrollBar()
    before, ids = bar.value(), {q.id for q in view.quotes}
    walk.key("Return")
    added = [q for q in view.quotes if q.id not in ids]
    print(f"   Enter at the end accepted {plural(len(added), 'suggestion')}", flush=True)
    if added:
        walk.check(on_screen(view, added[0].start), "Enter accepted a suggestion scrolled out of sight")
        walk.check(bar.value() == before, f"accepting a suggestion made the text jump ({before} → {bar.value()} px)")
        walk.key("Ctrl+Z")
        walk.check(len(view.quotes) == len(ids), "Ctrl+Z did not take the accepted suggestion back")
    else:
        suggestion = view.suggestion()
        walk.check(suggestion is not None and on_screen(view, suggestion.start),
                   "Enter with no suggestion on screen neither accepted one nor showed the current one")


def side_panels(walk: Walk, window, view) -> None:
    """Ctrl+Shift+S and Ctrl+Shift+C bring the speakers and the claims board forward, Esc goes back to the text."""
    walk.step("Ctrl+Shift+S shows the speakers, Ctrl+Shift+C the claims board (keyboard in their lists), Esc back")
    walk.key("Ctrl+Shift+S")
    panel = window.speakers_panel
    walk.check(panel is not None and not panel.visibleRegion().isEmpty() and walk.focus() is panel.view,
               "Ctrl+Shift+S did not bring the speakers panel forward with the keyboard in it")
    walk.key("Escape")
    text_has_keys(walk, view, "Esc in the speakers panel")
    walk.key("Ctrl+Shift+C")
    board = window.claims_board
    walk.check(not board.visibleRegion().isEmpty() and walk.focus() is board.view,
               "Ctrl+Shift+C did not bring the claims board forward with the keyboard in it")
    walk.wait_for(lambda: board.model.claim_count() > 0, 10)
    walk.check(board.model.claim_count() == 1, f"the claims board lists {board.model.claim_count()} claims, not 1")
    walk.key("Escape")
    text_has_keys(walk, view, "Esc in the claims board")


def suggestions(walk: Walk, window, right) -> None:
    """spaCy's suggestions in the right article: Enter accepts the current one, A the rest; then tag one."""
    walk.step("the right article's suggestions: Tab to one, Enter accepts it, A accepts the rest")
    if window.suggestion_flow is None:
        walk.report("suggestions are off in this window")
    elif not walk.wait_for(lambda: bool(right.suggestions), 120 * walk.wait_scale):
        walk.report("no suggestions arrived in the right article within two minutes")
    else:
        on_screen_only(walk, right)
        walk.key("Ctrl+Home")
        count, waiting = len(right.quotes), len(right.suggestions)
        walk.check(right.suggestion() is not None, "the right article has suggestions but none is current")
        walk.key("Return")
        walk.check(len(right.quotes) == count + 1 and len(right.suggestions) == waiting - 1,
                   "Enter did not accept the current suggestion")
        walk.key("A")
        walk.check(not right.suggestions and len(right.quotes) == count + waiting,
                   f"A left {len(right.suggestions)} suggestions")
        walk.key("Ctrl+Home")
        walk.key("Tab")
        quote = current_quote(right)
        if walk.check(quote is not None, "Tab selected no accepted quote"):
            walk.key("1")
            walk.key("C")
            walk.type(CLAIM)
            walk.key("Return")
            quote = current_quote(right)
            walk.check(quote.stance == "supports" and quote.claim == CLAIM, "1 and C did not tag the accepted quote")
        side_panels(walk, window, right)
        walk.check(window.quote_list.columnWidth(0) >= 100,
                   f"the quote list leaves the quotes {window.quote_list.columnWidth(0)} px")
        walk.shot("annotating")


def progress(walk: Walk, window, left) -> None:
    """Ctrl+D marks the article done; Ctrl+Shift+N goes to the one not done."""
    walk.step("Ctrl+D marks the article done, Ctrl+Shift+N goes to the next not done")
    done = window.corpus.model.done_count()[0]
    walk.key("Ctrl+D")
    walk.check(window.corpus.model.done_count()[0] == done + 1, "Ctrl+D did not mark the article done")
    walk.check("1 of" in window.status_progress.text(), f"the status bar says {window.status_progress.text()!r}")
    walk.key("Ctrl+Shift+N")
    view = window.current_view()
    walk.check(view is not None and view.article_id == left.article_id,
               "Ctrl+Shift+N did not go to the article not done yet")


def features(walk: Walk, window) -> None:
    """Guidelines (Shift+F1), article details (Ctrl+Shift+D) and their undo, the F1 sheet, the Quote menu (Alt+Q)."""
    walk.step("Shift+F1 shows the guidelines")
    walk.key("Shift+F1")
    dock = window.guidelines_dock
    walk.check(dock.isVisible() and not dock.visibleRegion().isEmpty(), "Shift+F1 did not show the guidelines")
    shown = dock.widget().browser.toPlainText()
    walk.check("Stances" in shown and "opposes" in shown, "the guidelines do not describe the stances")
    walk.shot("guidelines")
    view = window.current_view()
    walk.check(view is not None and walk.focus() is view.text, "after Shift+F1 the keyboard left the article text")

    walk.step("Ctrl+Shift+D edits the article's outlet; Ctrl+Z takes it back")
    view = window.current_view()
    outlet = view.article.outlet

    def edit_outlet(dialog) -> None:
        walk.check(walk.focus() is dialog.edits["title"], "the details dialog does not open with the keyboard in Title")
        walk.key("Tab")
        walk.check(walk.focus() is dialog.edits["outlet"], "Tab does not go from Title to Outlet")
        walk.key("Ctrl+A")
        walk.type("Tehran Times")
        walk.shot("details", dialog)
        walk.key("Return")

    walk.in_dialog("Ctrl+Shift+D", edit_outlet)
    walk.check(view.article.outlet == "Tehran Times" and "Tehran Times" in view.meta.text(),
               f"the pane header shows {view.meta.text()!r} after editing the outlet")
    walk.key("Ctrl+Z")
    walk.check(view.article.outlet == outlet, "Ctrl+Z did not take the outlet back")
    text_has_keys(walk, view, "the details dialog")

    walk.step("F1 shows every key, the review keys too; Esc closes it")

    def read_sheet(dialog) -> None:
        sheet = dialog.browser.toPlainText()
        for keys in ("Shift+F1", "Ctrl+Shift+D", "Ctrl+Tab", "Ctrl+Shift+C", "Ctrl+Shift+S", "J / K", "F2", "Ctrl+U",
                     "Ctrl+Shift+A", "Space"):
            walk.check(keys.replace(" / ", "") in sheet.replace(" ", "").replace("\u202f", "").replace("or", ""),
                       f"the F1 sheet does not list {keys}")
        walk.shot("shortcuts", dialog)
        walk.key("Escape")

    walk.in_dialog("F1", read_sheet)
    text_has_keys(walk, view, "closing the F1 sheet")

    walk.step("Alt+Q opens the Quote menu; Esc closes it")

    walk.key("Alt+Q")
    popup = QApplication.activePopupWidget()
    walk.check(popup is window.actions_.quote_menu, "Alt+Q did not open the Quote menu")
    for _ in range(3):
        if QApplication.activePopupWidget() is None and walk.focus() is view.text:
            break
        walk.key("Escape")
    walk.check(QApplication.activePopupWidget() is None, "Esc did not close the Quote menu")
    text_has_keys(walk, view, "closing the Quote menu")
