//! The SQLite store: opening the database file safely, applying migrations,
//! and the queries that read and write domain types. SQLite is the source of
//! truth; the app and the CLI may have one file open at the same time.

mod backup;
mod bundle;
mod columns;
mod comms;
pub mod disk;
mod drafts;
mod incidents;
mod migrations;
mod plans;
mod postmortems;
mod record;
mod reminders;
mod roles;
mod settings;
mod stakeholders;
mod timeline;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use backup::{kept as backups_kept, restore};
pub use settings::Setting;
pub use timeline::TimelineMark;

use crate::error::{Error, Result};

/// The folder name under the OS application-data directory; the desktop
/// app's bundle identifier, so the app and the CLI find the same file.
pub const APP_ID: &str = "dev.sitrep.desktop";

/// How long a writer waits for another process's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// An open Sitrep database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// The environment variable that names the database when `--db` is not given.
pub const DB_ENV: &str = "SITREP_DB";

/// Which database file to use, for the CLI and the app alike: `--db` if
/// given, else `SITREP_DB` if set, else `sitrep.db` in the OS
/// application-data folder (shared by the app and the CLI).
pub fn resolve_path(flag: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(path) = flag {
        return Ok(path);
    }
    if let Some(path) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    dirs::data_dir()
        .map(|dir| dir.join(APP_ID).join("sitrep.db"))
        .ok_or(Error::NoDataDir)
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema
    /// up to date. A new file and its folder are readable by the owner only.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let io_error = |source| Error::Open {
            path: path.clone(),
            source,
        };
        if !path.exists() {
            create_private_file(&path).map_err(io_error)?;
        }
        let mut conn = Connection::open(&path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // A file that is not a Sitrep database, or one from a newer Sitrep,
        // is refused before anything is written to it.
        migrations::check_version(&conn)?;
        let mode: String = conn.pragma_query_value(None, "journal_mode", |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            conn.pragma_update(None, "journal_mode", "WAL")?;
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Keep each cached statement's plan: without this SQLite re-plans
        // most of them whenever a bound value changes, which made reading a
        // month's incidents one by one cost five times the SQL.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        migrations::apply(&mut conn)?;
        Ok(Self { conn, path })
    }

    /// Opens the database at `path` for reading only, so that looking at a
    /// read-only copy or a database on a full disk works and writes
    /// nothing. A file that does not exist yet or whose schema is behind is
    /// opened as by [`Store::open`] instead (created or upgraded).
    pub fn open_to_read(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        if !path.exists() {
            return Self::open(path);
        }
        // A folder that is read-only or on a full disk has no room for the
        // shared-memory file; with every write in the file itself, SQLite
        // reads it as immutable instead.
        let (conn, version) = match read_only(&path, Sharing::Shared) {
            Err(err) if disk::cannot_share(&err) && disk::wal_is_empty(&path) => {
                read_only(&path, Sharing::Immutable)?
            }
            opened => opened?,
        };
        if !migrations::is_current(version) {
            drop(conn);
            return Self::open(path);
        }
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        Ok(Self { conn, path })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A number that changes whenever *another* connection (the CLI, a second
    /// app) commits to the database, so a long-lived reader knows to refresh.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |row| row.get(0))?)
    }

    /// How many rows this connection has changed since it opened: whether a
    /// call wrote anything, at no cost.
    pub fn rows_changed(&self) -> u64 {
        self.conn.total_changes()
    }

    /// Runs `f` on one consistent snapshot of the database (one read
    /// transaction), so a report's many reads see one state and take the
    /// read lock once.
    pub fn snapshot<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        let tx = self.conn.unchecked_transaction()?;
        let value = f(self)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs `f` in one write transaction, taken up front so two processes
    /// writing at once queue on the busy timeout instead of failing midway,
    /// and so what `f` reads cannot change before it writes. If `f` fails,
    /// nothing it wrote is kept.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = Tx(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?);
        let value = f(&tx)?;
        tx.0.commit()?;
        Ok(value)
    }
}

/// How much of an incident to read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Depth {
    /// Everything, as the incident view shows it.
    Whole,
    /// The record reports are built from: no timeline entries, plan steps
    /// or checklist.
    Record,
}

/// An open write transaction: the reads and writes a core operation makes,
/// all committed together by [`Store::write`].
pub(crate) struct Tx<'c>(Transaction<'c>);

impl Tx<'_> {
    fn conn(&self) -> &Connection {
        &self.0
    }
}

/// Creates the database file (and its folder) with owner-only permissions if
/// it does not exist yet; SQLite gives its `-wal` and `-shm` files the same mode.
/// How a read-only connection shares the file with writers.
#[derive(Clone, Copy)]
enum Sharing {
    /// Through the WAL and its shared-memory index, seeing others' commits.
    Shared,
    /// Not at all: for a file nobody can write (no `-shm` file needed).
    Immutable,
}

/// A read-only connection to `path` and the schema version it found.
fn read_only(path: &Path, sharing: Sharing) -> Result<(Connection, i64)> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = match sharing {
        Sharing::Shared => Connection::open_with_flags(path, flags)?,
        Sharing::Immutable => Connection::open_with_flags(
            disk::immutable_uri(path),
            flags | OpenFlags::SQLITE_OPEN_URI,
        )?,
    };
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let version = migrations::check_version(&conn)?;
    Ok((conn, version))
}

fn create_private_file(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            let mut builder = fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(dir)?;
        }
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_new_database_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("sitrep.db");
        Store::open(&path).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
    }

    #[test]
    fn the_database_uses_wal_full_sync_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("s.db")).unwrap();
        let pragma = |name: &str| -> String {
            store
                .conn
                .pragma_query_value(None, name, |row| row.get::<_, rusqlite::types::Value>(0))
                .map(|v| format!("{v:?}"))
                .unwrap()
        };
        assert_eq!(pragma("journal_mode"), "Text(\"wal\")");
        assert_eq!(pragma("synchronous"), "Integer(2)");
        assert_eq!(pragma("foreign_keys"), "Integer(1)");
    }

    /// The query plan's lines that read a whole table rather than search an index.
    fn full_scans(store: &Store, sql: &str) -> Vec<String> {
        let mut stmt = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let count = stmt.parameter_count();
        let params: Vec<String> = vec!["2026-11-01 00:00:00+00:00".into(); count];
        let lines: Vec<String> = stmt
            .query_map(rusqlite::params_from_iter(params), |row| row.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        // A scan of a table (by its name or alias) that uses no index; the
        // checklist's own list of stakeholder ids (`here`) is small by design.
        lines
            .into_iter()
            .filter(|l| {
                (l.starts_with("SCAN ") && !l.contains("INDEX") && l != "SCAN here")
                    // Searching the unique index on `fulfilled_by` for NULL
                    // walks every open obligation: a scan in all but name.
                    || l.contains("(fulfilled_by=?)")
            })
            .collect()
    }

    #[test]
    fn the_checklist_what_is_due_and_a_months_incidents_read_no_whole_table() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("s.db")).unwrap();
        for (what, sql) in [
            ("checklist", comms::CHECKLIST_SQL.to_owned()),
            ("an open obligation", comms::OPEN_OBLIGATION_SQL.to_owned()),
            ("due", comms::DUE_SQL.to_owned()),
            ("a month's incidents", incidents::month_sql()),
        ] {
            assert_eq!(full_scans(&store, &sql), Vec::<String>::new(), "{what}");
        }
        // The check itself sees a scan when there is one.
        assert_eq!(
            full_scans(
                &store,
                "SELECT id FROM obligations o WHERE o.created_at > ?1"
            ),
            ["SCAN o"]
        );
    }

    #[test]
    fn another_connections_commit_changes_the_data_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let watcher = Store::open(&path).unwrap();
        let mut writer = Store::open(&path).unwrap();
        let before = watcher.data_version().unwrap();
        writer
            .write(|tx| Ok(tx.conn().execute_batch("CREATE TABLE scratch (x)")?))
            .unwrap();
        assert_ne!(watcher.data_version().unwrap(), before);
    }
}
