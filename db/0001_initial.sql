-- Initial schema: every noun of DESIGN.md's vocabulary.
-- Offsets are Python str indices (code points) into articles.text, end exclusive.

CREATE TABLE articles (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE,
    text        TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    outlet      TEXT NOT NULL DEFAULT '',
    url         TEXT NOT NULL DEFAULT '',
    published   TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL
);

CREATE TABLE annotators (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE speakers (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL DEFAULT 'person' CHECK (type IN ('person', 'organisation')),
    role TEXT NOT NULL DEFAULT ''
);

CREATE TABLE speaker_aliases (
    speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    alias      TEXT NOT NULL,
    PRIMARY KEY (speaker_id, alias)
);
CREATE INDEX speaker_aliases_alias ON speaker_aliases(alias);

CREATE TABLE claims (
    id   INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
);

-- The label scheme: stances and topics, ordered, each with a colour and a shortcut key.
CREATE TABLE stances (
    name     TEXT PRIMARY KEY,
    colour   TEXT NOT NULL DEFAULT '#888888',
    key      TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE topics (
    name     TEXT PRIMARY KEY,
    colour   TEXT NOT NULL DEFAULT '#888888',
    key      TEXT NOT NULL DEFAULT '',
    keywords TEXT NOT NULL DEFAULT '[]',  -- JSON list of strings
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE quotes (
    id            INTEGER PRIMARY KEY,
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
CREATE INDEX quotes_article ON quotes(article_id, annotator_id, start);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
CREATE INDEX quotes_claim ON quotes(claim_id);

CREATE TABLE quote_topics (
    quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
    topic    TEXT NOT NULL REFERENCES topics(name) ON UPDATE CASCADE,
    PRIMARY KEY (quote_id, topic)
);

-- Per-annotator article status: new, in progress, done.
CREATE TABLE article_status (
    article_id   INTEGER NOT NULL REFERENCES articles(id),
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    status       TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'done')),
    PRIMARY KEY (article_id, annotator_id)
);

-- Suggestions cached per article and pipeline version; a run row says the cache is complete.
CREATE TABLE suggestion_runs (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    pipeline   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (article_id, pipeline)
);

CREATE TABLE suggestions (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles(id),
    pipeline      TEXT NOT NULL,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    kind          TEXT NOT NULL DEFAULT 'direct',
    speaker       TEXT,
    speaker_start INTEGER,
    speaker_end   INTEGER,
    cue_start     INTEGER,
    cue_end       INTEGER,
    topics        TEXT NOT NULL DEFAULT '[]',
    score         REAL NOT NULL DEFAULT 1.0,
    UNIQUE (article_id, pipeline, start, "end")
);

-- Decisions outlive pipeline versions: a rejected span never comes back.
CREATE TABLE suggestion_decisions (
    article_id   INTEGER NOT NULL REFERENCES articles(id),
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    decision     TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    quote_id     INTEGER REFERENCES quotes(id) ON DELETE SET NULL,
    decided_at   TEXT NOT NULL,
    PRIMARY KEY (article_id, annotator_id, start, "end")
);

-- Reviewer's decisions on aligned groups; gold quotes are quotes of the annotator 'gold'.
CREATE TABLE review_decisions (
    article_id    INTEGER NOT NULL REFERENCES articles(id),
    group_key     TEXT NOT NULL,
    decision      TEXT NOT NULL CHECK (decision IN ('gold', 'rejected')),
    source        TEXT NOT NULL DEFAULT '',
    gold_quote_id INTEGER REFERENCES quotes(id) ON DELETE SET NULL,
    decided_at    TEXT NOT NULL,
    PRIMARY KEY (article_id, group_key)
);

CREATE TABLE review_status (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id),
    status     TEXT NOT NULL CHECK (status IN ('to_review', 'in_review', 'done'))
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
