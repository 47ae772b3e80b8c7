//! The edges: a database that is not Sitrep's, or from a newer Sitrep, is
//! refused without being touched; reading never writes; a closed pipe ends
//! the CLI quietly.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{db, run, sitrep};
use predicates::prelude::*;

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("the file")
}

#[test]
fn a_file_that_is_not_sitreps_or_is_from_a_newer_sitrep_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("a folder");
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "this is not a database, it is a shopping list\n".repeat(200),
    )
    .expect("written");
    let newer = dir.path().join("newer.db");
    {
        let conn = rusqlite::Connection::open(&newer).expect("a database");
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .expect("made");
    }
    for (file, says) in [(&text, "not a database"), (&newer, "schema version 99")] {
        let before = bytes(file);
        for args in [
            &["list"][..],
            &["declare", "--title", "x", "--severity", "2"],
        ] {
            sitrep(file)
                .args(args)
                .assert()
                .code(1)
                .stderr(predicate::str::contains(says));
        }
        assert!(bytes(file) == before, "{} was written to", file.display());
        let wal = file.with_extension(format!(
            "{}-wal",
            file.extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default()
        ));
        assert!(!wal.exists(), "no WAL was made for {}", file.display());
    }
}

#[test]
fn reading_commands_write_nothing() {
    let db = db();
    run(
        &db.path,
        &[
            "declare",
            "--title",
            "Signer slow",
            "--severity",
            "2",
            "--at",
            "2026-11-30T10:00:00Z",
        ],
    );
    let before = bytes(&db.path);
    for args in [
        &["list"][..],
        &["list", "--json"],
        &["show", "INC-1"],
        &["due"],
        &["stakeholders"],
        &["plans"],
        &["actions"],
        &["report", "--month", "2026-11"],
        &["postmortem", "templates"],
    ] {
        run(&db.path, args);
    }
    assert!(
        bytes(&db.path) == before,
        "a read changed the database file"
    );
}

#[test]
fn a_closed_pipe_ends_the_cli_without_a_panic() {
    let db = db();
    run(
        &db.path,
        &[
            "declare",
            "--title",
            "Signer slow",
            "--severity",
            "2",
            "--at",
            "2026-11-30T10:00:00Z",
        ],
    );
    let long = "attestations resumed ".repeat(3000);
    for _ in 0..6 {
        run(&db.path, &["note", "INC-1", &long]);
    }
    let binary = assert_cmd::cargo::cargo_bin("sitrep");
    for _ in 0..10 {
        let mut child = Command::new(&binary)
            .args(["--db"])
            .arg(&db.path)
            .args(["show", "INC-1"])
            .env_remove("SITREP_DB")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sitrep runs");
        let mut first = [0u8; 1];
        child
            .stdout
            .take()
            .expect("stdout")
            .read_exact(&mut first)
            .expect("one byte");
        // The pipe is closed here, with most of the output still to come.
        let out = child.wait_with_output().expect("it ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(101), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}
