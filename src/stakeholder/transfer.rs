//! The directory in and out as CSV (for spreadsheets) and JSON: columns
//! `name, group, channel, handle, notes, sla_target_percent`. An import is
//! all or nothing; a name already in the directory is updated, and a new
//! channel retires the old one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Stakeholder, StakeholderInput};
use crate::clock::Clock;
use crate::error::{InvalidInput, Result};
use crate::store::Store;
use crate::text::{csv_cell, csv_uncell};

/// A file format for the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    /// The format a file name's extension names (`.csv` or `.json`).
    pub fn of_path(path: &std::path::Path) -> Result<Format, InvalidInput> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => Ok(Format::Csv),
            Some("json") => Ok(Format::Json),
            _ => Err(InvalidInput::new(
                "file",
                format!("{} is neither .csv nor .json", path.display()),
            )),
        }
    }
}

impl StakeholderInput {
    /// The row with `f` applied to each of its texts (for CSV cells).
    fn map_text(&self, f: impl Fn(&str) -> String) -> StakeholderInput {
        StakeholderInput {
            name: f(&self.name),
            group: f(&self.group),
            channel: f(&self.channel),
            handle: f(&self.handle),
            notes: f(&self.notes),
            sla_target_percent: self.sla_target_percent,
            at: self.at.clone(),
        }
    }
}

fn row(s: &Stakeholder) -> StakeholderInput {
    StakeholderInput {
        name: s.name.clone(),
        group: s.group.label().to_owned(),
        channel: s.channel.kind.as_str().to_owned(),
        handle: s.channel.handle.clone(),
        notes: s.notes.clone(),
        sla_target_percent: Some(s.sla_target_percent),
        at: None,
    }
}

/// The active stakeholders in `format`.
pub fn export(stakeholders: &[Stakeholder], format: Format) -> String {
    let rows: Vec<StakeholderInput> = stakeholders
        .iter()
        .filter(|s| s.retired_at.is_none())
        .map(row)
        .collect();
    match format {
        // Plain strings and numbers always serialise.
        Format::Json => serde_json::to_string_pretty(&rows).unwrap_or_default(),
        Format::Csv => {
            let mut out = csv::Writer::from_writer(Vec::new());
            for r in &rows {
                let _ = out.serialize(r.map_text(|t| csv_cell(t).into_owned()));
            }
            String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
        }
    }
}

/// Reads rows from `text` in `format`, saying which row is malformed.
pub fn parse(text: &str, format: Format) -> Result<Vec<StakeholderInput>, InvalidInput> {
    let bad = |what: String| InvalidInput::new("file", what);
    let rows: Vec<StakeholderInput> = match format {
        Format::Json => serde_json::from_str(text)
            .map_err(|e| bad(format!("the JSON is not a list of stakeholders: {e}")))?,
        Format::Csv => csv::Reader::from_reader(text.as_bytes())
            .deserialize()
            .enumerate()
            .map(|(n, r): (usize, csv::Result<StakeholderInput>)| {
                r.map(|r| r.map_text(|t| csv_uncell(t).to_owned()))
                    .map_err(|e| bad(format!("row {} of the CSV: {e}", n + 2)))
            })
            .collect::<Result<_, _>>()?,
    };
    for (n, r) in rows.iter().enumerate() {
        r.check().map_err(|e| {
            bad(format!(
                "stakeholder {} ({:?}): {}",
                n + 1,
                r.name,
                e.message
            ))
        })?;
    }
    if rows.is_empty() {
        return Err(bad("the file lists no stakeholders".into()));
    }
    let mut seen = std::collections::HashMap::new();
    for (n, r) in rows.iter().enumerate() {
        if let Some(first) = seen.insert(r.name.trim().to_lowercase(), n + 1) {
            return Err(bad(format!(
                "stakeholders {first} and {} are both named {:?}; a name says who, once",
                n + 1,
                r.name.trim()
            )));
        }
    }
    Ok(rows)
}

/// Adds or updates every stakeholder in the file, all or nothing; returns
/// how many were added and how many updated.
pub fn import(
    store: &mut Store,
    clock: &dyn Clock,
    text: &str,
    format: Format,
) -> Result<(usize, usize)> {
    let rows = parse(text, format)?;
    let now: DateTime<Utc> = clock.now();
    store.write(|tx| {
        let (mut added, mut updated) = (0, 0);
        for r in &rows {
            let new = r.check()?;
            match tx.stakeholder_named(&new.name)? {
                Some(id) => {
                    tx.update_stakeholder(id, &new, now)?;
                    let current = tx.stakeholder(id)?;
                    if current.is_some_and(|s| {
                        s.channel.kind != new.channel || s.channel.handle != new.handle
                    }) {
                        tx.replace_channel(id, new.channel, &new.handle, now)?;
                    }
                    updated += 1;
                }
                None => {
                    tx.insert_stakeholder(&new, false, now)?;
                    added += 1;
                }
            }
        }
        crate::comms::reconcile_all(tx, now, "directory imported")?;
        Ok((added, updated))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_row_is_named() {
        let csv = "name,group,channel,handle,notes,sla_target_percent\nExchange B,Institutional stakers,fax,x,,\n";
        let err = parse(csv, Format::Csv).unwrap_err();
        assert!(
            err.message.contains("Exchange B") && err.message.contains("fax"),
            "{}",
            err.message
        );
    }

    #[test]
    fn the_format_follows_the_extension() {
        assert_eq!(Format::of_path("a/b.CSV".as_ref()).unwrap(), Format::Csv);
        assert!(Format::of_path("a/b.xlsx".as_ref()).is_err());
    }
}
