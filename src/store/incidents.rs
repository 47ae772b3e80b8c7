//! Queries over incidents: their rows, and an incident read whole.

use rusqlite::{Connection, Row, params};

use super::{Store, Tx, comms, plans, roles, timeline};
use crate::error::{Error, Result};
use crate::incident::{Incident, IncidentDetail, IncidentKey, IncidentSummary};

const INCIDENT_COLUMNS: &str = "id, title, severity, status, drill, kind, \
     (SELECT person FROM incident_roles r WHERE r.incident_id = incidents.id AND r.role = 'commander'), \
     impact_started_at, detected_at, declared_at, mitigated_at, resolved_at, closed_at";

fn incident_from_row(row: &Row<'_>) -> rusqlite::Result<Incident> {
    Ok(Incident {
        id: IncidentKey::from_row_id(row.get(0)?),
        title: row.get(1)?,
        severity: row.get(2)?,
        status: row.get(3)?,
        drill: row.get(4)?,
        kind: row.get(5)?,
        commander: row.get(6)?,
        impact_started_at: row.get(7)?,
        detected_at: row.get(8)?,
        declared_at: row.get(9)?,
        mitigated_at: row.get(10)?,
        resolved_at: row.get(11)?,
        closed_at: row.get(12)?,
    })
}

fn incident(conn: &Connection, key: IncidentKey) -> Result<Incident> {
    conn.prepare_cached(&format!(
        "SELECT {INCIDENT_COLUMNS} FROM incidents WHERE id = ?1"
    ))?
    .query_map([key.row_id()], incident_from_row)?
    .next()
    .ok_or(Error::UnknownIncident(key))?
    .map_err(Error::from)
}

fn detail(conn: &Connection, key: IncidentKey) -> Result<IncidentDetail> {
    let incident = incident(conn, key)?;
    Ok(IncidentDetail {
        timeline: timeline::entries(conn, key)?,
        roles: roles::holders(conn, key)?,
        steps: plans::steps(conn, key)?,
        durations: incident.durations(),
        attention: incident.attention(),
        comms: comms::comms(conn, key)?,
        incident,
    })
}

impl Store {
    /// Every incident: open ones first, most severe first, newest first.
    pub fn list_incidents(&self) -> Result<Vec<IncidentSummary>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {INCIDENT_COLUMNS} FROM incidents \
             ORDER BY status = 'closed', severity, declared_at DESC, id DESC"
        ))?;
        let incidents = stmt
            .query_map([], |row| incident_from_row(row).map(IncidentSummary::from))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(incidents)
    }

    /// One incident with its timeline, roles and plan steps.
    pub fn incident(&self, key: IncidentKey) -> Result<IncidentDetail> {
        detail(&self.conn, key)
    }
}

impl Tx<'_> {
    /// The incident's row, read inside the transaction.
    pub(crate) fn incident(&self, key: IncidentKey) -> Result<Incident> {
        incident(self.conn(), key)
    }

    /// Stores a new incident and returns its key; its `id` is ignored.
    pub(crate) fn insert_incident(&self, i: &Incident) -> Result<IncidentKey> {
        self.conn()
            .prepare_cached(
                "INSERT INTO incidents (title, severity, status, drill, kind, impact_started_at, detected_at, \
                 declared_at, mitigated_at, resolved_at, closed_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                i.title,
                i.severity,
                i.status,
                i.drill,
                i.kind,
                i.impact_started_at,
                i.detected_at,
                i.declared_at,
                i.mitigated_at,
                i.resolved_at,
                i.closed_at,
            ])?;
        Ok(IncidentKey::from_row_id(self.conn().last_insert_rowid()))
    }

    /// Writes back every field of an incident that can change.
    pub(crate) fn update_incident(&self, i: &Incident) -> Result<()> {
        self.conn()
            .prepare_cached(
                "UPDATE incidents SET title = ?2, severity = ?3, status = ?4, kind = ?5, \
                 impact_started_at = ?6, detected_at = ?7, mitigated_at = ?8, resolved_at = ?9, \
                 closed_at = ?10 WHERE id = ?1",
            )?
            .execute(params![
                i.id.row_id(),
                i.title,
                i.severity,
                i.status,
                i.kind,
                i.impact_started_at,
                i.detected_at,
                i.mitigated_at,
                i.resolved_at,
                i.closed_at,
            ])?;
        Ok(())
    }
}
