"""The claims board: claims with their quotes across articles."""
