-- Postmortems: templates (editable, three seeded), one postmortem per
-- incident with every saved version kept, the figures the writer types,
-- which version was shared with whom, and action items.
CREATE TABLE postmortem_templates (
    name       TEXT PRIMARY KEY COLLATE NOCASE,
    body       TEXT NOT NULL,
    -- Seeded with the app: can be edited, not removed.
    builtin    INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
);

CREATE TABLE postmortems (
    incident_id INTEGER PRIMARY KEY REFERENCES incidents (id),
    template    TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'in_review', 'published')),
    created_at  TEXT NOT NULL
);

-- Every save that changed the text or the figures; never changed or deleted.
CREATE TABLE postmortem_versions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES postmortems (incident_id),
    number      INTEGER NOT NULL,
    body        TEXT    NOT NULL,
    -- The figures (validators, epochs, ETH...) as JSON, so a report can sum them.
    figures     TEXT    NOT NULL DEFAULT '{}',
    saved_at    TEXT    NOT NULL,
    -- Set on the version that was published: it is frozen.
    published_at TEXT,
    UNIQUE (incident_id, number)
);

CREATE TRIGGER postmortem_versions_are_frozen
BEFORE UPDATE OF body, figures, number, saved_at ON postmortem_versions
BEGIN
    SELECT RAISE(ABORT, 'a saved postmortem version is never changed');
END;

CREATE TRIGGER postmortem_versions_are_never_deleted
BEFORE DELETE ON postmortem_versions
BEGIN
    SELECT RAISE(ABORT, 'a saved postmortem version is never deleted');
END;

-- Which version went to which stakeholder, with the update that recorded it.
CREATE TABLE postmortem_shares (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id    INTEGER NOT NULL REFERENCES postmortems (incident_id),
    stakeholder_id INTEGER NOT NULL REFERENCES stakeholders (id),
    version_id     INTEGER NOT NULL REFERENCES postmortem_versions (id),
    shared_at      TEXT    NOT NULL
);
CREATE INDEX postmortem_shares_by_incident ON postmortem_shares (incident_id);

CREATE TABLE action_items (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    text        TEXT    NOT NULL CHECK (text <> ''),
    owner       TEXT    NOT NULL DEFAULT '',
    due_on      TEXT,
    kind        TEXT    NOT NULL CHECK (kind IN ('prevent', 'detect', 'mitigate', 'process', 'other')),
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'wont_do')),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX action_items_by_incident ON action_items (incident_id);
CREATE INDEX action_items_open ON action_items (status, due_on);
