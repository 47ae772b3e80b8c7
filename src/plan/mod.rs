//! Response plans: a library of checklists, one per kind of incident, whose
//! first steps stop the bleeding. Declaring an incident of a kind copies its
//! plan onto the incident; ticking a step is a timeline entry. The library
//! lives in the database and travels as TOML.

mod toml_format;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::{Clock, happened_at};
use crate::error::{InvalidInput, Result};
use crate::incident::{IncidentDetail, IncidentKey};
use crate::store::Store;
use crate::timeline::{EntryKind, NewEntry};

pub use toml_format::{from_toml, to_toml};

/// The plans a new database starts with.
pub(crate) const DEFAULT_PLANS: &str = include_str!("default_plans.toml");

/// The longest plan name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// The longest step, in characters.
pub const MAX_STEP_CHARS: usize = 500;
/// The most steps a plan may have: a checklist, not a runbook.
pub const MAX_STEPS: usize = 50;

/// One step of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanStep {
    pub text: String,
    /// A step that limits the damage, to do before looking for the cause.
    #[serde(default)]
    pub stop_the_bleeding: bool,
}

/// A response plan for one kind of incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Plan {
    /// The incident kind it answers, e.g. `validator-client-down`.
    pub kind: String,
    pub name: String,
    pub steps: Vec<PlanStep>,
}

impl Plan {
    /// Checks a plan before it is stored: a kind made of lowercase letters,
    /// digits and dashes, a name, and 1–[`MAX_STEPS`] non-empty steps.
    /// Returns the plan trimmed.
    pub fn checked(&self) -> Result<Plan, InvalidInput> {
        let kind = self.kind.trim();
        let kind_ok = !kind.is_empty()
            && kind.len() <= 40
            && kind
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !kind_ok {
            return Err(InvalidInput::new(
                "kind",
                format!(
                    "a plan's kind is up to 40 lowercase letters, digits and dashes, \
                     such as validator-client-down; got {kind:?}"
                ),
            ));
        }
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            return Err(InvalidInput::new(
                "name",
                format!("plan {kind} needs a name of 1–{MAX_NAME_CHARS} characters"),
            ));
        }
        if self.steps.is_empty() || self.steps.len() > MAX_STEPS {
            return Err(InvalidInput::new(
                "steps",
                format!(
                    "plan {kind} needs 1–{MAX_STEPS} steps, has {}",
                    self.steps.len()
                ),
            ));
        }
        let mut steps = Vec::with_capacity(self.steps.len());
        for (n, step) in self.steps.iter().enumerate() {
            let text = step.text.trim();
            if text.is_empty() || text.chars().count() > MAX_STEP_CHARS {
                return Err(InvalidInput::new(
                    "steps",
                    format!(
                        "step {} of plan {kind} must say what to do in 1–{MAX_STEP_CHARS} characters",
                        n + 1
                    ),
                ));
            }
            steps.push(PlanStep {
                text: text.to_owned(),
                stop_the_bleeding: step.stop_the_bleeding,
            });
        }
        Ok(Plan {
            kind: kind.to_owned(),
            name: name.to_owned(),
            steps,
        })
    }
}

/// A plan step as instantiated on one incident.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct IncidentStep {
    /// 1-based position in the checklist.
    pub number: u32,
    pub text: String,
    pub stop_the_bleeding: bool,
    /// When it was ticked, if it was.
    #[ts(type = "string | null")]
    pub done_at: Option<DateTime<Utc>>,
}

/// Adds `plan` to the library, or replaces the plan of the same kind.
/// Incidents already declared keep the steps they were given.
pub fn save(store: &mut Store, plan: &Plan) -> Result<Plan> {
    let plan = plan.checked()?;
    store.write(|tx| tx.save_plan(&plan))?;
    Ok(plan)
}

/// Removes the plan of `kind` from the library. Incidents that followed it
/// keep their steps.
pub fn remove(store: &mut Store, kind: &str) -> Result<()> {
    store.write(|tx| {
        if tx.delete_plan(kind.trim())? {
            Ok(())
        } else {
            Err(InvalidInput::new("kind", format!("there is no plan {kind:?} to remove")).into())
        }
    })
}

/// Adds or replaces every plan in a TOML document, all or nothing; returns
/// the kinds imported.
pub fn import(store: &mut Store, toml_text: &str) -> Result<Vec<String>> {
    let plans = from_toml(toml_text)?
        .iter()
        .map(Plan::checked)
        .collect::<Result<Vec<_>, _>>()?;
    let mut seen = std::collections::HashMap::new();
    for (n, plan) in plans.iter().enumerate() {
        if let Some(first) = seen.insert(plan.kind.to_lowercase(), n + 1) {
            return Err(InvalidInput::new(
                "file",
                format!(
                    "plans {first} and {} are both of kind {:?}; give each kind one plan",
                    n + 1,
                    plan.kind
                ),
            )
            .into());
        }
    }
    store.write(|tx| plans.iter().try_for_each(|plan| tx.save_plan(plan)))?;
    Ok(plans.into_iter().map(|p| p.kind).collect())
}

/// Ticks (`done`) or unticks step `number` of an incident's plan.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct StepInput {
    pub number: u32,
    pub done: bool,
    /// When it was done (RFC 3339); defaults to now.
    #[ts(optional)]
    pub at: Option<String>,
}

/// Ticks or unticks a step of incident `key`'s plan, with a timeline entry.
pub fn mark_step(
    store: &mut Store,
    clock: &dyn Clock,
    key: IncidentKey,
    input: &StepInput,
) -> Result<IncidentDetail> {
    let now = clock.now();
    let at = happened_at("at", input.at.as_deref(), now)?;
    store.write(|tx| {
        tx.incident(key)?;
        let steps = tx.steps(key)?;
        let step = steps
            .iter()
            .find(|s| s.number == input.number)
            .ok_or_else(|| {
                InvalidInput::new(
                    "number",
                    format!(
                        "{key}'s plan has {} steps; there is no step {}",
                        steps.len(),
                        input.number
                    ),
                )
            })?;
        if step.done_at.is_some() == input.done {
            let state = if input.done { "done" } else { "not done" };
            return Err(InvalidInput::new(
                "number",
                format!("step {} is already {state}", step.number),
            )
            .into());
        }
        let (done_at, verb) = if input.done {
            (Some(at), "done")
        } else {
            (None, "reopened")
        };
        tx.set_step_done(key, step.number, done_at)?;
        tx.append(
            key,
            &NewEntry {
                at,
                recorded_at: now,
                kind: EntryKind::Step,
                text: format!("step {} {verb}: {}", step.number, step.text),
            },
        )
    })?;
    store.incident(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(kind: &str, steps: &[&str]) -> Plan {
        Plan {
            kind: kind.into(),
            name: "A plan".into(),
            steps: steps
                .iter()
                .map(|t| PlanStep {
                    text: (*t).into(),
                    stop_the_bleeding: false,
                })
                .collect(),
        }
    }

    #[test]
    fn a_plan_needs_a_slug_kind_and_real_steps() {
        assert!(plan("signer-down-2", &["Stop signing"]).checked().is_ok());
        for bad_kind in ["", "Signer Down", "signer_down", &"x".repeat(41)] {
            let err = plan(bad_kind, &["Stop signing"]).checked().unwrap_err();
            assert_eq!(err.field, "kind", "{bad_kind:?} was accepted");
        }
        assert_eq!(plan("x", &[]).checked().unwrap_err().field, "steps");
        let err = plan("x", &["ok", " "]).checked().unwrap_err();
        assert!(err.message.contains("step 2"), "{}", err.message);
    }

    #[test]
    fn the_default_library_has_every_plan_the_ic_needs_with_stop_the_bleeding_first() {
        let plans = from_toml(DEFAULT_PLANS).unwrap();
        let kinds: Vec<_> = plans.iter().map(|p| p.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "validator-client-down",
                "missed-attestations",
                "slashing-risk",
                "remote-signer-unreachable",
                "cloud-outage",
                "key-manager-failure"
            ]
        );
        for plan in &plans {
            assert_eq!(plan.checked().as_ref(), Ok(plan));
            assert!(
                plan.steps[0].stop_the_bleeding,
                "{} starts elsewhere",
                plan.kind
            );
            let first_other = plan
                .steps
                .iter()
                .position(|s| !s.stop_the_bleeding)
                .unwrap();
            assert!(
                plan.steps[first_other..]
                    .iter()
                    .all(|s| !s.stop_the_bleeding),
                "{}: stop-the-bleeding steps must come first",
                plan.kind
            );
        }
    }
}
