//! Keeping an incident's obligations in step with the comms rules after
//! every change: gather the facts from the store, ask [`rules::owed`] what
//! each stakeholder is owed and [`rules::settle`] how the open obligations
//! change, and have the store apply that. The only place obligations are
//! created, re-timed or ended by the rules.

use chrono::{DateTime, Utc};

use super::ObligationKind;
use super::Slot;
use super::rules::{self, IncidentFacts, StakeholderFacts};
use crate::error::Result;
use crate::incident::IncidentKey;
use crate::policy::{self, Membership};
use crate::store::Tx;

/// Brings incident `key`'s obligations in step after a change that happened
/// at `at` (recorded at `now`); an obligation ended here keeps `reason` and
/// its outcome.
pub(crate) fn reconcile(
    tx: &Tx<'_>,
    key: IncidentKey,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    reason: &str,
) -> Result<()> {
    let incident = tx.incident(key)?;
    let facts = IncidentFacts {
        status: incident.status,
        anchor: tx.comms_anchor(key)?.unwrap_or(incident.declared_at),
        resolved_at: incident.resolved_at,
    };
    let policies = tx.group_policies()?;
    for s in tx.all_stakeholders()? {
        let Some(group_policy) = policies.iter().find(|p| p.group == s.group) else {
            continue;
        };
        let member = tx.membership(key, s.id)?;
        let membership = member.map_or(Membership::ByPolicy, |(m, _)| m);
        let last_update = tx.last_update(key, s.id)?.map(|(t, _)| t);
        let stakeholder = StakeholderFacts {
            scope: policy::scope(group_policy, &s.policy, incident.severity, membership),
            retired: s.retired_at.is_some(),
            added_at: member
                .filter(|(m, _)| *m == Membership::Added)
                .map(|(_, since)| since),
            last_update: last_update.max(tx.last_skipped_notice(key, s.id)?),
            postmortem_settled: tx.postmortem_settled(key, s.id)?,
        };
        let owed = rules::owed(
            &facts,
            &stakeholder,
            &tx.cadence_for(s.id, s.group, incident.severity)?,
        );
        let gone = stakeholder.retired || membership == Membership::Removed;
        for (slot, owed) in [
            (Slot::Notice, owed.notice),
            (
                Slot::Postmortem,
                owed.postmortem.map(|d| (ObligationKind::Postmortem, d)),
            ),
        ] {
            let open = tx.open_obligation(key, s.id, slot)?;
            let changes = rules::settle(open, owed, at, gone);
            tx.apply(key, s.id, &changes, at, now, reason)?;
        }
    }
    Ok(())
}

/// Brings every incident still owed something in step at `now`, after a
/// policy or directory change: open incidents, and closed ones whose
/// postmortem is still owed.
pub(crate) fn reconcile_all(tx: &Tx<'_>, now: DateTime<Utc>, reason: &str) -> Result<()> {
    tx.incidents_owed_anything()?
        .into_iter()
        .try_for_each(|key| reconcile(tx, key, now, now, reason))
}
