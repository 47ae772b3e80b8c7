-- Communication: the stakeholder directory with its channels, policies and
-- cadences, who is on each incident, the obligations of each incident's
-- comms checklist and the updates that fulfil them.

CREATE TABLE stakeholders (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    name                TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 100),
    grp                 TEXT    NOT NULL,
    notes               TEXT    NOT NULL DEFAULT '',
    sla_target_percent  REAL    NOT NULL CHECK (sla_target_percent > 0 AND sla_target_percent <= 100),
    example             INTEGER NOT NULL DEFAULT 0 CHECK (example IN (0, 1)),
    live_override       INTEGER,
    resolution_override INTEGER,
    postmortem_override INTEGER,
    created_at          TEXT    NOT NULL,
    retired_at          TEXT
);

CREATE TABLE channels (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    stakeholder_id INTEGER NOT NULL REFERENCES stakeholders (id),
    kind           TEXT    NOT NULL,
    handle         TEXT    NOT NULL,
    added_at       TEXT    NOT NULL,
    retired_at     TEXT
);

-- Exactly one active channel per stakeholder (the store adds and retires in one transaction).
CREATE UNIQUE INDEX one_active_channel ON channels (stakeholder_id) WHERE retired_at IS NULL;

CREATE TABLE group_policies (
    grp          TEXT    PRIMARY KEY,
    live_updates INTEGER NOT NULL,
    resolution   INTEGER NOT NULL,
    postmortem   INTEGER NOT NULL,
    opt_in       INTEGER NOT NULL CHECK (opt_in IN (0, 1))
);

CREATE TABLE cadences (
    severity           INTEGER PRIMARY KEY CHECK (severity BETWEEN 1 AND 4),
    initial_minutes    INTEGER CHECK (initial_minutes > 0),
    update_minutes     INTEGER CHECK (update_minutes > 0),
    resolution_minutes INTEGER CHECK (resolution_minutes > 0),
    postmortem_minutes INTEGER CHECK (postmortem_minutes > 0)
);

-- The IC's additions to and removals from an incident's stakeholders.
CREATE TABLE incident_members (
    incident_id    INTEGER NOT NULL REFERENCES incidents (id),
    stakeholder_id INTEGER NOT NULL REFERENCES stakeholders (id),
    membership     TEXT    NOT NULL CHECK (membership IN ('added', 'removed')),
    reason         TEXT    NOT NULL,
    since          TEXT    NOT NULL,
    PRIMARY KEY (incident_id, stakeholder_id)
);

CREATE TABLE updates (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id     INTEGER NOT NULL REFERENCES incidents (id),
    stakeholder_id  INTEGER NOT NULL REFERENCES stakeholders (id),
    channel_id      INTEGER NOT NULL REFERENCES channels (id),
    sent_at         TEXT    NOT NULL,
    recorded_at     TEXT    NOT NULL,
    message         TEXT    NOT NULL CHECK (length(message) > 0),
    idempotency_key TEXT    NOT NULL,
    forced          INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),
    UNIQUE (idempotency_key, stakeholder_id)
);

CREATE INDEX updates_by_incident ON updates (incident_id, stakeholder_id, sent_at);

CREATE TABLE obligations (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id    INTEGER NOT NULL REFERENCES incidents (id),
    stakeholder_id INTEGER NOT NULL REFERENCES stakeholders (id),
    kind           TEXT    NOT NULL CHECK (kind IN ('initial', 'update', 'resolution', 'postmortem')),
    due_at         TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    fulfilled_by   INTEGER UNIQUE REFERENCES updates (id),
    ended_at       TEXT,
    end_reason     TEXT,
    CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
    CHECK (fulfilled_by IS NULL OR ended_at IS NULL)
);

-- At most one open notice and one open postmortem per stakeholder and incident.
CREATE UNIQUE INDEX one_open_notice ON obligations (incident_id, stakeholder_id)
    WHERE fulfilled_by IS NULL AND ended_at IS NULL AND kind != 'postmortem';
CREATE UNIQUE INDEX one_open_postmortem ON obligations (incident_id, stakeholder_id)
    WHERE fulfilled_by IS NULL AND ended_at IS NULL AND kind = 'postmortem';
CREATE INDEX open_obligations ON obligations (due_at) WHERE fulfilled_by IS NULL AND ended_at IS NULL;

-- Since when the comms cadence runs from: declaration, a severity change, a reopening.
ALTER TABLE incidents ADD COLUMN comms_anchor_at TEXT;
UPDATE incidents SET comms_anchor_at = declared_at;
ALTER TABLE incidents ADD COLUMN duplicates_prevented INTEGER NOT NULL DEFAULT 0;
