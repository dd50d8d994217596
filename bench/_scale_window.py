"""One window figure of bench_scale.py, measured in this fresh process on the real window, offscreen.

Run by bench_scale.py as: python bench/_scale_window.py FIGURE PROJECT ANNOTATOR
The window starts as ``annotator --db PROJECT --annotator ANNOTATOR`` would (``--demo`` for the demo
launch). The last line printed is one JSON object: the figure's numbers, or {"error": "..."}.

Busy time: what an input costs the UI thread. A timer ticks every 5 ms while the figure runs; every gap
between ticks over 20 ms is the event loop stalled, and the busy time of an input is the sum of those
stalls (less the 5 ms tick) from the input on, as long as each stall starts within 0.6 s of the one
before: work put off by a short timer (a debounced search) is counted when it runs, idle waiting is
not, and neither is a lone stall long after the input (on a loaded machine the process is sometimes
not scheduled for tens of milliseconds). Work moved off the UI thread is not counted either: the window
stays responsive meanwhile.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import sys
import time
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QAction  # noqa: E402
from PySide6.QtWidgets import QApplication, QDockWidget, QTableView  # noqa: E402

TICK = 0.005
STALL = 0.020
# The first idle second after start-up: no stall over 50 ms for a whole second.
IDLE_GAP, IDLE_QUIET = 0.05, 1.0


class Ticker:
    """A 5 ms timer whose ticks show when the event loop was free."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(int(TICK * 1000))
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def start(self) -> None:
        """Start ticking (again)."""
        self.ticks = [time.perf_counter()]
        self.timer.start()

    def gaps(self, since: float, until: float | None = None) -> list[tuple[float, float]]:
        """(start, length) of each gap between ticks from ``since`` (the first gap starts there)."""
        until = until if until is not None else float("inf")
        points = [since] + [t for t in self.ticks if since < t <= until]
        return [(a, b - a) for a, b in zip(points, points[1:], strict=False)]


TICKER: Ticker


def spin(seconds: float) -> None:
    """Run the event loop for ``seconds`` (longer if something blocks it)."""
    loop = QEventLoop()
    QTimer.singleShot(max(0, int(seconds * 1000)), loop.quit)
    loop.exec()


def wait_idle(quiet: float = IDLE_QUIET, gap: float = IDLE_GAP, timeout: float = 300) -> float:
    """Spin until the loop has had ``quiet`` seconds without a stall over ``gap``; returns when that began."""
    begun = time.perf_counter()
    while True:
        spin(0.1)
        now = time.perf_counter()
        stalls = [start + length for start, length in TICKER.gaps(begun) if length > gap]
        free_since = stalls[-1] if stalls else begun
        if now - free_since >= quiet:
            return free_since
        if now - begun > timeout:
            raise TimeoutError(f"the window was still busy after {timeout:.0f} s")


def busy(action, link: float = 0.6) -> float:
    """UI-thread seconds an input costs: its chain of stalls over 20 ms (see the module's docstring)."""
    start = time.perf_counter()
    QTimer.singleShot(0, action)
    # Settled once the loop has been free of long stalls for a while; on a loaded machine stalls of
    # 20-50 ms (the process not scheduled) never stop altogether, so they cannot be the test.
    wait_idle(quiet=max(0.5, 2 * link), gap=IDLE_GAP)
    total, last_end = 0.0, start
    for gap_start, length in TICKER.gaps(start):
        if length <= STALL:
            continue
        if gap_start - last_end > link:
            break  # the loop was free for a while: later stalls are not this input's
        total += length - TICK
        last_end = gap_start + length
    return total


def median_ms(values: list[float]) -> float:
    """The median of seconds, in milliseconds."""
    return round(statistics.median(values) * 1000, 1)


# -- what the figures act on: public attributes first, object names as the fallback -------------------------


def action(window, name: str) -> QAction:
    """A window action by object name (as the menus and keys use it)."""
    found = window.findChild(QAction, name)
    if found is None:
        raise LookupError(f"no action '{name}' in the window")
    return found


def dock(window, name: str) -> QDockWidget:
    """A dock by object name."""
    found = window.findChild(QDockWidget, name)
    if found is None:
        raise LookupError(f"no dock '{name}' in the window")
    return found


def select_gap(window, index: int) -> None:
    """Select a few words between the current annotator's quotes in the current pane."""
    view = window.current_view()
    if view is None:
        raise LookupError("no article open in the window")
    text = view.article.text
    spans = sorted((q.start, q.end) for q in view.quotes)
    gaps, previous = [], 0
    for start, end in spans + [(len(text), len(text))]:
        if start - previous > 60:
            gaps.append(previous + 20)
        previous = max(previous, end)
    if not gaps:
        raise LookupError("no free text left in the open article")
    start = gaps[index % len(gaps)]
    offsets = getattr(view.text, "offsets", None)
    to_qt = offsets.to_qt if offsets is not None else (lambda x: x)
    cursor = view.text.textCursor()
    cursor.setPosition(to_qt(start))
    cursor.setPosition(to_qt(start + 15), cursor.MoveMode.KeepAnchor)
    view.text.setTextCursor(cursor)


def create_quote(window, index: int) -> None:
    """Select free text and press Q (its action): the quote is stored and shown."""
    view = window.current_view()
    before = len(view.quotes)
    select_gap(window, index)
    action(window, "new_quote").trigger()
    QApplication.processEvents()
    if len(window.current_view().quotes) != before + 1:
        raise RuntimeError("Q did not add a quote to the open article")


# -- figures ---------------------------------------------------------------------------------------------------


def fig_launch(window) -> dict:
    """When the window was shown and when it first went idle (epoch seconds)."""
    shown = time.time()
    offset = shown - time.perf_counter()
    idle = wait_idle()
    return {"shown": shown, "idle": idle + offset}


def fig_create(window, runs: int = 5) -> dict:
    """Creating a quote with Q: selection, command, store, repaint; median of ``runs``."""
    wait_idle()
    times = []
    for i in range(runs):
        start = time.perf_counter()
        create_quote(window, i)
        times.append(time.perf_counter() - start)
        wait_idle(quiet=0.8)  # put-off work after an edit (a dock refresh) is the stall figure's
    return {"ms": median_ms(times), "runs": [round(t * 1000, 1) for t in times]}


def fig_stall(window) -> dict:
    """The longest event-loop stall in the 2 s after an edit, and in 2 s of idle before it."""
    wait_idle()
    idle_from = time.perf_counter()
    spin(2.0)
    idle_gap = max(length for _s, length in TICKER.gaps(idle_from))
    done: list[float] = []

    def edit() -> None:
        done.append(time.perf_counter())
        create_quote(window, 0)
        done.append(time.perf_counter())

    QTimer.singleShot(0, edit)
    while len(done) < 2:
        spin(0.05)
    spin(2.0 - (time.perf_counter() - done[1]))
    after = [length for _s, length in TICKER.gaps(done[1], done[1] + 2.0)]
    return {"ms": round(max(after) * 1000, 1), "idle_ms": round(idle_gap * 1000, 1),
            "edit_ms": round((done[1] - done[0]) * 1000, 1)}


def _claims(window):
    """The window's claims board and its dock, once the window is idle."""
    board = getattr(window, "claims_board", None)
    if board is None:
        raise LookupError("the window has no claims board")
    wait_idle()
    return board, dock(window, "claimsDock")


def fig_claims(window, word: str = "grain") -> dict:
    """The claims board's filter, typed one character at a time then erased: busy time per keystroke."""
    board, claims_dock = _claims(window)
    opened = busy(lambda: (claims_dock.show(), claims_dock.raise_()))
    edit = board.filter_edit

    def shown() -> tuple[int, int]:
        # Claims kept, and quotes kept when the model says (a word in some quote of every claim keeps them all).
        count = getattr(board.model, "quote_count", None)
        return board.model.rowCount(), count() if callable(count) else -1

    rows = [shown()]
    times = []
    for ch in word:
        times.append(busy(lambda ch=ch: edit.insert(ch)))
        rows.append(shown())
    for _ in word:
        times.append(busy(edit.backspace))
        rows.append(shown())
    if len(set(rows)) == 1 and rows[0][0] > 0:
        raise RuntimeError(f"typing '{word}' into the claims filter changed nothing shown")
    return {"ms": median_ms(times), "max_ms": round(max(times) * 1000, 1), "open_ms": round(opened * 1000, 1),
            "rows": rows}


def type_while(loading, edit, text: str, every: float = 0.05, timeout: float = 300) -> dict:
    """Type ``text`` into ``edit`` (a character every ``every`` s, over and over) for as long as ``loading()``.

    Each keystroke is due ``every`` s after the one before; its wait is how late it ran plus what handling it
    took, the time from the key to its letter in the box. The longest tick gap over the whole span shows
    how long the window's thread was held (by the worker's long calls that keep the interpreter lock).
    """
    start = time.perf_counter()
    waits: list[float] = []
    state = {"k": 0, "due": start}

    def key() -> None:
        ran = time.perf_counter()
        k = state["k"]
        ch = text[k % len(text)]
        if (k // len(text)) % 2:
            edit.backspace()
        else:
            edit.insert(ch)
        waits.append(time.perf_counter() - state["due"])
        state["k"] += 1
        if loading():
            state["due"] += every
            QTimer.singleShot(max(0, int((state["due"] - ran) * 1000)), key)
        else:
            state["done"] = time.perf_counter()

    QTimer.singleShot(0, key)
    while "done" not in state:
        spin(0.05)
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"still loading after {timeout:.0f} s")
    done = state["done"]
    longest = max((length for _s, length in TICKER.gaps(start, done)), default=0.0)
    return {"load_ms": round((done - start) * 1000), "gap_ms": round(longest * 1000, 1),
            "key_wait_ms": round(max(waits) * 1000, 1), "key_median_ms": median_ms(waits), "keys": len(waits)}


def fig_claims_load(window, word: str = "grain") -> dict:
    """Typing into the claims board's filter while its first reading runs; then keystrokes once loaded."""
    board, claims_dock = _claims(window)
    claims_dock.show()
    claims_dock.raise_()
    answered: list[float] = []
    board.jobs.finished.connect(lambda *_: answered.append(time.perf_counter()))  # after the board's own slot
    waited = time.perf_counter()
    while not board._loading:  # the dock shows at the next turn of the loop, and the reading starts then
        QApplication.processEvents()
        if time.perf_counter() - waited > 10:
            raise RuntimeError("showing the claims board started no reading")
    start = time.perf_counter()
    during = type_while(lambda: board._loading, board.filter_edit, word)
    wait_idle(quiet=0.5)
    # Split the stalls: the one holding the answer is the window's own work on it (the board shown, and
    # the collector's full pass the reading made due); those before it are the worker keeping the lock.
    gaps = TICKER.gaps(start, answered[0] + 1.0) if answered else []
    reply = max((length for at, length in gaps if at <= answered[0] <= at + length), default=0.0) if answered else 0
    worker = max((length for at, length in gaps if answered and at + length < answered[0]), default=0.0)
    passes = []
    for _ in range(5):  # what one full pass of the collector costs the window's thread now (least of five)
        began = time.perf_counter()
        gc.collect()
        passes.append(time.perf_counter() - began)

    def shown() -> tuple[int, int]:
        return board.model.rowCount(), board.model.quote_count()

    # What was typed during the reading filters the rows once they are in.
    typed, kept = board.filter_edit.text(), shown()
    board.filter_edit.clear()
    wait_idle(quiet=0.5)
    if typed and kept == shown():
        raise RuntimeError(f"the filter '{typed}' typed during the reading did not apply once it was in")
    after = [busy(lambda ch=ch: board.filter_edit.insert(ch)) for ch in word]
    after += [busy(board.filter_edit.backspace) for _ in word]
    return {**during, "typed": typed, "after_ms": median_ms(after), "after_max_ms": round(max(after) * 1000, 1),
            "reply_ms": round(reply * 1000, 1), "worker_gap_ms": round(worker * 1000, 1),
            "full_pass_ms": round(min(passes) * 1000, 1)}


def _jobs_busy(window) -> bool:
    """Whether any panel's background reading is still to be answered."""
    from annotator.ui.shared.workers import ProjectJobs

    return any(jobs.busy() for jobs in window.findChildren(ProjectJobs))


def fig_panel_load(window, which: str) -> dict:
    """The longest event-loop stall while a panel reads in the background: from the input to the answer shown.

    ``which``: speakers (its dock shown), agreement (Ctrl+Shift+A: review mode and the agreement panel),
    review (F8), or corpus:TEXT (a search typed into the corpus list, a key every 50 ms).
    """
    from annotator.ui.window.part_keys import show_agreement

    wait_idle()
    if which == "speakers":
        create_quote(window, 0)  # an edit the hidden panel has to catch up with when shown
        wait_idle()
    start = time.perf_counter()
    if which.startswith("corpus:"):
        box = window.corpus.search
        typed = type_while(lambda: len(box.text()) < len(which) - 7 or _jobs_busy(window), box, which[7:] * 2)
        done = start + typed["load_ms"] / 1000
    else:
        if which == "speakers":
            QTimer.singleShot(0, lambda: (dock(window, "speakersDock").show(), dock(window, "speakersDock").raise_()))
        elif which == "agreement":
            QTimer.singleShot(0, lambda: show_agreement(window))
        elif which == "review":
            QTimer.singleShot(0, window.review_mode.mode.trigger)
        else:
            raise LookupError(f"no panel '{which}' to load")
        spin(0.05)
        while _jobs_busy(window):
            spin(0.02)
            if time.perf_counter() - start > 300:
                raise TimeoutError(f"{which} still reading after 300 s")
        done = time.perf_counter()
    idle = wait_idle(quiet=0.5)  # what the answer costs the window's thread once it is in counts too
    gaps = TICKER.gaps(start, idle)
    longest = max(gaps, key=lambda gap: gap[1], default=(start, 0.0))
    return {"gap_ms": round(longest[1] * 1000, 1), "gap_at_ms": round((longest[0] - start) * 1000),
            "load_ms": round((done - start) * 1000), "over_100": sum(length > 0.1 for _s, length in gaps)}


def _corpus_table(window) -> QTableView:
    corpus = getattr(window, "corpus", None)
    table = getattr(corpus, "table", None)
    if table is None:
        table = dock(window, "corpusDock").findChild(QTableView)
    if table is None:
        raise LookupError("no corpus table in the window")
    return table


def _column(model, titles: tuple[str, ...]) -> int:
    for column in range(model.columnCount()):
        if str(model.headerData(column, Qt.Orientation.Horizontal)) in titles:
            return column
    raise LookupError(f"no column {titles[0]!r} in {type(model).__name__}")


def fig_corpus(window, search: str) -> dict:
    """Sorting the corpus by quote count, and clearing a search that kept a few articles."""
    wait_idle()
    table = _corpus_table(window)
    model = table.model()
    column = _column(model, ("#", "Quotes", "Open"))  # "Open" in review mode
    sorts = []
    for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        sorts.append(busy(lambda order=order: table.sortByColumn(column, order)))
    top = model.data(model.index(0, column))
    box = window.corpus.search
    clears, rows = [], []
    for _ in range(3):
        full = model.rowCount()
        box.setText(search)
        waited = time.perf_counter()
        while model.rowCount() == full and time.perf_counter() - waited < 60:
            spin(0.05)
        wait_idle(quiet=0.5)
        found = model.rowCount()
        clears.append(busy(box.clear))
        rows.append((full, found, model.rowCount()))
        if found == full or model.rowCount() == found:
            raise RuntimeError(f"searching '{search}' and clearing it did not change the rows shown ({rows[-1]})")
    return {"sort_ms": median_ms(sorts), "clear_ms": median_ms(clears), "top_count": top, "rows": rows,
            "sort_runs": [round(t * 1000) for t in sorts], "clear_runs": [round(t * 1000) for t in clears]}


def fig_speakers(window) -> dict:
    """Bringing the speakers panel up after an edit, and sorting it by quote count and by name."""
    panel = getattr(window, "speakers_panel", None)
    if panel is None:
        raise LookupError("the window has no speakers panel")
    wait_idle()
    create_quote(window, 0)  # an edit the panel has to catch up with when shown
    wait_idle()
    speakers_dock = dock(window, "speakersDock")
    opened = busy(lambda: (speakers_dock.show(), speakers_dock.raise_()))
    view = panel.view
    model = view.model()
    count_column, name_column = _column(model, ("#", "Quotes")), _column(model, ("Name",))
    sorts = []
    for column, order in ((count_column, Qt.SortOrder.DescendingOrder), (name_column, Qt.SortOrder.AscendingOrder),
                          (count_column, Qt.SortOrder.AscendingOrder), (name_column, Qt.SortOrder.DescendingOrder)):
        sorts.append(busy(lambda column=column, order=order: view.sortByColumn(column, order)))
    return {"open_ms": round(opened * 1000, 1), "sort_ms": median_ms(sorts), "rows": model.rowCount()}


def main() -> None:
    """Launch the window through the command line and measure one figure once it is shown."""
    global TICKER
    figure, db, annotator = sys.argv[1], sys.argv[2], sys.argv[3]
    extra = sys.argv[4] if len(sys.argv) > 4 else ""
    import annotator.app as app_module
    from annotator.cli import main as cli_main

    build = app_module.build_window
    result: dict = {}

    def run(window) -> None:
        try:
            if figure == "launch":
                result.update(fig_launch(window))
            elif figure == "corpus":
                result.update(fig_corpus(window, extra))
            elif figure == "panel-load":
                result.update(fig_panel_load(window, extra))
            else:
                result.update(globals()[f"fig_{figure.replace('-', '_')}"](window))
        except Exception as exc:  # noqa: BLE001 - reported as the figure's error line
            traceback.print_exc()
            result["error"] = f"{type(exc).__name__}: {exc}"
        # Printed before the window closes: a worker thread that ends badly at exit must not lose it.
        print(json.dumps(result), flush=True)
        window.close()
        QApplication.exit(0)

    def timed(*args, **kwargs):
        global TICKER
        window = build(*args, **kwargs)
        TICKER = Ticker()

        def on_shown() -> None:
            TICKER.start()
            QTimer.singleShot(0, lambda: run(window))

        window.shown.connect(on_shown)
        return window

    app_module.build_window = timed
    args = ["--demo", "--db", db] if figure == "launch" and annotator == "--demo" else ["--db", db]
    args += ["--annotator", "bench" if annotator == "--demo" else annotator]
    code = cli_main(args)
    if not result:
        print(json.dumps({"error": f"the window never showed (exit status {code})"}))


if __name__ == "__main__":
    main()
