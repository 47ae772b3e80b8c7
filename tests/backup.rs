//! `sitrep check`, `sitrep backup` and `sitrep restore`: a backup restores
//! every row, the replaced database is kept aside, and a damaged file is
//! named and left as it was.

mod common;

use std::path::Path;

use common::{db, run, sitrep, stdout};
use predicates::prelude::*;
use rusqlite::types::Value;

/// Every row of every table, as text, table by table in name order.
fn rows(path: &Path) -> Vec<(String, Vec<String>)> {
    let conn = rusqlite::Connection::open(path).expect("a database");
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN \
             (SELECT name FROM pragma_table_list WHERE type IN ('virtual', 'shadow')) ORDER BY name",
        )
        .expect("tables")
        .query_map([], |row| row.get(0))
        .expect("tables")
        .collect::<rusqlite::Result<_>>()
        .expect("tables");
    tables
        .into_iter()
        .map(|t| {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid"))
                .expect("select");
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |row| {
                    (0..n)
                        .map(|i| row.get::<_, Value>(i).map(|v| format!("{v:?}")))
                        .collect::<rusqlite::Result<Vec<_>>>()
                        .map(|cells| cells.join(" | "))
                })
                .expect("rows")
                .collect::<rusqlite::Result<_>>()
                .expect("rows");
            (t, rows)
        })
        .collect()
}

/// A resolved SEV1 with an update sent, a note with quotes and accents,
/// and its postmortem drafted: rows in most tables.
fn resolved_with_postmortem(db: &Path) {
    run(
        db,
        &[
            "declare",
            "--title",
            "Signer slow",
            "--severity",
            "1",
            "--at",
            "2026-11-30T10:00:00Z",
        ],
    );
    run(
        db,
        &[
            "sent",
            "INC-1",
            "--to",
            "Exchange A (example)",
            "--at",
            "2026-11-30T10:05:00Z",
        ],
    );
    run(
        db,
        &[
            "note",
            "INC-1",
            "quotes \" and 'apostrophes' and ünïcode",
            "--at",
            "2026-11-30T10:06:00Z",
        ],
    );
    run(
        db,
        &[
            "status",
            "INC-1",
            "resolved",
            "--at",
            "2026-11-30T11:00:00Z",
        ],
    );
    run(db, &["postmortem", "INC-1"]);
}

#[test]
fn a_restored_backup_has_every_row_and_the_replaced_database_is_kept_aside() {
    let db = db();
    resolved_with_postmortem(&db.path);
    let dir = tempfile::tempdir().expect("a folder");
    let copy = dir.path().join("copy.db");
    run(
        &db.path,
        &["backup", "--to", copy.to_str().expect("a path")],
    );
    let backed_up = rows(&copy);
    assert_eq!(backed_up, rows(&db.path));
    sitrep(&db.path)
        .args(["backup", "--to", copy.to_str().expect("a path")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exists already"));

    run(
        &db.path,
        &[
            "note",
            "INC-1",
            "written after the backup",
            "--at",
            "2026-11-30T12:00:00Z",
        ],
    );
    let after = rows(&db.path);
    assert_ne!(after, backed_up);
    let said = stdout(&db.path, &["restore", copy.to_str().expect("a path")]);
    let said = said.trim();
    assert_eq!(
        rows(&db.path),
        backed_up,
        "every row of every table is the backup's"
    );
    let aside = said
        .rsplit_once(" kept as ")
        .expect("names where the old one is")
        .1;
    assert_eq!(
        rows(Path::new(aside)),
        after,
        "the replaced database is kept whole"
    );
    assert!(!stdout(&db.path, &["show", "INC-1"]).contains("written after the backup"));
}

#[test]
fn backups_go_beside_the_database_owner_only() {
    let db = db();
    run(
        &db.path,
        &["declare", "--title", "Signer slow", "--severity", "2"],
    );
    let file = stdout(&db.path, &["backup"]);
    let file = file.trim();
    let file = Path::new(&file);
    assert_eq!(
        file.parent(),
        Some(
            db.path
                .parent()
                .expect("a folder")
                .join("backups")
                .as_path()
        )
    );
    assert!(
        file.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("sitrep-") && n.ends_with("Z.db"))
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(file)
                .expect("the backup")
                .permissions()
                .mode()
                & 0o777,
            0o600
        );
    }
    assert_eq!(rows(file), rows(&db.path));
}

#[test]
fn a_damaged_database_is_named_and_left_as_it_was() {
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
    let long = "attestations resumed on the second signer ".repeat(400);
    for _ in 0..20 {
        run(&db.path, &["note", "INC-1", &long]);
    }
    assert!(
        stdout(&db.path, &["check"])
            .trim_end()
            .ends_with("no damage found")
    );
    // Scribble over the middle of the file, as a failing disk would.
    let mut bytes = std::fs::read(&db.path).expect("the file");
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 3000] {
        *b = 0x5a;
    }
    std::fs::write(&db.path, &bytes).expect("damaged");
    sitrep(&db.path).arg("check").assert().code(1).stderr(
        predicate::str::contains("is damaged").and(predicate::str::contains("sitrep restore")),
    );
    assert!(
        std::fs::read(&db.path).expect("the file") == bytes,
        "check changed nothing"
    );

    let dir = tempfile::tempdir().expect("a folder");
    let text = dir.path().join("list.db");
    std::fs::write(&text, "not a database at all, a shopping list".repeat(100)).expect("written");
    sitrep(&db.path)
        .args(["restore", text.to_str().expect("a path")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a database"));
    let damaged = dir.path().join("damaged.db");
    std::fs::write(&damaged, &bytes).expect("written");
    let good = common::db();
    run(
        &good.path,
        &["declare", "--title", "Kept", "--severity", "3"],
    );
    let before = rows(&good.path);
    sitrep(&good.path)
        .args(["restore", damaged.to_str().expect("a path")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is damaged"));
    assert_eq!(rows(&good.path), before, "a damaged backup is not restored");
}

#[test]
fn a_bundle_fills_a_new_database_with_every_row_and_nothing_else() {
    let db = db();
    resolved_with_postmortem(&db.path);
    run(
        &db.path,
        &[
            "actions",
            "add",
            "INC-1",
            "--text",
            "Alert sooner",
            "--due",
            "2026-12-31",
        ],
    );
    let bundle = sitrep(&db.path)
        .arg("export")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("bundle.json");
    std::fs::write(&file, &bundle).expect("written");

    let other = common::db();
    run(&other.path, &["import", file.to_str().expect("a path")]);
    assert_eq!(
        rows(&other.path),
        rows(&db.path),
        "every row of every table"
    );
    // A database with incidents is not overwritten.
    let before = rows(&other.path);
    sitrep(&other.path)
        .args(["import", file.to_str().expect("a path")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already has 1 incidents"));
    assert_eq!(rows(&other.path), before);
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{\"tables\": {}}").expect("written");
    let fresh = common::db();
    sitrep(&fresh.path)
        .args(["import", junk.to_str().expect("a path")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a Sitrep bundle"));
}

#[test]
fn checking_a_backup_before_restoring_it_leaves_only_the_backup_in_its_folder() {
    let db = db();
    resolved_with_postmortem(&db.path);
    let file = stdout(&db.path, &["backup"]);
    let file = Path::new(file.trim());
    let folder = file.parent().expect("the backups folder");
    run(&db.path, &["restore", file.to_str().expect("a path")]);
    let left: Vec<String> = std::fs::read_dir(folder)
        .expect("the folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
}
