//! Queries over the composer's draft per incident.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, Tx};
use crate::comms::{Draft, DraftSource, SavedDraft};
use crate::error::Result;
use crate::incident::IncidentKey;

fn saved_draft(conn: &Connection, key: IncidentKey) -> Result<Option<SavedDraft>> {
    Ok(conn
        .prepare_cached(
            "SELECT source, status, what, impact, doing, next_update_at, saved_at \
             FROM drafts WHERE incident_id = ?1",
        )?
        .query_row([key.row_id()], |row| {
            let source: String = row.get(0)?;
            Ok(SavedDraft {
                source: if source == "sent" {
                    DraftSource::Sent
                } else {
                    DraftSource::Typed
                },
                status: row.get(1)?,
                draft: Draft {
                    what: row.get(2)?,
                    impact: row.get(3)?,
                    doing: row.get(4)?,
                    next_update_at: row.get(5)?,
                },
                saved_at: row.get(6)?,
            })
        })
        .optional()?)
}

impl Store {
    /// The draft saved for incident `key`, if any.
    pub(crate) fn saved_draft(&self, key: IncidentKey) -> Result<Option<SavedDraft>> {
        saved_draft(&self.conn, key)
    }
}

impl Tx<'_> {
    /// Keeps `saved` as incident `key`'s draft, replacing the one before.
    pub(crate) fn save_draft(&self, key: IncidentKey, saved: &SavedDraft) -> Result<()> {
        let source = match saved.source {
            DraftSource::Typed => "typed",
            DraftSource::Sent => "sent",
        };
        let d = &saved.draft;
        self.conn()
            .prepare_cached(
                "INSERT OR REPLACE INTO drafts \
                 (incident_id, source, status, what, impact, doing, next_update_at, saved_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                key.row_id(),
                source,
                saved.status,
                d.what,
                d.impact,
                d.doing,
                d.next_update_at,
                saved.saved_at
            ])?;
        Ok(())
    }

    /// Forgets incident `key`'s draft; whether there was one.
    pub(crate) fn discard_draft(&self, key: IncidentKey) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached("DELETE FROM drafts WHERE incident_id = ?1")?
            .execute([key.row_id()])?
            > 0)
    }
}
