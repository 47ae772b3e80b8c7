//! The `sitrep` command line: argument parsing, and one function per command
//! over the same core the desktop app uses. Exit status: 0 ok, 2 bad input,
//! 3 refused as a probable duplicate, 1 anything else.

mod output;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::clock::Clock;
use crate::error::{Error, ErrorKind, InvalidInput, Result};
use crate::incident::{self, DeclareInput, IncidentKey};
use crate::lifecycle::{self, EditInput, StatusInput};
use crate::plan::{self, StepInput};
use crate::role::{self, RoleInput};
use crate::store::{self, Store};
use crate::timeline::{self, NoteInput};

/// Incident command for node operators, from the terminal.
#[derive(Debug, Parser)]
#[command(name = "sitrep", version, about)]
struct Cli {
    /// Database file [default: $SITREP_DB, else the desktop app's database in the OS application-data folder]
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Declare an incident and print its key (INC-<n>)
    Declare(DeclareArgs),
    /// Move an incident to a new status: investigating, identified, monitoring, resolved, closed
    Status {
        incident: String,
        status: String,
        /// Why, in a few words
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        at: At,
    },
    /// Add a note to an incident's timeline
    Note {
        incident: String,
        text: String,
        #[command(flatten)]
        at: At,
    },
    /// Correct an incident's title, severity, plan or milestones
    Edit(EditArgs),
    /// Give a role (commander, comms, ops, scribe) to a person, handing it over
    Role {
        incident: String,
        role: String,
        person: String,
        #[command(flatten)]
        at: At,
    },
    /// Tick (or with --undo untick) step N of an incident's response plan
    Step {
        incident: String,
        number: u32,
        /// Mark the step as not done again
        #[arg(long)]
        undo: bool,
        #[command(flatten)]
        at: At,
    },
    /// Show one incident: milestones, roles, plan and timeline
    Show {
        incident: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// List incidents: open ones first, most severe first
    List {
        /// Only incidents that are not closed
        #[arg(long)]
        open: bool,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// The response-plan library; `plans export` prints it as TOML, `plans import FILE` reads it back
    Plans {
        #[command(subcommand)]
        action: Option<PlansAction>,
        /// Print JSON instead of a list
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum PlansAction {
    /// Print every plan as TOML
    Export,
    /// Add or replace the plans in a TOML file (all or nothing)
    Import { file: PathBuf },
}

/// `--at`: when a change happened.
#[derive(Debug, Args)]
struct At {
    /// When it happened (RFC 3339, any offset) [default: now]
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
}

#[derive(Debug, Args)]
struct DeclareArgs {
    /// What is broken, in a few words (at most 200 characters)
    #[arg(long)]
    title: String,
    /// 1 (critical) to 4 (minor)
    #[arg(long, allow_negative_numbers = true)]
    severity: i64,
    /// The kind of incident, which attaches its response plan (`sitrep plans` lists them)
    #[arg(long)]
    kind: Option<String>,
    /// When the impact began (RFC 3339) [default: the detection time]
    #[arg(long, value_name = "TIME")]
    impact_started: Option<String>,
    /// When the problem was noticed (RFC 3339) [default: the declaration time]
    #[arg(long, value_name = "TIME")]
    detected: Option<String>,
    /// A practice incident: counts in no metric or report
    #[arg(long)]
    drill: bool,
    /// When it was declared (RFC 3339, any offset) [default: now]
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    /// Print the incident as JSON instead of its key
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct EditArgs {
    incident: String,
    #[arg(long)]
    title: Option<String>,
    #[arg(long, allow_negative_numbers = true)]
    severity: Option<i64>,
    /// Attach the response plan of this kind (only while none is attached)
    #[arg(long)]
    kind: Option<String>,
    #[arg(long, value_name = "TIME")]
    impact_started: Option<String>,
    #[arg(long, value_name = "TIME")]
    detected: Option<String>,
    #[arg(long, value_name = "TIME")]
    mitigated: Option<String>,
    #[arg(long, value_name = "TIME")]
    resolved: Option<String>,
    /// When a title or severity change happened (RFC 3339) [default: now]
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
}

/// Runs the command line `args` (program name first) against `clock` and
/// returns the process exit status.
pub fn run(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    clock: &dyn Clock,
) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            // Help and version go to stdout with status 0; usage errors exit 2.
            let _ = err.print();
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
    };
    match execute(cli, clock) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("sitrep: {err}");
            ExitCode::from(match err.kind() {
                ErrorKind::BadInput => 2,
                ErrorKind::Internal => 1,
            })
        }
    }
}

fn key(text: &str) -> Result<IncidentKey> {
    Ok(text.parse()?)
}

fn execute(cli: Cli, clock: &dyn Clock) -> Result<()> {
    let mut store = Store::open(store::resolve_path(cli.db)?)?;
    let store = &mut store;
    match cli.command {
        Command::Declare(args) => {
            let input = DeclareInput {
                title: args.title,
                severity: args.severity,
                kind: args.kind,
                drill: args.drill,
                impact_started: args.impact_started,
                detected: args.detected,
                at: args.at,
            };
            let declared = incident::declare(store, clock, &input)?;
            if args.json {
                output::json(&declared);
            } else {
                println!("{}", declared.incident.id);
            }
        }
        Command::Status {
            incident,
            status,
            note,
            at,
        } => {
            let input = StatusInput {
                status: status.parse()?,
                note,
                at: at.at,
            };
            let moved = lifecycle::change_status(store, clock, key(&incident)?, &input)?;
            println!("{} {}", moved.incident.id, moved.incident.status);
        }
        Command::Note { incident, text, at } => {
            let input = NoteInput { text, at: at.at };
            timeline::add_note(store, clock, key(&incident)?, &input)?;
        }
        Command::Edit(args) => {
            let input = EditInput {
                title: args.title,
                severity: args.severity,
                kind: args.kind,
                impact_started: args.impact_started,
                detected: args.detected,
                mitigated: args.mitigated,
                resolved: args.resolved,
                at: args.at,
            };
            lifecycle::edit(store, clock, key(&args.incident)?, &input)?;
        }
        Command::Role {
            incident,
            role,
            person,
            at,
        } => {
            let input = RoleInput {
                role: role.parse()?,
                person,
                at: at.at,
            };
            role::assign(store, clock, key(&incident)?, &input)?;
        }
        Command::Step {
            incident,
            number,
            undo,
            at,
        } => {
            let input = StepInput {
                number,
                done: !undo,
                at: at.at,
            };
            plan::mark_step(store, clock, key(&incident)?, &input)?;
        }
        Command::Show { incident, json } => {
            let detail = store.incident(key(&incident)?)?;
            if json {
                output::json(&detail);
            } else {
                output::incident_detail(&detail);
            }
        }
        Command::List { open, json } => {
            let incidents: Vec<_> = store
                .list_incidents()?
                .into_iter()
                .map(|s| s.incident)
                .filter(|i| !open || i.is_open())
                .collect();
            if json {
                let details = incidents
                    .iter()
                    .map(|i| store.incident(i.id))
                    .collect::<Result<Vec<_>>>()?;
                output::json(&details);
            } else {
                output::incident_table(&incidents);
            }
        }
        Command::Plans { action, json } => match action {
            None if json => output::json(&store.plans()?),
            None => output::plan_list(&store.plans()?),
            Some(PlansAction::Export) => print!("{}", plan::to_toml(&store.plans()?)),
            Some(PlansAction::Import { file }) => {
                let text = std::fs::read_to_string(&file).map_err(|err| {
                    Error::from(InvalidInput::new(
                        "file",
                        format!("cannot read {}: {err}", file.display()),
                    ))
                })?;
                let kinds = plan::import(store, &text)?;
                println!("imported {} plans: {}", kinds.len(), kinds.join(", "));
            }
        },
    }
    Ok(())
}
