//! The `sitrep` command line: argument parsing, and one function per command
//! over the same core the desktop app uses. Exit status: 0 ok, 2 bad input,
//! 3 refused as a probable duplicate, 1 anything else.

mod output;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::clock::Clock;
use crate::error::{ErrorKind, Result};
use crate::incident::{self, DeclareInput};
use crate::store::{self, Store};

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
    /// List incidents: open ones first, most severe first
    List {
        /// Only incidents that are not closed
        #[arg(long)]
        open: bool,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
struct DeclareArgs {
    /// What is broken, in a few words (at most 200 characters)
    #[arg(long)]
    title: String,
    /// 1 (critical) to 4 (minor)
    #[arg(long, allow_negative_numbers = true)]
    severity: i64,
    /// The kind of incident, which picks its response plan
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

fn execute(cli: Cli, clock: &dyn Clock) -> Result<()> {
    let mut store = Store::open(store::resolve_path(cli.db)?)?;
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
            let declared = incident::declare(&mut store, clock, &input)?;
            if args.json {
                output::json(&declared);
            } else {
                println!("{}", declared.incident.id);
            }
        }
        Command::List { open, json } => {
            let incidents: Vec<_> = store
                .list_incidents()?
                .into_iter()
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
    }
    Ok(())
}
