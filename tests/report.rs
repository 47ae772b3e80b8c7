//! The monthly report through `sitrep report --json`, on incidents
//! back-filled with `--at`, against figures computed by hand.

mod common;

use std::path::Path;

use common::{RESOLVE_RESUMED, db, declare_resumed_impact, run, sitrep};
use predicates::prelude::*;
use serde_json::Value;

fn report(db: &Path, args: &[&str]) -> Value {
    let out = sitrep(db)
        .arg("report")
        .args(args)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("report --json prints JSON")
}

/// Declares INC-n as SEV`severity` with impact from `from`, mitigated at
/// `to`, then resolved, affecting `affected`.
fn incident(db: &Path, n: u32, severity: &str, from: &str, to: &str, affected: &str) {
    let key = format!("INC-{n}");
    run(
        db,
        &[
            "declare",
            "--title",
            &format!("Outage {n}"),
            "--severity",
            severity,
            "--impact-started",
            from,
            "--detected",
            from,
            "--at",
            from,
        ],
    );
    if !affected.is_empty() {
        run(db, &["affected", &key, "add", affected, "--at", from]);
    }
    run(db, &["status", &key, "monitoring", "--at", to]);
    run(db, &["status", &key, "resolved", "--at", to]);
}

fn minutes(v: &Value) -> f64 {
    v.as_f64().expect("a number")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn add(db: &Path, name: &str) {
    run(
        db,
        &[
            "stakeholder",
            "add",
            "--name",
            name,
            "--group",
            "Institutional stakers",
            "--channel",
            "slack",
            "--at",
            "2024-01-01T00:00:00Z",
        ],
    );
}

#[test]
fn overlapping_incidents_count_once_and_a_drill_not_at_all() {
    let db = db();
    let p = &db.path;
    add(p, "Exchange E");
    incident(
        p,
        1,
        "1",
        "2026-10-05T10:00:00Z",
        "2026-10-05T11:00:00Z",
        "Exchange E",
    );
    incident(
        p,
        2,
        "2",
        "2026-10-05T10:30:00Z",
        "2026-10-05T12:00:00Z",
        "Exchange E",
    );
    run(
        p,
        &[
            "declare",
            "--title",
            "Drill",
            "--severity",
            "1",
            "--drill",
            "--at",
            "2026-10-06T10:00:00Z",
        ],
    );
    run(
        p,
        &[
            "status",
            "INC-3",
            "resolved",
            "--at",
            "2026-10-06T15:00:00Z",
        ],
    );

    let r = report(p, &["--month", "2026-10"]);
    // 10:00–12:00 once, though two incidents covered 10:30–11:00; the 5 h drill not at all.
    assert!(close(minutes(&r["downtime_minutes"]), 120.0), "{r}");
    // October: 31 days = 44,640 minutes; 99 % leaves 446.4.
    assert!(close(minutes(&r["budget_minutes"]), 446.4), "{r}");
    assert!(
        close(
            minutes(&r["uptime_percent"]),
            100.0 * (44640.0 - 120.0) / 44640.0
        ),
        "{r}"
    );
    assert_eq!(
        (r["incidents"].as_u64(), r["drills"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(r["incidents_by_severity"], serde_json::json!([1, 1, 0, 0]));
    assert_eq!(r["sla_target_percent"], 99.0);
    // Mitigated after 60 and 90 minutes; both times given, so both count.
    assert!(close(minutes(&r["mttm_minutes"]), 75.0), "{r}");
    assert!(close(minutes(&r["mitigate"]["worst_minutes"]), 90.0), "{r}");
}

#[test]
fn an_incident_across_a_months_end_is_split_between_the_months() {
    let db = db();
    let p = &db.path;
    incident(
        p,
        1,
        "2",
        "2026-09-30T23:30:00Z",
        "2026-10-01T00:30:00Z",
        "",
    );
    let september = report(p, &["--month", "2026-09"]);
    let october = report(p, &["--month", "2026-10"]);
    assert!(
        close(minutes(&september["downtime_minutes"]), 30.0),
        "{september}"
    );
    assert!(
        close(minutes(&october["downtime_minutes"]), 30.0),
        "{october}"
    );
    // Counted once, in the month its impact started.
    assert_eq!(
        (
            september["incidents"].as_u64(),
            october["incidents"].as_u64()
        ),
        (Some(1), Some(0))
    );
    // September: 30 days = 43,200 minutes; 99 % leaves 432.
    assert!(
        close(minutes(&september["budget_minutes"]), 432.0),
        "{september}"
    );
    // Each month's 30 minutes come out of that month's budget.
    assert!(
        close(minutes(&september["budget_left_minutes"]), 402.0),
        "{september}"
    );
    assert!(
        close(minutes(&october["budget_left_minutes"]), 446.4 - 30.0),
        "{october}"
    );
}

#[test]
fn an_impact_starting_on_the_first_instant_of_a_month_counts_in_that_month_alone() {
    let db = db();
    let p = &db.path;
    incident(
        p,
        1,
        "2",
        "2026-10-01T00:00:00Z",
        "2026-10-01T00:20:00Z",
        "",
    );
    let september = report(p, &["--month", "2026-09"]);
    let october = report(p, &["--month", "2026-10"]);
    assert_eq!(
        (
            september["incidents"].as_u64(),
            october["incidents"].as_u64()
        ),
        (Some(0), Some(1))
    );
    assert!(
        close(minutes(&september["downtime_minutes"]), 0.0),
        "{september}"
    );
    // The rule itself, given that record for September (the store would not
    // hand it over): its impact did not start in September.
    let store = sitrep::Store::open(p).expect("the database");
    let record = store
        .incident_record("INC-1".parse().expect("a key"))
        .expect("INC-1");
    let scope = sitrep::report::Scope {
        stakeholder: None,
        sla_target_percent: 99.0,
    };
    let month: sitrep::month::Month = "2026-09".parse().expect("a month");
    let alone = sitrep::report::month_report(month, &scope, &[record], month.end());
    assert_eq!(alone.incidents, 0, "{alone:?}");
}

#[test]
fn an_impact_that_resumed_is_charged_for_both_windows_only() {
    let db = db();
    let p = &db.path;
    declare_resumed_impact(p);
    run(p, &RESOLVE_RESUMED);
    let r = report(p, &["--month", "2026-10"]);
    assert!(close(minutes(&r["downtime_minutes"]), 40.0), "{r}");
}

#[test]
fn months_of_28_29_30_and_31_days_have_their_own_budgets() {
    let db = db();
    let p = &db.path;
    for (month, budget) in [
        ("2026-02", 403.2),
        ("2024-02", 417.6),
        ("2026-11", 432.0),
        ("2026-08", 446.4),
    ] {
        let r = report(p, &["--month", month]);
        assert!(close(minutes(&r["budget_minutes"]), budget), "{month}: {r}");
        assert!(close(minutes(&r["uptime_percent"]), 100.0), "{month}: {r}");
    }
}

#[test]
fn a_stakeholder_is_charged_only_for_incidents_that_affect_them() {
    let db = db();
    let p = &db.path;
    add(p, "Exchange F");
    add(p, "Exchange G");
    run(
        p,
        &[
            "stakeholder",
            "add",
            "--name",
            "Tight SLA",
            "--group",
            "Service partners",
            "--channel",
            "telegram",
            "--sla",
            "99.9",
            "--at",
            "2024-01-01T00:00:00Z",
        ],
    );
    incident(
        p,
        1,
        "1",
        "2026-10-05T10:00:00Z",
        "2026-10-05T11:00:00Z",
        "Exchange F",
    );
    incident(
        p,
        2,
        "2",
        "2026-10-07T10:00:00Z",
        "2026-10-07T10:30:00Z",
        "Exchange G",
    );
    let f = report(p, &["--month", "2026-10", "--stakeholder", "exchange f"]);
    let g = report(p, &["--month", "2026-10", "--stakeholder", "Exchange G"]);
    let everyone = report(p, &["--month", "2026-10"]);
    assert_eq!(f["stakeholder"], "Exchange F");
    assert!(close(minutes(&f["downtime_minutes"]), 60.0), "{f}");
    assert!(close(minutes(&g["downtime_minutes"]), 30.0), "{g}");
    assert!(
        close(minutes(&everyone["downtime_minutes"]), 90.0),
        "{everyone}"
    );
    let tight = report(p, &["--month", "2026-10", "--stakeholder", "Tight SLA"]);
    assert!(close(minutes(&tight["budget_minutes"]), 44.64), "{tight}");
    assert!(close(minutes(&tight["downtime_minutes"]), 0.0), "{tight}");
}

#[test]
fn the_communication_record_counts_each_outcome_and_the_on_time_rate() {
    let db = db();
    let p = &db.path;
    add(p, "Told");
    add(p, "Forgotten");
    run(
        p,
        &[
            "declare",
            "--title",
            "Relay down",
            "--severity",
            "1",
            "--at",
            "2026-10-03T03:00:00Z",
        ],
    );
    // Initial notices due 03:15: one on time, one never sent.
    run(
        p,
        &[
            "sent",
            "INC-1",
            "--to",
            "Told",
            "--message",
            "Investigating.",
            "--at",
            "2026-10-03T03:10:00Z",
        ],
    );
    // A repeat two minutes later is stopped as a probable duplicate: Told's, no one else's.
    sitrep(p)
        .args([
            "sent",
            "INC-1",
            "--to",
            "Told",
            "--message",
            "Again.",
            "--at",
            "2026-10-03T03:12:00Z",
        ])
        .assert()
        .code(3);
    run(
        p,
        &[
            "status",
            "INC-1",
            "resolved",
            "--at",
            "2026-10-03T03:30:00Z",
        ],
    );
    let told = report(p, &["--month", "2026-10", "--stakeholder", "Told"]);
    let forgotten = report(p, &["--month", "2026-10", "--stakeholder", "Forgotten"]);
    assert_eq!(
        (
            told["duplicates_prevented"].as_u64(),
            forgotten["duplicates_prevented"].as_u64()
        ),
        (Some(1), Some(0))
    );
    assert_eq!(
        (told["on_time"].as_u64(), told["missed"].as_u64()),
        (Some(1), Some(0)),
        "{told}"
    );
    assert_eq!(told["updates_sent"], 1);
    let everyone = report(p, &["--month", "2026-10"]);
    let missed = everyone["missed"].as_u64().expect("missed");
    assert!(missed >= 1, "{everyone}");
    assert!(
        close(
            minutes(&everyone["updates_on_time_percent"]),
            100.0 / (1.0 + missed as f64)
        ),
        "{everyone}"
    );
}

#[test]
fn a_drills_notices_are_not_in_the_communication_record() {
    let db = db();
    let p = &db.path;
    add(p, "Told");
    add(p, "Forgotten");
    for args in [
        [
            "declare",
            "--title",
            "Failover drill",
            "--severity",
            "1",
            "--drill",
            "--at",
            "2026-10-03T03:00:00Z",
        ]
        .as_slice(),
        &[
            "sent",
            "INC-1",
            "--to",
            "Told",
            "--message",
            "Drill: investigating.",
            "--at",
            "2026-10-03T03:10:00Z",
        ],
        &[
            "status",
            "INC-1",
            "resolved",
            "--at",
            "2026-10-03T03:30:00Z",
        ],
    ] {
        run(p, args);
    }
    for r in [
        report(p, &["--month", "2026-10"]),
        report(p, &["--month", "2026-10", "--stakeholder", "Told"]),
    ] {
        assert_eq!(
            [
                "drills",
                "incidents",
                "updates_sent",
                "on_time",
                "late",
                "missed"
            ]
            .map(|field| r[field].as_u64()),
            [Some(1), Some(0), Some(0), Some(0), Some(0), Some(0)],
            "{r}"
        );
    }
}

#[test]
fn the_on_time_rate_counts_late_and_missed_notices_against_it_and_is_empty_when_none_came_due() {
    let db = db();
    let p = &db.path;
    // September: resolved five minutes in, before the first notices were due at 03:15.
    for args in [
        [
            "declare",
            "--title",
            "Blip",
            "--severity",
            "1",
            "--at",
            "2026-09-03T03:00:00Z",
        ]
        .as_slice(),
        &[
            "status",
            "INC-1",
            "resolved",
            "--at",
            "2026-09-03T03:05:00Z",
        ],
    ] {
        run(p, args);
    }
    // October: of the four first notices due 03:15, two on time, one late, one never sent.
    add(p, "Exchange B");
    for args in [
        [
            "declare",
            "--title",
            "Relay down",
            "--severity",
            "1",
            "--at",
            "2026-10-03T03:00:00Z",
        ]
        .as_slice(),
        &[
            "sent",
            "INC-2",
            "--to",
            "Exchange A (example)",
            "--at",
            "2026-10-03T03:10:00Z",
        ],
        &[
            "sent",
            "INC-2",
            "--to",
            "Exchange B",
            "--at",
            "2026-10-03T03:15:00Z",
        ],
        &[
            "sent",
            "INC-2",
            "--to",
            "Liquid staking protocol (example)",
            "--at",
            "2026-10-03T03:20:00Z",
        ],
        &[
            "status",
            "INC-2",
            "resolved",
            "--at",
            "2026-10-03T03:30:00Z",
        ],
    ] {
        run(p, args);
    }

    let september = report(p, &["--month", "2026-09"]);
    assert_eq!(
        (
            september["on_time"].as_u64(),
            september["late"].as_u64(),
            september["missed"].as_u64()
        ),
        (Some(0), Some(0), Some(0)),
        "{september}"
    );
    assert_eq!(
        september["updates_on_time_percent"],
        Value::Null,
        "{september}"
    );
    sitrep(p)
        .args(["report", "--month", "2026-09"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 missed, 0 skipped; on time -;"));
    let october = report(p, &["--month", "2026-10"]);
    assert_eq!(
        (
            october["on_time"].as_u64(),
            october["late"].as_u64(),
            october["missed"].as_u64()
        ),
        (Some(2), Some(1), Some(1)),
        "{october}"
    );
    assert!(
        close(minutes(&october["updates_on_time_percent"]), 50.0),
        "{october}"
    );
}

#[test]
fn a_bad_or_future_month_and_an_unknown_stakeholder_are_refused() {
    let db = db();
    let p = &db.path;
    for (args, says) in [
        (vec!["--month", "2026-13"], "YYYY-MM"),
        (vec!["--month", "oct"], "YYYY-MM"),
        (vec!["--month", "2099-01"], "has not begun"),
        (
            vec!["--month", "2026-10", "--stakeholder", "Nobody"],
            "no stakeholder named",
        ),
    ] {
        sitrep(p)
            .arg("report")
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
}

#[test]
fn estimated_milestones_are_left_out_of_the_means_and_counted_apart() {
    let db = db();
    let p = &db.path;
    incident(
        p,
        1,
        "1",
        "2026-10-05T10:00:00Z",
        "2026-10-05T10:40:00Z",
        "",
    );
    // Declared with no impact start or detection given: both estimated.
    run(
        p,
        &[
            "declare",
            "--title",
            "Guessed",
            "--severity",
            "2",
            "--at",
            "2026-10-06T10:00:00Z",
        ],
    );
    run(
        p,
        &[
            "status",
            "INC-2",
            "monitoring",
            "--at",
            "2026-10-06T12:00:00Z",
        ],
    );
    // Detected at a known time, its impact start a guess: no time to detect either.
    run(
        p,
        &[
            "declare",
            "--title",
            "Half guessed",
            "--severity",
            "2",
            "--detected",
            "2026-10-07T09:50:00Z",
            "--at",
            "2026-10-07T10:00:00Z",
        ],
    );
    let r = report(p, &["--month", "2026-10"]);
    assert!(close(minutes(&r["mttm_minutes"]), 40.0), "{r}");
    assert_eq!(r["mitigate"]["left_out"], 2);
    assert_eq!(r["detect"]["left_out"], 2);
    assert_eq!(r["incidents"], 3);
}

#[test]
fn this_months_report_is_there_from_its_first_instant_and_the_trend_ends_with_it() {
    use sitrep::{ManualClock, Store, report};
    let db = db();
    let p = &db.path;
    incident(
        p,
        1,
        "2",
        "2026-10-05T10:00:00Z",
        "2026-10-05T10:30:00Z",
        "",
    );
    let store = Store::open(p).expect("the database");
    let clock = ManualClock::new("2026-11-01T00:00:00Z".parse().expect("a time"));
    let november = report::report(&store, &clock, "2026-11", None).expect("November has begun");
    assert_eq!(november.incidents, 0);

    let trend = report::trend(&store, &clock, "2026-11", None).expect("twelve months");
    let months: Vec<&str> = trend.iter().map(|r| r.month.as_str()).collect();
    assert_eq!(months.len(), 12, "{months:?}");
    assert_eq!((months[0], months[11]), ("2025-12", "2026-11"));
    assert!(close(trend[10].downtime_minutes, 30.0), "{:?}", trend[10]);
    assert_eq!(trend[10].incidents, 1);
}

#[test]
fn an_affected_stakeholders_budget_shrinks_while_the_impact_lasts() {
    use sitrep::{
        AffectedInput, ManualClock, StakeholderInput, Store, affected, incident, lifecycle, report,
        stakeholder,
    };
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut store = Store::open(dir.path().join("s.db")).expect("open");
    let clock = ManualClock::new("2026-10-05T10:00:00Z".parse().expect("time"));
    let exchange = StakeholderInput {
        name: "Exchange H".into(),
        group: "Institutional stakers".into(),
        channel: "slack".into(),
        sla_target_percent: Some(99.5),
        ..StakeholderInput::default()
    };
    stakeholder::add(&mut store, &clock, &exchange).expect("stakeholder");
    let declare = sitrep::DeclareInput {
        title: "Down".into(),
        severity: 1,
        ..Default::default()
    };
    let key = incident::declare(&mut store, &clock, &declare)
        .expect("declare")
        .incident
        .id;
    let mark = AffectedInput {
        target: "Exchange H".into(),
        affected: true,
        ..Default::default()
    };
    affected::set_affected(&mut store, &clock, key, &mark).expect("affected");

    clock.advance(chrono::TimeDelta::minutes(30));
    let b = report::budgets(&store, &clock, key).expect("budgets");
    assert_eq!(b.len(), 1);
    // October at 99.5 %: 0.5 % of 44,640 minutes.
    assert!(close(b[0].budget_minutes, 223.2), "{b:?}");
    assert!(close(b[0].used_minutes, 30.0) && b[0].burning, "{b:?}");

    clock.advance(chrono::TimeDelta::minutes(15));
    let monitoring = lifecycle::StatusInput {
        status: sitrep::Status::Monitoring,
        note: None,
        at: None,
    };
    lifecycle::change_status(&mut store, &clock, key, &monitoring).expect("mitigated");
    clock.advance(chrono::TimeDelta::minutes(60));
    let after = report::budgets(&store, &clock, key).expect("budgets");
    assert!(
        close(after[0].used_minutes, 45.0) && !after[0].burning,
        "{after:?}"
    );
}

#[test]
fn the_report_exports_as_markdown_html_and_csv_with_names_escaped() {
    let db = db();
    let p = &db.path;
    for name in ["<script>alert(1)</script>", "=HYPERLINK(\"http://x\")"] {
        run(
            p,
            &[
                "stakeholder",
                "add",
                "--name",
                name,
                "--group",
                "Service partners",
                "--channel",
                "telegram",
                "--at",
                "2024-01-01T00:00:00Z",
            ],
        );
    }
    incident(
        p,
        1,
        "1",
        "2026-10-05T10:00:00Z",
        "2026-10-05T11:00:00Z",
        "<script>alert(1)</script>",
    );
    let export = |args: &[&str]| {
        let out = sitrep(p)
            .arg("report")
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).expect("UTF-8")
    };
    let html = export(&[
        "--month",
        "2026-10",
        "--stakeholder",
        "<script>alert(1)</script>",
        "--format",
        "html",
    ]);
    assert!(
        html.starts_with("<!doctype html>") && html.contains("60 min of a 446 min budget"),
        "{html}"
    );
    assert!(
        !html.contains("<script>") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    let csv = export(&[
        "--month",
        "2026-10",
        "--stakeholder",
        "=HYPERLINK(\"http://x\")",
        "--format",
        "csv",
    ]);
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .expect("header")
            .starts_with("month,stakeholder,incidents,drills,downtime_minutes"),
        "{csv}"
    );
    assert!(
        lines
            .next()
            .expect("row")
            .starts_with("2026-10,\"'=HYPERLINK"),
        "{csv}"
    );
    // The means in the CSV are the JSON report's, an empty cell where there is none.
    let operator = export(&["--month", "2026-10", "--format", "csv"]);
    let mut rows = csv::Reader::from_reader(operator.as_bytes());
    let header = rows.headers().expect("a header").clone();
    let row = rows.records().next().expect("a row").expect("a record");
    let cell = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .and_then(|i| row.get(i))
            .unwrap_or_else(|| panic!("no {name} in {operator}"))
            .to_owned()
    };
    let json = report(p, &["--month", "2026-10"]);
    for field in [
        "mttd_minutes",
        "mtta_minutes",
        "mttm_minutes",
        "mttr_minutes",
        "updates_on_time_percent",
        "satisfaction_average",
    ] {
        let expected = json[field]
            .as_f64()
            .map_or(String::new(), |v| format!("{v:.1}"));
        assert_eq!(cell(field), expected, "{field} in {operator}");
    }
    assert_eq!(cell("satisfaction_average"), "", "no feedback yet");
    let md = export(&["--month", "2026-10", "--format", "md"]);
    assert!(
        md.starts_with("# SLA and communication report, 2026\\-10")
            && md.contains("| Downtime | 60 min of a 446 min budget"),
        "{md}"
    );
    sitrep(p)
        .args(["report", "--month", "2026-10", "--format", "pdf"])
        .assert()
        .code(2);
}

#[test]
fn feedback_is_recorded_after_resolution_averaged_in_the_report_and_imported_all_or_nothing() {
    let db = db();
    let p = &db.path;
    add(p, "Rater");
    add(p, "Second");
    add(p, "Outsider");
    incident(
        p,
        1,
        "1",
        "2026-10-05T10:00:00Z",
        "2026-10-05T11:00:00Z",
        "Rater",
    );
    run(
        p,
        &[
            "stakeholder",
            "exclude",
            "INC-1",
            "Outsider",
            "--reason",
            "not theirs",
            "--at",
            "2026-10-05T10:05:00Z",
        ],
    );
    let refused = |args: &[&str], says: &str| {
        sitrep(p)
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    };
    refused(
        &["feedback", "INC-1", "--from", "Rater", "--rating", "6"],
        "1 (poor) to 5",
    );
    refused(
        &["feedback", "INC-1", "--from", "Nobody", "--rating", "4"],
        "Nobody",
    );
    refused(
        &["feedback", "INC-1", "--from", "Outsider", "--rating", "4"],
        "was not on INC-1",
    );
    refused(
        &[
            "feedback",
            "INC-1",
            "--from",
            "Rater",
            "--rating",
            "4",
            "--at",
            "2026-10-05T10:30:00Z",
        ],
        "cannot come before",
    );
    run(
        p,
        &[
            "feedback",
            "INC-1",
            "--from",
            "Rater",
            "--rating",
            "4",
            "--comment",
            "Clear and on time",
            "--at",
            "2026-10-06T09:00:00Z",
        ],
    );

    let dir = tempfile::tempdir().expect("temporary folder");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "incident,stakeholder,rating,comment,at\nINC-1,Second,5,great,2026-10-06T10:00:00Z\nINC-1,Second,9,too high,2026-10-06T10:00:00Z\n").expect("write");
    refused(
        &["feedback", "--import", bad.to_str().expect("path")],
        "line 3 of the CSV",
    );
    let good = dir.path().join("good.csv");
    std::fs::write(&good, "incident,stakeholder,rating,comment,at\nINC-1,Second,2,late at night,2026-10-06T10:00:00Z\n").expect("write");
    run(p, &["feedback", "--import", good.to_str().expect("path")]);

    let r = report(p, &["--month", "2026-10"]);
    assert!(close(minutes(&r["satisfaction_average"]), 3.0), "{r}");
    assert_eq!(r["feedback"].as_array().map(Vec::len), Some(2), "{r}");
    let theirs = report(p, &["--month", "2026-10", "--stakeholder", "Rater"]);
    assert_eq!(theirs["feedback"][0]["comment"], "Clear and on time");
    assert!(
        close(minutes(&theirs["satisfaction_average"]), 4.0),
        "{theirs}"
    );
}

#[test]
fn a_changed_sla_target_applies_from_its_month_and_earlier_months_keep_theirs() {
    let db = db();
    let p = &db.path;
    add(p, "Exchange T");
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("directory.csv");
    std::fs::write(&file, "name,group,channel,handle,notes,sla_target_percent\nExchange T,Institutional stakers,slack,,,99.9\n").expect("write");
    run(
        p,
        &[
            "stakeholders",
            "import",
            file.to_str().expect("path"),
            "--at",
            "2026-11-10T12:00:00Z",
        ],
    );
    let october = report(p, &["--month", "2026-10", "--stakeholder", "Exchange T"]);
    let november = report(p, &["--month", "2026-11", "--stakeholder", "Exchange T"]);
    assert_eq!(october["sla_target_percent"], 99.0, "{october}");
    assert!(
        close(minutes(&october["budget_minutes"]), 446.4),
        "{october}"
    );
    assert_eq!(november["sla_target_percent"], 99.9, "{november}");
    // November: 30 days at 99.9 % leaves 43.2 minutes.
    assert!(
        close(minutes(&november["budget_minutes"]), 43.2),
        "{november}"
    );
}

#[test]
fn months_are_calendar_months_of_the_zone_the_operator_reports_in() {
    let db = db();
    let p = &db.path;
    // 00:30 to 01:30 on 1 October in Berlin; still 30 September in UTC.
    incident(
        p,
        1,
        "2",
        "2026-09-30T22:30:00Z",
        "2026-09-30T23:30:00Z",
        "",
    );
    let utc = report(p, &["--month", "2026-10"]);
    assert!(close(minutes(&utc["downtime_minutes"]), 0.0), "{utc}");
    let mut store = sitrep::Store::open(p).expect("open");
    assert!(sitrep::report::set_time_zone(&mut store, "Mars/Olympus").is_err());
    assert_eq!(
        sitrep::report::set_time_zone(&mut store, " Europe/Berlin ").expect("zone"),
        "Europe/Berlin"
    );
    drop(store);
    let berlin = report(p, &["--month", "2026-10"]);
    assert!(
        close(minutes(&berlin["downtime_minutes"]), 60.0),
        "{berlin}"
    );
    assert_eq!(berlin["incidents"], 1);
    // October in Berlin has 31 days and the hour summer time gives back: 44,700 minutes.
    assert!(close(minutes(&berlin["budget_minutes"]), 447.0), "{berlin}");
}
