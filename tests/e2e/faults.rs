//! A database Sitrep cannot open gets a window that says what is wrong with
//! which file and what to do, never a silent exit, and the file is left
//! byte for byte as it was: a text file, a database from a newer Sitrep, a
//! real Sitrep database cut to half its size, and one Sitrep may not write
//! (a read-only file, a read-only folder, a full disk), which then opens
//! for reading with a banner that says why.

use std::path::{Path, PathBuf};
use std::process::Output;

use sitrep::Store;

use crate::fault::{FullDisk, ReadOnly};
use crate::harness::Harness;

const PROBLEM: &str = "[data-testid='problem']";

/// Runs the real `sitrep` CLI on `db`, which must succeed.
fn sitrep(db: &Path, args: &[&str]) -> Output {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run sitrep");
    assert!(
        out.status.success(),
        "sitrep {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A real Sitrep database with a few incidents in `dir`, closed (its WAL
/// folded back into the file).
fn real_database(dir: &Path) -> PathBuf {
    let db = dir.join("sitrep.db");
    for n in 1..=12 {
        let title = format!("Validators offline in region {n}, attestations missed");
        sitrep(&db, &["declare", "--title", &title, "--severity", "2"]);
    }
    let wal = dir.join("sitrep.db-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).is_ok_and(|m| m.len() == 0),
        "the CLI left a WAL behind"
    );
    db
}

/// Starts the real app on `db`, waits for the failure window to explain
/// `explanation`, and checks that `db` was not changed at all.
async fn refused_in_the_window(harness: &Harness, db: &Path, explanation: &str) -> Vec<String> {
    let before = std::fs::read(db).expect("read the faulty file");
    let path = db.to_str().expect("a UTF-8 path");
    let app = harness.launch_with(&["--db", path], PROBLEM).await;
    app.wait_for_text(PROBLEM, explanation).await;
    app.wait_for_text("main.failure dd code", path).await;
    let actions = app.texts("main.failure button").await;
    app.quit().await;
    assert!(
        std::fs::read(db).expect("read it again") == before,
        "{} was changed by opening it",
        db.display()
    );
    actions
}

#[tokio::test]
async fn a_text_file_is_explained_as_not_a_database_and_left_alone() {
    let harness = Harness::start();
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = dir.path().join("sitrep.db");
    std::fs::write(&db, "Monday: rotate the signer keys\nTuesday: on call\n").expect("write");

    let actions = refused_in_the_window(&harness, &db, "is not a Sitrep database").await;
    assert!(
        actions.iter().any(|a| a == "Choose another database…")
            && actions.iter().any(|a| a == "Quit"),
        "{actions:?}"
    );
    assert!(
        !actions.iter().any(|a| a.contains("Restore")),
        "no backup, no restore: {actions:?}"
    );
}

#[tokio::test]
async fn a_database_from_a_newer_sitrep_is_explained_and_left_alone() {
    let harness = Harness::start();
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = real_database(dir.path());
    let conn = rusqlite::Connection::open(&db).expect("open with SQLite");
    conn.pragma_update(None, "user_version", 99)
        .expect("set the schema version");
    drop(conn);

    refused_in_the_window(&harness, &db, "was last used by a newer Sitrep").await;
}

#[tokio::test]
async fn a_truncated_database_is_explained_as_damaged_and_its_backup_offered() {
    let harness = Harness::start();
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = real_database(dir.path());
    sitrep(&db, &["backup"]);
    let whole = std::fs::read(&db).expect("read the database");
    std::fs::write(&db, &whole[..whole.len() / 2]).expect("cut it in half");

    let actions = refused_in_the_window(&harness, &db, "is damaged").await;
    assert!(
        actions.iter().any(|a| a == "Restore the newest backup"),
        "{actions:?}"
    );
}

#[tokio::test]
async fn restoring_the_newest_backup_keeps_the_refused_file_aside_and_starts_sitrep_on_the_backup()
{
    let harness = Harness::start();
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = real_database(dir.path());
    sitrep(&db, &["backup"]);
    let backup = Store::backups_beside(&db);
    let notes = "not a database any more\n";
    std::fs::write(&db, notes).expect("overwrite it");

    let path = db.to_str().expect("a UTF-8 path");
    let app = harness.launch_with(&["--db", path], PROBLEM).await;
    app.click("main.failure button.primary").await;
    app.wait_for_text(".confirm", "kept beside it, unchanged")
        .await;
    app.click(".confirm button.primary").await;

    crate::harness::wait_until("the refused file to be kept aside", || {
        std::fs::read_dir(dir.path()).is_ok_and(|entries| {
            entries.filter_map(Result::ok).any(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("sitrep.db.refused-")
                    && std::fs::read_to_string(e.path()).is_ok_and(|text| text == notes)
            })
        })
    });
    let listed = sitrep(&db, &["list", "--json"]);
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("list --json");
    assert_eq!(listed.as_array().map(Vec::len), Some(12), "{listed}");
    // Sitrep started again on the restored file: its start-up backup is newer.
    crate::harness::wait_until("Sitrep to start again on the restored file", || {
        Store::backups_beside(&db).first() != backup.first()
    });
    app.quit().await;
}

/// `db` is refused in the window, explained with `explanation` and offered
/// read-only; started read-only, it shows its incidents under a banner that
/// says `why`. The file is unchanged throughout.
async fn refused_then_read(harness: &Harness, db: &Path, explanation: &str, why: &str) {
    let before = std::fs::read(db).expect("read the database");
    let actions = refused_in_the_window(harness, db, explanation).await;
    assert!(
        actions.iter().any(|a| a == "Open read-only"),
        "{explanation}: {actions:?}"
    );
    let path = db.to_str().expect("a UTF-8 path");
    let app = harness
        .launch_with(&["--db", path, "--read-only"], "[data-testid='read-only']")
        .await;
    app.wait_for_text("[data-testid='read-only']", why).await;
    app.wait_for_text(
        "nav[aria-label='Incidents'] [data-incident='INC-12']",
        "region 12",
    )
    .await;
    app.quit().await;
    assert!(
        std::fs::read(db).expect("read it again") == before,
        "{} was changed by reading it",
        db.display()
    );
}

#[tokio::test]
async fn a_database_sitrep_may_not_write_is_explained_and_opens_for_reading() {
    let harness = Harness::start();

    let dir = tempfile::tempdir().expect("temporary folder");
    let db = real_database(dir.path());
    {
        let _locked = ReadOnly::new(&db);
        refused_then_read(&harness, &db, "may not write to sitrep.db", "may not write").await;
    }
    // A fresh folder: reading the first left its WAL files beside it,
    // and with those a read-only folder still lets SQLite write.
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = real_database(dir.path());
    {
        let _locked = ReadOnly::new(dir.path());
        let explanation = "may not write to sitrep.db: its folder is read-only";
        refused_then_read(&harness, &db, explanation, "its folder is read-only").await;
    }

    let disk = tempfile::tempdir().expect("temporary folder");
    let full = FullDisk::mount(disk.path(), "2m");
    let db = real_database(disk.path());
    full.fill();
    let explanation = "The disk that holds sitrep.db is full";
    refused_then_read(&harness, &db, explanation, "the disk that holds").await;
}
