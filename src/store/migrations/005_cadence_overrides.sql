-- A group's or a single stakeholder's own cadence for one severity: each
-- interval overrides the level above (severity default, then group), NULL
-- keeps it. Exactly one of grp and stakeholder_id is set.

CREATE TABLE cadence_overrides (
    grp                TEXT,
    stakeholder_id     INTEGER REFERENCES stakeholders (id),
    severity           INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 4),
    initial_minutes    INTEGER CHECK (initial_minutes > 0),
    update_minutes     INTEGER CHECK (update_minutes > 0),
    resolution_minutes INTEGER CHECK (resolution_minutes > 0),
    postmortem_minutes INTEGER CHECK (postmortem_minutes > 0),
    CHECK ((grp IS NULL) != (stakeholder_id IS NULL))
);

CREATE UNIQUE INDEX cadence_overrides_by_scope
    ON cadence_overrides (COALESCE(grp, ''), COALESCE(stakeholder_id, 0), severity);
