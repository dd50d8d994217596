"""Review mode: aligned groups, gold, the agreement panel, merging annotators' files."""
