-- The token cache kept each token list's JSON without its numbers; it now keeps only the tokens' texts,
-- each followed by a byte for its whitespace flag, and the bounds in as few bytes as they need: the
-- JSON around the texts is the same for every token, and a first export spent more time building,
-- joining and compressing it than spaCy spent tokenising (store/tokens.py says how the rows are laid
-- out). It is a cache: the old rows are dropped, and the next JSONL export tokenises again.
DROP TABLE token_cache;
CREATE TABLE token_cache (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    tokenizer  TEXT NOT NULL,
    pieces     BLOB NOT NULL,  -- zlib: each token's text as a JSON string, then a byte 0 or 1 (its whitespace flag)
    bounds     BLOB NOT NULL,  -- zlib: a width W (1, 2 or 4), then start deltas and then lengths as W-byte
                               -- little-endian unsigned ints
    PRIMARY KEY (article_id, tokenizer)
);

-- Quotes by article, annotator, start and end: an export reads them in that order (then by id, the
-- rowid every index ends with) straight from the index; without the end, SQLite sorted every batch.
DROP INDEX quotes_article;
CREATE INDEX quotes_article ON quotes(article_id, annotator_id, start, "end");
