-- An upload belongs to the agency whose API received it, and only that agency's cases may
-- take it as an attachment. Uploads from before this change have none and may still be
-- attached once, as before (they are waiting in a citizen's wizard).
ALTER TABLE uploads ADD COLUMN agency_id TEXT;
