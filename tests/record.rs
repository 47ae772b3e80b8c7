//! The record the postmortem and the reports are built from, through the
//! CLI with `--at`: every obligation's outcome, impact windows, who was
//! affected, and the history kept as rows.

mod common;

use std::path::Path;

use common::{
    RESOLVE_RESUMED, db, declare_resumed_impact, due_json, refused, run, show_json, sitrep,
};
use serde_json::Value;

fn add_stakeholder(db: &Path, name: &str, group: &str) {
    run(
        db,
        &[
            "stakeholder",
            "add",
            "--name",
            name,
            "--group",
            group,
            "--channel",
            "slack",
            "--handle",
            &format!("#{}", name.to_lowercase()),
            "--at",
            "2026-10-01T00:00:00Z",
        ],
    );
}

/// The obligations of `detail` for `stakeholder`, oldest first.
fn obligations<'a>(detail: &'a Value, stakeholder: &str) -> Vec<&'a Value> {
    detail["comms"]["obligations"]
        .as_array()
        .expect("obligations")
        .iter()
        .filter(|o| o["stakeholder"] == stakeholder)
        .collect()
}

fn fields(o: &Value) -> (&str, &str, &str, &str, &Value) {
    (
        o["kind"].as_str().expect("kind"),
        o["outcome"].as_str().expect("outcome"),
        o["due_at"].as_str().expect("due_at"),
        o["first_due_at"].as_str().expect("first_due_at"),
        &o["ended_at"],
    )
}

/// One back-filled SEV2, escalated to SEV1, with one stakeholder per outcome.
#[test]
fn every_outcome_is_kept_with_its_first_due_time_and_back_dated_end() {
    let db = db();
    let p = &db.path;
    for name in ["OnTime", "Late", "Missed", "Skipped", "Removed"] {
        add_stakeholder(p, name, "Institutional stakers");
    }
    run(
        p,
        &[
            "declare",
            "--title",
            "Missed attestations",
            "--severity",
            "2",
            "--at",
            "2026-10-03T03:00:00Z",
        ],
    );
    // SEV2's initial notice is due 03:30; escalating at 03:05 moves it to 03:20.
    run(
        p,
        &[
            "edit",
            "INC-1",
            "--severity",
            "1",
            "--at",
            "2026-10-03T05:05:00+02:00",
        ],
    );
    run(
        p,
        &[
            "skip",
            "INC-1",
            "--to",
            "Skipped",
            "--reason",
            "told by phone",
            "--at",
            "2026-10-03T03:06:00Z",
        ],
    );
    run(
        p,
        &[
            "stakeholder",
            "exclude",
            "INC-1",
            "Removed",
            "--reason",
            "not their validators",
            "--at",
            "2026-10-03T03:08:00Z",
        ],
    );
    run(
        p,
        &[
            "sent",
            "INC-1",
            "--to",
            "OnTime",
            "--message",
            "Investigating.",
            "--at",
            "2026-10-03T03:10:00Z",
        ],
    );
    run(
        p,
        &[
            "sent",
            "INC-1",
            "--to",
            "Late",
            "--message",
            "Investigating.",
            "--at",
            "2026-10-03T03:25:00Z",
        ],
    );
    run(
        p,
        &[
            "status",
            "INC-1",
            "resolved",
            "--at",
            "2026-10-03T03:35:00Z",
        ],
    );

    let d = show_json(p, "INC-1");
    let first = |name| fields(obligations(&d, name)[0]);
    let ended = |t: &str| Value::String(t.to_owned());
    assert_eq!(
        first("OnTime"),
        (
            "initial",
            "on_time",
            "2026-10-03T03:20:00Z",
            "2026-10-03T03:30:00Z",
            &ended("2026-10-03T03:10:00Z")
        )
    );
    assert_eq!(
        first("Late"),
        (
            "initial",
            "late",
            "2026-10-03T03:20:00Z",
            "2026-10-03T03:30:00Z",
            &ended("2026-10-03T03:25:00Z")
        )
    );
    assert_eq!(
        first("Missed"),
        (
            "initial",
            "missed",
            "2026-10-03T03:20:00Z",
            "2026-10-03T03:30:00Z",
            &ended("2026-10-03T03:35:00Z")
        )
    );
    assert_eq!(
        first("Skipped"),
        (
            "initial",
            "skipped",
            "2026-10-03T03:20:00Z",
            "2026-10-03T03:30:00Z",
            &ended("2026-10-03T03:06:00Z")
        )
    );
    assert_eq!(
        obligations(&d, "Skipped")[0]["skip_reason"],
        "told by phone"
    );
    assert_eq!(
        first("Removed"),
        (
            "initial",
            "removed",
            "2026-10-03T03:20:00Z",
            "2026-10-03T03:30:00Z",
            &ended("2026-10-03T03:08:00Z")
        )
    );
    // Told at 03:10, the next update was due 03:40: resolving at 03:35 superseded it.
    let update = fields(obligations(&d, "OnTime")[1]);
    assert_eq!(
        update,
        (
            "update",
            "superseded",
            "2026-10-03T03:40:00Z",
            "2026-10-03T03:40:00Z",
            &ended("2026-10-03T03:35:00Z")
        )
    );
    // What is still owed is pending, with no end.
    let resolution = fields(obligations(&d, "Missed")[1]);
    assert_eq!(
        (resolution.0, resolution.1, resolution.4),
        ("resolution", "pending", &Value::Null)
    );

    // The checklist says plainly who was never told.
    let row = d["comms"]["checklist"]
        .as_array()
        .expect("checklist")
        .iter()
        .find(|r| r["stakeholder"] == "Missed")
        .expect("Missed's row");
    assert_eq!(row["last_update_at"], Value::Null);
    assert_eq!(row["missed"][0]["kind"], "initial");
    assert_eq!(row["missed"][0]["due_at"], "2026-10-03T03:30:00Z");
    let text = sitrep(p)
        .args(["show", "INC-1"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(
        String::from_utf8_lossy(&text)
            .contains("never told — initial missed 2026-10-03 03:30:00 UTC"),
        "{}",
        String::from_utf8_lossy(&text)
    );

    // Closed, the checklist stops flagging it; the record keeps it.
    run(
        p,
        &["status", "INC-1", "closed", "--at", "2026-10-04T09:00:00Z"],
    );
    let closed = show_json(p, "INC-1");
    let row = closed["comms"]["checklist"]
        .as_array()
        .expect("checklist")
        .iter()
        .find(|r| r["stakeholder"] == "Missed")
        .cloned()
        .expect("Missed's row");
    assert_eq!(row["missed"], serde_json::json!([]));
    assert_eq!(obligations(&closed, "Missed")[0]["outcome"], "missed");
}

#[test]
fn the_instant_a_notice_falls_due_is_still_in_time() {
    let db = db();
    let p = &db.path;
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
    // At 03:15 sharp the first notices are due soon, not yet overdue.
    for o in due_json(p, "2026-10-03T03:15:00Z") {
        assert_eq!(
            (&o["overdue"], &o["urgency"]),
            (&Value::Bool(false), &Value::from("due_soon")),
            "{o}"
        );
    }
    // Sent at 03:15 sharp is on time; ended unsent at 03:15 sharp is superseded, not missed.
    run(
        p,
        &[
            "sent",
            "INC-1",
            "--to",
            "Exchange A (example)",
            "--at",
            "2026-10-03T03:15:00Z",
        ],
    );
    run(
        p,
        &[
            "status",
            "INC-1",
            "resolved",
            "--at",
            "2026-10-03T03:15:00Z",
        ],
    );
    let d = show_json(p, "INC-1");
    let initial = |who: &str| {
        obligations(&d, who)
            .into_iter()
            .find(|o| o["kind"] == "initial")
            .map(|o| o["outcome"].clone())
    };
    assert_eq!(
        initial("Exchange A (example)"),
        Some(Value::from("on_time"))
    );
    assert_eq!(
        initial("Liquid staking protocol (example)"),
        Some(Value::from("superseded"))
    );
    assert_eq!(
        initial("Public status page (example)"),
        Some(Value::from("superseded"))
    );
}

#[test]
fn impact_windows_that_touch_or_last_no_time_are_in_order_and_corrections_go_through() {
    let db = db();
    let p = &db.path;
    for args in [
        [
            "declare",
            "--title",
            "Proposals missed",
            "--severity",
            "1",
            "--at",
            "2026-10-03T03:00:00Z",
        ]
        .as_slice(),
        // Mitigated the instant it was declared: a window of no length.
        &[
            "status",
            "INC-1",
            "monitoring",
            "--at",
            "2026-10-03T03:00:00Z",
        ],
        &[
            "status",
            "INC-1",
            "investigating",
            "--at",
            "2026-10-03T03:10:00Z",
        ],
        &[
            "status",
            "INC-1",
            "monitoring",
            "--at",
            "2026-10-03T03:20:00Z",
        ],
        // Resumed the instant it stopped: the next window starts where this one ends.
        &[
            "status",
            "INC-1",
            "investigating",
            "--at",
            "2026-10-03T03:20:00Z",
        ],
        &[
            "status",
            "INC-1",
            "resolved",
            "--at",
            "2026-10-03T03:30:00Z",
        ],
        &["edit", "INC-1", "--title", "Proposals missed on eu-west-1"],
    ] {
        run(p, args);
    }
    let d = show_json(p, "INC-1");
    assert_eq!(d["title"], "Proposals missed on eu-west-1");
    assert_eq!(
        d["impact_windows"],
        serde_json::json!([
            {"started_at": "2026-10-03T03:00:00Z", "ended_at": "2026-10-03T03:00:00Z"},
            {"started_at": "2026-10-03T03:10:00Z", "ended_at": "2026-10-03T03:20:00Z"},
            {"started_at": "2026-10-03T03:20:00Z", "ended_at": "2026-10-03T03:30:00Z"},
        ])
    );
    assert_eq!(d["durations"]["impact_minutes"], 20.0);
}

#[test]
fn impact_that_resumes_is_two_windows_and_their_sum() {
    let db = db();
    let p = &db.path;
    declare_resumed_impact(p);
    let ongoing = show_json(p, "INC-1");
    assert_eq!(ongoing["impact_windows"].as_array().map(Vec::len), Some(2));
    assert_eq!(ongoing["impact_windows"][1]["ended_at"], Value::Null);
    assert_eq!(ongoing["durations"]["impact_minutes"], Value::Null);
    run(p, &RESOLVE_RESUMED);

    let d = show_json(p, "INC-1");
    assert_eq!(
        d["impact_windows"],
        serde_json::json!([
            {"started_at": "2026-10-03T03:00:00Z", "ended_at": "2026-10-03T03:20:00Z"},
            {"started_at": "2026-10-03T03:30:00Z", "ended_at": "2026-10-03T03:50:00Z"},
        ])
    );
    assert_eq!(d["durations"]["impact_minutes"], 40.0);

    // Corrections move the edges they own; one that turns a window inside out is refused.
    run(p, &["edit", "INC-1", "--mitigated", "2026-10-03T03:15:00Z"]);
    assert_eq!(show_json(p, "INC-1")["durations"]["impact_minutes"], 35.0);
    refused(
        p,
        &["edit", "INC-1", "--mitigated", "2026-10-03T03:40:00Z"],
        "after the impact resumed",
    );
    refused(
        p,
        &["edit", "INC-1", "--resolved", "2026-10-03T03:25:00Z"],
        "before it starts",
    );
    assert_eq!(show_json(p, "INC-1")["durations"]["impact_minutes"], 35.0);
}

#[test]
fn mitigated_stays_the_first_entry_into_monitoring_when_the_impact_resumes_and_stops_again() {
    let db = db();
    let p = &db.path;
    declare_resumed_impact(p);
    run(
        p,
        &[
            "status",
            "INC-1",
            "monitoring",
            "--at",
            "2026-10-03T03:40:00Z",
        ],
    );

    let d = show_json(p, "INC-1");
    assert_eq!(d["mitigated_at"], "2026-10-03T03:20:00Z");
    assert_eq!(d["durations"]["time_to_mitigate_minutes"], 20.0);
    // The second entry closes the resumed impact all the same.
    assert_eq!(d["impact_windows"][1]["ended_at"], "2026-10-03T03:40:00Z");
}

#[test]
fn the_postmortem_obligation_is_due_kept_after_close_and_fulfilled_only_by_sharing() {
    let db = db();
    let p = &db.path;
    add_stakeholder(p, "Exchange B", "Institutional stakers");
    run(
        p,
        &[
            "declare",
            "--title",
            "Signer outage",
            "--severity",
            "1",
            "--at",
            "2026-10-03T03:00:00Z",
        ],
    );
    refused(
        p,
        &[
            "sent",
            "INC-1",
            "--to",
            "Exchange B",
            "--postmortem",
            "--at",
            "2026-10-03T03:05:00Z",
        ],
        "once it is resolved",
    );
    run(
        p,
        &[
            "status",
            "INC-1",
            "resolved",
            "--at",
            "2026-10-03T04:00:00Z",
        ],
    );
    run(
        p,
        &[
            "sent",
            "INC-1",
            "--to",
            "Exchange B",
            "--message",
            "Resolved.",
            "--at",
            "2026-10-03T04:10:00Z",
        ],
    );
    run(
        p,
        &["status", "INC-1", "closed", "--at", "2026-10-04T09:00:00Z"],
    );

    let due = due_json(p, "2026-10-05T00:00:00Z");
    let postmortem: Vec<&Value> = due
        .iter()
        .filter(|o| o["stakeholder"] == "Exchange B")
        .collect();
    assert_eq!(postmortem.len(), 1, "{due:?}");
    assert_eq!(postmortem[0]["kind"], "postmortem");
    assert_eq!(postmortem[0]["due_at"], "2026-10-06T04:00:00Z");
    let row = show_json(p, "INC-1")["comms"]["checklist"]
        .as_array()
        .expect("checklist")
        .iter()
        .find(|r| r["stakeholder"] == "Exchange B")
        .cloned()
        .expect("row");
    assert_eq!(row["postmortem_due_at"], "2026-10-06T04:00:00Z");

    run(
        p,
        &[
            "sent",
            "INC-1",
            "--to",
            "Exchange B",
            "--postmortem",
            "--at",
            "2026-10-05T12:00:00Z",
        ],
    );
    let d = show_json(p, "INC-1");
    let shared = obligations(&d, "Exchange B")
        .into_iter()
        .find(|o| o["kind"] == "postmortem")
        .expect("postmortem obligation");
    assert_eq!(shared["outcome"], "on_time");
    assert_eq!(shared["ended_at"], "2026-10-05T12:00:00Z");
    assert!(
        due_json(p, "2026-10-09T00:00:00Z")
            .iter()
            .all(|o| o["stakeholder"] != "Exchange B")
    );
    assert_eq!(
        d["timeline"]
            .as_array()
            .expect("timeline")
            .last()
            .expect("entry")["text"],
        "postmortem shared with Exchange B (slack)"
    );
}

#[test]
fn affected_stakeholders_are_marked_by_name_or_group_and_bad_ones_are_refused() {
    let db = db();
    let p = &db.path;
    add_stakeholder(p, "Lido", "Service partners");
    add_stakeholder(p, "Rocket", "Service partners");
    add_stakeholder(p, "Auditor X", "Auditors");
    run(
        p,
        &[
            "stakeholder",
            "retire",
            "Rocket",
            "--at",
            "2026-10-02T00:00:00Z",
        ],
    );
    run(
        p,
        &[
            "declare",
            "--title",
            "Client bug",
            "--severity",
            "2",
            "--at",
            "2026-10-03T03:00:00Z",
        ],
    );
    assert_eq!(
        show_json(p, "INC-1")["attention"]
            .as_array()
            .map(|a| a.contains(&Value::from("impact_unassigned"))),
        Some(true)
    );

    run(
        p,
        &[
            "affected",
            "INC-1",
            "add",
            "Lido",
            "--validators",
            "120",
            "--at",
            "2026-10-03T03:10:00Z",
        ],
    );
    refused(p, &["affected", "INC-1", "add", "Nobody"], "Nobody");
    refused(p, &["affected", "INC-1", "add", "Rocket"], "retired");
    refused(p, &["affected", "INC-1", "add", "Lido"], "already affected");
    refused(
        p,
        &["affected", "INC-1", "add", "Auditors", "--validators", "3"],
        "one stakeholder",
    );
    run(p, &["affected", "INC-1", "add", "auditors"]);

    let d = show_json(p, "INC-1");
    let names: Vec<&str> = d["affected"]
        .as_array()
        .expect("affected")
        .iter()
        .map(|a| a["stakeholder"].as_str().expect("name"))
        .collect();
    assert!(
        names.contains(&"Lido") && names.contains(&"Auditor X") && !names.contains(&"Rocket"),
        "{names:?}"
    );
    assert_eq!(d["validators_affected"], 120);
    assert!(
        !d["attention"]
            .as_array()
            .expect("attention")
            .contains(&Value::from("impact_unassigned"))
    );
    assert!(
        d["timeline"]
            .as_array()
            .expect("timeline")
            .iter()
            .any(|e| e["text"] == "affected: Lido (120 validators)"
                && e["at"] == "2026-10-03T03:10:00Z")
    );

    run(p, &["affected", "INC-1", "remove", "Auditor X"]);
    refused(
        p,
        &["affected", "INC-1", "remove", "Auditor X"],
        "not affected",
    );
    let after = show_json(p, "INC-1");
    assert_eq!(
        after["affected"].as_array().map(Vec::len),
        d["affected"].as_array().map(|a| a.len() - 1)
    );
}

#[test]
fn severity_roles_corrections_and_duplicates_are_kept_as_rows() {
    let db = db();
    let p = &db.path;
    add_stakeholder(p, "Exchange C", "Institutional stakers");
    run(
        p,
        &[
            "declare",
            "--title",
            "Relay down",
            "--severity",
            "3",
            "--detected",
            "2026-10-03T02:55:00Z",
            "--at",
            "2026-10-03T03:00:00Z",
        ],
    );
    let declared = show_json(p, "INC-1");
    assert_eq!(
        (
            declared["impact_started_estimated"].as_bool(),
            declared["detected_estimated"].as_bool()
        ),
        (Some(true), Some(false))
    );
    run(
        p,
        &[
            "role",
            "INC-1",
            "commander",
            "Ana",
            "--at",
            "2026-10-03T03:02:00Z",
        ],
    );
    run(
        p,
        &[
            "edit",
            "INC-1",
            "--severity",
            "1",
            "--at",
            "2026-10-03T03:04:00Z",
        ],
    );
    run(
        p,
        &[
            "role",
            "INC-1",
            "commander",
            "Ben",
            "--at",
            "2026-10-03T03:30:00Z",
        ],
    );
    run(
        p,
        &[
            "edit",
            "INC-1",
            "--severity",
            "2",
            "--at",
            "2026-10-03T03:40:00Z",
        ],
    );
    run(
        p,
        &[
            "sent",
            "INC-1",
            "--to",
            "Exchange C",
            "--message",
            "Investigating.",
            "--at",
            "2026-10-03T03:41:00Z",
        ],
    );
    sitrep(p)
        .args([
            "sent",
            "INC-1",
            "--to",
            "Exchange C",
            "--message",
            "Again.",
            "--at",
            "2026-10-03T03:42:00Z",
        ])
        .assert()
        .code(3);
    run(
        p,
        &[
            "sent",
            "INC-1",
            "--to",
            "Exchange C",
            "--message",
            "Again.",
            "--force",
            "--at",
            "2026-10-03T03:43:00Z",
        ],
    );
    run(
        p,
        &[
            "edit",
            "INC-1",
            "--impact-started",
            "2026-10-03T02:40:00Z",
            "--declared",
            "2026-10-03T02:58:00Z",
            "--drill",
            "true",
        ],
    );
    run(
        p,
        &["status", "INC-1", "closed", "--at", "2026-10-03T05:00:00Z"],
    );
    run(p, &["edit", "INC-1", "--closed", "2026-10-03T05:10:00Z"]);

    let d = show_json(p, "INC-1");
    assert_eq!(d["peak_severity"], 1);
    assert_eq!(d["severity"], 2);
    assert_eq!(d["severity_changes"].as_array().map(Vec::len), Some(2));
    assert_eq!(d["acknowledged_at"], "2026-10-03T03:02:00Z");
    assert_eq!(d["durations"]["time_to_acknowledge_minutes"], 7.0);
    assert_eq!(
        d["role_tenures"],
        serde_json::json!([
            {"role": "commander", "person": "Ana", "started_at": "2026-10-03T03:02:00Z", "ended_at": "2026-10-03T03:30:00Z"},
            {"role": "commander", "person": "Ben", "started_at": "2026-10-03T03:30:00Z", "ended_at": "2026-10-03T05:00:00Z"},
        ])
    );
    let corrected: Vec<(&str, &str)> = d["corrections"]
        .as_array()
        .expect("corrections")
        .iter()
        .map(|c| {
            (
                c["milestone"].as_str().expect("milestone"),
                c["by"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        corrected,
        [
            ("impact_started", "Ben"),
            ("declared", "Ben"),
            ("closed", "Ben")
        ]
    );
    assert_eq!(
        (d["declared_at"].as_str(), d["closed_at"].as_str()),
        (Some("2026-10-03T02:58:00Z"), Some("2026-10-03T05:10:00Z"))
    );
    assert_eq!(d["impact_started_estimated"], false);
    assert_eq!(d["drill"], true);
    assert!(
        d["timeline"]
            .as_array()
            .expect("timeline")
            .iter()
            .any(|e| e["kind"] == "drill")
    );
    assert_eq!(
        (
            d["comms"]["duplicates_prevented"].as_u64(),
            d["comms"]["duplicates_sent_anyway"].as_u64()
        ),
        (Some(1), Some(1))
    );
}

#[test]
fn bad_record_input_exits_2_and_writes_nothing() {
    let db = db();
    let p = &db.path;
    add_stakeholder(p, "Exchange D", "Institutional stakers");
    run(
        p,
        &[
            "declare",
            "--title",
            "Slashing risk",
            "--severity",
            "1",
            "--at",
            "2026-10-03T03:00:00Z",
        ],
    );
    let before = show_json(p, "INC-1");
    refused(
        p,
        &["skip", "INC-1", "--to", "Exchange D", "--reason", " "],
        "say why",
    );
    refused(
        p,
        &[
            "skip",
            "INC-1",
            "--to",
            "Exchange D",
            "--postmortem",
            "--reason",
            "no",
        ],
        "owed no postmortem",
    );
    refused(
        p,
        &["edit", "INC-1", "--closed", "2026-10-03T04:00:00Z"],
        "no closed time yet",
    );
    refused(
        p,
        &["edit", "INC-1", "--declared", "2026-10-03T02:00:00Z"],
        "out of order",
    );
    refused(
        p,
        &[
            "affected",
            "INC-1",
            "add",
            "Exchange D",
            "--at",
            "2026-10-03T02:00:00Z",
        ],
        "declared at",
    );
    assert_eq!(show_json(p, "INC-1"), before);
}

#[test]
fn list_month_names_the_incidents_whose_impact_falls_in_it() {
    let db = db();
    let p = &db.path;
    run(
        p,
        &[
            "declare",
            "--title",
            "September only",
            "--severity",
            "3",
            "--at",
            "2026-09-10T10:00:00Z",
        ],
    );
    run(
        p,
        &[
            "status",
            "INC-1",
            "resolved",
            "--at",
            "2026-09-10T11:00:00Z",
        ],
    );
    run(
        p,
        &[
            "declare",
            "--title",
            "Across the month's end",
            "--severity",
            "2",
            "--at",
            "2026-09-30T23:30:00Z",
        ],
    );
    run(
        p,
        &[
            "status",
            "INC-2",
            "resolved",
            "--at",
            "2026-10-01T00:30:00Z",
        ],
    );
    run(
        p,
        &[
            "declare",
            "--title",
            "Still open",
            "--severity",
            "2",
            "--at",
            "2026-09-20T08:00:00Z",
        ],
    );
    run(
        p,
        &[
            "declare",
            "--title",
            "November",
            "--severity",
            "2",
            "--at",
            "2026-11-02T08:00:00Z",
        ],
    );
    let out = sitrep(p)
        .args(["list", "--month", "2026-10"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8_lossy(&out);
    assert!(
        out.contains("Across the month's end") && out.contains("Still open"),
        "{out}"
    );
    assert!(
        !out.contains("September only") && !out.contains("November"),
        "{out}"
    );
    refused(p, &["list", "--month", "2026-13"], "YYYY-MM");
}
