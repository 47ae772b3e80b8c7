//! How domain values are written to and read from SQL columns. A row that
//! does not parse is reported as a database error, never a panic.

use chrono::{DateTime, NaiveDate, Utc};
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

/// A UTC time read from a column. Sitrep writes every time in one layout
/// (`2026-03-01 00:00:20.5+00:00`, as rusqlite formats it); that layout is
/// read by hand, because chrono's format-string parser made reading a
/// 5,000-entry timeline cost 10 ms. Anything else is read as rusqlite would.
pub(super) struct StoredTime(pub DateTime<Utc>);

impl FromSql for StoredTime {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        if let ValueRef::Text(bytes) = value {
            if let Some(t) = parse_stored(bytes) {
                return Ok(StoredTime(t));
            }
        }
        DateTime::<Utc>::column_result(value).map(StoredTime)
    }
}

/// Reads `YYYY-MM-DD HH:MM:SS[.fraction]+00:00` (or with `T`, or `Z`).
fn parse_stored(b: &[u8]) -> Option<DateTime<Utc>> {
    let digits = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?.iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if b.len() < 20 || separators.iter().any(|(i, c)| b[*i] != *c) || !matches!(b[10], b' ' | b'T')
    {
        return None;
    }
    let mut i = 19;
    let mut nanos = 0;
    if b[i] == b'.' {
        let start = i + 1;
        let end = start + b[start..].iter().take_while(|d| d.is_ascii_digit()).count();
        if end == start || end - start > 9 {
            return None;
        }
        nanos = digits(start, end)? * 10u32.pow(9 - (end - start) as u32);
        i = end;
    }
    if !matches!(&b[i..], b"+00:00" | b"Z") {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(0, 4)? as i32, digits(5, 7)?, digits(8, 10)?)?
        .and_hms_nano_opt(digits(11, 13)?, digits(14, 16)?, digits(17, 19)?, nanos)
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_times_read_back_as_written() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for text in [
            "2026-03-01T00:00:20Z",
            "2026-03-01T00:00:20.5Z",
            "2026-12-31T23:59:59.123456789Z",
            "2024-02-29T12:00:00.000001Z",
        ] {
            let t: DateTime<Utc> = text.parse().unwrap();
            let read: StoredTime = conn.query_row("SELECT ?1", [t], |row| row.get(0)).unwrap();
            assert_eq!(read.0, t, "{text}");
        }
        // Other layouts still read, as rusqlite reads them.
        let other: StoredTime = conn
            .query_row("SELECT '2026-03-01 01:00:20+01:00'", [], |row| row.get(0))
            .unwrap();
        assert_eq!(
            other.0,
            "2026-03-01T00:00:20Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert!(parse_stored(b"2026-02-30 00:00:00+00:00").is_none());
        assert!(parse_stored(b"2026-03-01 00:00:00+01:00").is_none());
    }
}
