//! The first draft of a postmortem, written from the record: every
//! placeholder of the template that the record can fill becomes Markdown —
//! the impact windows and durations, who was affected, the whole timeline
//! with dates, who was told what and when and each obligation's outcome.
//! Pure: the record in, the text out; all times in UTC.

use std::fmt::Write;

use chrono::{DateTime, Datelike, Timelike, Utc};

use super::template::{Placeholder, substitute};
use crate::comms::{ObligationKind, Outcome};
use crate::incident::IncidentDetail;
use crate::markup::{md_inline, md_inline_into};

/// One snooze of a reminder, for the communications section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snooze {
    pub stakeholder: String,
    pub kind: ObligationKind,
    pub at: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

/// The draft of `template` for the incident in `detail`: each placeholder
/// filled from the record, except the live ones (figures, action items),
/// which stay for the renderer. `template` has been checked.
pub fn write(detail: &IncidentDetail, snoozes: &[Snooze], template: &str) -> String {
    substitute(template, |p| {
        (!p.is_live()).then(|| fill(p, detail, snoozes))
    })
}

/// What one placeholder stands for in this incident's record.
fn fill(p: Placeholder, d: &IncidentDetail, snoozes: &[Snooze]) -> String {
    let i = &d.incident;
    match p {
        Placeholder::Title => md_inline(&i.title),
        Placeholder::Incident => i.id.to_string(),
        Placeholder::Date => i.impact_started_at.format("%Y-%m-%d").to_string(),
        Placeholder::Severity => d.peak_severity.to_string(),
        Placeholder::Status => i.status.to_string(),
        Placeholder::Authors => authors(d),
        Placeholder::Overview => overview(d),
        Placeholder::Impact => impact(d),
        Placeholder::Timeline => timeline(d),
        Placeholder::Detection => detection(d),
        Placeholder::Communications => communications(d, snoozes),
        Placeholder::Figures | Placeholder::ActionItems => String::new(),
    }
}

/// A time as the postmortem shows it: date and time, in UTC.
pub fn stamp(t: DateTime<Utc>) -> String {
    let mut out = String::with_capacity(20);
    push_stamp(&mut out, t);
    out
}

/// Writes [`stamp`] onto `out` (the timeline writes thousands: no strftime).
fn push_stamp(out: &mut String, t: DateTime<Utc>) {
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    );
}

/// A span in whole minutes, as "2 d 3 h 05 min", "1 h 05 min" or "40 min".
pub fn span(minutes: f64) -> String {
    let total = minutes.round().max(0.0) as i64;
    let (days, hours, mins) = (total / 1440, total % 1440 / 60, total % 60);
    match (days, hours) {
        (0, 0) => format!("{mins} min"),
        (0, h) => format!("{h} h {mins:02} min"),
        (d, h) => format!("{d} d {h} h {mins:02} min"),
    }
}

/// Record text as one Markdown line that cannot become markup.
fn line(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_line(&mut out, text);
    out
}

/// Writes [`line`] onto `out`: runs of whitespace become one space.
fn push_line(out: &mut String, text: &str) {
    for (n, word) in text.split_whitespace().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        md_inline_into(out, word);
    }
}

/// The start of `text`, cut at a word and marked with "…" when it is longer than `max` characters.
fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let words = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", words.trim_end_matches('\\'))
}

/// Everyone who held a role, by role, in the order they took it.
fn authors(d: &IncidentDetail) -> String {
    let mut by_role: Vec<(String, Vec<&str>)> = Vec::new();
    for t in &d.role_tenures {
        let role = t.role.to_string();
        match by_role.iter_mut().find(|(r, _)| *r == role) {
            Some((_, people)) if people.contains(&t.person.as_str()) => {}
            Some((_, people)) => people.push(&t.person),
            None => by_role.push((role, vec![&t.person])),
        }
    }
    if by_role.is_empty() {
        return "_nobody held a role_".to_owned();
    }
    by_role
        .iter()
        .map(|(role, people)| {
            let people: Vec<String> = people.iter().map(|p| md_inline(p)).collect();
            format!("{role}: {}", people.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn overview(d: &IncidentDetail) -> String {
    let i = &d.incident;
    let severity = if d.peak_severity == i.severity {
        d.peak_severity.to_string()
    } else {
        format!("{} at its peak (now {})", d.peak_severity, i.severity)
    };
    let at = |t: Option<DateTime<Utc>>| t.map_or_else(|| "—".to_owned(), stamp);
    let mut rows = vec![
        ("Incident", i.id.to_string()),
        ("Severity", severity),
        ("Status", i.status.to_string()),
        ("Impact started", stamp(i.impact_started_at)),
        ("Declared", stamp(i.declared_at)),
        ("Mitigated", at(i.mitigated_at)),
        ("Resolved", at(i.resolved_at)),
        ("Authors", authors(d)),
    ];
    if i.drill {
        rows.insert(
            0,
            (
                "DRILL",
                "a practice incident: it counts in no SLA or metric".into(),
            ),
        );
    }
    rows.into_iter()
        .map(|(k, v)| format!("- **{k}:** {v}\n"))
        .collect()
}

/// A Markdown table with `header` and `rows` (cells already Markdown).
fn table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = format!(
        "| {} |\n|{}\n",
        header.join(" | "),
        "---|".repeat(header.len())
    );
    for row in rows {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out
}

fn impact(d: &IncidentDetail) -> String {
    let i = &d.incident;
    let windows = d.impact_windows.iter().enumerate().map(|(n, w)| {
        vec![
            (n + 1).to_string(),
            stamp(w.started_at),
            w.ended_at.map_or_else(|| "ongoing".to_owned(), stamp),
            w.ended_at.map_or_else(
                || "—".to_owned(),
                |e| span((e - w.started_at).num_seconds() as f64 / 60.0),
            ),
        ]
    });
    let mut out = table(&["Window", "Started", "Ended", "Duration"], windows);
    let durations = &d.durations;
    out.push('\n');
    match durations.impact_minutes {
        Some(m) if d.impact_windows.len() > 1 => out.push_str(&format!(
            "**Total impact: {}** over {} windows (impact resumed after mitigation).\n",
            span(m),
            d.impact_windows.len()
        )),
        Some(m) => out.push_str(&format!("**Total impact: {}**.\n", span(m))),
        None => out.push_str("**Total impact:** still going on.\n"),
    }
    if i.impact_started_estimated {
        out.push_str("\nThe impact's start was not given; it is taken to be the detection time.\n");
    }
    let phase = |m: Option<f64>| m.map_or_else(|| "—".to_owned(), span);
    out.push('\n');
    out.push_str(&table(
        &["Time to", ""],
        [
            (
                "detect (impact started → detected)",
                Some(durations.time_to_detect_minutes),
            ),
            (
                "acknowledge (detected → a commander took it)",
                durations.time_to_acknowledge_minutes,
            ),
            (
                "declare (detected → declared)",
                Some(durations.time_to_declare_minutes),
            ),
            (
                "mitigate (impact started → mitigated)",
                durations.time_to_mitigate_minutes,
            ),
            (
                "resolve (impact started → resolved)",
                durations.time_to_resolve_minutes,
            ),
        ]
        .into_iter()
        .map(|(what, m)| vec![what.to_owned(), phase(m)]),
    ));
    out.push('\n');
    if d.affected.is_empty() {
        out.push_str(
            "**Affected:** _nobody was marked affected — say whose validators the impact hit._\n",
        );
    } else {
        let who: Vec<String> = d
            .affected
            .iter()
            .map(|a| match a.validators {
                Some(n) => format!(
                    "{} ({}, {n} validators)",
                    md_inline(&a.stakeholder),
                    a.group
                ),
                None => format!("{} ({})", md_inline(&a.stakeholder), a.group),
            })
            .collect();
        out.push_str(&format!("**Affected:** {}.\n", who.join(", ")));
    }
    if let Some(n) = d.validators_affected {
        out.push_str(&format!("\n**Validators affected:** {n}.\n"));
    }
    out
}

fn timeline(d: &IncidentDetail) -> String {
    if d.timeline.is_empty() {
        return "_The timeline is empty._\n".to_owned();
    }
    let mut out = String::with_capacity(d.timeline.len() * 128);
    for e in &d.timeline {
        out.push_str(if e.pinned { "- **" } else { "- " });
        push_stamp(&mut out, e.at);
        out.push_str(" · ");
        out.push_str(e.kind.as_str());
        out.push_str(" · ");
        push_line(&mut out, &e.text);
        out.push_str(if e.pinned { "** (pinned)\n" } else { "\n" });
    }
    out
}

fn detection(d: &IncidentDetail) -> String {
    let i = &d.incident;
    let estimated = |yes: bool| if yes { " (estimated)" } else { "" };
    let mut out = format!(
        "- Impact started: {}{}\n- Detected: {}{}, {} after the impact started\n",
        stamp(i.impact_started_at),
        estimated(i.impact_started_estimated),
        stamp(i.detected_at),
        estimated(i.detected_estimated),
        span(d.durations.time_to_detect_minutes),
    );
    if let Some(t) = i.acknowledged_at {
        out.push_str(&format!(
            "- Acknowledged (a commander took it): {}\n",
            stamp(t)
        ));
    }
    out.push_str(&format!("- Declared: {}\n\n", stamp(i.declared_at)));
    out.push_str("_How was it detected — which alert, dashboard or report — and could it have been sooner?_\n");
    out
}

/// How an outcome reads in a postmortem.
fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Pending => "still owed",
        Outcome::OnTime => "on time",
        Outcome::Late => "late",
        Outcome::Missed => "missed",
        Outcome::Superseded => "superseded",
        Outcome::Skipped => "skipped",
        Outcome::Removed => "removed from the incident",
    }
}

/// How a notice kind reads: "initial notice", "postmortem".
fn notice(kind: ObligationKind) -> &'static str {
    match kind {
        ObligationKind::Initial => "initial notice",
        ObligationKind::Update => "update",
        ObligationKind::Resolution => "resolution notice",
        ObligationKind::Postmortem => "postmortem",
    }
}

fn communications(d: &IncidentDetail, snoozes: &[Snooze]) -> String {
    let c = &d.comms;
    let mut out = String::from("### Who was told what, and when\n\n");
    if c.log.is_empty() {
        out.push_str("_Nobody was sent an update._\n");
    }
    for u in &c.log {
        let what = match (u.fulfilled, u.on_time) {
            (Some(kind), Some(true)) => format!("{}, on time", notice(kind)),
            (Some(kind), _) => format!("{}, late", notice(kind)),
            (None, _) => "an extra update".to_owned(),
        };
        let message = excerpt(&line(&u.message), 160);
        let handle = if u.handle.is_empty() {
            String::new()
        } else {
            format!(" {}", md_inline(&u.handle))
        };
        out.push_str(&format!(
            "- {} — {} via {}{handle}: {what} — “{message}”\n",
            stamp(u.sent_at),
            md_inline(&u.stakeholder),
            u.channel,
        ));
    }
    out.push_str("\n### What each stakeholder was owed\n\n");
    if c.obligations.is_empty() {
        out.push_str("_Nobody was owed a notice._\n");
    } else {
        let mut owed: Vec<_> = c.obligations.iter().collect();
        owed.sort_by(|a, b| {
            (&a.stakeholder, a.first_due_at).cmp(&(&b.stakeholder, b.first_due_at))
        });
        out.push_str(&table(
            &["Stakeholder", "Notice", "First due", "Outcome", "Ended"],
            owed.into_iter().map(|o| {
                let mut result = outcome(o.outcome).to_owned();
                if let Some(reason) = &o.skip_reason {
                    result.push_str(&format!(": {}", line(reason)));
                }
                vec![
                    md_inline(&o.stakeholder),
                    notice(o.kind).to_owned(),
                    stamp(o.first_due_at),
                    result,
                    o.ended_at.map_or_else(|| "—".to_owned(), stamp),
                ]
            }),
        ));
    }
    let outcomes: Vec<Outcome> = c.obligations.iter().map(|o| o.outcome).collect();
    let count = |wanted: Outcome| outcomes.iter().filter(|o| **o == wanted).count();
    out.push('\n');
    match Outcome::on_time_percent(&outcomes) {
        Some(p) => out.push_str(&format!(
            "**On time: {:.0} %** of the notices that came due ({} on time, {} late, {} missed)",
            p,
            count(Outcome::OnTime),
            count(Outcome::Late),
            count(Outcome::Missed)
        )),
        None => out.push_str("**On time:** no notice came due"),
    }
    match count(Outcome::Skipped) {
        0 => out.push_str(".\n"),
        n => out.push_str(&format!("; {n} skipped by the commander.\n")),
    }
    let never: Vec<String> = c
        .obligations
        .iter()
        .filter(|o| o.outcome == Outcome::Missed)
        .map(|o| {
            format!(
                "{} — {} due {}",
                md_inline(&o.stakeholder),
                notice(o.kind),
                stamp(o.first_due_at)
            )
        })
        .collect();
    if !never.is_empty() {
        out.push_str(&format!("\n**Missed:** {}.\n", never.join("; ")));
    }
    out.push_str(&format!(
        "\n**Duplicates prevented:** {} ({} sent anyway, confirmed by the commander).\n",
        c.duplicates_prevented, c.duplicates_sent_anyway
    ));
    if snoozes.is_empty() {
        out.push_str("\n**Reminders snoozed:** none.\n");
    } else {
        out.push_str(&format!("\n**Reminders snoozed:** {}\n\n", snoozes.len()));
        for s in snoozes {
            out.push_str(&format!(
                "- {} — {}'s {} snoozed {} min\n",
                stamp(s.at),
                md_inline(&s.stakeholder),
                notice(s.kind),
                (s.until - s.at).num_minutes()
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_in_days_hours_and_minutes() {
        assert_eq!(span(40.0), "40 min");
        assert_eq!(span(65.0), "1 h 05 min");
        assert_eq!(span(59.6), "1 h 00 min");
        assert_eq!(span(3.0 * 1440.0 + 61.0), "3 d 1 h 01 min");
    }

    #[test]
    fn record_text_stays_one_line_of_plain_text() {
        assert_eq!(
            line("restart *all* (now)\n| nodes"),
            "restart \\*all\\* (now) \\| nodes"
        );
    }
}
