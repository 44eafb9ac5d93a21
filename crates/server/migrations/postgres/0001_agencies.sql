-- PostgreSQL's own text of sqlite/0001_agencies.sql: its types, time defaults and JSON checks in its words.
-- The agencies this desk can speak for. The document is the `Agency` JSON of the API, so an
-- agency can change its channels without a schema change.
CREATE TABLE agencies (
    id         TEXT PRIMARY KEY,
    doc        TEXT NOT NULL CHECK ((doc)::jsonb IS NOT NULL),
    updated_at TEXT NOT NULL DEFAULT (to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
);
