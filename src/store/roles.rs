//! Queries over who holds which role in an incident: the newest tenure of each.

use super::{Tx, record};
use crate::error::Result;
use crate::incident::IncidentKey;
use crate::role::{Role, RoleHolder};

impl Tx<'_> {
    /// Who holds `role` in incident `key` now.
    pub(crate) fn role_holder(&self, key: IncidentKey, role: Role) -> Result<Option<RoleHolder>> {
        let tenures = record::role_tenures(self.conn(), key)?;
        Ok(crate::record::holders(&tenures)
            .into_iter()
            .find(|h| h.role == role))
    }
}
