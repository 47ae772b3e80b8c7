//! Queries over incident communication: members, updates, obligations, and
//! keeping the obligations in step with the comms rule.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Depth, Store, Tx};
use crate::comms::rules::{Change, OpenObligation};
use crate::comms::{
    ChecklistRow, Comms, DuplicateWarning, LoggedUpdate, Missed, NewUpdate, Obligation,
    ObligationKind, ObligationRecord, ObligationState, Outcome, Slot, Urgency,
};
use crate::error::Result;
use crate::incident::IncidentKey;
use crate::policy::Membership;
use crate::stakeholder::{ChannelKind, Stakeholder};

const LOG_COLUMNS: &str =
    "u.id, s.name, c.kind, c.handle, u.sent_at, u.message, o.kind, o.due_at, u.forced";
const LOG_FROM: &str = "updates u JOIN stakeholders s ON s.id = u.stakeholder_id \
     JOIN channels c ON c.id = u.channel_id LEFT JOIN obligations o ON o.fulfilled_by = u.id";

/// One row per stakeholder on an incident: everyone added, removed,
/// affected, owed or told, with their open notice and postmortem.
// `+fulfilled_by` keeps SQLite off the unique index on `fulfilled_by`:
// searching it for NULL walks every open obligation in the database.
pub(super) const CHECKLIST_SQL: &str = "WITH here (id) AS ( \
         SELECT stakeholder_id FROM incident_members WHERE incident_id = ?1 \
         UNION SELECT stakeholder_id FROM obligations WHERE incident_id = ?1 \
         UNION SELECT stakeholder_id FROM updates WHERE incident_id = ?1 \
         UNION SELECT stakeholder_id FROM incident_affected WHERE incident_id = ?1) \
     SELECT s.id, s.name, s.grp, c.kind, c.handle, m.membership, m.reason, o.kind, o.due_at, \
            (SELECT max(sent_at) FROM updates WHERE incident_id = ?1 AND stakeholder_id = s.id), \
            (SELECT due_at FROM obligations p WHERE p.incident_id = ?1 AND p.stakeholder_id = s.id \
                 AND p.kind = 'postmortem' AND +p.fulfilled_by IS NULL AND p.ended_at IS NULL), \
            a.since IS NOT NULL, a.validators \
     FROM here JOIN stakeholders s ON s.id = here.id \
     JOIN channels c ON c.stakeholder_id = s.id AND c.retired_at IS NULL \
     LEFT JOIN incident_members m ON m.incident_id = ?1 AND m.stakeholder_id = s.id \
     LEFT JOIN incident_affected a ON a.incident_id = ?1 AND a.stakeholder_id = s.id \
     LEFT JOIN obligations o ON o.incident_id = ?1 AND o.stakeholder_id = s.id AND o.kind != 'postmortem' \
         AND +o.fulfilled_by IS NULL AND o.ended_at IS NULL \
     ORDER BY o.due_at IS NULL, o.due_at, s.name";

/// A stakeholder's open notice (`?3` false) or postmortem (`?3` true) on an incident.
pub(super) const OPEN_OBLIGATION_SQL: &str = "SELECT id, kind, due_at FROM obligations \
     WHERE incident_id = ?1 AND stakeholder_id = ?2 \
     AND (kind = 'postmortem') = ?3 AND +fulfilled_by IS NULL AND ended_at IS NULL";

/// Every open obligation, soonest first, from the index of open ones only
/// (not the one on `fulfilled_by`, whose NULLs include every obligation
/// that ever ended unsent).
pub(super) const DUE_SQL: &str = "SELECT o.id, o.incident_id, i.title, i.severity, i.drill, s.name, s.id, s.grp, c.kind, \
     c.handle, o.kind, o.due_at, \
     (SELECT max(until) FROM snoozes sn WHERE sn.obligation_id = o.id) \
     FROM obligations o INDEXED BY open_obligations JOIN incidents i ON i.id = o.incident_id \
     JOIN stakeholders s ON s.id = o.stakeholder_id \
     JOIN channels c ON c.stakeholder_id = s.id AND c.retired_at IS NULL \
     WHERE o.fulfilled_by IS NULL AND o.ended_at IS NULL ORDER BY o.due_at, o.id";

fn logged_from_row(row: &Row<'_>) -> rusqlite::Result<LoggedUpdate> {
    let sent_at: DateTime<Utc> = row.get(4)?;
    let due_at: Option<DateTime<Utc>> = row.get(7)?;
    Ok(LoggedUpdate {
        id: row.get(0)?,
        stakeholder: row.get(1)?,
        channel: row.get(2)?,
        handle: row.get(3)?,
        sent_at,
        message: row.get(5)?,
        fulfilled: row.get(6)?,
        on_time: due_at.map(|due| sent_at <= due),
        forced: row.get(8)?,
    })
}

/// An incident's comms checklist, log, every obligation and the duplicate
/// guard's counts.
pub(super) fn comms(conn: &Connection, key: IncidentKey, depth: Depth) -> Result<Comms> {
    let log = conn
        .prepare_cached(&format!(
            "SELECT {LOG_COLUMNS} FROM {LOG_FROM} WHERE u.incident_id = ?1 ORDER BY u.sent_at, u.id"
        ))?
        .query_map([key.row_id()], logged_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let obligations = conn
        .prepare_cached(
            "SELECT o.id, s.name, s.id, o.kind, o.due_at, o.first_due_at, o.fulfilled_by, o.end_reason, \
                    COALESCE(o.ended_at, u.sent_at), o.outcome, o.skip_reason \
             FROM obligations o JOIN stakeholders s ON s.id = o.stakeholder_id \
             LEFT JOIN updates u ON u.id = o.fulfilled_by WHERE o.incident_id = ?1 ORDER BY o.id",
        )?
        .query_map([key.row_id()], |row| {
            let fulfilled_by: Option<i64> = row.get(6)?;
            let end_reason: Option<String> = row.get(7)?;
            let due_at: DateTime<Utc> = row.get(4)?;
            Ok(ObligationRecord {
                id: row.get(0)?,
                stakeholder: row.get(1)?,
                stakeholder_id: row.get(2)?,
                kind: row.get(3)?,
                due_at,
                first_due_at: row.get::<_, Option<DateTime<Utc>>>(5)?.unwrap_or(due_at),
                state: match (fulfilled_by, &end_reason) {
                    (Some(_), _) => ObligationState::Fulfilled,
                    (None, Some(_)) => ObligationState::Ended,
                    (None, None) => ObligationState::Open,
                },
                fulfilled_by,
                end_reason,
                ended_at: row.get(8)?,
                outcome: row.get::<_, Option<Outcome>>(9)?.unwrap_or(Outcome::Pending),
                skip_reason: row.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let checklist = match depth {
        Depth::Whole => checklist(conn, key, &log, &obligations)?,
        Depth::Record => Vec::new(),
    };
    let duplicate_warnings: Vec<DuplicateWarning> = conn
        .prepare_cached(
            "SELECT s.name, w.outcome = 'prevented' FROM duplicate_warnings w \
             LEFT JOIN stakeholders s ON s.id = w.stakeholder_id WHERE w.incident_id = ?1 ORDER BY w.id",
        )?
        .query_map([key.row_id()], |row| {
            Ok(DuplicateWarning {
                stakeholder: row.get(0)?,
                prevented: row.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let prevented = duplicate_warnings.iter().filter(|w| w.prevented).count() as u32;
    Ok(Comms {
        checklist,
        log,
        obligations,
        duplicates_prevented: prevented,
        duplicates_sent_anyway: duplicate_warnings.len() as u32 - prevented,
        duplicate_warnings,
    })
}

/// The checklist rows of incident `key`, with who was last told how and
/// what each was owed and never got.
fn checklist(
    conn: &Connection,
    key: IncidentKey,
    log: &[LoggedUpdate],
    obligations: &[ObligationRecord],
) -> Result<Vec<ChecklistRow>> {
    let checklist = conn
        .prepare_cached(CHECKLIST_SQL)?
        .query_map([key.row_id()], |row| {
            Ok(ChecklistRow {
                stakeholder_id: row.get(0)?,
                stakeholder: row.get(1)?,
                group: row.get(2)?,
                channel: row.get(3)?,
                handle: row.get(4)?,
                membership: row
                    .get::<_, Option<Membership>>(5)?
                    .unwrap_or(Membership::ByPolicy),
                reason: row.get(6)?,
                next: row.get(7)?,
                due_at: row.get(8)?,
                last_update_at: row.get(9)?,
                last_channel: None,
                postmortem_due_at: row.get(10)?,
                affected: row.get(11)?,
                validators: row.get(12)?,
                missed: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(checklist
        .into_iter()
        .map(|mut row| {
            row.last_channel = log
                .iter()
                .rev()
                .find(|u| u.stakeholder == row.stakeholder)
                .map(|u| u.channel);
            row.missed = obligations
                .iter()
                .filter(|o| o.stakeholder_id == row.stakeholder_id && o.outcome == Outcome::Missed)
                .map(|o| Missed {
                    kind: o.kind,
                    due_at: o.first_due_at,
                })
                .collect();
            row
        })
        .collect())
}

/// Every open obligation, soonest first, `overdue` as of `at`.
pub(super) fn open_obligations(conn: &Connection, at: DateTime<Utc>) -> Result<Vec<Obligation>> {
    let obligations = conn
        .prepare_cached(DUE_SQL)?
        .query_map([], |row| {
            let due_at: DateTime<Utc> = row.get(11)?;
            let snoozed_until = row
                .get::<_, Option<DateTime<Utc>>>(12)?
                .filter(|until| *until > at);
            let kind = row.get(10)?;
            let urgency = Urgency::of_snoozed(due_at, snoozed_until, at);
            Ok(Obligation {
                id: row.get(0)?,
                incident: IncidentKey::from_row_id(row.get(1)?),
                incident_title: row.get(2)?,
                severity: row.get(3)?,
                drill: row.get(4)?,
                stakeholder: row.get(5)?,
                stakeholder_id: row.get(6)?,
                group: row.get(7)?,
                channel: row.get(8)?,
                handle: row.get(9)?,
                kind,
                due_at,
                overdue: due_at < at,
                urgency,
                snoozed_until,
                owed_now: crate::comms::owed_now(kind, urgency),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(obligations)
}

impl Store {
    /// Every open obligation, soonest first, `overdue` as of `at`.
    pub fn open_obligations(&self, at: DateTime<Utc>) -> Result<Vec<Obligation>> {
        open_obligations(&self.conn, at)
    }
}

impl Tx<'_> {
    /// The log entries of an earlier send with this idempotency key.
    pub(crate) fn updates_with_key(
        &self,
        key: IncidentKey,
        idempotency_key: &str,
    ) -> Result<Vec<LoggedUpdate>> {
        let updates = self
            .conn()
            .prepare_cached(&format!(
                "SELECT {LOG_COLUMNS} FROM {LOG_FROM} WHERE u.incident_id = ?1 AND u.idempotency_key = ?2 ORDER BY u.id"
            ))?
            .query_map(params![key.row_id(), idempotency_key], logged_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(updates)
    }

    /// The log entries with these ids.
    pub(crate) fn logged_updates(&self, ids: &[i64]) -> Result<Vec<LoggedUpdate>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {LOG_COLUMNS} FROM {LOG_FROM} WHERE u.id = ?1"
        ))?;
        let mut updates = Vec::with_capacity(ids.len());
        for id in ids {
            updates.push(stmt.query_row([id], logged_from_row)?);
        }
        Ok(updates)
    }

    /// Whether stakeholder `id` is on incident `key`: added or removed by
    /// the IC if they said so, else affected, owed something now or before,
    /// or told before.
    pub(crate) fn is_on_incident(&self, key: IncidentKey, id: i64) -> Result<bool> {
        Ok(self.conn().prepare_cached(
            "SELECT COALESCE( \
                 (SELECT membership = 'added' FROM incident_members WHERE incident_id = ?1 AND stakeholder_id = ?2), \
                 EXISTS (SELECT 1 FROM incident_affected WHERE incident_id = ?1 AND stakeholder_id = ?2) \
                 OR EXISTS (SELECT 1 FROM obligations WHERE incident_id = ?1 AND stakeholder_id = ?2) \
                 OR EXISTS (SELECT 1 FROM updates WHERE incident_id = ?1 AND stakeholder_id = ?2))",
        )?
        .query_row(params![key.row_id(), id], |row| row.get(0))?)
    }

    /// When stakeholder `id` was last sent a notice (not a postmortem) about
    /// incident `key`, and how.
    pub(crate) fn last_update(
        &self,
        key: IncidentKey,
        id: i64,
    ) -> Result<Option<(DateTime<Utc>, ChannelKind)>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT u.sent_at, c.kind FROM updates u JOIN channels c ON c.id = u.channel_id \
                 WHERE u.incident_id = ?1 AND u.stakeholder_id = ?2 AND u.postmortem = 0 \
                 ORDER BY u.sent_at DESC, u.id DESC LIMIT 1",
            )?
            .query_row(params![key.row_id(), id], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?)
    }

    /// The latest notice skipped for stakeholder `id` on incident `key`.
    pub(crate) fn last_skipped_notice(
        &self,
        key: IncidentKey,
        id: i64,
    ) -> Result<Option<DateTime<Utc>>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT max(ended_at) FROM obligations WHERE incident_id = ?1 AND stakeholder_id = ?2 \
                 AND kind != 'postmortem' AND outcome = 'skipped'",
            )?
            .query_row(params![key.row_id(), id], |row| row.get(0))?)
    }

    /// Whether stakeholder `id`'s postmortem for incident `key` was shared or skipped.
    pub(crate) fn postmortem_settled(&self, key: IncidentKey, id: i64) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM obligations WHERE incident_id = ?1 AND stakeholder_id = ?2 \
                 AND kind = 'postmortem' AND outcome IN ('on_time', 'late', 'skipped'))",
            )?
            .query_row(params![key.row_id(), id], |row| row.get(0))?)
    }

    /// Whether incident `key` changed status after `from`, up to `to`.
    pub(crate) fn status_changed_between(
        &self,
        key: IncidentKey,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM status_changes WHERE incident_id = ?1 AND at > ?2 AND at <= ?3)",
            )?
            .query_row(params![key.row_id(), from, to], |row| row.get(0))?)
    }

    /// Records that the duplicate guard fired for stakeholder `id` on
    /// incident `key` at `at`: the update was prevented, or sent anyway.
    pub(crate) fn record_duplicate_warning(
        &self,
        key: IncidentKey,
        id: i64,
        at: DateTime<Utc>,
        prevented: bool,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO duplicate_warnings (incident_id, stakeholder_id, at, outcome) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                key.row_id(),
                id,
                at,
                if prevented { "prevented" } else { "sent_anyway" }
            ])?;
        Ok(())
    }

    /// The id the next update will get, to name a batch.
    pub(crate) fn next_update_id(&self) -> Result<i64> {
        Ok(self
            .conn()
            .prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM updates")?
            .query_row([], |row| row.get(0))?)
    }

    /// Logs an update to `s` on their active channel and fulfils their open
    /// obligation of `slot` with it, on time or late; returns the update's id.
    pub(crate) fn insert_update(
        &self,
        key: IncidentKey,
        s: &Stakeholder,
        u: &NewUpdate<'_>,
    ) -> Result<i64> {
        let conn = self.conn();
        conn.prepare_cached(
            "INSERT INTO updates (incident_id, stakeholder_id, channel_id, sent_at, recorded_at, message, \
             idempotency_key, forced, postmortem) \
             SELECT ?1, ?2, id, ?3, ?4, ?5, ?6, ?7, ?8 FROM channels WHERE stakeholder_id = ?2 AND retired_at IS NULL",
        )?
        .execute(params![
            key.row_id(),
            s.id,
            u.sent_at,
            u.recorded_at,
            u.message,
            u.batch,
            u.forced,
            u.slot == Slot::Postmortem
        ])?;
        let id = conn.last_insert_rowid();
        if let Some(open) = self.open_obligation(key, s.id, u.slot)? {
            conn.prepare_cached(
                "UPDATE obligations SET fulfilled_by = ?2, outcome = ?3 WHERE id = ?1",
            )?
            .execute(params![
                open.id,
                id,
                Outcome::fulfilled(open.due_at, u.sent_at)
            ])?;
        }
        Ok(id)
    }

    /// Ends stakeholder `id`'s open obligation of `slot` on incident `key`
    /// as skipped by the IC at `at`, for `reason`; `None` if nothing was open.
    pub(crate) fn skip_obligation(
        &self,
        key: IncidentKey,
        id: i64,
        slot: Slot,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<ObligationKind>> {
        let Some(open) = self.open_obligation(key, id, slot)? else {
            return Ok(None);
        };
        self.conn()
            .prepare_cached(
                "UPDATE obligations SET ended_at = ?2, end_reason = 'skipped', outcome = 'skipped', \
                 skip_reason = ?3 WHERE id = ?1",
            )?
            .execute(params![open.id, at, reason])?;
        Ok(Some(open.kind))
    }

    /// How the IC placed stakeholder `id` on incident `key`, if they did, and since when.
    pub(crate) fn membership(
        &self,
        key: IncidentKey,
        id: i64,
    ) -> Result<Option<(Membership, DateTime<Utc>)>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT membership, since FROM incident_members WHERE incident_id = ?1 AND stakeholder_id = ?2")?
            .query_row(params![key.row_id(), id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?)
    }

    /// Adds or removes a stakeholder for an incident.
    pub(crate) fn set_membership(
        &self,
        key: IncidentKey,
        id: i64,
        membership: Membership,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO incident_members (incident_id, stakeholder_id, membership, reason, since) VALUES (?1, ?2, ?3, ?4, ?5) \
                 ON CONFLICT (incident_id, stakeholder_id) DO UPDATE SET membership = excluded.membership, \
                 reason = excluded.reason, since = excluded.since",
            )?
            .execute(params![key.row_id(), id, membership, reason, at])?;
        Ok(())
    }

    /// Sets when incident `key`'s comms cadence restarts from.
    pub(crate) fn set_comms_anchor(&self, key: IncidentKey, at: DateTime<Utc>) -> Result<()> {
        self.conn()
            .prepare_cached("UPDATE incidents SET comms_anchor_at = ?2 WHERE id = ?1")?
            .execute(params![key.row_id(), at])?;
        Ok(())
    }

    /// When incident `key`'s comms cadence last restarted.
    pub(crate) fn comms_anchor(&self, key: IncidentKey) -> Result<Option<DateTime<Utc>>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT comms_anchor_at FROM incidents WHERE id = ?1")?
            .query_row([key.row_id()], |row| row.get(0))?)
    }

    /// Stakeholder `id`'s open obligation of `slot` on incident `key`.
    pub(crate) fn open_obligation(
        &self,
        key: IncidentKey,
        id: i64,
        slot: Slot,
    ) -> Result<Option<OpenObligation>> {
        Ok(self
            .conn()
            .prepare_cached(OPEN_OBLIGATION_SQL)?
            .query_row(params![key.row_id(), id, slot == Slot::Postmortem], |row| {
                Ok(OpenObligation {
                    id: row.get(0)?,
                    kind: row.get(1)?,
                    due_at: row.get(2)?,
                })
            })
            .optional()?)
    }

    /// Applies the changes [`crate::comms::rules::settle`] decided for stakeholder `id`:
    /// obligations created (recorded at `now`), re-timed, or ended at `at`.
    pub(crate) fn apply(
        &self,
        key: IncidentKey,
        id: i64,
        changes: &[Change],
        at: DateTime<Utc>,
        now: DateTime<Utc>,
        reason: &str,
    ) -> Result<()> {
        let conn = self.conn();
        for change in changes {
            match *change {
                Change::Create { kind, due_at } => {
                    conn.prepare_cached(
                        "INSERT INTO obligations (incident_id, stakeholder_id, kind, due_at, first_due_at, created_at) \
                         VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
                    )?
                    .execute(params![key.row_id(), id, kind, due_at, now])?;
                }
                Change::Retime { id, due_at } => {
                    conn.prepare_cached("UPDATE obligations SET due_at = ?2 WHERE id = ?1")?
                        .execute(params![id, due_at])?;
                    // A new due time is a new reminder: what fired was for the old one.
                    self.rearm_reminders(id)?;
                }
                Change::End { id, outcome } => {
                    conn.prepare_cached(
                        "UPDATE obligations SET ended_at = ?2, end_reason = ?3, outcome = ?4 WHERE id = ?1",
                    )?
                    .execute(params![id, at, reason, outcome])?;
                }
            }
        }
        Ok(())
    }

    /// Every incident that is open or still owes an obligation (a closed
    /// incident's postmortem).
    pub(crate) fn incidents_owed_anything(&self) -> Result<Vec<IncidentKey>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT id FROM incidents WHERE status != 'closed' \
                 UNION SELECT incident_id FROM obligations WHERE fulfilled_by IS NULL AND ended_at IS NULL",
            )?
            .query_map([], |row| row.get(0).map(IncidentKey::from_row_id))?
            .collect::<rusqlite::Result<_>>()?)
    }
}
