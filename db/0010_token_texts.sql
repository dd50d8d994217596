-- The token cache kept each token list's JSON without its numbers; it now keeps only the tokens' texts
-- (JSON-encoded) and, beside their bounds, their whitespace flags: the JSON around them is the same
-- for every token, and a first export spent more time building, joining and compressing it than
-- spaCy spent tokenising (store/tokens.py says how the rows are laid out). It is a cache: the old
-- rows are dropped, and the next JSONL export tokenises again.
DROP TABLE token_cache;
CREATE TABLE token_cache (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    tokenizer  TEXT NOT NULL,
    pieces     BLOB NOT NULL,  -- zlib: each token's text as a JSON string, NUL-joined
    bounds     BLOB NOT NULL,  -- zlib: the width W (1, 2 or 4), start deltas then lengths as W-byte little-endian
                               -- unsigned ints, then a byte per whitespace flag
    PRIMARY KEY (article_id, tokenizer)
);
