"""The label scheme: its dialog and the guidelines."""
