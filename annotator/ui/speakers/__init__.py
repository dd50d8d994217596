"""The speakers panel: the registry with aliases and quote counts."""
