//! Roles in the response — commander, comms, ops, scribe — and handing them
//! over. Every assignment starts a tenure (ending the previous holder's) and
//! is a timeline entry naming both people.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::{Clock, happened_at};
use crate::error::{InvalidInput, Result};
use crate::incident::{IncidentDetail, IncidentKey};
use crate::store::Store;
use crate::timeline::{EntryKind, NewEntry};

/// A role in the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The incident commander (IC): runs the response.
    Commander,
    /// Keeps the stakeholders informed.
    Comms,
    /// Works on the fix.
    Ops,
    /// Keeps the timeline.
    Scribe,
}

impl Role {
    /// Every role, the commander first.
    pub const ALL: [Role; 4] = [Role::Commander, Role::Comms, Role::Ops, Role::Scribe];

    /// The role as stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Commander => "commander",
            Role::Comms => "comms",
            Role::Ops => "ops",
            Role::Scribe => "scribe",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = InvalidInput;

    fn from_str(text: &str) -> Result<Self, InvalidInput> {
        let wanted = text.trim();
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| {
                InvalidInput::new(
                    "role",
                    format!("unknown role {text:?}; use one of commander, comms, ops, scribe"),
                )
            })
    }
}

/// The longest person name accepted, in characters.
pub const MAX_PERSON_CHARS: usize = 100;

/// Who holds a role, and since when.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RoleHolder {
    pub role: Role,
    pub person: String,
    #[ts(type = "string")]
    pub since: DateTime<Utc>,
}

/// A role assignment as typed in the window or given to `sitrep role`.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct RoleInput {
    pub role: Role,
    pub person: String,
    /// When the handover happened (RFC 3339); defaults to now.
    #[ts(optional)]
    pub at: Option<String>,
}

/// Gives `role` to a person, handing it over from whoever held it.
pub fn assign(
    store: &mut Store,
    clock: &dyn Clock,
    key: IncidentKey,
    input: &RoleInput,
) -> Result<IncidentDetail> {
    let now = clock.now();
    let person = person_name(&input.person)?;
    let at = happened_at("at", input.at.as_deref(), now)?;
    let role = input.role;
    store.write(|tx| {
        tx.incident(key)?;
        let previous = tx.role_holder(key, role)?;
        let text = match &previous {
            Some(holder) if holder.person == person => {
                return Err(InvalidInput::new(
                    "person",
                    format!("{person} is already {role} of {key}"),
                )
                .into());
            }
            Some(holder) if at < holder.since => {
                return Err(InvalidInput::new(
                    "at",
                    format!(
                        "{} became {role} at {}; a handover cannot come before that",
                        holder.person,
                        holder.since.to_rfc3339()
                    ),
                )
                .into());
            }
            Some(holder) => format!("{role} handed over from {} to {person}", holder.person),
            None => format!("{person} is {role}"),
        };
        tx.start_tenure(key, role, &person, at)?;
        tx.append(
            key,
            &NewEntry {
                at,
                recorded_at: now,
                kind: EntryKind::Role,
                text,
            },
        )
    })?;
    store.incident(key)
}

/// Checks a person's name: non-empty, at most [`MAX_PERSON_CHARS`].
fn person_name(text: &str) -> Result<String, InvalidInput> {
    let name = text.trim();
    if name.is_empty() {
        return Err(InvalidInput::new(
            "person",
            "name the person taking the role",
        ));
    }
    if name.chars().count() > MAX_PERSON_CHARS {
        return Err(InvalidInput::new(
            "person",
            format!("a name of at most {MAX_PERSON_CHARS} characters, please"),
        ));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_case_insensitively_and_unknown_ones_list_the_choices() {
        assert!("IC".parse::<Role>().is_err());
        assert_eq!("Commander".parse::<Role>().unwrap(), Role::Commander);
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        let err = "lead".parse::<Role>().unwrap_err();
        assert!(err.message.contains("commander, comms, ops, scribe"));
    }

    #[test]
    fn a_person_must_be_named() {
        assert_eq!(person_name("  Ana ").unwrap(), "Ana");
        assert!(person_name(" ").is_err());
        assert!(person_name(&"a".repeat(MAX_PERSON_CHARS + 1)).is_err());
    }
}
