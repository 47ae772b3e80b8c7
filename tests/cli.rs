//! The `sitrep` binary against the CLI contract in DESIGN.md: output, JSON
//! field names, exit statuses, and that refused input writes nothing.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{db, declare_at, due_json, run, show_json, sitrep, stdout};
use predicates::prelude::*;
use serde_json::Value;

fn list_json(db: &Path) -> Value {
    let out = sitrep(db)
        .args(["list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("list --json prints JSON")
}

#[test]
fn declare_prints_the_key_and_list_shows_it() {
    let db = db();
    sitrep(&db.path)
        .args([
            "declare",
            "--title",
            "Validators offline in eu-west-1",
            "--severity",
            "1",
        ])
        .assert()
        .success()
        .stdout("INC-1\n");
    sitrep(&db.path).args(["list"]).assert().success().stdout(
        predicate::str::contains("INC-1")
            .and(predicate::str::contains("Validators offline in eu-west-1")),
    );
}

#[test]
fn json_uses_the_contracts_field_names_and_utc_times() {
    let db = db();
    let out = sitrep(&db.path)
        .args([
            "declare",
            "--title",
            "Remote signer unreachable",
            "--severity",
            "2",
            "--drill",
            "--json",
        ])
        .args([
            "--at",
            "2026-03-13T21:10:00-05:00",
            "--detected",
            "2026-03-14T02:05:00+00:00",
        ])
        .args(["--impact-started", "2026-03-14T03:00:00+01:00"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let declared: Value = serde_json::from_slice(&out).expect("declare --json prints JSON");
    assert_eq!(declared["id"], "INC-1");
    assert_eq!(declared["title"], "Remote signer unreachable");
    assert_eq!(declared["severity"], 2);
    assert_eq!(declared["status"], "investigating");
    assert_eq!(declared["drill"], true);
    assert_eq!(declared["declared_at"], "2026-03-14T02:10:00Z");
    assert_eq!(declared["detected_at"], "2026-03-14T02:05:00Z");
    assert_eq!(declared["impact_started_at"], "2026-03-14T02:00:00Z");
    for unset in ["mitigated_at", "resolved_at", "closed_at"] {
        assert_eq!(declared[unset], Value::Null, "{unset}");
    }
    assert_eq!(declared["timeline"][0]["at"], "2026-03-14T02:10:00Z");
    assert_eq!(declared["timeline"][0]["kind"], "declared");
    assert!(declared["timeline"][0]["text"].is_string());

    // `list` prints summaries: the contract's fields, the soonest notice, no timeline.
    let listed = list_json(&db.path);
    let summary = &listed[0];
    for field in [
        "id",
        "title",
        "severity",
        "status",
        "drill",
        "impact_started_at",
        "detected_at",
        "declared_at",
        "mitigated_at",
        "resolved_at",
        "closed_at",
        "acknowledged_at",
    ] {
        assert_eq!(summary[field], declared[field], "{field}");
    }
    assert_eq!(summary["next_due"]["kind"], "initial");
    assert_eq!(summary["next_due"]["due_at"], "2026-03-14T02:40:00Z");
    assert!(summary.get("timeline").is_none(), "{summary}");
}

#[test]
fn list_pages_open_incidents_first_then_the_newest_since_a_time() {
    let db = db();
    let declare = |title: &str, at: &str| {
        sitrep(&db.path)
            .args(["declare", "--title", title, "--severity", "3", "--at", at])
            .assert()
            .success();
    };
    declare("Oldest", "2026-01-01T00:00:00Z");
    declare("Middle", "2026-02-01T00:00:00Z");
    declare("Newest", "2026-03-01T00:00:00Z");
    declare("Still open", "2026-01-15T00:00:00Z");
    for key in ["INC-1", "INC-2", "INC-3"] {
        for status in ["resolved", "closed"] {
            sitrep(&db.path)
                .args(["status", key, status, "--at", "2026-03-02T00:00:00Z"])
                .assert()
                .success();
        }
    }
    let ids = |args: &[&str]| -> Vec<String> {
        let list = [&["list", "--json"], args].concat();
        let listed: Value = serde_json::from_str(&stdout(&db.path, &list)).expect("JSON");
        listed
            .as_array()
            .expect("a list")
            .iter()
            .map(|i| i["id"].as_str().expect("a key").to_owned())
            .collect()
    };
    assert_eq!(ids(&[]), ["INC-4", "INC-3", "INC-2", "INC-1"]);
    assert_eq!(ids(&["--limit", "2"]), ["INC-4", "INC-3"]);
    assert_eq!(
        ids(&["--since", "2026-01-10T00:00:00Z"]),
        ["INC-4", "INC-3", "INC-2"]
    );
    assert_eq!(ids(&["--open"]), ["INC-4"]);
    // A month keeps its own order (impact in it) and takes the same narrowing.
    assert_eq!(ids(&["--month", "2026-01", "--limit", "1"]).len(), 1);
    assert_eq!(
        ids(&["--month", "2026-01", "--since", "2026-01-10T00:00:00Z"]),
        ["INC-4"]
    );
    sitrep(&db.path)
        .args(["list", "--since", "yesterday"])
        .assert()
        .code(2);
}

#[test]
fn list_open_leaves_out_nothing_that_is_open() {
    let db = db();
    for title in ["First", "Second"] {
        sitrep(&db.path)
            .args(["declare", "--title", title, "--severity", "3"])
            .assert()
            .success();
    }
    let out = sitrep(&db.path)
        .args(["list", "--open", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let open: Value = serde_json::from_slice(&out).expect("JSON");
    assert_eq!(open.as_array().map(Vec::len), Some(2));
}

#[test]
fn bad_input_exits_2_with_a_reason_and_writes_nothing() {
    let db = db();
    let long_title = "x".repeat(201);
    let cases: [(&[&str], &str); 7] = [
        (&["--title", "", "--severity", "2"], "title is empty"),
        (&["--title", &long_title, "--severity", "2"], "201"),
        (&["--title", "Down", "--severity", "0"], "severity"),
        (&["--title", "Down", "--severity", "7"], "severity"),
        (&["--title", "Down", "--severity", "high"], "high"),
        (
            &[
                "--title",
                "Down",
                "--severity",
                "2",
                "--at",
                "14/03/2026 02:00",
            ],
            "RFC 3339",
        ),
        (
            &[
                "--title",
                "Down",
                "--severity",
                "2",
                "--at",
                "2999-01-01T00:00:00Z",
            ],
            "future",
        ),
    ];
    for (args, reason) in cases {
        sitrep(&db.path)
            .arg("declare")
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(reason));
    }
    assert_eq!(list_json(&db.path), Value::Array(vec![]));
}

#[test]
fn a_missing_required_option_is_a_usage_error() {
    let db = db();
    sitrep(&db.path)
        .args(["declare", "--severity", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--title"));
    sitrep(&db.path).args(["frobnicate"]).assert().code(2);
}

#[test]
fn sitrep_db_names_the_database_and_the_file_is_private() {
    let db = db();
    Command::cargo_bin("sitrep")
        .expect("the sitrep binary")
        .env("SITREP_DB", &db.path)
        .args([
            "declare",
            "--title",
            "Key manager failing",
            "--severity",
            "1",
        ])
        .assert()
        .success();
    assert_eq!(list_json(&db.path)[0]["title"], "Key manager failing");

    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&db.path)
        .expect("the database file")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

/// An incident back-filled the morning after, from notes kept in two time
/// zones (UTC+1 and UTC+2), crossing midnight.
#[test]
fn a_back_filled_incident_shows_utc_times_and_durations() {
    let db = db();
    let run = |args: &[&str]| {
        sitrep(&db.path).args(args).assert().success();
    };
    sitrep(&db.path)
        .args([
            "declare",
            "--title",
            "Missed attestations on cluster fra-3",
            "--severity",
            "1",
            "--kind",
            "missed-attestations",
            "--impact-started",
            "2026-11-24T23:47:00+01:00",
            "--detected",
            "2026-11-25T00:58:00+02:00",
            "--at",
            "2026-11-25T00:05:00+01:00",
        ])
        .assert()
        .success()
        .stdout("INC-1\n");
    run(&[
        "role",
        "INC-1",
        "commander",
        "Ana",
        "--at",
        "2026-11-25T00:06:00+01:00",
    ]);
    run(&[
        "note",
        "INC-1",
        "NTP drift on fra-3 hosts",
        "--at",
        "2026-11-25T01:20:00+02:00",
    ]);
    run(&[
        "status",
        "INC-1",
        "identified",
        "--at",
        "2026-11-25T00:25:00+01:00",
    ]);
    run(&[
        "role",
        "INC-1",
        "commander",
        "Bo",
        "--at",
        "2026-11-25T01:30:00+02:00",
    ]);
    run(&[
        "status",
        "INC-1",
        "monitoring",
        "--note",
        "chrony restarted",
        "--at",
        "2026-11-25T01:41:00+02:00",
    ]);
    run(&["step", "INC-1", "1", "--at", "2026-11-25T00:45:00+01:00"]);
    run(&[
        "status",
        "INC-1",
        "resolved",
        "--at",
        "2026-11-25T01:17:00+01:00",
    ]);

    let shown = show_json(&db.path, "INC-1");
    assert_eq!(shown["id"], "INC-1");
    assert_eq!(shown["status"], "resolved");
    assert_eq!(shown["kind"], "missed-attestations");
    assert_eq!(shown["commander"], "Bo");
    assert_eq!(shown["impact_started_at"], "2026-11-24T22:47:00Z");
    assert_eq!(shown["detected_at"], "2026-11-24T22:58:00Z");
    assert_eq!(shown["declared_at"], "2026-11-24T23:05:00Z");
    assert_eq!(shown["mitigated_at"], "2026-11-24T23:41:00Z");
    assert_eq!(shown["resolved_at"], "2026-11-25T00:17:00Z");
    assert_eq!(shown["closed_at"], Value::Null);
    let durations = &shown["durations"];
    assert_eq!(durations["time_to_detect_minutes"], 11.0);
    assert_eq!(durations["time_to_declare_minutes"], 7.0);
    assert_eq!(durations["time_to_mitigate_minutes"], 54.0);
    assert_eq!(durations["time_to_resolve_minutes"], 90.0);
    assert_eq!(durations["impact_minutes"], 54.0);

    let timeline: Vec<(String, String, String)> = shown["timeline"]
        .as_array()
        .expect("a timeline")
        .iter()
        .map(|e| {
            let field = |name: &str| e[name].as_str().expect(name).to_owned();
            (field("at"), field("kind"), field("text"))
        })
        .collect();
    let expected = [
        ("2026-11-24T23:05:00Z", "declared"),
        ("2026-11-24T23:06:00Z", "role"),
        ("2026-11-24T23:20:00Z", "note"),
        ("2026-11-24T23:25:00Z", "status"),
        ("2026-11-24T23:30:00Z", "role"),
        ("2026-11-24T23:41:00Z", "status"),
        ("2026-11-24T23:45:00Z", "step"),
        ("2026-11-25T00:17:00Z", "status"),
    ];
    let got: Vec<(&str, &str)> = timeline
        .iter()
        .map(|(at, kind, _)| (at.as_str(), kind.as_str()))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(timeline[4].2, "commander handed over from Ana to Bo");
    assert_eq!(timeline[5].2, "identified → monitoring: chrony restarted");

    // For people: UTC with the date, on both sides of midnight.
    sitrep(&db.path)
        .args(["show", "INC-1"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("2026-11-24 22:47:00 UTC")
                .and(predicate::str::contains("2026-11-25 00:17:00 UTC")),
        );
}

#[test]
fn lifecycle_commands_refuse_bad_input_with_exit_2_and_write_nothing() {
    let db = db();
    declare_at(&db.path, "Signer down", "2", "2026-11-24T10:00:00Z");
    let before = show_json(&db.path, "INC-1");
    let big_note = "x".repeat(64 * 1024 + 1);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["note", "INC-7", "hello"], "no incident INC-7"),
        (vec!["note", "INC-x", "hello"], "INC-7"),
        (
            vec!["status", "INC-1", "investigating"],
            "already investigating",
        ),
        (vec!["status", "INC-1", "fixed"], "unknown status"),
        (
            vec![
                "status",
                "INC-1",
                "resolved",
                "--at",
                "2999-01-01T00:00:00Z",
            ],
            "future",
        ),
        (
            vec![
                "status",
                "INC-1",
                "resolved",
                "--at",
                "2026-11-24T09:00:00Z",
            ],
            "last changed status",
        ),
        (
            vec![
                "edit",
                "INC-1",
                "--impact-started",
                "2026-11-24T10:30:00+02:00",
                "--detected",
                "2026-11-24T08:00:00Z",
            ],
            "out of order",
        ),
        (
            vec!["edit", "INC-1", "--resolved", "2026-11-24T11:00:00Z"],
            "no resolved time yet",
        ),
        (vec!["edit", "INC-1"], "nothing to change"),
        (vec!["note", "INC-1", ""], "empty"),
        (vec!["note", "INC-1", &big_note], "64 KB"),
        (vec!["role", "INC-1", "boss", "Ana"], "unknown role"),
        (vec!["role", "INC-1", "commander", " "], "name the person"),
        (vec!["step", "INC-1", "1"], "no step 1"),
        (
            vec!["edit", "INC-1", "--kind", "volcano"],
            "known kinds: validator-client-down",
        ),
    ];
    for (args, reason) in cases {
        sitrep(&db.path)
            .args(&args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(reason));
    }
    assert_eq!(show_json(&db.path, "INC-1"), before);
}

#[test]
fn plans_export_and_import_round_trip_as_toml() {
    let db = db();
    let exported = sitrep(&db.path)
        .args(["plans", "export"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let toml = String::from_utf8(exported).expect("UTF-8");
    assert!(toml.contains("kind = \"slashing-risk\""), "{toml}");

    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("plans.toml");
    let edited = toml.replace(
        "name = \"Cloud or data-centre outage\"",
        "name = \"Cloud outage\"",
    ) + "\n[[plan]]\nkind = \"mev-relay-down\"\nname = \"MEV relay down\"\n\n[[plan.step]]\ntext = \"Fall back to local block building\"\nstop_the_bleeding = true\n";
    std::fs::write(&file, edited).expect("write plans");
    sitrep(&db.path)
        .args(["plans", "import"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("imported 7 plans"));
    sitrep(&db.path).args(["plans"]).assert().success().stdout(
        predicate::str::contains("Cloud outage").and(predicate::str::contains("mev-relay-down")),
    );

    std::fs::write(
        &file,
        "[[plan]]\nkind = \"Bad Kind\"\nname = \"x\"\n[[plan.step]]\ntext = \"y\"\n",
    )
    .expect("write");
    sitrep(&db.path)
        .args(["plans", "import"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("lowercase letters"));
}

/// The issue's check: a SEV1 declared at T with the default policy.
#[test]
fn due_and_sent_follow_the_cadence_and_refuse_a_probable_duplicate_with_exit_3() {
    let db = db();
    declare_at(&db.path, "Validators offline", "1", "2026-11-24T10:00:00Z");
    let due = due_json(&db.path, "2026-11-24T10:05:00Z");
    let live: Vec<&str> = due
        .iter()
        .map(|o| o["stakeholder"].as_str().expect("a name"))
        .collect();
    assert_eq!(
        live,
        [
            "Exchange A (example)",
            "Liquid staking protocol (example)",
            "Public status page (example)"
        ]
    );
    for o in &due {
        assert_eq!(o["incident"], "INC-1");
        assert_eq!(o["kind"], "initial");
        assert_eq!(o["due_at"], "2026-11-24T10:15:00Z");
        assert_eq!(o["overdue"], false);
    }

    let exchange = "Exchange A (example)";
    sitrep(&db.path)
        .args([
            "sent",
            "INC-1",
            "--to",
            exchange,
            "--at",
            "2026-11-24T10:10:00Z",
        ])
        .assert()
        .success();
    let due = due_json(&db.path, "2026-11-24T10:16:00Z");
    let next = due
        .iter()
        .find(|o| o["stakeholder"] == exchange)
        .expect("Exchange A's next");
    assert_eq!(
        (next["kind"].as_str(), next["due_at"].as_str()),
        (Some("update"), Some("2026-11-24T10:40:00Z"))
    );
    assert!(
        due.iter()
            .filter(|o| o["stakeholder"] != exchange)
            .all(|o| o["overdue"] == true)
    );

    sitrep(&db.path)
        .args([
            "sent",
            "INC-1",
            "--to",
            exchange,
            "--at",
            "2026-11-24T10:20:00Z",
        ])
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains(
            "probable duplicate: Exchange A (example) was told 10 min ago on Slack",
        ));
    sitrep(&db.path)
        .args([
            "sent",
            "INC-1",
            "--to",
            exchange,
            "--at",
            "2026-11-24T10:20:00Z",
            "--force",
        ])
        .assert()
        .success();
    let shown = show_json(&db.path, "INC-1");
    let log = shown["comms"]["log"].as_array().expect("a comms log");
    assert_eq!(log.len(), 2);
    assert_eq!(log[0]["on_time"], true);
    assert_eq!(log[1]["forced"], true);
    assert_eq!(shown["comms"]["duplicates_prevented"], 1);
}

#[test]
fn a_quick_update_after_a_status_change_is_sent_but_one_after_no_change_since_is_refused() {
    let db = db();
    declare_at(&db.path, "Validators offline", "1", "2026-11-24T10:00:00Z");
    let sent_at = |at: &str| {
        sitrep(&db.path)
            .args(["sent", "INC-1", "--to", "Exchange A (example)", "--at", at])
            .assert()
    };
    sent_at("2026-11-24T10:10:00Z").success();
    run(
        &db.path,
        &[
            "status",
            "INC-1",
            "identified",
            "--at",
            "2026-11-24T10:12:00Z",
        ],
    );
    // Four minutes after the last update, well within half of SEV1's 30: news, not a repeat.
    sent_at("2026-11-24T10:14:00Z").success();
    // No status change since 10:14.
    sent_at("2026-11-24T10:16:00Z")
        .code(3)
        .stderr(predicate::str::contains(
            "probable duplicate: Exchange A (example) was told 2 min ago on Slack",
        ));
    let shown = show_json(&db.path, "INC-1");
    assert_eq!(shown["comms"]["log"].as_array().map(Vec::len), Some(2));
    assert_eq!(shown["comms"]["duplicates_prevented"], 1);
}

#[test]
fn comms_commands_refuse_bad_input_with_exit_2_and_record_nothing() {
    let db = db();
    declare_at(&db.path, "Signer down", "1", "2026-11-24T10:00:00Z");
    sitrep(&db.path)
        .args(["stakeholder", "retire", "Public status page (example)"])
        .assert()
        .success();
    let before = show_json(&db.path, "INC-1");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["sent", "INC-1", "--to", "Nobody"],
            "no stakeholder named",
        ),
        (
            vec!["sent", "INC-1", "--to", "Public status page (example)"],
            "retired",
        ),
        (
            vec!["sent", "INC-1", "--to", "Security auditor (example)"],
            "is not on INC-1",
        ),
        (
            vec![
                "sent",
                "INC-1",
                "--to",
                "Exchange A (example)",
                "--message",
                " ",
            ],
            "message is empty",
        ),
        (
            vec![
                "sent",
                "INC-1",
                "--to",
                "Exchange A (example)",
                "--message",
                "",
            ],
            "message is empty",
        ),
        (
            vec![
                "sent",
                "INC-1",
                "--to",
                "Exchange A (example),Exchange A (example)",
            ],
            "named twice",
        ),
        (
            vec!["sent", "INC-9", "--to", "Exchange A (example)"],
            "no incident INC-9",
        ),
        (
            vec![
                "stakeholder",
                "add",
                "--name",
                "X",
                "--group",
                "Customers",
                "--channel",
                "slack",
            ],
            "unknown group",
        ),
        (
            vec![
                "stakeholder",
                "add",
                "--name",
                "X",
                "--group",
                "Auditors",
                "--channel",
                "fax",
            ],
            "unknown channel",
        ),
    ];
    for (args, reason) in cases {
        sitrep(&db.path)
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(reason));
    }
    assert_eq!(show_json(&db.path, "INC-1"), before);
}

#[test]
fn the_directory_round_trips_through_csv_and_json() {
    let db = db();
    sitrep(&db.path)
        .args([
            "stakeholder",
            "add",
            "--name",
            "Exchange B",
            "--group",
            "institutional stakers",
            "--channel",
            "slack",
            "--handle",
            "#ext-b",
            "--sla",
            "99.9",
        ])
        .assert()
        .success();
    let dir = tempfile::tempdir().expect("temporary folder");
    for (format, old, new) in [
        ("csv", "#ext-b", "#ext-b-csv"),
        ("json", "#ext-b-csv", "#ext-b-json"),
    ] {
        let out = sitrep(&db.path)
            .args(["stakeholders", "export", "--format", format])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).expect("UTF-8");
        assert!(
            text.contains("Exchange B") && text.contains("99.9"),
            "{text}"
        );
        let changed = text.replace(old, new);
        let file = dir.path().join(format!("directory.{format}"));
        std::fs::write(&file, changed).expect("write");
        sitrep(&db.path)
            .args(["stakeholders", "import"])
            .arg(&file)
            .assert()
            .success()
            .stdout(predicate::str::contains("added 0, updated 7"));
    }
    let listed = sitrep(&db.path)
        .args(["stakeholders", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let listed: Value = serde_json::from_slice(&listed).expect("JSON");
    let b = listed
        .as_array()
        .expect("a list")
        .iter()
        .find(|s| s["name"] == "Exchange B")
        .expect("Exchange B");
    assert_eq!(b["channel"]["handle"], "#ext-b-json");
    assert_eq!(b["retired_channels"][0]["handle"], "#ext-b-csv");
    assert_eq!(b["retired_channels"][1]["handle"], "#ext-b");
}

fn stakeholders_json(db: &Path) -> Value {
    let out = sitrep(db)
        .args(["stakeholders", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("stakeholders --json prints JSON")
}

fn plans_json(db: &Path) -> Value {
    let out = sitrep(db)
        .args(["plans", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("plans --json prints JSON")
}

fn named<'a>(stakeholders: &'a Value, name: &str) -> &'a Value {
    stakeholders
        .as_array()
        .expect("a list")
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("{name} is in the directory"))
}

/// The timeline entry of `detail` whose text starts with `prefix`.
fn entry<'a>(detail: &'a Value, prefix: &str) -> &'a Value {
    detail["timeline"]
        .as_array()
        .expect("a timeline")
        .iter()
        .find(|e| e["text"].as_str().is_some_and(|t| t.starts_with(prefix)))
        .unwrap_or_else(|| panic!("an entry starting {prefix:?}"))
}

const NEW_PLAN: &str = "[[plan]]\nkind = \"mev-relay-down\"\nname = \"MEV relay down\"\n\n[[plan.step]]\ntext = \"Fall back to local block building\"\n";

#[test]
fn directory_and_membership_changes_are_back_dated_with_at_in_any_offset() {
    let db = db();
    let dir = tempfile::tempdir().expect("temporary folder");
    declare_at(&db.path, "Signer down", "1", "2026-11-24T10:00:00Z");

    sitrep(&db.path)
        .args(["stakeholder", "add", "--name", "Exchange B"])
        .args(["--group", "institutional stakers", "--channel", "slack"])
        .args(["--handle", "#ext-b", "--at", "2026-11-24T11:00:00+01:00"])
        .assert()
        .success();
    sitrep(&db.path)
        .args([
            "stakeholder",
            "channel",
            "Exchange B",
            "--channel",
            "telegram",
        ])
        .args([
            "--handle",
            "@exchange-b",
            "--at",
            "2026-11-24T12:30:00+02:00",
        ])
        .assert()
        .success();
    let file = dir.path().join("directory.json");
    let rows = r#"[{"name": "Exchange C", "group": "Institutional stakers", "channel": "email", "handle": "ops@c.example"}]"#;
    std::fs::write(&file, rows).expect("write");
    sitrep(&db.path)
        .args(["stakeholders", "import"])
        .arg(&file)
        .args(["--at", "2026-11-24T06:40:00-04:00"])
        .assert()
        .success()
        .stdout(predicate::str::contains("added 1, updated 0"));
    sitrep(&db.path)
        .args(["stakeholder", "retire", "Exchange B"])
        .args(["--at", "2026-11-24T16:20:00+05:00"])
        .assert()
        .success();
    let listed = stakeholders_json(&db.path);
    let b = named(&listed, "Exchange B");
    assert_eq!(b["retired_channels"][0]["added_at"], "2026-11-24T10:00:00Z");
    assert_eq!(
        b["retired_channels"][0]["retired_at"],
        "2026-11-24T10:30:00Z"
    );
    assert_eq!(b["channel"]["added_at"], "2026-11-24T10:30:00Z");
    assert_eq!(b["retired_at"], "2026-11-24T11:20:00Z");
    let c = named(&listed, "Exchange C");
    assert_eq!(c["channel"]["added_at"], "2026-11-24T10:40:00Z");

    let provider = "Validator client team (example)";
    sitrep(&db.path)
        .args(["stakeholder", "include", "INC-1", provider])
        .args(["--reason", "their client crashed"])
        .args(["--at", "2026-11-24T06:15:00-05:00"])
        .assert()
        .success();
    sitrep(&db.path)
        .args(["stakeholder", "exclude", "INC-1", provider])
        .args(["--reason", "not their client after all"])
        .args(["--at", "2026-11-24T20:45:00+09:00"])
        .assert()
        .success();
    let detail = show_json(&db.path, "INC-1");
    let added = entry(&detail, &format!("{provider} added to"));
    assert_eq!(added["at"], "2026-11-24T11:15:00Z");
    assert_ne!(added["recorded_at"], added["at"], "recorded when typed");
    let removed = entry(&detail, &format!("{provider} removed from"));
    assert_eq!(removed["at"], "2026-11-24T11:45:00Z");
    assert_ne!(removed["recorded_at"], removed["at"], "recorded when typed");

    // The library keeps no times; a past `--at` is simply accepted.
    let plans = dir.path().join("plans.toml");
    std::fs::write(&plans, NEW_PLAN).expect("write plans");
    sitrep(&db.path)
        .args(["plans", "import"])
        .arg(&plans)
        .args(["--at", "2026-11-24T12:00:00-08:00"])
        .assert()
        .success()
        .stdout(predicate::str::contains("imported 1 plans: mev-relay-down"));
}

#[test]
fn a_malformed_future_or_premature_at_exits_2_and_changes_nothing() {
    let db = db();
    let dir = tempfile::tempdir().expect("temporary folder");
    declare_at(&db.path, "Signer down", "1", "2026-11-24T10:00:00Z");
    sitrep(&db.path)
        .args([
            "stakeholder",
            "add",
            "--name",
            "Exchange F",
            "--group",
            "Auditors",
        ])
        .args(["--channel", "slack", "--at", "2026-11-24T09:00:00Z"])
        .assert()
        .success();
    let directory = dir.path().join("directory.csv");
    std::fs::write(
        &directory,
        "name,group,channel,handle,notes,sla_target_percent\nExchange E,Auditors,email,e@example.com,,\n",
    )
    .expect("write");
    let plans = dir.path().join("plans.toml");
    std::fs::write(&plans, NEW_PLAN).expect("write plans");
    let (directory, plans) = (
        directory.to_str().expect("UTF-8 path"),
        plans.to_str().expect("UTF-8 path"),
    );
    // Each command is valid apart from its time, as the last loop shows.
    let commands: Vec<Vec<&str>> = vec![
        vec![
            "stakeholder",
            "add",
            "--name",
            "Exchange D",
            "--group",
            "Auditors",
            "--channel",
            "email",
        ],
        vec!["stakeholder", "channel", "Exchange F", "--channel", "email"],
        vec!["stakeholder", "retire", "Exchange F"],
        vec![
            "stakeholder",
            "include",
            "INC-1",
            "Security auditor (example)",
            "--reason",
            "asked",
        ],
        vec![
            "stakeholder",
            "exclude",
            "INC-1",
            "Exchange A (example)",
            "--reason",
            "no exposure",
        ],
        vec!["stakeholders", "import", directory],
        vec!["plans", "import", plans],
    ];
    let before = (
        show_json(&db.path, "INC-1"),
        stakeholders_json(&db.path),
        plans_json(&db.path),
    );
    let bad_times = [
        ("yesterday 10pm", "RFC 3339"),
        ("2026-11-24 10:00", "RFC 3339"),
        ("2999-01-01T00:00:00+01:00", "in the future"),
    ];
    for command in &commands {
        for (at, reason) in bad_times {
            sitrep(&db.path)
                .args(command)
                .args(["--at", at])
                .assert()
                .code(2)
                .stderr(predicate::str::contains(reason));
        }
    }
    // A stakeholder cannot join or leave an incident before it was declared.
    for command in &commands[3..5] {
        sitrep(&db.path)
            .args(command)
            .args(["--at", "2026-11-24T10:59:00+01:00"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "cannot join or leave it before that",
            ));
    }
    let after = (
        show_json(&db.path, "INC-1"),
        stakeholders_json(&db.path),
        plans_json(&db.path),
    );
    assert_eq!(after, before);

    for command in &commands {
        sitrep(&db.path)
            .args(command)
            .args(["--at", "2026-11-24T11:00:00+01:00"])
            .assert()
            .success();
    }
    assert_ne!(show_json(&db.path, "INC-1"), before.0);
    assert_ne!(stakeholders_json(&db.path), before.1);
    assert_ne!(plans_json(&db.path), before.2);
}
