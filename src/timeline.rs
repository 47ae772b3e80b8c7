//! The timeline: the append-only log of what happened during an incident.
//! Each entry keeps when it happened (`at`) apart from when it was typed
//! (`recorded_at`), so back-filled entries stay honest.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

/// What a timeline entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// The incident was declared.
    Declared,
}

impl EntryKind {
    /// Every kind, as stored.
    const ALL: [EntryKind; 1] = [EntryKind::Declared];

    /// The kind as stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Declared => "declared",
        }
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntryKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        EntryKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| format!("unknown timeline entry kind {text:?}"))
    }
}

/// One line of an incident's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TimelineEntry {
    /// When it happened.
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// When it was recorded in Sitrep.
    #[ts(type = "string")]
    pub recorded_at: DateTime<Utc>,
    pub kind: EntryKind,
    pub text: String,
}
