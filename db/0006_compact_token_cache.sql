-- The token cache held each token list's whole JSON: 13x the article text, most of a project file
-- after one export. It now keeps the JSON without its numbers and the token bounds, compressed
-- (store/tokens.py says how), about 0.6x the text. It is a cache: the old rows are dropped, and the
-- next JSONL export tokenises again. The space they held is reused by later writes.
DROP TABLE token_cache;
CREATE TABLE token_cache (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    tokenizer  TEXT NOT NULL,
    pieces     BLOB NOT NULL,  -- zlib: the token list's JSON without each token's start/end/id, NUL-joined
    bounds     BLOB NOT NULL,  -- zlib: little-endian uint32, each token's start minus the previous, then lengths
    PRIMARY KEY (article_id, tokenizer)
);
