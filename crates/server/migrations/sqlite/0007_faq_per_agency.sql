-- One server answers for several agencies: every FAQ entry, synonym group and "was this
-- helpful?" answer belongs to one of them, with the agency in its key. Entries from before
-- (shared by every agency) are copied to each agency, so none loses its FAQ.
CREATE TABLE faq_entries_by_agency (
    agency_id  TEXT NOT NULL REFERENCES agencies(id),
    id         TEXT NOT NULL,
    category   TEXT NOT NULL,
    question   TEXT NOT NULL,
    answer     TEXT NOT NULL,
    position   INTEGER NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (agency_id, id)
);
INSERT INTO faq_entries_by_agency (agency_id, id, category, question, answer, position, updated_at)
    SELECT a.id, e.id, e.category, e.question, e.answer, e.position, e.updated_at FROM faq_entries e CROSS JOIN agencies a;

CREATE TABLE faq_feedback_by_agency (
    agency_id  TEXT NOT NULL,
    entry_id   TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    helpful    INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    comment    TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (agency_id, entry_id, client_id),
    FOREIGN KEY (agency_id, entry_id) REFERENCES faq_entries_by_agency(agency_id, id) ON DELETE CASCADE
);
INSERT INTO faq_feedback_by_agency (agency_id, entry_id, client_id, helpful, comment, created_at)
    SELECT a.id, f.entry_id, f.client_id, f.helpful, f.comment, f.created_at FROM faq_feedback f CROSS JOIN agencies a;

CREATE TABLE faq_synonyms_by_agency (
    id        INTEGER PRIMARY KEY,
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    words     TEXT NOT NULL CHECK (json_valid(words))
);
INSERT INTO faq_synonyms_by_agency (agency_id, words)
    SELECT a.id, s.words FROM faq_synonyms s CROSS JOIN agencies a ORDER BY a.id, s.id;

DROP TABLE faq_feedback;
DROP TABLE faq_synonyms;
DROP TABLE faq_entries;
ALTER TABLE faq_entries_by_agency RENAME TO faq_entries;
ALTER TABLE faq_feedback_by_agency RENAME TO faq_feedback;
ALTER TABLE faq_synonyms_by_agency RENAME TO faq_synonyms;
