//! The schema on each engine. Run against PostgreSQL when `MIZ_TEST_POSTGRES` names a server
//! (`cargo xtask postgres`, part of `cargo xtask test`); on SQLite there is nothing here to test.

mod common;

/// A PostgreSQL database made when its migrations were SQLite's text translated, with
/// SQLite's functions recreated in PL/pgSQL for the defaults and checks, is turned into one in
/// PostgreSQL's own words: native defaults, jsonb checks, the functions gone.
#[test]
fn a_database_from_the_translated_migrations_is_turned_native() {
    if std::env::var("MIZ_TEST_POSTGRES").map_or(true, |s| s.is_empty()) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let url = common::fresh_db(dir.path());
    let c = miz_server::sql::Connection::postgres(&url.to_string_lossy()).unwrap();
    // What the translation era left: its functions, and a table whose default and check use them.
    c.execute_batch(
        "CREATE FUNCTION strftime(fmt text, t text, VARIADIC mods text[] DEFAULT '{}') RETURNS text
             LANGUAGE sql AS $$ SELECT '2000-01-01T00:00:00Z' $$;
         CREATE FUNCTION julianday(t text) RETURNS double precision LANGUAGE sql AS $$ SELECT 0::double precision $$;
         CREATE FUNCTION json_valid(doc text) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
         CREATE TABLE legacy (
             doc TEXT NOT NULL CHECK (json_valid(doc)),
             at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
             day TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
         );",
    )
    .unwrap();
    c.execute_batch(miz_server::db::POSTGRES_NATIVE_DEFAULTS).unwrap();
    let functions: i64 = c
        .query_row("SELECT count(*) FROM pg_proc WHERE proname IN ('strftime', 'julianday', 'json_valid')", [], |r| r.get(0))
        .unwrap();
    assert_eq!(functions, 0);
    c.execute("INSERT INTO legacy (doc) VALUES ('{\"a\": 1}')", []).unwrap();
    assert!(c.execute("INSERT INTO legacy (doc) VALUES ('not json')", []).is_err(), "the JSON check still holds");
    let (at, day): (String, String) = c.query_row("SELECT at, day FROM legacy", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    // Now, in the stored forms: to the millisecond, and to the second.
    assert_eq!(at.len(), 24, "{at}");
    assert!(at.ends_with('Z') && at.as_bytes()[19] == b'.' && at.starts_with("20"), "{at}");
    assert_eq!(day.len(), 20, "{day}");
    assert!(at > "2026".to_owned() && day > "2026".to_owned());
    // Run again (a database made from the native folder): nothing to change, no error.
    c.execute_batch(miz_server::db::POSTGRES_NATIVE_DEFAULTS).unwrap();
}
