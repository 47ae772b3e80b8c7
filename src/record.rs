//! The incident's history kept as rows, not only as timeline text: severity
//! changes (for the peak severity), role tenures (who was IC from when to
//! when) and milestone corrections (old, new, when, by whom).

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::incident::Severity;
use crate::role::{Role, RoleHolder};

/// One change of severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct SeverityChange {
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub from: Severity,
    pub to: Severity,
}

/// The most severe level an incident had: its current one or any it passed through.
pub fn peak_severity(current: Severity, changes: &[SeverityChange]) -> Severity {
    changes
        .iter()
        .flat_map(|c| [c.from, c.to])
        .fold(current, Severity::min)
}

/// One person's time in one role; the next holder's start ends it, and
/// closing the incident ends every tenure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RoleTenure {
    pub role: Role,
    pub person: String,
    #[ts(type = "string")]
    pub started_at: DateTime<Utc>,
    #[ts(type = "string | null")]
    pub ended_at: Option<DateTime<Utc>>,
}

/// Who holds (or last held) each role, the commander first: the newest tenure of each.
pub fn holders(tenures: &[RoleTenure]) -> Vec<RoleHolder> {
    Role::ALL
        .into_iter()
        .filter_map(|role| {
            tenures
                .iter()
                .rfind(|t| t.role == role)
                .map(|t| RoleHolder {
                    role,
                    person: t.person.clone(),
                    since: t.started_at,
                })
        })
        .collect()
}

/// A milestone whose time was corrected.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, TS, strum::IntoStaticStr, strum::EnumString,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Milestone {
    ImpactStarted,
    Detected,
    Declared,
    Mitigated,
    Resolved,
    Closed,
}

impl Milestone {
    /// Every milestone that can be corrected.
    pub const ALL: [Milestone; 6] = [
        Milestone::ImpactStarted,
        Milestone::Detected,
        Milestone::Declared,
        Milestone::Mitigated,
        Milestone::Resolved,
        Milestone::Closed,
    ];

    /// The milestone as stored and in JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// How the timeline names it.
    pub fn label(self) -> &'static str {
        match self {
            Milestone::ImpactStarted => "impact started",
            Milestone::Detected => "detected",
            Milestone::Declared => "declared",
            Milestone::Mitigated => "mitigated",
            Milestone::Resolved => "resolved",
            Milestone::Closed => "closed",
        }
    }
}

/// One correction of a milestone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MilestoneCorrection {
    pub milestone: Milestone,
    #[ts(type = "string | null")]
    pub old_at: Option<DateTime<Utc>>,
    #[ts(type = "string | null")]
    pub new_at: Option<DateTime<Utc>>,
    #[ts(type = "string")]
    pub recorded_at: DateTime<Utc>,
    /// The commander when it was corrected, if anyone was.
    pub by: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sev(level: i64) -> Severity {
        Severity::new(level).unwrap()
    }

    #[test]
    fn the_peak_is_the_most_severe_level_ever_held() {
        let at = "2026-11-24T10:00:00Z".parse().unwrap();
        let changes = [
            SeverityChange {
                at,
                from: sev(3),
                to: sev(1),
            },
            SeverityChange {
                at,
                from: sev(1),
                to: sev(2),
            },
        ];
        assert_eq!(peak_severity(sev(2), &changes), sev(1));
        assert_eq!(peak_severity(sev(3), &[]), sev(3));
    }

    #[test]
    fn the_holder_of_a_role_is_its_newest_tenure() {
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let tenure = |person: &str, from: &str, to: Option<&str>| RoleTenure {
            role: Role::Commander,
            person: person.into(),
            started_at: t(from),
            ended_at: to.map(t),
        };
        let tenures = [
            tenure("Ana", "2026-11-24T03:01:00Z", Some("2026-11-24T03:35:00Z")),
            tenure("Ben", "2026-11-24T03:35:00Z", None),
        ];
        let now = holders(&tenures);
        assert_eq!(now.len(), 1);
        assert_eq!(
            (now[0].person.as_str(), now[0].since),
            ("Ben", t("2026-11-24T03:35:00Z"))
        );
    }
}
