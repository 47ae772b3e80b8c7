//! Queries over incident communication: members, updates, obligations, and
//! keeping the obligations in step with the comms rule.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Store, Tx};
use crate::comms::rules::{self, IncidentFacts, StakeholderFacts};
use crate::comms::{
    ChecklistRow, Comms, LoggedUpdate, Obligation, ObligationKind, ObligationRecord,
    ObligationState, Urgency,
};
use crate::error::Result;
use crate::incident::IncidentKey;
use crate::policy::{self, Membership};
use crate::stakeholder::{ChannelKind, Stakeholder};

const LOG_COLUMNS: &str =
    "u.id, s.name, c.kind, c.handle, u.sent_at, u.message, o.kind, o.due_at, u.forced";
const LOG_FROM: &str = "updates u JOIN stakeholders s ON s.id = u.stakeholder_id \
     JOIN channels c ON c.id = u.channel_id LEFT JOIN obligations o ON o.fulfilled_by = u.id";

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

/// An incident's comms checklist, log and duplicate count.
pub(super) fn comms(conn: &Connection, key: IncidentKey) -> Result<Comms> {
    let log = conn
        .prepare_cached(&format!(
            "SELECT {LOG_COLUMNS} FROM {LOG_FROM} WHERE u.incident_id = ?1 ORDER BY u.sent_at, u.id"
        ))?
        .query_map([key.row_id()], logged_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let checklist = conn
        .prepare_cached(
            "SELECT s.id, s.name, s.grp, c.kind, c.handle, m.membership, m.reason, o.kind, o.due_at, \
                    (SELECT max(sent_at) FROM updates WHERE incident_id = ?1 AND stakeholder_id = s.id) \
             FROM stakeholders s JOIN channels c ON c.stakeholder_id = s.id AND c.retired_at IS NULL \
             LEFT JOIN incident_members m ON m.incident_id = ?1 AND m.stakeholder_id = s.id \
             LEFT JOIN obligations o ON o.incident_id = ?1 AND o.stakeholder_id = s.id AND o.kind != 'postmortem' \
                 AND o.fulfilled_by IS NULL AND o.ended_at IS NULL \
             WHERE m.membership IS NOT NULL \
                OR EXISTS (SELECT 1 FROM obligations x WHERE x.incident_id = ?1 AND x.stakeholder_id = s.id) \
                OR EXISTS (SELECT 1 FROM updates x WHERE x.incident_id = ?1 AND x.stakeholder_id = s.id) \
             ORDER BY o.due_at IS NULL, o.due_at, s.name",
        )?
        .query_map([key.row_id()], |row| {
            Ok(ChecklistRow {
                stakeholder_id: row.get(0)?,
                stakeholder: row.get(1)?,
                group: row.get(2)?,
                channel: row.get(3)?,
                handle: row.get(4)?,
                membership: row.get::<_, Option<String>>(5)?.unwrap_or_else(|| "policy".into()),
                reason: row.get(6)?,
                next: row.get(7)?,
                due_at: row.get(8)?,
                last_update_at: row.get(9)?,
                last_channel: None,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let checklist = checklist
        .into_iter()
        .map(|mut row| {
            row.last_channel = log
                .iter()
                .rev()
                .find(|u| u.stakeholder == row.stakeholder)
                .map(|u| u.channel);
            row
        })
        .collect();
    let obligations = conn
        .prepare_cached(
            "SELECT o.id, s.name, o.kind, o.due_at, o.fulfilled_by, o.end_reason FROM obligations o \
             JOIN stakeholders s ON s.id = o.stakeholder_id WHERE o.incident_id = ?1 ORDER BY o.id",
        )?
        .query_map([key.row_id()], |row| {
            let fulfilled_by: Option<i64> = row.get(4)?;
            let end_reason: Option<String> = row.get(5)?;
            Ok(ObligationRecord {
                id: row.get(0)?,
                stakeholder: row.get(1)?,
                kind: row.get(2)?,
                due_at: row.get(3)?,
                state: match (fulfilled_by, &end_reason) {
                    (Some(_), _) => ObligationState::Fulfilled,
                    (None, Some(_)) => ObligationState::Ended,
                    (None, None) => ObligationState::Open,
                },
                fulfilled_by,
                end_reason,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let duplicates_prevented = conn
        .prepare_cached("SELECT duplicates_prevented FROM incidents WHERE id = ?1")?
        .query_row([key.row_id()], |row| row.get(0))?;
    Ok(Comms {
        checklist,
        log,
        obligations,
        duplicates_prevented,
    })
}

/// An open obligation as the reconciler sees it.
struct Open {
    id: i64,
    kind: ObligationKind,
    due_at: DateTime<Utc>,
}

/// Every open obligation, soonest first, `overdue` as of `at`.
pub(super) fn open_obligations(conn: &Connection, at: DateTime<Utc>) -> Result<Vec<Obligation>> {
    let obligations = conn
            .prepare_cached(
                "SELECT o.id, o.incident_id, i.title, i.severity, i.drill, s.name, s.id, s.grp, c.kind, c.handle, \
                        o.kind, o.due_at \
                 FROM obligations o JOIN incidents i ON i.id = o.incident_id \
                 JOIN stakeholders s ON s.id = o.stakeholder_id \
                 JOIN channels c ON c.stakeholder_id = s.id AND c.retired_at IS NULL \
                 WHERE o.fulfilled_by IS NULL AND o.ended_at IS NULL ORDER BY o.due_at, o.id",
            )?
            .query_map([], |row| {
                let due_at: DateTime<Utc> = row.get(11)?;
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
                    kind: row.get(10)?,
                    due_at,
                    overdue: due_at < at,
                    urgency: Urgency::of(due_at, at),
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
    /// the IC if they said so, else owed something now or before, or told before.
    pub(crate) fn is_on_incident(&self, key: IncidentKey, id: i64) -> Result<bool> {
        Ok(self.conn().prepare_cached(
            "SELECT COALESCE( \
                 (SELECT membership = 'added' FROM incident_members WHERE incident_id = ?1 AND stakeholder_id = ?2), \
                 EXISTS (SELECT 1 FROM obligations WHERE incident_id = ?1 AND stakeholder_id = ?2) \
                 OR EXISTS (SELECT 1 FROM updates WHERE incident_id = ?1 AND stakeholder_id = ?2))",
        )?
        .query_row(params![key.row_id(), id], |row| row.get(0))?)
    }

    /// When stakeholder `id` was last told about incident `key`, and how.
    pub(crate) fn last_update(
        &self,
        key: IncidentKey,
        id: i64,
    ) -> Result<Option<(DateTime<Utc>, ChannelKind)>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT u.sent_at, c.kind FROM updates u JOIN channels c ON c.id = u.channel_id \
                 WHERE u.incident_id = ?1 AND u.stakeholder_id = ?2 ORDER BY u.sent_at DESC, u.id DESC LIMIT 1",
            )?
            .query_row(params![key.row_id(), id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?)
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
                "SELECT EXISTS (SELECT 1 FROM timeline_entries WHERE incident_id = ?1 AND kind = 'status' \
                 AND at > ?2 AND at <= ?3)",
            )?
            .query_row(params![key.row_id(), from, to], |row| row.get(0))?)
    }

    /// Counts one probable duplicate stopped on incident `key`.
    pub(crate) fn count_prevented_duplicate(&self, key: IncidentKey) -> Result<()> {
        self.conn()
            .prepare_cached("UPDATE incidents SET duplicates_prevented = duplicates_prevented + 1 WHERE id = ?1")?
            .execute([key.row_id()])?;
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
    /// notice with it; returns the update's id.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn insert_update(
        &self,
        key: IncidentKey,
        s: &Stakeholder,
        sent_at: DateTime<Utc>,
        now: DateTime<Utc>,
        message: &str,
        batch: &str,
        forced: bool,
    ) -> Result<i64> {
        let conn = self.conn();
        conn.prepare_cached(
            "INSERT INTO updates (incident_id, stakeholder_id, channel_id, sent_at, recorded_at, message, idempotency_key, forced) \
             SELECT ?1, ?2, id, ?3, ?4, ?5, ?6, ?7 FROM channels WHERE stakeholder_id = ?2 AND retired_at IS NULL",
        )?
        .execute(params![key.row_id(), s.id, sent_at, now, message, batch, forced])?;
        let id = conn.last_insert_rowid();
        conn.prepare_cached(
            "UPDATE obligations SET fulfilled_by = ?3 WHERE incident_id = ?1 AND stakeholder_id = ?2 \
             AND kind != 'postmortem' AND fulfilled_by IS NULL AND ended_at IS NULL",
        )?
        .execute(params![key.row_id(), s.id, id])?;
        Ok(id)
    }

    /// How the IC placed stakeholder `id` on incident `key`, if they did, and since when.
    pub(crate) fn membership(
        &self,
        key: IncidentKey,
        id: i64,
    ) -> Result<Option<(String, DateTime<Utc>)>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT membership, since FROM incident_members WHERE incident_id = ?1 AND stakeholder_id = ?2")?
            .query_row(params![key.row_id(), id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?)
    }

    /// Adds (`added`) or removes (`removed`) a stakeholder for an incident.
    pub(crate) fn set_membership(
        &self,
        key: IncidentKey,
        id: i64,
        membership: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO incident_members (incident_id, stakeholder_id, membership, reason, since) VALUES (?1, ?2, ?3, ?4, ?5) \
                 ON CONFLICT (incident_id, stakeholder_id) DO UPDATE SET membership = excluded.membership, \
                 reason = excluded.reason, since = excluded.since",
            )?
            .execute(params![key.row_id(), id, membership, reason, now])?;
        Ok(())
    }

    /// Sets when incident `key`'s comms cadence restarts from.
    pub(crate) fn set_comms_anchor(&self, key: IncidentKey, at: DateTime<Utc>) -> Result<()> {
        self.conn()
            .prepare_cached("UPDATE incidents SET comms_anchor_at = ?2 WHERE id = ?1")?
            .execute(params![key.row_id(), at])?;
        Ok(())
    }

    fn open_obligation(&self, key: IncidentKey, id: i64, postmortem: bool) -> Result<Option<Open>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT id, kind, due_at FROM obligations WHERE incident_id = ?1 AND stakeholder_id = ?2 \
                 AND (kind = 'postmortem') = ?3 AND fulfilled_by IS NULL AND ended_at IS NULL",
            )?
            .query_row(params![key.row_id(), id, postmortem], |row| {
                Ok(Open {
                    id: row.get(0)?,
                    kind: row.get(1)?,
                    due_at: row.get(2)?,
                })
            })
            .optional()?)
    }

    /// Brings the open obligation of one slot (notice or postmortem) in line
    /// with what is owed: create, re-time, or end it saying why.
    fn settle(
        &self,
        key: IncidentKey,
        id: i64,
        open: Option<Open>,
        owed: Option<(ObligationKind, DateTime<Utc>)>,
        now: DateTime<Utc>,
        reason: &str,
    ) -> Result<()> {
        let conn = self.conn();
        let end = |o: &Open| -> Result<()> {
            conn.prepare_cached(
                "UPDATE obligations SET ended_at = ?2, end_reason = ?3 WHERE id = ?1",
            )?
            .execute(params![o.id, now, reason])?;
            Ok(())
        };
        let create = |(kind, due): (ObligationKind, DateTime<Utc>)| -> Result<()> {
            conn.prepare_cached(
                "INSERT INTO obligations (incident_id, stakeholder_id, kind, due_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![key.row_id(), id, kind, due, now])?;
            Ok(())
        };
        match (open, owed) {
            (None, None) => Ok(()),
            (None, Some(owed)) => create(owed),
            (Some(o), None) => end(&o),
            (Some(o), Some((kind, due))) if o.kind == kind => {
                if o.due_at != due {
                    conn.prepare_cached("UPDATE obligations SET due_at = ?2 WHERE id = ?1")?
                        .execute(params![o.id, due])?;
                    // A new due time is a new reminder: what fired was for the old one.
                    self.rearm_reminders(o.id)?;
                }
                Ok(())
            }
            (Some(o), Some(owed)) => {
                end(&o)?;
                create(owed)
            }
        }
    }

    /// Keeps incident `key`'s obligations in step with the comms rule after
    /// a change; any obligation ended here records `reason`.
    pub(crate) fn reconcile_comms(
        &self,
        key: IncidentKey,
        now: DateTime<Utc>,
        reason: &str,
    ) -> Result<()> {
        let incident = self.incident(key)?;
        let anchor: Option<DateTime<Utc>> = self
            .conn()
            .prepare_cached("SELECT comms_anchor_at FROM incidents WHERE id = ?1")?
            .query_row([key.row_id()], |row| row.get(0))?;
        let facts = IncidentFacts {
            status: incident.status,
            anchor: anchor.unwrap_or(incident.declared_at),
            resolved_at: incident.resolved_at,
        };
        let policies = self.group_policies()?;
        for s in self.all_stakeholders()? {
            let Some(group_policy) = policies.iter().find(|p| p.group == s.group) else {
                continue;
            };
            let member = self.membership(key, s.id)?;
            let membership = match member.as_ref().map(|(m, _)| m.as_str()) {
                Some("added") => Membership::Added,
                Some("removed") => Membership::Removed,
                _ => Membership::ByPolicy,
            };
            let owed = rules::owed(
                &facts,
                &StakeholderFacts {
                    scope: policy::scope(group_policy, &s.policy, incident.severity, membership),
                    retired: s.retired_at.is_some(),
                    added_at: member
                        .filter(|_| membership == Membership::Added)
                        .map(|(_, since)| since),
                    last_update: self.last_update(key, s.id)?.map(|(at, _)| at),
                },
                &self.cadence_for(s.id, s.group, incident.severity)?,
            );
            let open = self.open_obligation(key, s.id, false)?;
            self.settle(key, s.id, open, owed.notice, now, reason)?;
            let open = self.open_obligation(key, s.id, true)?;
            self.settle(
                key,
                s.id,
                open,
                owed.postmortem.map(|d| (ObligationKind::Postmortem, d)),
                now,
                reason,
            )?;
        }
        Ok(())
    }

    /// Keeps every open incident's obligations in step, after a policy or
    /// directory change.
    pub(crate) fn reconcile_open_incidents(&self, now: DateTime<Utc>, reason: &str) -> Result<()> {
        let keys = self
            .conn()
            .prepare_cached("SELECT id FROM incidents WHERE status != 'closed'")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        keys.into_iter()
            .try_for_each(|id| self.reconcile_comms(IncidentKey::from_row_id(id), now, reason))
    }
}
