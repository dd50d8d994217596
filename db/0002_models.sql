-- Text classifiers trained on the project's own quotes (topics, stance), stored with the project
-- so suggestions travel with the file.
CREATE TABLE models (
    name       TEXT PRIMARY KEY,          -- 'topics' or 'stance'
    pipeline   TEXT NOT NULL,             -- the suggestion pipeline version it was trained beside
    trained_at TEXT NOT NULL,
    examples   INTEGER NOT NULL,
    labels     TEXT NOT NULL DEFAULT '[]',  -- JSON list
    data       BLOB NOT NULL              -- spaCy Language.to_bytes()
);

CREATE INDEX suggestion_decisions_quote ON suggestion_decisions(quote_id);
