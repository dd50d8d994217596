"""A kill -9 harness: scripted sessions of undoable commands, killed at random moments, then checked.

A child process runs a session chosen by a seed (adds, edits, deletes, bulk accepts of 150 quotes, undo
and redo: what a window's undo stack does) on a project file and logs the number of each action once it
has committed. The parent kills it with SIGKILL at a random moment, then replays the same session on an
in-memory copy of the file as it was before the child started, and checks that the file passes SQLite's
integrity and foreign-key checks and holds exactly the state after the last logged action, or after the
next one (committed, killed before it was logged). An earlier state means committed actions were lost.

Run a child by hand: python kill_harness.py child PROJECT SEED LOG
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.model import Quote
from annotator.services import commands
from annotator.store import articles as article_store
from annotator.store import labels
from annotator.store import quotes as quote_store
from annotator.store.dump import dump_tables
from annotator.store.project import Project

ANNOTATOR = "crash"
ACTIONS = 2000
BULK = 150  # quotes in one bulk step, as "Accept 150 suggestions"
_CACHES = {"suggestions", "suggestion_decisions", "token_cache", "models"}
_NAMES = ["Amir-Abdollahian", "Josep Borrell", "Nasser Kanaani", "the ministry", "Antony Blinken"]


def fingerprint(project: Project) -> str:
    """A digest of every row but caches and timestamps (a replay stamps other times)."""
    digest = hashlib.sha256()
    for name, rows in dump_tables(project).items():
        if name in _CACHES:
            continue
        clean = [tuple(v for v in row if not (isinstance(v, str) and len(v) == 25 and v[10:11] == "T")) for row in rows]
        digest.update(repr((name, sorted(clean, key=repr))).encode())
    return digest.hexdigest()


def run_session(project: Project, seed: int, on_commit: Callable[[int], None], actions: int = ACTIONS) -> None:
    """Run ``actions`` scripted steps; the choices depend only on the seed and the project's state."""
    rng = random.Random(seed)
    scheme = labels.scheme(project)
    stances = [s.name for s in scheme.stances] or [None]
    topics = [t.name for t in scheme.topics]
    articles = [(a.id, len(a.text)) for a in article_store.all_articles(project)]
    done: list[commands.Command] = []
    undone: list[commands.Command] = []

    def new_quote(article_id: int, length: int) -> commands.AddQuote:
        start = rng.randrange(0, length - 1)
        end = min(length, start + rng.randint(1, 120))
        speaker = rng.choice(_NAMES + [f"Speaker {rng.randint(1, 50)}", None])
        return commands.AddQuote(Quote(None, article_id, start, end, ANNOTATOR, speaker=speaker))

    for number in range(1, actions + 1):
        article_id, length = rng.choice(articles)
        quotes = quote_store.quotes_for_article(project, article_id, ANNOTATOR)
        roll = rng.random()
        command: commands.Command | None = None
        if roll < 0.12 and done:
            undone.append(done.pop())
            _step(undone[-1].undo, project)
        elif roll < 0.20 and undone:
            done.append(undone.pop())
            _step(done[-1].do, project)
        elif roll < 0.26:
            command = commands.Macro(f"Accept {BULK} suggestions", [new_quote(article_id, length) for _ in range(BULK)])
        elif roll < 0.50 or not quotes:
            command = new_quote(article_id, length)
        else:
            quote = rng.choice(quotes)
            pick = rng.random()
            if pick < 0.3:
                command = commands.SetStance(quote.id, rng.choice(stances))
            elif pick < 0.5:
                command = commands.SetSpeaker(quote.id, f"{rng.choice(_NAMES)} {rng.randint(1, 30)}")
            elif pick < 0.65:
                command = commands.SetClaim(quote.id, f"Claim {rng.randint(1, 20)}")
            elif pick < 0.8 and topics:
                command = commands.SetTopics(quote.id, rng.sample(topics, rng.randint(0, min(2, len(topics)))))
            elif pick < 0.9:
                command = commands.SetNote(quote.id, f"note {number}")
            else:
                command = commands.DeleteQuote(quote.id)
        if command is not None and _step(command.do, project):
            done.append(command)
            undone.clear()
        on_commit(number)


def _step(step: Callable[[Project], object], project: Project) -> bool:
    try:
        step(project)
        return True
    except Exception as exc:  # noqa: BLE001 - a refused step is part of the session; both runs refuse it
        print(f"step refused: {exc}", file=sys.stderr)
        return False


def _child(path: str, seed: int, log: str) -> None:
    project = Project(path)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.write(fd, b"ready\n")
    # Unbuffered writes: a killed process loses nothing it handed to the kernel.
    run_session(project, seed, lambda n: os.write(fd, f"{n}\n".encode()))
    os.close(fd)
    project.close()


@dataclass
class Tally:
    """What a series of kills found."""

    kills: int = 0
    finished: int = 0  # sessions that ended before the kill came
    actions: int = 0  # committed actions checked
    lost: int = 0
    integrity_failures: int = 0
    wrong_states: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: kills, actions checked, actions lost, integrity failures."""
        return (f"kills {self.kills}, actions checked {self.actions}, actions lost {self.lost}, "
                f"integrity failures {self.integrity_failures}, unexplained states {self.wrong_states}")


def _logged(log: Path) -> int | None:
    lines = log.read_text().split("\n")[:-1] if log.exists() else []  # the last piece may be half written
    numbers = [int(x) for x in lines if x.isdigit()]
    if not lines:
        return None
    return numbers[-1] if numbers else 0


def _checks(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return ok and not conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()


def kill_once(path: Path, seed: int, max_delay: float, tally: Tally, python: str = sys.executable) -> None:
    """Start a session on ``path``, SIGKILL it after a random delay once it is running, and check the file."""
    base = Project(path, private_copy=True)  # the file as the session found it, for the replay
    log = path.with_name(f"{path.name}.{seed}.log")
    child = subprocess.Popen([python, __file__, "child", str(path), str(seed), str(log)], stderr=subprocess.DEVNULL)
    while _logged(log) is None and child.poll() is None:
        time.sleep(0.01)
    time.sleep(random.Random(seed).uniform(0, max_delay))
    if child.poll() is None:
        child.send_signal(signal.SIGKILL)
        tally.kills += 1
    else:
        tally.finished += 1
    child.wait()
    logged = _logged(log) or 0
    log.unlink(missing_ok=True)
    if not _checks(path):
        tally.integrity_failures += 1
        tally.notes.append(f"seed {seed}: integrity or foreign-key check failed")
        base.close()
        return
    with Project(path) as reopened:
        found = fingerprint(reopened)
    spare = _clone(base)
    tally.actions += logged
    if found not in _replay(base, seed, logged + 1, first=logged):
        # Rare, so only now is every state of the session computed, to tell lost actions from nonsense.
        states = _replay(spare, seed, logged + 1)
        if found in states:
            tally.lost += logged - states.index(found)
            tally.notes.append(f"seed {seed}: {logged - states.index(found)} committed action(s) lost")
        else:
            tally.wrong_states += 1
            tally.notes.append(f"seed {seed}: the file matches no state of the session")
    base.close()
    spare.close()


def _clone(project: Project) -> Project:
    copy = Project.memory()
    project.db.conn.backup(copy.db.conn)
    return copy


def _replay(project: Project, seed: int, actions: int, first: int = 0) -> list[str]:
    """Fingerprints of the states after steps ``first`` .. ``actions`` of the session (0: before it)."""
    states = [fingerprint(project)] if first == 0 else []

    def after(number: int) -> None:
        if number >= first:
            states.append(fingerprint(project))

    run_session(project, seed, after, actions)
    return states


def kill_series(path: Path, kills: int, max_delay: float = 0.6, first_seed: int = 1) -> Tally:
    """Kill ``kills`` sessions in a row on one project file (each starts from what the last one left)."""
    tally = Tally()
    for seed in range(first_seed, first_seed + kills):
        kill_once(path, seed, max_delay, tally)
    return tally


if __name__ == "__main__" and len(sys.argv) == 5 and sys.argv[1] == "child":
    _child(sys.argv[2], int(sys.argv[3]), sys.argv[4])
