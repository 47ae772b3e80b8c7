//! The comms checklist's one rule, as a pure function: given what the
//! incident and a stakeholder look like now, which notice (if any) is owed to
//! the stakeholder, and by when. The store keeps the obligations in step with
//! it after every change, so no obligation is created or ended anywhere else.

use chrono::{DateTime, Utc};

use super::ObligationKind;
use crate::incident::Status;
use crate::policy::{Cadence, Scope};

/// The incident, as far as the comms rule cares.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IncidentFacts {
    pub status: Status,
    /// When the cadence last restarted: declaration, severity change or reopening.
    pub anchor: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// One stakeholder, as far as one incident's comms rule cares.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StakeholderFacts {
    pub scope: Scope,
    pub retired: bool,
    /// When the IC added them to the incident, if they did.
    pub added_at: Option<DateTime<Utc>>,
    /// Their latest update on this incident.
    pub last_update: Option<DateTime<Utc>>,
}

/// What a stakeholder is owed: at most one notice and at most one postmortem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Owed {
    pub notice: Option<(ObligationKind, DateTime<Utc>)>,
    pub postmortem: Option<DateTime<Utc>>,
}

/// What `stakeholder` is owed about `incident` under `cadence`.
pub(crate) fn owed(
    incident: &IncidentFacts,
    stakeholder: &StakeholderFacts,
    cadence: &Cadence,
) -> Owed {
    if stakeholder.retired {
        return Owed::default();
    }
    let scope = stakeholder.scope;
    match (incident.status, incident.resolved_at) {
        (Status::Resolved | Status::Closed, Some(resolved_at)) => {
            let told_since = stakeholder.last_update.is_some_and(|t| t >= resolved_at);
            let notice = cadence
                .resolution()
                .filter(|_| scope.resolution && !told_since)
                .map(|after| (ObligationKind::Resolution, resolved_at + after));
            let postmortem = cadence
                .postmortem()
                .filter(|_| scope.postmortem)
                .map(|after| resolved_at + after);
            Owed { notice, postmortem }
        }
        _ if !scope.live => Owed::default(),
        _ => {
            let start = stakeholder
                .added_at
                .map_or(incident.anchor, |t| t.max(incident.anchor));
            let notice = match stakeholder.last_update {
                None => cadence
                    .initial()
                    .map(|after| (ObligationKind::Initial, start + after)),
                Some(last) => cadence
                    .update()
                    .map(|every| (ObligationKind::Update, (last + every).max(start))),
            };
            Owed {
                notice,
                postmortem: None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::default_cadences;

    fn t(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    const LIVE: Scope = Scope {
        live: true,
        resolution: true,
        postmortem: true,
    };

    fn live(status: Status) -> IncidentFacts {
        IncidentFacts {
            status,
            anchor: t("2026-11-24T10:00:00Z"),
            resolved_at: None,
        }
    }

    fn facts(last_update: Option<&str>) -> StakeholderFacts {
        StakeholderFacts {
            scope: LIVE,
            retired: false,
            added_at: None,
            last_update: last_update.map(t),
        }
    }

    #[test]
    fn a_sev1_owes_an_initial_notice_at_15_minutes_then_updates_every_30() {
        let sev1 = default_cadences()[0];
        let first = owed(&live(Status::Investigating), &facts(None), &sev1);
        assert_eq!(
            first.notice,
            Some((ObligationKind::Initial, t("2026-11-24T10:15:00Z")))
        );
        let next = owed(
            &live(Status::Identified),
            &facts(Some("2026-11-24T10:10:00Z")),
            &sev1,
        );
        assert_eq!(
            next.notice,
            Some((ObligationKind::Update, t("2026-11-24T10:40:00Z")))
        );
    }

    #[test]
    fn after_resolution_a_resolution_notice_and_the_postmortem_are_owed_once() {
        let sev1 = default_cadences()[0];
        let resolved = IncidentFacts {
            resolved_at: Some(t("2026-11-24T12:00:00Z")),
            ..live(Status::Resolved)
        };
        let owed_now = owed(&resolved, &facts(Some("2026-11-24T11:50:00Z")), &sev1);
        assert_eq!(
            owed_now.notice,
            Some((ObligationKind::Resolution, t("2026-11-24T13:00:00Z")))
        );
        assert_eq!(owed_now.postmortem, Some(t("2026-11-27T12:00:00Z")));
        let told = owed(&resolved, &facts(Some("2026-11-24T12:05:00Z")), &sev1);
        assert_eq!(told.notice, None);
    }

    #[test]
    fn sev4_owes_nothing_and_nor_does_a_retired_stakeholder() {
        let sev4 = default_cadences()[3];
        assert_eq!(
            owed(&live(Status::Investigating), &facts(None), &sev4),
            Owed::default()
        );
        let sev1 = default_cadences()[0];
        let retired = StakeholderFacts {
            retired: true,
            ..facts(None)
        };
        assert_eq!(
            owed(&live(Status::Investigating), &retired, &sev1),
            Owed::default()
        );
    }

    #[test]
    fn an_escalation_restarts_the_clock_but_never_makes_a_notice_due_in_the_past() {
        let sev1 = default_cadences()[0];
        let escalated = IncidentFacts {
            anchor: t("2026-11-24T14:00:00Z"),
            ..live(Status::Identified)
        };
        // Last told at 09:00 under SEV3's four hours: due at the escalation, not at 09:30.
        let due = owed(&escalated, &facts(Some("2026-11-24T09:00:00Z")), &sev1).notice;
        assert_eq!(
            due,
            Some((ObligationKind::Update, t("2026-11-24T14:00:00Z")))
        );
    }
}
