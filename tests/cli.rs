//! The `sitrep` binary against the CLI contract in DESIGN.md: output, JSON
//! field names, exit statuses, and that refused input writes nothing.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

struct Db {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn db() -> Db {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("sitrep.db");
    Db { _dir: dir, path }
}

fn sitrep(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("sitrep").expect("the sitrep binary");
    cmd.env_remove("SITREP_DB").arg("--db").arg(db);
    cmd
}

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

    assert_eq!(list_json(&db.path), Value::Array(vec![declared]));
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
