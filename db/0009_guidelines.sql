-- Annotation guidelines: each label carries a description and examples (a JSON list of strings);
-- the quote kinds get theirs in a table of their own; the guidelines document lives in settings.

ALTER TABLE stances ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE stances ADD COLUMN examples TEXT NOT NULL DEFAULT '[]';
ALTER TABLE topics ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE topics ADD COLUMN examples TEXT NOT NULL DEFAULT '[]';

CREATE TABLE kind_guides (
    name        TEXT PRIMARY KEY CHECK (name IN ('direct', 'indirect', 'mixed')),
    description TEXT NOT NULL DEFAULT '',
    examples    TEXT NOT NULL DEFAULT '[]'
);
