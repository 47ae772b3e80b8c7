//! Action items: the follow-up work a postmortem commits to, as records —
//! text, owner, due date, kind, status — listed in their postmortem and in
//! one overview across incidents, overdue ones marked.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::{Clock, happened_at};
use crate::error::{InvalidInput, Result};
use crate::incident::IncidentKey;
use crate::markup::md_inline;
use crate::store::Store;
use crate::timeline::{EntryKind, NewEntry, NoteText};

/// What an action item does about the incident.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    TS,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::Display,
    strum::VariantNames,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case", ascii_case_insensitive)]
pub enum ActionKind {
    /// Keeps it from happening again.
    Prevent,
    /// Finds it sooner next time.
    Detect,
    /// Makes the impact smaller or shorter.
    Mitigate,
    /// Changes how we respond.
    Process,
    Other,
}

/// Where an action item stands.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    TS,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::Display,
    strum::VariantNames,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case", ascii_case_insensitive)]
pub enum ActionStatus {
    Open,
    Done,
    /// Decided against, on purpose.
    WontDo,
}

impl ActionKind {
    /// The kind as stored and in JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl ActionStatus {
    /// The status as stored and in JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// How the status reads in a postmortem.
    fn label(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::Done => "done",
            ActionStatus::WontDo => "won't do",
        }
    }
}

/// One action item as stored.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ActionItem {
    pub id: i64,
    pub incident: IncidentKey,
    pub incident_title: String,
    pub text: String,
    pub owner: String,
    #[ts(type = "string | null")]
    pub due_on: Option<NaiveDate>,
    pub kind: ActionKind,
    pub status: ActionStatus,
    /// Open and past its due date (at the time asked about).
    pub overdue: bool,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
}

impl ActionItem {
    /// Whether it is open with its due date before `now`'s (UTC) day.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.status == ActionStatus::Open && self.due_on.is_some_and(|d| d < now.date_naive())
    }
}

/// An action item as typed in the postmortem view or given to `sitrep actions add`.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct ActionInput {
    pub text: String,
    pub owner: String,
    /// `YYYY-MM-DD`, or empty for none.
    pub due_on: String,
    /// `prevent`, `detect`, `mitigate`, `process` or `other`.
    pub kind: String,
    /// `open`, `done` or `wont_do`; a new item is open when left out.
    #[ts(optional)]
    pub status: Option<String>,
}

/// An action item's fields, checked.
pub(crate) struct ActionFields {
    pub text: String,
    pub owner: String,
    pub due_on: Option<NaiveDate>,
    pub kind: ActionKind,
    pub status: ActionStatus,
}

impl ActionInput {
    /// Checks every field; nothing is written when one is wrong.
    pub(crate) fn check(&self) -> Result<ActionFields, InvalidInput> {
        let text = self.text.trim();
        if text.is_empty() {
            return Err(InvalidInput::new(
                "text",
                "an action item needs a text: what will be done",
            ));
        }
        let text = NoteText::parse("text", text)?.as_str().to_owned();
        crate::text::one_line("owner", self.owner.trim())?;
        let due_on = match self.due_on.trim() {
            "" => None,
            day => Some(NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| {
                InvalidInput::new(
                    "due_on",
                    format!("the due date is a day as YYYY-MM-DD (like 2026-12-31), got {day:?}"),
                )
            })?),
        };
        let kind = match self.kind.trim() {
            "" => ActionKind::Other,
            word => word.parse().map_err(|_| {
                InvalidInput::new(
                    "kind",
                    format!(
                        "the kind is one of {}, got {word:?}",
                        <ActionKind as strum::VariantNames>::VARIANTS.join(", ")
                    ),
                )
            })?,
        };
        let status = match self.status.as_deref().map(str::trim) {
            None | Some("") => ActionStatus::Open,
            Some(word) => word.parse().map_err(|_| {
                InvalidInput::new(
                    "status",
                    format!(
                        "the status is one of {}, got {word:?}",
                        <ActionStatus as strum::VariantNames>::VARIANTS.join(", ")
                    ),
                )
            })?,
        };
        Ok(ActionFields {
            text,
            owner: self.owner.trim().to_owned(),
            due_on,
            kind,
            status,
        })
    }
}

/// Adds an action item to incident `key`, with a timeline entry, as decided
/// at `at` (RFC 3339; now when `None`): not before the incident was declared.
pub fn add(
    store: &mut Store,
    clock: &dyn Clock,
    key: IncidentKey,
    input: &ActionInput,
    at: Option<&str>,
) -> Result<ActionItem> {
    let fields = input.check()?;
    let now = clock.now();
    let at = happened_at("at", at, now)?;
    let id = store.write(|tx| {
        tx.incident(key)?
            .check_not_before_declared(at, "an action item cannot be added before that")?;
        let id = tx.insert_action(key, &fields, at)?;
        tx.append(
            key,
            &NewEntry {
                at,
                recorded_at: now,
                kind: EntryKind::Postmortem,
                text: format!("action item added: {}", fields.text),
            },
        )?;
        Ok(id)
    })?;
    store.action(id, now)
}

/// Changes action item `id` (its text, owner, due date, kind or status) as
/// of `at` (RFC 3339; now when `None`); a given time not before the item
/// was added.
pub fn update(
    store: &mut Store,
    clock: &dyn Clock,
    id: i64,
    input: &ActionInput,
    at: Option<&str>,
) -> Result<ActionItem> {
    let fields = input.check()?;
    let now = clock.now();
    // As for a postmortem's status: only a given time is held to the item's.
    let given = at.is_some();
    let at = happened_at("at", at, now)?;
    let before = store.action(id, now)?;
    if given && at < before.created_at {
        return Err(InvalidInput::new(
            "at",
            format!(
                "action item {id} was added at {}; it cannot change before that",
                before.created_at.to_rfc3339()
            ),
        )
        .into());
    }
    store.write(|tx| {
        tx.update_action(id, &fields, at)?;
        if before.status != fields.status {
            tx.append(
                before.incident,
                &NewEntry {
                    at,
                    recorded_at: now,
                    kind: EntryKind::Postmortem,
                    text: format!("action item {}: {}", fields.status.label(), fields.text),
                },
            )?;
        }
        Ok(())
    })?;
    store.action(id, now)
}

/// Every action item, open ones only if `open`, soonest due first.
pub fn list(store: &Store, clock: &dyn Clock, open: bool) -> Result<Vec<ActionItem>> {
    store.actions(None, open, clock.now())
}

/// The action items as a Markdown table for a postmortem.
pub fn to_markdown(items: &[ActionItem]) -> String {
    if items.is_empty() {
        return "_No action items yet: add them in the postmortem view (kind, owner, due date)._\n"
            .to_owned();
    }
    let mut out = String::from("| Action | Kind | Owner | Due | Status |\n|---|---|---|---|---|\n");
    for item in items {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            md_inline(&item.text.replace('\n', " ")),
            item.kind,
            if item.owner.is_empty() {
                "—".to_owned()
            } else {
                md_inline(&item.owner)
            },
            item.due_on
                .map_or_else(|| "—".to_owned(), |d| d.to_string()),
            item.status.label(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &str, due: &str, kind: &str) -> ActionInput {
        ActionInput {
            text: text.into(),
            due_on: due.into(),
            kind: kind.into(),
            ..ActionInput::default()
        }
    }

    #[test]
    fn an_empty_text_a_bad_date_or_an_unknown_kind_is_refused() {
        assert_eq!(
            input("  ", "", "prevent").check().err().unwrap().field,
            "text"
        );
        let bad_date = input("Add alert", "31/12/2026", "detect")
            .check()
            .err()
            .unwrap();
        assert_eq!(bad_date.field, "due_on");
        assert!(bad_date.message.contains("YYYY-MM-DD"));
        assert_eq!(
            input("Add alert", "2026-02-30", "detect")
                .check()
                .err()
                .unwrap()
                .field,
            "due_on"
        );
        assert_eq!(input("x", "", "pray").check().err().unwrap().field, "kind");
        let ok = input("Add alert", "2026-12-31", "Detect").check().unwrap();
        assert_eq!(ok.kind, ActionKind::Detect);
        assert_eq!(ok.status, ActionStatus::Open);
    }

    #[test]
    fn an_open_item_is_overdue_the_day_after_its_due_date() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let mut item = ActionItem {
            id: 1,
            incident: "INC-1".parse().unwrap(),
            incident_title: String::new(),
            text: "x".into(),
            owner: String::new(),
            due_on: NaiveDate::from_ymd_opt(2026, 12, 1),
            kind: ActionKind::Other,
            status: ActionStatus::Open,
            overdue: false,
            created_at: at("2026-11-01T00:00:00Z"),
            updated_at: at("2026-11-01T00:00:00Z"),
        };
        assert!(!item.is_overdue(at("2026-12-01T23:59:00Z")));
        assert!(item.is_overdue(at("2026-12-02T00:00:00Z")));
        item.status = ActionStatus::Done;
        assert!(!item.is_overdue(at("2026-12-09T00:00:00Z")));
    }
}
