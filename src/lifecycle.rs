//! The lifecycle of an incident: status moves with their milestones, and
//! corrections of the title, severity, plan and milestones. Every change is
//! checked whole, then written with its timeline entries in one transaction.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use ts_rs::TS;

use crate::clock::{Clock, happened_at, not_in_future, parse_time};
use crate::error::{InvalidInput, Result};
use crate::impact;
use crate::incident::{Incident, IncidentDetail, IncidentKey, Severity, Status, Title};
use crate::record::{Milestone, MilestoneCorrection};
use crate::role::Role;
use crate::store::Store;
use crate::timeline::{EntryKind, NewEntry, NoteText};

/// A status move as clicked in the window or given to `sitrep status`.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct StatusInput {
    pub status: Status,
    /// Why, in a few words; kept on the timeline entry.
    #[ts(optional)]
    pub note: Option<String>,
    /// When it happened (RFC 3339); defaults to now.
    #[ts(optional)]
    pub at: Option<String>,
}

impl Incident {
    /// The incident after moving to status `to` at `at`, with its milestones
    /// kept true: the first entry into monitoring is `mitigated_at`; entering
    /// resolved or closed stamps them; moving back before them (impact
    /// resumed, incident reopened) clears them. `last_move` is when the status
    /// last changed: moves are recorded in order, and milestones stay in order.
    pub fn moved_to(
        &self,
        to: Status,
        at: DateTime<Utc>,
        last_move: DateTime<Utc>,
    ) -> Result<Incident, InvalidInput> {
        if to == self.status {
            return Err(InvalidInput::new(
                "status",
                format!("{} is already {to}", self.id),
            ));
        }
        if at < last_move {
            return Err(InvalidInput::new(
                "at",
                format!(
                    "{} last changed status at {}; a move cannot be recorded before that",
                    self.id,
                    last_move.to_rfc3339()
                ),
            ));
        }
        let mut next = self.clone();
        next.status = to;
        match to {
            Status::Investigating | Status::Identified => {
                next.resolved_at = None;
                next.closed_at = None;
            }
            Status::Monitoring => {
                next.mitigated_at.get_or_insert(at);
                next.resolved_at = None;
                next.closed_at = None;
            }
            Status::Resolved => {
                next.resolved_at = Some(at);
                next.closed_at = None;
            }
            Status::Closed => {
                next.resolved_at.get_or_insert(at);
                next.closed_at = Some(at);
            }
        }
        check_milestones(&next)?;
        Ok(next)
    }
}

/// Moves incident `key` to a new status, with a timeline entry.
pub fn change_status(
    store: &mut Store,
    clock: &dyn Clock,
    key: IncidentKey,
    input: &StatusInput,
) -> Result<IncidentDetail> {
    let now = clock.now();
    let at = happened_at("at", input.at.as_deref(), now)?;
    let note = input
        .note
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .map(|n| NoteText::parse("note", n))
        .transpose()?;
    store.write(|tx| {
        let incident = tx.incident(key)?;
        let moved = incident.moved_to(input.status, at, tx.last_status_move(key)?)?;
        let mut text = format!("{} → {}", incident.status, moved.status);
        if let Some(note) = &note {
            text = format!("{text}: {}", note.as_str());
        }
        tx.update_incident(&moved)?;
        tx.insert_status_change(key, at, incident.status, moved.status)?;
        if moved.status == Status::Closed {
            tx.end_tenures(key, at)?;
        }
        tx.append(
            key,
            &NewEntry {
                at,
                recorded_at: now,
                kind: EntryKind::Status,
                text,
            },
        )?;
        let reopened = matches!(incident.status, Status::Resolved | Status::Closed)
            && matches!(
                moved.status,
                Status::Investigating | Status::Identified | Status::Monitoring
            );
        if reopened {
            tx.set_comms_anchor(key, at)?;
        }
        crate::comms::reconcile(tx, key, at, now, &format!("incident {}", moved.status))
    })?;
    store.incident(key)
}

/// Corrections to an incident, as typed in the window or given to
/// `sitrep edit`. Absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct EditInput {
    #[ts(optional)]
    pub title: Option<String>,
    #[ts(optional)]
    pub severity: Option<i64>,
    /// The incident kind, which attaches its response plan; only while none is attached.
    #[ts(optional)]
    pub kind: Option<String>,
    #[ts(optional)]
    pub impact_started: Option<String>,
    #[ts(optional)]
    pub detected: Option<String>,
    #[ts(optional)]
    pub mitigated: Option<String>,
    #[ts(optional)]
    pub resolved: Option<String>,
    #[ts(optional)]
    pub declared: Option<String>,
    #[ts(optional)]
    pub closed: Option<String>,
    /// Mark it a drill (practice), or a real incident after all.
    #[ts(optional)]
    pub drill: Option<bool>,
    /// When a severity or title change happened (RFC 3339); defaults to now.
    #[ts(optional)]
    pub at: Option<String>,
}

/// Applies corrections to incident `key`: each changed field is one timeline
/// entry; a change that leaves the milestones out of order, or changes
/// nothing, is refused whole.
pub fn edit(
    store: &mut Store,
    clock: &dyn Clock,
    key: IncidentKey,
    input: &EditInput,
) -> Result<IncidentDetail> {
    let now = clock.now();
    let at = happened_at("at", input.at.as_deref(), now)?;
    let title = input.title.as_deref().map(Title::parse).transpose()?;
    let severity = input.severity.map(Severity::new).transpose()?;
    let milestone = |field, text: &Option<String>| -> Result<Option<DateTime<Utc>>, InvalidInput> {
        text.as_deref()
            .map(|t| not_in_future(field, parse_time(field, t)?, now))
            .transpose()
    };
    let impact_started = milestone("impact_started", &input.impact_started)?;
    let detected = milestone("detected", &input.detected)?;
    let mitigated = milestone("mitigated", &input.mitigated)?;
    let resolved = milestone("resolved", &input.resolved)?;
    let declared = milestone("declared", &input.declared)?;
    let closed = milestone("closed", &input.closed)?;

    store.write(|tx| {
        let old = tx.incident(key)?;
        let mut new = old.clone();
        let mut entries = Vec::new();
        let mut entry = |at, kind, text: String| {
            entries.push(NewEntry {
                at,
                recorded_at: now,
                kind,
                text,
            })
        };
        if let Some(title) = title.filter(|t| t.as_str() != old.title) {
            new.title = title.as_str().to_owned();
            entry(
                at,
                EntryKind::Title,
                format!("title: {:?} → {:?}", old.title, new.title),
            );
        }
        if let Some(severity) = severity.filter(|s| *s != old.severity) {
            new.severity = severity;
            tx.insert_severity_change(key, at, old.severity, severity)?;
            entry(
                at,
                EntryKind::Severity,
                format!("{} → {severity}", old.severity),
            );
        }
        if let Some(drill) = input.drill.filter(|d| *d != old.drill) {
            new.drill = drill;
            let text = if drill {
                "marked a DRILL: it counts in no metric or report"
            } else {
                "no longer a drill: it counts in metrics and reports"
            };
            entry(at, EntryKind::Drill, text.to_owned());
        }
        if let Some(kind) = input.kind.as_deref().filter(|k| !k.trim().is_empty()) {
            if let Some(current) = &old.kind {
                return Err(InvalidInput::new(
                    "kind",
                    format!("{key} already follows the {current} plan"),
                )
                .into());
            }
            let plan = tx.plan_for_kind(kind)?;
            new.kind = Some(plan.kind.clone());
            tx.attach_plan(key, &plan)?;
            entry(
                now,
                EntryKind::Step,
                format!("plan attached: {} ({} steps)", plan.name, plan.steps.len()),
            );
        }
        let allowed = correctable(&old);
        let check = |given: Option<DateTime<Utc>>, milestone: Milestone, field, needed| match given
        {
            Some(_) if !allowed.contains(&milestone) => {
                Err(not_yet(key, old.status, field, needed))
            }
            _ => Ok(given),
        };
        if let Some(t) = check(
            mitigated,
            Milestone::Mitigated,
            "mitigated",
            Status::Monitoring,
        )? {
            new.mitigated_at = Some(t);
        }
        if let Some(t) = check(resolved, Milestone::Resolved, "resolved", Status::Resolved)? {
            new.resolved_at = Some(t);
        }
        if let Some(t) = check(closed, Milestone::Closed, "closed", Status::Closed)? {
            new.closed_at = Some(t);
        }
        if let Some(t) = impact_started {
            new.impact_started_at = t;
            new.impact_started_estimated = false;
        }
        if let Some(t) = detected {
            new.detected_at = t;
            new.detected_estimated = false;
        }
        new.declared_at = declared.unwrap_or(old.declared_at);
        check_milestones(&new)?;
        impact::check_windows(&tx.impact_windows(&new)?)?;
        let by = tx.role_holder(key, Role::Commander)?.map(|h| h.person);
        for (milestone, old_at, new_at) in [
            (
                Milestone::ImpactStarted,
                Some(old.impact_started_at),
                Some(new.impact_started_at),
            ),
            (
                Milestone::Detected,
                Some(old.detected_at),
                Some(new.detected_at),
            ),
            (
                Milestone::Declared,
                Some(old.declared_at),
                Some(new.declared_at),
            ),
            (Milestone::Mitigated, old.mitigated_at, new.mitigated_at),
            (Milestone::Resolved, old.resolved_at, new.resolved_at),
            (Milestone::Closed, old.closed_at, new.closed_at),
        ] {
            if old_at != new_at {
                let shown = |t: Option<DateTime<Utc>>| t.map_or("unset".into(), |t| t.to_rfc3339());
                entry(
                    now,
                    EntryKind::Milestone,
                    format!(
                        "{} corrected: {} → {}",
                        milestone.label(),
                        shown(old_at),
                        shown(new_at)
                    ),
                );
                tx.insert_correction(
                    key,
                    &MilestoneCorrection {
                        milestone,
                        old_at,
                        new_at,
                        recorded_at: now,
                        by: by.clone(),
                    },
                )?;
            }
        }
        if entries.is_empty() {
            return Err(InvalidInput::new(
                "edit",
                format!("nothing to change: {key} already has those values"),
            )
            .into());
        }
        tx.update_incident(&new)?;
        entries
            .iter()
            .try_for_each(|e| tx.append(key, e).map(drop))?;
        if new.severity != old.severity {
            tx.set_comms_anchor(key, at)?;
        } else if new.declared_at != old.declared_at
            && tx.comms_anchor(key)? == Some(old.declared_at)
        {
            // The cadence ran from the declaration: it runs from the corrected one.
            tx.set_comms_anchor(key, new.declared_at)?;
        }
        crate::comms::reconcile(
            tx,
            key,
            at,
            now,
            &format!("incident corrected ({})", new.severity),
        )
    })?;
    store.incident(key)
}

/// Whether an incident in status `now` has got as far as `wanted`.
fn reached(now: Status, wanted: Status) -> bool {
    let rank = |s| Status::ALL.iter().position(|x| *x == s);
    rank(now) >= rank(wanted)
}

/// The milestones of `incident` a correction may set: the first three
/// always; mitigated once it has one or has reached monitoring; resolved
/// once resolved; closed once closed. (Acknowledged is no milestone to
/// correct: it is when the first commander took the incident.)
pub fn correctable(incident: &Incident) -> Vec<Milestone> {
    Milestone::ALL
        .into_iter()
        .filter(|m| match m {
            Milestone::ImpactStarted | Milestone::Detected | Milestone::Declared => true,
            Milestone::Mitigated => {
                incident.mitigated_at.is_some() || reached(incident.status, Status::Monitoring)
            }
            Milestone::Resolved => reached(incident.status, Status::Resolved),
            Milestone::Closed => incident.status == Status::Closed,
        })
        .collect()
}

fn not_yet(key: IncidentKey, status: Status, field: &'static str, needed: Status) -> InvalidInput {
    InvalidInput::new(
        field,
        format!(
            "{key} is {status}, so it has no {field} time yet; move it to {needed} with `sitrep status`"
        ),
    )
}

/// Checks that milestones happen in order: impact started ≤ detected ≤
/// declared, and impact started ≤ mitigated ≤ resolved ≤ closed.
pub(crate) fn check_milestones(i: &Incident) -> Result<(), InvalidInput> {
    let ordered = [
        (
            "impact_started",
            Some(i.impact_started_at),
            "detected",
            Some(i.detected_at),
        ),
        (
            "detected",
            Some(i.detected_at),
            "declared",
            Some(i.declared_at),
        ),
        (
            "impact_started",
            Some(i.impact_started_at),
            "mitigated",
            i.mitigated_at,
        ),
        (
            "impact_started",
            Some(i.impact_started_at),
            "resolved",
            i.resolved_at,
        ),
        ("mitigated", i.mitigated_at, "resolved", i.resolved_at),
        ("resolved", i.resolved_at, "closed", i.closed_at),
    ];
    for (first, a, then, b) in ordered {
        if let (Some(a), Some(b)) = (a, b) {
            if a > b {
                return Err(InvalidInput::new(
                    first,
                    format!(
                        "out of order: {} {} is after {} {}",
                        first.replace('_', " "),
                        a.to_rfc3339(),
                        then,
                        b.to_rfc3339()
                    ),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn incident() -> Incident {
        Incident {
            id: "INC-1".parse().unwrap(),
            title: "Validators down".into(),
            severity: Severity::CRITICAL,
            status: Status::Investigating,
            drill: false,
            kind: None,
            commander: None,
            impact_started_at: t("2026-11-24T09:00:00Z"),
            impact_started_estimated: false,
            detected_at: t("2026-11-24T09:05:00Z"),
            detected_estimated: false,
            acknowledged_at: None,
            declared_at: t("2026-11-24T09:10:00Z"),
            mitigated_at: None,
            resolved_at: None,
            closed_at: None,
            affected_count: 0,
        }
    }

    #[test]
    fn a_milestone_is_correctable_once_the_incident_has_reached_it() {
        use Milestone::*;
        let mut i = incident();
        i.status = Status::Identified;
        assert_eq!(correctable(&i), [ImpactStarted, Detected, Declared]);
        i.status = Status::Monitoring;
        assert_eq!(
            correctable(&i),
            [ImpactStarted, Detected, Declared, Mitigated]
        );
        // Moved back after a mitigation: its time stays correctable.
        i.status = Status::Investigating;
        i.mitigated_at = Some(t("2026-11-24T23:00:00Z"));
        assert!(correctable(&i).contains(&Mitigated));
        i.status = Status::Resolved;
        assert!(correctable(&i).contains(&Resolved) && !correctable(&i).contains(&Closed));
        i.status = Status::Closed;
        assert_eq!(correctable(&i), Milestone::ALL);
    }

    #[test]
    fn mitigated_is_the_first_entry_into_monitoring() {
        let declared = incident();
        let monitoring = declared
            .moved_to(
                Status::Monitoring,
                t("2026-11-24T10:00:00Z"),
                declared.declared_at,
            )
            .unwrap();
        let resumed = monitoring
            .moved_to(
                Status::Investigating,
                t("2026-11-24T10:30:00Z"),
                t("2026-11-24T10:00:00Z"),
            )
            .unwrap();
        let again = resumed
            .moved_to(
                Status::Monitoring,
                t("2026-11-24T11:00:00Z"),
                t("2026-11-24T10:30:00Z"),
            )
            .unwrap();
        assert_eq!(again.mitigated_at, Some(t("2026-11-24T10:00:00Z")));
    }

    #[test]
    fn reopening_clears_resolution_and_closing_implies_resolution() {
        let i = incident();
        let closed = i
            .moved_to(Status::Closed, t("2026-11-24T12:00:00Z"), i.declared_at)
            .unwrap();
        assert_eq!(closed.resolved_at, Some(t("2026-11-24T12:00:00Z")));
        assert_eq!(closed.closed_at, Some(t("2026-11-24T12:00:00Z")));
        let reopened = closed
            .moved_to(
                Status::Identified,
                t("2026-11-24T13:00:00Z"),
                t("2026-11-24T12:00:00Z"),
            )
            .unwrap();
        assert_eq!((reopened.resolved_at, reopened.closed_at), (None, None));
    }

    #[test]
    fn a_move_to_the_current_status_or_before_the_last_move_is_refused() {
        let i = incident();
        let err = i
            .moved_to(Status::Investigating, i.declared_at, i.declared_at)
            .unwrap_err();
        assert!(
            err.message.contains("already investigating"),
            "{}",
            err.message
        );
        let err = i
            .moved_to(Status::Resolved, t("2026-11-24T09:09:00Z"), i.declared_at)
            .unwrap_err();
        assert_eq!(err.field, "at");
    }

    #[test]
    fn a_resolution_before_the_impact_started_is_out_of_order_without_a_mitigation() {
        let mut i = incident();
        i.status = Status::Resolved;
        i.resolved_at = Some(t("2026-11-24T08:30:00Z"));
        let err = check_milestones(&i).unwrap_err();
        assert_eq!(err.field, "impact_started");
        assert!(err.message.contains("after resolved"), "{}", err.message);
    }

    #[test]
    fn milestones_out_of_order_name_the_earlier_one() {
        let mut i = incident();
        i.mitigated_at = Some(t("2026-11-24T08:00:00Z"));
        let err = check_milestones(&i).unwrap_err();
        assert_eq!(err.field, "impact_started");
        assert!(err.message.contains("after mitigated"), "{}", err.message);
    }
}
