//! Helpers shared by the CLI's integration tests: a private database in a
//! temporary folder, and the `sitrep` binary run against it.
#![allow(dead_code)] // each test binary uses its own subset

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
