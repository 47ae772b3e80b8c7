//! Queries over incidents: their rows, and an incident read whole.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, ToSql, params, params_from_iter};

use super::{Depth, Store, Tx, comms, plans, record, timeline};
use crate::comms::{ObligationKind, Urgency};
use crate::error::{Error, Result};
use crate::impact::{self, ImpactMilestones};
use crate::incident::{Incident, IncidentDetail, IncidentKey, IncidentSummary};
use crate::listing::{Checked, IncidentQuery, NextDue, Part, Search};
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

/// The incident's soonest open notice (the postmortem aside), for the three
/// columns after [`INCIDENT_COLUMNS`]: its due time, kind and snooze end.
/// (Without `INDEXED BY` SQLite takes `fulfilled_by IS NULL` for a narrow
/// lookup in the unique index on `fulfilled_by` and sorts every open row.)
const SOONEST_NOTICE: &str = "FROM obligations o INDEXED BY open_obligations_by_incident \
     WHERE o.incident_id = incidents.id \
     AND o.fulfilled_by IS NULL AND o.ended_at IS NULL AND o.kind <> 'postmortem' \
     ORDER BY due_at LIMIT 1";

fn next_due_columns() -> String {
    format!(
        "(SELECT due_at {SOONEST_NOTICE}), (SELECT kind {SOONEST_NOTICE}), \
         (SELECT max(sn.until) FROM snoozes sn WHERE sn.obligation_id = (SELECT o.id {SOONEST_NOTICE}))"
    )
}

/// The conditions of a statement and the values bound to them, in order.
#[derive(Default)]
struct Conditions {
    sql: Vec<String>,
    values: Vec<Box<dyn ToSql>>,
}

impl Conditions {
    /// Adds `condition`, its one `?` bound to `value`.
    fn bind(&mut self, condition: &str, value: impl ToSql + 'static) {
        self.values.push(Box::new(value));
        let n = self.values.len();
        self.sql.push(condition.replace('?', &format!("?{n}")));
    }

    fn clause(&self) -> String {
        if self.sql.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.sql.join(" AND "))
        }
    }
}

/// The statement that lists `query`'s page, and its parameters in order.
pub(super) fn page_sql(query: &Checked) -> (String, Vec<Box<dyn ToSql>>) {
    let mut when = Conditions::default();
    match query.part {
        Part::Open => when.sql.push("status <> 'closed'".to_owned()),
        Part::Closed => when.sql.push("status = 'closed'".to_owned()),
        Part::All => {}
    }
    match &query.search {
        Some(Search::Key(key)) => when.bind("id = ?", key.row_id()),
        Some(Search::Title(words)) => when.bind(
            "id IN (SELECT rowid FROM incident_titles WHERE incident_titles MATCH ?)",
            words.clone(),
        ),
        None => {}
    }
    if let Some(severity) = query.severity {
        when.bind("severity = ?", severity);
    }
    if let Some(kind) = &query.kind {
        when.bind("kind = ?", kind.clone());
    }
    if let Some(drill) = query.drill {
        when.bind("drill = ?", drill);
    }
    if let Some(month) = query.month {
        when.bind("declared_at >= ?", month.start());
        when.bind("declared_at < ?", month.end());
    }
    if let Some(since) = query.since {
        when.bind("declared_at >= ?", since);
    }
    // Open incidents are few and read whole, most severe first; the rest
    // are paged newest first from the index on declaration time.
    let order = match query.part {
        Part::Open => "severity, declared_at DESC, id DESC",
        Part::Closed | Part::All => {
            if let Some(after) = query.after {
                when.bind(
                    "(declared_at, id) < (SELECT declared_at, id FROM incidents WHERE id = ?)",
                    after.row_id(),
                );
            }
            "declared_at DESC, id DESC"
        }
    };
    let limit = query.limit.map_or(String::new(), |n| format!(" LIMIT {n}"));
    let sql = format!(
        "SELECT {INCIDENT_COLUMNS}, {} FROM incidents{} ORDER BY {order}{limit}",
        next_due_columns(),
        when.clause(),
    );
    (sql, when.values)
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
        correctable: crate::lifecycle::correctable(&incident),
        comms,
        incident,
    })
}

impl Store {
    /// One page of incidents as the rail and `sitrep list` show them, each
    /// with its soonest open notice as seen at `now`.
    pub fn incident_page(
        &self,
        query: &IncidentQuery,
        now: DateTime<Utc>,
    ) -> Result<Vec<IncidentSummary>> {
        self.list_page(&query.check()?, now)
    }

    fn list_page(&self, query: &Checked, now: DateTime<Utc>) -> Result<Vec<IncidentSummary>> {
        let (sql, values) = page_sql(query);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(values.iter().map(Box::as_ref)), |row| {
                let incident = incident_from_row(row)?;
                let due_at: Option<DateTime<Utc>> = row.get(17)?;
                let kind: Option<ObligationKind> = row.get(18)?;
                let snoozed: Option<DateTime<Utc>> = row.get(19)?;
                Ok((incident, due_at.zip(kind), snoozed))
            })?
            .map(|row| {
                let (incident, next, snoozed) = row?;
                let next_due = next.map(|(due_at, kind)| NextDue {
                    due_at,
                    kind,
                    urgency: Urgency::of_snoozed(due_at, snoozed, now),
                });
                Ok(IncidentSummary::new(incident, next_due))
            })
            .collect::<Result<_>>()?;
        Ok(rows)
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

    /// One incident's row alone: its fields, none of its lists.
    pub(crate) fn incident_row(&self, key: IncidentKey) -> Result<Incident> {
        incident(&self.conn, key)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::listing::Part;

    /// The plan SQLite chooses for `query`'s page, one line per step.
    fn plan(store: &Store, query: IncidentQuery) -> Vec<String> {
        let (sql, values) = page_sql(&query.check().unwrap());
        let mut stmt = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        stmt.query_map(params_from_iter(values.iter().map(Box::as_ref)), |row| {
            row.get::<_, String>(3)
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    }

    #[test]
    fn the_rail_the_search_and_list_read_through_indexes_never_a_whole_table() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("sitrep.db")).unwrap();
        let page = |part| IncidentQuery {
            part,
            limit: Some(20),
            ..IncidentQuery::default()
        };
        let cases = [
            (
                "the rail's open incidents",
                page(Part::Open),
                "incidents_open",
            ),
            (
                "the rail's closed page",
                page(Part::Closed),
                "incidents_by_declared",
            ),
            (
                "the next closed page",
                IncidentQuery {
                    after: Some("INC-40".to_owned()),
                    ..page(Part::Closed)
                },
                "incidents_by_declared",
            ),
            (
                "a search by title",
                IncidentQuery {
                    text: Some("lighthouse eu".to_owned()),
                    ..page(Part::All)
                },
                "incident_titles",
            ),
            (
                "a search by key",
                IncidentQuery {
                    text: Some("INC-7".to_owned()),
                    ..page(Part::All)
                },
                "INTEGER PRIMARY KEY",
            ),
            (
                "a month's drills",
                IncidentQuery {
                    month: Some("2026-11".to_owned()),
                    drill: Some(true),
                    ..page(Part::All)
                },
                "incidents_by_declared",
            ),
            (
                "`sitrep list --since`",
                IncidentQuery {
                    since: Some("2026-11-01T00:00:00Z".to_owned()),
                    ..IncidentQuery::default()
                },
                "incidents_by_declared",
            ),
        ];
        for (what, query, index) in cases {
            let steps = plan(&store, query);
            assert!(
                steps.iter().any(|s| s.contains(index)),
                "{what} does not use {index}: {steps:#?}"
            );
            let whole: Vec<_> = steps
                .iter()
                .filter(|s| {
                    s.starts_with("SCAN") && !s.contains("USING") && !s.contains("VIRTUAL TABLE")
                })
                .collect();
            assert!(whole.is_empty(), "{what} reads a whole table: {steps:#?}");
            // A search sorts only its matches; every other page comes in
            // the index's order, read no further than the page.
            let searched = what.starts_with("a search");
            assert!(
                searched || !steps.iter().any(|s| s.contains("TEMP B-TREE")),
                "{what} sorts what it read: {steps:#?}"
            );
        }
    }
}
