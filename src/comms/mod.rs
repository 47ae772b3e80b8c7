//! Communication during an incident: the comms checklist of obligations each
//! stakeholder is owed, recording updates that fulfil them (with the
//! duplicate guard and an idempotency key), adding or removing stakeholders
//! for one incident, and the list of what is due next.

mod compose;
mod composer;
mod due;
mod reconcile;
pub(crate) mod rules;

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::{Clock, happened_at};
use crate::error::{Error, InvalidInput, Result};
use crate::incident::{IncidentDetail, IncidentKey, Severity, Status};
use crate::policy::Membership;
use crate::stakeholder::{ChannelKind, Group};
use crate::store::{Store, Tx};
use crate::timeline::{NewEntry, NoteText};

pub use compose::{Draft, draft, postmortem_notice, render};
pub use composer::{Composed, DraftOrigin, Preview, compose, reset_draft, save_draft};
pub(crate) use composer::{DraftSource, SavedDraft};
pub use due::{DueIncident, DueSummary};
pub(crate) use reconcile::{reconcile, reconcile_all};

/// What an obligation asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ObligationKind {
    /// The first notice of the incident.
    Initial,
    /// A further update at the cadence.
    Update,
    /// The notice that it is resolved.
    Resolution,
    /// The postmortem, shared.
    Postmortem,
}

impl ObligationKind {
    const ALL: [ObligationKind; 4] = [
        ObligationKind::Initial,
        ObligationKind::Update,
        ObligationKind::Resolution,
        ObligationKind::Postmortem,
    ];

    /// The kind as stored and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ObligationKind::Initial => "initial",
            ObligationKind::Update => "update",
            ObligationKind::Resolution => "resolution",
            ObligationKind::Postmortem => "postmortem",
        }
    }
}

impl fmt::Display for ObligationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ObligationKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        ObligationKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| format!("unknown obligation kind {text:?}"))
    }
}

/// What happened to an obligation: `pending` while open, else how it ended.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    TS,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Outcome {
    /// Still open.
    Pending,
    /// Fulfilled by its due time.
    OnTime,
    /// Fulfilled after its due time.
    Late,
    /// Ended unfulfilled after its due time: the stakeholder was never told.
    Missed,
    /// Ended before it was due, by a status, severity or policy change.
    Superseded,
    /// The IC skipped it, with a reason.
    Skipped,
    /// The stakeholder was taken off the incident (or retired).
    Removed,
}

impl Outcome {
    /// The outcome as stored and in JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The outcome of an obligation due at `due_at` fulfilled at `sent_at`.
    pub fn fulfilled(due_at: DateTime<Utc>, sent_at: DateTime<Utc>) -> Outcome {
        if sent_at <= due_at {
            Outcome::OnTime
        } else {
            Outcome::Late
        }
    }

    /// The share of the notices that came due (on time, late or missed)
    /// that were sent on time; `None` if none came due.
    pub fn on_time_percent(outcomes: &[Outcome]) -> Option<f64> {
        let count = |wanted: Outcome| outcomes.iter().filter(|o| **o == wanted).count() as f64;
        let came_due = count(Outcome::OnTime) + count(Outcome::Late) + count(Outcome::Missed);
        (came_due > 0.0).then(|| 100.0 * count(Outcome::OnTime) / came_due)
    }

    /// The outcome of an obligation due at `due_at` that ends unfulfilled at
    /// `at`; `gone` when its stakeholder was taken off the incident.
    pub fn unfulfilled(due_at: DateTime<Utc>, at: DateTime<Utc>, gone: bool) -> Outcome {
        if gone {
            Outcome::Removed
        } else if at > due_at {
            Outcome::Missed
        } else {
            Outcome::Superseded
        }
    }
}

/// How pressing an open obligation is, for ordering and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Its due time has passed.
    Overdue,
    /// Due within [`DUE_SOON`].
    DueSoon,
    /// The IC snoozed its reminder and the snooze has not ended: not counted
    /// overdue until then.
    Snoozed,
    Later,
}

/// How close a due time must be to count as due soon.
pub const DUE_SOON: TimeDelta = TimeDelta::minutes(5);

impl Urgency {
    /// The urgency of an obligation due at `due_at` whose reminder is
    /// snoozed until `snoozed_until` (if ever), seen at `now`.
    pub fn of_snoozed(
        due_at: DateTime<Utc>,
        snoozed_until: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Urgency {
        match snoozed_until {
            Some(until) if until > now => Urgency::Snoozed,
            _ => Urgency::of(due_at, now),
        }
    }

    /// The urgency of something due at `due_at`, seen at `now`.
    pub fn of(due_at: DateTime<Utc>, now: DateTime<Utc>) -> Urgency {
        if due_at < now {
            Urgency::Overdue
        } else if due_at - now <= DUE_SOON {
            Urgency::DueSoon
        } else {
            Urgency::Later
        }
    }
}

/// One open row of a comms checklist, as `sitrep due` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Obligation {
    pub id: i64,
    pub incident: IncidentKey,
    pub incident_title: String,
    pub severity: Severity,
    pub drill: bool,
    pub stakeholder: String,
    pub stakeholder_id: i64,
    pub group: Group,
    pub channel: ChannelKind,
    pub handle: String,
    pub kind: ObligationKind,
    #[ts(type = "string")]
    pub due_at: DateTime<Utc>,
    /// Whether `due_at` has passed (at the time asked about).
    pub overdue: bool,
    pub urgency: Urgency,
    /// Until when its reminder is snoozed (the latest of its snoozes), while
    /// that is still ahead.
    #[ts(type = "string | null")]
    pub snoozed_until: Option<DateTime<Utc>>,
    /// Whether the next update should go to them now: see [`owed_now`].
    pub owed_now: bool,
}

/// Whether a stakeholder with an open obligation of `kind` and `urgency`
/// should get the next update now, so the window ticks them: a first or
/// resolution notice not sent yet, or an update due within minutes or late.
/// Never one told just before (their update is re-armed a cadence away),
/// nor a snoozed one, nor a postmortem (shared, not sent as an update).
pub fn owed_now(kind: ObligationKind, urgency: Urgency) -> bool {
    match kind {
        ObligationKind::Initial | ObligationKind::Resolution => urgency != Urgency::Snoozed,
        ObligationKind::Update => matches!(urgency, Urgency::Overdue | Urgency::DueSoon),
        ObligationKind::Postmortem => false,
    }
}

/// How a stakeholder stands with one incident.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ChecklistRow {
    pub stakeholder: String,
    pub stakeholder_id: i64,
    pub group: Group,
    pub channel: ChannelKind,
    pub handle: String,
    /// `policy`, `added` or `removed` (by the IC, with `reason`).
    pub membership: Membership,
    pub reason: Option<String>,
    /// The notice owed now, if any.
    pub next: Option<ObligationKind>,
    #[ts(type = "string | null")]
    pub due_at: Option<DateTime<Utc>>,
    /// When they were last told, and on which channel.
    #[ts(type = "string | null")]
    pub last_update_at: Option<DateTime<Utc>>,
    pub last_channel: Option<ChannelKind>,
    /// When their postmortem is due, while it is owed.
    #[ts(type = "string | null")]
    pub postmortem_due_at: Option<DateTime<Utc>>,
    /// The incident's impact hits them (they are charged with its downtime).
    pub affected: bool,
    /// How many of their validators are affected, if known.
    pub validators: Option<u32>,
    /// Notices they were owed and never got, oldest first.
    pub missed: Vec<Missed>,
}

/// A notice a stakeholder was owed and never got.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct Missed {
    pub kind: ObligationKind,
    /// When it was first due.
    #[ts(type = "string")]
    pub due_at: DateTime<Utc>,
}

/// One update as it went to one stakeholder.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LoggedUpdate {
    pub id: i64,
    pub stakeholder: String,
    pub channel: ChannelKind,
    pub handle: String,
    #[ts(type = "string")]
    pub sent_at: DateTime<Utc>,
    pub message: String,
    /// The obligation it fulfilled, if any.
    pub fulfilled: Option<ObligationKind>,
    /// Sent by the obligation's due time; `None` if it fulfilled none.
    pub on_time: Option<bool>,
    /// Recorded despite a probable-duplicate warning.
    pub forced: bool,
}

/// Where an obligation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ObligationState {
    Open,
    /// An update fulfilled it.
    Fulfilled,
    /// The rules no longer ask for it, for the reason given.
    Ended,
}

/// Every obligation an incident ever had, as the record of what was owed.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ObligationRecord {
    pub id: i64,
    pub stakeholder: String,
    pub stakeholder_id: i64,
    pub kind: ObligationKind,
    /// When it is due now.
    #[ts(type = "string")]
    pub due_at: DateTime<Utc>,
    /// When it was first due: the promise, kept across re-timings.
    #[ts(type = "string")]
    pub first_due_at: DateTime<Utc>,
    /// When it ended: the update's send time, or when it stopped being owed.
    #[ts(type = "string | null")]
    pub ended_at: Option<DateTime<Utc>>,
    pub outcome: Outcome,
    /// Why the IC skipped it.
    pub skip_reason: Option<String>,
    pub state: ObligationState,
    /// The update (log entry id) that fulfilled it.
    pub fulfilled_by: Option<i64>,
    /// Why it ended without an update.
    pub end_reason: Option<String>,
}

/// An incident's communication: the checklist, the log, every obligation,
/// and how many probable duplicates the guard stopped.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Comms {
    pub checklist: Vec<ChecklistRow>,
    pub log: Vec<LoggedUpdate>,
    pub obligations: Vec<ObligationRecord>,
    /// Probable duplicates the guard stopped.
    pub duplicates_prevented: u32,
    /// Probable duplicates recorded anyway, confirmed by the IC.
    pub duplicates_sent_anyway: u32,
    /// Each time the duplicate guard fired, oldest first.
    pub duplicate_warnings: Vec<DuplicateWarning>,
}

/// One time the duplicate guard fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DuplicateWarning {
    /// Who the update was for; `None` for counts kept before stakeholders were recorded.
    pub stakeholder: Option<String>,
    /// Stopped, rather than sent anyway.
    pub prevented: bool,
}

impl Comms {
    /// The comms of a closed incident: the checklist no longer flags missed
    /// notices (nothing can be done about them now); the obligations and the
    /// log keep them.
    pub(crate) fn closed(mut self) -> Self {
        for row in &mut self.checklist {
            row.missed.clear();
        }
        self
    }
}

/// Which of a stakeholder's two open obligations something is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// The initial, update or resolution notice.
    Notice,
    Postmortem,
}

/// One update as the store logs it.
pub(crate) struct NewUpdate<'a> {
    pub sent_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub message: &'a str,
    /// The send it belongs to (its idempotency key).
    pub batch: &'a str,
    pub forced: bool,
    /// The obligation it fulfils.
    pub slot: Slot,
}

/// An update as recorded from the composer or `sitrep sent`.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct SendInput {
    /// Stakeholder names; each gets their own entry in the comms log.
    pub to: Vec<String>,
    /// The same text for everyone; when left out, each stakeholder gets
    /// `draft` (or the status template) written for their own channel.
    #[ts(optional)]
    pub message: Option<String>,
    #[ts(optional)]
    pub draft: Option<Draft>,
    /// When it was sent (RFC 3339); defaults to now.
    #[ts(optional)]
    pub at: Option<String>,
    /// Record it even if it looks like a duplicate.
    pub force: bool,
    /// It shares the postmortem: fulfils the postmortem obligation, never a
    /// notice; only once the incident is resolved.
    pub postmortem: bool,
    /// The same key twice records one update, not two (a double click).
    #[ts(optional)]
    pub idempotency_key: Option<String>,
}

/// What recording an update did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SendReceipt {
    /// The log entries, one per stakeholder.
    pub updates: Vec<LoggedUpdate>,
    /// True when this idempotency key had already been recorded: nothing new was written.
    pub already_recorded: bool,
    pub incident: IncidentDetail,
}

/// A recipient told too recently for another update, with no status
/// change since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentlyTold {
    pub stakeholder: String,
    pub told_at: DateTime<Utc>,
    pub minutes_ago: i64,
    pub channel: ChannelKind,
}

/// An update refused because some of its recipients were told too soon
/// before: every one of them, so the others can still be sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbableDuplicate {
    pub told: Vec<RecentlyTold>,
}

impl fmt::Display for ProbableDuplicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("probable duplicate: ")?;
        for (n, t) in self.told.iter().enumerate() {
            let when = match t.minutes_ago {
                0 => "just now".to_owned(),
                m => format!("{m} min ago"),
            };
            let told = if n == 0 { " was told" } else { "" };
            let sep = if n == 0 { "" } else { "; " };
            write!(
                f,
                "{sep}{}{told} {when} on {}",
                t.stakeholder,
                t.channel.label()
            )?;
        }
        Ok(())
    }
}

/// Whether an update at `at` to a stakeholder last told at `last` repeats
/// it: within half the update cadence, with no status change in between.
pub fn is_probable_duplicate(
    last: DateTime<Utc>,
    at: DateTime<Utc>,
    every: Option<TimeDelta>,
    status_changed_between: bool,
) -> bool {
    match every {
        Some(every) => !status_changed_between && at >= last && at - last < every / 2,
        None => false,
    }
}

/// Records one update to several stakeholders: each gets a log entry, their
/// open notice is fulfilled and the next one re-armed from the time sent.
/// Refused whole (exit 3) if any of them looks like a duplicate, unless forced.
pub fn record_update(
    store: &mut Store,
    clock: &dyn Clock,
    key: IncidentKey,
    input: &SendInput,
) -> Result<SendReceipt> {
    let now = clock.now();
    // No message at all means "the template"; a blank one is a mistake.
    let message = match input.message.as_deref() {
        None => None,
        Some(text) if text.trim().is_empty() => {
            return Err(InvalidInput::new(
                "message",
                "the message is empty; write the update, or leave it out to send the template",
            )
            .into());
        }
        Some(text) => Some(NoteText::parse("message", text)?),
    };
    let at = happened_at("at", input.at.as_deref(), now)?;
    if input.to.is_empty() {
        return Err(InvalidInput::new("to", "name at least one stakeholder to send to").into());
    }
    let mut seen = HashSet::new();
    for name in &input.to {
        if !seen.insert(name.trim().to_lowercase()) {
            return Err(InvalidInput::new("to", format!("{} is named twice", name.trim())).into());
        }
    }
    let idempotency_key = input
        .idempotency_key
        .clone()
        .filter(|k| !k.trim().is_empty());
    let outcome = store.write(|tx| {
        send_in(
            tx,
            key,
            input,
            message.as_ref(),
            at,
            idempotency_key.as_deref(),
            now,
        )
    })?;
    match outcome {
        Ok((updates, already_recorded)) => Ok(SendReceipt {
            updates,
            already_recorded,
            incident: store.incident(key)?,
        }),
        Err(duplicate) => Err(Error::ProbableDuplicate(duplicate)),
    }
}

/// What a send recorded: the log entries, and whether the idempotency key
/// had already recorded them; or the probable duplicate that refused it.
pub(crate) type Sent = std::result::Result<(Vec<LoggedUpdate>, bool), ProbableDuplicate>;

/// Records one update inside a write transaction: the checks that need the
/// database, the log entries, the timeline entry and the re-armed
/// obligations. `message`, `at` and the key are already checked.
pub(crate) fn send_in(
    tx: &Tx<'_>,
    key: IncidentKey,
    input: &SendInput,
    message: Option<&NoteText>,
    at: DateTime<Utc>,
    idempotency_key: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Sent> {
    let incident = tx.incident(key)?;
    incident.check_not_before_declared(at, "an update cannot come before that")?;
    if let Some(k) = idempotency_key {
        let existing = tx.updates_with_key(key, k)?;
        if !existing.is_empty() {
            return Ok(Ok((existing, true)));
        }
    }
    if input.postmortem && !matches!(incident.status, Status::Resolved | Status::Closed) {
        return Err(InvalidInput::new(
            "postmortem",
            format!(
                "{key} is {}; its postmortem can be shared once it is resolved",
                incident.status
            ),
        )
        .into());
    }
    let cadence = tx.cadence(incident.severity)?;
    let draft = input
        .draft
        .clone()
        .unwrap_or_else(|| compose::draft(&incident, &cadence, at));
    let mut recipients = Vec::new();
    let mut told = Vec::new();
    for name in &input.to {
        let s = tx.active_stakeholder(name)?;
        if !tx.is_on_incident(key, s.id)? {
            return Err(InvalidInput::new(
                "to",
                format!("{} is not on {key}; add them to the incident first", s.name),
            )
            .into());
        }
        // Sharing the postmortem repeats no notice, so the guard leaves it alone.
        let last = tx.last_update(key, s.id)?.filter(|_| !input.postmortem);
        if let Some((last, channel)) = last {
            let changed = tx.status_changed_between(key, last, at)?;
            let every = tx.cadence_for(s.id, s.group, incident.severity)?.update();
            if is_probable_duplicate(last, at, every, changed) {
                told.push((
                    s.id,
                    RecentlyTold {
                        stakeholder: s.name.clone(),
                        told_at: last,
                        minutes_ago: (at - last).num_minutes(),
                        channel,
                    },
                ));
            }
        }
        recipients.push(s);
    }
    // Every probable duplicate is named, so the IC can send to the others.
    for (id, _) in &told {
        tx.record_duplicate_warning(key, *id, at, !input.force)?;
    }
    if !input.force && !told.is_empty() {
        return Ok(Err(ProbableDuplicate {
            told: told.into_iter().map(|(_, t)| t).collect(),
        }));
    }
    let batch = match idempotency_key {
        Some(k) => k.to_owned(),
        None => format!("auto-{}", tx.next_update_id()?),
    };
    let slot = if input.postmortem {
        Slot::Postmortem
    } else {
        Slot::Notice
    };
    let mut ids = Vec::new();
    for s in &recipients {
        let text = match message {
            Some(m) => m.as_str().to_owned(),
            None if input.postmortem => compose::postmortem_notice(&incident),
            None => compose::render(&draft, &incident, s.channel.kind),
        };
        let update = NewUpdate {
            sent_at: at,
            recorded_at: now,
            message: &text,
            batch: &batch,
            forced: input.force,
            slot,
        };
        ids.push(tx.insert_update(key, s, &update)?);
    }
    // What the composer sent is where its next update starts.
    if let (Some(sent), None, false) = (&input.draft, message, input.postmortem) {
        composer::remember_sent(tx, key, incident.status, sent, at)?;
    }
    // Sharing the postmortem once one is written records which version went.
    if input.postmortem && tx.postmortem_row(key)?.is_some() {
        let version = tx.latest_version(key)?.number;
        for s in &recipients {
            tx.insert_share(key, s.id, version, at)?;
        }
    }
    let names: Vec<String> = recipients
        .iter()
        .map(|s| format!("{} ({})", s.name, s.channel.kind))
        .collect();
    let forced = if input.force {
        " — confirmed despite a probable duplicate"
    } else {
        ""
    };
    let what = if input.postmortem {
        "postmortem shared with"
    } else {
        "update sent to"
    };
    tx.append(
        key,
        &NewEntry::comms(at, now, format!("{what} {}{forced}", names.join(", "))),
    )?;
    reconcile(tx, key, at, now, what)?;
    Ok(Ok((tx.logged_updates(&ids)?, false)))
}

/// Adds a stakeholder to an incident (or opts a software provider in), or
/// removes one, with the reason on the timeline.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct MembershipInput {
    pub stakeholder: String,
    /// `true` to add, `false` to remove.
    pub include: bool,
    pub reason: String,
    /// When it happened (RFC 3339), for back-dating; defaults to now.
    #[ts(optional)]
    pub at: Option<String>,
}

/// Adds or removes a stakeholder for incident `key`, as of `input.at`: the
/// timeline entry keeps both that time and when it was recorded.
pub fn set_membership(
    store: &mut Store,
    clock: &dyn Clock,
    key: IncidentKey,
    input: &MembershipInput,
) -> Result<IncidentDetail> {
    let now = clock.now();
    let reason = NoteText::parse("reason", &input.reason)
        .map_err(|_| InvalidInput::new("reason", "say why, in a few words"))?;
    let at = happened_at("at", input.at.as_deref(), now)?;
    store.write(|tx| {
        let incident = tx.incident(key)?;
        incident
            .check_not_before_declared(at, "a stakeholder cannot join or leave it before that")?;
        let s = tx.active_stakeholder(&input.stakeholder)?;
        let current = tx.membership(key, s.id)?;
        let wanted = if input.include {
            Membership::Added
        } else {
            Membership::Removed
        };
        match &current {
            Some((m, _)) if *m == wanted => {
                return Err(InvalidInput::new(
                    "stakeholder",
                    format!("{} is already {wanted} on {key}", s.name),
                )
                .into());
            }
            Some((m, since)) if at < *since => {
                return Err(InvalidInput::new(
                    "at",
                    format!(
                        "{} was {m} at {}; this change cannot come before that",
                        s.name,
                        since.to_rfc3339()
                    ),
                )
                .into());
            }
            _ => {}
        }
        tx.set_membership(key, s.id, wanted, reason.as_str(), at)?;
        let text = format!(
            "{} {wanted} {} the incident: {}",
            s.name,
            if input.include { "to" } else { "from" },
            reason.as_str()
        );
        note_and_reconcile(tx, key, at, now, text)
    })?;
    store.incident(key)
}

/// Records as sent what these open obligations ask for ("Mark sent" on a
/// reminder): the status template for notices, the postmortem's sharing for
/// postmortems; one update per incident and kind.
pub fn mark_sent(
    store: &mut Store,
    clock: &dyn Clock,
    obligations: &[i64],
) -> Result<Vec<SendReceipt>> {
    let open = store.open_obligations(clock.now())?;
    let mut batches: Vec<(IncidentKey, bool, Vec<String>)> = Vec::new();
    for o in open.iter().filter(|o| obligations.contains(&o.id)) {
        let postmortem = o.kind == ObligationKind::Postmortem;
        match batches
            .iter_mut()
            .find(|(k, p, _)| *k == o.incident && *p == postmortem)
        {
            Some((_, _, names)) => names.push(o.stakeholder.clone()),
            None => batches.push((o.incident, postmortem, vec![o.stakeholder.clone()])),
        }
    }
    if batches.is_empty() {
        return Err(InvalidInput::new("obligations", "those updates are no longer due").into());
    }
    batches
        .into_iter()
        .map(|(key, postmortem, to)| {
            let input = SendInput {
                to,
                postmortem,
                ..SendInput::default()
            };
            record_update(store, clock, key, &input)
        })
        .collect()
}

/// The IC's decision not to send what a stakeholder is owed, as typed in the
/// window or given to `sitrep skip`.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct SkipInput {
    pub stakeholder: String,
    /// Why, in a few words; required.
    pub reason: String,
    /// Skip the postmortem instead of the open notice.
    pub postmortem: bool,
    /// When it was decided (RFC 3339); defaults to now.
    #[ts(optional)]
    pub at: Option<String>,
}

/// Skips a stakeholder's open notice (or postmortem) on incident `key`: it
/// ends as `skipped` with the reason, and the cadence runs on from then.
pub fn skip(
    store: &mut Store,
    clock: &dyn Clock,
    key: IncidentKey,
    input: &SkipInput,
) -> Result<IncidentDetail> {
    let now = clock.now();
    let reason = NoteText::parse("reason", &input.reason)
        .map_err(|_| InvalidInput::new("reason", "say why it is skipped, in a few words"))?;
    let at = happened_at("at", input.at.as_deref(), now)?;
    let slot = if input.postmortem {
        Slot::Postmortem
    } else {
        Slot::Notice
    };
    store.write(|tx| {
        let incident = tx.incident(key)?;
        incident.check_not_before_declared(at, "nothing can be skipped before that")?;
        let s = tx.active_stakeholder(&input.stakeholder)?;
        let Some(kind) = tx.skip_obligation(key, s.id, slot, reason.as_str(), at)? else {
            let what = if input.postmortem {
                "postmortem"
            } else {
                "notice"
            };
            return Err(InvalidInput::new(
                "stakeholder",
                format!("{} is owed no {what} on {key} now; nothing to skip", s.name),
            )
            .into());
        };
        let text = format!("{kind} for {} skipped: {}", s.name, reason.as_str());
        note_and_reconcile(tx, key, at, now, text)
    })?;
    store.incident(key)
}

/// Puts a comms change on the timeline as of `at` (recorded at `now`) and
/// brings the obligations in step with it, ending any for that reason.
fn note_and_reconcile(
    tx: &Tx<'_>,
    key: IncidentKey,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    text: String,
) -> Result<()> {
    tx.append(key, &NewEntry::comms(at, now, text.clone()))?;
    reconcile(tx, key, at, now, &text)
}

/// Every open obligation of every incident, soonest first, with `overdue`
/// as of `at`.
pub fn due(store: &Store, at: DateTime<Utc>) -> Result<Vec<Obligation>> {
    store.open_obligations(at)
}

/// Every open obligation as of `at`, soonest first, and their summary.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Due {
    pub obligations: Vec<Obligation>,
    pub summary: DueSummary,
}

/// What is due as of `at`: the list and the one summary of it that the
/// next-update bar and the tray both show.
pub fn due_with_summary(store: &Store, at: DateTime<Utc>) -> Result<Due> {
    let obligations = due(store, at)?;
    Ok(Due {
        summary: DueSummary::of(&obligations),
        obligations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn first_and_resolution_notices_are_owed_at_once_and_updates_when_due() {
        use ObligationKind::*;
        use Urgency::*;
        assert!(owed_now(Initial, Later) && owed_now(Resolution, Later));
        assert!(owed_now(Update, DueSoon) && owed_now(Update, Overdue));
        assert!(!owed_now(Update, Later), "told just before: a cadence away");
        assert!(!owed_now(Initial, Snoozed) && !owed_now(Update, Snoozed));
        assert!(!owed_now(Postmortem, Overdue));
    }

    #[test]
    fn urgency_is_overdue_then_due_within_five_minutes_then_later() {
        let now = t("2026-11-24T10:00:00Z");
        assert_eq!(
            Urgency::of(t("2026-11-24T09:59:59Z"), now),
            Urgency::Overdue
        );
        assert_eq!(
            Urgency::of(t("2026-11-24T10:05:00Z"), now),
            Urgency::DueSoon
        );
        assert_eq!(Urgency::of(t("2026-11-24T10:05:01Z"), now), Urgency::Later);
    }

    #[test]
    fn a_duplicate_is_within_half_the_cadence_without_a_status_change() {
        let last = t("2026-11-24T10:00:00Z");
        let every = Some(TimeDelta::minutes(30));
        assert!(is_probable_duplicate(
            last,
            t("2026-11-24T10:14:59Z"),
            every,
            false
        ));
        assert!(!is_probable_duplicate(
            last,
            t("2026-11-24T10:15:00Z"),
            every,
            false
        ));
        assert!(!is_probable_duplicate(
            last,
            t("2026-11-24T10:01:00Z"),
            every,
            true
        ));
        assert!(!is_probable_duplicate(
            last,
            t("2026-11-24T10:01:00Z"),
            None,
            false
        ));
    }
}
