//! One file per command, named as the user types it: each turns its clap arguments
//! into domain values, calls the follow-up services (`crate::followups`), the store
//! and the scheduler, and hands a view to the output. Glue only: `resolve`, `prompt`
//! and `fields` are what commands share, and a command imports no other (but for
//! `export::write_private` in sync and sync_contacts, and sync_contacts in sync and
//! undo, until those move below). This file builds the [`Context`] (`context.rs`) and
//! dispatches.

mod add;
mod backup;
mod completions;
mod config;
mod context;
mod doctor;
mod done;
mod draft;
mod due;
mod dupes;
mod edit;
mod export;
mod favor;
mod fields;
mod goal;
mod graph;
mod import;
mod lead;
mod list;
mod log;
mod manpage;
mod merge;
mod path;
mod prompt;
mod query;
mod reconnect;
mod remind;
pub mod resolve;
mod review;
mod rm;
mod scan;
mod show;
mod snooze;
mod stats;
mod sync;
mod target;
mod undo;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::cli::{Cli, Command, DraftArgs, FollowUpKindArg, GoalWhatArg, LeadStatusArg, LogKind, PerArg};
use crate::error::{Error, Result};
use crate::model::{FollowUpKind, GoalWhat, InteractionKind, LeadStatus, Per};
use crate::output::{Output, Style};

use crate::store::Store;
pub use context::Context;

/// What the process knows about its surroundings, read once in `main`.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// `NETCRM_TODAY`, if set.
    pub today: Option<String>,
    /// `NETCRM_DB`, if set and not empty.
    pub db: Option<PathBuf>,
    /// stdin and stderr are terminals, so prompts may be shown.
    pub interactive: bool,
    /// stdout is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`.
    pub color: bool,
    /// The width human tables fit: the terminal's, else `COLUMNS`, else unlimited.
    pub width: Option<usize>,
    /// The editor for `edit` with no flags: `$VISUAL`, else `$EDITOR`, else `vi`.
    pub editor: Option<String>,
    /// The command line as typed, the program first (for examples in errors).
    pub args: Vec<String>,
}

impl Env {
    /// Reads the environment of this process.
    pub fn from_process() -> Env {
        let var = |name| std::env::var(name).ok();
        let color = std::io::stdout().is_terminal()
            && var("NO_COLOR").is_none_or(|v| v.is_empty())
            && var("TERM").is_none_or(|t| t != "dumb");
        let terminal_width =
            console::Term::stdout().size_checked().map(|(_rows, columns)| usize::from(columns));
        let width = terminal_width
            .or_else(|| var("COLUMNS").and_then(|c| c.trim().parse().ok()))
            .filter(|w: &usize| *w > 0);
        Env {
            today: var("NETCRM_TODAY"),
            db: std::env::var_os("NETCRM_DB").filter(|v| !v.is_empty()).map(PathBuf::from),
            interactive: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
            color,
            width,
            editor: var("VISUAL").or_else(|| var("EDITOR")).filter(|e| !e.trim().is_empty()),
            args: std::env::args_os().map(|arg| arg.to_string_lossy().into_owned()).collect(),
        }
    }
}

/// Runs the command line `cli`, printing records to `stdout` and warnings to
/// `stderr` (the caller prints the error, if any).
pub fn run(cli: Cli, env: &Env, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<()> {
    // These never open the database.
    match &cli.command {
        Command::Completions { shell } => return completions::run(*shell, stdout),
        Command::Manpage { dir } => return manpage::run(dir.as_deref(), stdout),
        Command::Draft(DraftArgs { templates: Some(dir), force, .. }) => {
            let mut out =
                Output::new(stdout, stderr, Style { json: cli.json, color: false, width: env.width });
            return draft::write_templates(&mut out, dir, *force);
        }
        _ => {}
    }
    let today = crate::clock::today(env.today.as_deref())?;
    let now = crate::clock::now(env.today.as_deref())?;
    let path = match cli.db {
        Some(path) if path.as_os_str().is_empty() => return Err(Error::Usage("--db needs a path".into())),
        Some(path) => path,
        None => match &env.db {
            Some(path) => path.clone(),
            None => default_db_path()?,
        },
    };
    // What `undo` calls the command's change until the command says better.
    let label = cli.command.name();
    let mut store = Store::open_noting(&path, &mut |note| {
        // Nowhere left to report a failure to write a note.
        let _ = writeln!(stderr, "note: {}", crate::text::visible_line(note));
    })
    .map_err(|e| e.about_database(&path))?;
    store.label_steps(&label, today);
    let out = Output::new(
        stdout,
        stderr,
        Style { json: cli.json, color: env.color && !cli.json, width: env.width },
    );
    let mut ctx = Context::new(store, today, now, out, env.interactive, env.editor.clone());
    dispatch(&mut ctx, cli.command).map_err(|e| resolve::with_example(e.about_database(&path), &env.args))
}

/// Runs one command on the open database (its errors are named after the file by
/// the caller).
fn dispatch(ctx: &mut Context, command: Command) -> Result<()> {
    match command {
        Command::Add(args) => add::run(ctx, args),
        Command::List(args) => list::run(ctx, args),
        Command::Show { contact } => show::run(ctx, &contact),
        Command::Query { text } => query::run(ctx, &text),
        Command::Edit(args) => edit::run(ctx, args),
        Command::Rm { contact, yes } => rm::run(ctx, &contact, yes),
        Command::Log(args) => log::run(ctx, args),
        Command::Due(args) => due::run(ctx, args),
        Command::Done(args) => done::run(ctx, args),
        Command::Draft(args) => draft::run(ctx, args),
        Command::Review => review::run(ctx),
        Command::Snooze(args) => snooze::run(ctx, args),
        Command::Remind(args) => remind::run(ctx, args),
        Command::Config { action } => config::run(ctx, action),
        Command::Dupes(args) => dupes::run(ctx, args),
        Command::Merge { keep, other } => merge::run(ctx, &keep, &other),
        Command::Lead { action } => lead::run(ctx, action),
        Command::Favor(args) => favor::run(ctx, args),
        Command::Favors { owed } => favor::list(ctx, owed),
        Command::Graph { format } => graph::run(ctx, format),
        Command::Path(args) => path::run(ctx, args),
        Command::Target { action } => target::run(ctx, action),
        Command::Stats => stats::run(ctx),
        Command::Reconnect { limit } => reconnect::run(ctx, limit),
        Command::Goal { action } => goal::run(ctx, action),
        Command::Import(args) => import::run(ctx, args),
        Command::Export(args) => export::run(ctx, args),
        Command::Backup { file } => backup::run(ctx, &file),
        Command::Doctor => doctor::run(ctx),
        Command::Undo { list, clear } => undo::run(ctx, list, clear),
        Command::Sync(args) => sync::run(ctx, args),
        Command::Scan(args) => scan::run(ctx, args),
        Command::Completions { .. } | Command::Manpage { .. } => Ok(()),
    }
}

/// `$XDG_DATA_HOME/netcrm/netcrm.db`, i.e. `~/.local/share/netcrm/netcrm.db`.
fn default_db_path() -> Result<PathBuf> {
    use etcetera::BaseStrategy;
    let strategy = etcetera::choose_base_strategy().map_err(|_| Error::NoDataDir)?;
    Ok(strategy.data_dir().join("netcrm").join("netcrm.db"))
}

/// `$XDG_CONFIG_HOME/netcrm/templates` (`~/.config/netcrm/templates`), where the
/// user's own draft templates are read from; `None` when there is no home to find it in.
pub fn templates_dir() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let strategy = etcetera::choose_base_strategy().ok()?;
    Some(strategy.config_dir().join("netcrm").join("templates"))
}

/// A date given either as a DATE or as a DURATION from today (`--on`/`--in`,
/// `--until`/`--for`); clap makes sure exactly one is there. The duration takes every
/// relative form a DATE takes that counts forward (`+3d`, `in 2 weeks`).
pub fn date_or_duration(date: Option<&str>, duration: Option<&str>, today: NaiveDate) -> Result<NaiveDate> {
    match (date, duration) {
        (Some(date), _) => Ok(crate::dates::parse_date(date, today)?),
        (None, Some(duration)) => {
            let duration = crate::dates::parse_offset(duration)?;
            let out_of_range = || crate::dates::DateError::OutOfRange { input: duration.to_string() };
            let date = duration.after(today).ok_or_else(out_of_range)?;
            Ok(crate::dates::in_range(date, &duration.to_string())?)
        }
        (None, None) => Err(Error::Usage("give a DATE or a DURATION".into())),
    }
}

impl From<LogKind> for InteractionKind {
    fn from(kind: LogKind) -> Self {
        match kind {
            LogKind::Meeting => InteractionKind::Meeting,
            LogKind::Call => InteractionKind::Call,
            LogKind::Email => InteractionKind::Email,
            LogKind::Message => InteractionKind::Message,
            LogKind::Letter => InteractionKind::Letter,
            LogKind::Event => InteractionKind::Event,
            LogKind::ThankYou => InteractionKind::ThankYou,
            LogKind::Met => InteractionKind::Met,
            LogKind::Other => InteractionKind::Other,
        }
    }
}

impl From<FollowUpKindArg> for FollowUpKind {
    fn from(kind: FollowUpKindArg) -> Self {
        match kind {
            FollowUpKindArg::ThankYou => FollowUpKind::ThankYou,
            FollowUpKindArg::CheckIn => FollowUpKind::CheckIn,
            FollowUpKindArg::Reminder => FollowUpKind::Reminder,
            FollowUpKindArg::Lead => FollowUpKind::Lead,
            FollowUpKindArg::Outcome => FollowUpKind::Outcome,
            FollowUpKindArg::FavorThanks => FollowUpKind::FavorThanks,
            FollowUpKindArg::IntroThanks => FollowUpKind::IntroThanks,
            FollowUpKindArg::Birthday => FollowUpKind::Birthday,
            FollowUpKindArg::Chase => FollowUpKind::Chase,
            FollowUpKindArg::Reconnect => FollowUpKind::Reconnect,
            FollowUpKindArg::NoReply => FollowUpKind::NoReply,
        }
    }
}

impl From<GoalWhatArg> for GoalWhat {
    fn from(what: GoalWhatArg) -> Self {
        match what {
            GoalWhatArg::Conversations => GoalWhat::Conversations,
            GoalWhatArg::NewPeople => GoalWhat::NewPeople,
            GoalWhatArg::ThankYous => GoalWhat::ThankYous,
            GoalWhatArg::FollowUps => GoalWhat::FollowUps,
            GoalWhatArg::Reconnects => GoalWhat::Reconnects,
        }
    }
}

impl From<PerArg> for Per {
    fn from(per: PerArg) -> Self {
        match per {
            PerArg::Week => Per::Week,
            PerArg::Month => Per::Month,
        }
    }
}

impl From<LeadStatusArg> for LeadStatus {
    fn from(status: LeadStatusArg) -> Self {
        match status {
            LeadStatusArg::Open => LeadStatus::Open,
            LeadStatusArg::Applied => LeadStatus::Applied,
            LeadStatusArg::Interview => LeadStatus::Interview,
            LeadStatusArg::Offer => LeadStatus::Offer,
            LeadStatusArg::Hired => LeadStatus::Hired,
            LeadStatusArg::Rejected => LeadStatus::Rejected,
            LeadStatusArg::Closed => LeadStatus::Closed,
        }
    }
}
