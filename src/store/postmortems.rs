//! Queries over postmortems: templates, versions, shares, snoozes for the
//! communications section, and action items.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Store, Tx};
use crate::action::{ActionFields, ActionItem};
use crate::error::{Error, InvalidInput, Result};
use crate::incident::IncidentKey;
use crate::postmortem::draft::Snooze;
use crate::postmortem::{Figures, PostmortemStatus, Share, Template, Version, VersionSummary};

/// A postmortem's row: which template it came from and where it stands.
pub(crate) struct PostmortemRow {
    pub template: String,
    pub status: PostmortemStatus,
}

fn figures(text: String) -> rusqlite::Result<Figures> {
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn figures_json(f: &Figures) -> String {
    // A struct of numbers and one string always serialises.
    serde_json::to_string(f).unwrap_or_else(|_| "{}".to_owned())
}

fn version_from_row(row: &Row<'_>) -> rusqlite::Result<Version> {
    Ok(Version {
        number: row.get(0)?,
        body: row.get(1)?,
        figures: figures(row.get(2)?)?,
        saved_at: row.get(3)?,
        published_at: row.get(4)?,
    })
}

const VERSION_COLUMNS: &str = "number, body, figures, saved_at, published_at";

fn postmortem_row(conn: &Connection, key: IncidentKey) -> Result<Option<PostmortemRow>> {
    Ok(conn
        .prepare_cached("SELECT template, status FROM postmortems WHERE incident_id = ?1")?
        .query_row([key.row_id()], |row| {
            Ok(PostmortemRow {
                template: row.get(0)?,
                status: row.get(1)?,
            })
        })
        .optional()?)
}

fn latest_version(conn: &Connection, key: IncidentKey) -> Result<Version> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {VERSION_COLUMNS} FROM postmortem_versions WHERE incident_id = ?1 \
             ORDER BY number DESC LIMIT 1"
        ))?
        .query_row([key.row_id()], version_from_row)?)
}

fn template(conn: &Connection, name: &str) -> Result<Option<Template>> {
    Ok(conn
        .prepare_cached("SELECT name, body, builtin FROM postmortem_templates WHERE name = ?1")?
        .query_row([name.trim()], |row| {
            Ok(Template {
                name: row.get(0)?,
                body: row.get(1)?,
                builtin: row.get(2)?,
            })
        })
        .optional()?)
}

const ACTION_COLUMNS: &str = "a.id, a.incident_id, i.title, a.text, a.owner, a.due_on, a.kind, \
     a.status, a.created_at, a.updated_at";

fn action_from_row(row: &Row<'_>, now: DateTime<Utc>) -> rusqlite::Result<ActionItem> {
    let mut item = ActionItem {
        id: row.get(0)?,
        incident: IncidentKey::from_row_id(row.get(1)?),
        incident_title: row.get(2)?,
        text: row.get(3)?,
        owner: row.get(4)?,
        due_on: row.get(5)?,
        kind: row.get::<_, String>(6)?.parse().map_err(bad_word)?,
        status: row.get::<_, String>(7)?.parse().map_err(bad_word)?,
        overdue: false,
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
    };
    item.overdue = item.is_overdue(now);
    Ok(item)
}

fn bad_word(e: strum::ParseError) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
}

impl Store {
    /// Every postmortem template, the seeded ones first.
    pub fn templates(&self) -> Result<Vec<Template>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT name, body, builtin FROM postmortem_templates ORDER BY builtin DESC, rowid",
            )?
            .query_map([], |row| {
                Ok(Template {
                    name: row.get(0)?,
                    body: row.get(1)?,
                    builtin: row.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The template called `name` (any case), or a bad-input error naming the known ones.
    pub fn template(&self, name: &str) -> Result<Template> {
        match template(&self.conn, name)? {
            Some(t) => Ok(t),
            None => {
                let known: Vec<String> = self.templates()?.into_iter().map(|t| t.name).collect();
                Err(InvalidInput::new(
                    "template",
                    format!(
                        "there is no template {:?}; the templates are: {}",
                        name.trim(),
                        known.join(", ")
                    ),
                )
                .into())
            }
        }
    }

    /// Incident `key`'s postmortem row, if it has one.
    pub(crate) fn postmortem_row(&self, key: IncidentKey) -> Result<Option<PostmortemRow>> {
        postmortem_row(&self.conn, key)
    }

    /// The newest saved version of incident `key`'s postmortem.
    pub(crate) fn latest_version(&self, key: IncidentKey) -> Result<Version> {
        latest_version(&self.conn, key)
    }

    /// Version `number` of incident `key`'s postmortem.
    pub fn postmortem_version(&self, key: IncidentKey, number: u32) -> Result<Version> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {VERSION_COLUMNS} FROM postmortem_versions WHERE incident_id = ?1 AND number = ?2"
            ))?
            .query_row(params![key.row_id(), number], version_from_row)
            .optional()?
            .ok_or_else(|| {
                Error::from(InvalidInput::new(
                    "version",
                    format!("{key}'s postmortem has no version {number}"),
                ))
            })
    }

    /// Every saved version of incident `key`'s postmortem, newest first, without their text.
    pub(crate) fn version_summaries(&self, key: IncidentKey) -> Result<Vec<VersionSummary>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT number, saved_at, published_at, length(body) FROM postmortem_versions \
                 WHERE incident_id = ?1 ORDER BY number DESC",
            )?
            .query_map([key.row_id()], |row| {
                Ok(VersionSummary {
                    number: row.get(0)?,
                    saved_at: row.get(1)?,
                    published_at: row.get(2)?,
                    length: row.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Who was sent which version of incident `key`'s postmortem, oldest first.
    pub(crate) fn shares(&self, key: IncidentKey) -> Result<Vec<Share>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT s.name, v.number, p.shared_at FROM postmortem_shares p \
                 JOIN stakeholders s ON s.id = p.stakeholder_id \
                 JOIN postmortem_versions v ON v.id = p.version_id \
                 WHERE p.incident_id = ?1 ORDER BY p.shared_at, p.id",
            )?
            .query_map([key.row_id()], |row| {
                Ok(Share {
                    stakeholder: row.get(0)?,
                    version: row.get(1)?,
                    shared_at: row.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Every reminder snoozed on incident `key`, oldest first.
    pub(crate) fn snoozes(&self, key: IncidentKey) -> Result<Vec<Snooze>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT s.name, o.kind, z.created_at, z.until FROM snoozes z \
                 JOIN obligations o ON o.id = z.obligation_id \
                 JOIN stakeholders s ON s.id = o.stakeholder_id \
                 WHERE o.incident_id = ?1 ORDER BY z.created_at, z.id",
            )?
            .query_map([key.row_id()], |row| {
                Ok(Snooze {
                    stakeholder: row.get(0)?,
                    kind: row.get(1)?,
                    at: row.get(2)?,
                    until: row.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Action items, of one incident or all, open ones only if `open`,
    /// soonest due first (undated last); `overdue` as of `now`.
    pub(crate) fn actions(
        &self,
        key: Option<IncidentKey>,
        open: bool,
        now: DateTime<Utc>,
    ) -> Result<Vec<ActionItem>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {ACTION_COLUMNS} FROM action_items a JOIN incidents i ON i.id = a.incident_id \
                 WHERE (?1 IS NULL OR a.incident_id = ?1) AND (NOT ?2 OR a.status = 'open') \
                 ORDER BY a.due_on IS NULL, a.due_on, a.id"
            ))?
            .query_map(params![key.map(IncidentKey::row_id), open], |row| {
                action_from_row(row, now)
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Action item `id`.
    pub(crate) fn action(&self, id: i64, now: DateTime<Utc>) -> Result<ActionItem> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {ACTION_COLUMNS} FROM action_items a JOIN incidents i ON i.id = a.incident_id \
                 WHERE a.id = ?1"
            ))?
            .query_row([id], |row| action_from_row(row, now))
            .optional()?
            .ok_or_else(|| {
                Error::from(InvalidInput::new(
                    "action",
                    format!("there is no action item {id}; `sitrep actions` lists them"),
                ))
            })
    }
}

impl Tx<'_> {
    /// Incident `key`'s postmortem row, read inside the transaction.
    pub(crate) fn postmortem_row(&self, key: IncidentKey) -> Result<Option<PostmortemRow>> {
        postmortem_row(self.conn(), key)
    }

    /// The newest saved version, read inside the transaction.
    pub(crate) fn latest_version(&self, key: IncidentKey) -> Result<Version> {
        latest_version(self.conn(), key)
    }

    /// Starts incident `key`'s postmortem from `template`, in draft.
    pub(crate) fn insert_postmortem(
        &self,
        key: IncidentKey,
        template: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO postmortems (incident_id, template, status, created_at) VALUES (?1, ?2, 'draft', ?3)",
            )?
            .execute(params![key.row_id(), template, now])?;
        Ok(())
    }

    /// Saves the next version of incident `key`'s postmortem; returns its number.
    pub(crate) fn insert_version(
        &self,
        key: IncidentKey,
        body: &str,
        figures: &Figures,
        now: DateTime<Utc>,
    ) -> Result<u32> {
        Ok(self
            .conn()
            .prepare_cached(
                "INSERT INTO postmortem_versions (incident_id, number, body, figures, saved_at) \
                 SELECT ?1, coalesce(max(number), 0) + 1, ?2, ?3, ?4 FROM postmortem_versions \
                 WHERE incident_id = ?1 RETURNING number",
            )?
            .query_row(
                params![key.row_id(), body, figures_json(figures), now],
                |row| row.get(0),
            )?)
    }

    /// Moves incident `key`'s postmortem to `status`; publishing marks the
    /// newest version as the one published at `at`.
    pub(crate) fn set_postmortem_status(
        &self,
        key: IncidentKey,
        status: PostmortemStatus,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.conn()
            .prepare_cached("UPDATE postmortems SET status = ?2 WHERE incident_id = ?1")?
            .execute(params![key.row_id(), status])?;
        if status == PostmortemStatus::Published {
            self.conn()
                .prepare_cached(
                    "UPDATE postmortem_versions SET published_at = ?2 WHERE incident_id = ?1 \
                     AND number = (SELECT max(number) FROM postmortem_versions WHERE incident_id = ?1)",
                )?
                .execute(params![key.row_id(), at])?;
        }
        Ok(())
    }

    /// Records that stakeholder `id` was sent version `number` at `at`.
    pub(crate) fn insert_share(
        &self,
        key: IncidentKey,
        id: i64,
        number: u32,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO postmortem_shares (incident_id, stakeholder_id, version_id, shared_at) \
                 SELECT ?1, ?2, id, ?4 FROM postmortem_versions WHERE incident_id = ?1 AND number = ?3",
            )?
            .execute(params![key.row_id(), id, number, at])?;
        Ok(())
    }

    /// The template called `name` (any case), read inside the transaction.
    pub(crate) fn template(&self, name: &str) -> Result<Option<Template>> {
        template(self.conn(), name)
    }

    /// Stores a template (checked by the caller), replacing one of the same name.
    pub(crate) fn save_template(&self, name: &str, body: &str, builtin: bool) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO postmortem_templates (name, body, builtin) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (name) DO UPDATE SET body = excluded.body",
            )?
            .execute(params![name, body, builtin])?;
        Ok(())
    }

    /// Removes the template called `name`.
    pub(crate) fn remove_template(&self, name: &str) -> Result<()> {
        self.conn()
            .prepare_cached("DELETE FROM postmortem_templates WHERE name = ?1")?
            .execute([name])?;
        Ok(())
    }

    /// Stores a new action item on incident `key`, added at `at`; returns its id.
    pub(crate) fn insert_action(
        &self,
        key: IncidentKey,
        f: &ActionFields,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        self.conn()
            .prepare_cached(
                "INSERT INTO action_items (incident_id, text, owner, due_on, kind, status, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            )?
            .execute(params![
                key.row_id(),
                f.text,
                f.owner,
                f.due_on,
                f.kind.as_str(),
                f.status.as_str(),
                at
            ])?;
        Ok(self.conn().last_insert_rowid())
    }

    /// Changes action item `id` as of `at`.
    pub(crate) fn update_action(&self, id: i64, f: &ActionFields, at: DateTime<Utc>) -> Result<()> {
        self.conn()
            .prepare_cached(
                "UPDATE action_items SET text = ?2, owner = ?3, due_on = ?4, kind = ?5, status = ?6, \
                 updated_at = ?7 WHERE id = ?1",
            )?
            .execute(params![
                id,
                f.text,
                f.owner,
                f.due_on,
                f.kind.as_str(),
                f.status.as_str(),
                at
            ])?;
        Ok(())
    }
}
