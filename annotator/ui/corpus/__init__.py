"""The corpus list and each article's details."""
