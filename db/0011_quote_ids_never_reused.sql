-- A quote's id is never given to another quote, even after the quote with the highest id is deleted
-- (an undone Add, a merge that drops a quote): undo steps, other windows and exported files hold quote
-- ids, and a reused id would point them at somebody else's quote. AUTOINCREMENT keeps the highest id
-- ever used (sqlite_sequence); SQLite can only add it by rebuilding the table. The migration runs with
-- foreign keys off (else dropping the old table would delete every quote's topics).

CREATE TABLE quotes_0011 (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id    INTEGER NOT NULL REFERENCES articles(id),
    annotator_id  INTEGER NOT NULL REFERENCES annotators(id),
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    kind          TEXT NOT NULL DEFAULT 'direct' CHECK (kind IN ('direct', 'indirect', 'mixed')),
    speaker_id    INTEGER REFERENCES speakers(id),
    speaker_start INTEGER,
    speaker_end   INTEGER,
    cue_start     INTEGER,
    cue_end       INTEGER,
    stance        TEXT REFERENCES stances(name) ON UPDATE CASCADE,
    claim_id      INTEGER REFERENCES claims(id),
    note          TEXT NOT NULL DEFAULT '',
    origin        TEXT NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'suggestion', 'import')),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK (0 <= start AND start < "end")
);

INSERT INTO quotes_0011 (id, article_id, annotator_id, start, "end", kind, speaker_id, speaker_start, speaker_end,
                         cue_start, cue_end, stance, claim_id, note, origin, created_at, updated_at)
SELECT id, article_id, annotator_id, start, "end", kind, speaker_id, speaker_start, speaker_end,
       cue_start, cue_end, stance, claim_id, note, origin, created_at, updated_at
FROM quotes ORDER BY id;

DROP TABLE quotes;
ALTER TABLE quotes_0011 RENAME TO quotes;

CREATE INDEX quotes_article ON quotes(article_id, annotator_id, start, "end");
CREATE INDEX quotes_speaker ON quotes(speaker_id);
CREATE INDEX quotes_claim ON quotes(claim_id);
