//! Stakeholders: who must be kept informed, in which group, and how to reach
//! them. Each has exactly one active channel; adding a new one retires the
//! old, which stays on record.

mod transfer;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::{Clock, happened_at};
use crate::error::{InvalidInput, Result};
use crate::policy::PolicyOverride;
use crate::store::Store;

pub use transfer::{Format, export, import, parse};

/// A stakeholder's kind, which carries their default policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Enterprise customers, e.g. an exchange.
    InstitutionalStakers,
    /// Liquid staking protocols and other partners whose validators we run.
    ServicePartners,
    /// Client and signer teams; opted in per incident.
    SoftwareProviders,
    Auditors,
    /// The protocol foundation, the public forum.
    Communities,
    /// The public status page.
    Public,
}

impl Group {
    /// Every group, in the order the design lists them.
    pub const ALL: [Group; 6] = [
        Group::InstitutionalStakers,
        Group::ServicePartners,
        Group::SoftwareProviders,
        Group::Auditors,
        Group::Communities,
        Group::Public,
    ];

    /// The group as stored and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::InstitutionalStakers => "institutional_stakers",
            Group::ServicePartners => "service_partners",
            Group::SoftwareProviders => "software_providers",
            Group::Auditors => "auditors",
            Group::Communities => "communities",
            Group::Public => "public",
        }
    }

    /// The group's name as people read it.
    pub fn label(self) -> &'static str {
        match self {
            Group::InstitutionalStakers => "Institutional stakers",
            Group::ServicePartners => "Service partners",
            Group::SoftwareProviders => "Software providers",
            Group::Auditors => "Auditors",
            Group::Communities => "Communities",
            Group::Public => "Public",
        }
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Lowercase with spaces, dashes and underscores made one: how names match.
fn folded(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| {
            if c == '-' || c == ' ' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

impl FromStr for Group {
    type Err = InvalidInput;

    fn from_str(text: &str) -> Result<Self, InvalidInput> {
        let wanted = folded(text);
        Group::ALL
            .into_iter()
            .find(|g| g.as_str() == wanted)
            .ok_or_else(|| {
                InvalidInput::new(
                    "group",
                    format!(
                        "unknown group {text:?}; use one of: Institutional stakers, Service partners, \
                         Software providers, Auditors, Communities, Public"
                    ),
                )
            })
    }
}

/// How a stakeholder is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Slack,
    Telegram,
    Email,
    StatusPage,
    Github,
    Phone,
    Other,
}

impl ChannelKind {
    /// Every channel kind.
    pub const ALL: [ChannelKind; 7] = [
        ChannelKind::Slack,
        ChannelKind::Telegram,
        ChannelKind::Email,
        ChannelKind::StatusPage,
        ChannelKind::Github,
        ChannelKind::Phone,
        ChannelKind::Other,
    ];

    /// The channel kind as stored, typed and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Slack => "slack",
            ChannelKind::Telegram => "telegram",
            ChannelKind::Email => "email",
            ChannelKind::StatusPage => "status_page",
            ChannelKind::Github => "github",
            ChannelKind::Phone => "phone",
            ChannelKind::Other => "other",
        }
    }
}

impl ChannelKind {
    /// How the channel reads in a sentence: "Slack", "status page".
    pub fn label(self) -> &'static str {
        match self {
            ChannelKind::Slack => "Slack",
            ChannelKind::Telegram => "Telegram",
            ChannelKind::Email => "email",
            ChannelKind::StatusPage => "status page",
            ChannelKind::Github => "GitHub",
            ChannelKind::Phone => "phone",
            ChannelKind::Other => "other",
        }
    }
}

impl fmt::Display for ChannelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ChannelKind {
    type Err = InvalidInput;

    fn from_str(text: &str) -> Result<Self, InvalidInput> {
        let wanted = folded(text);
        ChannelKind::ALL
            .into_iter()
            .find(|c| c.as_str() == wanted)
            .ok_or_else(|| {
                InvalidInput::new(
                    "channel",
                    format!(
                        "unknown channel {text:?}; use one of slack, telegram, email, status_page, github, phone, other"
                    ),
                )
            })
    }
}

/// One way a stakeholder was or is reached.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Channel {
    pub kind: ChannelKind,
    /// The channel, chat, address or URL, e.g. `#ext-exchange-a`.
    pub handle: String,
    #[ts(type = "string")]
    pub added_at: DateTime<Utc>,
    /// When a newer channel replaced it; `None` for the active one.
    #[ts(type = "string | null")]
    pub retired_at: Option<DateTime<Utc>>,
}

/// The default monthly uptime target in stakeholders' SLAs, in percent.
pub const DEFAULT_SLA_TARGET: f64 = 99.0;

/// A stakeholder in the directory.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Stakeholder {
    pub id: i64,
    pub name: String,
    pub group: Group,
    pub notes: String,
    /// Monthly uptime promised to them, in percent.
    pub sla_target_percent: f64,
    /// Seeded on first run to show how the directory works.
    pub example: bool,
    /// Their own exceptions to the group's policy.
    pub policy: PolicyOverride,
    /// The one active channel.
    pub channel: Channel,
    /// Earlier channels, newest first.
    pub retired_channels: Vec<Channel>,
    /// When the stakeholder was retired from the directory, if they were.
    #[ts(type = "string | null")]
    pub retired_at: Option<DateTime<Utc>>,
}

/// A stakeholder as typed in the window, given to `sitrep stakeholder add`,
/// or read from an import file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct StakeholderInput {
    pub name: String,
    pub group: String,
    pub channel: String,
    pub handle: String,
    pub notes: String,
    #[ts(optional)]
    pub sla_target_percent: Option<f64>,
    /// When they were added (RFC 3339), for back-dating; defaults to now.
    /// Not a file column: an import is dated as a whole.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// A checked stakeholder, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NewStakeholder {
    pub name: String,
    pub group: Group,
    pub channel: ChannelKind,
    pub handle: String,
    pub notes: String,
    pub sla_target_percent: f64,
}

impl StakeholderInput {
    pub(crate) fn check(&self) -> Result<NewStakeholder, InvalidInput> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(InvalidInput::new(
                "name",
                "a stakeholder needs a name of 1–100 characters",
            ));
        }
        crate::text::one_line("name", name)?;
        crate::text::one_line("handle", self.handle.trim())?;
        let sla = self.sla_target_percent.unwrap_or(DEFAULT_SLA_TARGET);
        if !(sla > 0.0 && sla <= 100.0) {
            return Err(InvalidInput::new(
                "sla_target_percent",
                format!("an SLA target is a percentage above 0 and at most 100, got {sla}"),
            ));
        }
        Ok(NewStakeholder {
            name: name.to_owned(),
            group: self.group.parse()?,
            channel: self.channel.parse()?,
            handle: self.handle.trim().to_owned(),
            notes: self.notes.trim().to_owned(),
            sla_target_percent: sla,
        })
    }
}

/// One example stakeholder per group, seeded into a new database.
pub(crate) fn examples() -> Vec<NewStakeholder> {
    let example = |name: &str, group, channel, handle: &str, notes: &str| NewStakeholder {
        name: name.to_owned(),
        group,
        channel,
        handle: handle.to_owned(),
        notes: notes.to_owned(),
        sla_target_percent: DEFAULT_SLA_TARGET,
    };
    vec![
        example(
            "Exchange A (example)",
            Group::InstitutionalStakers,
            ChannelKind::Slack,
            "#ext-exchange-a",
            "An institutional customer in a shared Slack channel.",
        ),
        example(
            "Liquid staking protocol (example)",
            Group::ServicePartners,
            ChannelKind::Telegram,
            "@lsp-node-operators",
            "A partner protocol whose validators we run.",
        ),
        example(
            "Validator client team (example)",
            Group::SoftwareProviders,
            ChannelKind::Github,
            "github.com/example/client/issues",
            "Opt them in when their client is involved.",
        ),
        example(
            "Security auditor (example)",
            Group::Auditors,
            ChannelKind::Slack,
            "#audit-firm",
            "Gets postmortems of SEV1–2.",
        ),
        example(
            "Protocol foundation (example)",
            Group::Communities,
            ChannelKind::Telegram,
            "@protocol-foundation",
            "Told on request.",
        ),
        example(
            "Public status page (example)",
            Group::Public,
            ChannelKind::StatusPage,
            "status.example.com",
            "The public status page.",
        ),
    ]
}

/// What adding a stakeholder or a channel did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ChannelChange {
    pub stakeholder: Stakeholder,
    /// The channel that was active before and is now retired, if any.
    pub retired: Option<Channel>,
}

/// Adds a stakeholder to the directory, as of `input.at`: their first
/// channel dates from then; obligations it creates are recorded now.
pub fn add(store: &mut Store, clock: &dyn Clock, input: &StakeholderInput) -> Result<Stakeholder> {
    let new = input.check()?;
    let now = clock.now();
    let at = happened_at("at", input.at.as_deref(), now)?;
    let id = store.write(|tx| {
        if tx.stakeholder_named(&new.name)?.is_some() {
            return Err(InvalidInput::new(
                "name",
                format!(
                    "{} is already in the directory; change their channel instead",
                    new.name
                ),
            )
            .into());
        }
        let id = tx.insert_stakeholder(&new, false, at)?;
        crate::comms::reconcile_all(tx, now, "stakeholder added")?;
        Ok(id)
    })?;
    store.stakeholder(id)
}

/// Gives a stakeholder a new active channel; the old one is retired.
pub fn set_channel(
    store: &mut Store,
    clock: &dyn Clock,
    name: &str,
    kind: &str,
    handle: &str,
) -> Result<ChannelChange> {
    let kind: ChannelKind = kind.parse()?;
    let handle = handle.trim();
    crate::text::one_line("handle", handle)?;
    let now = clock.now();
    let id = store.write(|tx| {
        let current = tx.active_stakeholder(name)?;
        if current.channel.kind == kind && current.channel.handle == handle {
            return Err(InvalidInput::new(
                "channel",
                format!("{} is already reached on {kind} {handle}", current.name),
            )
            .into());
        }
        tx.replace_channel(current.id, kind, handle, now)?;
        Ok(current.id)
    })?;
    let stakeholder = store.stakeholder(id)?;
    let retired = stakeholder.retired_channels.first().cloned();
    Ok(ChannelChange {
        stakeholder,
        retired,
    })
}

/// Sets a stakeholder's own exceptions to their group's policy (`None`
/// fields follow the group).
pub fn set_policy(
    store: &mut Store,
    clock: &dyn Clock,
    name: &str,
    own: &PolicyOverride,
) -> Result<Stakeholder> {
    let now = clock.now();
    let id = store.write(|tx| {
        let current = tx.active_stakeholder(name)?;
        tx.set_stakeholder_policy(current.id, own)?;
        crate::comms::reconcile_all(tx, now, &format!("{}'s policy changed", current.name))?;
        Ok(current.id)
    })?;
    store.stakeholder(id)
}

/// Retires a stakeholder: they get no new obligations and no updates; their
/// history stays.
pub fn retire(store: &mut Store, clock: &dyn Clock, name: &str) -> Result<Stakeholder> {
    let now = clock.now();
    let id = store.write(|tx| {
        let current = tx.active_stakeholder(name)?;
        tx.retire_stakeholder(current.id, now)?;
        crate::comms::reconcile_all(
            tx,
            now,
            &format!("{} retired from the directory", current.name),
        )?;
        Ok(current.id)
    })?;
    store.stakeholder(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_match_their_names_in_any_case_or_spelling() {
        for group in Group::ALL {
            assert_eq!(group.label().parse::<Group>().unwrap(), group);
            assert_eq!(group.as_str().parse::<Group>().unwrap(), group);
            assert_eq!(
                group.label().to_uppercase().parse::<Group>().unwrap(),
                group
            );
        }
        assert!("customers".parse::<Group>().is_err());
    }

    #[test]
    fn channels_parse_and_unknown_ones_list_the_choices() {
        assert_eq!(
            "Status page".parse::<ChannelKind>().unwrap(),
            ChannelKind::StatusPage
        );
        let err = "carrier pigeon".parse::<ChannelKind>().unwrap_err();
        assert!(err.message.contains("slack, telegram"), "{}", err.message);
    }

    #[test]
    fn a_stakeholder_needs_a_name_and_a_sane_sla_target() {
        let input = StakeholderInput {
            name: " Exchange A ".into(),
            group: "Institutional stakers".into(),
            channel: "slack".into(),
            handle: "#ext-exchange-a".into(),
            ..StakeholderInput::default()
        };
        let checked = input.check().unwrap();
        assert_eq!(checked.name, "Exchange A");
        assert_eq!(checked.sla_target_percent, DEFAULT_SLA_TARGET);
        assert_eq!(
            StakeholderInput {
                name: " ".into(),
                ..input.clone()
            }
            .check()
            .unwrap_err()
            .field,
            "name"
        );
        for bad in [0.0, 100.5, f64::NAN] {
            let err = StakeholderInput {
                sla_target_percent: Some(bad),
                ..input.clone()
            }
            .check()
            .unwrap_err();
            assert_eq!(err.field, "sla_target_percent");
        }
    }
}
