-- Who was given which article, and in which batch. Articles are named by text hash, as merges match
-- them, so the rows mean the same in the lead's corpus, an annotator's file and the review project.
-- The corpus holds every annotator's rows (a later assign hands out only articles none of them has);
-- an annotator's file holds only theirs, in the order they are meant to work through them.
CREATE TABLE assignments (
    sha256      TEXT NOT NULL,
    annotator   TEXT NOT NULL,
    batch       INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    assigned_at TEXT NOT NULL,
    PRIMARY KEY (sha256, annotator)
);
CREATE INDEX assignments_annotator ON assignments(annotator, position);
