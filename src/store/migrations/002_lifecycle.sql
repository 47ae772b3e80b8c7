-- The lifecycle: pinned and edited timeline entries, roles, response plans
-- and each incident's copy of its plan's steps.

ALTER TABLE timeline_entries ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));

-- An entry's facts never change; only whether it is pinned does.
CREATE TRIGGER timeline_entries_are_append_only
BEFORE UPDATE OF incident_id, at, recorded_at, kind, text ON timeline_entries
BEGIN
    SELECT RAISE(ABORT, 'timeline entries are append-only; record an edit instead');
END;

-- Edits of an entry's text, oldest first; the newest is the current text and
-- the entry's own text stays as the original.
CREATE TABLE timeline_edits (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id    INTEGER NOT NULL REFERENCES timeline_entries (id),
    text        TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL
);

CREATE INDEX timeline_edits_by_entry ON timeline_edits (entry_id);

CREATE TRIGGER timeline_edits_are_append_only
BEFORE UPDATE ON timeline_edits
BEGIN
    SELECT RAISE(ABORT, 'timeline edits are never changed');
END;

CREATE TRIGGER timeline_edits_are_never_deleted
BEFORE DELETE ON timeline_edits
BEGIN
    SELECT RAISE(ABORT, 'timeline edits are never deleted');
END;

-- Who holds each role now; the handovers themselves are timeline entries.
CREATE TABLE incident_roles (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    role        TEXT    NOT NULL CHECK (role IN ('commander', 'comms', 'ops', 'scribe')),
    person      TEXT    NOT NULL CHECK (length(person) BETWEEN 1 AND 100),
    since       TEXT    NOT NULL,
    PRIMARY KEY (incident_id, role)
);

-- The library of response plans, keyed by incident kind.
CREATE TABLE plans (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT    NOT NULL UNIQUE,
    name TEXT    NOT NULL
);

CREATE TABLE plan_steps (
    plan_id           INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    text              TEXT    NOT NULL,
    stop_the_bleeding INTEGER NOT NULL DEFAULT 0 CHECK (stop_the_bleeding IN (0, 1)),
    PRIMARY KEY (plan_id, position)
);

-- An incident's own copy of its plan, so editing the library later does not
-- rewrite what was done during a past incident.
CREATE TABLE incident_steps (
    incident_id       INTEGER NOT NULL REFERENCES incidents (id),
    position          INTEGER NOT NULL,
    text              TEXT    NOT NULL,
    stop_the_bleeding INTEGER NOT NULL CHECK (stop_the_bleeding IN (0, 1)),
    done_at           TEXT,
    PRIMARY KEY (incident_id, position)
);

-- Settings of the desktop app, such as the system-wide declare shortcut.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
