"""Annotating: article panes, the text view, the inspector, the quote list, suggestions."""
