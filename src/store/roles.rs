//! Queries over who holds which role in an incident.

use rusqlite::{Connection, OptionalExtension, params};

use super::Tx;
use crate::error::Result;
use crate::incident::IncidentKey;
use crate::role::{Role, RoleHolder};

/// Who holds each role of incident `key`, the commander first.
pub(super) fn holders(conn: &Connection, key: IncidentKey) -> Result<Vec<RoleHolder>> {
    let mut holders = conn
        .prepare_cached("SELECT role, person, since FROM incident_roles WHERE incident_id = ?1")?
        .query_map([key.row_id()], |row| {
            Ok(RoleHolder {
                role: row.get(0)?,
                person: row.get(1)?,
                since: row.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    holders.sort_by_key(|h| Role::ALL.iter().position(|r| *r == h.role));
    Ok(holders)
}

impl Tx<'_> {
    /// Who holds `role` in incident `key` now.
    pub(crate) fn role_holder(&self, key: IncidentKey, role: Role) -> Result<Option<RoleHolder>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT person, since FROM incident_roles WHERE incident_id = ?1 AND role = ?2",
            )?
            .query_row(params![key.row_id(), role], |row| {
                Ok(RoleHolder {
                    role,
                    person: row.get(0)?,
                    since: row.get(1)?,
                })
            })
            .optional()?)
    }

    /// Gives a role to a person, replacing whoever held it.
    pub(crate) fn set_role_holder(&self, key: IncidentKey, holder: &RoleHolder) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO incident_roles (incident_id, role, person, since) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (incident_id, role) DO UPDATE SET person = excluded.person, since = excluded.since",
            )?
            .execute(params![key.row_id(), holder.role, holder.person, holder.since])?;
        Ok(())
    }
}
