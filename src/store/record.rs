//! Queries over an incident's history as rows: status and severity changes,
//! role tenures, milestone corrections and who is affected.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::Tx;
use crate::affected::Affected;
use crate::error::Result;
use crate::feedback::Feedback;
use crate::impact::StatusMove;
use crate::incident::{IncidentKey, Severity, Status};
use crate::record::{MilestoneCorrection, RoleTenure, SeverityChange};
use crate::role::Role;

/// Incident `key`'s status moves, oldest first.
pub(super) fn status_moves(conn: &Connection, key: IncidentKey) -> Result<Vec<StatusMove>> {
    Ok(conn
        .prepare_cached(
            "SELECT at, to_status FROM status_changes WHERE incident_id = ?1 ORDER BY at, id",
        )?
        .query_map([key.row_id()], |row| {
            Ok(StatusMove {
                at: row.get(0)?,
                to: row.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Incident `key`'s severity changes, oldest first.
pub(super) fn severity_changes(conn: &Connection, key: IncidentKey) -> Result<Vec<SeverityChange>> {
    Ok(conn
        .prepare_cached(
            "SELECT at, from_severity, to_severity FROM severity_changes WHERE incident_id = ?1 ORDER BY at, id",
        )?
        .query_map([key.row_id()], |row| {
            Ok(SeverityChange {
                at: row.get(0)?,
                from: row.get(1)?,
                to: row.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Incident `key`'s role tenures, oldest first.
pub(super) fn role_tenures(conn: &Connection, key: IncidentKey) -> Result<Vec<RoleTenure>> {
    Ok(conn
        .prepare_cached(
            "SELECT role, person, started_at, ended_at FROM role_tenures WHERE incident_id = ?1 \
             ORDER BY started_at, id",
        )?
        .query_map([key.row_id()], |row| {
            Ok(RoleTenure {
                role: row.get(0)?,
                person: row.get(1)?,
                started_at: row.get(2)?,
                ended_at: row.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Incident `key`'s milestone corrections, oldest first.
pub(super) fn corrections(conn: &Connection, key: IncidentKey) -> Result<Vec<MilestoneCorrection>> {
    Ok(conn
        .prepare_cached(
            "SELECT milestone, old_at, new_at, recorded_at, by_person FROM milestone_corrections \
             WHERE incident_id = ?1 ORDER BY id",
        )?
        .query_map([key.row_id()], |row| {
            Ok(MilestoneCorrection {
                milestone: row.get(0)?,
                old_at: row.get(1)?,
                new_at: row.get(2)?,
                recorded_at: row.get(3)?,
                by: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// The stakeholders incident `key`'s impact hits, by name.
pub(super) fn affected(conn: &Connection, key: IncidentKey) -> Result<Vec<Affected>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.name, s.id, s.grp, a.validators, a.since FROM incident_affected a \
             JOIN stakeholders s ON s.id = a.stakeholder_id WHERE a.incident_id = ?1 ORDER BY s.name",
        )?
        .query_map([key.row_id()], |row| {
            Ok(Affected {
                stakeholder: row.get(0)?,
                stakeholder_id: row.get(1)?,
                group: row.get(2)?,
                validators: row.get(3)?,
                since: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

impl Tx<'_> {
    /// Records a status move.
    pub(crate) fn insert_status_change(
        &self,
        key: IncidentKey,
        at: DateTime<Utc>,
        from: Status,
        to: Status,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO status_changes (incident_id, at, from_status, to_status) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![key.row_id(), at, from, to])?;
        Ok(())
    }

    /// Records a severity change.
    pub(crate) fn insert_severity_change(
        &self,
        key: IncidentKey,
        at: DateTime<Utc>,
        from: Severity,
        to: Severity,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO severity_changes (incident_id, at, from_severity, to_severity) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![key.row_id(), at, from, to])?;
        Ok(())
    }

    /// Starts `person`'s tenure of `role` at `at`, ending the previous holder's.
    pub(crate) fn start_tenure(
        &self,
        key: IncidentKey,
        role: Role,
        person: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let conn = self.conn();
        conn.prepare_cached(
            "UPDATE role_tenures SET ended_at = ?3 WHERE incident_id = ?1 AND role = ?2 AND ended_at IS NULL",
        )?
        .execute(params![key.row_id(), role, at])?;
        conn.prepare_cached(
            "INSERT INTO role_tenures (incident_id, role, person, started_at) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![key.row_id(), role, person, at])?;
        Ok(())
    }

    /// Ends every running tenure of incident `key` at `at` (it was closed).
    pub(crate) fn end_tenures(&self, key: IncidentKey, at: DateTime<Utc>) -> Result<()> {
        self.conn()
            .prepare_cached(
                "UPDATE role_tenures SET ended_at = max(?2, started_at) WHERE incident_id = ?1 AND ended_at IS NULL",
            )?
            .execute(params![key.row_id(), at])?;
        Ok(())
    }

    /// Records a milestone correction made at `recorded_at` by `by`.
    pub(crate) fn insert_correction(
        &self,
        key: IncidentKey,
        c: &MilestoneCorrection,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO milestone_corrections (incident_id, milestone, old_at, new_at, recorded_at, by_person) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                key.row_id(),
                c.milestone,
                c.old_at,
                c.new_at,
                c.recorded_at,
                c.by
            ])?;
        Ok(())
    }

    /// Whether stakeholder `id` is marked affected by incident `key`.
    pub(crate) fn is_affected(&self, key: IncidentKey, id: i64) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM incident_affected WHERE incident_id = ?1 AND stakeholder_id = ?2)",
            )?
            .query_row(params![key.row_id(), id], |row| row.get(0))?)
    }

    /// Marks stakeholder `id` affected since `at` (keeping an earlier
    /// start), with a validator count if given.
    pub(crate) fn set_affected(
        &self,
        key: IncidentKey,
        id: i64,
        validators: Option<u32>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO incident_affected (incident_id, stakeholder_id, validators, since) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (incident_id, stakeholder_id) DO UPDATE SET \
                 validators = COALESCE(excluded.validators, validators)",
            )?
            .execute(params![key.row_id(), id, validators, at])?;
        Ok(())
    }

    /// Takes back that stakeholder `id` is affected.
    pub(crate) fn unset_affected(&self, key: IncidentKey, id: i64) -> Result<()> {
        self.conn()
            .prepare_cached(
                "DELETE FROM incident_affected WHERE incident_id = ?1 AND stakeholder_id = ?2",
            )?
            .execute(params![key.row_id(), id])?;
        Ok(())
    }

    /// Records one stakeholder's feedback on incident `key`.
    pub(crate) fn insert_feedback(
        &self,
        key: IncidentKey,
        stakeholder: i64,
        rating: u8,
        comment: &str,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO feedback (incident_id, stakeholder_id, rating, comment, at, recorded_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![key.row_id(), stakeholder, rating, comment, at, now])?;
        Ok(())
    }
}

/// The feedback on incident `key`, oldest first.
pub(super) fn feedback(conn: &Connection, key: IncidentKey) -> Result<Vec<Feedback>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.name, f.rating, f.comment, f.at FROM feedback f \
             JOIN stakeholders s ON s.id = f.stakeholder_id WHERE f.incident_id = ?1 ORDER BY f.at, f.id",
        )?
        .query_map([key.row_id()], |row| {
            Ok(Feedback {
                stakeholder: row.get(0)?,
                rating: row.get(1)?,
                comment: row.get(2)?,
                at: row.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
