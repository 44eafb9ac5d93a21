-- PostgreSQL's own text of sqlite/0012_inbox_indexes.sql (the same statements).
-- The inbox at an agency's size (a million cases): each filter finds its cases by an index
-- that is already in due order, so the first page is read, not sorted out of the whole table
-- (`cargo xtask bench-inbox`). The code ends each key: it is the inbox's tie-break.
DROP INDEX cases_by_unit_due;
DROP INDEX cases_by_due;
CREATE INDEX cases_by_unit_due ON cases(agency_id, unit_id, due_on, code);
CREATE INDEX cases_by_due ON cases(agency_id, due_on, code, status);
CREATE INDEX cases_by_status_due ON cases(agency_id, status, due_on, code);
CREATE INDEX cases_by_kind_due ON cases(agency_id, kind, due_on, code);
CREATE INDEX cases_by_topic_due ON cases(agency_id, topic_id, due_on, code);
CREATE INDEX cases_by_assignee_due ON cases(agency_id, assignee_id, due_on, code);
CREATE INDEX cases_by_created ON cases(agency_id, created_at);
