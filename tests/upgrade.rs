//! A database written by the 0.1.0 release (`tests/fixtures/sitrep-0.1.0.db`,
//! made by `make-fixture-0.1.0.sh`) opens in this one with everything intact,
//! and the record it lacked is derived from its timelines.

use std::path::Path;

use rusqlite::Connection;
use serde_json::{Value, json};
use sitrep::{IncidentKey, Store};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/sitrep-0.1.0.db"
);

/// Rows per incident in `table` of the database at `path`, read with plain SQL.
fn counts(path: &Path, table: &str) -> Vec<(i64, usize)> {
    let conn = Connection::open(path).expect("open the fixture");
    let sql = format!("SELECT incident_id, count(*) FROM {table} GROUP BY 1 ORDER BY 1");
    let mut stmt = conn.prepare(&sql).expect("count");
    stmt.query_map([], |row| Ok((row.get(0)?, row.get::<_, i64>(1)? as usize)))
        .expect("count")
        .collect::<rusqlite::Result<_>>()
        .expect("count")
}

fn key(n: i64) -> IncidentKey {
    format!("INC-{n}").parse().expect("a key")
}

#[test]
fn a_0_1_0_database_upgrades_with_every_row_and_a_derived_record() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("sitrep.db");
    std::fs::copy(FIXTURE, &path).expect("copy the fixture");
    let entries = counts(&path, "timeline_entries");
    let updates = counts(&path, "updates");
    let obligations = counts(&path, "obligations");
    assert_eq!(entries.len(), 3, "the fixture has three incidents");

    let store = Store::open(&path).expect("the upgrade");
    let now = "2026-11-24T10:00:00Z".parse().expect("a time");
    let listed = store
        .incident_page(&sitrep::listing::IncidentQuery::default(), now)
        .expect("list");
    assert_eq!(listed.len(), 3);
    // The upgrade indexed the old titles for search.
    let search = sitrep::listing::IncidentQuery {
        text: Some(listed[0].incident.title.clone()),
        ..Default::default()
    };
    let found = store.incident_page(&search, now).expect("search");
    assert!(found.iter().any(|s| s.incident.id == listed[0].incident.id));
    for (id, n) in &entries {
        assert_eq!(
            store.incident(key(*id)).expect("show").timeline.len(),
            *n,
            "INC-{id} entries"
        );
    }
    for (id, n) in &updates {
        assert_eq!(
            store.incident(key(*id)).expect("show").comms.log.len(),
            *n,
            "INC-{id} updates"
        );
    }
    for (id, n) in &obligations {
        let d = store.incident(key(*id)).expect("show");
        assert_eq!(d.comms.obligations.len(), *n, "INC-{id} obligations");
    }

    let d = serde_json::to_value(store.incident(key(1)).expect("INC-1")).expect("json");
    // Impact resumed once; mitigation was corrected from 03:20 to 03:21.
    assert_eq!(
        d["impact_windows"],
        json!([
            {"started_at": "2026-10-03T02:50:00Z", "ended_at": "2026-10-03T03:21:00Z"},
            {"started_at": "2026-10-03T03:30:00Z", "ended_at": "2026-10-03T03:50:00Z"},
        ])
    );
    assert_eq!(d["durations"]["impact_minutes"], 51.0);
    assert_eq!(
        d["role_tenures"],
        json!([
            {"role": "commander", "person": "Ana", "started_at": "2026-10-03T03:01:00Z", "ended_at": "2026-10-03T03:35:00Z"},
            {"role": "commander", "person": "Ben", "started_at": "2026-10-03T03:35:00Z", "ended_at": "2026-10-04T10:00:00Z"},
        ])
    );
    assert_eq!(d["commander"], "Ben");
    assert_eq!(d["acknowledged_at"], "2026-10-03T03:01:00Z");
    assert_eq!(d["corrections"][0]["milestone"], "mitigated");
    assert_eq!(d["comms"]["duplicates_prevented"], 1);
    assert_eq!(
        (
            d["impact_started_estimated"].as_bool(),
            d["detected_estimated"].as_bool()
        ),
        (Some(false), Some(false))
    );
    let outcome = |who: &str, kind: &str| -> (Value, Value) {
        let o = d["comms"]["obligations"]
            .as_array()
            .expect("obligations")
            .iter()
            .find(|o| o["stakeholder"] == who && o["kind"] == kind)
            .unwrap_or_else(|| panic!("{who} {kind}"));
        (o["outcome"].clone(), o["ended_at"].clone())
    };
    assert_eq!(
        outcome("Exchange A", "initial"),
        (json!("on_time"), json!("2026-10-03T03:10:00Z"))
    );
    assert_eq!(
        outcome("Lido", "initial"),
        (json!("late"), json!("2026-10-03T03:20:00Z"))
    );
    // Never told before the resolution at 03:50, although due at 03:15.
    assert_eq!(
        outcome("Status page", "initial"),
        (json!("missed"), json!("2026-10-03T03:50:00Z"))
    );
    // Told at 03:20, next due 03:50: ended by the resolution at 03:50, not missed.
    assert_eq!(
        outcome("Lido", "update"),
        (json!("superseded"), json!("2026-10-03T03:50:00Z"))
    );
    assert_eq!(
        outcome("Exchange A", "postmortem"),
        (json!("pending"), Value::Null)
    );

    let escalated = serde_json::to_value(store.incident(key(2)).expect("INC-2")).expect("json");
    assert_eq!(
        (
            escalated["severity"].as_u64(),
            escalated["peak_severity"].as_u64()
        ),
        (Some(2), Some(2))
    );
    assert_eq!(escalated["severity_changes"][0]["from"], 3);
    assert_eq!(escalated["detected_estimated"], true);
    let removed = escalated["comms"]["obligations"]
        .as_array()
        .expect("obligations")
        .iter()
        .find(|o| o["stakeholder"] == "Status page")
        .expect("Status page's notice");
    assert_eq!(removed["outcome"], "removed");
    assert_eq!(removed["ended_at"], "2026-10-10T12:25:00Z");
}
