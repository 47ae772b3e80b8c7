//! Drafting a postmortem from a long record: an incident with 5,000
//! timeline entries, six stakeholders and their obligations.

use std::hint::black_box;

use chrono::{DateTime, TimeDelta, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use rusqlite::{Connection, params};
use sitrep::{
    DeclareInput, IncidentKey, ManualClock, SendInput, Status, StatusInput, Store, comms, incident,
    lifecycle, postmortem,
};

const ENTRIES: i64 = 5_000;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("an RFC 3339 time")
}

/// A resolved SEV1 declared 2026-03-01 00:00 with updates sent, and
/// [`ENTRIES`] notes over its 50 hours, written in one transaction.
fn long_incident(path: &std::path::Path) -> IncidentKey {
    let mut store = Store::open(path).expect("open store");
    let start = at("2026-03-01T00:00:00Z");
    let clock = ManualClock::new(start);
    let input = DeclareInput {
        title: "Signer outage across regions".into(),
        severity: 1,
        ..Default::default()
    };
    let key = incident::declare(&mut store, &clock, &input)
        .expect("declare")
        .incident
        .id;
    clock.set(start + TimeDelta::minutes(10));
    let send = SendInput {
        to: vec![
            "Exchange A (example)".into(),
            "Liquid staking protocol (example)".into(),
        ],
        ..Default::default()
    };
    comms::record_update(&mut store, &clock, key, &send).expect("an update");
    drop(store);
    let mut conn = Connection::open(path).expect("open");
    let tx = conn.transaction().expect("a transaction");
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO timeline_entries (incident_id, at, recorded_at, kind, text) VALUES (?1, ?2, ?2, 'note', ?3)",
            )
            .expect("prepare");
        for n in 0..ENTRIES {
            let when = start + TimeDelta::seconds(20 + n * 36);
            let text = format!(
                "Checked validator group {n}: attestations resumed on {} of 1000 keys, | pipes and *stars* kept",
                n % 1000
            );
            insert.execute(params![1, when, text]).expect("insert");
        }
    }
    tx.commit().expect("commit");
    let mut store = Store::open(path).expect("open store");
    clock.set(start + TimeDelta::hours(51));
    let resolve = StatusInput {
        status: Status::Resolved,
        note: None,
        at: None,
    };
    lifecycle::change_status(&mut store, &clock, key, &resolve).expect("resolve");
    key
}

fn draft(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("bench.db");
    let key = long_incident(&path);
    let store = Store::open(&path).expect("open store");
    let template = store.template("SRE review").expect("the SRE template");
    let (text, _) = postmortem::drafted(&store, key, &template).expect("a draft");
    assert!(
        text.lines()
            .filter(|l| l.contains("Checked validator group"))
            .count()
            >= ENTRIES as usize
    );
    c.bench_function(
        "draft the postmortem of an incident with 5000 timeline entries",
        |b| b.iter(|| black_box(postmortem::drafted(&store, key, &template).expect("a draft"))),
    );
}

criterion_group!(benches, draft);
criterion_main!(benches);
