//! A database years deep, written in one transaction with plain SQL
//! (declaring 10,000 incidents through the core, one durable write each,
//! would take minutes): three years of closed incidents, one open one,
//! their obligations, the record, and notes. Shared by the store benchmarks
//! and the end-to-end test of the window on a long history.
#![allow(dead_code)] // each user reads its own subset

use chrono::{DateTime, TimeDelta, Utc};
use rusqlite::{Connection, Statement, params};

pub const INCIDENTS: i64 = 10_000;
pub const STAKEHOLDERS: i64 = 40;
/// Each incident owes half the directory an initial notice and an update:
/// 40 obligations per incident.
pub const OWED_PER_INCIDENT: i64 = 20;
/// Of those, the first two are affected: charged with its downtime.
pub const AFFECTED_PER_INCIDENT: i64 = 2;
/// Notes the responders wrote on each incident in the benchmarks:
/// 1,000,000 in all. No report figure needs them, so they must cost it nothing.
pub const ENTRIES_PER_INCIDENT: i64 = 100;
/// The incident the checklist is read for, the only one still open.
pub const OPEN_INCIDENT: i64 = 5_000;
/// How many of its stakeholders are still owed their update.
pub const STILL_OWED: i64 = 5;
/// The month reported on: about 280 incidents, all before the open one.
pub const REPORT_MONTH: &str = "2024-03";
/// The stakeholder of the per-stakeholder report, affected by one incident in 20.
pub const REPORT_STAKEHOLDER: &str = "Partner 00";

/// Fills the database at `path` with three years of closed incidents, one
/// open one, their obligations and the record reports are built from, in one
/// transaction. Plain SQL: declaring 10,000 incidents through the core would
/// take minutes.
pub fn fill(path: &std::path::Path, entries_per_incident: i64) {
    fill_some(path, INCIDENTS, entries_per_incident);
}

/// As [`fill`], with `incidents` incidents (the open one among them only
/// when there are at least [`OPEN_INCIDENT`]).
pub fn fill_some(path: &std::path::Path, incidents: i64, entries_per_incident: i64) {
    let mut conn = Connection::open(path).expect("open the database");
    let tx = conn.transaction().expect("begin");
    let start: DateTime<Utc> = "2023-01-01T00:00:00Z".parse().expect("a time");
    let stakeholders = insert_stakeholders(&tx, start);
    let mut inserts = Inserts::prepare(&tx);
    for n in 1..=incidents {
        // About three years of incidents, one every 157 minutes.
        let declared = start + TimeDelta::minutes((n - 1) * 157);
        inserts.incident(n, declared, &stakeholders, entries_per_incident);
    }
    drop(inserts);
    tx.commit().expect("commit");
}

/// Writes the directory: `STAKEHOLDERS` service partners, each with a channel.
fn insert_stakeholders(tx: &Connection, start: DateTime<Utc>) -> Vec<i64> {
    let mut stakeholder = tx
        .prepare(
            "INSERT INTO stakeholders (name, grp, sla_target_percent, created_at) \
             VALUES (?1, 'service_partners', 99.0, ?2)",
        )
        .expect("prepare stakeholders");
    let mut channel = tx
        .prepare(
            "INSERT INTO channels (stakeholder_id, kind, handle, added_at) \
             VALUES (?1, 'telegram', '@x', ?2)",
        )
        .expect("prepare channels");
    (0..STAKEHOLDERS)
        .map(|n| {
            let id = stakeholder
                .insert(params![format!("Partner {n:02}"), start])
                .expect("insert stakeholder");
            channel.execute(params![id, start]).expect("insert channel");
            id
        })
        .collect()
}

/// The statements `fill` writes one incident's rows with.
struct Inserts<'c> {
    incident: Statement<'c>,
    obligation: Statement<'c>,
    status_change: Statement<'c>,
    commander: Statement<'c>,
    affected: Statement<'c>,
    entry: Statement<'c>,
}

impl<'c> Inserts<'c> {
    fn prepare(tx: &'c Connection) -> Self {
        let prepare = |sql: &str| tx.prepare(sql).expect("prepare an insert");
        Self {
            incident: prepare(
                "INSERT INTO incidents (title, severity, status, drill, impact_started_at, detected_at, \
                 declared_at, mitigated_at, resolved_at, closed_at, comms_anchor_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?7)",
            ),
            obligation: prepare(
                "INSERT INTO obligations (incident_id, stakeholder_id, kind, due_at, first_due_at, \
                 created_at, ended_at, end_reason, outcome) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8)",
            ),
            status_change: prepare(
                "INSERT INTO status_changes (incident_id, at, from_status, to_status) \
                 VALUES (?1, ?2, ?3, ?4)",
            ),
            commander: prepare(
                "INSERT INTO role_tenures (incident_id, role, person, started_at, ended_at) \
                 VALUES (?1, 'commander', ?2, ?3, ?4)",
            ),
            affected: prepare(
                "INSERT INTO incident_affected (incident_id, stakeholder_id, validators, since) \
                 VALUES (?1, ?2, ?3, ?4)",
            ),
            entry: prepare(
                "INSERT INTO timeline_entries (incident_id, at, recorded_at, kind, text) \
                 VALUES (?1, ?2, ?2, 'note', ?3)",
            ),
        }
    }

    /// Writes incident `n`, declared at `declared`: impact from 10 minutes
    /// before, identified after 30, mitigated after 45, resolved after 90
    /// and closed three days later; the open one stays identified.
    fn incident(&mut self, n: i64, declared: DateTime<Utc>, stakeholders: &[i64], entries: i64) {
        let open = n == OPEN_INCIDENT;
        let identified = declared + TimeDelta::minutes(30);
        let mitigated = (!open).then(|| declared + TimeDelta::minutes(45));
        let resolved = (!open).then(|| declared + TimeDelta::minutes(90));
        let closed = resolved.map(|at| at + TimeDelta::days(3));
        let id = self
            .incident
            .insert(params![
                format!("Validators offline in region {n}"),
                n % 4 + 1,
                if open { "identified" } else { "closed" },
                n % 50 == 0,
                declared - TimeDelta::minutes(10),
                declared - TimeDelta::minutes(5),
                declared,
                mitigated,
                resolved,
                closed,
            ])
            .expect("insert incident");
        let moves = [
            ("investigating", "identified", Some(identified)),
            ("identified", "monitoring", mitigated),
            ("monitoring", "resolved", resolved),
            ("resolved", "closed", closed),
        ];
        for (from, to, at) in moves {
            if let Some(at) = at {
                self.status_change
                    .execute(params![id, at, from, to])
                    .expect("insert status change");
            }
        }
        self.commander
            .execute(params![
                id,
                format!("Commander {}", n % 12),
                declared + TimeDelta::minutes(2),
                closed,
            ])
            .expect("insert commander");
        for j in 0..AFFECTED_PER_INCIDENT {
            let stakeholder = stakeholders[((n + j) % STAKEHOLDERS) as usize];
            self.affected
                .execute(params![
                    id,
                    stakeholder,
                    (n + j) % 9 * 10,
                    declared + TimeDelta::minutes(5)
                ])
                .expect("insert affected");
        }
        for k in 0..entries {
            self.entry
                .execute(params![
                    id,
                    declared + TimeDelta::seconds(k * 54),
                    format!("Restarted validator {k} in region {n}"),
                ])
                .expect("insert timeline entry");
        }
        self.obligations(id, n, declared, resolved, stakeholders);
    }

    /// Writes incident `n`'s obligations: one initial notice in seven
    /// missed, the rest superseded when it was identified (the open one) or
    /// resolved; the open one still owes `STILL_OWED` updates.
    fn obligations(
        &mut self,
        id: i64,
        n: i64,
        declared: DateTime<Utc>,
        resolved: Option<DateTime<Utc>>,
        stakeholders: &[i64],
    ) {
        let open = resolved.is_none();
        let ended = resolved.unwrap_or(declared + TimeDelta::minutes(30));
        let end_reason = if open {
            "incident identified"
        } else {
            "incident resolved"
        };
        for j in 0..OWED_PER_INCIDENT {
            let stakeholder = stakeholders[((n + j) % STAKEHOLDERS) as usize];
            let initial_due = if (n + j) % 7 == 0 {
                declared + TimeDelta::minutes(15)
            } else {
                ended + TimeDelta::minutes(15)
            };
            let update_due = ended + TimeDelta::minutes(10);
            let owed = [
                ("initial", initial_due, Some(ended)),
                (
                    "update",
                    update_due,
                    (!open || j >= STILL_OWED).then_some(ended),
                ),
            ];
            for (kind, due, ended_at) in owed {
                let outcome = ended_at.map(|at| if at > due { "missed" } else { "superseded" });
                self.obligation
                    .execute(params![
                        id,
                        stakeholder,
                        kind,
                        due,
                        declared,
                        ended_at,
                        ended_at.map(|_| end_reason),
                        outcome,
                    ])
                    .expect("insert obligation");
            }
        }
    }
}
