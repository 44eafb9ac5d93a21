-- Closed cases past their retention period, kept without anything personal (no text, no
-- mobile, no name): only what the performance report counts.
CREATE TABLE case_archive (
    id          INTEGER PRIMARY KEY,
    agency_id   TEXT NOT NULL REFERENCES agencies(id),
    kind        TEXT NOT NULL CHECK (kind IN ('complaint', 'criticism', 'suggestion', 'request')),
    unit_id     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    answered_at TEXT
);
CREATE INDEX case_archive_by_agency ON case_archive(agency_id, created_at);
