//! The edges: a database that is not Sitrep's, or from a newer Sitrep, is
//! refused without being touched; reading never writes; a closed pipe ends
//! the CLI quietly.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::Stdio;

use common::{db, process, refused, run, sitrep};
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
    for _ in 0..10 {
        let mut child = process(&db.path, &["show", "INC-1"])
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

#[test]
fn text_that_could_rewrite_the_terminal_is_refused_in_names_and_shown_escaped_in_notes() {
    let db = db();
    for (args, field) in [
        (
            vec![
                "declare",
                "--title",
                "ok\rINC-9 resolved",
                "--severity",
                "1",
            ],
            "title",
        ),
        (
            vec!["declare", "--title", "\u{1b}[31mred", "--severity", "1"],
            "title",
        ),
        (
            vec!["declare", "--title", "nul\0", "--severity", "1"],
            "title",
        ),
        (
            vec![
                "stakeholder",
                "add",
                "--name",
                "Ex\u{1b}[2Jchange",
                "--group",
                "Auditors",
                "--channel",
                "slack",
            ],
            "name",
        ),
        (
            vec![
                "stakeholder",
                "add",
                "--name",
                "Fine",
                "--group",
                "Auditors",
                "--channel",
                "slack",
                "--handle",
                "#a\rb",
            ],
            "handle",
        ),
    ] {
        // Arguments with a NUL cannot reach a process; the rest must be refused by Sitrep.
        if args.iter().any(|a| a.contains('\0')) {
            continue;
        }
        sitrep(&db.path)
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "the {field} holds a control character"
            )));
    }
    let list = sitrep(&db.path)
        .args(["list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8_lossy(&list).trim(),
        "[]",
        "nothing was declared"
    );

    run(
        &db.path,
        &["declare", "--title", "Signer slow", "--severity", "2"],
    );
    let hostile = "seen \u{1b}[2J\rINC-9 resolved";
    run(&db.path, &["note", "INC-1", hostile]);
    let detail = common::show_json(&db.path, "INC-1");
    let stored = detail["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .any(|e| e["text"] == hostile);
    assert!(stored, "the note is stored as written");
    let shown = sitrep(&db.path)
        .args(["show", "INC-1"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let shown = String::from_utf8(shown).expect("UTF-8");
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\r'),
        "{shown:?}"
    );
    assert!(
        shown.contains("seen \\u{1b}[2J\\u{d}INC-9 resolved"),
        "{shown}"
    );
}

#[test]
fn spreadsheet_formulas_in_the_directory_are_neutralised_in_csv_and_come_back_as_typed() {
    let db = db();
    let payloads = [
        "=HYPERLINK(\"http://evil.test\",\"x\")",
        "+1+1",
        "-2+3",
        "@SUM(A1:A9)",
        "=cmd|' /C calc'!A0",
    ];
    for (n, name) in payloads.iter().enumerate() {
        run(
            &db.path,
            &[
                "stakeholder",
                "add",
                &format!("--name={name}"),
                "--group",
                "Auditors",
                "--channel",
                "slack",
                &format!("--handle=@SUM({n})"),
                "--notes=+notes",
            ],
        );
    }
    let csv = sitrep(&db.path)
        .args(["stakeholders", "export", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    for record in reader.records() {
        for cell in record.expect("a row").iter() {
            assert!(
                !matches!(
                    cell.chars().next(),
                    Some('=' | '+' | '-' | '@' | '\t' | '\r')
                ),
                "{cell:?} would run in a spreadsheet"
            );
        }
    }
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("directory.csv");
    std::fs::write(&file, &csv).expect("written");
    let other = common::db();
    run(
        &other.path,
        &["stakeholders", "import", file.to_str().expect("a path")],
    );
    let names = |db: &Path| -> Vec<(String, String, String)> {
        let out = sitrep(db)
            .args(["stakeholders", "--json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let all: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
        let mut rows: Vec<_> = all
            .as_array()
            .expect("a list")
            .iter()
            .map(|s| {
                let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
                (
                    text(&s["name"]),
                    text(&s["channel"]["handle"]),
                    text(&s["notes"]),
                )
            })
            .collect();
        rows.sort();
        rows
    };
    assert_eq!(
        names(&other.path),
        names(&db.path),
        "the import reads back what was typed"
    );
    assert!(
        names(&other.path)
            .iter()
            .any(|(n, h, notes)| n == "+1+1" && h == "@SUM(1)" && notes == "+notes")
    );
}

#[test]
fn a_note_written_during_a_large_directory_import_is_stored() {
    let db = db();
    run(
        &db.path,
        &["declare", "--title", "Signer slow", "--severity", "1"],
    );
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("directory.csv");
    let mut csv = String::from("name,group,channel,handle,notes,sla_target_percent\n");
    for n in 0..8000 {
        csv.push_str(&format!(
            "Partner {n:05},Service partners,telegram,@p{n},,99.0\n"
        ));
    }
    std::fs::write(&file, csv).expect("written");
    let mut import = process(&db.path, &["stakeholders", "import"])
        .arg(&file)
        .stdout(Stdio::null())
        .spawn()
        .expect("the import runs");
    std::thread::sleep(std::time::Duration::from_millis(300));
    run(
        &db.path,
        &["note", "INC-1", "written while the directory was imported"],
    );
    assert!(import.wait().expect("it ends").success());
    let detail = common::show_json(&db.path, "INC-1");
    let timeline = detail["timeline"].as_array().expect("timeline");
    assert!(
        timeline
            .iter()
            .any(|e| e["text"] == "written while the directory was imported")
    );
    let owed = detail["comms"]["obligations"]
        .as_array()
        .expect("obligations")
        .len();
    assert!(
        owed > 8000,
        "the imported partners are owed their notices: {owed}"
    );
}

#[test]
fn an_import_with_a_name_twice_an_endless_file_or_a_blank_time_is_refused() {
    let db = db();
    run(
        &db.path,
        &["declare", "--title", "Signer slow", "--severity", "2"],
    );
    let dir = tempfile::tempdir().expect("a folder");
    let twice = dir.path().join("twice.csv");
    std::fs::write(&twice, "name,group,channel,handle,notes,sla_target_percent\nAcme,Auditors,slack,#a,,\nBeta,Auditors,slack,#b,,\nACME,Auditors,slack,#c,,\n").expect("written");
    sitrep(&db.path)
        .args(["stakeholders", "import"])
        .arg(&twice)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "stakeholders 1 and 3 are both named \"ACME\"",
        ));
    let plans = dir.path().join("plans.toml");
    std::fs::write(&plans, "[[plan]]\nkind = \"relay-down\"\nname = \"Relay down\"\n[[plan.step]]\ntext = \"Fall back\"\n\n[[plan]]\nkind = \"relay-down\"\nname = \"Again\"\n[[plan.step]]\ntext = \"Fall back\"\n").expect("written");
    sitrep(&db.path)
        .args(["plans", "import"])
        .arg(&plans)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("plans 1 and 2 are both of kind"));
    sitrep(&db.path)
        .args(["plans", "import", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("larger than 32 MiB"));
    refused(
        &db.path,
        &["note", "INC-1", "x", "--at", ""],
        "the time is empty",
    );
    let names = sitrep(&db.path)
        .args(["stakeholders"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(
        !String::from_utf8_lossy(&names).contains("Beta"),
        "a refused import adds nobody"
    );
}

#[test]
fn writers_killed_at_random_lose_no_acknowledged_write_and_leave_a_sound_file() {
    let db = db();
    run(
        &db.path,
        &["declare", "--title", "Signer slow", "--severity", "2"],
    );
    let mut seed: u64 = 0x5eed_1e55;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        seed >> 33
    };
    let (mut acknowledged, mut killed) = (Vec::new(), 0);
    // Until 200 writers were killed before they ended, at random moments
    // from their start to the middle of their write.
    for n in 0..2000 {
        if killed == 200 {
            break;
        }
        let text = format!("note {n}");
        let mut child = process(&db.path, &["note", "INC-1", &text])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sitrep runs");
        std::thread::sleep(std::time::Duration::from_micros(next() % 15_000));
        if child.try_wait().expect("status").is_none() {
            child.kill().expect("SIGKILL");
            killed += 1;
        }
        if child.wait().expect("it ends").success() {
            acknowledged.push(text);
        }
    }
    assert_eq!(killed, 200, "writers were killed before they ended");
    sitrep(&db.path).arg("check").assert().success();
    let detail = common::show_json(&db.path, "INC-1");
    let stored: Vec<&str> = detail["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter_map(|e| e["text"].as_str())
        .collect();
    for text in &acknowledged {
        assert!(
            stored.contains(&text.as_str()),
            "{text} was acknowledged and lost"
        );
    }
}

/// `sitrep ARGS` on `db` with its files limited to `limit` bytes, as on a
/// full disk: a write past it fails (EFBIG) instead of growing the file.
#[cfg(unix)]
fn on_a_full_disk(db: &Path, limit: u64, args: &[&str]) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = process(db, args);
    // SAFETY: between fork and exec only async-signal-safe calls are made.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let cap = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &cap) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().expect("sitrep runs")
}

#[cfg(unix)]
#[test]
fn on_a_full_disk_reading_works_a_write_fails_in_words_and_nothing_is_damaged() {
    let db = db();
    run(
        &db.path,
        &["declare", "--title", "Signer slow", "--severity", "2"],
    );
    let long = "attestations resumed ".repeat(3000);
    for _ in 0..4 {
        run(&db.path, &["note", "INC-1", &long]);
    }
    let before = bytes(&db.path);
    let limit = 48 * 1024;
    assert!(
        before.len() as u64 > limit,
        "the database is bigger than the space left"
    );
    let list = on_a_full_disk(&db.path, limit, &["list"]);
    assert!(
        list.status.success(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    assert!(String::from_utf8_lossy(&list.stdout).contains("Signer slow"));

    let write = on_a_full_disk(&db.path, limit, &["note", "INC-1", &long]);
    let said = String::from_utf8_lossy(&write.stderr);
    assert_eq!(write.status.code(), Some(1), "{said}");
    assert!(
        said.contains("the disk may be full") && said.contains("nothing was written"),
        "{said}"
    );
    assert!(!said.contains("panicked"), "{said}");
    sitrep(&db.path).arg("check").assert().success();
    let notes = common::show_json(&db.path, "INC-1")["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter(|e| e["kind"] == "note")
        .count();
    assert_eq!(notes, 4, "the failed write left nothing half-written");
}

/// `sitrep list` and `show` read `db`; a note is refused saying `why`; the
/// file is left byte for byte as it was.
fn reads_but_refuses_a_write(db: &Path, why: &str) {
    let before = bytes(db);
    let list = process(db, &["list"]).output().expect("sitrep runs");
    assert!(
        list.status.success(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    assert!(String::from_utf8_lossy(&list.stdout).contains("Signer slow"));
    let show = process(db, &["show", "INC-1"])
        .output()
        .expect("sitrep runs");
    assert!(show.status.success());

    let write = process(db, &["note", "INC-1", "failover done"])
        .output()
        .expect("sitrep runs");
    let said = String::from_utf8_lossy(&write.stderr);
    assert_eq!(write.status.code(), Some(1), "{said}");
    assert!(
        said.contains(why) && said.contains("nothing was written"),
        "{said}"
    );
    assert!(bytes(db) == before, "{} was changed", db.display());
}

#[cfg(unix)]
#[test]
fn in_a_read_only_folder_and_on_a_really_full_disk_reading_works_and_writing_is_refused() {
    use common::fault::{FullDisk, ReadOnly};
    let folder = tempfile::tempdir().expect("a folder");
    let db = folder.path().join("sitrep.db");
    run(
        &db,
        &["declare", "--title", "Signer slow", "--severity", "2"],
    );
    {
        let _locked = ReadOnly::new(folder.path());
        reads_but_refuses_a_write(&db, "its folder cannot be written");
    }

    let disk = tempfile::tempdir().expect("a folder");
    let full = FullDisk::mount(disk.path(), "1m");
    let db = disk.path().join("sitrep.db");
    run(
        &db,
        &["declare", "--title", "Signer slow", "--severity", "2"],
    );
    full.fill();
    reads_but_refuses_a_write(&db, "the disk may be full");
}
