//! What is due next, in one reading shared by the window's next-update bar
//! and the tray: how many notices are overdue, which one to name, the batch
//! due at the soonest instant, and how many reminders are snoozed.

use serde::Serialize;
use ts_rs::TS;

use super::{Obligation, ObligationKind, Urgency};
use crate::incident::IncidentKey;

/// An incident in the batch due next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DueIncident {
    pub key: IncidentKey,
    pub drill: bool,
}

/// The next-update summary. Postmortems are left out (shared, not sent as
/// updates, with their own reminder), and so is every snoozed reminder
/// until its snooze ends — it counts only in `snoozed`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DueSummary {
    /// Notices past due.
    pub overdue: u32,
    /// The notice to name: the most overdue, else the soonest; none when
    /// nothing is due.
    pub lead: Option<Obligation>,
    /// How many notices are due at the same instant as the soonest.
    pub batch: u32,
    /// The incidents of that batch, each once, in the order they come.
    pub batch_incidents: Vec<DueIncident>,
    /// Reminders snoozed now.
    pub snoozed: u32,
}

impl DueSummary {
    /// Reads `open`, the open obligations soonest first (as the store lists them).
    pub fn of(open: &[Obligation]) -> Self {
        let notices = || open.iter().filter(|o| o.kind != ObligationKind::Postmortem);
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let snoozed = count(notices().filter(|o| o.urgency == Urgency::Snoozed).count());
        let awake: Vec<&Obligation> = notices()
            .filter(|o| o.urgency != Urgency::Snoozed)
            .collect();
        let overdue: Vec<&Obligation> = awake
            .iter()
            .copied()
            .filter(|o| o.urgency == Urgency::Overdue)
            .collect();
        let soonest = awake.first().map(|o| o.due_at);
        let batch: Vec<&Obligation> = awake
            .iter()
            .copied()
            .filter(|o| Some(o.due_at) == soonest)
            .collect();
        let mut batch_incidents: Vec<DueIncident> = Vec::new();
        for o in &batch {
            if !batch_incidents.iter().any(|i| i.key == o.incident) {
                batch_incidents.push(DueIncident {
                    key: o.incident,
                    drill: o.drill,
                });
            }
        }
        DueSummary {
            overdue: count(overdue.len()),
            lead: overdue.first().or(awake.first()).map(|o| (*o).clone()),
            batch: count(batch.len()),
            batch_incidents,
            snoozed,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::incident::Severity;
    use crate::stakeholder::{ChannelKind, Group};

    fn owed(
        name: &str,
        due: &str,
        urgency: Urgency,
        kind: ObligationKind,
        incident: &str,
    ) -> Obligation {
        let due_at: DateTime<Utc> = due.parse().unwrap();
        Obligation {
            id: 1,
            incident: incident.parse().unwrap(),
            incident_title: "Validators offline".into(),
            severity: Severity::CRITICAL,
            drill: incident == "INC-7",
            stakeholder: name.into(),
            stakeholder_id: 1,
            group: Group::InstitutionalStakers,
            channel: ChannelKind::Slack,
            handle: "#x".into(),
            kind,
            due_at,
            overdue: matches!(urgency, Urgency::Overdue | Urgency::Snoozed),
            urgency,
            snoozed_until: None,
            owed_now: false,
        }
    }

    use ObligationKind::{Initial, Postmortem, Update};
    use Urgency::{Later, Overdue, Snoozed};

    #[test]
    fn the_most_overdue_is_named_and_snoozed_and_postmortems_are_left_out() {
        let open = [
            owed(
                "Auditor",
                "2026-11-24T09:00:00Z",
                Overdue,
                Postmortem,
                "INC-1",
            ),
            owed(
                "Exchange A",
                "2026-11-24T09:50:00Z",
                Snoozed,
                Initial,
                "INC-1",
            ),
            owed(
                "Partner B",
                "2026-11-24T09:55:00Z",
                Overdue,
                Update,
                "INC-2",
            ),
            owed("Client C", "2026-11-24T09:58:00Z", Overdue, Update, "INC-1"),
            owed("D", "2026-11-24T10:30:00Z", Later, Update, "INC-1"),
        ];
        let summary = DueSummary::of(&open);
        assert_eq!(summary.overdue, 2);
        assert_eq!(summary.snoozed, 1);
        assert_eq!(
            summary.lead.map(|o| o.stakeholder),
            Some("Partner B".into())
        );
    }

    #[test]
    fn the_batch_is_every_notice_due_at_the_soonest_instant_with_its_incidents_once() {
        let at = "2026-11-24T10:12:30Z";
        let open = [
            owed("A", at, Later, Initial, "INC-1"),
            owed("B", at, Later, Initial, "INC-7"),
            owed("C", at, Later, Initial, "INC-1"),
            owed("D", "2026-11-24T11:00:00Z", Later, Update, "INC-2"),
        ];
        let summary = DueSummary::of(&open);
        assert_eq!((summary.overdue, summary.batch), (0, 3));
        assert_eq!(summary.lead.map(|o| o.stakeholder), Some("A".into()));
        assert_eq!(
            summary.batch_incidents,
            [
                DueIncident {
                    key: "INC-1".parse().unwrap(),
                    drill: false
                },
                DueIncident {
                    key: "INC-7".parse().unwrap(),
                    drill: true
                }
            ]
        );
    }

    #[test]
    fn only_snoozed_reminders_leave_nothing_to_name() {
        let open = [owed("A", "2026-11-24T09:50:00Z", Snoozed, Initial, "INC-1")];
        let summary = DueSummary::of(&open);
        assert_eq!((summary.lead, summary.batch, summary.snoozed), (None, 0, 1));
    }
}
