//! `sitrep postmortem` and `sitrep actions`: drafting, sharing and templates,
//! and the action items across incidents.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{At, key, output, read_file};
use crate::action::{self, ActionInput, ActionItem};
use crate::clock::Clock;
use crate::error::{InvalidInput, Result};
use crate::postmortem::{self, ExportFormat, ShareInput, StartInput, TemplateInput};
use crate::store::Store;
use crate::text::printable;

/// Draft (the first time) and print an incident's postmortem, or share it, set its status, or manage templates.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub(super) struct PostmortemArgs {
    #[command(subcommand)]
    action: Option<PostmortemAction>,
    /// The resolved incident; its postmortem is drafted from the record the first time
    #[arg(required = true)]
    incident: Option<String>,
    /// Print it as md or html
    #[arg(long, value_name = "md|html", default_value = "md")]
    format: String,
    /// The template to draft it from [default: SRE review]; `sitrep postmortem templates` lists them
    #[arg(long, value_name = "NAME")]
    template: Option<String>,
}

#[derive(Debug, Subcommand)]
enum PostmortemAction {
    /// Share the newest version with stakeholders whose postmortem is owed (fulfils it)
    Share {
        incident: String,
        #[arg(
            long,
            value_name = "NAME[,NAME..]",
            value_delimiter = ',',
            required = true
        )]
        to: Vec<String>,
        #[command(flatten)]
        at: At,
    },
    /// Move it to review (in_review), back to draft, or publish it (freezes the version)
    Status {
        incident: String,
        status: String,
        #[command(flatten)]
        at: At,
    },
    /// The postmortem templates; `templates show NAME` prints one, `templates import NAME FILE` adds or replaces one
    Templates {
        #[command(subcommand)]
        action: Option<TemplatesAction>,
    },
}

#[derive(Debug, Subcommand)]
enum TemplatesAction {
    /// Print a template's Markdown
    Show { name: String },
    /// Add or replace a template from a Markdown file (checked: a heading, known placeholders)
    Import { name: String, file: PathBuf },
}

/// List action items across incidents, or add or change one.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(super) struct ActionsArgs {
    #[command(subcommand)]
    action: Option<ActionsAction>,
    /// Only open ones
    #[arg(long)]
    open: bool,
    /// Print JSON instead of a table
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum ActionsAction {
    /// Add an action item to an incident's postmortem
    Add {
        incident: String,
        #[arg(long)]
        text: String,
        #[arg(long, default_value = "")]
        owner: String,
        /// Due date, YYYY-MM-DD
        #[arg(long, value_name = "YYYY-MM-DD", default_value = "")]
        due: String,
        /// prevent, detect, mitigate, process or other
        #[arg(long, default_value = "other")]
        kind: String,
        #[command(flatten)]
        at: At,
    },
    /// Change action item ID (as `sitrep actions` numbers them)
    Set {
        id: i64,
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        /// Due date, YYYY-MM-DD, or "" for none
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        /// open, done or wont_do
        #[arg(long)]
        status: Option<String>,
        #[command(flatten)]
        at: At,
    },
}

impl PostmortemArgs {
    /// Listing or showing templates only reads; printing may draft it.
    pub(super) fn only_reads(&self) -> bool {
        matches!(
            &self.action,
            Some(PostmortemAction::Templates {
                action: None | Some(TemplatesAction::Show { .. })
            })
        )
    }
}

impl ActionsArgs {
    /// Listing them only reads.
    pub(super) fn only_reads(&self) -> bool {
        self.action.is_none()
    }
}

/// Runs `sitrep postmortem`.
pub(super) fn postmortem(store: &mut Store, clock: &dyn Clock, args: PostmortemArgs) -> Result<()> {
    match args.action {
        Some(PostmortemAction::Share { incident, to, at }) => {
            let input = ShareInput { to, at: at.at };
            let pm = postmortem::share(store, clock, key(&incident)?, &input)?;
            for s in pm.shares.iter().filter(|s| {
                input
                    .to
                    .iter()
                    .any(|n| n.trim().eq_ignore_ascii_case(&s.stakeholder))
            }) {
                println!(
                    "shared version {} with {} at {}",
                    s.version,
                    s.stakeholder,
                    s.shared_at.to_rfc3339()
                );
            }
        }
        Some(PostmortemAction::Status {
            incident,
            status,
            at,
        }) => {
            let pm =
                postmortem::set_status(store, clock, key(&incident)?, &status, at.at.as_deref())?;
            println!(
                "{}: postmortem {} (version {})",
                pm.incident, pm.status, pm.version
            );
        }
        Some(PostmortemAction::Templates { action }) => templates(store, action)?,
        None => {
            let key = key(args.incident.as_deref().unwrap_or_default())?;
            let format = ExportFormat::named(&args.format)?;
            match (postmortem::get(store, clock, key)?, &args.template) {
                (Some(pm), Some(_)) => {
                    return Err(InvalidInput::new(
                        "template",
                        format!(
                            "{key}'s postmortem was already drafted from the {} template; \
                             leave out --template to print it",
                            pm.template
                        ),
                    )
                    .into());
                }
                (Some(_), None) => {}
                (None, template) => {
                    let input = StartInput {
                        template: template.clone(),
                        early: false,
                    };
                    postmortem::start(store, clock, key, &input)?;
                }
            }
            print!("{}", postmortem::export(store, clock, key, format)?);
        }
    }
    Ok(())
}

fn templates(store: &mut Store, action: Option<TemplatesAction>) -> Result<()> {
    match action {
        None => {
            for t in store.templates()? {
                let builtin = if t.builtin {
                    "  (comes with Sitrep)"
                } else {
                    ""
                };
                println!("{}{builtin}", t.name);
            }
        }
        Some(TemplatesAction::Show { name }) => print!("{}", store.template(&name)?.body),
        Some(TemplatesAction::Import { name, file }) => {
            let input = TemplateInput {
                name,
                body: read_file(&file)?,
            };
            postmortem::save_template(store, &input)?;
            println!("saved template {}", input.name.trim());
        }
    }
    Ok(())
}

/// Runs `sitrep actions`.
pub(super) fn actions(store: &mut Store, clock: &dyn Clock, args: ActionsArgs) -> Result<()> {
    match args.action {
        None => {
            let items = action::list(store, clock, args.open)?;
            if args.json {
                output::json(&items);
            } else {
                action_table(&items);
            }
        }
        Some(ActionsAction::Add {
            incident,
            text,
            owner,
            due,
            kind,
            at,
        }) => {
            let input = ActionInput {
                text,
                owner,
                due_on: due,
                kind,
                status: None,
            };
            let item = action::add(store, clock, key(&incident)?, &input, at.at.as_deref())?;
            println!("{}", item.id);
        }
        Some(ActionsAction::Set {
            id,
            text,
            owner,
            due,
            kind,
            status,
            at,
        }) => {
            let now = clock.now();
            let old = store.action(id, now)?;
            let input = ActionInput {
                text: text.unwrap_or(old.text),
                owner: owner.unwrap_or(old.owner),
                due_on: due
                    .unwrap_or_else(|| old.due_on.map(|d| d.to_string()).unwrap_or_default()),
                kind: kind.unwrap_or_else(|| old.kind.to_string()),
                status: Some(status.unwrap_or_else(|| old.status.to_string())),
            };
            action::update(store, clock, id, &input, at.at.as_deref())?;
        }
    }
    Ok(())
}

/// One action item a line: id, incident, due (OVERDUE marked), kind, status, owner, text.
fn action_table(items: &[ActionItem]) {
    if items.is_empty() {
        println!(
            "No action items. Add one with: sitrep actions add INC --text TEXT [--owner NAME] [--due YYYY-MM-DD] [--kind KIND] [--at TIME]"
        );
        return;
    }
    for i in items {
        let due = i
            .due_on
            .map_or_else(|| "no due date".to_owned(), |d| d.to_string());
        let overdue = if i.overdue { "  OVERDUE" } else { "" };
        let owner = if i.owner.is_empty() { "—" } else { &i.owner };
        println!(
            "{:<4} {:<8} {:<11} {:<8} {:<7} {:<12} {}{overdue}",
            i.id,
            i.incident.to_string(),
            due,
            i.kind.as_str(),
            i.status.as_str(),
            printable(owner),
            printable(&i.text)
        );
    }
}
