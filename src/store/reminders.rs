//! Queries for the reminder scheduler: open obligations with their cadence,
//! snoozes and fired stages; recording what fired and snoozes.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::{DateTime, TimeDelta, Utc};
use rusqlite::params;

use super::{Tx, comms};
use crate::error::Result;
use crate::incident::Severity;
use crate::scheduler::Pending;

impl Tx<'_> {
    /// Every open obligation as the scheduler sees it.
    pub(crate) fn pending_reminders(&self) -> Result<Vec<Pending>> {
        let conn = self.conn();
        // The comparison time only sets `overdue`, which the scheduler ignores.
        let open = comms::open_obligations(conn, DateTime::<Utc>::MIN_UTC)?;
        let mut snoozes =
            conn.prepare_cached("SELECT until FROM snoozes WHERE obligation_id = ?1")?;
        let mut fired =
            conn.prepare_cached("SELECT stage FROM reminders_fired WHERE obligation_id = ?1")?;
        // Many incidents, few stakeholders: each one's cadence is read once per severity.
        let mut every: HashMap<(i64, Severity), Option<TimeDelta>> = HashMap::new();
        open.into_iter()
            .map(|obligation| {
                let key = (obligation.stakeholder_id, obligation.severity);
                let every = match every.entry(key) {
                    Entry::Occupied(known) => *known.get(),
                    Entry::Vacant(slot) => {
                        *slot.insert(self.cadence_for(key.0, obligation.group, key.1)?.update())
                    }
                };
                Ok(Pending {
                    every,
                    snoozes: snoozes
                        .query_map([obligation.id], |row| row.get(0))?
                        .collect::<rusqlite::Result<_>>()?,
                    fired: fired
                        .query_map([obligation.id], |row| row.get(0))?
                        .collect::<rusqlite::Result<_>>()?,
                    obligation,
                })
            })
            .collect()
    }

    /// Records that `stage` of `obligation` fired; false if it already had
    /// (another instance got there first), so it is not shown twice.
    pub(crate) fn mark_fired(
        &self,
        obligation: i64,
        stage: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let inserted = self
            .conn()
            .prepare_cached(
                "INSERT INTO reminders_fired (obligation_id, stage, fired_at) VALUES (?1, ?2, ?3) \
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![obligation, stage, now])?;
        Ok(inserted == 1)
    }

    /// Forgets which stages of `obligation` fired, after its due time moved,
    /// so each stage fires once for the new due time.
    pub(crate) fn rearm_reminders(&self, obligation: i64) -> Result<()> {
        self.conn()
            .prepare_cached("DELETE FROM reminders_fired WHERE obligation_id = ?1")?
            .execute([obligation])?;
        Ok(())
    }

    /// Snoozes an obligation's reminders until `until`.
    pub(crate) fn add_snooze(
        &self,
        obligation: i64,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO snoozes (obligation_id, until, created_at) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![obligation, until, now])?;
        Ok(())
    }
}
