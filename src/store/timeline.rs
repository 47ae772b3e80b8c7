//! Queries over timelines: appending entries, pinning them, and edits that
//! keep every earlier text.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::columns::StoredTime;
use super::{Store, Tx};
use crate::error::Result;
use crate::incident::IncidentKey;
use crate::timeline::{EntryId, EntryKind, NewEntry, PastText, TimelineEntry, unknown_entry};

/// An incident's timeline, oldest entry first (entries at the same instant
/// in the order they were recorded), each with its edit history.
pub(super) fn entries(conn: &Connection, key: IncidentKey) -> Result<Vec<TimelineEntry>> {
    let mut entries = conn
        .prepare_cached(
            "SELECT id, at, recorded_at, kind, text, pinned FROM timeline_entries \
             WHERE incident_id = ?1 ORDER BY at, id",
        )?
        .query_map([key.row_id()], |row| {
            Ok(TimelineEntry {
                id: row.get(0)?,
                at: row.get::<_, StoredTime>(1)?.0,
                recorded_at: row.get::<_, StoredTime>(2)?.0,
                kind: row.get(3)?,
                text: row.get(4)?,
                pinned: row.get(5)?,
                edited_at: None,
                history: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut edits = conn.prepare_cached(
        "SELECT e.entry_id, e.text, e.recorded_at FROM timeline_edits e \
         JOIN timeline_entries t ON t.id = e.entry_id WHERE t.incident_id = ?1 ORDER BY e.id",
    )?;
    let edits = edits.query_map([key.row_id()], |row| {
        Ok((
            row.get::<_, EntryId>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, DateTime<Utc>>(2)?,
        ))
    })?;
    for edit in edits {
        let (id, text, recorded_at) = edit?;
        if let Some(entry) = entries.iter_mut().find(|e| e.id == id) {
            let previous = std::mem::replace(&mut entry.text, text);
            let written = entry.edited_at.unwrap_or(entry.recorded_at);
            entry.history.push(PastText {
                text: previous,
                recorded_at: written,
            });
            entry.edited_at = Some(recorded_at);
        }
    }
    Ok(entries)
}

/// What an entry records and says now.
pub(crate) struct EntryFacts {
    pub kind: EntryKind,
    pub text: String,
}

/// Where the timelines stood when last read, to tell which incidents a
/// later write touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct TimelineMark(i64);

impl Store {
    /// Where the timelines stand now.
    pub fn timeline_mark(&self) -> Result<TimelineMark> {
        Ok(TimelineMark(self.conn.query_row(
            "SELECT coalesce(max(id), 0) FROM timeline_entries",
            [],
            |row| row.get(0),
        )?))
    }

    /// The incidents given a timeline entry since `mark` (every write to an
    /// incident records one), and the mark to read from next.
    pub fn touched_since(&self, mark: TimelineMark) -> Result<(Vec<IncidentKey>, TimelineMark)> {
        let keys = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT incident_id FROM timeline_entries WHERE id > ?1 ORDER BY incident_id",
            )?
            .query_map([mark.0], |row| row.get(0).map(IncidentKey::from_row_id))?
            .collect::<rusqlite::Result<_>>()?;
        Ok((keys, self.timeline_mark()?))
    }
}

impl Tx<'_> {
    /// Appends an entry to incident `key`'s timeline.
    pub(crate) fn append(&self, key: IncidentKey, entry: &NewEntry) -> Result<EntryId> {
        self.conn()
            .prepare_cached(
                "INSERT INTO timeline_entries (incident_id, at, recorded_at, kind, text) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                key.row_id(),
                entry.at,
                entry.recorded_at,
                entry.kind,
                entry.text
            ])?;
        Ok(self.conn().last_insert_rowid())
    }

    /// The entry `id` of incident `key`, or a clear refusal if it is not one of its entries.
    pub(crate) fn entry_of(&self, key: IncidentKey, id: EntryId) -> Result<EntryFacts> {
        self.incident(key)?;
        let facts = self
            .conn()
            .prepare_cached(
                "SELECT kind, coalesce((SELECT text FROM timeline_edits WHERE entry_id = t.id \
                 ORDER BY id DESC LIMIT 1), text) FROM timeline_entries t \
                 WHERE id = ?1 AND incident_id = ?2",
            )?
            .query_map(params![id, key.row_id()], |row| {
                Ok(EntryFacts {
                    kind: row.get(0)?,
                    text: row.get(1)?,
                })
            })?
            .next()
            .ok_or_else(|| unknown_entry(key, id))??;
        Ok(facts)
    }

    /// Pins or unpins entry `id`.
    pub(crate) fn set_pinned(&self, id: EntryId, pinned: bool) -> Result<()> {
        self.conn()
            .prepare_cached("UPDATE timeline_entries SET pinned = ?2 WHERE id = ?1")?
            .execute(params![id, pinned])?;
        Ok(())
    }

    /// Records a new text for entry `id`, keeping the earlier ones.
    pub(crate) fn record_edit(&self, id: EntryId, text: &str, at: DateTime<Utc>) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO timeline_edits (entry_id, text, recorded_at) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![id, text, at])?;
        Ok(())
    }

    /// When incident `key` last changed status (its declaration counts).
    pub(crate) fn last_status_move(&self, key: IncidentKey) -> Result<DateTime<Utc>> {
        Ok(self.conn().prepare_cached(
            "SELECT max(at) FROM timeline_entries WHERE incident_id = ?1 AND kind IN ('declared', 'status')",
        )?
        .query_row([key.row_id()], |row| row.get(0))?)
    }
}
