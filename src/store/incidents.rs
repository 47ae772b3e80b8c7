//! Queries over incidents: their rows, and an incident read whole.

use rusqlite::{Connection, Row, params};

use super::{Depth, Store, Tx, comms, plans, record, timeline};
use crate::error::{Error, Result};
use crate::impact::{self, ImpactMilestones};
use crate::incident::{Incident, IncidentDetail, IncidentKey, IncidentSummary};
use crate::month::Month;

const INCIDENT_COLUMNS: &str = "id, title, severity, status, drill, kind, \
     (SELECT person FROM role_tenures r WHERE r.incident_id = incidents.id AND r.role = 'commander' \
      ORDER BY r.started_at DESC, r.id DESC LIMIT 1), \
     impact_started_at, detected_at, declared_at, mitigated_at, resolved_at, closed_at, \
     impact_started_estimated, detected_estimated, \
     (SELECT min(started_at) FROM role_tenures r WHERE r.incident_id = incidents.id AND r.role = 'commander'), \
     (SELECT count(*) FROM incident_affected a WHERE a.incident_id = incidents.id)";

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
        impact_started_estimated: row.get(13)?,
        detected_estimated: row.get(14)?,
        acknowledged_at: row.get(15)?,
        affected_count: row.get(16)?,
    })
}

/// The incidents whose impact may fall in the span `?1`..`?2`, each part
/// of the union served by an index on impact start or resolution.
pub(super) fn month_sql() -> String {
    format!(
        "SELECT {INCIDENT_COLUMNS} FROM incidents WHERE impact_started_at >= ?1 AND impact_started_at < ?2 \
         UNION SELECT {INCIDENT_COLUMNS} FROM incidents WHERE resolved_at >= ?1 AND impact_started_at < ?1 \
         UNION SELECT {INCIDENT_COLUMNS} FROM incidents WHERE resolved_at IS NULL AND impact_started_at < ?1 \
         ORDER BY impact_started_at DESC, id DESC"
    )
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

/// The impact windows of `incident`, from its stored status moves.
pub(super) fn impact_windows(
    conn: &Connection,
    incident: &Incident,
) -> Result<Vec<impact::ImpactWindow>> {
    Ok(impact::windows(
        &ImpactMilestones::of(incident),
        &record::status_moves(conn, incident.id)?,
    ))
}

fn detail(conn: &Connection, key: IncidentKey, depth: Depth) -> Result<IncidentDetail> {
    let incident = incident(conn, key)?;
    let impact_windows = impact_windows(conn, &incident)?;
    let severity_changes = record::severity_changes(conn, key)?;
    let role_tenures = record::role_tenures(conn, key)?;
    let affected = record::affected(conn, key)?;
    let comms = comms::comms(conn, key, depth)?;
    let comms = if incident.is_open() {
        comms
    } else {
        comms.closed()
    };
    Ok(IncidentDetail {
        peak_severity: crate::record::peak_severity(incident.severity, &severity_changes),
        severity_changes,
        validators_affected: crate::affected::validators(&affected),
        affected,
        timeline: match depth {
            Depth::Whole => timeline::entries(conn, key)?,
            Depth::Record => Vec::new(),
        },
        roles: crate::record::holders(&role_tenures),
        role_tenures,
        corrections: record::corrections(conn, key)?,
        feedback: record::feedback(conn, key)?,
        steps: match depth {
            Depth::Whole => plans::steps(conn, key)?,
            Depth::Record => Vec::new(),
        },
        durations: incident.durations(&impact_windows),
        impact_windows,
        attention: incident.attention(),
        comms,
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

    /// The incidents whose impact may fall in `month`: started in it, or
    /// started before it and not resolved before it began. Newest first.
    pub fn incidents_in(&self, month: Month) -> Result<Vec<Incident>> {
        let incidents = self
            .conn
            .prepare_cached(&month_sql())?
            .query_map(params![month.start(), month.end()], incident_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(incidents)
    }

    /// One incident's record for a report: everything but its timeline
    /// entries, plan steps and checklist, which no figure needs.
    pub fn incident_record(&self, key: IncidentKey) -> Result<IncidentDetail> {
        detail(&self.conn, key, Depth::Record)
    }

    /// One incident's comms checklist, log and obligations, read alone.
    pub fn comms(&self, key: IncidentKey) -> Result<crate::comms::Comms> {
        comms::comms(&self.conn, key, Depth::Whole)
    }

    /// One incident with its timeline, roles and plan steps.
    pub fn incident(&self, key: IncidentKey) -> Result<IncidentDetail> {
        detail(&self.conn, key, Depth::Whole)
    }
}

impl Tx<'_> {
    /// The impact windows of `incident`, read inside the transaction.
    pub(crate) fn impact_windows(&self, incident: &Incident) -> Result<Vec<impact::ImpactWindow>> {
        impact_windows(self.conn(), incident)
    }

    /// The incident's row, read inside the transaction.
    pub(crate) fn incident(&self, key: IncidentKey) -> Result<Incident> {
        incident(self.conn(), key)
    }

    /// Stores a new incident and returns its key; its `id` is ignored.
    pub(crate) fn insert_incident(&self, i: &Incident) -> Result<IncidentKey> {
        self.conn()
            .prepare_cached(
                "INSERT INTO incidents (title, severity, status, drill, kind, impact_started_at, detected_at, \
                 declared_at, mitigated_at, resolved_at, closed_at, impact_started_estimated, detected_estimated) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
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
                i.impact_started_estimated,
                i.detected_estimated,
            ])?;
        Ok(IncidentKey::from_row_id(self.conn().last_insert_rowid()))
    }

    /// Writes back every field of an incident that can change.
    pub(crate) fn update_incident(&self, i: &Incident) -> Result<()> {
        self.conn()
            .prepare_cached(
                "UPDATE incidents SET title = ?2, severity = ?3, status = ?4, kind = ?5, \
                 impact_started_at = ?6, detected_at = ?7, mitigated_at = ?8, resolved_at = ?9, \
                 closed_at = ?10, drill = ?11, declared_at = ?12, impact_started_estimated = ?13, \
                 detected_estimated = ?14 WHERE id = ?1",
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
                i.drill,
                i.declared_at,
                i.impact_started_estimated,
                i.detected_estimated,
            ])?;
        Ok(())
    }
}
