-- Registry lookups by name ignore case (find_speaker, find_claim, alias_owner compare with COLLATE
-- NOCASE); the binary-collation indexes of 0001 cannot serve them, so every lookup scanned its table.
CREATE INDEX speakers_name_nocase ON speakers(name COLLATE NOCASE);
CREATE INDEX speaker_aliases_alias_nocase ON speaker_aliases(alias COLLATE NOCASE, speaker_id);
CREATE INDEX claims_text_nocase ON claims(text COLLATE NOCASE);

-- The annotator file each annotator's work was last merged from, by a fingerprint of its content
-- (SHA-256 of the file and its log): merging a file whose fingerprint every one of its annotators
-- already has changes nothing, so it is skipped without reading its rows. The stamp (sizes and
-- modification times) lets an untouched file be recognised without hashing it again.
CREATE TABLE merge_sources (
    annotator   TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    stamp       TEXT NOT NULL DEFAULT '',
    merged_at   TEXT NOT NULL
);

-- Deleting a quote makes SQLite look for decisions holding it as their gold quote (the foreign key's
-- ON DELETE SET NULL): without an index, a scan of every decision per deleted quote.
CREATE INDEX review_decisions_gold ON review_decisions(gold_quote_id);
