//! Declaring incidents through the core, on a real SQLite file: what is
//! stored, what is refused, and that a refusal writes nothing.

use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;
use sitrep::listing::{self, IncidentQuery};
use sitrep::{Clock, DeclareInput, ErrorKind, ManualClock, Status, Store, incident};

/// Every incident stored.
fn everything(store: &Store) -> Vec<sitrep::IncidentSummary> {
    let now = "2026-11-24T10:00:00Z".parse().expect("a time");
    store
        .incident_page(&IncidentQuery::default(), now)
        .expect("list")
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("a test time")
}

fn fixture() -> (tempfile::TempDir, Store, ManualClock) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = Store::open(dir.path().join("sitrep.db")).expect("open the store");
    (dir, store, ManualClock::new(at("2026-03-14T02:17:00Z")))
}

fn input(title: &str, severity: i64) -> DeclareInput {
    DeclareInput {
        title: title.into(),
        severity,
        ..DeclareInput::default()
    }
}

#[test]
fn a_declaration_is_stored_with_its_first_timeline_entry_and_survives_reopening() {
    let (dir, mut store, clock) = fixture();
    let declared = incident::declare(
        &mut store,
        &clock,
        &input("Validators offline in eu-west-1", 1),
    )
    .expect("declare");

    assert_eq!(declared.incident.id.to_string(), "INC-1");
    assert_eq!(declared.incident.status, Status::Investigating);
    assert_eq!(declared.incident.declared_at, at("2026-03-14T02:17:00Z"));
    // Detection and impact default to the declaration.
    assert_eq!(declared.incident.detected_at, declared.incident.declared_at);
    assert_eq!(
        declared.incident.impact_started_at,
        declared.incident.declared_at
    );
    assert_eq!(declared.timeline.len(), 1);
    assert_eq!(
        declared.timeline[0].text,
        "SEV1 declared: Validators offline in eu-west-1"
    );
    drop(store);

    let reopened = Store::open(dir.path().join("sitrep.db")).expect("reopen");
    let read = reopened.incident(declared.incident.id).expect("read back");
    assert_eq!(read, declared);
}

#[test]
fn keys_count_up_and_the_list_puts_the_most_severe_open_incident_first() {
    let (_dir, mut store, clock) = fixture();
    for (title, severity) in [
        ("Dashboard slow", 3),
        ("Slashing risk on signer 2", 1),
        ("RPC errors", 2),
    ] {
        incident::declare(&mut store, &clock, &input(title, severity)).expect("declare");
        clock.advance(TimeDelta::minutes(1));
    }
    let listed: Vec<_> = listing::open_then_newest(&store, clock.now(), false, None, None)
        .expect("list")
        .into_iter()
        .map(|s| (s.incident.id.to_string(), s.incident.severity.level()))
        .collect();
    assert_eq!(
        listed,
        [
            ("INC-2".into(), 1),
            ("INC-3".into(), 2),
            ("INC-1".into(), 3)
        ]
    );
}

#[test]
fn back_dated_times_with_any_offset_are_stored_as_utc() {
    let (_dir, mut store, clock) = fixture();
    let declared = incident::declare(
        &mut store,
        &clock,
        &DeclareInput {
            impact_started: Some("2026-03-14T01:40:00+01:00".into()),
            detected: Some("2026-03-14T01:05:00Z".into()),
            at: Some("2026-03-13T21:10:00-05:00".into()),
            drill: true,
            kind: Some("  remote signer unreachable ".into()),
            ..input("Remote signer unreachable", 2)
        },
    )
    .expect("declare");
    let i = &declared.incident;
    assert_eq!(i.impact_started_at, at("2026-03-14T00:40:00Z"));
    assert_eq!(i.detected_at, at("2026-03-14T01:05:00Z"));
    assert_eq!(i.declared_at, at("2026-03-14T02:10:00Z"));
    assert_eq!(i.kind.as_deref(), Some("remote-signer-unreachable"));
    assert!(i.drill);
    assert_eq!(declared.timeline[0].at, at("2026-03-14T02:10:00Z"));
    assert_eq!(declared.timeline[0].recorded_at, at("2026-03-14T02:17:00Z"));
    assert!(declared.timeline[0].text.starts_with("DRILL "));
}

#[test]
fn bad_declarations_name_the_field_and_write_nothing() {
    let (_dir, mut store, clock) = fixture();
    let cases = [
        ("title", input("   ", 2)),
        ("title", input(&"x".repeat(201), 2)),
        ("severity", input("Validators down", 0)),
        ("severity", input("Validators down", 7)),
        (
            "at",
            DeclareInput {
                at: Some("yesterday at 3".into()),
                ..input("Validators down", 2)
            },
        ),
        (
            "at",
            DeclareInput {
                at: Some("2026-03-14T02:18:00Z".into()),
                ..input("Validators down", 2)
            },
        ),
        (
            "detected",
            DeclareInput {
                detected: Some("2026-13-01T00:00:00Z".into()),
                ..input("Validators down", 2)
            },
        ),
        (
            "detected",
            DeclareInput {
                at: Some("2026-03-14T02:00:00Z".into()),
                detected: Some("2026-03-14T02:05:00Z".into()),
                ..input("Validators down", 2)
            },
        ),
        (
            "impact_started",
            DeclareInput {
                detected: Some("2026-03-14T02:00:00Z".into()),
                impact_started: Some("2026-03-14T02:01:00Z".into()),
                ..input("Validators down", 2)
            },
        ),
    ];
    let version = store.data_version().expect("data version");
    for (field, bad) in cases {
        let err = incident::declare(&mut store, &clock, &bad).expect_err(field);
        assert_eq!(err.kind(), ErrorKind::BadInput, "{field}: {err}");
        assert_eq!(err.field(), Some(field), "{err}");
    }
    assert!(everything(&store).is_empty());
    assert_eq!(store.data_version().expect("data version"), version);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever title and severity are accepted read back unchanged (trimmed);
    /// whatever is refused leaves the store empty.
    #[test]
    fn any_title_and_severity_is_stored_exactly_or_refused_cleanly(
        title in "\\PC{0,210}",
        severity in -2i64..8,
    ) {
        let (_dir, mut store, clock) = fixture();
        match incident::declare(&mut store, &clock, &input(&title, severity)) {
            Ok(declared) => {
                let read = store.incident(declared.incident.id).expect("read back");
                prop_assert_eq!(read.incident.title.as_str(), title.trim());
                prop_assert_eq!(i64::from(read.incident.severity.level()), severity);
            }
            Err(err) => {
                prop_assert_eq!(err.kind(), ErrorKind::BadInput);
                prop_assert!(everything(&store).is_empty());
            }
        }
    }
}
