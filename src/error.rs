//! The one error type of the core. Each variant says what went wrong in words
//! the user can act on; [`ErrorKind`] tells the front doors how to react
//! (the CLI's exit status, the window's inline messages).

use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

use crate::comms::ProbableDuplicate;
use crate::incident::IncidentKey;

/// Input that was refused before anything was written. `field` names the
/// form field or CLI option at fault so the window can show the message beside it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{message}")]
pub struct InvalidInput {
    /// The field at fault, as the IPC payload spells it (`title`, `severity`, …).
    pub field: &'static str,
    /// What is wrong and what is expected.
    pub message: String,
}

impl InvalidInput {
    /// Refuses `field` with `message`.
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// Everything a core operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user's input was refused; nothing was written.
    #[error(transparent)]
    Invalid(#[from] InvalidInput),
    /// An update that looks like one already sent; `--force` records it anyway.
    #[error("{0}")]
    ProbableDuplicate(ProbableDuplicate),
    /// The incident key names no incident in this database.
    #[error("there is no incident {0} in this database; `sitrep list` shows the keys")]
    UnknownIncident(IncidentKey),
    /// The database file or its folder could not be prepared.
    #[error("cannot open the database at {}: {source}", path.display())]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    /// No database path was given and the OS has no application-data folder.
    #[error("cannot find the application-data folder; pass --db PATH or set SITREP_DB")]
    NoDataDir,
    /// The database was written by a newer Sitrep.
    #[error(
        "the database has schema version {found} but this Sitrep knows only up to {known}; \
         update Sitrep before opening it"
    )]
    SchemaTooNew { found: i64, known: i64 },
    /// SQLite's integrity check found damage; nothing was changed.
    #[error(
        "{} is damaged: {}; Sitrep changed nothing — restore the newest good backup with `sitrep restore FILE`",
        path.display(),
        problems.join("; ")
    )]
    Corrupt {
        path: PathBuf,
        problems: Vec<String>,
    },
    /// SQLite failed (disk full, database locked for too long, corrupt file…).
    #[error("database error: {0}{hint}", hint = advice(.0))]
    Database(#[from] rusqlite::Error),
}

/// What to do about a database failure the user can act on.
fn advice(err: &rusqlite::Error) -> &'static str {
    use rusqlite::ErrorCode;
    match err.sqlite_error_code() {
        Some(ErrorCode::DiskFull | ErrorCode::SystemIoFailure) => {
            " — the disk may be full or failing; nothing was written. Free some space and try again \
             (reading still works)"
        }
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            " — the database file or its folder cannot be written; nothing was written"
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            " — another Sitrep or `sitrep` held the database too long; nothing was written, try again"
        }
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
            " — this file is not a Sitrep database, or it is damaged; Sitrep changed nothing. \
             `sitrep check` says more; `sitrep restore FILE` brings back a backup"
        }
        _ => "",
    }
}

/// How a front door should treat an [`Error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The user can fix it by changing the input (CLI exit status 2).
    BadInput,
    /// Refused as a probable duplicate; confirm to record it (CLI exit status 3).
    Duplicate,
    /// Something outside the input failed (CLI exit status 1).
    Internal,
}

impl Error {
    /// Whether the user's input or the environment is to blame.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Invalid(_) | Error::UnknownIncident(_) => ErrorKind::BadInput,
            Error::ProbableDuplicate(_) => ErrorKind::Duplicate,
            Error::Open { .. }
            | Error::NoDataDir
            | Error::SchemaTooNew { .. }
            | Error::Corrupt { .. }
            | Error::Database(_) => ErrorKind::Internal,
        }
    }

    /// The form field at fault, when there is one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Invalid(invalid) => Some(invalid.field),
            _ => None,
        }
    }
}

/// Shorthand for core results.
pub type Result<T, E = Error> = std::result::Result<T, E>;
