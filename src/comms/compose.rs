//! Composing an update: a template per status, filled from the incident, and
//! the same update written for each channel — Slack mrkdwn, Telegram, plain
//! text for email, a public status-page post. Drills say DRILL in every one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::incident::{Incident, Status};
use crate::policy::Cadence;
use crate::stakeholder::ChannelKind;

/// The parts of an update, as the composer shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Draft {
    pub what: String,
    pub impact: String,
    pub doing: String,
    /// When the next update is promised; none once resolved.
    #[ts(type = "string | null")]
    pub next_update_at: Option<DateTime<Utc>>,
}

/// The template for `incident`'s status, its next update promised at the
/// cadence from `now`.
pub fn draft(incident: &Incident, cadence: &Cadence, now: DateTime<Utc>) -> Draft {
    let degraded = "Some validators may miss attestations or proposals; rewards may be reduced.";
    let (impact, doing) = match incident.status {
        Status::Investigating => (degraded, "We are investigating the cause."),
        Status::Identified => (
            degraded,
            "We have identified the cause and are applying a fix.",
        ),
        Status::Monitoring => (
            "The impact has stopped; validators are performing normally again.",
            "A fix is in place and we are monitoring it closely.",
        ),
        Status::Resolved | Status::Closed => (
            "The incident is resolved; validators are performing normally.",
            "We are reviewing what happened and will share a postmortem.",
        ),
    };
    let live = matches!(
        incident.status,
        Status::Investigating | Status::Identified | Status::Monitoring
    );
    Draft {
        what: incident.title.clone(),
        impact: impact.to_owned(),
        doing: doing.to_owned(),
        next_update_at: cadence.update().filter(|_| live).map(|every| now + every),
    }
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Investigating => "Investigating",
        Status::Identified => "Identified",
        Status::Monitoring => "Monitoring (mitigated)",
        Status::Resolved => "Resolved",
        Status::Closed => "Closed",
    }
}

/// The message that shares `incident`'s postmortem, when the IC gives none.
pub fn postmortem_notice(incident: &Incident) -> String {
    format!(
        "The postmortem of {} ({}) is ready: what happened, why, and what we are changing.",
        incident.id, incident.title
    )
}

/// The update written for `channel`.
pub fn render(draft: &Draft, incident: &Incident, channel: ChannelKind) -> String {
    let drill = if incident.drill { "[DRILL] " } else { "" };
    let status = status_word(incident.status);
    let next = draft
        .next_update_at
        .map(|t| t.format("%H:%M UTC on %Y-%m-%d").to_string());
    let head = format!(
        "{drill}[{}] {}: {}",
        incident.severity, incident.id, draft.what
    );
    let mut lines = Vec::new();
    match channel {
        ChannelKind::Slack => {
            lines.push(format!("*{head}* — _{status}_"));
            lines.push(format!("*Impact:* {}", draft.impact));
            lines.push(format!("*What we are doing:* {}", draft.doing));
            lines.extend(next.map(|n| format!("*Next update:* by {n}")));
        }
        ChannelKind::Telegram => {
            lines.push(format!("**{head}** — {status}"));
            lines.push(format!("Impact: {}", draft.impact));
            lines.push(format!("What we are doing: {}", draft.doing));
            lines.extend(next.map(|n| format!("Next update by {n}")));
        }
        ChannelKind::StatusPage => {
            lines.push(format!("{drill}{} — {status}", draft.what));
            lines.push(String::new());
            lines.push(format!("{} {}", draft.impact, draft.doing));
            lines.extend(next.map(|n| format!("We will post the next update by {n}.")));
        }
        ChannelKind::Email => {
            lines.push(format!("Subject: {head} — {status}"));
            lines.push(String::new());
            lines.push(format!("Status: {status}"));
            lines.push(format!("Impact: {}", draft.impact));
            lines.push(format!("What we are doing: {}", draft.doing));
            lines.extend(next.map(|n| format!("Next update: by {n}")));
        }
        ChannelKind::Github | ChannelKind::Phone | ChannelKind::Other => {
            lines.push(format!("{head} — {status}"));
            lines.push(format!("Impact: {}", draft.impact));
            lines.push(format!("What we are doing: {}", draft.doing));
            lines.extend(next.map(|n| format!("Next update: by {n}")));
        }
    }
    lines.join("\n")
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::incident::Severity;
    use crate::policy::default_cadences;

    /// A SEV1 declared 2026-11-24 22:00, for the composer's tests too.
    pub(in crate::comms) fn incident(status: Status, drill: bool) -> Incident {
        let t: DateTime<Utc> = "2026-11-24T22:00:00Z".parse().unwrap();
        Incident {
            id: "INC-4".parse().unwrap(),
            title: "Validators offline in eu-west-1".into(),
            severity: Severity::CRITICAL,
            status,
            drill,
            kind: None,
            commander: None,
            impact_started_at: t,
            impact_started_estimated: true,
            detected_at: t,
            detected_estimated: true,
            acknowledged_at: None,
            declared_at: t,
            mitigated_at: None,
            resolved_at: None,
            closed_at: None,
            affected_count: 0,
        }
    }

    #[test]
    fn the_template_promises_the_next_update_at_the_cadence_until_resolved() {
        let now: DateTime<Utc> = "2026-11-24T22:10:00Z".parse().unwrap();
        let sev1 = default_cadences()[0];
        let live = draft(&incident(Status::Identified, false), &sev1, now);
        assert_eq!(
            live.next_update_at,
            Some("2026-11-24T22:40:00Z".parse().unwrap())
        );
        assert!(live.doing.contains("identified"));
        assert_eq!(
            draft(&incident(Status::Resolved, false), &sev1, now).next_update_at,
            None
        );
    }

    #[test]
    fn each_channel_gets_its_own_format_and_drills_say_so() {
        let now: DateTime<Utc> = "2026-11-24T22:10:00Z".parse().unwrap();
        let i = incident(Status::Investigating, true);
        let d = draft(&i, &default_cadences()[0], now);
        let slack = render(&d, &i, ChannelKind::Slack);
        assert!(
            slack.starts_with("*[DRILL] [SEV1] INC-4: Validators offline in eu-west-1*"),
            "{slack}"
        );
        assert!(
            slack.contains("*Next update:* by 22:40 UTC on 2026-11-24"),
            "{slack}"
        );
        assert!(slack.contains("* — _Investigating_\n"), "{slack}");
        let mitigated = incident(Status::Monitoring, false);
        let email = render(&d, &mitigated, ChannelKind::Email);
        assert!(
            email.contains("\nStatus: Monitoring (mitigated)\n"),
            "{email}"
        );
        assert!(render(&d, &i, ChannelKind::Email).starts_with("Subject: [DRILL] [SEV1] INC-4"));
        let public = render(&d, &i, ChannelKind::StatusPage);
        assert!(
            public.starts_with("[DRILL] Validators offline") && !public.contains("INC-4"),
            "{public}"
        );
        assert!(render(&d, &i, ChannelKind::Telegram).starts_with("**[DRILL]"));
    }
}
