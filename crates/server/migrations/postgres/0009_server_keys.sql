-- PostgreSQL's own text of sqlite/0009_server_keys.sql: its types, time defaults and JSON checks in its words.
-- Secrets the servers of one desk share: the key that signs case passes (a device that filed
-- or opened a case keeps looking it up while its address is being limited) and hashes client
-- networks. Made once, at first start, by whichever server gets there first.
CREATE TABLE server_keys (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
