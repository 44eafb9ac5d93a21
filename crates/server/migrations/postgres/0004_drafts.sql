-- PostgreSQL's own text of sqlite/0004_drafts.sql: its types, time defaults and JSON checks in its words.
-- Drafts published for public comment, their versions (the body is the API's DraftBody
-- JSON), and the citizens' comments with the agency's responses.
CREATE TABLE drafts (
    id         TEXT PRIMARY KEY,
    agency_id  TEXT NOT NULL REFERENCES agencies(id),
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    unit_id    TEXT NOT NULL,
    summary    TEXT NOT NULL,
    opens_at   TEXT NOT NULL,
    closes_at  TEXT NOT NULL,
    final_at   TEXT,
    created_at TEXT NOT NULL DEFAULT (to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
);

CREATE TABLE draft_versions (
    draft_id     TEXT NOT NULL REFERENCES drafts(id),
    number       BIGINT NOT NULL,
    body         TEXT NOT NULL CHECK ((body)::jsonb IS NOT NULL),
    published_at TEXT NOT NULL,
    note         TEXT,
    PRIMARY KEY (draft_id, number)
);

CREATE TABLE comments (
    id               TEXT PRIMARY KEY,
    draft_id         TEXT NOT NULL REFERENCES drafts(id),
    version          BIGINT NOT NULL,
    anchor           TEXT NOT NULL CHECK ((anchor)::jsonb IS NOT NULL),
    body             TEXT NOT NULL,
    display_name     TEXT,
    client_id        TEXT NOT NULL,
    moderation       TEXT NOT NULL DEFAULT 'published' CHECK (moderation IN ('published', 'pending', 'rejected')),
    created_at       TEXT NOT NULL DEFAULT (to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    response_text    TEXT,
    response_outcome TEXT CHECK (response_outcome IN ('accepted', 'partly_accepted', 'not_accepted', 'noted')),
    response_at      TEXT
);
CREATE INDEX comments_by_draft ON comments(draft_id, created_at);

CREATE TABLE comment_supports (
    comment_id TEXT NOT NULL REFERENCES comments(id),
    client_id  TEXT NOT NULL,
    PRIMARY KEY (comment_id, client_id)
);
