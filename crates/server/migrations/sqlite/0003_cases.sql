-- Topics citizens choose from, each routed to one unit of its agency.
CREATE TABLE case_topics (
    id        TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    kind      TEXT NOT NULL CHECK (kind IN ('complaint', 'criticism', 'suggestion', 'request')),
    name_fa   TEXT NOT NULL,
    name_en   TEXT,
    unit_id   TEXT NOT NULL,
    position  INTEGER NOT NULL,
    PRIMARY KEY (agency_id, id)
);

CREATE TABLE cases (
    code            TEXT PRIMARY KEY CHECK (length(code) = 12),
    agency_id       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    topic_id        TEXT NOT NULL,
    unit_id         TEXT NOT NULL,
    description     TEXT NOT NULL,
    mobile          TEXT,
    name            TEXT,
    access_key_hash TEXT,
    status          TEXT NOT NULL,
    answer          TEXT,
    answered_at     TEXT,
    objection       TEXT,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK (mobile IS NOT NULL OR access_key_hash IS NOT NULL)
);

CREATE TABLE case_events (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL REFERENCES cases(code),
    status  TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    note    TEXT,
    at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX case_events_by_code ON case_events(code, id);

-- Files citizens attach, checked by content; linked to a case when it is sent. (After
-- `cases`: PostgreSQL, unlike SQLite, wants a referenced table to exist first.)
CREATE TABLE uploads (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    data         BLOB NOT NULL,
    case_code    TEXT REFERENCES cases(code),
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- The first answer to each Idempotency-Key, replayed to repeats of the same request.
CREATE TABLE idempotency (
    key          TEXT NOT NULL,
    scope        TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT NOT NULL,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (scope, key)
);

-- Messages to citizens (SMS), written in the same transaction as what they announce and
-- sent by a worker through the agency's gateway.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    channel    TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    sent_at    TEXT,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_unsent ON outbox(id) WHERE sent_at IS NULL;
