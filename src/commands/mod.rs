//! One file per command, named as the user types it: each turns its clap arguments
//! into domain values, calls the store and the scheduler, and hands a view to the
//! output. This file builds the shared [`Context`] and dispatches.

mod add;
mod edit;
mod fields;
mod list;
mod rm;
mod show;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::CommandFactory;

use crate::cli::{Cli, Command};
use crate::error::{Error, Result};
use crate::model::{Contact, FollowUp, Interaction, Settings};
use crate::output::{Output, Summary};
use crate::scheduler::{self, Marks, Records};
use crate::store::{Db, Store};

/// What the process knows about its surroundings, read once in `main`.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// `NETCRM_TODAY`, if set.
    pub today: Option<String>,
    /// stdin and stderr are terminals, so prompts may be shown.
    pub interactive: bool,
    /// stdout is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`.
    pub color: bool,
}

impl Env {
    /// Reads the environment of this process.
    pub fn from_process() -> Env {
        let var = |name| std::env::var(name).ok();
        let color = std::io::stdout().is_terminal()
            && var("NO_COLOR").is_none_or(|v| v.is_empty())
            && var("TERM").is_none_or(|t| t != "dumb");
        Env {
            today: var("NETCRM_TODAY"),
            interactive: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
            color,
        }
    }
}

/// The resources a command works with, built once per run.
pub struct Context<'w> {
    pub store: Store,
    pub today: NaiveDate,
    pub out: Output<'w>,
    pub interactive: bool,
}

/// Runs the command line `cli`, printing records to `stdout`.
pub fn run(cli: Cli, env: &Env, stdout: &mut dyn Write) -> Result<()> {
    // These two never open the database.
    match cli.command {
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "netcrm", stdout);
            return Ok(());
        }
        Command::Manpage => {
            clap_mangen::Man::new(Cli::command()).render(stdout)?;
            return Ok(());
        }
        _ => {}
    }
    let today = crate::clock::today(env.today.as_deref())?;
    let path = match cli.db {
        Some(path) if path.as_os_str().is_empty() => return Err(Error::Usage("--db needs a path".into())),
        Some(path) => path,
        None => default_db_path()?,
    };
    let mut ctx = Context {
        store: Store::open(&path)?,
        today,
        out: Output::new(stdout, cli.json, env.color && !cli.json),
        interactive: env.interactive,
    };
    match cli.command {
        Command::Add(args) => add::run(&mut ctx, args),
        Command::List(args) => list::run(&mut ctx, args),
        Command::Show { contact } => show::run(&mut ctx, &contact),
        Command::Edit(args) => edit::run(&mut ctx, args),
        Command::Rm { contact, yes } => rm::run(&mut ctx, &contact, yes),
        Command::Completions { .. } | Command::Manpage => Ok(()),
    }
}

/// `$XDG_DATA_HOME/netcrm/netcrm.db`, i.e. `~/.local/share/netcrm/netcrm.db`.
fn default_db_path() -> Result<PathBuf> {
    use etcetera::BaseStrategy;
    let strategy = etcetera::choose_base_strategy().map_err(|_| Error::NoDataDir)?;
    Ok(strategy.data_dir().join("netcrm").join("netcrm.db"))
}

/// The settings in force (DESIGN.md `config`).
pub fn settings(_db: &Db) -> Result<Settings> {
    Ok(Settings::default())
}

/// What the user has completed and snoozed.
pub fn marks(_db: &Db) -> Result<Marks> {
    Ok(Marks::default())
}

/// The open follow-ups of one contact, given their interactions (oldest first).
pub fn follow_ups_of(
    contact: &Contact,
    interactions: &[Interaction],
    today: NaiveDate,
    settings: &Settings,
    marks: &Marks,
) -> Vec<FollowUp> {
    let records = Records {
        contact,
        interactions,
        reminders: &[],
    };
    scheduler::follow_ups(records, today, settings, marks)
}

/// A contact's last contact and next follow-up (the earliest open one, snoozed ones
/// at their snooze date).
pub fn summary(interactions: &[Interaction], follow_ups: &[FollowUp]) -> Summary {
    Summary {
        last_contact: interactions.iter().map(|i| i.on).max(),
        next_follow_up: follow_ups.iter().map(FollowUp::shows_on).min(),
    }
}

/// Loads one contact with its summary.
pub fn contact_with_summary(db: &Db, id: i64, today: NaiveDate) -> Result<(Contact, Summary)> {
    let contact = db.contact(id)?.ok_or_else(|| Error::ContactNotFound {
        query: format!("#{id}"),
        candidates: Vec::new(),
    })?;
    let interactions = db.interactions_of(id)?;
    let follow_ups = follow_ups_of(&contact, &interactions, today, &settings(db)?, &marks(db)?);
    let summary = summary(&interactions, &follow_ups);
    Ok((contact, summary))
}

/// Asks the user to confirm on the terminal; `default` when they just press enter.
pub fn confirm(prompt: &str) -> Result<bool> {
    dialoguer::Confirm::new()
        .with_prompt(prompt)
        .default(false)
        .interact()
        .map_err(prompt_error)
}

pub fn prompt_error(error: dialoguer::Error) -> Error {
    match error {
        dialoguer::Error::IO(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            Error::Cancelled("input ended; nothing was written".into())
        }
        dialoguer::Error::IO(e) => Error::Prompt(format!("cannot read the answer: {e}")),
    }
}
