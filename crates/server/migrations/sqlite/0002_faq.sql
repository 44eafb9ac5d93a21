-- The desk's FAQ, served whole (the app indexes it and keeps it for offline use).
CREATE TABLE faq_entries (
    id         TEXT PRIMARY KEY,
    category   TEXT NOT NULL,
    question   TEXT NOT NULL,
    answer     TEXT NOT NULL,
    position   INTEGER NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Words the agency says mean the same, one JSON array of strings per row.
CREATE TABLE faq_synonyms (
    id    INTEGER PRIMARY KEY,
    words TEXT NOT NULL CHECK (json_valid(words))
);

-- "Was this helpful?", once per browser per entry: a repeat replaces the earlier answer.
CREATE TABLE faq_feedback (
    entry_id   TEXT NOT NULL REFERENCES faq_entries(id) ON DELETE CASCADE,
    client_id  TEXT NOT NULL,
    helpful    INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    comment    TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (entry_id, client_id)
);
