//! Queries over the response-plan library and each incident's copy of its
//! plan's steps.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::{Store, Tx};
use crate::error::{InvalidInput, Result};
use crate::incident::IncidentKey;
use crate::plan::{IncidentStep, Plan, PlanStep};

fn library(conn: &Connection) -> Result<Vec<Plan>> {
    let mut plans = conn
        .prepare_cached("SELECT id, kind, name FROM plans ORDER BY id")?
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                Plan {
                    kind: row.get(1)?,
                    name: row.get(2)?,
                    steps: Vec::new(),
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut steps = conn.prepare_cached(
        "SELECT plan_id, text, stop_the_bleeding FROM plan_steps ORDER BY plan_id, position",
    )?;
    let steps = steps.query_map([], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            PlanStep {
                text: row.get(1)?,
                stop_the_bleeding: row.get(2)?,
            },
        ))
    })?;
    for step in steps {
        let (plan_id, step) = step?;
        if let Some((_, plan)) = plans.iter_mut().find(|(id, _)| *id == plan_id) {
            plan.steps.push(step);
        }
    }
    Ok(plans.into_iter().map(|(_, plan)| plan).collect())
}

/// The steps of incident `key`'s plan, in order.
pub(super) fn steps(conn: &Connection, key: IncidentKey) -> Result<Vec<IncidentStep>> {
    let steps = conn
        .prepare_cached(
            "SELECT position, text, stop_the_bleeding, done_at FROM incident_steps \
             WHERE incident_id = ?1 ORDER BY position",
        )?
        .query_map([key.row_id()], |row| {
            Ok(IncidentStep {
                number: row.get(0)?,
                text: row.get(1)?,
                stop_the_bleeding: row.get(2)?,
                done_at: row.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(steps)
}

impl Store {
    /// The plan library, oldest plan first.
    pub fn plans(&self) -> Result<Vec<Plan>> {
        library(&self.conn)
    }
}

impl Tx<'_> {
    /// The plan for an incident kind, named by its kind or its name (any case).
    pub(crate) fn plan_for_kind(&self, wanted: &str) -> Result<Plan> {
        let wanted = wanted.trim();
        let plans = library(self.conn())?;
        let known = plans
            .iter()
            .map(|p| p.kind.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        plans
            .iter()
            .find(|p| p.kind.eq_ignore_ascii_case(wanted) || p.name.eq_ignore_ascii_case(wanted))
            .cloned()
            .ok_or_else(|| {
                InvalidInput::new(
                    "kind",
                    format!(
                        "there is no response plan for the kind {wanted:?}; known kinds: {known}"
                    ),
                )
                .into()
            })
    }

    /// Adds a checked plan, or replaces the plan of the same kind.
    pub(crate) fn save_plan(&self, plan: &Plan) -> Result<()> {
        let conn = self.conn();
        let id: i64 = conn
            .prepare_cached(
                "INSERT INTO plans (kind, name) VALUES (?1, ?2) \
                 ON CONFLICT (kind) DO UPDATE SET name = excluded.name RETURNING id",
            )?
            .query_row(params![plan.kind, plan.name], |row| row.get(0))?;
        conn.prepare_cached("DELETE FROM plan_steps WHERE plan_id = ?1")?
            .execute([id])?;
        let mut insert = conn.prepare_cached(
            "INSERT INTO plan_steps (plan_id, position, text, stop_the_bleeding) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (n, step) in plan.steps.iter().enumerate() {
            insert.execute(params![id, n as i64 + 1, step.text, step.stop_the_bleeding])?;
        }
        Ok(())
    }

    /// Removes the plan of `kind` from the library; returns whether there was one.
    pub(crate) fn delete_plan(&self, kind: &str) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached("DELETE FROM plans WHERE kind = ?1")?
            .execute([kind])?
            > 0)
    }

    /// Copies `plan`'s steps onto incident `key`.
    pub(crate) fn attach_plan(&self, key: IncidentKey, plan: &Plan) -> Result<()> {
        let mut insert = self.conn().prepare_cached(
            "INSERT INTO incident_steps (incident_id, position, text, stop_the_bleeding) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (n, step) in plan.steps.iter().enumerate() {
            insert.execute(params![
                key.row_id(),
                n as i64 + 1,
                step.text,
                step.stop_the_bleeding
            ])?;
        }
        Ok(())
    }

    /// The steps of incident `key`'s plan.
    pub(crate) fn steps(&self, key: IncidentKey) -> Result<Vec<IncidentStep>> {
        steps(self.conn(), key)
    }

    /// Ticks (`Some(when)`) or unticks (`None`) step `number` of incident `key`.
    pub(crate) fn set_step_done(
        &self,
        key: IncidentKey,
        number: u32,
        done_at: Option<DateTime<Utc>>,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "UPDATE incident_steps SET done_at = ?3 WHERE incident_id = ?1 AND position = ?2",
            )?
            .execute(params![key.row_id(), number, done_at])?;
        Ok(())
    }
}
