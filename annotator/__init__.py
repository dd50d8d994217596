"""Annotator: build quote-attribution datasets from news."""

__version__ = "0.1.0"
