//! Helpers shared by the CLI's integration tests: a private database in a
//! temporary folder, and the `sitrep` binary run against it.
#![allow(dead_code)] // each test binary uses its own subset

pub mod fault;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// A database file in a temporary folder, removed on drop.
pub struct Db {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

/// A fresh database path.
pub fn db() -> Db {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("sitrep.db");
    Db { _dir: dir, path }
}

/// The `sitrep` binary on database `db`, whatever `SITREP_DB` says.
pub fn sitrep(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("sitrep").expect("the sitrep binary");
    cmd.env_remove("SITREP_DB").arg("--db").arg(db);
    cmd
}

/// Runs `sitrep ARGS` on `db`; it must succeed; returns what it printed.
pub fn stdout(db: &Path, args: &[&str]) -> String {
    let out = sitrep(db)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("UTF-8")
}

/// Runs `sitrep ARGS` on `db`; it must be refused as bad input (exit 2) saying `says`.
pub fn refused(db: &Path, args: &[&str], says: &str) {
    sitrep(db)
        .args(args)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(says));
}

/// The `sitrep` binary as a plain process on `db`, for tests that kill it,
/// limit it or read only part of what it prints.
pub fn process(db: &Path, args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("sitrep"));
    cmd.arg("--db").arg(db).args(args).env_remove("SITREP_DB");
    cmd
}

/// Runs `sitrep ARGS` on `db`; it must succeed.
pub fn run(db: &Path, args: &[&str]) {
    sitrep(db).args(args).assert().success();
}

/// The example, back-filled: a SEV1 declared at 03:00, mitigated
/// (monitoring) at 03:20, impact resumed (investigating) at 03:30. Resolve
/// it at 03:50 with [`RESOLVE_RESUMED`].
pub fn declare_resumed_impact(db: &Path) {
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
        &[
            "status",
            "INC-1",
            "monitoring",
            "--at",
            "2026-10-03T03:20:00Z",
        ],
        &[
            "status",
            "INC-1",
            "investigating",
            "--note",
            "impact resumed",
            "--at",
            "2026-10-03T03:30:00Z",
        ],
    ] {
        run(db, args);
    }
}

/// Resolves the incident of [`declare_resumed_impact`] at 03:50: 40 minutes of impact in all.
pub const RESOLVE_RESUMED: [&str; 5] = [
    "status",
    "INC-1",
    "resolved",
    "--at",
    "2026-10-03T03:50:00Z",
];

/// Declares an incident through the CLI, back-dated to `at`.
pub fn declare_at(db: &Path, title: &str, severity: &str, at: &str) {
    sitrep(db)
        .args([
            "declare",
            "--title",
            title,
            "--severity",
            severity,
            "--at",
            at,
        ])
        .assert()
        .success();
}

/// `sitrep show KEY --json`.
pub fn show_json(db: &Path, key: &str) -> Value {
    let out = sitrep(db)
        .args(["show", key, "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("show --json prints JSON")
}

/// `sitrep due --json --at AT`.
pub fn due_json(db: &Path, at: &str) -> Vec<Value> {
    let out = sitrep(db)
        .args(["due", "--json", "--at", at])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let due: Value = serde_json::from_slice(&out).expect("due --json prints JSON");
    due.as_array().expect("a list").clone()
}
