//! Queries over incidents and their timelines.

use rusqlite::{Row, Transaction, params};

use super::Store;
use crate::error::{Error, Result};
use crate::incident::{Incident, IncidentDetail, IncidentKey};
use crate::timeline::TimelineEntry;

const INCIDENT_COLUMNS: &str = "id, title, severity, status, drill, kind, impact_started_at, detected_at, \
     declared_at, mitigated_at, resolved_at, closed_at";

fn incident_from_row(row: &Row<'_>) -> rusqlite::Result<Incident> {
    Ok(Incident {
        id: IncidentKey::from_row_id(row.get(0)?),
        title: row.get(1)?,
        severity: row.get(2)?,
        status: row.get(3)?,
        drill: row.get(4)?,
        kind: row.get(5)?,
        impact_started_at: row.get(6)?,
        detected_at: row.get(7)?,
        declared_at: row.get(8)?,
        mitigated_at: row.get(9)?,
        resolved_at: row.get(10)?,
        closed_at: row.get(11)?,
    })
}

impl Store {
    /// Stores a new incident (its `id` is assigned here) with its first
    /// timeline entry, atomically.
    pub(crate) fn insert_incident(
        &mut self,
        incident: Incident,
        first: TimelineEntry,
    ) -> Result<IncidentDetail> {
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO incidents (title, severity, status, drill, kind, impact_started_at, detected_at, \
                 declared_at, mitigated_at, resolved_at, closed_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                incident.title,
                incident.severity,
                incident.status,
                incident.drill,
                incident.kind,
                incident.impact_started_at,
                incident.detected_at,
                incident.declared_at,
                incident.mitigated_at,
                incident.resolved_at,
                incident.closed_at,
            ])?;
            let id = IncidentKey::from_row_id(tx.last_insert_rowid());
            append_entry(tx, id, &first)?;
            Ok(IncidentDetail { incident: Incident { id, ..incident }, timeline: vec![first] })
        })
    }

    /// Every incident: open ones first, most severe first, newest first.
    pub fn list_incidents(&self) -> Result<Vec<Incident>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {INCIDENT_COLUMNS} FROM incidents \
             ORDER BY status = 'closed', severity, declared_at DESC, id DESC"
        ))?;
        let incidents = stmt
            .query_map([], incident_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(incidents)
    }

    /// One incident with its whole timeline, oldest entry first.
    pub fn incident(&self, key: IncidentKey) -> Result<IncidentDetail> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {INCIDENT_COLUMNS} FROM incidents WHERE id = ?1"
        ))?;
        let incident = stmt
            .query_map([key.row_id()], incident_from_row)?
            .next()
            .ok_or(Error::UnknownIncident(key))??;
        let timeline = self.timeline(key)?;
        Ok(IncidentDetail { incident, timeline })
    }

    /// An incident's timeline, oldest entry first (entries at the same
    /// instant in the order they were recorded).
    pub fn timeline(&self, key: IncidentKey) -> Result<Vec<TimelineEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, recorded_at, kind, text FROM timeline_entries WHERE incident_id = ?1 ORDER BY at, id",
        )?;
        let entries = stmt
            .query_map([key.row_id()], |row| {
                Ok(TimelineEntry {
                    at: row.get(0)?,
                    recorded_at: row.get(1)?,
                    kind: row.get(2)?,
                    text: row.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(entries)
    }
}

fn append_entry(tx: &Transaction<'_>, incident: IncidentKey, entry: &TimelineEntry) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO timeline_entries (incident_id, at, recorded_at, kind, text) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![incident.row_id(), entry.at, entry.recorded_at, entry.kind, entry.text])?;
    Ok(())
}
