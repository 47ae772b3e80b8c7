-- The rail and `sitrep list` read a page at a time, each page from an index:
-- open incidents by severity, the rest newest first, titles by word, and
-- each incident's soonest open notice.
CREATE INDEX incidents_open ON incidents (severity, declared_at DESC, id DESC)
    WHERE status <> 'closed';
CREATE INDEX incidents_by_declared ON incidents (declared_at, id);
CREATE INDEX open_obligations_by_incident ON obligations (incident_id, due_at)
    WHERE fulfilled_by IS NULL AND ended_at IS NULL;

CREATE VIRTUAL TABLE incident_titles USING fts5 (
    title,
    content = 'incidents',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO incident_titles (incident_titles) VALUES ('rebuild');

CREATE TRIGGER incident_titles_added AFTER INSERT ON incidents BEGIN
    INSERT INTO incident_titles (rowid, title) VALUES (new.id, new.title);
END;
CREATE TRIGGER incident_titles_removed AFTER DELETE ON incidents BEGIN
    INSERT INTO incident_titles (incident_titles, rowid, title) VALUES ('delete', old.id, old.title);
END;
CREATE TRIGGER incident_titles_renamed AFTER UPDATE OF title ON incidents BEGIN
    INSERT INTO incident_titles (incident_titles, rowid, title) VALUES ('delete', old.id, old.title);
    INSERT INTO incident_titles (rowid, title) VALUES (new.id, new.title);
END;
