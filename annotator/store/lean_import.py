"""sqlite-utils, imported without the numpy and pandas it would import for nothing.

sqlite-utils imports numpy and pandas, where installed, only to map their scalar types to SQLite column
types when it makes a table from Python values. The store makes every table from the migrations' SQL and
hands SQLite plain Python values, so it never needs that map; yet importing numpy for it was about a
tenth of the window's start (0.08 s of 0.74 s). numpy loads later, where it is used: spaCy in its own
process, an export's token cache.
"""

from __future__ import annotations

import sys
from types import ModuleType

_UNUSED = ("numpy", "pandas")


def _without_unused() -> ModuleType:
    """Import sqlite_utils with numpy and pandas hidden, unless something imported them already."""
    hidden = [name for name in _UNUSED if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # its import raises ImportError: "not installed"
    try:
        import sqlite_utils
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    return sqlite_utils


sqlite_utils = _without_unused()
