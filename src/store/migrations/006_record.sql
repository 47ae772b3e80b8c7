-- The record the postmortem and the reports are built from: who was
-- affected, every status and severity change, role tenures, milestone
-- corrections, duplicate-guard events, and an outcome for every obligation.
-- The rows for earlier incidents are derived from their timelines by the
-- migration's seed (`backfill_record`).

-- Whether impact start and detection were given or defaulted at declaration.
-- Before this migration they defaulted to the next milestone: equal means defaulted.
ALTER TABLE incidents ADD COLUMN impact_started_estimated INTEGER NOT NULL DEFAULT 0
    CHECK (impact_started_estimated IN (0, 1));
ALTER TABLE incidents ADD COLUMN detected_estimated INTEGER NOT NULL DEFAULT 0
    CHECK (detected_estimated IN (0, 1));
UPDATE incidents SET detected_estimated = (detected_at = declared_at),
                     impact_started_estimated = (impact_started_at = detected_at);

-- Every status move: the impact windows are derived from these.
CREATE TABLE status_changes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    at          TEXT    NOT NULL,
    from_status TEXT    NOT NULL,
    to_status   TEXT    NOT NULL
                CHECK (to_status IN ('investigating', 'identified', 'monitoring', 'resolved', 'closed'))
);
CREATE INDEX status_changes_by_incident ON status_changes (incident_id, at);

-- Every severity change, for the peak severity.
CREATE TABLE severity_changes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id   INTEGER NOT NULL REFERENCES incidents (id),
    at            TEXT    NOT NULL,
    from_severity INTEGER NOT NULL CHECK (from_severity BETWEEN 1 AND 4),
    to_severity   INTEGER NOT NULL CHECK (to_severity BETWEEN 1 AND 4)
);
CREATE INDEX severity_changes_by_incident ON severity_changes (incident_id, at);

-- Who held which role from when to when; the newest tenure of a role is its
-- holder. Replaces incident_roles, which kept only the current holder.
CREATE TABLE role_tenures (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    role        TEXT    NOT NULL CHECK (role IN ('commander', 'comms', 'ops', 'scribe')),
    person      TEXT    NOT NULL CHECK (length(person) BETWEEN 1 AND 100),
    started_at  TEXT    NOT NULL,
    ended_at    TEXT,
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX role_tenures_by_incident ON role_tenures (incident_id, role, started_at);

-- Milestone corrections: which, from what to what, when recorded and by whom
-- (the commander at the time, if any).
CREATE TABLE milestone_corrections (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    milestone   TEXT    NOT NULL,
    old_at      TEXT,
    new_at      TEXT,
    recorded_at TEXT    NOT NULL,
    by_person   TEXT
);
CREATE INDEX milestone_corrections_by_incident ON milestone_corrections (incident_id);

-- Each time the duplicate guard fired: prevented, or sent anyway (forced).
CREATE TABLE duplicate_warnings (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id    INTEGER NOT NULL REFERENCES incidents (id),
    stakeholder_id INTEGER REFERENCES stakeholders (id),
    at             TEXT    NOT NULL,
    outcome        TEXT    NOT NULL CHECK (outcome IN ('prevented', 'sent_anyway'))
);
CREATE INDEX duplicate_warnings_by_incident ON duplicate_warnings (incident_id);
-- The old counter knew no stakeholder and no time: one row per count, at the declaration.
WITH RECURSIVE n (incident_id, at, left) AS (
    SELECT id, declared_at, duplicates_prevented FROM incidents WHERE duplicates_prevented > 0
    UNION ALL SELECT incident_id, at, left - 1 FROM n WHERE left > 1
)
INSERT INTO duplicate_warnings (incident_id, at, outcome) SELECT incident_id, at, 'prevented' FROM n;
INSERT INTO duplicate_warnings (incident_id, stakeholder_id, at, outcome)
    SELECT incident_id, stakeholder_id, sent_at, 'sent_anyway' FROM updates WHERE forced = 1;
ALTER TABLE incidents DROP COLUMN duplicates_prevented;

-- The stakeholders the incident's impact hits (charged with downtime), with
-- how many of their validators, if known.
CREATE TABLE incident_affected (
    incident_id    INTEGER NOT NULL REFERENCES incidents (id),
    stakeholder_id INTEGER NOT NULL REFERENCES stakeholders (id),
    validators     INTEGER CHECK (validators >= 0),
    since          TEXT    NOT NULL,
    PRIMARY KEY (incident_id, stakeholder_id)
);

-- An update that shared the postmortem (it fulfils the postmortem, never a notice).
ALTER TABLE updates ADD COLUMN postmortem INTEGER NOT NULL DEFAULT 0 CHECK (postmortem IN (0, 1));

-- Obligations keep their first due time and, once ended, their outcome.
ALTER TABLE obligations ADD COLUMN first_due_at TEXT;
UPDATE obligations SET first_due_at = due_at;
ALTER TABLE obligations ADD COLUMN skip_reason TEXT;
-- An obligation used to end at the time the change was typed; the change's
-- own time is the `at` of the timeline entry typed in the same transaction
-- (same `recorded_at`) that made the change.
UPDATE obligations SET ended_at = COALESCE((
    SELECT max(t.at) FROM timeline_entries t
    WHERE t.incident_id = obligations.incident_id AND t.recorded_at = obligations.ended_at
      AND t.at <= obligations.ended_at
      AND ((t.kind = 'status' AND obligations.end_reason LIKE 'incident %'
                AND t.text LIKE '% → ' || substr(obligations.end_reason, 10) || '%')
        OR (t.kind = 'severity' AND obligations.end_reason LIKE 'incident corrected%')
        OR (t.kind = 'comms' AND (t.text = obligations.end_reason
                OR (obligations.end_reason = 'update sent' AND t.text LIKE 'update sent to %'))))
), ended_at) WHERE ended_at IS NOT NULL;
ALTER TABLE obligations ADD COLUMN outcome TEXT
    CHECK (outcome IN ('on_time', 'late', 'missed', 'superseded', 'skipped', 'removed'));
UPDATE obligations SET outcome = CASE
    WHEN fulfilled_by IS NOT NULL THEN
        CASE WHEN (SELECT sent_at FROM updates WHERE id = fulfilled_by) <= due_at THEN 'on_time' ELSE 'late' END
    WHEN ended_at IS NULL THEN NULL
    WHEN end_reason LIKE '% removed from the incident%' THEN 'removed'
    WHEN ended_at > due_at THEN 'missed'
    ELSE 'superseded' END;

-- Indexes for the questions asked: an incident's checklist and log, what is
-- due, a month's incidents.
CREATE INDEX obligations_by_incident ON obligations (incident_id, stakeholder_id);
CREATE INDEX updates_by_stakeholder ON updates (stakeholder_id, incident_id);
CREATE INDEX incidents_by_impact_start ON incidents (impact_started_at);
CREATE INDEX incidents_by_resolution ON incidents (resolved_at);
CREATE INDEX incident_members_by_stakeholder ON incident_members (stakeholder_id);
CREATE INDEX incident_affected_by_stakeholder ON incident_affected (stakeholder_id);
CREATE INDEX channels_by_stakeholder ON channels (stakeholder_id);
CREATE INDEX snoozes_by_obligation_until ON snoozes (obligation_id, until);
