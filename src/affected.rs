//! Who an incident's impact hits: the stakeholders charged with its
//! downtime, optionally with how many of their validators. Distinct from who
//! is informed: an auditor is told, but not charged.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::{Clock, happened_at};
use crate::error::{InvalidInput, Result};
use crate::incident::{IncidentDetail, IncidentKey};
use crate::stakeholder::{Group, Stakeholder};
use crate::store::{Store, Tx};
use crate::timeline::NewEntry;

/// A stakeholder whose service the incident's impact hits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Affected {
    pub stakeholder: String,
    pub stakeholder_id: i64,
    pub group: Group,
    /// How many of their validators, if known.
    pub validators: Option<u32>,
    #[ts(type = "string")]
    pub since: DateTime<Utc>,
}

/// Marks stakeholders affected by an incident, or no longer affected, as
/// picked in the window or given to `sitrep affected`.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct AffectedInput {
    /// A stakeholder's name, or a group's (every active stakeholder in it).
    pub target: String,
    /// `true` to mark affected, `false` to take it back.
    pub affected: bool,
    /// How many of their validators (one stakeholder only).
    #[ts(optional)]
    pub validators: Option<u32>,
    /// When it happened (RFC 3339); defaults to now.
    #[ts(optional)]
    pub at: Option<String>,
}

/// Marks or unmarks the stakeholders `input` names as affected by incident
/// `key`, with a timeline entry.
pub fn set_affected(
    store: &mut Store,
    clock: &dyn Clock,
    key: IncidentKey,
    input: &AffectedInput,
) -> Result<IncidentDetail> {
    let now = clock.now();
    let at = happened_at("at", input.at.as_deref(), now)?;
    store.write(|tx| {
        let incident = tx.incident(key)?;
        incident.check_not_before_declared(at, "nobody can be affected before that")?;
        mark(tx, key, input, at, now)
    })?;
    store.incident(key)
}

/// Marks or unmarks inside a write transaction (also used by declare).
pub(crate) fn mark(
    tx: &Tx<'_>,
    key: IncidentKey,
    input: &AffectedInput,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    let targets = targets(tx, &input.target)?;
    if input.validators.is_some() && (targets.len() != 1 || !input.affected) {
        return Err(InvalidInput::new(
            "validators",
            "give a validator count when marking one stakeholder affected, not a group",
        )
        .into());
    }
    let mut changed = Vec::new();
    for s in &targets {
        let was = tx.is_affected(key, s.id)?;
        if input.affected {
            tx.set_affected(key, s.id, input.validators, at)?;
            if !was || input.validators.is_some() {
                changed.push(s.name.clone());
            }
        } else if was {
            tx.unset_affected(key, s.id)?;
            changed.push(s.name.clone());
        }
    }
    if changed.is_empty() {
        let state = if input.affected { "already" } else { "not" };
        return Err(InvalidInput::new(
            "target",
            format!("{} {state} affected by {key}", input.target.trim()),
        )
        .into());
    }
    let text = match (input.affected, input.validators) {
        (true, Some(n)) => format!("affected: {} ({n} validators)", changed.join(", ")),
        (true, None) => format!("affected: {}", changed.join(", ")),
        (false, _) => format!("no longer affected: {}", changed.join(", ")),
    };
    tx.append(key, &NewEntry::comms(at, now, text)).map(drop)
}

/// The active stakeholders a name or a group's name stands for.
fn targets(tx: &Tx<'_>, target: &str) -> Result<Vec<Stakeholder>> {
    if target.trim().is_empty() {
        return Err(InvalidInput::new("target", "name a stakeholder or a group").into());
    }
    let Ok(group) = target.parse::<Group>() else {
        return Ok(vec![tx.active_stakeholder(target)?]);
    };
    let members: Vec<Stakeholder> = tx
        .all_stakeholders()?
        .into_iter()
        .filter(|s| s.group == group && s.retired_at.is_none())
        .collect();
    if members.is_empty() {
        return Err(InvalidInput::new(
            "target",
            format!("{group} has no active stakeholders; add one to the directory first"),
        )
        .into());
    }
    Ok(members)
}

/// The affected stakeholders' validators, summed over those that gave a count.
pub fn validators(affected: &[Affected]) -> Option<u32> {
    affected
        .iter()
        .filter_map(|a| a.validators)
        .reduce(|a, b| a.saturating_add(b))
}
