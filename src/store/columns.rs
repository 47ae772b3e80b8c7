//! How domain values are written to and read from SQL columns. A row that
//! does not parse is reported as a database error, never a panic.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::comms::{ObligationKind, Outcome};
use crate::incident::{Severity, Status};
use crate::policy::Membership;
use crate::postmortem::PostmortemStatus;
use crate::record::Milestone;
use crate::role::Role;
use crate::stakeholder::{ChannelKind, Group};
use crate::timeline::EntryKind;

/// Stores an enum as its word, and reads the word back.
macro_rules! word_column {
    ($($ty:ty),*) => {$(
        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value
                    .as_str()?
                    .parse()
                    .map_err(|e| FromSqlError::Other(format!("{e}").into()))
            }
        }
    )*};
}

word_column!(
    Status,
    Role,
    EntryKind,
    Group,
    ChannelKind,
    ObligationKind,
    Outcome,
    Membership,
    Milestone,
    PostmortemStatus
);

impl ToSql for Severity {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(i64::from(self.level()).into())
    }
}

impl FromSql for Severity {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Severity::new(value.as_i64()?).map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}
