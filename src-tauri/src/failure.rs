//! The window Sitrep shows when its database cannot be opened: what is
//! wrong with which file, in plain words, and the ways out (another file, the
//! newest backup, reading only). Nothing here writes to the refused file.

use std::io::ErrorKind as IoKind;
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;
use serde::Serialize;
use sitrep::store::disk;
use sitrep::{Clock, Error, Store};
use tauri::{AppHandle, Builder, Manager, Runtime, State};
use ts_rs::TS;

use crate::commands::Reply;
use crate::files::Files;
use crate::launch;
use crate::{AppState, IpcError};

/// Why a database was refused, and what the window can offer about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OpenFailure {
    /// The database file Sitrep could not open.
    pub path: String,
    /// What is wrong, in words a tired incident commander understands.
    pub problem: String,
    /// What to do about it.
    pub advice: String,
    /// Sitrep's backups beside the file, newest first, when restoring one is a fix.
    pub backups: Vec<String>,
    /// Whether the file opens for reading only (writing refused, disk full).
    pub can_open_read_only: bool,
}

/// What the window asks first: run normally, or show why it cannot.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Startup {
    /// The database is open; `read_only` says why writing is off, if it is.
    Open { read_only: Option<String> },
    /// The database could not be opened.
    Failed { failure: OpenFailure },
}

/// What went wrong, sorted by what the user can do about it.
enum Cause {
    NotADatabase,
    TooNew { found: i64, known: i64 },
    Damaged(String),
    CannotWrite(String),
    DiskFull,
    Busy,
    Other(String),
}

fn cause(path: &Path, err: &Error) -> Cause {
    match err {
        Error::SchemaTooNew { found, known } => Cause::TooNew {
            found: *found,
            known: *known,
        },
        Error::Corrupt { problems, .. } => Cause::Damaged(problems.join("; ")),
        Error::Open { source, .. } => match source.kind() {
            IoKind::PermissionDenied => Cause::CannotWrite(FOR_YOU.to_owned()),
            IoKind::ReadOnlyFilesystem => Cause::CannotWrite(ON_READ_ONLY_DISK.to_owned()),
            IoKind::StorageFull => Cause::DiskFull,
            _ => Cause::Other(err.to_string()),
        },
        Error::Database(db) => match db.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => Cause::NotADatabase,
            Some(ErrorCode::DatabaseCorrupt) => {
                Cause::Damaged("part of it cannot be read".to_owned())
            }
            Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => {
                Cause::CannotWrite(FOR_YOU.to_owned())
            }
            Some(ErrorCode::DiskFull) => Cause::DiskFull,
            // SQLite could not make the WAL or shared-memory file beside it.
            Some(ErrorCode::CannotOpen | ErrorCode::SystemIoFailure) if disk::is_full(path) => {
                Cause::DiskFull
            }
            Some(ErrorCode::CannotOpen) if !disk::folder_is_writable(path) => {
                Cause::CannotWrite(FOLDER_FOR_YOU.to_owned())
            }
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Cause::Busy,
            _ => Cause::Other(err.to_string()),
        },
        _ => Cause::Other(err.to_string()),
    }
}

const UNCHANGED: &str = "Sitrep has not changed it.";
const FOR_YOU: &str = "the file or its folder is read-only for you";
const FOLDER_FOR_YOU: &str = "its folder is read-only for you";
const ON_READ_ONLY_DISK: &str = "it is on a disk mounted read-only";

/// Says what is wrong with `path` and what to do, from the error that refused it.
pub fn describe(path: &Path, err: &Error) -> OpenFailure {
    // The window shows the whole path beside it; the sentence names the file.
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let (problem, advice, restorable) = match cause(path, err) {
        Cause::NotADatabase => (
            format!("{file} is not a Sitrep database: it holds something else, or it was overwritten."),
            format!("{UNCHANGED} Choose your database, or restore the newest backup if this was it."),
            true,
        ),
        Cause::TooNew { found, known } => (
            format!(
                "{file} was last used by a newer Sitrep (database version {found}; this Sitrep knows up to {known})."
            ),
            format!("{UNCHANGED} Install the newer Sitrep to open it, or choose another database."),
            false,
        ),
        Cause::Damaged(detail) => (
            format!("{file} is damaged: {detail}."),
            format!(
                "{UNCHANGED} Restore the newest backup (the damaged file is kept beside it, untouched), or choose another database."
            ),
            true,
        ),
        Cause::CannotWrite(detail) => (
            format!("Sitrep may not write to {file}: {detail}."),
            "Open it read-only to see your incidents, or make the file and its folder writable for you and try again."
                .to_owned(),
            false,
        ),
        Cause::DiskFull => (
            format!("The disk that holds {file} is full."),
            "Free some space and try again, or open it read-only to see your incidents.".to_owned(),
            false,
        ),
        Cause::Busy => (
            format!("Another program is holding {file} locked."),
            "Close it (another Sitrep, a backup tool) and try again.".to_owned(),
            false,
        ),
        Cause::Other(detail) => (
            format!("Sitrep could not open {file}: {detail}."),
            format!("{UNCHANGED} Try again, or choose another database."),
            false,
        ),
    };
    let can_open_read_only = matches!(cause(path, err), Cause::CannotWrite(_) | Cause::DiskFull)
        && Store::open_to_read(path).is_ok();
    let backups = if restorable {
        Store::backups_beside(path)
            .iter()
            .map(|p| p.display().to_string())
            .collect()
    } else {
        Vec::new()
    };
    OpenFailure {
        path: path.display().to_string(),
        problem,
        advice,
        backups,
        can_open_read_only,
    }
}

/// Why writing is off in a database opened for reading only.
pub fn read_only_reason(path: &Path, err: &Error) -> String {
    let file = path.display();
    match cause(path, err) {
        Cause::DiskFull => format!("the disk that holds {file} is full"),
        Cause::CannotWrite(detail) => format!("Sitrep may not write to {file}: {detail}"),
        _ => format!("{file} cannot be written: {err}"),
    }
}

/// The failure window's state: the refused file and the clock.
pub struct FailureState {
    path: PathBuf,
    failure: OpenFailure,
    clock: Box<dyn Clock>,
}

impl FailureState {
    /// State for a window about `path`, refused with `err`.
    pub fn new(path: PathBuf, err: &Error, clock: Box<dyn Clock>) -> Self {
        Self {
            failure: describe(&path, err),
            path,
            clock,
        }
    }
}

/// A Tauri builder for the failure window: its own few commands, no store,
/// no tray, no reminders. Closing the window quits.
pub fn app<R: Runtime>(builder: Builder<R>, state: FailureState) -> Builder<R> {
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            startup,
            choose_database,
            restore_newest_backup,
            open_read_only,
            try_again,
        ])
}

/// What the window asks first, in either app: the failure to explain, or
/// that the database is open and whether writing is off.
#[tauri::command(async)]
pub fn startup<R: Runtime>(app: AppHandle<R>) -> Startup {
    match app.try_state::<FailureState>() {
        Some(state) => Startup::Failed {
            failure: state.failure.clone(),
        },
        None => Startup::Open {
            read_only: app
                .try_state::<AppState>()
                .and_then(|state| state.read_only.clone()),
        },
    }
}

/// Asks which database to use and starts Sitrep again on it; nothing
/// happens when the dialog is cancelled.
#[tauri::command(async)]
pub fn choose_database<R: Runtime>(app: AppHandle<R>, files: State<'_, Files>) -> Reply<()> {
    let title = "Choose a Sitrep database";
    let Some(path) = files.to_open(title, &[], None)? else {
        return Ok(());
    };
    Ok(launch::relaunch(&app, launch::args_for(&path, false))?)
}

/// Puts the newest backup in the refused file's place (kept aside,
/// untouched) and starts Sitrep again on it.
#[tauri::command(async)]
pub fn restore_newest_backup<R: Runtime>(app: AppHandle<R>) -> Reply<()> {
    let state = app.state::<FailureState>();
    let newest = Store::backups_beside(&state.path)
        .into_iter()
        .next()
        .ok_or_else(|| IpcError::from(Error::from(no_backup(&state.path))))?;
    Store::restore_refused(&state.path, &newest, state.clock.now())?;
    Ok(launch::relaunch(
        &app,
        launch::args_for(&state.path, false),
    )?)
}

fn no_backup(path: &Path) -> sitrep::InvalidInput {
    sitrep::InvalidInput::new(
        "backup",
        format!("there is no backup beside {}", path.display()),
    )
}

/// Starts Sitrep again on the same file, for reading only.
#[tauri::command(async)]
pub fn open_read_only<R: Runtime>(app: AppHandle<R>) -> Reply<()> {
    let path = app.state::<FailureState>().path.clone();
    Ok(launch::relaunch(&app, launch::args_for(&path, true))?)
}

/// Starts Sitrep again on the same file (the disk has room now, the lock is gone).
#[tauri::command(async)]
pub fn try_again<R: Runtime>(app: AppHandle<R>) -> Reply<()> {
    let path = app.state::<FailureState>().path.clone();
    Ok(launch::relaunch(&app, launch::args_for(&path, false))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_file_is_named_as_not_a_database_and_its_backups_offered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sitrep.db");
        std::fs::write(&path, "meeting notes").unwrap();
        std::fs::create_dir(dir.path().join("backups")).unwrap();
        Store::open(dir.path().join("backups/sitrep-20261201T100000Z.db")).unwrap();
        let Err(err) = Store::open(&path) else {
            panic!("a text file opened")
        };
        let failure = describe(&path, &err);
        assert!(
            failure.problem.contains("is not a Sitrep database"),
            "{failure:?}"
        );
        assert_eq!(failure.backups.len(), 1);
        assert!(!failure.can_open_read_only);
    }

    #[test]
    fn a_newer_schema_says_to_update_and_offers_no_restore() {
        let err = Error::SchemaTooNew {
            found: 99,
            known: 12,
        };
        let failure = describe(Path::new("/nowhere/sitrep.db"), &err);
        assert!(failure.problem.contains("newer Sitrep"), "{failure:?}");
        assert!(failure.problem.contains("99"), "{failure:?}");
        assert!(failure.advice.contains("Install the newer Sitrep"));
        assert!(failure.backups.is_empty());
    }

    #[test]
    fn a_file_that_cannot_be_written_is_explained_with_the_reason() {
        let err = Error::Open {
            path: "/x/sitrep.db".into(),
            source: std::io::Error::from(IoKind::PermissionDenied),
        };
        let failure = describe(Path::new("/x/sitrep.db"), &err);
        assert!(
            failure
                .problem
                .starts_with("Sitrep may not write to sitrep.db")
        );
        assert!(failure.advice.contains("read-only"));
        assert!(
            read_only_reason(Path::new("/x/sitrep.db"), &err).contains("may not write"),
            "{}",
            read_only_reason(Path::new("/x/sitrep.db"), &err)
        );
    }
}
