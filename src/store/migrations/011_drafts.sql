-- The composer's draft per incident: what the IC is typing, kept as it is
-- typed so a restart or a crash loses none of it, or, once sent, the update
-- last sent, which the next update starts from.
CREATE TABLE drafts (
    incident_id    INTEGER PRIMARY KEY REFERENCES incidents (id),
    source         TEXT    NOT NULL CHECK (source IN ('typed', 'sent')),
    -- The incident's status when it was written.
    status         TEXT    NOT NULL,
    what           TEXT    NOT NULL,
    impact         TEXT    NOT NULL,
    doing          TEXT    NOT NULL,
    next_update_at TEXT,
    saved_at       TEXT    NOT NULL
);
