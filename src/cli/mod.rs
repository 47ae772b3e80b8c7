//! The `sitrep` command line: argument parsing, and one function per command
//! over the same core the desktop app uses. Exit status: 0 ok, 2 bad input,
//! 3 refused as a probable duplicate, 1 anything else.

mod output;
mod postmortem;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::affected::{self, AffectedInput};
use crate::clock::{Clock, ManualClock, happened_at, parse_time};
use crate::comms::{self, MembershipInput, SendInput, SkipInput};
use crate::error::{Error, ErrorKind, InvalidInput, Result};
use crate::feedback::{self, FeedbackInput};
use crate::incident::{self, DeclareInput, IncidentKey, IncidentSummary};
use crate::lifecycle::{self, EditInput, StatusInput};
use crate::listing;
use crate::month::Month;
use crate::plan::{self, StepInput};
use crate::report;
use crate::role::{self, RoleInput};
use crate::stakeholder::{self, StakeholderInput};
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
    /// List incidents: open ones first, most severe first, then the newest closed
    List {
        /// Only incidents that are not closed
        #[arg(long)]
        open: bool,
        /// Only incidents whose impact may fall in this UTC month (YYYY-MM)
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
        /// At most this many incidents
        #[arg(long, value_name = "N")]
        limit: Option<u32>,
        /// Only incidents declared at or after TIME (RFC 3339)
        #[arg(long, value_name = "TIME")]
        since: Option<String>,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Add a stakeholder, change their channel, retire them, or add/remove them for one incident
    Stakeholder {
        #[command(subcommand)]
        action: StakeholderAction,
    },
    /// The stakeholder directory; `stakeholders export` prints it, `stakeholders import FILE` reads CSV or JSON
    Stakeholders {
        #[command(subcommand)]
        action: Option<StakeholdersAction>,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Open obligations of every incident, soonest first
    Due {
        /// Judge what is overdue as of this time (RFC 3339) [default: now]
        #[arg(long, value_name = "TIME", value_parser = time_arg)]
        at: Option<String>,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Record an update as sent to stakeholders (comma-separated names)
    Sent {
        incident: String,
        #[arg(
            long,
            value_name = "NAME[,NAME..]",
            value_delimiter = ',',
            required = true
        )]
        to: Vec<String>,
        /// The text sent [default: the status template, written for each channel]
        #[arg(long)]
        message: Option<String>,
        /// Record it even if it looks like a duplicate
        #[arg(long)]
        force: bool,
        /// It shares the postmortem (the incident must be resolved)
        #[arg(long)]
        postmortem: bool,
        #[command(flatten)]
        at: At,
    },
    /// Mark a stakeholder, or a whole group, affected by an incident (charged with its downtime), or take it back
    Affected {
        incident: String,
        #[arg(value_parser = ["add", "remove"])]
        action: String,
        /// A stakeholder's or a group's name
        target: String,
        /// How many of their validators are affected (one stakeholder only)
        #[arg(long, value_name = "N")]
        validators: Option<u32>,
        #[command(flatten)]
        at: At,
    },
    /// Skip what a stakeholder is owed now (their open notice, or with --postmortem the postmortem), saying why
    Skip {
        incident: String,
        #[arg(long, value_name = "NAME")]
        to: String,
        #[arg(long)]
        reason: String,
        /// Skip the postmortem instead of the notice
        #[arg(long)]
        postmortem: bool,
        #[command(flatten)]
        at: At,
    },
    /// Record a stakeholder's feedback (1-5) on how a resolved incident was communicated, or --import a survey's CSV
    Feedback {
        #[arg(required_unless_present = "import")]
        incident: Option<String>,
        /// Who gave it
        #[arg(long, value_name = "NAME", required_unless_present = "import")]
        from: Option<String>,
        /// 1 (poor) to 5 (excellent)
        #[arg(
            long,
            allow_negative_numbers = true,
            required_unless_present = "import"
        )]
        rating: Option<i64>,
        #[arg(long, default_value = "")]
        comment: String,
        /// A CSV with the header incident,stakeholder,rating,comment,at (all rows or none)
        #[arg(long, value_name = "FILE", conflicts_with_all = ["incident", "from", "rating"])]
        import: Option<PathBuf>,
        #[command(flatten)]
        at: At,
    },
    /// The monthly SLA and communication report, for the operator or one stakeholder
    Report {
        /// The UTC calendar month, YYYY-MM
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// Only what concerns this stakeholder (charged only for incidents marked as affecting them)
        #[arg(long, value_name = "NAME")]
        stakeholder: Option<String>,
        /// Print it as a file to hand on: md, html or csv
        #[arg(long, value_name = "md|html|csv", conflicts_with = "json")]
        format: Option<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Check the database whole (SQLite's integrity and foreign-key checks); exit 1 if it is damaged
    Check,
    /// Copy the database, while in use, to FILE or into the backups folder beside it (keeping 24 hourly and 14 daily)
    Backup {
        #[arg(long, value_name = "FILE")]
        to: Option<PathBuf>,
    },
    /// Replace the database with a backup, after checking it; the current one is kept aside
    Restore { file: PathBuf },
    /// Print the whole database as one JSON bundle (every table's rows)
    Export,
    /// Fill a new database from a bundle made by `sitrep export` (all or nothing)
    Import { file: PathBuf },
    /// Draft and print an incident's postmortem (md or html), share it, set its status, or manage templates
    Postmortem(postmortem::PostmortemArgs),
    /// Action items across incidents (overdue ones marked); `actions add` and `actions set` change them
    Actions(postmortem::ActionsArgs),
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
enum StakeholderAction {
    /// Add a stakeholder to the directory
    Add {
        #[arg(long)]
        name: String,
        /// Institutional stakers, Service partners, Software providers, Auditors, Communities or Public
        #[arg(long)]
        group: String,
        /// slack, telegram, email, status_page, github, phone or other
        #[arg(long)]
        channel: String,
        /// The channel, chat, address or URL
        #[arg(long, default_value = "")]
        handle: String,
        #[arg(long, default_value = "")]
        notes: String,
        /// Monthly uptime promised to them, in percent [default: 99.0]
        #[arg(long, value_name = "PERCENT")]
        sla: Option<f64>,
        #[command(flatten)]
        at: At,
    },
    /// Give a stakeholder a new active channel (the old one is retired)
    Channel {
        name: String,
        #[arg(long)]
        channel: String,
        #[arg(long, default_value = "")]
        handle: String,
        #[command(flatten)]
        at: At,
    },
    /// Retire a stakeholder: no more obligations or updates
    Retire {
        name: String,
        #[command(flatten)]
        at: At,
    },
    /// Add a stakeholder to one incident (opts a software provider in)
    Include(MembershipArgs),
    /// Remove a stakeholder from one incident
    Exclude(MembershipArgs),
}

/// Who to add to or remove from which incident, and why.
#[derive(Debug, Args)]
struct MembershipArgs {
    incident: String,
    name: String,
    /// Why (kept on the timeline)
    #[arg(long)]
    reason: String,
    #[command(flatten)]
    at: At,
}

#[derive(Debug, Subcommand)]
enum StakeholdersAction {
    /// Print the directory as CSV or JSON
    Export {
        #[arg(long, default_value = "csv", value_parser = ["csv", "json"])]
        format: String,
    },
    /// Add or update the stakeholders in a .csv or .json file (all or nothing)
    Import {
        file: PathBuf,
        #[command(flatten)]
        at: At,
    },
}

#[derive(Debug, Subcommand)]
enum PlansAction {
    /// Print every plan as TOML
    Export,
    /// Add or replace the plans in a TOML file (all or nothing)
    Import {
        file: PathBuf,
        #[command(flatten)]
        at: At,
    },
}

/// A time argument as typed: refused when blank, so `--at ""` is a
/// mistake, not "now" (leave the option out for now).
fn time_arg(text: &str) -> std::result::Result<String, String> {
    if text.trim().is_empty() {
        return Err(
            "the time is empty; give an RFC 3339 time, or leave the option out for now".into(),
        );
    }
    Ok(text.to_owned())
}

/// `--at`: when a change happened.
#[derive(Debug, Args)]
struct At {
    /// When it happened (RFC 3339, any offset) [default: now]
    #[arg(long, value_name = "TIME", value_parser = time_arg)]
    at: Option<String>,
}

impl At {
    /// A clock stopped at `--at`, refused like any recorded time if malformed
    /// or in the future. Only for core functions that take nothing but a
    /// clock and append no timeline entry, so no `recorded_at` is back-dated.
    fn clock(&self, clock: &dyn Clock) -> Result<ManualClock> {
        let at = happened_at("at", self.at.as_deref(), clock.now())?;
        Ok(ManualClock::new(at))
    }
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
    #[arg(long, value_name = "TIME", value_parser = time_arg)]
    impact_started: Option<String>,
    /// When the problem was noticed (RFC 3339) [default: the declaration time]
    #[arg(long, value_name = "TIME", value_parser = time_arg)]
    detected: Option<String>,
    /// A practice incident: counts in no metric or report
    #[arg(long)]
    drill: bool,
    /// Stakeholders or groups its impact hits (comma-separated names)
    #[arg(long, value_name = "NAME|GROUP[,..]", value_delimiter = ',')]
    affected: Vec<String>,
    /// When it was declared (RFC 3339, any offset) [default: now]
    #[arg(long, value_name = "TIME", value_parser = time_arg)]
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
    #[arg(long, value_name = "TIME", value_parser = time_arg)]
    impact_started: Option<String>,
    #[arg(long, value_name = "TIME", value_parser = time_arg)]
    detected: Option<String>,
    #[arg(long, value_name = "TIME", value_parser = time_arg)]
    mitigated: Option<String>,
    #[arg(long, value_name = "TIME", value_parser = time_arg)]
    resolved: Option<String>,
    #[arg(long, value_name = "TIME", value_parser = time_arg)]
    declared: Option<String>,
    #[arg(long, value_name = "TIME", value_parser = time_arg)]
    closed: Option<String>,
    /// true: a practice incident; false: a real one after all
    #[arg(long, value_name = "BOOL")]
    drill: Option<bool>,
    /// When a title, severity or drill change happened (RFC 3339) [default: now]
    #[arg(long, value_name = "TIME", value_parser = time_arg)]
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
            if err.kind() == ErrorKind::Duplicate {
                eprintln!("sitrep: nothing recorded; to record it anyway, repeat with --force");
            }
            ExitCode::from(match err.kind() {
                ErrorKind::BadInput => 2,
                ErrorKind::Duplicate => 3,
                ErrorKind::Internal => 1,
            })
        }
    }
}

fn key(text: &str) -> Result<IncidentKey> {
    Ok(text.parse()?)
}

impl Command {
    /// Whether it only reads: then the database is opened read-only, so a
    /// read-only copy or a full disk can still be looked at.
    fn only_reads(&self) -> bool {
        match self {
            Command::Show { .. }
            | Command::Export
            | Command::Check
            | Command::Backup { .. }
            | Command::List { .. }
            | Command::Due { .. }
            | Command::Report { .. } => true,
            Command::Stakeholders { action, .. } => {
                matches!(action, None | Some(StakeholdersAction::Export { .. }))
            }
            Command::Plans { action, .. } => matches!(action, None | Some(PlansAction::Export)),
            Command::Actions(args) => args.only_reads(),
            Command::Postmortem(args) => args.only_reads(),
            _ => false,
        }
    }
}

fn execute(cli: Cli, clock: &dyn Clock) -> Result<()> {
    let path = store::resolve_path(cli.db)?;
    if let Command::Restore { file } = &cli.command {
        let aside = store::restore(&path, file, clock.now())?;
        println!(
            "restored {} from {}; the database it replaced is kept as {}",
            path.display(),
            file.display(),
            aside.display()
        );
        return Ok(());
    }
    let mut store = if cli.command.only_reads() {
        Store::open_to_read(path)?
    } else {
        Store::open(path)?
    };
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
                affected: args.affected,
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
                declared: args.declared,
                closed: args.closed,
                drill: args.drill,
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
        Command::List {
            open,
            month,
            limit,
            since,
            json,
        } => {
            let listed = match month {
                Some(month) => {
                    let since = since
                        .as_deref()
                        .map(|t| parse_time("since", t))
                        .transpose()?;
                    store
                        .incidents_in(month.parse::<Month>()?)?
                        .into_iter()
                        .filter(|i| !open || i.is_open())
                        .filter(|i| since.is_none_or(|s| i.declared_at >= s))
                        .take(limit.map_or(usize::MAX, |n| n as usize))
                        .map(|i| IncidentSummary::new(i, None))
                        .collect()
                }
                None => listing::open_then_newest(store, clock.now(), open, since, limit)?,
            };
            if json {
                output::json(&listed);
            } else {
                output::incident_table(listed.iter().map(|s| &s.incident));
            }
        }
        Command::Stakeholder { action } => stakeholder_action(store, clock, action)?,
        Command::Stakeholders { action, json } => match action {
            None if json => output::json(&store.stakeholders()?),
            None => output::stakeholder_table(&store.stakeholders()?),
            Some(StakeholdersAction::Export { format }) => {
                let format = if format == "json" {
                    stakeholder::Format::Json
                } else {
                    stakeholder::Format::Csv
                };
                print!("{}", stakeholder::export(&store.stakeholders()?, format));
            }
            Some(StakeholdersAction::Import { file, at }) => {
                let format = stakeholder::Format::of_path(&file)?;
                let clock = at.clock(clock)?;
                let (added, updated) =
                    stakeholder::import(store, &clock, &read_file(&file)?, format)?;
                println!("added {added}, updated {updated} stakeholders");
            }
        },
        Command::Due { at, json } => {
            // Asking what is due at a future time is fine: it is a question, not a record.
            let at = match at.as_deref() {
                Some(t) => crate::clock::parse_time("at", t)?,
                None => clock.now(),
            };
            let due = comms::due(store, at)?;
            if json {
                output::json(&due);
            } else {
                output::due_table(&due);
            }
        }
        Command::Affected {
            incident,
            action,
            target,
            validators,
            at,
        } => {
            let input = AffectedInput {
                target,
                affected: action == "add",
                validators,
                at: at.at,
            };
            let detail = affected::set_affected(store, clock, key(&incident)?, &input)?;
            let names: Vec<&str> = detail
                .affected
                .iter()
                .map(|a| a.stakeholder.as_str())
                .collect();
            println!("{} affects: {}", detail.incident.id, names.join(", "));
        }
        Command::Skip {
            incident,
            to,
            reason,
            postmortem,
            at,
        } => {
            let input = SkipInput {
                stakeholder: to,
                reason,
                postmortem,
                at: at.at,
            };
            comms::skip(store, clock, key(&incident)?, &input)?;
        }
        Command::Sent {
            incident,
            to,
            message,
            force,
            postmortem,
            at,
        } => {
            let input = SendInput {
                to,
                message,
                draft: None,
                at: at.at,
                force,
                postmortem,
                idempotency_key: None,
            };
            let receipt = comms::record_update(store, clock, key(&incident)?, &input)?;
            for u in &receipt.updates {
                println!(
                    "sent to {} via {} at {}",
                    u.stakeholder,
                    u.channel,
                    u.sent_at.to_rfc3339()
                );
            }
        }
        Command::Feedback {
            incident,
            from,
            rating,
            comment,
            import,
            at,
        } => match (import, incident) {
            (Some(file), _) => {
                // Each row carries its own time; a bad `--at` is still refused.
                at.clock(clock)?;
                let n = feedback::import_csv(store, clock, &read_file(&file)?)?;
                println!("recorded {n} pieces of feedback");
            }
            (None, Some(incident)) => {
                let input = FeedbackInput {
                    stakeholder: from.unwrap_or_default(),
                    rating: rating.unwrap_or_default(),
                    comment,
                    at: at.at,
                };
                feedback::record(store, clock, key(&incident)?, &input)?;
            }
            (None, None) => {
                return Err(
                    InvalidInput::new("incident", "name the incident, or --import a CSV").into(),
                );
            }
        },
        Command::Report {
            month,
            stakeholder,
            format,
            json,
        } => {
            let format = format
                .as_deref()
                .map(report::ReportFormat::named)
                .transpose()?;
            let report = report::report(store, clock, &month, stakeholder.as_deref())?;
            match format {
                Some(format) => print!("{}", report::render(&report, format)),
                None if json => output::json(&report),
                None => output::month_report(&report),
            }
        }
        Command::Check => {
            store.check()?;
            println!("{}: no damage found", store.path().display());
        }
        Command::Backup { to } => {
            let file = match to {
                Some(file) => store.backup_to(&file).map(|()| file)?,
                None => store.backup(clock.now())?,
            };
            println!("{}", file.display());
        }
        // Handled before the store is opened.
        Command::Restore { .. } => {}
        Command::Export => output::json(&store.export_bundle()?),
        Command::Import { file } => {
            let bundle = read_bundle(&file)?;
            let rows = store.import_bundle(&bundle)?;
            println!("imported {rows} rows from {}", file.display());
        }
        Command::Postmortem(args) => postmortem::postmortem(store, clock, args)?,
        Command::Actions(args) => postmortem::actions(store, clock, args)?,
        Command::Plans { action, json } => match action {
            None if json => output::json(&store.plans()?),
            None => output::plan_list(&store.plans()?),
            Some(PlansAction::Export) => print!("{}", plan::to_toml(&store.plans()?)),
            Some(PlansAction::Import { file, at }) => {
                // The library keeps no times, so there is nothing to date;
                // a bad `--at` is still refused, as by every other command.
                at.clock(clock)?;
                let kinds = plan::import(store, &read_file(&file)?)?;
                println!("imported {} plans: {}", kinds.len(), kinds.join(", "));
            }
        },
    }
    Ok(())
}

/// Reads a bundle made by `sitrep export`, streaming: a bundle may be far
/// larger than any other import.
fn read_bundle(path: &std::path::Path) -> Result<serde_json::Value> {
    let cannot = |what: String| Error::from(InvalidInput::new("file", what));
    let file = std::fs::File::open(path)
        .map_err(|err| cannot(format!("cannot read {}: {err}", path.display())))?;
    serde_json::from_reader(std::io::BufReader::new(file))
        .map_err(|err| cannot(format!("{} is not a Sitrep bundle: {err}", path.display())))
}

fn read_file(path: &std::path::Path) -> Result<String> {
    Ok(crate::text::read_import(path)?)
}

fn stakeholder_action(
    store: &mut Store,
    clock: &dyn Clock,
    action: StakeholderAction,
) -> Result<()> {
    match action {
        StakeholderAction::Add {
            name,
            group,
            channel,
            handle,
            notes,
            sla,
            at,
        } => {
            let input = StakeholderInput {
                name,
                group,
                channel,
                handle,
                notes,
                sla_target_percent: sla,
                at: at.at,
            };
            let added = stakeholder::add(store, clock, &input)?;
            println!(
                "{} ({}, {} {})",
                added.name, added.group, added.channel.kind, added.channel.handle
            );
        }
        StakeholderAction::Channel {
            name,
            channel,
            handle,
            at,
        } => {
            let clock = at.clock(clock)?;
            let change = stakeholder::set_channel(store, &clock, &name, &channel, &handle)?;
            if let Some(old) = change.retired {
                println!(
                    "{}: {} {} retired",
                    change.stakeholder.name, old.kind, old.handle
                );
            }
            println!(
                "{}: now {} {}",
                change.stakeholder.name,
                change.stakeholder.channel.kind,
                change.stakeholder.channel.handle
            );
        }
        StakeholderAction::Retire { name, at } => {
            stakeholder::retire(store, &at.clock(clock)?, &name)?;
        }
        StakeholderAction::Include(args) => membership(store, clock, args, true)?,
        StakeholderAction::Exclude(args) => membership(store, clock, args, false)?,
    }
    Ok(())
}

fn membership(
    store: &mut Store,
    clock: &dyn Clock,
    args: MembershipArgs,
    include: bool,
) -> Result<()> {
    let input = MembershipInput {
        stakeholder: args.name,
        include,
        reason: args.reason,
        at: args.at.at,
    };
    comms::set_membership(store, clock, key(&args.incident)?, &input).map(drop)
}
