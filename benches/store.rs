//! Store benchmarks: how fast the IC's window can list incidents and show
//! one incident's comms checklist in a database years deep.

use std::hint::black_box;

use chrono::{DateTime, TimeDelta, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use rusqlite::{Connection, params};
use sitrep::{DeclareInput, IncidentKey, Store, SystemClock, incident};

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
/// The incident the checklist is read for, the only one still open.
const OPEN_INCIDENT: i64 = 5_000;
/// How many of its stakeholders are still owed their update.
const STILL_OWED: i64 = 5;

/// Fills the database at `path` with three years of closed incidents, one
/// open one and their obligations, in one transaction. Plain SQL: declaring
/// 10,000 incidents through the core would take minutes.
fn fill(path: &std::path::Path) {
    let mut conn = Connection::open(path).expect("open the database");
    let tx = conn.transaction().expect("begin");
    let start: DateTime<Utc> = "2023-01-01T00:00:00Z".parse().expect("a time");
    let stakeholders: Vec<i64> = {
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
                stakeholder
                    .execute(params![format!("Partner {n:02}"), start])
                    .expect("insert stakeholder");
                let id = tx.last_insert_rowid();
                channel.execute(params![id, start]).expect("insert channel");
                id
            })
            .collect()
    };
    let mut insert_incident = tx
        .prepare(
            "INSERT INTO incidents (title, severity, status, drill, impact_started_at, detected_at, \
             declared_at, resolved_at, closed_at, comms_anchor_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?7)",
        )
        .expect("prepare incidents");
    let mut insert_obligation = tx
        .prepare(
            "INSERT INTO obligations (incident_id, stakeholder_id, kind, due_at, first_due_at, \
             created_at, ended_at, end_reason, outcome) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8)",
        )
        .expect("prepare obligations");
    for n in 1..=INCIDENTS {
        // About three years of incidents, one every 157 minutes.
        let declared = start + TimeDelta::minutes((n - 1) * 157);
        let open = n == OPEN_INCIDENT;
        let resolved = (!open).then(|| declared + TimeDelta::minutes(90));
        let closed = resolved.map(|at| at + TimeDelta::days(3));
        insert_incident
            .execute(params![
                format!("Validators offline in region {n}"),
                n % 4 + 1,
                if open { "identified" } else { "closed" },
                n % 50 == 0,
                declared - TimeDelta::minutes(10),
                declared - TimeDelta::minutes(5),
                declared,
                resolved,
                closed,
            ])
            .expect("insert incident");
        let id = tx.last_insert_rowid();
        let ended = resolved.unwrap_or(declared + TimeDelta::minutes(30));
        let end_reason = if open {
            "incident identified"
        } else {
            "incident resolved"
        };
        for j in 0..OWED_PER_INCIDENT {
            let stakeholder = stakeholders[((n + j) % STAKEHOLDERS) as usize];
            // One initial notice in seven is missed; the others are superseded.
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
                insert_obligation
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
    drop(insert_incident);
    drop(insert_obligation);
    tx.commit().expect("commit");
}

fn checklist_at_scale(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("bench.db");
    let store = Store::open(&path).expect("open store");
    fill(&path);
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

criterion_group!(benches, list_incidents, checklist_at_scale);
criterion_main!(benches);
