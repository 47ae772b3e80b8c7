-- Reminders: what fired, keyed by (obligation, stage) so each fires once,
-- and snoozes.

CREATE TABLE reminders_fired (
    obligation_id INTEGER NOT NULL REFERENCES obligations (id),
    stage         TEXT    NOT NULL,
    fired_at      TEXT    NOT NULL,
    PRIMARY KEY (obligation_id, stage)
);

CREATE TABLE snoozes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    obligation_id INTEGER NOT NULL REFERENCES obligations (id),
    until         TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);

CREATE INDEX snoozes_by_obligation ON snoozes (obligation_id);
