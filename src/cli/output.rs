//! How the CLI prints: JSON for scripts, aligned plain text for people.

use serde::Serialize;

use crate::incident::Incident;

/// Prints `value` as pretty JSON on stdout.
pub(super) fn json(value: &impl Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        // Our types serialise infallibly; say so loudly if that ever changes.
        Err(err) => eprintln!("sitrep: cannot print JSON: {err}"),
    }
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
