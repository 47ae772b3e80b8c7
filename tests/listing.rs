//! Listing a long history a page at a time through the core, on a real
//! SQLite file: the rail's open incidents and closed pages, search by title
//! words and key, and the filters.

use chrono::{DateTime, TimeDelta, Utc};
use sitrep::lifecycle::{self, StatusInput};
use sitrep::listing::{IncidentQuery, Part};
use sitrep::scheduler::{self, SnoozeFor};
use sitrep::{
    Attention, Clock, DeclareInput, IncidentSummary, ManualClock, Status, Store, Urgency, incident,
};

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("a test time")
}

/// 30 incidents a day apart, every one closed but the last three; every
/// third a drill, every fifth about the signer.
fn history() -> (tempfile::TempDir, Store, ManualClock) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut store = Store::open(dir.path().join("sitrep.db")).expect("open the store");
    let clock = ManualClock::new(at("2026-10-01T08:00:00Z"));
    for n in 1..=30 {
        let title = if n % 5 == 0 {
            format!("Remote signer unreachable, region {n}")
        } else {
            format!("Validators offline in region {n}")
        };
        let input = DeclareInput {
            title,
            severity: 1 + n % 4,
            drill: n % 3 == 0,
            ..DeclareInput::default()
        };
        let key = incident::declare(&mut store, &clock, &input)
            .expect("declare")
            .incident
            .id;
        if n <= 27 {
            for status in [Status::Resolved, Status::Closed] {
                let input = StatusInput {
                    status,
                    note: None,
                    at: None,
                };
                lifecycle::change_status(&mut store, &clock, key, &input).expect("close");
            }
        }
        clock.advance(TimeDelta::days(1));
    }
    (dir, store, clock)
}

fn keys(listed: &[IncidentSummary]) -> Vec<String> {
    listed.iter().map(|s| s.incident.id.to_string()).collect()
}

#[test]
fn closed_incidents_come_a_page_at_a_time_newest_first_each_once() {
    let (_dir, store, clock) = history();
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let query = IncidentQuery {
            part: Part::Closed,
            after: after.clone(),
            limit: Some(10),
            ..IncidentQuery::default()
        };
        let page = store.incident_page(&query, clock.now()).expect("a page");
        if page.is_empty() {
            break;
        }
        assert!(page.len() <= 10);
        after = page.last().map(|s| s.incident.id.to_string());
        seen.extend(keys(&page));
    }
    let expected: Vec<String> = (1..=27).rev().map(|n| format!("INC-{n}")).collect();
    assert_eq!(seen, expected);
}

#[test]
fn open_incidents_are_most_severe_first_with_their_soonest_notice() {
    let (_dir, store, clock) = history();
    let query = IncidentQuery {
        part: Part::Open,
        ..IncidentQuery::default()
    };
    let open = store.incident_page(&query, clock.now()).expect("open");
    // INC-28 is SEV1, INC-29 SEV2, INC-30 SEV3.
    assert_eq!(keys(&open), ["INC-28", "INC-29", "INC-30"]);
    for summary in &open {
        let next = summary.next_due.expect("an initial notice is owed");
        assert_eq!(next.kind, sitrep::ObligationKind::Initial);
        assert!(next.due_at > summary.incident.declared_at);
    }
}

#[test]
fn a_snoozed_incident_counts_down_as_snoozed_in_the_rail_until_the_snooze_ends() {
    let (_dir, mut store, clock) = history();
    clock.advance(TimeDelta::days(3));
    let open = IncidentQuery {
        part: Part::Open,
        ..IncidentQuery::default()
    };
    let listed = |store: &Store, key: &str| {
        store
            .incident_page(&open, clock.now())
            .expect("open")
            .into_iter()
            .find(|s| s.incident.id.to_string() == key)
            .expect("listed")
    };
    let urgency = |store: &Store, key: &str| listed(store, key).next_due.map(|n| n.urgency);
    assert_eq!(urgency(&store, "INC-28"), Some(Urgency::Overdue));
    let owed: Vec<i64> = store
        .open_obligations(clock.now())
        .expect("due")
        .into_iter()
        .filter(|o| o.incident.to_string() == "INC-28")
        .map(|o| o.id)
        .collect();
    scheduler::snooze(&mut store, &clock, &owed, SnoozeFor::Ten).expect("snoozed");
    assert_eq!(urgency(&store, "INC-28"), Some(Urgency::Snoozed));
    assert_eq!(
        urgency(&store, "INC-29"),
        Some(Urgency::Overdue),
        "only INC-28 was snoozed"
    );
    // An overdue notice is the first reason to look; a snoozed one is none.
    let attention = |key: &str| listed(&store, key).attention;
    assert_eq!(
        attention("INC-29"),
        [
            Attention::UpdateOverdue,
            Attention::NoCommander,
            Attention::ImpactUnassigned
        ]
    );
    assert_eq!(
        attention("INC-28"),
        [Attention::NoCommander, Attention::ImpactUnassigned]
    );
    // When the snooze ends the notice is overdue in the rail again.
    clock.advance(TimeDelta::minutes(10));
    assert_eq!(urgency(&store, "INC-28"), Some(Urgency::Overdue));
    assert_eq!(attention("INC-28")[0], Attention::UpdateOverdue);
}

#[test]
fn a_search_finds_title_words_by_their_start_or_a_key_and_filters_narrow_it() {
    let (_dir, mut store, clock) = history();
    let search = |store: &Store, text: &str| {
        let query = IncidentQuery {
            text: Some(text.to_owned()),
            ..IncidentQuery::default()
        };
        keys(&store.incident_page(&query, clock.now()).expect("search"))
    };
    assert_eq!(
        search(&store, "sign unreach"),
        ["INC-30", "INC-25", "INC-20", "INC-15", "INC-10", "INC-5"]
    );
    assert_eq!(search(&store, "inc-7"), ["INC-7"]);
    assert!(search(&store, "slashing").is_empty());

    let drills_about_the_signer = IncidentQuery {
        text: Some("signer".to_owned()),
        drill: Some(true),
        ..IncidentQuery::default()
    };
    let found = store
        .incident_page(&drills_about_the_signer, clock.now())
        .expect("search");
    assert_eq!(keys(&found), ["INC-30", "INC-15"]);

    // A renamed incident is found by its new title only.
    let rename = sitrep::EditInput {
        title: Some("Slashing risk on signer 7".to_owned()),
        ..sitrep::EditInput::default()
    };
    let key = "INC-7".parse().expect("a key");
    lifecycle::edit(&mut store, &clock, key, &rename).expect("renamed");
    assert_eq!(search(&store, "slashing"), ["INC-7"]);
    assert!(!search(&store, "offline region 7").contains(&"INC-7".to_owned()));
}

#[test]
fn a_month_and_a_severity_narrow_the_list_and_bad_filters_are_refused() {
    let (_dir, store, clock) = history();
    let october_sev1 = IncidentQuery {
        month: Some("2026-10".to_owned()),
        severity: Some(1),
        ..IncidentQuery::default()
    };
    let found = store
        .incident_page(&october_sev1, clock.now())
        .expect("list");
    assert_eq!(
        keys(&found),
        [
            "INC-28", "INC-24", "INC-20", "INC-16", "INC-12", "INC-8", "INC-4"
        ]
    );
    for bad in [
        IncidentQuery {
            severity: Some(5),
            ..IncidentQuery::default()
        },
        IncidentQuery {
            month: Some("October".to_owned()),
            ..IncidentQuery::default()
        },
        IncidentQuery {
            after: Some("yesterday".to_owned()),
            ..IncidentQuery::default()
        },
    ] {
        let err = store.incident_page(&bad, clock.now()).expect_err("refused");
        assert_eq!(err.kind(), sitrep::ErrorKind::BadInput, "{err}");
    }
}
