//! Store benchmarks: how fast the IC's window can list incidents, show one
//! incident's comms checklist and build a month's report in a database
//! years deep.

use std::hint::black_box;

use chrono::{DateTime, TimeDelta, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use rusqlite::{Connection, Statement, params};
use sitrep::{DeclareInput, IncidentKey, ManualClock, Store, SystemClock, incident, report};

fn list_incidents(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut store = Store::open(dir.path().join("bench.db")).expect("open store");
    for n in 0..1000 {
        let input = DeclareInput {
            title: format!("Validators offline in region {n}"),
            severity: n % 4 + 1,
            ..Default::default()
        };
        incident::declare(&mut store, &SystemClock, &input).expect("declare");
    }
    c.bench_function("list 1000 incidents", |b| {
        b.iter(|| black_box(store.list_incidents().expect("list")))
    });
}

const INCIDENTS: i64 = 10_000;
const STAKEHOLDERS: i64 = 40;
/// Each incident owes half the directory an initial notice and an update:
/// 40 obligations per incident.
const OWED_PER_INCIDENT: i64 = 20;
/// Of those, the first two are affected: charged with its downtime.
const AFFECTED_PER_INCIDENT: i64 = 2;
/// Notes the responders wrote on each incident: 1,000,000 in all. No
/// report figure needs them, so they must cost it nothing.
const ENTRIES_PER_INCIDENT: i64 = 100;
/// The incident the checklist is read for, the only one still open.
const OPEN_INCIDENT: i64 = 5_000;
/// How many of its stakeholders are still owed their update.
const STILL_OWED: i64 = 5;
/// The month reported on: about 280 incidents, all before the open one.
const REPORT_MONTH: &str = "2024-03";
/// The stakeholder of the per-stakeholder report, affected by one incident in 20.
const REPORT_STAKEHOLDER: &str = "Partner 00";

/// Fills the database at `path` with three years of closed incidents, one
/// open one, their obligations and the record reports are built from, in one
/// transaction. Plain SQL: declaring 10,000 incidents through the core would
/// take minutes.
fn fill(path: &std::path::Path) {
    let mut conn = Connection::open(path).expect("open the database");
    let tx = conn.transaction().expect("begin");
    let start: DateTime<Utc> = "2023-01-01T00:00:00Z".parse().expect("a time");
    let stakeholders = insert_stakeholders(&tx, start);
    let mut inserts = Inserts::prepare(&tx);
    for n in 1..=INCIDENTS {
        // About three years of incidents, one every 157 minutes.
        let declared = start + TimeDelta::minutes((n - 1) * 157);
        inserts.incident(n, declared, &stakeholders);
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
    fn incident(&mut self, n: i64, declared: DateTime<Utc>, stakeholders: &[i64]) {
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
        for k in 0..ENTRIES_PER_INCIDENT {
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

/// Fills one database years deep and runs the benches that read it.
fn at_scale(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("bench.db");
    let store = Store::open(&path).expect("open store");
    fill(&path);
    checklist_at_scale(c, &store);
    report_at_scale(c, &store);
}

fn checklist_at_scale(c: &mut Criterion, store: &Store) {
    let key: IncidentKey = format!("INC-{OPEN_INCIDENT}").parse().expect("a key");
    let comms = store.comms(key).expect("comms");
    assert_eq!(comms.checklist.len(), OWED_PER_INCIDENT as usize);
    assert_eq!(comms.obligations.len(), 2 * OWED_PER_INCIDENT as usize);
    assert_eq!(
        comms
            .checklist
            .iter()
            .filter(|row| row.next.is_some())
            .count(),
        STILL_OWED as usize
    );
    let mut group = c.benchmark_group("store");
    group.sample_size(50);
    group.bench_function(
        "checklist of one incident among 10000 incidents and 400000 obligations",
        |b| b.iter(|| black_box(store.comms(black_box(key)).expect("comms"))),
    );
    group.finish();
}

fn report_at_scale(c: &mut Criterion, store: &Store) {
    let clock = ManualClock::new("2026-01-01T00:00:00Z".parse().expect("a time"));
    let month_report = |stakeholder| {
        report::report(store, &clock, black_box(REPORT_MONTH), stakeholder).expect("report")
    };
    // The bench must measure a month with real incidents and downtime in it.
    let whole = month_report(None);
    assert!(whole.incidents > 100, "{} incidents", whole.incidents);
    assert!(whole.downtime_minutes > 0.0, "no downtime");
    let theirs = month_report(Some(REPORT_STAKEHOLDER));
    assert!(
        theirs.incidents > 0,
        "no incident affected {REPORT_STAKEHOLDER}"
    );
    assert!(
        theirs.downtime_minutes > 0.0,
        "no downtime for {REPORT_STAKEHOLDER}"
    );
    let mut group = c.benchmark_group("store");
    group.sample_size(20);
    group.bench_function(
        "report of one month among 10000 incidents and 1000000 timeline entries",
        |b| b.iter(|| black_box(month_report(None))),
    );
    group.bench_function(
        "report of one month for one stakeholder among 10000 incidents and 1000000 timeline entries",
        |b| b.iter(|| black_box(month_report(Some(REPORT_STAKEHOLDER)))),
    );
    group.finish();
}

criterion_group!(benches, list_incidents, at_scale);
criterion_main!(benches);
