//! Numbered schema migrations, applied in order when a database is opened.
//! `PRAGMA user_version` records how many have run. Never edit a released
//! migration: add the next file instead.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::Tx;
use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
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
];

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

/// Brings the schema up to date in one transaction, or refuses a database
/// written by a newer Sitrep.
pub(super) fn apply(conn: &mut Connection) -> Result<()> {
    let known = MIGRATIONS.len() as i64;
    let tx: Transaction<'_> = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > known {
        return Err(Error::SchemaTooNew { found, known });
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
