//! Policies: who is told what, and how often. A cadence per severity (when
//! the first notice is due, how often updates follow, when the resolution
//! notice and the postmortem are due) and, per group — overridable per
//! stakeholder — which severities bring live updates, resolution notices and
//! postmortems. Pure rules; the obligations they create live in `comms`.

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::Clock;
use crate::error::{InvalidInput, Result};
use crate::incident::Severity;
use crate::stakeholder::Group;
use crate::store::Store;

/// A set of severities, e.g. SEV1–2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, TS)]
#[ts(type = "Array<1 | 2 | 3 | 4>")]
pub struct Severities(u8);

impl Severities {
    /// No severity at all.
    pub const NONE: Severities = Severities(0);

    /// SEV1 up to and including `worst_included` (1..=4).
    pub const fn up_to(level: u8) -> Self {
        Severities((1u8 << level) - 1)
    }

    /// Whether `severity` is in the set.
    pub fn contains(self, severity: Severity) -> bool {
        self.0 & (1 << (severity.level() - 1)) != 0
    }

    /// The set as a bit mask (bit 0 is SEV1), as stored.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// The set from its stored bit mask; unknown bits are dropped.
    pub fn from_bits(bits: u8) -> Self {
        Severities(bits & 0b1111)
    }

    fn levels(self) -> Vec<u8> {
        (1..=4).filter(|l| self.0 & (1 << (l - 1)) != 0).collect()
    }
}

impl Serialize for Severities {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.levels().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Severities {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let levels = Vec::<u8>::deserialize(deserializer)?;
        levels.into_iter().try_fold(Severities::NONE, |set, level| {
            if (1..=4).contains(&level) {
                Ok(Severities(set.0 | 1 << (level - 1)))
            } else {
                Err(serde::de::Error::custom(format!(
                    "severity must be 1–4, got {level}"
                )))
            }
        })
    }
}

/// When notices are due for incidents of one severity, in minutes; `None`
/// where the design says none (SEV4 is internal only; SEV3 postmortems are
/// on request).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Cadence {
    #[ts(type = "1 | 2 | 3 | 4")]
    pub severity: u8,
    /// The first notice, after the declaration.
    pub initial_minutes: Option<u32>,
    /// Then an update every …
    pub update_minutes: Option<u32>,
    /// The resolution notice, after resolution.
    pub resolution_minutes: Option<u32>,
    /// The postmortem, after resolution.
    pub postmortem_minutes: Option<u32>,
}

impl Cadence {
    /// Checks that every interval is at least a minute.
    pub fn checked(self) -> Result<Cadence, InvalidInput> {
        Severity::new(i64::from(self.severity))?;
        for (name, value) in self.intervals() {
            if value == Some(0) {
                return Err(InvalidInput::new(
                    "cadence",
                    format!(
                        "{name} for SEV{} must be at least 1 minute, or empty for none",
                        self.severity
                    ),
                ));
            }
        }
        Ok(self)
    }

    fn intervals(&self) -> [(&'static str, Option<u32>); 4] {
        [
            ("initial_minutes", self.initial_minutes),
            ("update_minutes", self.update_minutes),
            ("resolution_minutes", self.resolution_minutes),
            ("postmortem_minutes", self.postmortem_minutes),
        ]
    }

    /// This cadence with the intervals an override's `o` gives (its empty
    /// intervals keep these).
    pub fn overridden_by(self, o: &Cadence) -> Cadence {
        Cadence {
            severity: self.severity,
            initial_minutes: o.initial_minutes.or(self.initial_minutes),
            update_minutes: o.update_minutes.or(self.update_minutes),
            resolution_minutes: o.resolution_minutes.or(self.resolution_minutes),
            postmortem_minutes: o.postmortem_minutes.or(self.postmortem_minutes),
        }
    }

    fn minutes(value: Option<u32>) -> Option<TimeDelta> {
        value.map(|m| TimeDelta::minutes(i64::from(m)))
    }

    /// How long after the declaration the first notice is due.
    pub fn initial(&self) -> Option<TimeDelta> {
        Self::minutes(self.initial_minutes)
    }

    /// How often updates follow.
    pub fn update(&self) -> Option<TimeDelta> {
        Self::minutes(self.update_minutes)
    }

    /// How long after resolution the resolution notice is due.
    pub fn resolution(&self) -> Option<TimeDelta> {
        Self::minutes(self.resolution_minutes)
    }

    /// How long after resolution the postmortem is due.
    pub fn postmortem(&self) -> Option<TimeDelta> {
        Self::minutes(self.postmortem_minutes)
    }
}

/// Whose cadence a [`CadenceOverride`] changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CadenceScope {
    /// Everyone in a group.
    Group(Group),
    /// One stakeholder, by name.
    Stakeholder(String),
}

/// A group's or a stakeholder's own cadence for one severity: each interval
/// it gives replaces the one above it (the severity's, then the group's); an
/// empty one keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CadenceOverride {
    pub scope: CadenceScope,
    /// The severity and the intervals given; `None` inherits.
    #[serde(flatten)]
    #[ts(flatten)]
    pub cadence: Cadence,
}

impl CadenceOverride {
    /// Checks the severity and that every interval given is at least a minute.
    pub fn checked(self) -> Result<CadenceOverride, InvalidInput> {
        self.cadence.checked()?;
        Ok(self)
    }

    /// Whether it changes nothing (and so need not be kept).
    pub fn is_empty(&self) -> bool {
        self.cadence.intervals().iter().all(|(_, m)| m.is_none())
    }
}

/// The cadence a stakeholder gets: the severity's `default`, each interval
/// overridden by their group's own cadence, then by their own (stakeholder
/// beats group beats severity default).
pub fn effective_cadence(
    default: Cadence,
    group: Option<&Cadence>,
    own: Option<&Cadence>,
) -> Cadence {
    [group, own]
        .into_iter()
        .flatten()
        .fold(default, |c, o| c.overridden_by(o))
}

/// What a stakeholder of `group` inherits where they give nothing of their
/// own: the severity defaults, each interval overridden by the group's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GroupCadences {
    pub group: Group,
    /// SEV1 to SEV4.
    pub cadences: Vec<Cadence>,
}

/// The cadences and group policies, as the settings show them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Policies {
    pub cadences: Vec<Cadence>,
    pub groups: Vec<GroupPolicy>,
    /// Groups' and stakeholders' own cadences.
    pub overrides: Vec<CadenceOverride>,
    /// Per group, what its members inherit (a group itself inherits `cadences`).
    pub member_cadences: Vec<GroupCadences>,
}

/// The policies now, with what each level inherits from the one above.
pub fn policies(store: &Store) -> Result<Policies> {
    let cadences = store.cadences()?;
    let overrides = store.cadence_overrides()?;
    let member_cadences = Group::ALL
        .into_iter()
        .map(|group| GroupCadences {
            group,
            cadences: cadences
                .iter()
                .map(|default| {
                    let own = overrides.iter().find(|o| {
                        o.scope == CadenceScope::Group(group)
                            && o.cadence.severity == default.severity
                    });
                    effective_cadence(*default, own.map(|o| &o.cadence), None)
                })
                .collect(),
        })
        .collect();
    Ok(Policies {
        cadences,
        groups: store.group_policies()?,
        overrides,
        member_cadences,
    })
}

/// The design's default cadences, SEV1 to SEV4.
pub fn default_cadences() -> [Cadence; 4] {
    let c = |severity, i, u, r, p| Cadence {
        severity,
        initial_minutes: i,
        update_minutes: u,
        resolution_minutes: r,
        postmortem_minutes: p,
    };
    [
        c(1, Some(15), Some(30), Some(60), Some(3 * 24 * 60)),
        c(2, Some(30), Some(60), Some(60), Some(5 * 24 * 60)),
        c(3, Some(60), Some(240), Some(240), None),
        c(4, None, None, None, None),
    ]
}

/// Which severities bring which notices to a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GroupPolicy {
    pub group: Group,
    /// Severities that bring an initial notice and updates at the cadence.
    pub live_updates: Severities,
    /// Severities that bring a resolution notice.
    pub resolution: Severities,
    /// Severities whose postmortem is shared with them.
    pub postmortem: Severities,
    /// Told only when the IC adds them to an incident (software providers).
    pub opt_in: bool,
}

/// The design's default group policies.
pub fn default_group_policies() -> [GroupPolicy; 6] {
    let p = |group, live, resolution, postmortem, opt_in| GroupPolicy {
        group,
        live_updates: live,
        resolution,
        postmortem,
        opt_in,
    };
    let (none, sev12, sev123) = (Severities::NONE, Severities::up_to(2), Severities::up_to(3));
    [
        p(Group::InstitutionalStakers, sev12, sev12, sev12, false),
        p(Group::ServicePartners, sev123, sev123, sev123, false),
        p(Group::SoftwareProviders, none, sev123, sev123, true),
        p(Group::Auditors, none, none, sev12, false),
        p(Group::Communities, none, none, none, false),
        p(Group::Public, sev12, sev12, sev12, false),
    ]
}

/// A stakeholder's own exceptions to their group's policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct PolicyOverride {
    pub live_updates: Option<Severities>,
    pub resolution: Option<Severities>,
    pub postmortem: Option<Severities>,
}

/// How a stakeholder stands with one incident, beyond the policy.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    TS,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Membership {
    /// As the policy says.
    #[serde(rename = "policy")]
    #[strum(serialize = "policy")]
    ByPolicy,
    /// Added (or opted in) by the IC: told live whatever the policy says.
    Added,
    /// Removed by the IC: told nothing more.
    Removed,
}

impl Membership {
    /// The membership as stored (`added`, `removed`) and in JSON (also `policy`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// What one stakeholder is told about one incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scope {
    pub live: bool,
    pub resolution: bool,
    pub postmortem: bool,
}

impl Scope {
    /// Whether the stakeholder is on the incident at all.
    pub fn any(self) -> bool {
        self.live || self.resolution || self.postmortem
    }
}

/// What `policy` (with `own` exceptions) means for an incident of `severity`.
pub fn scope(
    policy: &GroupPolicy,
    own: &PolicyOverride,
    severity: Severity,
    membership: Membership,
) -> Scope {
    let set = |own: Option<Severities>, group: Severities| own.unwrap_or(group).contains(severity);
    let by_policy = Scope {
        live: set(own.live_updates, policy.live_updates),
        resolution: set(own.resolution, policy.resolution),
        postmortem: set(own.postmortem, policy.postmortem),
    };
    match membership {
        Membership::Removed => Scope::default(),
        Membership::ByPolicy if policy.opt_in => Scope::default(),
        Membership::ByPolicy => by_policy,
        Membership::Added => Scope {
            live: true,
            resolution: true,
            postmortem: by_policy.postmortem || policy.opt_in,
        },
    }
}

/// Changes the cadence of one severity; open incidents follow at once.
pub fn save_cadence(store: &mut Store, clock: &dyn Clock, cadence: &Cadence) -> Result<Cadence> {
    let cadence = cadence.checked()?;
    let now = clock.now();
    store.write(|tx| {
        tx.save_cadence(&cadence)?;
        crate::comms::reconcile_all(tx, now, &format!("SEV{} cadence changed", cadence.severity))
    })?;
    Ok(cadence)
}

/// Sets (or, when it gives no interval, removes) a group's or a
/// stakeholder's own cadence for one severity; open incidents follow at once.
pub fn save_cadence_override(
    store: &mut Store,
    clock: &dyn Clock,
    o: &CadenceOverride,
) -> Result<CadenceOverride> {
    let o = o.clone().checked()?;
    let now = clock.now();
    store.write(|tx| {
        let (group, stakeholder, whose) = match &o.scope {
            CadenceScope::Group(g) => (Some(*g), None, g.to_string()),
            CadenceScope::Stakeholder(name) => {
                let s = tx.active_stakeholder(name)?;
                (None, Some(s.id), s.name)
            }
        };
        tx.save_cadence_override(group, stakeholder, &o)?;
        crate::comms::reconcile_all(
            tx,
            now,
            &format!("{whose}'s SEV{} cadence changed", o.cadence.severity),
        )
    })?;
    Ok(o)
}

/// Changes a group's policy; open incidents follow at once.
pub fn save_group_policy(
    store: &mut Store,
    clock: &dyn Clock,
    policy: &GroupPolicy,
) -> Result<GroupPolicy> {
    let now = clock.now();
    store.write(|tx| {
        tx.save_group_policy(policy)?;
        crate::comms::reconcile_all(tx, now, &format!("{} policy changed", policy.group))
    })?;
    Ok(*policy)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sev(level: i64) -> Severity {
        Severity::new(level).unwrap()
    }

    fn group(g: Group) -> GroupPolicy {
        default_group_policies()
            .into_iter()
            .find(|p| p.group == g)
            .unwrap()
    }

    #[test]
    fn a_stakeholders_own_cadence_beats_their_groups_which_beats_the_default() {
        let default = default_cadences()[0];
        let only = |update| Cadence {
            severity: 1,
            initial_minutes: None,
            update_minutes: Some(update),
            resolution_minutes: None,
            postmortem_minutes: None,
        };
        let group_own = Cadence {
            initial_minutes: Some(5),
            ..only(20)
        };
        let c = effective_cadence(default, Some(&group_own), Some(&only(10)));
        assert_eq!(
            (c.initial_minutes, c.update_minutes, c.resolution_minutes),
            (Some(5), Some(10), Some(60))
        );
        assert_eq!(effective_cadence(default, None, None), default);
        assert_eq!(
            effective_cadence(default, Some(&group_own), None).update_minutes,
            Some(20)
        );
    }

    #[test]
    fn severity_sets_read_and_write_as_lists_of_levels() {
        let set = Severities::up_to(2);
        assert!(set.contains(sev(1)) && set.contains(sev(2)) && !set.contains(sev(3)));
        assert_eq!(serde_json::to_string(&set).unwrap(), "[1,2]");
        let read: Severities = serde_json::from_str("[3,1]").unwrap();
        assert_eq!(read.levels(), [1, 3]);
        assert!(serde_json::from_str::<Severities>("[0]").is_err());
    }

    #[test]
    fn a_severity_listed_twice_is_in_the_set_once() {
        let read: Severities = serde_json::from_str("[2,1,2]").unwrap();
        assert_eq!(read, Severities::up_to(2));
    }

    #[test]
    fn the_default_cadences_are_the_designs_table() {
        let minutes = |c: Cadence| {
            (
                c.severity,
                c.initial_minutes,
                c.update_minutes,
                c.resolution_minutes,
                c.postmortem_minutes,
            )
        };
        let day = 24 * 60;
        assert_eq!(
            default_cadences().map(minutes),
            [
                (1, Some(15), Some(30), Some(60), Some(3 * day)),
                (2, Some(30), Some(60), Some(60), Some(5 * day)),
                // SEV3's postmortem is shared on request: no deadline.
                (3, Some(60), Some(4 * 60), Some(4 * 60), None),
                (4, None, None, None, None),
            ]
        );
    }

    #[test]
    fn a_stakeholder_told_any_one_kind_of_notice_is_on_the_incident() {
        let none = Scope::default();
        assert!(!none.any());
        for one in [
            Scope { live: true, ..none },
            Scope {
                resolution: true,
                ..none
            },
            Scope {
                postmortem: true,
                ..none
            },
        ] {
            assert!(one.any(), "{one:?}");
        }
    }

    #[test]
    fn institutional_stakers_hear_live_about_sev1_and_2_only() {
        let p = group(Group::InstitutionalStakers);
        let none = PolicyOverride::default();
        assert!(scope(&p, &none, sev(2), Membership::ByPolicy).live);
        assert!(!scope(&p, &none, sev(3), Membership::ByPolicy).any());
    }

    #[test]
    fn software_providers_hear_nothing_unless_opted_in() {
        let p = group(Group::SoftwareProviders);
        let none = PolicyOverride::default();
        assert!(!scope(&p, &none, sev(1), Membership::ByPolicy).any());
        let added = scope(&p, &none, sev(1), Membership::Added);
        assert!(added.live && added.resolution && added.postmortem);
    }

    #[test]
    fn a_stakeholder_the_ic_adds_gets_the_postmortem_their_group_would_and_a_provider_always_does()
    {
        let none = PolicyOverride::default();
        let postmortem =
            |g: Group, level| scope(&group(g), &none, sev(level), Membership::Added).postmortem;
        assert!(postmortem(Group::Auditors, 1));
        assert!(!postmortem(Group::Communities, 1));
        // Software providers: the postmortem "if opted in", whatever the severity.
        assert!(postmortem(Group::SoftwareProviders, 4));
    }

    #[test]
    fn a_stakeholders_own_policy_wins_and_removal_silences_them() {
        let p = group(Group::Auditors);
        let own = PolicyOverride {
            live_updates: Some(Severities::up_to(1)),
            ..PolicyOverride::default()
        };
        assert!(scope(&p, &own, sev(1), Membership::ByPolicy).live);
        assert!(!scope(&p, &own, sev(2), Membership::ByPolicy).live);
        assert!(!scope(&p, &own, sev(1), Membership::Removed).any());
    }

    #[test]
    fn a_cadence_of_zero_minutes_is_refused() {
        let mut c = default_cadences()[0];
        assert!(c.checked().is_ok());
        c.update_minutes = Some(0);
        assert_eq!(c.checked().unwrap_err().field, "cadence");
    }
}
