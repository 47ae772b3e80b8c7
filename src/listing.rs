//! Which incidents to list — the rail, `sitrep list`, a search — a page at
//! a time, so that reading them costs what is shown, not the whole history.
//! The store serves each query with one indexed statement.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::parse_time;
use crate::comms::{ObligationKind, Urgency};
use crate::error::{InvalidInput, Result};
use crate::incident::{IncidentKey, IncidentSummary, Severity};
use crate::month::Month;
use crate::store::Store;

/// Which part of the history a query reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Incidents not closed yet, most severe first, then newest.
    Open,
    /// Closed incidents, newest first.
    Closed,
    /// Every incident, newest first.
    #[default]
    All,
}

/// What to list: a part of the history, narrowed by filters, one page. As
/// typed in the window or on the command line; [`IncidentQuery::check`]
/// checks each field.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
#[serde(default)]
pub struct IncidentQuery {
    pub part: Part,
    /// Words of the title (each matching the start of a word), or a key ("INC-12").
    #[ts(optional)]
    pub text: Option<String>,
    /// 1..4.
    #[ts(optional)]
    pub severity: Option<i64>,
    /// The response plan's kind it was declared with.
    #[ts(optional)]
    pub kind: Option<String>,
    /// Declared in this UTC month, `YYYY-MM`.
    #[ts(optional)]
    pub month: Option<String>,
    /// Drills only (`true`) or real incidents only (`false`).
    #[ts(optional)]
    pub drill: Option<bool>,
    /// Declared at or after this time (RFC 3339).
    #[ts(optional)]
    pub since: Option<String>,
    /// The next page: the key of the last incident of the page before.
    #[ts(optional)]
    pub after: Option<String>,
    /// At most this many (at least one); every one that matches if not given.
    #[ts(optional)]
    pub limit: Option<u32>,
}

/// A query checked: its month parsed, its text made a title match or a key.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub part: Part,
    pub search: Option<Search>,
    pub severity: Option<Severity>,
    pub kind: Option<String>,
    pub month: Option<Month>,
    pub drill: Option<bool>,
    pub since: Option<DateTime<Utc>>,
    pub after: Option<IncidentKey>,
    pub limit: Option<u32>,
}

/// What the search text asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    /// One incident, by its key.
    Key(IncidentKey),
    /// Titles with every word, as an FTS5 expression (each word a quoted prefix).
    Title(String),
}

impl IncidentQuery {
    /// Checks the query: a bad month or an empty search is refused in words.
    pub fn check(&self) -> Result<Checked> {
        let search = match self.text.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(match text.parse::<IncidentKey>() {
                Ok(key) => Search::Key(key),
                Err(_) => Search::Title(title_match(text).ok_or_else(|| {
                    InvalidInput::new("text", "search for words of a title, or a key like INC-12")
                })?),
            }),
        };
        Ok(Checked {
            part: self.part,
            search,
            severity: self.severity.map(Severity::new).transpose()?,
            kind: self.kind.clone().filter(|k| !k.trim().is_empty()),
            month: self.month.as_deref().map(str::parse).transpose()?,
            drill: self.drill,
            since: self
                .since
                .as_deref()
                .map(|t| parse_time("since", t))
                .transpose()?,
            after: self.after.as_deref().map(str::parse).transpose()?,
            limit: self.limit.map(|n| n.max(1)),
        })
    }
}

/// The FTS5 expression matching titles that hold every word of `text`, each
/// as the start of a word; `None` when `text` has no word in it.
pub fn title_match(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The open incidents (most severe first) and then, unless `open_only`,
/// the newest closed ones: `sitrep list`. `since` (RFC 3339) and `limit`
/// narrow both.
pub fn open_then_newest(
    store: &Store,
    now: DateTime<Utc>,
    open_only: bool,
    since: Option<String>,
    limit: Option<u32>,
) -> Result<Vec<IncidentSummary>> {
    let query = |part| IncidentQuery {
        part,
        since: since.clone(),
        limit,
        ..IncidentQuery::default()
    };
    let mut listed = store.incident_page(&query(Part::Open), now)?;
    let room = limit.map(|n| n.saturating_sub(listed.len() as u32));
    if !open_only && room != Some(0) {
        let closed = IncidentQuery {
            limit: room,
            ..query(Part::Closed)
        };
        listed.extend(store.incident_page(&closed, now)?);
    }
    Ok(listed)
}

/// An incident's soonest open notice (the postmortem aside): what the rail
/// counts down to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct NextDue {
    #[ts(type = "string")]
    pub due_at: DateTime<Utc>,
    pub kind: ObligationKind,
    /// How pressing it was when listed.
    pub urgency: Urgency,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_of_a_search_is_a_quoted_prefix_and_punctuation_is_dropped() {
        assert_eq!(
            title_match("Lighthouse eu-west").as_deref(),
            Some("\"Lighthouse\"* \"eu\"* \"west\"*")
        );
        // FTS5 operators are searched as words, never run.
        assert_eq!(title_match("\"*) OR (").as_deref(), Some("\"OR\"*"));
        assert_eq!(title_match(" -- "), None);
    }

    #[test]
    fn a_key_is_searched_as_a_key_and_a_bad_month_is_refused() {
        let query = |text: &str| IncidentQuery {
            text: Some(text.to_owned()),
            ..IncidentQuery::default()
        };
        assert_eq!(
            query("INC-12").check().unwrap().search,
            Some(Search::Key("INC-12".parse().unwrap()))
        );
        assert_eq!(query("  ").check().unwrap().search, None);
        assert!(query("--").check().is_err());
        let bad_month = IncidentQuery {
            month: Some("2026-13".to_owned()),
            ..IncidentQuery::default()
        };
        assert!(bad_month.check().is_err());
    }

    #[test]
    fn a_page_holds_at_least_one_and_without_a_limit_every_match() {
        let limit = |n| {
            IncidentQuery {
                limit: n,
                ..IncidentQuery::default()
            }
            .check()
            .unwrap()
            .limit
        };
        assert_eq!(
            (limit(Some(0)), limit(Some(20)), limit(None)),
            (Some(1), Some(20), None)
        );
    }
}
