-- Databases made before the migrations had a PostgreSQL text of their own were made by
-- translating SQLite's, with SQLite's strftime(), julianday() and json_valid() recreated
-- in PL/pgSQL for their column defaults and checks. Those become PostgreSQL's own
-- expressions here, and the recreated functions go. On a database made from this folder
-- there is nothing to change: every step finds nothing.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT c.conrelid::regclass AS tbl, c.conname,
               substring(pg_get_constraintdef(c.oid) FROM 'json_valid\(\(?(\w+)') AS col
        FROM pg_constraint c
        JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'c' AND n.nspname = current_schema() AND pg_get_constraintdef(c.oid) LIKE '%json_valid%'
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I CHECK ((%I)::jsonb IS NOT NULL)', r.tbl, r.conname, r.col);
    END LOOP;
    FOR r IN
        SELECT table_name, column_name, column_default
        FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_default LIKE '%strftime%'
    LOOP
        IF r.column_default LIKE '%\%f%' THEN
            EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET DEFAULT to_char(clock_timestamp() AT TIME ZONE %L, %L)',
                r.table_name, r.column_name, 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
        ELSE
            EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET DEFAULT to_char(clock_timestamp() AT TIME ZONE %L, %L)',
                r.table_name, r.column_name, 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
        END IF;
    END LOOP;
END
$$;
DROP FUNCTION IF EXISTS strftime(text, text, text[]);
DROP FUNCTION IF EXISTS julianday(text);
DROP FUNCTION IF EXISTS json_valid(text);
