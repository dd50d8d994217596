"""Pieces every part of the window uses: dialogs, icons, plain text, background reads."""
