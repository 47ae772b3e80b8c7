//! The reminder scheduler: from the open obligations, their snoozes and what
//! has already fired, decide which reminders to fire now — coalesced into
//! one notification — and when to wake next. The decision is a pure
//! function; [`tick`] runs it in the same transaction that records what
//! fired, keyed by (obligation, stage), so a reminder fires exactly once
//! whatever restarts, sleeps, clock jumps or second instances happen.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::Clock;
use crate::comms::{Obligation, ObligationKind};
use crate::error::{InvalidInput, Result};
use crate::incident::{IncidentKey, Severity};
use crate::stakeholder::ChannelKind;
use crate::store::Store;
use crate::timeline::{EntryKind, NewEntry};

/// The shortest grace before a due reminder turns into an overdue one.
pub const MIN_OVERDUE_GRACE: TimeDelta = TimeDelta::minutes(5);

/// The longest the loop may sleep, so that sleep/resume and wall-clock
/// jumps are noticed within this long.
pub const MAX_SLEEP: TimeDelta = TimeDelta::seconds(30);

/// When a reminder fires for an obligation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// At the due time: normal urgency.
    Due,
    /// A quarter of the cadence (at least five minutes) later: critical.
    Overdue,
    /// Again at the end of a snooze.
    Snoozed(DateTime<Utc>),
}

impl Stage {
    /// The stage as recorded in the fired markers.
    pub fn key(self) -> String {
        match self {
            Stage::Due => "due".into(),
            Stage::Overdue => "overdue".into(),
            Stage::Snoozed(until) => format!("snoozed@{}", until.to_rfc3339()),
        }
    }

    fn critical(self) -> bool {
        self == Stage::Overdue
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

/// An open obligation as the scheduler sees it.
#[derive(Debug, Clone)]
pub struct Pending {
    pub obligation: Obligation,
    /// The update cadence of the incident's severity, if it has one.
    pub every: Option<TimeDelta>,
    /// The ends of its snoozes, in any order.
    pub snoozes: Vec<DateTime<Utc>>,
    /// The stage keys already fired.
    pub fired: Vec<String>,
}

impl Pending {
    /// Every stage this obligation has, with the instant it is due to fire
    /// (deferred to the end of the latest snooze).
    fn stages(&self) -> Vec<(Stage, DateTime<Utc>)> {
        let due = self.obligation.due_at;
        let grace = self.every.map_or(MIN_OVERDUE_GRACE, |every| {
            (every / 4).max(MIN_OVERDUE_GRACE)
        });
        let mut stages = vec![(Stage::Due, due), (Stage::Overdue, due + grace)];
        stages.extend(
            self.snoozes
                .iter()
                .map(|until| (Stage::Snoozed(*until), *until)),
        );
        let snoozed_until = self.snoozes.iter().max().copied();
        stages
            .into_iter()
            .map(|(stage, at)| (stage, snoozed_until.map_or(at, |until| at.max(until))))
            .collect()
    }
}

/// One reminder: an obligation at one stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub obligation_id: i64,
    pub incident: IncidentKey,
    /// The incident's title, first in the notification's body.
    pub title: String,
    pub severity: Severity,
    pub drill: bool,
    pub stakeholder: String,
    pub channel: ChannelKind,
    pub kind: ObligationKind,
    pub stage: Stage,
}

/// What to fire now and when to look again.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decision {
    pub fire: Vec<Reminder>,
    /// The next instant something is due to fire, if anything is.
    pub wake_at: Option<DateTime<Utc>>,
}

/// Decides which reminders fire at `now`: every unfired stage whose instant
/// has come, however long ago (a catch-up after sleep or a closed app is the
/// same single batch), and the next instant to wake.
pub fn next_reminders(pending: &[Pending], now: DateTime<Utc>) -> Decision {
    let mut decision = Decision::default();
    for p in pending {
        for (stage, at) in p.stages() {
            if p.fired.contains(&stage.key()) {
                continue;
            }
            if at <= now {
                let o = &p.obligation;
                decision.fire.push(Reminder {
                    obligation_id: o.id,
                    incident: o.incident,
                    title: o.incident_title.clone(),
                    severity: o.severity,
                    drill: o.drill,
                    stakeholder: o.stakeholder.clone(),
                    channel: o.channel,
                    kind: o.kind,
                    stage,
                });
            } else {
                decision.wake_at = Some(decision.wake_at.map_or(at, |w| w.min(at)));
            }
        }
    }
    decision
}

/// A desktop notification: what it says and which obligations it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Notice {
    /// Short enough for any desktop, the key first: "INC-4 SEV1 · update
    /// due", "DRILL INC-2 SEV3 · postmortem late (+1 more incident)".
    pub summary: String,
    /// The title, then who is owed (three names at most, "+N more"), per
    /// incident; then what to do.
    pub body: String,
    /// Something is overdue.
    pub critical: bool,
    /// The incident to open when the notification is clicked.
    pub incident: IncidentKey,
    /// The obligations it covers, for "Mark sent" and "Snooze".
    pub obligations: Vec<i64>,
}

/// How many stakeholders a notification names per incident; the rest are
/// counted ("+3 more").
const NAMED: usize = 3;

/// "Exchange A (Slack), Lido (Telegram), Status page (status page) +2 more".
fn owed(list: &[&Reminder]) -> String {
    let named: Vec<String> = list
        .iter()
        .take(NAMED)
        .map(|r| format!("{} ({})", r.stakeholder, r.channel.label()))
        .collect();
    match list.len().saturating_sub(NAMED) {
        0 => named.join(", "),
        more => format!("{} +{more} more", named.join(", ")),
    }
}

/// "DRILL INC-4 SEV1": how an incident is named in a notification.
fn incident_name(r: &Reminder) -> String {
    let drill = if r.drill { "DRILL " } else { "" };
    format!("{drill}{} {}", r.incident, r.severity)
}

/// Coalesces the reminders fired together into one notification: the
/// first incident in the summary, every incident in the body, each
/// stakeholder counted once.
pub fn coalesce(reminders: &[Reminder]) -> Option<Notice> {
    let first = reminders.first()?;
    let critical = reminders.iter().any(|r| r.stage.critical());
    let mut by_incident: BTreeMap<IncidentKey, Vec<&Reminder>> = BTreeMap::new();
    for r in reminders {
        let list = by_incident.entry(r.incident).or_default();
        if !list.iter().any(|x| x.obligation_id == r.obligation_id) {
            list.push(r);
        }
    }
    let postmortems = reminders
        .iter()
        .filter(|r| r.kind == ObligationKind::Postmortem)
        .count();
    let (what, todo) = match postmortems {
        0 => (
            "update",
            "Send the update from Sitrep's comms checklist, or snooze it.",
        ),
        n if n == reminders.len() => (
            "postmortem",
            "Share the postmortem from Sitrep's comms checklist, or snooze it.",
        ),
        _ => (
            "update and postmortem",
            "Send the updates and share the postmortems from Sitrep's comms checklist, or snooze them.",
        ),
    };
    let when = if critical { "late" } else { "due" };
    let lead = by_incident.values().next().map_or(first, |list| list[0]);
    let others = match by_incident.len() - 1 {
        0 => String::new(),
        1 => " (+1 more incident)".to_owned(),
        n => format!(" (+{n} more incidents)"),
    };
    let summary = format!("{} · {what} {when}{others}", incident_name(lead));
    let mut body: Vec<String> = if by_incident.len() == 1 {
        vec![lead.title.clone(), owed(&by_incident[&lead.incident])]
    } else {
        by_incident
            .values()
            .map(|list| {
                format!(
                    "{} {}: {}",
                    incident_name(list[0]),
                    list[0].title,
                    owed(list)
                )
            })
            .collect()
    };
    body.push(todo.to_owned());
    let mut obligations: Vec<i64> = reminders.iter().map(|r| r.obligation_id).collect();
    obligations.sort_unstable();
    obligations.dedup();
    Some(Notice {
        summary,
        body: body.join("\n"),
        critical,
        incident: lead.incident,
        obligations,
    })
}

/// What one run of the scheduler did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tick {
    /// The notification to show, if anything fired.
    pub notice: Option<Notice>,
    /// Every reminder it covers, stage by stage.
    pub fired: Vec<Reminder>,
    /// When to run again (capped by the caller at [`MAX_SLEEP`]).
    pub wake_at: Option<DateTime<Utc>>,
}

/// Runs the scheduler once at the clock's now: decides, and records what
/// fires in the same transaction, so another instance (or a restart) never
/// fires it again.
pub fn tick(store: &mut Store, clock: &dyn Clock) -> Result<Tick> {
    let now = clock.now();
    store.write(|tx| {
        let decision = next_reminders(&tx.pending_reminders()?, now);
        let mut fired = Vec::new();
        for r in decision.fire {
            if tx.mark_fired(r.obligation_id, &r.stage.key(), now)? {
                fired.push(r);
            }
        }
        Ok(Tick {
            notice: coalesce(&fired),
            fired,
            wake_at: decision.wake_at,
        })
    })
}

/// How long a reminder can be snoozed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum SnoozeFor {
    #[serde(rename = "5")]
    Five,
    #[serde(rename = "10")]
    Ten,
    #[serde(rename = "30")]
    Thirty,
}

impl SnoozeFor {
    /// From minutes typed or clicked: 5, 10 or 30.
    pub fn minutes(m: i64) -> Result<SnoozeFor, InvalidInput> {
        match m {
            5 => Ok(SnoozeFor::Five),
            10 => Ok(SnoozeFor::Ten),
            30 => Ok(SnoozeFor::Thirty),
            _ => Err(InvalidInput::new(
                "minutes",
                format!("snooze for 5, 10 or 30 minutes, not {m}"),
            )),
        }
    }

    /// Every length, shortest first, as menus offer them.
    pub const ALL: [SnoozeFor; 3] = [SnoozeFor::Five, SnoozeFor::Ten, SnoozeFor::Thirty];

    /// The length in minutes.
    pub fn as_minutes(self) -> i64 {
        match self {
            SnoozeFor::Five => 5,
            SnoozeFor::Ten => 10,
            SnoozeFor::Thirty => 30,
        }
    }

    fn delta(self) -> TimeDelta {
        TimeDelta::minutes(self.as_minutes())
    }
}

/// Snoozes the reminders of these open obligations (all open ones if
/// `obligations` is empty); each incident gets a timeline entry naming who
/// was snoozed. Returns how many obligations were snoozed.
pub fn snooze(
    store: &mut Store,
    clock: &dyn Clock,
    obligations: &[i64],
    length: SnoozeFor,
) -> Result<usize> {
    let now = clock.now();
    let until = now + length.delta();
    let open = store.open_obligations(now)?;
    let chosen: Vec<&Obligation> = open
        .iter()
        .filter(|o| obligations.is_empty() || obligations.contains(&o.id))
        .collect();
    if chosen.is_empty() {
        return Err(InvalidInput::new("obligations", "nothing open to snooze").into());
    }
    let minutes = length.delta().num_minutes();
    store.write(|tx| {
        let mut by_incident: BTreeMap<IncidentKey, Vec<String>> = BTreeMap::new();
        for o in &chosen {
            tx.add_snooze(o.id, until, now)?;
            by_incident.entry(o.incident).or_default().push(format!(
                "{} ({} due {})",
                o.stakeholder,
                o.kind,
                o.due_at.format("%H:%M UTC")
            ));
        }
        for (key, who) in by_incident {
            let text = format!("reminder snoozed {minutes} min: {}", who.join(", "));
            tx.append(key, &NewEntry::now(now, EntryKind::Comms, text))?;
        }
        Ok(chosen.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comms::Urgency;
    use crate::stakeholder::Group;

    fn t(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn pending(id: i64, who: &str, due: &str) -> Pending {
        Pending {
            obligation: Obligation {
                id,
                incident: "INC-4".parse().unwrap(),
                incident_title: "Down".into(),
                severity: Severity::CRITICAL,
                drill: false,
                stakeholder: who.into(),
                stakeholder_id: id,
                group: Group::ServicePartners,
                channel: if id == 1 {
                    ChannelKind::Telegram
                } else {
                    ChannelKind::Slack
                },
                handle: String::new(),
                kind: ObligationKind::Update,
                due_at: t(due),
                overdue: false,
                urgency: Urgency::Later,
                snoozed_until: None,
                owed_now: false,
            },
            every: Some(TimeDelta::minutes(30)),
            snoozes: Vec::new(),
            fired: Vec::new(),
        }
    }

    #[test]
    fn reminders_due_together_are_one_notification() {
        let items = [
            pending(1, "Lido", "2026-11-24T10:00:00Z"),
            pending(2, "Exchange A", "2026-11-24T10:00:00Z"),
        ];
        let decision = next_reminders(&items, t("2026-11-24T10:00:00Z"));
        assert_eq!(decision.fire.len(), 2);
        assert_eq!(decision.wake_at, Some(t("2026-11-24T10:07:30Z")));
        let notice = coalesce(&decision.fire).unwrap();
        assert_eq!(notice.summary, "INC-4 SEV1 · update due");
        assert_eq!(
            notice.body,
            "Down\nLido (Telegram), Exchange A (Slack)\n\
             Send the update from Sitrep's comms checklist, or snooze it."
        );
        assert!(!notice.critical);
    }

    #[test]
    fn an_update_and_a_postmortem_due_together_say_both() {
        let mut postmortem = pending(2, "Exchange A", "2026-11-24T10:00:00Z");
        postmortem.obligation.kind = ObligationKind::Postmortem;
        let items = [pending(1, "Lido", "2026-11-24T10:00:00Z"), postmortem];
        let notice = coalesce(&next_reminders(&items, t("2026-11-24T10:00:00Z")).fire).unwrap();
        assert_eq!(notice.summary, "INC-4 SEV1 · update and postmortem due");
        assert!(
            notice.body.ends_with(
                "Send the updates and share the postmortems from Sitrep's comms checklist, or snooze them."
            ),
            "{}",
            notice.body
        );
    }

    #[test]
    fn a_notification_names_three_stakeholders_and_counts_the_rest() {
        let items: Vec<Pending> = (1..=6)
            .map(|n| pending(n, &format!("Partner {n}"), "2026-11-24T10:00:00Z"))
            .collect();
        let notice = coalesce(&next_reminders(&items, t("2026-11-24T10:00:00Z")).fire).unwrap();
        let owed = notice.body.lines().nth(1).unwrap();
        assert_eq!(
            owed,
            "Partner 1 (Telegram), Partner 2 (Slack), Partner 3 (Slack) +3 more"
        );
    }

    #[test]
    fn reminders_for_two_incidents_lead_with_the_first_and_list_both() {
        let mut other = pending(2, "Exchange A", "2026-11-24T10:00:00Z");
        other.obligation.incident = "INC-7".parse().unwrap();
        other.obligation.incident_title = "Signer slow".into();
        other.obligation.drill = true;
        let items = [pending(1, "Lido", "2026-11-24T10:00:00Z"), other];
        let notice = coalesce(&next_reminders(&items, t("2026-11-24T10:00:00Z")).fire).unwrap();
        assert_eq!(notice.summary, "INC-4 SEV1 · update due (+1 more incident)");
        let lines: Vec<&str> = notice.body.lines().collect();
        assert_eq!(
            lines[..2],
            [
                "INC-4 SEV1 Down: Lido (Telegram)",
                "DRILL INC-7 SEV1 Signer slow: Exchange A (Slack)"
            ]
        );
    }

    #[test]
    fn overdue_comes_a_quarter_cadence_later_but_never_under_five_minutes() {
        let mut p = pending(1, "Lido", "2026-11-24T10:00:00Z");
        p.fired = vec!["due".into()];
        assert_eq!(
            next_reminders(&[p.clone()], t("2026-11-24T10:01:00Z")).wake_at,
            Some(t("2026-11-24T10:07:30Z"))
        );
        p.every = Some(TimeDelta::minutes(12));
        assert_eq!(
            next_reminders(&[p.clone()], t("2026-11-24T10:01:00Z")).wake_at,
            Some(t("2026-11-24T10:05:00Z"))
        );
        let late = next_reminders(&[p], t("2026-11-24T10:05:00Z"));
        assert_eq!(late.fire[0].stage, Stage::Overdue);
        assert!(coalesce(&late.fire).unwrap().critical);
    }

    #[test]
    fn after_hours_away_everything_missed_fires_once_as_one_catch_up() {
        let items = [
            pending(1, "Lido", "2026-11-24T10:00:00Z"),
            pending(2, "Exchange A", "2026-11-24T11:00:00Z"),
        ];
        let decision = next_reminders(&items, t("2026-11-24T15:00:00Z"));
        assert_eq!(
            decision.fire.len(),
            4,
            "due and overdue of both, in one batch"
        );
        let notice = coalesce(&decision.fire).unwrap();
        assert_eq!(notice.summary, "INC-4 SEV1 · update late");
        assert_eq!(decision.wake_at, None);
    }

    #[test]
    fn a_snooze_defers_every_stage_and_reminds_again_at_its_end() {
        let mut p = pending(1, "Lido", "2026-11-24T10:00:00Z");
        p.fired = vec!["due".into()];
        p.snoozes = vec![t("2026-11-24T10:10:00Z")];
        let during = next_reminders(&[p.clone()], t("2026-11-24T10:08:00Z"));
        assert!(during.fire.is_empty());
        assert_eq!(during.wake_at, Some(t("2026-11-24T10:10:00Z")));
        let after = next_reminders(&[p], t("2026-11-24T10:10:00Z"));
        let stages: Vec<Stage> = after.fire.iter().map(|r| r.stage).collect();
        assert_eq!(
            stages,
            [Stage::Overdue, Stage::Snoozed(t("2026-11-24T10:10:00Z"))]
        );
        assert_eq!(coalesce(&after.fire).unwrap().obligations, [1]);
    }

    #[test]
    fn only_five_ten_or_thirty_minutes() {
        assert!(SnoozeFor::minutes(10).is_ok());
        assert_eq!(SnoozeFor::minutes(7).unwrap_err().field, "minutes");
    }
}
