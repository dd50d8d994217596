"""The review docks' sizes the lead chose, kept apart from annotation mode's layout and across restarts.

Only what the lead changed is kept: sizes review mode placed by itself are worked out again each time, since
they follow the window and the current group. A window smaller than the one the sizes were chosen in gets
them clamped, so the review panel keeps every version in sight and the panes keep their lines of text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from annotator.ui.window import settings as state

#: Versioned: review layouts of earlier versions (kept in the window's own state) were cramped on a laptop.
KEY = "reviewLayout2"
#: Differences smaller than this are the layout settling, not the lead dragging a separator.
SLACK_PIXELS = 4


@dataclass(frozen=True)
class ReviewSizes:
    """The review docks' height, the Review panel's share of their width, and the window they were chosen in."""

    height: int
    share: float
    window: tuple[int, int]

    def differs(self, other: ReviewSizes, across: int) -> bool:
        """True when the docks were resized (``across`` pixels wide), not only re-laid out."""
        return (abs(self.height - other.height) > SLACK_PIXELS
                or abs(self.share - other.share) * across > SLACK_PIXELS)

    def panel_width(self, window_width: int, across: int, least: int, most: int) -> int:
        """The Review panel's width out of ``across``; clamped to [least, most] where the window got narrower."""
        width = round(self.share * across)
        return width if window_width >= self.window[0] else max(min(least, most), min(width, most))

    def panel_height(self, window_height: int, needed: int, room: int) -> int:
        """The docks' height; where the window shrank, every version row (``needed``) and the panes' lines fit."""
        if window_height >= self.window[1]:
            return self.height
        # The docks keep their part of the height; the panes' lines give way to the versions first, as in the
        # first-time layout.
        return max(needed, min(self.height * window_height // self.window[1], room))


def saved() -> ReviewSizes | None:
    """The review layout the lead chose last (None the first time, or when the stored value is unreadable)."""
    raw = state.settings().value(KEY)
    try:
        data = json.loads(raw) if isinstance(raw, str) else None
        sizes = ReviewSizes(int(data["height"]), float(data["share"]),
                            (int(data["window"][0]), int(data["window"][1])))
    except (TypeError, ValueError, KeyError, IndexError):
        return None
    return sizes if sizes.height > 0 and 0 < sizes.share < 1 else None


def save(sizes: ReviewSizes) -> None:
    """Remember the review layout for the next time review mode turns on, in this run or the next."""
    state.settings().setValue(KEY, json.dumps({"height": sizes.height, "share": round(sizes.share, 4),
                                               "window": list(sizes.window)}))
