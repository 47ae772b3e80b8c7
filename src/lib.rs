//! Sitrep's core: the incident commander's domain, its SQLite store and the CLI.
//!
//! Everything an IC can do is a function over a [`Store`] and a [`Clock`];
//! the desktop shell (`src-tauri`) and the `sitrep` binary are two thin front
//! doors onto the same functions. Nothing here knows about Tauri.

pub mod cli;
pub mod clock;
pub mod error;
pub mod incident;
pub mod store;
pub mod timeline;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{Error, ErrorKind, InvalidInput};
pub use incident::{DeclareInput, Incident, IncidentDetail, IncidentKey, Severity, Status};
pub use store::Store;
pub use timeline::{EntryKind, TimelineEntry};
