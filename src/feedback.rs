//! How stakeholders felt they were told: after an incident is resolved the
//! IC records each stakeholder's feedback as it comes — a rating of 1 to 5
//! and a comment — by hand or from a survey's CSV. The monthly report
//! averages it beside the on-time rate.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::{Clock, happened_at};
use crate::error::{Error, ErrorKind, InvalidInput, Result};
use crate::incident::{IncidentDetail, IncidentKey, Status};
use crate::store::{Store, Tx};
use crate::timeline::{NewEntry, NoteText};

/// One stakeholder's feedback on one incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Feedback {
    pub stakeholder: String,
    pub rating: u8,
    pub comment: String,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
}

/// Feedback as typed in the window or given to `sitrep feedback`.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct FeedbackInput {
    pub stakeholder: String,
    /// 1 (poor) to 5 (excellent).
    pub rating: i64,
    pub comment: String,
    /// When it was given (RFC 3339); defaults to now.
    #[ts(optional)]
    pub at: Option<String>,
}

/// A checked rating: 1 to 5.
fn rating(value: i64) -> Result<u8, InvalidInput> {
    u8::try_from(value)
        .ok()
        .filter(|r| (1..=5).contains(r))
        .ok_or_else(|| {
            InvalidInput::new(
                "rating",
                format!("a rating is 1 (poor) to 5 (excellent), got {value}"),
            )
        })
}

/// Records feedback on resolved incident `key`, with a timeline entry.
pub fn record(
    store: &mut Store,
    clock: &dyn Clock,
    key: IncidentKey,
    input: &FeedbackInput,
) -> Result<IncidentDetail> {
    let now = clock.now();
    store.write(|tx| record_in(tx, key, input, now))?;
    store.incident(key)
}

/// Checks and records one piece of feedback inside a write transaction.
fn record_in(
    tx: &Tx<'_>,
    key: IncidentKey,
    input: &FeedbackInput,
    now: DateTime<Utc>,
) -> Result<()> {
    let rating = rating(input.rating)?;
    let comment = match input.comment.trim() {
        "" => String::new(),
        text => NoteText::parse("comment", text)?.as_str().to_owned(),
    };
    let at = happened_at("at", input.at.as_deref(), now)?;
    let incident = tx.incident(key)?;
    let Some(resolved_at) = incident
        .resolved_at
        .filter(|_| matches!(incident.status, Status::Resolved | Status::Closed))
    else {
        return Err(InvalidInput::new(
            "incident",
            format!(
                "{key} is {}; feedback on how it was communicated comes once it is resolved",
                incident.status
            ),
        )
        .into());
    };
    if at < resolved_at {
        return Err(InvalidInput::new(
            "at",
            format!(
                "{key} was resolved at {}; feedback on it cannot come before that",
                resolved_at.to_rfc3339()
            ),
        )
        .into());
    }
    let s = tx.active_stakeholder(&input.stakeholder)?;
    if !tx.is_on_incident(key, s.id)? {
        return Err(InvalidInput::new(
            "stakeholder",
            format!(
                "{} was not on {key}; only those told about it can rate how",
                s.name
            ),
        )
        .into());
    }
    tx.insert_feedback(key, s.id, rating, &comment, at, now)?;
    let said = if comment.is_empty() {
        String::new()
    } else {
        format!(": {comment}")
    };
    tx.append(
        key,
        &NewEntry::comms(
            at,
            now,
            format!("feedback from {}: {rating}/5{said}", s.name),
        ),
    )
    .map(drop)
}

/// One row of a survey's CSV: `incident,stakeholder,rating,comment,at`.
#[derive(Debug, Deserialize)]
struct Row {
    incident: String,
    stakeholder: String,
    rating: i64,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    at: Option<String>,
}

/// Imports survey results from CSV (header `incident,stakeholder,rating,comment,at`),
/// all or nothing: a row that does not parse or is refused names its line
/// and nothing is written. Returns how many were recorded.
pub fn import_csv(store: &mut Store, clock: &dyn Clock, text: &str) -> Result<usize> {
    let now = clock.now();
    let rows = csv::Reader::from_reader(text.as_bytes())
        .deserialize::<Row>()
        .enumerate()
        .map(|(n, r)| {
            r.map_err(|e| {
                Error::from(InvalidInput::new(
                    "file",
                    format!("line {} of the CSV: {e}", n + 2),
                ))
            })
        })
        .collect::<Result<Vec<_>>>()?;
    store.write(|tx| {
        for (n, row) in rows.iter().enumerate() {
            let input = FeedbackInput {
                stakeholder: row.stakeholder.clone(),
                rating: row.rating,
                comment: row.comment.clone(),
                at: row.at.clone().filter(|t| !t.trim().is_empty()),
            };
            // Whatever refuses the row is said with its line.
            let line = |e: Error| match e.kind() {
                ErrorKind::BadInput => Error::from(InvalidInput::new(
                    "file",
                    format!("line {} of the CSV: {e}", n + 2),
                )),
                _ => e,
            };
            let key: IncidentKey = row
                .incident
                .parse()
                .map_err(|e: InvalidInput| line(e.into()))?;
            record_in(tx, key, &input, now).map_err(line)?;
        }
        Ok(rows.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rating_is_one_to_five() {
        assert_eq!(rating(1).unwrap(), 1);
        assert_eq!(rating(5).unwrap(), 5);
        for bad in [0, 6, -1, 300] {
            assert!(rating(bad).unwrap_err().message.contains(&bad.to_string()));
        }
    }
}
