//! Incidents: their key, severity, status and milestones, and declaring one.
//!
//! Values are parsed once at the edge (CLI arguments, IPC payloads, SQL rows)
//! into these types and are valid everywhere after.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize, Serializer};
use ts_rs::TS;

use crate::affected::{self, Affected, AffectedInput};
use crate::clock::{Clock, not_in_future, parse_time};
use crate::comms::Comms;
use crate::comms::{ObligationKind, Urgency};
use crate::error::{InvalidInput, Result};
use crate::feedback::Feedback;
use crate::impact::{self, ImpactWindow};
use crate::lifecycle::check_milestones;
use crate::listing::NextDue;
use crate::plan::IncidentStep;
use crate::record::{MilestoneCorrection, RoleTenure, SeverityChange};
use crate::role::RoleHolder;
use crate::store::Store;
use crate::timeline::{EntryKind, NewEntry, TimelineEntry};

/// An incident's key, `INC-<n>`, with `n` counting up from 1 per database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, TS)]
#[ts(type = "string")]
pub struct IncidentKey(i64);

impl IncidentKey {
    /// The key of the incident stored under row id `n`.
    pub(crate) fn from_row_id(n: i64) -> Self {
        Self(n)
    }

    /// The incident's row id in the store.
    pub(crate) fn row_id(self) -> i64 {
        self.0
    }
}

impl fmt::Display for IncidentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "INC-{}", self.0)
    }
}

impl FromStr for IncidentKey {
    type Err = InvalidInput;

    fn from_str(text: &str) -> Result<Self, InvalidInput> {
        let text = text.trim();
        let number = text
            .get(..4)
            .filter(|prefix| prefix.eq_ignore_ascii_case("INC-"))
            .and_then(|_| text[4..].parse::<i64>().ok())
            .filter(|n| *n >= 1);
        number.map(Self).ok_or_else(|| {
            InvalidInput::new(
                "incident",
                format!("an incident key looks like INC-7, got {text:?}"),
            )
        })
    }
}

impl Serialize for IncidentKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// How bad it is: 1 (critical) to 4 (minor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[ts(type = "1 | 2 | 3 | 4")]
pub struct Severity(u8);

impl Severity {
    /// The most severe level, SEV1.
    pub const CRITICAL: Severity = Severity(1);

    /// Checks that `level` is 1–4.
    pub fn new(level: i64) -> Result<Self, InvalidInput> {
        u8::try_from(level)
            .ok()
            .filter(|l| (1..=4).contains(l))
            .map(Severity)
            .ok_or_else(|| {
                InvalidInput::new(
                    "severity",
                    format!("severity must be 1–4 (1 is the most severe), got {level}"),
                )
            })
    }

    /// The level, 1–4.
    pub fn level(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SEV{}", self.0)
    }
}

/// Where an incident stands, in the words public status pages use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Investigating,
    Identified,
    /// Mitigated: the impact has stopped and the fix is being watched.
    Monitoring,
    Resolved,
    Closed,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 5] = [
        Status::Investigating,
        Status::Identified,
        Status::Monitoring,
        Status::Resolved,
        Status::Closed,
    ];

    /// The status as stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Investigating => "investigating",
            Status::Identified => "identified",
            Status::Monitoring => "monitoring",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = InvalidInput;

    fn from_str(text: &str) -> Result<Self, InvalidInput> {
        let wanted = text.trim();
        Status::ALL.into_iter().find(|s| s.as_str().eq_ignore_ascii_case(wanted)).ok_or_else(|| {
            InvalidInput::new(
                "status",
                format!("unknown status {text:?}; use one of investigating, identified, monitoring, resolved, closed"),
            )
        })
    }
}

/// The longest title accepted, in characters: it must fit a notification and a chat line.
pub const MAX_TITLE_CHARS: usize = 200;

/// A non-empty, trimmed title of at most [`MAX_TITLE_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    /// Checks a title typed by the user.
    pub fn parse(text: &str) -> Result<Self, InvalidInput> {
        let text = text.trim();
        let chars = text.chars().count();
        if chars == 0 {
            return Err(InvalidInput::new(
                "title",
                "the title is empty; say in a few words what is broken",
            ));
        }
        crate::text::one_line("title", text)?;
        if chars > MAX_TITLE_CHARS {
            return Err(InvalidInput::new(
                "title",
                format!(
                    "the title is {chars} characters long; keep it to {MAX_TITLE_CHARS} and put details in a note"
                ),
            ));
        }
        Ok(Self(text.to_owned()))
    }

    /// The title text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One incident as stored, without its timeline.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Incident {
    pub id: IncidentKey,
    pub title: String,
    pub severity: Severity,
    pub status: Status,
    /// A practice incident: counts in no metric or report.
    pub drill: bool,
    /// The kind of incident (which response plan applies), if given.
    pub kind: Option<String>,
    /// Who is incident commander now, if anyone is.
    pub commander: Option<String>,
    #[ts(type = "string")]
    pub impact_started_at: DateTime<Utc>,
    /// Impact start was not given: it defaulted to the detection time.
    pub impact_started_estimated: bool,
    #[ts(type = "string")]
    pub detected_at: DateTime<Utc>,
    /// Detection was not given: it defaulted to the declaration time.
    pub detected_estimated: bool,
    /// The first time anyone held the commander role.
    #[ts(type = "string | null")]
    pub acknowledged_at: Option<DateTime<Utc>>,
    #[ts(type = "string")]
    pub declared_at: DateTime<Utc>,
    #[ts(type = "string | null")]
    pub mitigated_at: Option<DateTime<Utc>>,
    #[ts(type = "string | null")]
    pub resolved_at: Option<DateTime<Utc>>,
    #[ts(type = "string | null")]
    pub closed_at: Option<DateTime<Utc>>,
    /// How many stakeholders its impact is charged to.
    pub affected_count: u32,
}

impl Incident {
    /// Whether the incident is still being handled (not yet closed).
    pub fn is_open(&self) -> bool {
        self.status != Status::Closed
    }

    /// Refuses a change at `at` before the declaration; `what` says what
    /// cannot happen then ("an update cannot come before that").
    pub(crate) fn check_not_before_declared(
        &self,
        at: DateTime<Utc>,
        what: &str,
    ) -> Result<(), InvalidInput> {
        if at < self.declared_at {
            return Err(InvalidInput::new(
                "at",
                format!(
                    "{} was declared at {}; {what}",
                    self.id,
                    self.declared_at.to_rfc3339()
                ),
            ));
        }
        Ok(())
    }

    /// Whether the impact may still be going on (not yet mitigated or resolved).
    pub fn impact_ongoing(&self) -> bool {
        matches!(self.status, Status::Investigating | Status::Identified)
    }

    /// What about this incident needs the IC to act, from its own fields,
    /// most pressing first. (An impact still ongoing is no reason: it is an
    /// open incident's normal state.)
    pub fn attention(&self) -> Vec<Attention> {
        let mut reasons = Vec::new();
        if self.commander.is_none() && !matches!(self.status, Status::Resolved | Status::Closed) {
            reasons.push(Attention::NoCommander);
        }
        if self.is_open() && !self.drill && self.affected_count == 0 {
            reasons.push(Attention::ImpactUnassigned);
        }
        reasons
    }

    /// How long each phase took, from the milestones; the impact is the
    /// union of `windows`, known once none is open.
    pub fn durations(&self, windows: &[ImpactWindow]) -> Durations {
        let minutes =
            |from: DateTime<Utc>, to: DateTime<Utc>| (to - from).num_seconds() as f64 / 60.0;
        let impact = self.impact_started_at;
        let impact_over = windows.iter().all(|w| w.ended_at.is_some());
        Durations {
            time_to_detect_minutes: minutes(impact, self.detected_at),
            time_to_acknowledge_minutes: self.acknowledged_at.map(|t| minutes(self.detected_at, t)),
            time_to_declare_minutes: minutes(self.detected_at, self.declared_at),
            time_to_mitigate_minutes: self.mitigated_at.map(|t| minutes(impact, t)),
            time_to_resolve_minutes: self.resolved_at.map(|t| minutes(impact, t)),
            impact_minutes: impact_over.then(|| impact::union_minutes(windows, impact)),
        }
    }
}

/// Why an open incident needs the IC's attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Attention {
    /// A notice is past due (and not snoozed): in lists, as seen when listed.
    UpdateOverdue,
    /// Nobody holds the commander role.
    NoCommander,
    /// Nobody is marked affected (and it is no drill): its downtime is
    /// charged to no stakeholder.
    ImpactUnassigned,
}

/// The phases of an incident in minutes, from its milestones; `None` while
/// the phase has not ended.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct Durations {
    /// Impact started → detected.
    pub time_to_detect_minutes: f64,
    /// Detected → acknowledged (a commander took the incident).
    pub time_to_acknowledge_minutes: Option<f64>,
    /// Detected → declared.
    pub time_to_declare_minutes: f64,
    /// Impact started → mitigated.
    pub time_to_mitigate_minutes: Option<f64>,
    /// Impact started → resolved.
    pub time_to_resolve_minutes: Option<f64>,
    /// The union of the impact windows: the downtime this incident caused;
    /// `None` while the impact lasts.
    pub impact_minutes: Option<f64>,
}

/// An incident as the rail and `sitrep list` show it: the row, what needs
/// attention and its soonest open notice.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct IncidentSummary {
    #[serde(flatten)]
    pub incident: Incident,
    pub attention: Vec<Attention>,
    pub next_due: Option<NextDue>,
}

impl IncidentSummary {
    /// `incident` as listed, with its soonest open notice: an overdue one
    /// comes first among the reasons it needs attention.
    pub fn new(incident: Incident, next_due: Option<NextDue>) -> Self {
        let overdue = next_due
            .as_ref()
            .is_some_and(|d| d.urgency == Urgency::Overdue && d.kind != ObligationKind::Postmortem);
        let attention = overdue
            .then_some(Attention::UpdateOverdue)
            .into_iter()
            .chain(incident.attention())
            .collect();
        Self {
            incident,
            attention,
            next_due,
        }
    }
}

/// An incident with everything about it: its timeline (oldest entry first),
/// who holds which role, its plan's steps and its durations.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct IncidentDetail {
    #[serde(flatten)]
    pub incident: Incident,
    /// The spans of impact, oldest first; the last is open while impact lasts.
    pub impact_windows: Vec<ImpactWindow>,
    /// The most severe level it ever had.
    pub peak_severity: Severity,
    pub severity_changes: Vec<SeverityChange>,
    /// The stakeholders its impact hits.
    pub affected: Vec<Affected>,
    /// Validators affected, summed over the affected stakeholders that gave a count.
    pub validators_affected: Option<u32>,
    pub timeline: Vec<TimelineEntry>,
    pub roles: Vec<RoleHolder>,
    /// Who held which role from when to when, oldest first.
    pub role_tenures: Vec<RoleTenure>,
    /// Every milestone correction, oldest first.
    pub corrections: Vec<MilestoneCorrection>,
    /// What stakeholders said about how they were told, oldest first.
    pub feedback: Vec<Feedback>,
    pub steps: Vec<IncidentStep>,
    pub durations: Durations,
    pub attention: Vec<Attention>,
    /// The milestones a correction may set now.
    pub correctable: Vec<crate::record::Milestone>,
    /// The comms checklist and log.
    pub comms: Comms,
}

/// A declaration as typed in the window or on the command line; [`declare`]
/// checks every field before anything is written.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct DeclareInput {
    pub title: String,
    pub severity: i64,
    #[ts(optional)]
    pub kind: Option<String>,
    pub drill: bool,
    /// When the impact began (RFC 3339); defaults to `detected`.
    #[ts(optional)]
    pub impact_started: Option<String>,
    /// When the problem was noticed (RFC 3339); defaults to the declaration time.
    #[ts(optional)]
    pub detected: Option<String>,
    /// When it was declared (RFC 3339); defaults to now.
    #[ts(optional)]
    pub at: Option<String>,
    /// Stakeholders or groups its impact hits, by name.
    pub affected: Vec<String>,
}

/// A checked declaration.
struct Declaration {
    title: Title,
    severity: Severity,
    kind: Option<String>,
    drill: bool,
    impact_started_at: DateTime<Utc>,
    impact_started_estimated: bool,
    detected_at: DateTime<Utc>,
    detected_estimated: bool,
    declared_at: DateTime<Utc>,
}

impl DeclareInput {
    fn check(&self, now: DateTime<Utc>) -> Result<Declaration, InvalidInput> {
        let title = Title::parse(&self.title)?;
        let severity = Severity::new(self.severity)?;
        let optional_time = |field, text: &Option<String>| {
            text.as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(|t| parse_time(field, t))
                .transpose()
        };
        let declared_at = optional_time("at", &self.at)?.unwrap_or(now);
        let detected = optional_time("detected", &self.detected)?;
        let detected_at = detected.unwrap_or(declared_at);
        let impact_started = optional_time("impact_started", &self.impact_started)?;
        let impact_started_at = impact_started.unwrap_or(detected_at);
        not_in_future("at", declared_at, now)?;
        let kind = self
            .kind
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(str::to_owned);
        Ok(Declaration {
            title,
            severity,
            kind,
            drill: self.drill,
            impact_started_at,
            impact_started_estimated: impact_started.is_none(),
            detected_at,
            detected_estimated: detected.is_none(),
            declared_at,
        })
    }
}

/// Declares an incident: checks the input, then stores the incident, its
/// first timeline entry and its kind's response plan in one transaction.
/// Status starts at `investigating`.
pub fn declare(
    store: &mut Store,
    clock: &dyn Clock,
    input: &DeclareInput,
) -> Result<IncidentDetail> {
    let now = clock.now();
    let d = input.check(now)?;
    let mut incident = Incident {
        id: IncidentKey(0),
        title: d.title.as_str().to_owned(),
        severity: d.severity,
        status: Status::Investigating,
        drill: d.drill,
        kind: None,
        commander: None,
        impact_started_at: d.impact_started_at,
        impact_started_estimated: d.impact_started_estimated,
        detected_at: d.detected_at,
        detected_estimated: d.detected_estimated,
        acknowledged_at: None,
        declared_at: d.declared_at,
        mitigated_at: None,
        resolved_at: None,
        closed_at: None,
        affected_count: 0,
    };
    check_milestones(&incident)?;
    let drill = if incident.drill { "DRILL " } else { "" };
    let entry = NewEntry {
        at: incident.declared_at,
        recorded_at: now,
        kind: EntryKind::Declared,
        text: format!("{drill}{} declared: {}", incident.severity, incident.title),
    };
    let key = store.write(|tx| {
        let plan = d.kind.as_deref().map(|k| tx.plan_for_kind(k)).transpose()?;
        incident.kind = plan.as_ref().map(|p| p.kind.clone());
        let key = tx.insert_incident(&incident)?;
        tx.append(key, &entry)?;
        if let Some(plan) = &plan {
            tx.attach_plan(key, plan)?;
        }
        for target in input.affected.iter().filter(|t| !t.trim().is_empty()) {
            let mark = AffectedInput {
                target: target.clone(),
                affected: true,
                ..AffectedInput::default()
            };
            affected::mark(tx, key, &mark, incident.declared_at, now)?;
        }
        tx.set_comms_anchor(key, incident.declared_at)?;
        crate::comms::reconcile(tx, key, incident.declared_at, now, "declared")?;
        Ok(key)
    })?;
    store.incident(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_what_they_print() {
        let key: IncidentKey = "inc-42".parse().unwrap();
        assert_eq!(key.to_string(), "INC-42");
        for bad in ["INC-0", "INC-", "42", "INC-x", "INCIDENT-4", "INC-é"] {
            assert!(bad.parse::<IncidentKey>().is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn severity_outside_one_to_four_is_refused_with_the_value() {
        assert_eq!(Severity::new(1).unwrap().to_string(), "SEV1");
        assert_eq!(Severity::new(4).unwrap().level(), 4);
        for bad in [0, 5, 7, -1, 300] {
            let err = Severity::new(bad).unwrap_err();
            assert_eq!(err.field, "severity");
            assert!(err.message.contains(&bad.to_string()), "{}", err.message);
        }
    }

    #[test]
    fn statuses_parse_case_insensitively_and_unknown_ones_list_the_choices() {
        assert_eq!("Monitoring".parse::<Status>().unwrap(), Status::Monitoring);
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>().unwrap(), s);
        }
        let err = "mitigated".parse::<Status>().unwrap_err();
        assert!(
            err.message
                .contains("investigating, identified, monitoring, resolved, closed")
        );
    }

    #[test]
    fn titles_are_trimmed_and_bounded() {
        assert_eq!(
            Title::parse("  Lido validators offline ").unwrap().as_str(),
            "Lido validators offline"
        );
        assert!(Title::parse("   ").is_err());
        assert!(Title::parse(&"é".repeat(MAX_TITLE_CHARS)).is_ok());
        let err = Title::parse(&"x".repeat(MAX_TITLE_CHARS + 1)).unwrap_err();
        assert!(err.message.contains("201"), "{}", err.message);
    }
}
