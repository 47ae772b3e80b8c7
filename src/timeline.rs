//! The timeline: the append-only log of what happened during an incident.
//! Each entry keeps when it happened (`at`) apart from when it was typed
//! (`recorded_at`), so back-filled entries stay honest. Entries are never
//! deleted; editing a note keeps every earlier text.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::{Clock, happened_at};
use crate::error::{Error, InvalidInput, Result};
use crate::incident::{IncidentDetail, IncidentKey};
use crate::store::Store;

/// What a timeline entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// The incident was declared.
    Declared,
    /// The status moved (forwards or backwards).
    Status,
    /// Something the responders wrote down.
    Note,
    /// The severity changed.
    Severity,
    /// The title was reworded.
    Title,
    /// A milestone (impact started, detected, mitigated, resolved) was corrected.
    Milestone,
    /// A role was assigned or handed over.
    Role,
    /// A response-plan step was ticked or unticked, or a plan attached.
    Step,
    /// An update was sent, or a stakeholder added to or removed from the incident.
    Comms,
    /// It was marked a drill, or a real incident after all.
    Drill,
    /// The postmortem was drafted, reviewed, published or shared, or an
    /// action item added or settled.
    Postmortem,
}

impl EntryKind {
    /// Every kind, as stored.
    const ALL: [EntryKind; 11] = [
        EntryKind::Declared,
        EntryKind::Status,
        EntryKind::Note,
        EntryKind::Severity,
        EntryKind::Title,
        EntryKind::Milestone,
        EntryKind::Role,
        EntryKind::Step,
        EntryKind::Comms,
        EntryKind::Drill,
        EntryKind::Postmortem,
    ];

    /// The kind as stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Declared => "declared",
            EntryKind::Status => "status",
            EntryKind::Note => "note",
            EntryKind::Severity => "severity",
            EntryKind::Title => "title",
            EntryKind::Milestone => "milestone",
            EntryKind::Role => "role",
            EntryKind::Step => "step",
            EntryKind::Comms => "comms",
            EntryKind::Drill => "drill",
            EntryKind::Postmortem => "postmortem",
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

/// A timeline entry's number, unique in the database.
pub type EntryId = i64;

/// An earlier text of an edited entry.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PastText {
    pub text: String,
    /// When this text was written.
    #[ts(type = "string")]
    pub recorded_at: DateTime<Utc>,
}

/// One line of an incident's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TimelineEntry {
    pub id: EntryId,
    /// When it happened.
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// When it was first recorded in Sitrep.
    #[ts(type = "string")]
    pub recorded_at: DateTime<Utc>,
    pub kind: EntryKind,
    /// The current text (the latest edit, if any).
    pub text: String,
    /// A key moment, shown at the top of the timeline and in the postmortem.
    pub pinned: bool,
    /// When the current text was written, if the entry was edited.
    #[ts(type = "string | null")]
    pub edited_at: Option<DateTime<Utc>>,
    /// The texts the entry had before, oldest first.
    pub history: Vec<PastText>,
}

/// An entry about to be appended.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NewEntry {
    pub at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub kind: EntryKind,
    pub text: String,
}

impl NewEntry {
    /// A comms entry (an update, a skip, who is affected, feedback) about
    /// something that happened at `at`, recorded at `recorded_at`.
    pub(crate) fn comms(at: DateTime<Utc>, recorded_at: DateTime<Utc>, text: String) -> Self {
        Self {
            at,
            recorded_at,
            kind: EntryKind::Comms,
            text,
        }
    }

    /// An entry about something happening as it is recorded.
    pub(crate) fn now(now: DateTime<Utc>, kind: EntryKind, text: String) -> Self {
        Self {
            at: now,
            recorded_at: now,
            kind,
            text,
        }
    }
}

/// The largest note accepted, in bytes of UTF-8.
pub const MAX_NOTE_BYTES: usize = 64 * 1024;

/// Refuses `text` (`what` it is, for the message) when longer than a note,
/// with `advice` after the limit.
pub(crate) fn within_note_size(
    field: &'static str,
    what: &str,
    text: &str,
    advice: &str,
) -> Result<(), InvalidInput> {
    if text.len() <= MAX_NOTE_BYTES {
        return Ok(());
    }
    Err(InvalidInput::new(
        field,
        format!(
            "{what} is {} KB; keep it under {} KB{advice}",
            text.len().div_ceil(1024),
            MAX_NOTE_BYTES / 1024
        ),
    ))
}

/// A non-empty, trimmed note of at most [`MAX_NOTE_BYTES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteText(String);

impl NoteText {
    /// Checks text typed for `field`.
    pub fn parse(field: &'static str, text: &str) -> Result<Self, InvalidInput> {
        let text = text.trim();
        if text.is_empty() {
            return Err(InvalidInput::new(
                field,
                "the note is empty; write what happened",
            ));
        }
        within_note_size(field, "the note", text, " and attach long logs elsewhere")?;
        Ok(Self(text.to_owned()))
    }

    /// The note text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A note as typed in the quick-entry box or given to `sitrep note`.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct NoteInput {
    pub text: String,
    /// When it happened (RFC 3339), for back-dating; defaults to now.
    #[ts(optional)]
    pub at: Option<String>,
}

/// Appends a note to an incident's timeline; the new entry's id. It reads
/// nothing back: a window that shows the incident reads it after.
pub fn add_note(
    store: &mut Store,
    clock: &dyn Clock,
    key: IncidentKey,
    input: &NoteInput,
) -> Result<EntryId> {
    let now = clock.now();
    let text = NoteText::parse("text", &input.text)?;
    let at = happened_at("at", input.at.as_deref(), now)?;
    store.write(|tx| {
        tx.incident(key)?;
        tx.append(
            key,
            &NewEntry {
                at,
                recorded_at: now,
                kind: EntryKind::Note,
                text: text.as_str().to_owned(),
            },
        )
    })
}

/// Pins or unpins an entry of incident `key`.
pub fn set_pinned(
    store: &mut Store,
    key: IncidentKey,
    entry: EntryId,
    pinned: bool,
) -> Result<IncidentDetail> {
    store.write(|tx| {
        tx.entry_of(key, entry)?;
        tx.set_pinned(entry, pinned)
    })?;
    store.incident(key)
}

/// Rewords a note; the earlier text stays in the entry's history. Automatic
/// entries (status, roles, milestones…) record facts and cannot be edited.
pub fn edit_note(
    store: &mut Store,
    clock: &dyn Clock,
    key: IncidentKey,
    entry: EntryId,
    text: &str,
) -> Result<IncidentDetail> {
    let now = clock.now();
    let text = NoteText::parse("text", text)?;
    store.write(|tx| {
        let current = tx.entry_of(key, entry)?;
        if current.kind != EntryKind::Note {
            return Err(InvalidInput::new(
                "entry",
                format!(
                    "entry {entry} records a {} change, which is a fact; only notes can be edited \
                     (correct a milestone with `sitrep edit`, or add a note)",
                    current.kind
                ),
            )
            .into());
        }
        if current.text == text.as_str() {
            return Err(InvalidInput::new("text", "the note already says exactly that").into());
        }
        tx.record_edit(entry, text.as_str(), now)
    })?;
    store.incident(key)
}

/// Refuses an entry number that is not on incident `key`'s timeline.
pub(crate) fn unknown_entry(key: IncidentKey, entry: EntryId) -> Error {
    InvalidInput::new(
        "entry",
        format!("{key} has no timeline entry {entry}; `sitrep show {key}` lists them"),
    )
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_trimmed_and_must_say_something() {
        assert_eq!(
            NoteText::parse("text", "  eu-2 back  ").unwrap().as_str(),
            "eu-2 back"
        );
        let err = NoteText::parse("text", " \n ").unwrap_err();
        assert!(err.message.contains("empty"), "{}", err.message);
    }

    #[test]
    fn notes_over_64_kb_are_refused_with_their_size() {
        assert!(NoteText::parse("text", &"x".repeat(MAX_NOTE_BYTES)).is_ok());
        let err = NoteText::parse("text", &"é".repeat(MAX_NOTE_BYTES / 2 + 1)).unwrap_err();
        assert!(err.message.contains("65 KB"), "{}", err.message);
    }

    #[test]
    fn entry_kinds_read_back_what_they_store() {
        for kind in EntryKind::ALL {
            assert_eq!(kind.as_str().parse::<EntryKind>().unwrap(), kind);
        }
    }
}
