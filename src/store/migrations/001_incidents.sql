-- Incidents and their append-only timeline.
CREATE TABLE incidents (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    title             TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    severity          INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 4),
    status            TEXT    NOT NULL
                      CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved', 'closed')),
    kind              TEXT,
    drill             INTEGER NOT NULL DEFAULT 0 CHECK (drill IN (0, 1)),
    impact_started_at TEXT    NOT NULL,
    detected_at       TEXT    NOT NULL,
    declared_at       TEXT    NOT NULL,
    mitigated_at      TEXT,
    resolved_at       TEXT,
    closed_at         TEXT
);

CREATE TABLE timeline_entries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    at          TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    text        TEXT    NOT NULL
);

CREATE INDEX timeline_entries_by_incident ON timeline_entries (incident_id, at);

CREATE TRIGGER timeline_entries_are_never_deleted
BEFORE DELETE ON timeline_entries
BEGIN
    SELECT RAISE(ABORT, 'timeline entries are never deleted');
END;
