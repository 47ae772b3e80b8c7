//! The one error type that crosses IPC: `{kind, message, field}`. The UI
//! switches on `kind`, shows `message`, and puts it beside `field` if set.

use serde::Serialize;
use sitrep::{Error, ErrorKind};
use ts_rs::TS;

/// A core error as the window receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IpcError {
    pub kind: ErrorKind,
    pub message: String,
    /// The form field at fault (`title`, `severity`, …), if any.
    pub field: Option<String>,
    /// For a probable duplicate: the recipients told too recently, so the
    /// window can offer to send to the others only.
    pub duplicates: Vec<String>,
}

impl IpcError {
    /// A failure of the desktop itself (no log folder, no file manager).
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Internal,
            message: message.into(),
            field: None,
            duplicates: Vec::new(),
        }
    }
}

impl From<Error> for IpcError {
    fn from(err: Error) -> Self {
        let duplicates = match &err {
            Error::ProbableDuplicate(d) => d.told.iter().map(|t| t.stakeholder.clone()).collect(),
            _ => Vec::new(),
        };
        Self {
            kind: err.kind(),
            message: err.to_string(),
            field: err.field().map(str::to_owned),
            duplicates,
        }
    }
}
