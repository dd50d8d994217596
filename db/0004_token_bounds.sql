-- Each token's start and end beside the token JSON: placing spans on tokens needs only these, and
-- decoding the whole JSON list per article to get them cost more than the rest of a cached export.
-- The table is a cache, so it is rebuilt empty; the next JSONL export tokenises again and fills it.
DROP TABLE token_cache;
CREATE TABLE token_cache (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    tokenizer  TEXT NOT NULL,
    tokens     TEXT NOT NULL,  -- JSON list of {text, start, end, id, ws}
    bounds     BLOB NOT NULL,  -- little-endian int32: every token's start, then every token's end
    PRIMARY KEY (article_id, tokenizer)
);
