"""Topic suggestions from each topic label's keywords."""

from __future__ import annotations

import re
from collections.abc import Sequence

from annotator.core.model import Label


class TopicMatcher:
    """Matches topic keywords as whole words, case-insensitively, inside a quote's text."""

    def __init__(self, topics: Sequence[Label]):
        self._patterns = []
        for label in topics:
            words = [re.escape(k.strip()).replace(r"\ ", r"\s+") for k in label.keywords if k.strip()]
            if words:
                pattern = re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)
                self._patterns.append((label.name, pattern))

    def topics_for(self, text: str) -> tuple[str, ...]:
        """Names of the topics whose keywords occur in text, in label order."""
        return tuple(name for name, pattern in self._patterns if pattern.search(text))
