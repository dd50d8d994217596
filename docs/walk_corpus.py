"""The corpus part of the walkthrough: import files (Ctrl+I), search and open them beside (Ctrl+F, Down,
Ctrl+Enter), four panes on a laptop-wide window, equal widths, and a key with nothing to act on."""

from __future__ import annotations

from pathlib import Path

from docs.walk_keys import Walk

#: Two plain-text articles the walk imports: a headline on the first line, then a quote or two.
ARTICLES = {
    "kyiv-power.txt": (
        "Kyiv says drones struck two power stations overnight",
        "KYIV – Ukraine's energy ministry said drones struck two power stations overnight. \"The attack left "
        "thousands without heating,\" a ministry spokesperson told reporters on Friday. Officials said repairs "
        "would take several days.",
    ),
    "brussels-talks.txt": (
        "Brussels weighs new sanctions after drone reports",
        "BRUSSELS – European Union ministers discussed further sanctions on Thursday. \"We will respond to any "
        "delivery of weapons,\" the bloc's foreign policy chief said after the meeting, adding that evidence "
        "was still being gathered.",
    ),
}


def write_articles(folder: Path) -> list[str]:
    """Setup: the two article files, written beside the project (where Ctrl+I's dialog opens)."""
    for name, (headline, body) in ARTICLES.items():
        (folder / name).write_text(f"{headline}\n\n{body}\n", encoding="utf-8")
    return list(ARTICLES)


def titles(window) -> list[str]:
    """The titles of the open panes, left to right."""
    return [view.title.text() for view in window.panes.panes() if view.article is not None]


def import_files(walk: Walk, window, names: list[str]) -> None:
    """Ctrl+I, type the file names, Enter; the summary says what came in, Enter closes it."""
    from PySide6.QtWidgets import QLineEdit

    walk.step("Ctrl+I imports two .txt files typed into the file dialog; each title is its headline")
    before = window.corpus.model.rowCount()

    def choose(dialog) -> None:
        walk.check(isinstance(walk.focus(), QLineEdit), "the import dialog does not open with the keyboard in the file name")
        walk.type(" ".join(f'"{name}"' for name in names))
        walk.key("Return")

    def summary(box) -> None:
        walk.check(str(len(names)) in box.text(), f"the import summary says {box.text()!r}")
        walk.key("Return")

    walk.in_dialog("Ctrl+I", choose, summary)
    walk.wait_for(lambda: window.corpus.model.rowCount() == before + len(names), 5)
    walk.check(window.corpus.model.rowCount() == before + len(names),
               f"the corpus lists {window.corpus.model.rowCount()} articles after importing {len(names)}")


def open_beside(walk: Walk, window, headline: str) -> None:
    """Ctrl+F, type a word of the headline, Down to the hit, Ctrl+Enter opens it in a new pane."""
    corpus = window.corpus
    walk.key("Ctrl+F")
    walk.check(walk.focus() is corpus.search, "Ctrl+F did not put the keyboard in the corpus search")
    walk.key("Ctrl+A")
    walk.type(headline.split()[0])
    walk.wait_for(lambda: corpus.model.listed_search == headline.split()[0] and corpus.model.rowCount() > 0, 5)
    walk.key("Down")
    walk.check(walk.focus() is corpus.table, "Down in the search box did not go to the hits")
    panes = len(titles(window))
    walk.key("Ctrl+Return")
    walk.check(len(titles(window)) == panes + 1 and headline in titles(window),
               f"Ctrl+Enter on {headline!r} did not open it beside the others: {titles(window)}")
    view = window.current_view()
    walk.check(view is not None and view.title.text() == headline and walk.focus() is view.text,
               "the article opened beside is not the one with the keyboard")


def corpus_and_panes(walk: Walk, window, names: list[str]) -> None:
    """Import, open four panes from the keyboard, narrow the window to a laptop's, equal widths."""
    if not names:
        return
    import_files(walk, window, names)
    walk.step("Ctrl+F, a word, Down, Ctrl+Enter: each new article opens beside the others")
    for name in names:
        open_beside(walk, window, ARTICLES[name][0])

    walk.step("a key with nothing to act on says why")
    view = window.current_view()
    if view is not None and view.current_id is None:
        window.statusBar().clearMessage()
        walk.key("1")
        walk.check(bool(window.statusBar().currentMessage()), "1 with no quote selected did nothing, silently")

    walk.step("four panes stay readable at 1280 × 800 (the user narrows the window); Ctrl+Shift+E equal widths")
    window.resize(1280, 800)
    walk.settle(300)
    widths = [view.width() for view in window.panes.panes()]
    walk.check(len(widths) == 4 and min(widths) >= 200, f"four panes at 1280 px are {widths} px wide")
    walk.key("Ctrl+Shift+E")
    walk.settle(100)
    widths = [view.width() for view in window.panes.panes()]
    walk.check(max(widths) - min(widths) <= 8, f"Ctrl+Shift+E left the panes {widths} px wide")
    walk.shot("four-panes")

    walk.step("Esc clears the search, Esc again goes back to the text")
    walk.key("Ctrl+F")
    walk.check(walk.focus() is window.corpus.search and window.corpus.search.isVisible(),
               "on a narrow window Ctrl+F does not bring the corpus search back")
    walk.key("Escape")
    walk.wait_for(lambda: window.corpus.model.rowCount() >= 4, 5)
    walk.check(window.corpus.model.rowCount() >= 4, "Esc in the search box left the list filtered")
    walk.key("Escape")
    view = window.current_view()
    walk.check(view is not None and walk.focus() is view.text, "the second Esc did not go back to the text")
    walk.settle(200)
    widths = [view.width() for view in window.panes.panes()]
    walk.check(min(widths) >= 200, f"back in the text, the four panes are {widths} px wide")
    window.resize(1600, 1000)
    walk.settle(200)
    walk.step("Ctrl+Tab wraps round to the first pane; Page Down reads on")
    walk.key("Ctrl+Tab")
    first = window.panes.panes()[0]
    walk.check(window.panes.current is first and walk.focus() is first.text, "Ctrl+Tab from the last pane did not wrap round")
    walk.key("PgDown", times=3)
    walk.check(first.scroll_offset() > 0, "Page Down did not scroll the article")


def pane_state(window) -> list[tuple[int | None, int]]:
    """What a user would expect back after reopening: each pane's article and its reading position."""
    return [(view.article_id, view.scroll_offset() if view.article is not None else 0) for view in window.panes.panes()]


def reopened(walk: Walk, window, before: list[tuple[int | None, int]]) -> None:
    """The project reopened: the same articles in the same panes, each at the same place in its text."""
    walk.window = window
    walk.step("closing and reopening the project brings back the panes and their reading positions")
    walk.wait_for(lambda: window.isActiveWindow(), 5)
    walk.settle(300)
    after = pane_state(window)
    walk.check([a for a, _ in after] == [a for a, _ in before],
               f"reopened with articles {[a for a, _ in after]}, not {[a for a, _ in before]}")
    for (article, was), (_, now) in zip(before, after, strict=False):
        walk.check(abs(now - was) < 120, f"article {article} reopened at offset {now}, not {was}")
    view = window.current_view()
    walk.check(view is not None and walk.focus() is view.text, "after reopening the keyboard is not in an article")
