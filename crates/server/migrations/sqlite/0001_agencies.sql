-- The agencies this desk can speak for. The document is the `Agency` JSON of the API, so an
-- agency can change its channels without a schema change.
CREATE TABLE agencies (
    id         TEXT PRIMARY KEY,
    doc        TEXT NOT NULL CHECK (json_valid(doc)),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
