-- The inbox's word search by index: every three-letter run of each case's normalised text
-- (FTS5's trigram tokenizer), so `LIKE '%word%'` finds a word anywhere in a text without
-- reading every case. The table keeps its own copy of the text (the trigram index rechecks
-- each candidate against it) and is joined to the cases by code, so a VACUUM that renumbers
-- the cases' rowids cannot part them.
CREATE VIRTUAL TABLE case_words USING fts5(code UNINDEXED, search_text, tokenize = 'trigram', detail = 'none');
INSERT INTO case_words (code, search_text) SELECT code, search_text FROM cases WHERE search_text IS NOT NULL;

CREATE TRIGGER case_words_insert AFTER INSERT ON cases WHEN new.search_text IS NOT NULL
BEGIN
    INSERT INTO case_words (code, search_text) VALUES (new.code, new.search_text);
END;

-- Filled in later (cases from before 0011): only an insert.
CREATE TRIGGER case_words_fill AFTER UPDATE OF search_text ON cases WHEN old.search_text IS NULL AND new.search_text IS NOT NULL
BEGIN
    INSERT INTO case_words (code, search_text) VALUES (new.code, new.search_text);
END;

-- Changed (nothing does this today): the old text's entry goes first.
CREATE TRIGGER case_words_change AFTER UPDATE OF search_text ON cases WHEN old.search_text IS NOT NULL
BEGIN
    DELETE FROM case_words WHERE code = old.code;
    INSERT INTO case_words (code, search_text) SELECT new.code, new.search_text WHERE new.search_text IS NOT NULL;
END;
