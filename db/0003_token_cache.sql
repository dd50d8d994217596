-- Prodigy-style token lists per article, serialised once: article texts never change, and tokenising
-- is the bulk of a JSONL export. Keyed by tokenizer so a new spaCy version recomputes them.
CREATE TABLE token_cache (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    tokenizer  TEXT NOT NULL,
    tokens     TEXT NOT NULL,  -- JSON list of {text, start, end, id, ws}
    PRIMARY KEY (article_id, tokenizer)
);

-- Stance suggested by the project's own classifier, once trained.
ALTER TABLE suggestions ADD COLUMN stance TEXT;
