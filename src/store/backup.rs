//! Checking a database, copying it while it is in use (SQLite's online
//! backup), keeping a rolling set of backups beside it, and restoring one
//! with the current file kept aside first. Nothing here repairs or
//! overwrites the user's file in place.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::backup::Progress;
use rusqlite::{Connection, MAIN_DB, OpenFlags};

use super::{Store, create_private_file, migrations};
use crate::error::{Error, InvalidInput, Result};

/// How many hourly and daily backups are kept.
const HOURLY: usize = 24;
const DAILY: usize = 14;

/// The time stamp in a backup's file name: `sitrep-20261201T135500Z.db`.
const STAMP: &str = "%Y%m%dT%H%M%SZ";

/// What SQLite's checks found wrong with an open database; empty when sound.
fn problems(conn: &Connection) -> Result<Vec<String>> {
    let mut found: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    found.retain(|line| line != "ok");
    let orphans: i64 =
        conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
            row.get(0)
        })?;
    if orphans > 0 {
        found.push(format!("{orphans} rows point at rows that do not exist"));
    }
    Ok(found)
}

/// Opens `path` read-only and checks it whole; a damaged file is an error
/// naming what is wrong.
fn checked(path: &Path) -> Result<()> {
    if !path.is_file() {
        return Err(
            InvalidInput::new("file", format!("there is no file {}", path.display())).into(),
        );
    }
    let problems = read_only(path, |conn| {
        migrations::check_version(conn)?;
        problems(conn)
    })?;
    if !problems.is_empty() {
        return Err(Error::Corrupt {
            path: path.to_path_buf(),
            problems,
        });
    }
    Ok(())
}

/// Runs `f` on `path` opened read-only. Reading a WAL database makes its
/// `-wal` and `-shm` files; the ones this made are removed again, so a
/// backups folder holds only backups.
fn read_only<T>(path: &Path, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
    let made: Vec<PathBuf> = companions(path)
        .into_iter()
        .filter(|p| !p.exists())
        .collect();
    let result = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(Error::from)
        .and_then(|conn| f(&conn));
    for file in made {
        let _ = std::fs::remove_file(file);
    }
    result
}

/// A database file's `-wal` and `-shm` companions.
fn companions(path: &Path) -> [PathBuf; 2] {
    let with = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    [with("-wal"), with("-shm")]
}

impl Store {
    /// Runs SQLite's full integrity check and the foreign-key check.
    pub fn check(&self) -> Result<()> {
        self.sound_unless(problems(&self.conn)?)
    }

    /// SQLite's quick check (pages and records, not the indexes against
    /// their tables): about a tenth of [`Store::check`]'s time, so cheap
    /// enough to run before every start writes anything.
    pub fn quick_check(&self) -> Result<()> {
        let mut problems: Vec<String> = self
            .conn
            .prepare("PRAGMA quick_check")?
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        problems.retain(|line| line != "ok");
        self.sound_unless(problems)
    }

    /// This database refused as corrupt for `problems`, if there are any.
    fn sound_unless(&self, problems: Vec<String>) -> Result<()> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Corrupt {
                path: self.path.clone(),
                problems,
            })
        }
    }

    /// Copies the database, as it is now, to a new owner-only file `to`;
    /// refuses to overwrite one.
    pub fn backup_to(&self, to: &Path) -> Result<()> {
        if to.exists() {
            return Err(InvalidInput::new(
                "to",
                format!("{} exists already; name a new file", to.display()),
            )
            .into());
        }
        create_private_file(to).map_err(|source| Error::Open {
            path: to.to_path_buf(),
            source,
        })?;
        self.conn.backup(MAIN_DB, to, None::<fn(Progress)>)?;
        Ok(())
    }

    /// The folder the rolling backups are kept in, beside the database.
    pub fn backup_dir(&self) -> PathBuf {
        self.path
            .parent()
            .unwrap_or_else(|| Path::new("."))
            .join("backups")
    }

    /// Takes a backup into [`Store::backup_dir`] stamped `now`, then removes
    /// the ones the retention rule no longer keeps; returns the new file.
    pub fn backup(&self, now: DateTime<Utc>) -> Result<PathBuf> {
        let dir = self.backup_dir();
        let file = dir.join(format!("sitrep-{}.db", now.format(STAMP)));
        self.backup_to(&file)?;
        let taken: Vec<(DateTime<Utc>, PathBuf)> = std::fs::read_dir(&dir)
            .map_err(|source| Error::Open {
                path: dir.clone(),
                source,
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter_map(|p| Some((stamp_of(&p)?, p)))
            .collect();
        let times: Vec<DateTime<Utc>> = taken.iter().map(|(t, _)| *t).collect();
        for (t, path) in &taken {
            if !kept(&times).contains(t) {
                // A backup that cannot be removed now is removed next time.
                let _ = std::fs::remove_file(path);
                for companion in companions(path) {
                    let _ = std::fs::remove_file(companion);
                }
            }
        }
        Ok(file)
    }
}

/// The time in a backup's file name, if it is one of Sitrep's.
fn stamp_of(path: &Path) -> Option<DateTime<Utc>> {
    let name = path.file_name()?.to_str()?;
    let stamp = name.strip_prefix("sitrep-")?.strip_suffix(".db")?;
    Some(NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc())
}

/// Which backups the retention rule keeps: the newest of each of the last
/// 24 hours that have one, and the newest of each of the last 14 days.
pub fn kept(times: &[DateTime<Utc>]) -> Vec<DateTime<Utc>> {
    let mut newest_first = times.to_vec();
    newest_first.sort_unstable_by(|a, b| b.cmp(a));
    let mut keep = Vec::new();
    for (slots, slot) in [(HOURLY, "%Y%m%d%H"), (DAILY, "%Y%m%d")] {
        let mut seen = Vec::new();
        for t in &newest_first {
            let key = t.format(slot).to_string();
            if !seen.contains(&key) && seen.len() < slots {
                seen.push(key);
                if !keep.contains(t) {
                    keep.push(*t);
                }
            }
        }
    }
    keep
}

/// Checks `from` (a Sitrep database, sound), keeps the database at `path`
/// aside as `<name>.before-restore-<stamp>`, then copies `from` into
/// `path`; returns where the old one was kept.
pub fn restore(path: &Path, from: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    checked(from)?;
    let current = Store::open(path)?;
    let aside = path.with_file_name(format!(
        "{}.before-restore-{}",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("sitrep.db"),
        now.format(STAMP)
    ));
    current.backup_to(&aside)?;
    // Copied page by page into the open database: its WAL stays consistent.
    let mut target = current.conn;
    target.restore(MAIN_DB, from, None::<fn(Progress)>)?;
    drop(target);
    // Bring an older backup up to this Sitrep's schema.
    Store::open(path)?;
    Ok(aside)
}

impl Store {
    /// Sitrep's backups in the `backups` folder beside the database at
    /// `db`, newest first; for a window that could not open the database.
    pub fn backups_beside(db: &Path) -> Vec<PathBuf> {
        let dir = db
            .parent()
            .unwrap_or_else(|| Path::new("."))
            .join("backups");
        let mut found: Vec<(DateTime<Utc>, PathBuf)> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter_map(|p| Some((stamp_of(&p)?, p)))
                    .collect()
            })
            .unwrap_or_default();
        found.sort_unstable_by_key(|(t, _)| std::cmp::Reverse(*t));
        found.into_iter().map(|(_, p)| p).collect()
    }

    /// Replaces a database [`Store::open`] refused (not a database, damaged)
    /// with the backup `from`, checked first. [`restore`] cannot open the
    /// refused file to copy it, so it and its `-wal`/`-shm` are renamed
    /// aside untouched, as `<name>.refused-<stamp>`; returns where it went.
    pub fn restore_refused(path: &Path, from: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
        checked(from)?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("sitrep.db");
        let aside = format!("{name}.refused-{}", now.format(STAMP));
        // The journal first: a stale one left beside the new file would be replayed into it.
        for suffix in ["-wal", "-shm", ""] {
            let file = path.with_file_name(format!("{name}{suffix}"));
            if file.exists() {
                let to = path.with_file_name(format!("{aside}{suffix}"));
                std::fs::rename(&file, to).map_err(|source| Error::Open { path: file, source })?;
            }
        }
        create_private_file(path).map_err(|source| Error::Open {
            path: path.to_path_buf(),
            source,
        })?;
        read_only(from, |source| {
            Ok(source.backup(MAIN_DB, path, None::<fn(Progress)>)?)
        })?;
        // Bring an older backup up to this Sitrep's schema.
        Store::open(path)?;
        Ok(path.with_file_name(aside))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn the_newest_of_each_of_24_hours_and_14_days_is_kept() {
        // Every 20 minutes for 20 days.
        let start = at("2026-11-01T00:00:00Z");
        let times: Vec<_> = (0..20 * 72)
            .map(|n| start + chrono::TimeDelta::minutes(20 * n))
            .collect();
        let kept = kept(&times);
        let newest = *times.last().unwrap();
        assert!(kept.contains(&newest));
        assert_eq!(
            kept.len(),
            24 + 13,
            "the newest day's newest is also the newest hour's"
        );
        assert!(
            kept.contains(&at("2026-11-07T23:40:00Z")),
            "the last of a day 14 days back"
        );
        assert!(
            !kept.contains(&at("2026-11-06T23:40:00Z")),
            "15 days back is gone"
        );
        assert!(
            !kept.contains(&at("2026-11-20T10:20:00Z")),
            "not the newest of its hour"
        );
    }

    #[test]
    fn only_sitreps_own_backup_names_carry_a_time() {
        assert_eq!(
            stamp_of(Path::new("/b/sitrep-20261201T135500Z.db")),
            Some(at("2026-12-01T13:55:00Z"))
        );
        assert_eq!(stamp_of(Path::new("/b/notes.db")), None);
        assert_eq!(stamp_of(Path::new("/b/sitrep-yesterday.db")), None);
    }

    #[test]
    fn a_refused_file_is_kept_aside_byte_for_byte_and_the_backup_takes_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("sitrep.db");
        let backups = dir.path().join("backups");
        std::fs::create_dir(&backups).unwrap();
        let good = backups.join("sitrep-20261201T100000Z.db");
        Store::open(&good).unwrap();
        std::fs::write(backups.join("sitrep-20261130T100000Z.db"), "older").unwrap();
        std::fs::write(backups.join("notes.db"), "not a backup").unwrap();
        std::fs::write(&db, "these are my notes, not a database").unwrap();

        let found = Store::backups_beside(&db);
        assert_eq!(
            found[0], good,
            "newest first, Sitrep's names only: {found:?}"
        );
        assert_eq!(found.len(), 2);

        let aside = Store::restore_refused(&db, &good, at("2026-12-01T12:00:00Z")).unwrap();
        assert_eq!(
            std::fs::read_to_string(&aside).unwrap(),
            "these are my notes, not a database"
        );
        assert!(aside.ends_with("sitrep.db.refused-20261201T120000Z"));
        Store::open(&db).unwrap().check().unwrap();
    }

    #[test]
    fn a_damaged_backup_is_not_restored_over_a_refused_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("sitrep.db");
        let bad = dir.path().join("bad.db");
        std::fs::write(&db, "refused").unwrap();
        std::fs::write(&bad, "not a database either").unwrap();
        assert!(Store::restore_refused(&db, &bad, at("2026-12-01T12:00:00Z")).is_err());
        assert_eq!(std::fs::read_to_string(&db).unwrap(), "refused");
    }

    #[test]
    fn the_quick_check_passes_a_sound_database() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("sitrep.db")).unwrap();
        store.quick_check().unwrap();
    }
}
