-- Each stakeholder's SLA target and the month (YYYY-MM, UTC) it applies
-- from: a change applies from the month it was made, and earlier months
-- keep the target they had. '0000-00' is "from the beginning"; a
-- stakeholder whose target never changed has no row.
CREATE TABLE sla_targets (
    stakeholder_id INTEGER NOT NULL REFERENCES stakeholders (id),
    from_month     TEXT    NOT NULL,
    percent        REAL    NOT NULL CHECK (percent > 0 AND percent <= 100),
    PRIMARY KEY (stakeholder_id, from_month)
);
