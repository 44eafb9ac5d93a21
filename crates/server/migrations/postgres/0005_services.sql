-- PostgreSQL's own text of sqlite/0005_services.sql: its types, time defaults and JSON checks in its words.
-- The agency's e-service catalogue and citizens' ratings, one per browser per service.
CREATE TABLE services (
    id         TEXT NOT NULL,
    agency_id  TEXT NOT NULL REFERENCES agencies(id),
    position   BIGINT NOT NULL,
    doc        TEXT NOT NULL,
    PRIMARY KEY (agency_id, id)
);

CREATE TABLE service_ratings (
    agency_id  TEXT NOT NULL,
    service_id TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    rating     BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    text       TEXT,
    created_at TEXT NOT NULL DEFAULT (to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
    PRIMARY KEY (agency_id, service_id, client_id),
    FOREIGN KEY (agency_id, service_id) REFERENCES services(agency_id, id)
);
