-- The agency's staff and what the workbench needs for them: accounts, roles scoped to units,
-- sessions, per-account API tokens, the audit log, holidays and deadlines, and the case
-- desk's own columns and tables. Times are written by the server (UTC, RFC 3339) so that both
-- engines store the same text.

CREATE TABLE staff (
    id             INTEGER PRIMARY KEY,
    agency_id      TEXT NOT NULL REFERENCES agencies(id),
    username       TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    -- Argon2id in the PHC string format; NULL for an account that signs in only through the
    -- agency's identity provider.
    password_hash  TEXT,
    -- Base32 TOTP secret once confirmed; a pending one waits until its first code is right.
    totp_secret    TEXT,
    totp_pending   TEXT,
    -- The last 30-second step a code was accepted for: a code is good once.
    totp_last_step INTEGER NOT NULL DEFAULT 0,
    -- `issuer subject` of the identity provider's user this account is.
    oidc_subject   TEXT,
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    UNIQUE (agency_id, username)
);
CREATE UNIQUE INDEX staff_by_oidc ON staff(agency_id, oidc_subject) WHERE oidc_subject IS NOT NULL;

-- A role, for one unit (officer) or for the whole agency (unit_id '').
CREATE TABLE staff_roles (
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    role     TEXT NOT NULL CHECK (role IN ('officer', 'supervisor', 'moderator', 'editor', 'admin')),
    unit_id  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (staff_id, role, unit_id)
);

-- Signed-in browsers: the cookie holds a random token, the table its hash.
CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id   INTEGER NOT NULL REFERENCES staff(id),
    created_ms INTEGER NOT NULL,
    seen_ms    INTEGER NOT NULL,
    address    TEXT NOT NULL
);
CREATE INDEX staff_sessions_by_staff ON staff_sessions(staff_id);

-- Tokens for scripts, each someone's: stored hashed, revoked rather than deleted.
CREATE TABLE staff_tokens (
    id         INTEGER PRIMARY KEY,
    staff_id   INTEGER NOT NULL REFERENCES staff(id),
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- Who did what to which object, before and after, when and from where. Written in the same
-- transaction as the change; never changed or removed (the triggers refuse it).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    agency_id   TEXT NOT NULL,
    at          TEXT NOT NULL,
    staff_id    INTEGER,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    before      TEXT,
    after       TEXT,
    address     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_agency ON audit_log(agency_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Official holidays, per agency (its administrator keeps them): day = days since 1970-01-01.
CREATE TABLE holidays (
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    day       INTEGER NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (agency_id, day)
);

-- The statutory answer time of each case type, in working days.
CREATE TABLE case_deadlines (
    agency_id    TEXT NOT NULL REFERENCES agencies(id),
    kind         TEXT NOT NULL CHECK (kind IN ('complaint', 'criticism', 'suggestion', 'request')),
    working_days INTEGER NOT NULL CHECK (working_days BETWEEN 1 AND 365),
    PRIMARY KEY (agency_id, kind)
);

CREATE TABLE desk_settings (
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    name      TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (agency_id, name)
);

-- due_on: the Tehran date the answer is due (YYYY-MM-DD). version: raised by every change,
-- so a change made on an old view is refused instead of overwriting. search_text: the
-- citizen's words, Persian-normalised, for the inbox's search.
ALTER TABLE cases ADD COLUMN due_on TEXT;
ALTER TABLE cases ADD COLUMN assignee_id INTEGER REFERENCES staff(id);
ALTER TABLE cases ADD COLUMN escalated_at TEXT;
ALTER TABLE cases ADD COLUMN waiting_since TEXT;
ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN updated_at TEXT;
ALTER TABLE cases ADD COLUMN search_text TEXT;
CREATE INDEX cases_by_unit_due ON cases(agency_id, unit_id, due_on);
CREATE INDEX cases_by_due ON cases(agency_id, due_on);
CREATE INDEX cases_by_mobile ON cases(agency_id, mobile);

-- Internal notes: for colleagues, never shown to the citizen.
CREATE TABLE case_notes (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL REFERENCES cases(code),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    body     TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX case_notes_by_code ON case_notes(code, id);

-- Units that were sent a copy of a case when it was referred.
CREATE TABLE case_copies (
    code    TEXT NOT NULL REFERENCES cases(code),
    unit_id TEXT NOT NULL,
    PRIMARY KEY (code, unit_id)
);
CREATE INDEX case_copies_by_unit ON case_copies(unit_id);

-- Answers officers start from, per case type and status (NULL: any).
CREATE TABLE response_templates (
    id        INTEGER PRIMARY KEY,
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    kind      TEXT,
    status    TEXT,
    title     TEXT NOT NULL,
    body      TEXT NOT NULL
);
