//! How the CLI prints: JSON for scripts, aligned plain text for people.
//! Times are printed in UTC, always with the date.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::comms::Obligation;
use crate::incident::{Incident, IncidentDetail};
use crate::plan::Plan;
use crate::report::MonthReport;
use crate::stakeholder::Stakeholder;
use crate::text::printable;

/// Prints `value` as pretty JSON on stdout.
pub(super) fn json(value: &impl Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        // Our types serialise infallibly; say so loudly if that ever changes.
        Err(err) => eprintln!("sitrep: cannot print JSON: {err}"),
    }
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// Prints one incident a line: key, severity, status, declared (UTC), title.
pub(super) fn incident_table<'a>(incidents: impl IntoIterator<Item = &'a Incident>) {
    let mut incidents = incidents.into_iter().peekable();
    if incidents.peek().is_none() {
        println!("No incidents. Declare one with: sitrep declare --title TEXT --severity 1..4");
        return;
    }
    for i in incidents {
        let drill = if i.drill { "  [DRILL]" } else { "" };
        println!(
            "{:<8} {}  {:<13}  {}  {}{drill}",
            i.id.to_string(),
            i.severity,
            i.status.as_str(),
            i.declared_at.format("%Y-%m-%d %H:%M UTC"),
            printable(&i.title)
        );
    }
}

/// Prints an incident for a person: header, milestones, roles, plan, timeline.
pub(super) fn incident_detail(d: &IncidentDetail) {
    let i = &d.incident;
    let drill = if i.drill { "[DRILL] " } else { "" };
    println!(
        "{drill}{} {} {} — {}",
        i.id,
        i.severity,
        i.status,
        printable(&i.title)
    );
    let milestones = [
        ("impact started", Some(i.impact_started_at)),
        ("detected", Some(i.detected_at)),
        ("declared", Some(i.declared_at)),
        ("mitigated", i.mitigated_at),
        ("resolved", i.resolved_at),
        ("closed", i.closed_at),
    ];
    for (label, t) in milestones {
        if let Some(t) = t {
            println!("  {label:<15} {}", utc(t));
        }
    }
    for (n, w) in d.impact_windows.iter().enumerate() {
        let end = w.ended_at.map_or("ongoing".to_owned(), utc);
        println!("  impact {:<8} {} → {end}", n + 1, utc(w.started_at));
    }
    if let Some(minutes) = d.durations.impact_minutes {
        println!("  {:<15} {minutes:.0} min", "impact");
    }
    if d.affected.is_empty() {
        println!(
            "  {:<15} nobody marked (sitrep affected {} add NAME|GROUP)",
            "affected", i.id
        );
    }
    for a in &d.affected {
        let validators = a
            .validators
            .map_or(String::new(), |n| format!(" ({n} validators)"));
        println!(
            "  {:<15} {}{validators}",
            "affected",
            printable(&a.stakeholder)
        );
    }
    for holder in &d.roles {
        println!(
            "  {:<15} {} (since {})",
            holder.role.as_str(),
            printable(&holder.person),
            utc(holder.since)
        );
    }
    if !d.steps.is_empty() {
        println!("\nPlan ({}):", i.kind.as_deref().unwrap_or("-"));
        for step in &d.steps {
            let mark = if step.done_at.is_some() { "x" } else { " " };
            println!("  [{mark}] {}. {}", step.number, printable(&step.text));
        }
    }
    if !d.comms.checklist.is_empty() {
        println!("\nComms:");
        for row in &d.comms.checklist {
            let mut next = match (row.next, row.due_at) {
                (Some(kind), Some(due)) => format!("{kind} due {}", utc(due)),
                _ => "nothing due".to_owned(),
            };
            if let Some(due) = row.postmortem_due_at {
                next.push_str(&format!("; postmortem due {}", utc(due)));
            }
            for m in &row.missed {
                let never = if row.last_update_at.is_none() {
                    "never told — "
                } else {
                    ""
                };
                next.push_str(&format!("; {never}{} missed {}", m.kind, utc(m.due_at)));
            }
            println!(
                "  {:<36} {:<10} {next}",
                printable(&row.stakeholder),
                row.channel.as_str()
            );
        }
    }
    println!("\nTimeline:");
    for entry in &d.timeline {
        let pin = if entry.pinned { "*" } else { " " };
        let edited = if entry.edited_at.is_some() {
            " (edited)"
        } else {
            ""
        };
        println!(
            "{pin} {}  {:<9}  {}{edited}",
            utc(entry.at),
            entry.kind.as_str(),
            printable(&entry.text)
        );
    }
}

/// Prints a month's report for a person.
pub(super) fn month_report(r: &MonthReport) {
    let whose = r.stakeholder.as_deref().unwrap_or("the operator");
    println!("{} — {whose}", r.month);
    println!(
        "  uptime          {:.3} % (target {} %)",
        r.uptime_percent, r.sla_target_percent
    );
    println!(
        "  downtime        {:.0} min of a {:.0} min budget ({:.0} min left)",
        r.downtime_minutes, r.budget_minutes, r.budget_left_minutes
    );
    let [s1, s2, s3, s4] = r.incidents_by_severity;
    println!(
        "  incidents       {} (SEV1 {s1}, SEV2 {s2}, SEV3 {s3}, SEV4 {s4}); drills {}",
        r.incidents, r.drills
    );
    for (label, m) in [
        ("detect", &r.detect),
        ("acknowledge", &r.acknowledge),
        ("mitigate", &r.mitigate),
        ("resolve", &r.resolve),
    ] {
        let shown = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.0} min"));
        println!(
            "  time to {label:<11} mean {}, worst {} ({} left out: estimated or not yet)",
            shown(m.mean_minutes),
            shown(m.worst_minutes),
            m.left_out
        );
    }
    let on_time = r
        .updates_on_time_percent
        .map_or("-".to_owned(), |p| format!("{p:.0} %"));
    println!(
        "  comms           {} updates sent; {} on time, {} late, {} missed, {} skipped; on time {on_time}; {} duplicates prevented",
        r.updates_sent, r.on_time, r.late, r.missed, r.skipped, r.duplicates_prevented
    );
}

/// Prints the plan library: kind, name, number of steps.
pub(super) fn plan_list(plans: &[Plan]) {
    if plans.is_empty() {
        println!("No response plans. Import some with: sitrep plans import FILE.toml");
    }
    for plan in plans {
        println!(
            "{:<28} {} ({} steps)",
            plan.kind,
            plan.name,
            plan.steps.len()
        );
    }
}

/// Prints the directory: name, group, channel; examples and retired marked.
pub(super) fn stakeholder_table(stakeholders: &[Stakeholder]) {
    if stakeholders.is_empty() {
        println!(
            "No stakeholders. Add one with: sitrep stakeholder add --name NAME --group GROUP --channel CHANNEL"
        );
    }
    for s in stakeholders {
        let marks = match (s.example, s.retired_at) {
            (_, Some(_)) => "  [retired]",
            (true, None) => "  [example]",
            (false, None) => "",
        };
        println!(
            "{:<36} {:<22} {} {}{marks}",
            printable(&s.name),
            s.group.label(),
            s.channel.kind,
            printable(&s.channel.handle)
        );
    }
}

/// Prints open obligations, soonest first.
pub(super) fn due_table(due: &[Obligation]) {
    if due.is_empty() {
        println!("Nothing due: every stakeholder is up to date.");
    }
    for o in due {
        let overdue = if o.overdue { "  OVERDUE" } else { "" };
        let drill = if o.drill { " [DRILL]" } else { "" };
        println!(
            "{}  {:<8} {}{drill}  {:<10} {} ({} {}){overdue}",
            utc(o.due_at),
            o.incident.to_string(),
            o.severity,
            o.kind.as_str(),
            printable(&o.stakeholder),
            o.channel,
            printable(&o.handle)
        );
    }
}
