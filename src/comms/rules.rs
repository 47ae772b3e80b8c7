//! The comms checklist's rules, as pure functions: given what the incident
//! and a stakeholder look like now, which notice (if any) is owed to the
//! stakeholder, and by when ([`owed`]); and how the open obligations change to
//! match it, each ended one with its outcome ([`settle`]). The store applies
//! those changes after every write, so no obligation is created, re-timed or
//! ended anywhere else.

use chrono::{DateTime, Utc};

use super::{ObligationKind, Outcome};
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
    /// Their latest update on this incident, or the latest notice the IC
    /// skipped for them: the cadence runs on from either.
    pub last_update: Option<DateTime<Utc>>,
    /// Their postmortem was shared or skipped: it is owed no more.
    pub postmortem_settled: bool,
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
                .filter(|_| scope.postmortem && !stakeholder.postmortem_settled)
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

/// An open obligation, as [`settle`] sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OpenObligation {
    pub id: i64,
    pub kind: ObligationKind,
    pub due_at: DateTime<Utc>,
}

/// One change to an incident's obligations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    Create {
        kind: ObligationKind,
        due_at: DateTime<Utc>,
    },
    /// A new due time for the same promise; its first due time is kept.
    Retime {
        id: i64,
        due_at: DateTime<Utc>,
    },
    End {
        id: i64,
        outcome: Outcome,
    },
}

/// How one slot (notice or postmortem) of a stakeholder changes at `at` so
/// that its open obligation matches what is `owed`: kept, re-timed, ended
/// with its outcome, or replaced. `gone` says the stakeholder was taken off
/// the incident (removed or retired), which ends it as `removed`.
pub(crate) fn settle(
    open: Option<OpenObligation>,
    owed: Option<(ObligationKind, DateTime<Utc>)>,
    at: DateTime<Utc>,
    gone: bool,
) -> Vec<Change> {
    let end = |o: OpenObligation| Change::End {
        id: o.id,
        outcome: Outcome::unfulfilled(o.due_at, at, gone),
    };
    let create = |(kind, due_at)| Change::Create { kind, due_at };
    match (open, owed) {
        (None, None) => vec![],
        (None, Some(owed)) => vec![create(owed)],
        (Some(o), None) => vec![end(o)],
        (Some(o), Some((kind, due_at))) if o.kind == kind => {
            if o.due_at == due_at {
                vec![]
            } else {
                vec![Change::Retime { id: o.id, due_at }]
            }
        }
        (Some(o), Some(owed)) => vec![end(o), create(owed)],
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
            postmortem_settled: false,
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

#[cfg(test)]
mod settle_tests {
    use super::*;

    fn t(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn open(kind: ObligationKind, due: &str) -> Option<OpenObligation> {
        Some(OpenObligation {
            id: 7,
            kind,
            due_at: t(due),
        })
    }

    #[test]
    fn an_unfulfilled_notice_ended_after_its_due_time_was_missed() {
        let changes = settle(
            open(ObligationKind::Initial, "2026-11-24T03:15:00Z"),
            Some((ObligationKind::Resolution, t("2026-11-24T04:50:00Z"))),
            t("2026-11-24T03:50:00Z"),
            false,
        );
        assert_eq!(
            changes,
            [
                Change::End {
                    id: 7,
                    outcome: Outcome::Missed
                },
                Change::Create {
                    kind: ObligationKind::Resolution,
                    due_at: t("2026-11-24T04:50:00Z")
                }
            ]
        );
    }

    #[test]
    fn ended_before_its_due_time_it_was_superseded_and_taken_off_it_was_removed() {
        let initial = open(ObligationKind::Initial, "2026-11-24T03:15:00Z");
        let before_due = t("2026-11-24T03:10:00Z");
        assert_eq!(
            settle(initial, None, before_due, false),
            [Change::End {
                id: 7,
                outcome: Outcome::Superseded
            }]
        );
        assert_eq!(
            settle(initial, None, t("2026-11-24T04:00:00Z"), true),
            [Change::End {
                id: 7,
                outcome: Outcome::Removed
            }]
        );
    }

    #[test]
    fn the_same_kind_owed_at_another_time_is_re_timed_not_replaced() {
        let initial = open(ObligationKind::Initial, "2026-11-24T03:15:00Z");
        let at = t("2026-11-24T03:05:00Z");
        assert_eq!(
            settle(
                initial,
                Some((ObligationKind::Initial, t("2026-11-24T03:30:00Z"))),
                at,
                false
            ),
            [Change::Retime {
                id: 7,
                due_at: t("2026-11-24T03:30:00Z")
            }]
        );
        assert!(
            settle(
                initial,
                Some((ObligationKind::Initial, t("2026-11-24T03:15:00Z"))),
                at,
                false
            )
            .is_empty()
        );
    }

    #[test]
    fn a_settled_postmortem_is_owed_no_more() {
        let sev1 = crate::policy::default_cadences()[0];
        let resolved = IncidentFacts {
            status: Status::Closed,
            anchor: t("2026-11-24T03:00:00Z"),
            resolved_at: Some(t("2026-11-24T04:00:00Z")),
        };
        let mut facts = StakeholderFacts {
            scope: Scope {
                live: true,
                resolution: true,
                postmortem: true,
            },
            retired: false,
            added_at: None,
            last_update: Some(t("2026-11-24T04:10:00Z")),
            postmortem_settled: false,
        };
        assert_eq!(
            owed(&resolved, &facts, &sev1).postmortem,
            Some(t("2026-11-27T04:00:00Z"))
        );
        facts.postmortem_settled = true;
        assert_eq!(owed(&resolved, &facts, &sev1).postmortem, None);
    }
}
