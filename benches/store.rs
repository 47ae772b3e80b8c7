//! Store benchmarks: how fast the IC's window can list incidents (the rail,
//! a search, `sitrep list --json`), show one incident's comms checklist and
//! build a month's report in a database years deep.

use std::hint::black_box;

use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
#[path = "../tests/common/history.rs"]
mod history;

use history::{
    INCIDENTS, OPEN_INCIDENT, OWED_PER_INCIDENT, REPORT_MONTH, REPORT_STAKEHOLDER, STILL_OWED, fill,
};
use sitrep::listing::{self, IncidentQuery, Part};
use sitrep::{IncidentKey, ManualClock, Store, report};

/// Fills one database years deep and runs the benches that read it.
fn at_scale(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("bench.db");
    let store = Store::open(&path).expect("open store");
    fill(&path, history::ENTRIES_PER_INCIDENT);
    rail_at_scale(c, &store);
    checklist_at_scale(c, &store);
    report_at_scale(c, &store);
}

/// What the window and `sitrep list` read: the open incidents, a page of
/// closed ones, a search, and every incident's summary (`list --json`).
fn rail_at_scale(c: &mut Criterion, store: &Store) {
    let now: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().expect("a time");
    let page = |query: &IncidentQuery| store.incident_page(query, now).expect("a page");
    let open = IncidentQuery {
        part: Part::Open,
        ..IncidentQuery::default()
    };
    let closed = IncidentQuery {
        part: Part::Closed,
        limit: Some(21),
        ..IncidentQuery::default()
    };
    let search = IncidentQuery {
        text: Some("region 42".to_owned()),
        limit: Some(50),
        ..IncidentQuery::default()
    };
    assert_eq!(page(&open).len(), 1);
    assert_eq!(page(&closed).len(), 21);
    assert!(!page(&search).is_empty());
    let mut group = c.benchmark_group("rail");
    group.sample_size(50);
    group.bench_function("open incidents among 10000", |b| {
        b.iter(|| black_box(page(&open)))
    });
    group.bench_function("a page of 21 closed incidents among 10000", |b| {
        b.iter(|| black_box(page(&closed)))
    });
    group.bench_function("a title search among 10000 incidents", |b| {
        b.iter(|| black_box(page(&search)))
    });
    group.sample_size(10);
    group.bench_function("every summary of 10000 incidents (list --json)", |b| {
        b.iter(|| {
            let all = listing::open_then_newest(store, now, false, None, None).expect("list");
            assert_eq!(all.len(), INCIDENTS as usize);
            black_box(serde_json::to_vec(&all).expect("JSON"))
        })
    });
    group.finish();
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

criterion_group!(benches, at_scale);
criterion_main!(benches);
