//! Communication during an incident: the comms checklist of obligations each
//! stakeholder is owed, recording updates that fulfil them (with the
//! duplicate guard and an idempotency key), adding or removing stakeholders
//! for one incident, and the list of what is due next.

mod compose;
pub(crate) mod rules;

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::{Clock, happened_at};
use crate::error::{Error, InvalidInput, Result};
use crate::incident::{IncidentDetail, IncidentKey, Severity};
use crate::stakeholder::{ChannelKind, Group};
use crate::store::Store;
use crate::timeline::{EntryKind, NewEntry, NoteText};

pub use compose::{Draft, draft, render};

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

/// How pressing an open obligation is, for ordering and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Its due time has passed.
    Overdue,
    /// Due within [`DUE_SOON`].
    DueSoon,
    Later,
}

/// How close a due time must be to count as due soon.
pub const DUE_SOON: TimeDelta = TimeDelta::minutes(5);

impl Urgency {
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
    pub membership: String,
    pub reason: Option<String>,
    /// The notice owed now, if any.
    pub next: Option<ObligationKind>,
    #[ts(type = "string | null")]
    pub due_at: Option<DateTime<Utc>>,
    /// When they were last told, and on which channel.
    #[ts(type = "string | null")]
    pub last_update_at: Option<DateTime<Utc>>,
    pub last_channel: Option<ChannelKind>,
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
    pub kind: ObligationKind,
    #[ts(type = "string")]
    pub due_at: DateTime<Utc>,
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
    pub duplicates_prevented: u32,
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

/// A second update too soon after the last one, with no status change between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbableDuplicate {
    pub stakeholder: String,
    pub minutes_ago: i64,
    pub channel: ChannelKind,
}

impl fmt::Display for ProbableDuplicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "probable duplicate: {} was updated {} min ago via {}",
            self.stakeholder, self.minutes_ago, self.channel
        )
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
        let incident = tx.incident(key)?;
        if at < incident.declared_at {
            return Err(InvalidInput::new(
                "at",
                format!(
                    "{key} was declared at {}; an update cannot come before that",
                    incident.declared_at.to_rfc3339()
                ),
            )
            .into());
        }
        if let Some(k) = &idempotency_key {
            let existing = tx.updates_with_key(key, k)?;
            if !existing.is_empty() {
                return Ok(Ok((existing, true)));
            }
        }
        let cadence = tx.cadence(incident.severity)?;
        let draft = input
            .draft
            .clone()
            .unwrap_or_else(|| compose::draft(&incident, &cadence, at));
        let mut recipients = Vec::new();
        for name in &input.to {
            let s = tx.active_stakeholder(name)?;
            if !tx.is_on_incident(key, s.id)? {
                return Err(InvalidInput::new(
                    "to",
                    format!("{} is not on {key}; add them to the incident first", s.name),
                )
                .into());
            }
            if let Some((last, channel)) = tx.last_update(key, s.id)? {
                let changed = tx.status_changed_between(key, last, at)?;
                let every = tx.cadence_for(s.id, s.group, incident.severity)?.update();
                if !input.force && is_probable_duplicate(last, at, every, changed) {
                    tx.count_prevented_duplicate(key)?;
                    return Ok(Err(ProbableDuplicate {
                        stakeholder: s.name.clone(),
                        minutes_ago: (at - last).num_minutes(),
                        channel,
                    }));
                }
            }
            recipients.push(s);
        }
        let batch = match &idempotency_key {
            Some(k) => k.clone(),
            None => format!("auto-{}", tx.next_update_id()?),
        };
        let mut ids = Vec::new();
        for s in &recipients {
            let text = match &message {
                Some(m) => m.as_str().to_owned(),
                None => compose::render(&draft, &incident, s.channel.kind),
            };
            ids.push(tx.insert_update(key, s, at, now, &text, &batch, input.force)?);
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
        tx.append(
            key,
            &NewEntry {
                at,
                recorded_at: now,
                kind: EntryKind::Comms,
                text: format!("update sent to {}{forced}", names.join(", ")),
            },
        )?;
        tx.reconcile_comms(key, now, "update sent")?;
        Ok(Ok((tx.logged_updates(&ids)?, false)))
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
        if at < incident.declared_at {
            return Err(InvalidInput::new(
                "at",
                format!(
                    "{key} was declared at {}; a stakeholder cannot join or leave it before that",
                    incident.declared_at.to_rfc3339()
                ),
            )
            .into());
        }
        let s = tx.active_stakeholder(&input.stakeholder)?;
        let current = tx.membership(key, s.id)?;
        let wanted = if input.include { "added" } else { "removed" };
        match &current {
            Some((m, _)) if m == wanted => {
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
        tx.append(
            key,
            &NewEntry {
                at,
                recorded_at: now,
                kind: EntryKind::Comms,
                text: text.clone(),
            },
        )?;
        tx.reconcile_comms(key, now, &text)
    })?;
    store.incident(key)
}

/// An update written for one channel, to copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Preview {
    pub channel: ChannelKind,
    pub text: String,
}

/// The composer's content: the draft and the update written per channel.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Composed {
    pub draft: Draft,
    pub previews: Vec<Preview>,
}

/// Fills the composer for incident `key`: `draft` as edited, or the status
/// template; previews for Slack, Telegram, email and the status page, plus
/// any other channel a stakeholder on the incident uses.
pub fn compose(
    store: &Store,
    clock: &dyn Clock,
    key: IncidentKey,
    draft: Option<Draft>,
) -> Result<Composed> {
    let detail = store.incident(key)?;
    let cadence = store
        .cadences()?
        .into_iter()
        .find(|c| c.severity == detail.incident.severity.level())
        .ok_or_else(|| InvalidInput::new("severity", "no cadence for this severity"))?;
    let draft = draft.unwrap_or_else(|| compose::draft(&detail.incident, &cadence, clock.now()));
    let mut channels = vec![
        ChannelKind::Slack,
        ChannelKind::Telegram,
        ChannelKind::Email,
        ChannelKind::StatusPage,
    ];
    for row in &detail.comms.checklist {
        if !channels.contains(&row.channel) {
            channels.push(row.channel);
        }
    }
    let previews = channels
        .into_iter()
        .map(|channel| Preview {
            channel,
            text: compose::render(&draft, &detail.incident, channel),
        })
        .collect();
    Ok(Composed { draft, previews })
}

/// Records the status template as sent to the stakeholders of these open
/// obligations ("Mark sent" on a reminder), one update per incident.
pub fn mark_sent(
    store: &mut Store,
    clock: &dyn Clock,
    obligations: &[i64],
) -> Result<Vec<SendReceipt>> {
    let open = store.open_obligations(clock.now())?;
    let mut by_incident: Vec<(IncidentKey, Vec<String>)> = Vec::new();
    for o in open.iter().filter(|o| obligations.contains(&o.id)) {
        match by_incident.iter_mut().find(|(k, _)| *k == o.incident) {
            Some((_, names)) => names.push(o.stakeholder.clone()),
            None => by_incident.push((o.incident, vec![o.stakeholder.clone()])),
        }
    }
    if by_incident.is_empty() {
        return Err(InvalidInput::new("obligations", "those updates are no longer due").into());
    }
    by_incident
        .into_iter()
        .map(|(key, to)| {
            let input = SendInput {
                to,
                ..SendInput::default()
            };
            record_update(store, clock, key, &input)
        })
        .collect()
}

/// Every open obligation of every incident, soonest first, with `overdue`
/// as of `at`.
pub fn due(store: &Store, at: DateTime<Utc>) -> Result<Vec<Obligation>> {
    store.open_obligations(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
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
