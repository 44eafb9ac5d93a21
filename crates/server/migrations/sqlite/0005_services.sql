-- The agency's e-service catalogue and citizens' ratings, one per browser per service.
CREATE TABLE services (
    id         TEXT NOT NULL,
    agency_id  TEXT NOT NULL REFERENCES agencies(id),
    position   INTEGER NOT NULL,
    doc        TEXT NOT NULL,
    PRIMARY KEY (agency_id, id)
);

CREATE TABLE service_ratings (
    agency_id  TEXT NOT NULL,
    service_id TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    rating     INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    text       TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (agency_id, service_id, client_id),
    FOREIGN KEY (agency_id, service_id) REFERENCES services(agency_id, id)
);
