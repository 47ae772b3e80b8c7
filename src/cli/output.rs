//! How the CLI prints: JSON for scripts, aligned plain text for people.
//! Times are printed in UTC, always with the date.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::incident::{Incident, IncidentDetail};
use crate::plan::Plan;

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
pub(super) fn incident_table(incidents: &[Incident]) {
    if incidents.is_empty() {
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
            i.title
        );
    }
}

/// Prints an incident for a person: header, milestones, roles, plan, timeline.
pub(super) fn incident_detail(d: &IncidentDetail) {
    let i = &d.incident;
    let drill = if i.drill { "[DRILL] " } else { "" };
    println!("{drill}{} {} {} — {}", i.id, i.severity, i.status, i.title);
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
    for holder in &d.roles {
        println!(
            "  {:<15} {} (since {})",
            holder.role.as_str(),
            holder.person,
            utc(holder.since)
        );
    }
    if !d.steps.is_empty() {
        println!("\nPlan ({}):", i.kind.as_deref().unwrap_or("-"));
        for step in &d.steps {
            let mark = if step.done_at.is_some() { "x" } else { " " };
            println!("  [{mark}] {}. {}", step.number, step.text);
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
            entry.text
        );
    }
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
