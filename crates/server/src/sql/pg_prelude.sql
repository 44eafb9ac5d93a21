-- The SQLite functions miz's SQL uses, defined on PostgreSQL with SQLite's behaviour, so the
-- migrations and queries are the same text on both engines. Run (idempotently) at every start.

-- strftime(format, time, modifiers...): time is 'now' or an ISO 8601 / RFC 3339 string;
-- modifiers are '+N days' (hours, minutes, seconds, months, years) and 'start of day'.
-- Like SQLite, anything it cannot read gives NULL rather than an error.
CREATE OR REPLACE FUNCTION strftime(fmt text, t text, VARIADIC mods text[] DEFAULT '{}')
RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    ts timestamp;
    m text;
    out text := '';
    i int := 1;
    c text;
BEGIN
    IF t IS NULL OR fmt IS NULL THEN
        RETURN NULL;
    END IF;
    BEGIN
        IF t = 'now' THEN
            ts := clock_timestamp() AT TIME ZONE 'UTC';
        ELSIF t ~ '^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$' THEN
            ts := (CASE WHEN t ~ '(Z|[+-]\d{2}:\d{2})$' THEN t ELSE t || 'Z' END)::timestamptz AT TIME ZONE 'UTC';
        ELSE
            RETURN NULL;
        END IF;
        FOREACH m IN ARRAY mods LOOP
            IF m ~* '^\s*[+-]?\d+(\.\d+)?\s+(day|hour|minute|second|month|year)s?\s*$' THEN
                ts := ts + m::interval;
            ELSIF lower(trim(m)) = 'start of day' THEN
                ts := date_trunc('day', ts);
            ELSE
                RETURN NULL;
            END IF;
        END LOOP;
    EXCEPTION WHEN others THEN
        RETURN NULL;
    END;
    WHILE i <= length(fmt) LOOP
        c := substr(fmt, i, 1);
        IF c = '%' AND i < length(fmt) THEN
            i := i + 1;
            c := substr(fmt, i, 1);
            out := out || CASE c
                WHEN 'Y' THEN to_char(ts, 'YYYY')
                WHEN 'm' THEN to_char(ts, 'MM')
                WHEN 'd' THEN to_char(ts, 'DD')
                WHEN 'H' THEN to_char(ts, 'HH24')
                WHEN 'M' THEN to_char(ts, 'MI')
                WHEN 'S' THEN to_char(ts, 'SS')
                WHEN 'f' THEN to_char(ts, 'SS.MS')
                WHEN 'j' THEN to_char(ts, 'DDD')
                WHEN 's' THEN floor(extract(epoch FROM ts))::bigint::text
                WHEN '%' THEN '%'
                ELSE '%' || c
            END;
        ELSE
            out := out || c;
        END IF;
        i := i + 1;
    END LOOP;
    RETURN out;
END
$$;

-- julianday(time): days since noon of 24 November 4714 BC, fractional.
CREATE OR REPLACE FUNCTION julianday(t text)
RETURNS double precision LANGUAGE sql STABLE AS $$
    SELECT extract(epoch FROM (CASE WHEN t = 'now' THEN clock_timestamp() ELSE t::timestamptz END)) / 86400.0 + 2440587.5
$$;

-- json_valid(text): 1 when the text is JSON, as SQLite answers (a boolean here, for CHECK).
CREATE OR REPLACE FUNCTION json_valid(doc text)
RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM doc::json;
    RETURN true;
EXCEPTION WHEN others THEN
    RETURN false;
END
$$;
