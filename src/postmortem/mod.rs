//! The postmortem: drafted from the record with a template, edited offline
//! with every saved version kept, reviewed and published, exported as
//! Markdown or standalone HTML, and shared with the stakeholders owed it.
//! One renderer serves the window's preview and the export.

pub mod draft;
mod figures;
pub mod template;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};
use ts_rs::TS;

pub use figures::Figures;
pub use template::{Template, TemplateInput};

use crate::action::{self, ActionItem};
use crate::clock::{Clock, happened_at};
use crate::comms::{self, ObligationKind, ObligationState, SendInput, Slot};
use crate::error::{Error, InvalidInput, Result};
use crate::incident::{IncidentKey, Status};
use crate::markup;
use crate::store::Store;
use crate::timeline::{EntryKind, NewEntry, NoteText};
use template::Placeholder;

/// The longest postmortem kept: far beyond any written by hand, and room
/// for the timeline of an incident with thousands of entries.
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Where a postmortem stands.
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
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PostmortemStatus {
    Draft,
    InReview,
    /// Its newest version is frozen; editing starts a new draft version.
    Published,
}

impl PostmortemStatus {
    /// The status as stored and in JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// How it reads on the timeline.
    fn label(self) -> &'static str {
        match self {
            PostmortemStatus::Draft => "back to draft",
            PostmortemStatus::InReview => "in review",
            PostmortemStatus::Published => "published",
        }
    }
}

/// One saved version, whole.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Version {
    pub number: u32,
    pub body: String,
    pub figures: Figures,
    #[ts(type = "string")]
    pub saved_at: DateTime<Utc>,
    /// When this version was published, if it was.
    #[ts(type = "string | null")]
    pub published_at: Option<DateTime<Utc>>,
}

/// One saved version, for the history list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct VersionSummary {
    pub number: u32,
    #[ts(type = "string")]
    pub saved_at: DateTime<Utc>,
    #[ts(type = "string | null")]
    pub published_at: Option<DateTime<Utc>>,
    /// Its length in bytes.
    pub length: u32,
}

/// Which version went to a stakeholder, and when.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Share {
    pub stakeholder: String,
    pub version: u32,
    #[ts(type = "string")]
    pub shared_at: DateTime<Utc>,
}

/// A postmortem as the editor shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Postmortem {
    pub incident: IncidentKey,
    pub title: String,
    pub template: String,
    pub status: PostmortemStatus,
    /// The newest version's number, text and figures.
    pub version: u32,
    pub body: String,
    pub figures: Figures,
    #[ts(type = "string")]
    pub saved_at: DateTime<Utc>,
    /// The text as exported: live sections filled, rendered to safe HTML.
    pub html: String,
    /// Every version, newest first.
    pub versions: Vec<VersionSummary>,
    pub shares: Vec<Share>,
    pub action_items: Vec<ActionItem>,
    /// Stakeholders whose postmortem is owed now: the ones it can be shared with.
    pub owed: Vec<String>,
}

/// How to start a postmortem.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct StartInput {
    /// The template's name; the SRE review when left out.
    #[ts(optional)]
    pub template: Option<String>,
    /// Start before the incident is resolved (the window's *Start postmortem*).
    pub early: bool,
}

/// A save from the editor.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct SaveInput {
    pub body: String,
    pub figures: Figures,
}

/// Sharing the postmortem with stakeholders.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct ShareInput {
    pub to: Vec<String>,
    /// When it was shared (RFC 3339); defaults to now.
    #[ts(optional)]
    pub at: Option<String>,
}

/// The formats a postmortem exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Markdown,
    Html,
}

impl ExportFormat {
    /// The format a file name asks for by its extension (`.md`, `.html`).
    pub fn of_path(path: &std::path::Path) -> Result<Self, InvalidInput> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("md" | "markdown") => Ok(Self::Markdown),
            Some("html" | "htm") => Ok(Self::Html),
            _ => Err(InvalidInput::new(
                "file",
                format!(
                    "{} is not .md or .html; name the file for the format you want",
                    path.display()
                ),
            )),
        }
    }

    /// The format named on the command line (`md`, `html`).
    pub fn named(name: &str) -> Result<Self, InvalidInput> {
        Self::of_path(std::path::Path::new(&format!("postmortem.{}", name.trim())))
    }
}

/// One line of a diff between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DiffLine {
    /// `equal`, `insert` (only in the newer) or `delete` (only in the older).
    pub change: DiffChange,
    pub text: String,
}

/// What a diff line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DiffChange {
    Equal,
    Insert,
    Delete,
}

/// The text as exported: the live placeholders (figures, action items)
/// filled from their records.
pub fn filled(body: &str, figures: &Figures, actions: &[ActionItem]) -> String {
    template::substitute(body, |p| match p {
        Placeholder::Figures => Some(figures.to_markdown()),
        Placeholder::ActionItems => Some(action::to_markdown(actions)),
        _ => None,
    })
}

/// Renders a postmortem's text for the preview: exactly the HTML export's body.
pub fn preview(body: &str, figures: &Figures, actions: &[ActionItem]) -> String {
    markup::markdown_to_html(&filled(body, figures, actions))
}

/// Refuses a key that names no postmortem.
fn none_yet(key: IncidentKey) -> Error {
    InvalidInput::new(
        "incident",
        format!("{key} has no postmortem yet; start one with `sitrep postmortem {key}` or from the incident view"),
    )
    .into()
}

/// Incident `key`'s postmortem, if it has one.
pub fn get(store: &Store, clock: &dyn Clock, key: IncidentKey) -> Result<Option<Postmortem>> {
    store.snapshot(|s| {
        let Some(row) = s.postmortem_row(key)? else {
            s.incident_record(key)?;
            return Ok(None);
        };
        let record = s.incident_record(key)?;
        let latest = s.latest_version(key)?;
        let actions = s.actions(Some(key), false, clock.now())?;
        Ok(Some(Postmortem {
            incident: key,
            title: record.incident.title.clone(),
            template: row.template,
            status: row.status,
            version: latest.number,
            html: preview(&latest.body, &latest.figures, &actions),
            body: latest.body,
            figures: latest.figures,
            saved_at: latest.saved_at,
            versions: s.version_summaries(key)?,
            shares: s.shares(key)?,
            action_items: actions,
            owed: record
                .comms
                .obligations
                .iter()
                .filter(|o| {
                    o.kind == ObligationKind::Postmortem && o.state == ObligationState::Open
                })
                .map(|o| o.stakeholder.clone())
                .collect(),
        }))
    })
}

/// Incident `key`'s postmortem, which must exist.
fn existing(store: &Store, clock: &dyn Clock, key: IncidentKey) -> Result<Postmortem> {
    get(store, clock, key)?.ok_or_else(|| none_yet(key))
}

/// The first draft of incident `key`'s postmortem with `template`, read
/// from its whole record on one snapshot, and its figures as far as the
/// record knows them.
pub fn drafted(store: &Store, key: IncidentKey, template: &Template) -> Result<(String, Figures)> {
    store.snapshot(|s| {
        let detail = s.incident(key)?;
        let body = draft::write(&detail, &s.snoozes(key)?, &template.body);
        let figures = Figures {
            validators_affected: detail.validators_affected,
            ..Figures::default()
        };
        Ok((body, figures))
    })
}

/// Drafts incident `key`'s postmortem from its record with a template: the
/// first version. Refused for an incident not yet resolved unless `early`,
/// and for one that already has a postmortem.
pub fn start(
    store: &mut Store,
    clock: &dyn Clock,
    key: IncidentKey,
    input: &StartInput,
) -> Result<Postmortem> {
    let now = clock.now();
    let template = store.template(input.template.as_deref().unwrap_or(template::DEFAULT))?;
    let status = store.incident_record(key)?.incident.status;
    if !matches!(status, Status::Resolved | Status::Closed) && !input.early {
        return Err(InvalidInput::new(
            "incident",
            format!(
                "{key} is {}; its postmortem is drafted once it is resolved \
                 (or start it early from the incident view)",
                status
            ),
        )
        .into());
    }
    let (body, figures) = drafted(store, key, &template)?;
    store.write(|tx| {
        if tx.postmortem_row(key)?.is_some() {
            return Err(InvalidInput::new(
                "incident",
                format!("{key} already has a postmortem; open it to go on writing"),
            )
            .into());
        }
        tx.insert_postmortem(key, &template.name, now)?;
        tx.insert_version(key, &body, &figures, now)?;
        tx.append(
            key,
            &NewEntry::now(
                now,
                EntryKind::Postmortem,
                format!("postmortem drafted from the {} template", template.name),
            ),
        )
        .map(drop)
    })?;
    existing(store, clock, key)
}

/// Saves the editor's text and figures as a new version, if they changed.
/// Editing a published postmortem starts a new draft; the published version
/// stays as it was.
pub fn save(
    store: &mut Store,
    clock: &dyn Clock,
    key: IncidentKey,
    input: &SaveInput,
) -> Result<Postmortem> {
    if input.body.len() > MAX_BODY_BYTES {
        return Err(InvalidInput::new("body", "the postmortem is longer than 8 MiB").into());
    }
    let figures = input.figures.clone().normalized();
    figures.check()?;
    let now = clock.now();
    store.write(|tx| {
        let row = tx.postmortem_row(key)?.ok_or_else(|| none_yet(key))?;
        let latest = tx.latest_version(key)?;
        if latest.body == input.body && latest.figures == figures {
            return Ok(());
        }
        let number = tx.insert_version(key, &input.body, &figures, now)?;
        if row.status == PostmortemStatus::Published {
            tx.set_postmortem_status(key, PostmortemStatus::Draft, now)?;
            tx.append(
                key,
                &NewEntry::now(
                    now,
                    EntryKind::Postmortem,
                    format!("postmortem edited after publishing: version {number} is a new draft"),
                ),
            )?;
        }
        Ok(())
    })?;
    existing(store, clock, key)
}

/// Moves the postmortem to review, back to draft, or publishes its newest
/// version (which freezes it), as of `at` (RFC 3339; now when `None`); a
/// given time not before that version was saved.
pub fn set_status(
    store: &mut Store,
    clock: &dyn Clock,
    key: IncidentKey,
    status: &str,
    at: Option<&str>,
) -> Result<Postmortem> {
    let status: PostmortemStatus = status.trim().parse().map_err(|_| {
        InvalidInput::new(
            "status",
            format!("a postmortem is draft, in_review or published, not {status:?}"),
        )
    })?;
    let now = clock.now();
    // Only a given time is held to the version's: "now" always may, so a
    // clock set back a little never blocks a publish.
    let given = at.is_some();
    let at = happened_at("at", at, now)?;
    store.write(|tx| {
        let row = tx.postmortem_row(key)?.ok_or_else(|| none_yet(key))?;
        if row.status == status {
            return Ok(());
        }
        if row.status == PostmortemStatus::Published {
            return Err(InvalidInput::new(
                "status",
                format!("{key}'s postmortem is published and frozen; edit it to start a new draft"),
            )
            .into());
        }
        let newest = tx.latest_version(key)?;
        let number = newest.number;
        if given && at < newest.saved_at {
            return Err(InvalidInput::new(
                "at",
                format!(
                    "version {number} of {key}'s postmortem was saved at {}; its status cannot change before that",
                    newest.saved_at.to_rfc3339()
                ),
            )
            .into());
        }
        tx.set_postmortem_status(key, status, at)?;
        tx.append(
            key,
            &NewEntry {
                at,
                recorded_at: now,
                kind: EntryKind::Postmortem,
                text: format!("postmortem {} (version {number})", status.label()),
            },
        )
        .map(drop)
    })?;
    existing(store, clock, key)
}

/// Makes version `number` the newest again, as a new version: nothing in
/// between is lost.
pub fn restore(
    store: &mut Store,
    clock: &dyn Clock,
    key: IncidentKey,
    number: u32,
) -> Result<Postmortem> {
    let old = store.postmortem_version(key, number)?;
    save(
        store,
        clock,
        key,
        &SaveInput {
            body: old.body,
            figures: old.figures,
        },
    )
}

/// The lines that changed from version `from` to version `to`.
pub fn diff(store: &Store, key: IncidentKey, from: u32, to: u32) -> Result<Vec<DiffLine>> {
    let (old, new) = (
        store.postmortem_version(key, from)?,
        store.postmortem_version(key, to)?,
    );
    let (old, new) = (
        filled(&old.body, &old.figures, &[]),
        filled(&new.body, &new.figures, &[]),
    );
    Ok(TextDiff::from_lines(&old, &new)
        .iter_all_changes()
        .map(|c| DiffLine {
            change: match c.tag() {
                ChangeTag::Equal => DiffChange::Equal,
                ChangeTag::Insert => DiffChange::Insert,
                ChangeTag::Delete => DiffChange::Delete,
            },
            text: c.value().trim_end_matches('\n').to_owned(),
        })
        .collect())
}

/// The postmortem as a file: Markdown with its live sections filled, or a
/// standalone HTML page of exactly the preview.
pub fn export(
    store: &Store,
    clock: &dyn Clock,
    key: IncidentKey,
    format: ExportFormat,
) -> Result<String> {
    let pm = existing(store, clock, key)?;
    Ok(match format {
        ExportFormat::Markdown => filled(&pm.body, &pm.figures, &pm.action_items),
        ExportFormat::Html => {
            markup::html_document(&format!("{}: postmortem of {key}", pm.title), &pm.html)
        }
    })
}

/// Shares the newest version with stakeholders whose postmortem is owed:
/// each gets a comms-log entry on their channel, their postmortem
/// obligation is fulfilled (on time or late), and the version is recorded.
pub fn share(
    store: &mut Store,
    clock: &dyn Clock,
    key: IncidentKey,
    input: &ShareInput,
) -> Result<Postmortem> {
    let now = clock.now();
    let at = happened_at("at", input.at.as_deref(), now)?;
    let to: Vec<String> = input
        .to
        .iter()
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect();
    if to.is_empty() {
        return Err(
            InvalidInput::new("to", "name at least one stakeholder to share it with").into(),
        );
    }
    let title = store.incident_record(key)?.incident.title;
    store.write(|tx| {
        tx.postmortem_row(key)?.ok_or_else(|| none_yet(key))?;
        let number = tx.latest_version(key)?.number;
        for name in &to {
            let s = tx.active_stakeholder(name)?;
            if !tx.is_on_incident(key, s.id)? {
                return Err(InvalidInput::new(
                    "to",
                    format!("{} is not on {key}; only its stakeholders are sent its postmortem", s.name),
                )
                .into());
            }
            if tx.open_obligation(key, s.id, Slot::Postmortem)?.is_none() {
                return Err(InvalidInput::new(
                    "to",
                    format!("{} is owed no postmortem of {key}: it was shared or skipped, or their policy asks for none", s.name),
                )
                .into());
            }
        }
        let message = NoteText::parse(
            "message",
            &format!("Postmortem of {key} ({title}), version {number}"),
        )?;
        let send = SendInput {
            to: to.clone(),
            postmortem: true,
            ..SendInput::default()
        };
        // Records the version shared with each, too.
        comms::send_in(tx, key, &send, Some(&message), at, None, now)?
            .map_err(Error::ProbableDuplicate)
            .map(drop)
    })?;
    existing(store, clock, key)
}

/// Stores a template after checking it; a new name adds one.
pub fn save_template(store: &mut Store, input: &TemplateInput) -> Result<Vec<Template>> {
    let name = template::name(&input.name)?;
    template::check(&input.body)?;
    store.write(|tx| {
        let builtin = tx.template(&name)?.is_some_and(|t| t.builtin);
        tx.save_template(&name, &input.body, builtin)
    })?;
    store.templates()
}

/// Removes a template of the user's own; the seeded ones stay.
pub fn remove_template(store: &mut Store, name: &str) -> Result<Vec<Template>> {
    store.write(|tx| match tx.template(name)? {
        None => {
            Err(InvalidInput::new("name", format!("there is no template {:?}", name.trim())).into())
        }
        Some(t) if t.builtin => Err(InvalidInput::new(
            "name",
            format!(
                "{} comes with Sitrep; edit it instead of removing it",
                t.name
            ),
        )
        .into()),
        Some(t) => tx.remove_template(&t.name),
    })?;
    store.templates()
}
