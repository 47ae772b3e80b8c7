//! Numbered schema migrations, applied in order when a database is opened.
//! `PRAGMA user_version` records how many have run. Never edit a released
//! migration: add the next file instead.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::Tx;
use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::incident::{IncidentKey, Severity, Status};
use crate::record::{Milestone, MilestoneCorrection};
use crate::role::Role;
use crate::timeline::EntryKind;
use crate::{plan, policy, stakeholder};

/// One schema step: its SQL, then data it seeds, if any.
struct Migration {
    sql: &'static str,
    seed: Option<fn(&Tx<'_>) -> Result<()>>,
}

/// The migrations, in order; the schema version is the number applied.
const MIGRATIONS: &[Migration] = &[
    Migration {
        sql: include_str!("migrations/001_incidents.sql"),
        seed: None,
    },
    Migration {
        sql: include_str!("migrations/002_lifecycle.sql"),
        seed: Some(seed_plans),
    },
    Migration {
        sql: include_str!("migrations/003_comms.sql"),
        seed: Some(seed_comms),
    },
    Migration {
        sql: include_str!("migrations/004_reminders.sql"),
        seed: None,
    },
    Migration {
        sql: include_str!("migrations/005_cadence_overrides.sql"),
        seed: None,
    },
    Migration {
        sql: include_str!("migrations/006_record.sql"),
        seed: Some(backfill_record),
    },
    Migration {
        sql: include_str!("migrations/007_feedback.sql"),
        seed: None,
    },
    Migration {
        sql: include_str!("migrations/008_sla_targets.sql"),
        seed: None,
    },
    Migration {
        sql: include_str!("migrations/009_postmortems.sql"),
        seed: Some(seed_templates),
    },
    Migration {
        sql: include_str!("migrations/010_listing.sql"),
        seed: None,
    },
    Migration {
        sql: include_str!("migrations/011_drafts.sql"),
        seed: None,
    },
];

/// The three postmortem templates Sitrep ships with.
fn seed_templates(tx: &Tx<'_>) -> Result<()> {
    crate::postmortem::template::BUILTIN
        .iter()
        .try_for_each(|(name, body)| tx.save_template(name, body, true))
}

/// Derives the rows of the record for incidents recorded before it existed,
/// from the words their timelines kept: status and severity changes, role
/// tenures and milestone corrections. What cannot be read is left out,
/// never guessed; the timeline keeps the text either way.
fn backfill_record(tx: &Tx<'_>) -> Result<()> {
    let entries = tx
        .conn()
        .prepare(
            "SELECT incident_id, at, recorded_at, kind, text FROM timeline_entries \
             WHERE kind IN ('status', 'severity', 'role', 'milestone') ORDER BY incident_id, at, id",
        )?
        .query_map([], |row| {
            Ok((
                IncidentKey::from_row_id(row.get(0)?),
                row.get::<_, DateTime<Utc>>(1)?,
                row.get::<_, DateTime<Utc>>(2)?,
                row.get::<_, EntryKind>(3)?,
                row.get::<_, String>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (key, at, recorded_at, kind, text) in entries {
        match kind {
            EntryKind::Status => {
                let moved = text.split_once(" → ").and_then(|(from, rest)| {
                    let to = rest.split_once(':').map_or(rest, |(to, _)| to);
                    Some((from.parse::<Status>().ok()?, to.parse::<Status>().ok()?))
                });
                if let Some((from, to)) = moved {
                    tx.insert_status_change(key, at, from, to)?;
                }
            }
            EntryKind::Severity => {
                let level = |s: &str| s.trim().strip_prefix("SEV")?.parse::<i64>().ok();
                let changed = text.split_once(" → ").and_then(|(from, to)| {
                    Some((
                        Severity::new(level(from)?).ok()?,
                        Severity::new(level(to)?).ok()?,
                    ))
                });
                if let Some((from, to)) = changed {
                    tx.insert_severity_change(key, at, from, to)?;
                }
            }
            EntryKind::Role => {
                let assigned = match text.split_once(" handed over from ") {
                    Some((role, rest)) => rest.rsplit_once(" to ").map(|(_, to)| (role, to)),
                    None => text
                        .rsplit_once(" is ")
                        .map(|(person, role)| (role, person)),
                };
                if let Some((role, person)) =
                    assigned.and_then(|(r, p)| Some((r.parse::<Role>().ok()?, p)))
                {
                    tx.start_tenure(key, role, person, at)?;
                }
            }
            EntryKind::Milestone => {
                let corrected = text.split_once(" corrected: ").and_then(|(label, times)| {
                    let milestone = Milestone::ALL.into_iter().find(|m| m.label() == label)?;
                    let (old, new) = times.split_once(" → ")?;
                    let time = |t: &str| t.parse::<DateTime<Utc>>().ok();
                    Some(MilestoneCorrection {
                        milestone,
                        old_at: time(old),
                        new_at: time(new),
                        recorded_at,
                        by: None,
                    })
                });
                if let Some(c) = corrected {
                    tx.insert_correction(key, &c)?;
                }
            }
            _ => {}
        }
    }
    tx.conn().execute_batch(
        "INSERT INTO role_tenures (incident_id, role, person, started_at) \
             SELECT r.incident_id, r.role, r.person, r.since FROM incident_roles r \
             WHERE r.person IS NOT (SELECT t.person FROM role_tenures t WHERE t.incident_id = r.incident_id \
                 AND t.role = r.role ORDER BY t.started_at DESC, t.id DESC LIMIT 1); \
         UPDATE role_tenures SET ended_at = (SELECT max(closed_at, role_tenures.started_at) FROM incidents i \
             WHERE i.id = role_tenures.incident_id) \
             WHERE ended_at IS NULL AND (SELECT closed_at FROM incidents i WHERE i.id = role_tenures.incident_id) IS NOT NULL; \
         DROP TABLE incident_roles;",
    )?;
    Ok(())
}

/// The design's default policies and one example stakeholder per group,
/// marked as examples. Stamped with the wall clock: opening a store takes no
/// clock, and the seeding time is only shown as when a channel was added.
fn seed_comms(tx: &Tx<'_>) -> Result<()> {
    for cadence in policy::default_cadences() {
        tx.save_cadence(&cadence)?;
    }
    for group_policy in policy::default_group_policies() {
        tx.save_group_policy(&group_policy)?;
    }
    let now = SystemClock.now();
    for example in stakeholder::examples() {
        tx.insert_stakeholder(&example, true, now)?;
    }
    Ok(())
}

/// The response plans a new database starts with.
fn seed_plans(tx: &Tx<'_>) -> Result<()> {
    plan::from_toml(plan::DEFAULT_PLANS)?
        .iter()
        .try_for_each(|p| tx.save_plan(p))
}

/// The schema version of the open database, read without writing; a
/// database written by a newer Sitrep is refused before anything touches
/// it, and a file that is not a database fails here too.
pub(super) fn check_version(conn: &Connection) -> Result<i64> {
    let known = MIGRATIONS.len() as i64;
    let found: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > known {
        return Err(Error::SchemaTooNew { found, known });
    }
    Ok(found)
}

/// Whether the schema is the one this Sitrep writes: nothing to migrate.
pub(super) fn is_current(version: i64) -> bool {
    version == MIGRATIONS.len() as i64
}

/// Brings the schema up to date in one transaction, or refuses a database
/// written by a newer Sitrep.
pub(super) fn apply(conn: &mut Connection) -> Result<()> {
    let known = MIGRATIONS.len() as i64;
    // Up to date is the common case, and it writes nothing.
    if check_version(conn)? == known {
        return Ok(());
    }
    let tx: Transaction<'_> = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have migrated it while this one waited for the lock.
    let found: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found == known {
        return Ok(());
    }
    let tx = Tx(tx);
    for migration in &MIGRATIONS[found as usize..] {
        tx.conn().execute_batch(migration.sql)?;
        if let Some(seed) = migration.seed {
            seed(&tx)?;
        }
    }
    tx.conn().pragma_update(None, "user_version", known)?;
    tx.0.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_changes_nothing() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn).unwrap();
        apply(&mut conn).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
    }

    #[test]
    fn a_database_from_a_newer_sitrep_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        let err = apply(&mut conn).unwrap_err();
        assert!(
            matches!(err, Error::SchemaTooNew { found: 99, .. }),
            "{err}"
        );
    }
}
