//! Queries over the stakeholder directory, its channels and the policies.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use rusqlite::{Connection, OptionalExtension, Row, ToSql, params};

use super::{Store, Tx};
use crate::error::{InvalidInput, Result};
use crate::incident::Severity;
use crate::month::Month;
use crate::policy::{
    self, Cadence, CadenceOverride, CadenceScope, GroupPolicy, PolicyOverride, Severities,
};
use crate::report;
use crate::stakeholder::{Channel, ChannelKind, Group, NewStakeholder, Stakeholder};
use crate::store::Setting;

const STAKEHOLDER_COLUMNS: &str = "id, name, grp, notes, sla_target_percent, example, \
     live_override, resolution_override, postmortem_override, retired_at";

fn stakeholder_from_row(row: &Row<'_>) -> rusqlite::Result<Stakeholder> {
    let set = |i| -> rusqlite::Result<Option<Severities>> {
        Ok(row.get::<_, Option<u8>>(i)?.map(Severities::from_bits))
    };
    Ok(Stakeholder {
        id: row.get(0)?,
        name: row.get(1)?,
        group: row.get(2)?,
        notes: row.get(3)?,
        sla_target_percent: row.get(4)?,
        example: row.get(5)?,
        policy: PolicyOverride {
            live_updates: set(6)?,
            resolution: set(7)?,
            postmortem: set(8)?,
        },
        retired_at: row.get(9)?,
        channel: Channel {
            kind: ChannelKind::Other,
            handle: String::new(),
            added_at: DateTime::<Utc>::MIN_UTC,
            retired_at: None,
        },
        retired_channels: Vec::new(),
    })
}

/// Stakeholders with their channels; `only` picks one by id (through the
/// primary key: one query shape for all and one for one, so neither plan
/// scans for the other).
fn load(conn: &Connection, only: Option<i64>) -> Result<Vec<Stakeholder>> {
    let (people_sql, channels_sql) = match only {
        None => (
            format!(
                "SELECT {STAKEHOLDER_COLUMNS} FROM stakeholders ORDER BY retired_at IS NOT NULL, name"
            ),
            "SELECT stakeholder_id, kind, handle, added_at, retired_at FROM channels \
             ORDER BY added_at DESC, id DESC",
        ),
        Some(_) => (
            format!("SELECT {STAKEHOLDER_COLUMNS} FROM stakeholders WHERE id = ?1"),
            "SELECT stakeholder_id, kind, handle, added_at, retired_at FROM channels \
             WHERE stakeholder_id = ?1 ORDER BY added_at DESC, id DESC",
        ),
    };
    let params = rusqlite::params_from_iter(only);
    let mut people = conn
        .prepare_cached(&people_sql)?
        .query_map(params.clone(), stakeholder_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let at: HashMap<i64, usize> = people.iter().enumerate().map(|(n, p)| (p.id, n)).collect();
    let mut channels = conn.prepare_cached(channels_sql)?;
    let channels = channels.query_map(params, |row| {
        Ok((
            row.get::<_, i64>(0)?,
            Channel {
                kind: row.get(1)?,
                handle: row.get(2)?,
                added_at: row.get(3)?,
                retired_at: row.get(4)?,
            },
        ))
    })?;
    for channel in channels {
        let (owner, channel) = channel?;
        if let Some(person) = at.get(&owner).map(|n| &mut people[*n]) {
            if channel.retired_at.is_none() {
                person.channel = channel;
            } else {
                person.retired_channels.push(channel);
            }
        }
    }
    Ok(people)
}

fn unknown(name: &str) -> InvalidInput {
    InvalidInput::new(
        "stakeholder",
        format!("there is no stakeholder named {name:?}; `sitrep stakeholders` lists them"),
    )
}

fn cadence(conn: &Connection, severity: Severity) -> Result<Cadence> {
    Ok(conn
        .prepare_cached(
            "SELECT severity, initial_minutes, update_minutes, resolution_minutes, postmortem_minutes \
             FROM cadences WHERE severity = ?1",
        )?
        .query_row([severity], cadence_from_row)?)
}

/// The cadence stakeholder `id` of `group` gets for `severity`, by
/// [`policy::effective_cadence`] over the stored overrides.
fn cadence_for(conn: &Connection, id: i64, group: Group, severity: Severity) -> Result<Cadence> {
    let base = cadence(conn, severity)?;
    let one = |sql: &str, scope: &dyn ToSql| -> Result<Option<Cadence>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_row(params![severity, scope], cadence_from_row)
            .optional()?)
    };
    let group_own = one(
        "SELECT severity, initial_minutes, update_minutes, resolution_minutes, postmortem_minutes \
         FROM cadence_overrides WHERE severity = ?1 AND grp = ?2",
        &group,
    )?;
    let own = one(
        "SELECT severity, initial_minutes, update_minutes, resolution_minutes, postmortem_minutes \
         FROM cadence_overrides WHERE severity = ?1 AND stakeholder_id = ?2",
        &id,
    )?;
    Ok(policy::effective_cadence(
        base,
        group_own.as_ref(),
        own.as_ref(),
    ))
}

fn cadence_from_row(row: &Row<'_>) -> rusqlite::Result<Cadence> {
    cadence_from_row_at(row, 0)
}

/// A cadence from five columns starting at `first`: severity, then the intervals.
fn cadence_from_row_at(row: &Row<'_>, first: usize) -> rusqlite::Result<Cadence> {
    Ok(Cadence {
        severity: row.get(first)?,
        initial_minutes: row.get(first + 1)?,
        update_minutes: row.get(first + 2)?,
        resolution_minutes: row.get(first + 3)?,
        postmortem_minutes: row.get(first + 4)?,
    })
}

fn group_policies(conn: &Connection) -> Result<Vec<GroupPolicy>> {
    let mut policies = conn
        .prepare_cached(
            "SELECT grp, live_updates, resolution, postmortem, opt_in FROM group_policies",
        )?
        .query_map([], |row| {
            Ok(GroupPolicy {
                group: row.get(0)?,
                live_updates: Severities::from_bits(row.get(1)?),
                resolution: Severities::from_bits(row.get(2)?),
                postmortem: Severities::from_bits(row.get(3)?),
                opt_in: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    policies.sort_by_key(|p| Group::ALL.iter().position(|g| *g == p.group));
    Ok(policies)
}

impl Store {
    /// The cadence for incidents of `severity`.
    pub(crate) fn cadence(&self, severity: Severity) -> Result<Cadence> {
        cadence(&self.conn, severity)
    }

    /// The directory: active stakeholders by name, then retired ones.
    pub fn stakeholders(&self) -> Result<Vec<Stakeholder>> {
        load(&self.conn, None)
    }

    /// One stakeholder by id.
    pub fn stakeholder(&self, id: i64) -> Result<Stakeholder> {
        load(&self.conn, Some(id))?
            .pop()
            .ok_or_else(|| unknown(&format!("#{id}")).into())
    }

    /// The cadence of every severity, SEV1 first.
    pub fn cadences(&self) -> Result<Vec<Cadence>> {
        let cadences = self
            .conn
            .prepare_cached(
                "SELECT severity, initial_minutes, update_minutes, resolution_minutes, postmortem_minutes \
                 FROM cadences ORDER BY severity",
            )?
            .query_map([], cadence_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(cadences)
    }

    /// Every group's policy, in the design's order.
    pub fn group_policies(&self) -> Result<Vec<GroupPolicy>> {
        group_policies(&self.conn)
    }

    /// The SLA target stakeholder `id` had in `month`: the latest set in or
    /// before it; `None` if it never changed (their target is the one they have).
    pub fn sla_target(&self, id: i64, month: Month) -> Result<Option<f64>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT percent FROM sla_targets WHERE stakeholder_id = ?1 AND from_month <= ?2 \
                 ORDER BY from_month DESC LIMIT 1",
            )?
            .query_row(params![id, month.to_string()], |row| row.get(0))
            .optional()?)
    }

    /// Every group's and stakeholder's own cadence, groups first.
    pub fn cadence_overrides(&self) -> Result<Vec<CadenceOverride>> {
        let mut overrides = self
            .conn
            .prepare_cached(
                "SELECT o.grp, s.name, o.severity, o.initial_minutes, o.update_minutes, \
                 o.resolution_minutes, o.postmortem_minutes FROM cadence_overrides o \
                 LEFT JOIN stakeholders s ON s.id = o.stakeholder_id \
                 ORDER BY o.grp IS NULL, s.name, o.severity",
            )?
            .query_map([], |row| {
                let group: Option<Group> = row.get(0)?;
                let scope = match group {
                    Some(g) => CadenceScope::Group(g),
                    None => CadenceScope::Stakeholder(row.get(1)?),
                };
                Ok(CadenceOverride {
                    scope,
                    cadence: cadence_from_row_at(row, 2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let group_order = |o: &CadenceOverride| match &o.scope {
            CadenceScope::Group(g) => Group::ALL.iter().position(|x| x == g),
            CadenceScope::Stakeholder(_) => None,
        };
        overrides.sort_by_key(|o| (group_order(o).is_none(), group_order(o)));
        Ok(overrides)
    }
}

impl Tx<'_> {
    /// The id of the stakeholder named `name` (any case), retired or not.
    pub(crate) fn stakeholder_named(&self, name: &str) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT id FROM stakeholders WHERE name = ?1")?
            .query_row([name.trim()], |row| row.get(0))
            .optional()?)
    }

    /// The stakeholder named `name`, refused if unknown or retired.
    pub(crate) fn active_stakeholder(&self, name: &str) -> Result<Stakeholder> {
        let id = self
            .stakeholder_named(name)?
            .ok_or_else(|| unknown(name.trim()))?;
        let s = load(self.conn(), Some(id))?
            .pop()
            .ok_or_else(|| unknown(name.trim()))?;
        if s.retired_at.is_some() {
            return Err(InvalidInput::new(
                "stakeholder",
                format!(
                    "{} is retired from the directory and gets no more updates",
                    s.name
                ),
            )
            .into());
        }
        Ok(s)
    }

    /// Stakeholder `id`, retired or not, read inside the transaction.
    pub(crate) fn stakeholder(&self, id: i64) -> Result<Option<Stakeholder>> {
        Ok(load(self.conn(), Some(id))?.pop())
    }

    /// Every stakeholder, retired ones included.
    pub(crate) fn all_stakeholders(&self) -> Result<Vec<Stakeholder>> {
        load(self.conn(), None)
    }

    /// Adds a checked stakeholder with its first channel; returns its id.
    pub(crate) fn insert_stakeholder(
        &self,
        s: &NewStakeholder,
        example: bool,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        self.conn()
            .prepare_cached(
                "INSERT INTO stakeholders (name, grp, notes, sla_target_percent, example, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![s.name, s.group, s.notes, s.sla_target_percent, example, now])?;
        let id = self.conn().last_insert_rowid();
        self.add_channel(id, s.channel, &s.handle, now)?;
        Ok(id)
    }

    /// Updates a stakeholder's group, notes and SLA target from an import;
    /// a new target applies from `now`'s month on.
    pub(crate) fn update_stakeholder(
        &self,
        id: i64,
        s: &NewStakeholder,
        now: DateTime<Utc>,
    ) -> Result<()> {
        // The target they had until now stays theirs for every earlier month.
        self.conn()
            .prepare_cached(
                "INSERT OR IGNORE INTO sla_targets (stakeholder_id, from_month, percent) \
                 SELECT id, '0000-00', sla_target_percent FROM stakeholders WHERE id = ?1",
            )?
            .execute([id])?;
        self.conn()
            .prepare_cached(
                "UPDATE stakeholders SET grp = ?2, notes = ?3, sla_target_percent = ?4, example = 0 WHERE id = ?1",
            )?
            .execute(params![id, s.group, s.notes, s.sla_target_percent])?;
        self.conn()
            .prepare_cached(
                "INSERT INTO sla_targets (stakeholder_id, from_month, percent) \
                 SELECT ?1, ?2, ?3 WHERE ?3 IS NOT (SELECT percent FROM sla_targets \
                     WHERE stakeholder_id = ?1 AND from_month <= ?2 ORDER BY from_month DESC LIMIT 1) \
                 ON CONFLICT (stakeholder_id, from_month) DO UPDATE SET percent = excluded.percent",
            )?
            .execute(params![
                id,
                Month::of(now, report::zone(&self.setting(Setting::ReportTimeZone)?)).to_string(),
                s.sla_target_percent
            ])?;
        Ok(())
    }

    fn add_channel(
        &self,
        id: i64,
        kind: ChannelKind,
        handle: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO channels (stakeholder_id, kind, handle, added_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![id, kind, handle, now])?;
        Ok(())
    }

    /// Retires the active channel and adds the new one, together.
    pub(crate) fn replace_channel(
        &self,
        id: i64,
        kind: ChannelKind,
        handle: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.conn()
            .prepare_cached("UPDATE channels SET retired_at = ?2 WHERE stakeholder_id = ?1 AND retired_at IS NULL")?
            .execute(params![id, now])?;
        self.add_channel(id, kind, handle, now)
    }

    /// Marks a stakeholder retired.
    pub(crate) fn retire_stakeholder(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.conn()
            .prepare_cached("UPDATE stakeholders SET retired_at = ?2 WHERE id = ?1")?
            .execute(params![id, now])?;
        Ok(())
    }

    /// Sets (or with `None` clears) a stakeholder's own policy.
    pub(crate) fn set_stakeholder_policy(&self, id: i64, own: &PolicyOverride) -> Result<()> {
        let bits = |s: Option<Severities>| s.map(Severities::bits);
        self.conn()
            .prepare_cached(
                "UPDATE stakeholders SET live_override = ?2, resolution_override = ?3, postmortem_override = ?4 WHERE id = ?1",
            )?
            .execute(params![id, bits(own.live_updates), bits(own.resolution), bits(own.postmortem)])?;
        Ok(())
    }

    /// The cadence for incidents of `severity`.
    pub(crate) fn cadence(&self, severity: Severity) -> Result<Cadence> {
        cadence(self.conn(), severity)
    }

    /// The cadence stakeholder `id` of `group` gets for `severity`, with
    /// their group's and their own overrides.
    pub(crate) fn cadence_for(&self, id: i64, group: Group, severity: Severity) -> Result<Cadence> {
        cadence_for(self.conn(), id, group, severity)
    }

    /// Replaces the override of one group (or one stakeholder) for the
    /// severity of `o`; one that gives no interval is removed.
    pub(crate) fn save_cadence_override(
        &self,
        group: Option<Group>,
        stakeholder: Option<i64>,
        o: &CadenceOverride,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "DELETE FROM cadence_overrides WHERE grp IS ?1 AND stakeholder_id IS ?2 AND severity = ?3",
            )?
            .execute(params![group, stakeholder, o.cadence.severity])?;
        if !o.is_empty() {
            self.conn()
                .prepare_cached(
                    "INSERT INTO cadence_overrides (grp, stakeholder_id, severity, initial_minutes, update_minutes, \
                     resolution_minutes, postmortem_minutes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    group,
                    stakeholder,
                    o.cadence.severity,
                    o.cadence.initial_minutes,
                    o.cadence.update_minutes,
                    o.cadence.resolution_minutes,
                    o.cadence.postmortem_minutes
                ])?;
        }
        Ok(())
    }

    /// Every group's policy.
    pub(crate) fn group_policies(&self) -> Result<Vec<GroupPolicy>> {
        group_policies(self.conn())
    }

    /// Stores a checked cadence.
    pub(crate) fn save_cadence(&self, c: &Cadence) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO cadences (severity, initial_minutes, update_minutes, resolution_minutes, postmortem_minutes) \
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (severity) DO UPDATE SET initial_minutes = excluded.initial_minutes, \
                 update_minutes = excluded.update_minutes, resolution_minutes = excluded.resolution_minutes, \
                 postmortem_minutes = excluded.postmortem_minutes",
            )?
            .execute(params![c.severity, c.initial_minutes, c.update_minutes, c.resolution_minutes, c.postmortem_minutes])?;
        Ok(())
    }

    /// Stores a group's policy.
    pub(crate) fn save_group_policy(&self, p: &GroupPolicy) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO group_policies (grp, live_updates, resolution, postmortem, opt_in) VALUES (?1, ?2, ?3, ?4, ?5) \
                 ON CONFLICT (grp) DO UPDATE SET live_updates = excluded.live_updates, resolution = excluded.resolution, \
                 postmortem = excluded.postmortem, opt_in = excluded.opt_in",
            )?
            .execute(params![p.group, p.live_updates.bits(), p.resolution.bits(), p.postmortem.bits(), p.opt_in])?;
        Ok(())
    }
}
