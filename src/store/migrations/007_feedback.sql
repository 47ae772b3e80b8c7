-- What stakeholders said about how they were told: a rating of 1-5 and a
-- comment, per incident, recorded by the IC once it is resolved.
CREATE TABLE feedback (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id    INTEGER NOT NULL REFERENCES incidents (id),
    stakeholder_id INTEGER NOT NULL REFERENCES stakeholders (id),
    rating         INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment        TEXT    NOT NULL DEFAULT '',
    at             TEXT    NOT NULL,
    recorded_at    TEXT    NOT NULL
);
CREATE INDEX feedback_by_incident ON feedback (incident_id, at);
