-- The inbox's word search by index: pg_trgm's GIN index answers `search_text LIKE '%word%'`
-- without reading every case. pg_trgm ships with PostgreSQL and is a trusted extension (13+):
-- the database's owner may create it. Where it cannot be created, the search still works by
-- reading the cases, and the server says so once at start.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX IF NOT EXISTS cases_search_trgm ON cases USING gin (search_text gin_trgm_ops);
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
    RAISE NOTICE 'pg_trgm is not available: the inbox''s word search reads every case';
END $$;
