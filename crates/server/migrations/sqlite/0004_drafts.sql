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
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE draft_versions (
    draft_id     TEXT NOT NULL REFERENCES drafts(id),
    number       INTEGER NOT NULL,
    body         TEXT NOT NULL CHECK (json_valid(body)),
    published_at TEXT NOT NULL,
    note         TEXT,
    PRIMARY KEY (draft_id, number)
);

CREATE TABLE comments (
    id               TEXT PRIMARY KEY,
    draft_id         TEXT NOT NULL REFERENCES drafts(id),
    version          INTEGER NOT NULL,
    anchor           TEXT NOT NULL CHECK (json_valid(anchor)),
    body             TEXT NOT NULL,
    display_name     TEXT,
    client_id        TEXT NOT NULL,
    moderation       TEXT NOT NULL DEFAULT 'published' CHECK (moderation IN ('published', 'pending', 'rejected')),
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
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
