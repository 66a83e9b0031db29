//! The library's one error type. Every variant carries the bad value so that the
//! message names it; `main` prints it as one `error: ...` line and maps it to an
//! exit code. Nothing here prints.

use std::io;
use std::path::PathBuf;

use crate::dates::DateError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Date(#[from] DateError),

    #[error(
        "invalid e-mail address '{}': it needs one @ with text on both sides and a dot in the \
         domain, and no spaces, ';' or ','",
        crate::text::capped(input)
    )]
    InvalidEmail { input: String },

    #[error(
        "invalid tag '{}': a tag cannot contain ';', which separates tags in netcrm's CSV",
        crate::text::capped(input)
    )]
    InvalidTag { input: String },

    #[error("a name cannot be empty")]
    EmptyName,

    #[error("{what} cannot be empty")]
    EmptyValue { what: &'static str },

    #[error(
        "e-mail '{}' already belongs to {name} (#{id}); use --force to add it anyway",
        crate::text::capped(email)
    )]
    EmailTaken { email: String, id: i64, name: String },

    #[error(
        "e-mail '{}' already belongs to {name} (#{id}): type another address, or press Enter to skip",
        crate::text::capped(email)
    )]
    EmailTakenAtPrompt { email: String, id: i64, name: String },

    #[error("no contact matches '{}'{}", crate::text::capped(query), hint_list("did you mean", candidates))]
    ContactNotFound { query: String, candidates: Vec<Candidate> },

    #[error("'{}' matches {total} contacts{}{}; use the id{}",
        crate::text::capped(query), hint_list("", candidates), if *total > candidates.len() { ", ..." } else { "" },
        example.as_ref().map(|e| format!(", e.g. {e}")).unwrap_or_default())]
    AmbiguousContact {
        query: String,
        /// How many match in all; `candidates` holds the first few.
        total: usize,
        candidates: Vec<Candidate>,
        /// The command that was typed, with the first candidate's id for `query`.
        example: Option<String>,
    },

    #[error("{name} (#{id}) cannot be their own introducer")]
    SelfIntroduction { id: i64, name: String },

    #[error("--name-ok needs an introducer: give --introduced-by too")]
    NameOkWithoutIntroducer,

    #[error(
        "no open follow-up has the key '{}'; netcrm due --within 365 lists them",
        crate::text::capped(key)
    )]
    NoSuchFollowUp { key: String },

    #[error("no goal is set for {what}; netcrm goal list shows the goals")]
    NoSuchGoal { what: &'static str },

    #[error("{} was done on {}", crate::text::capped(key), crate::dates::iso(*done_on))]
    FollowUpDone { key: String, done_on: chrono::NaiveDate },

    #[error(
        "no interaction has the id '{}'; netcrm show CONTACT lists them with their ids",
        crate::text::capped(query)
    )]
    InteractionNotFound { query: String },

    #[error("nothing to undo")]
    NothingToUndo,

    #[error("cannot undo '{description}': {what} (by another program?); nothing was undone")]
    UndoConflict { description: String, what: String },

    #[error(
        "forgot {steps}, but what they held stays in the database file or its log ({pages} pages) while another program reads the database: run netcrm undo --clear again once it has finished"
    )]
    ForgetIncomplete { steps: String, pages: i64 },

    #[error("no lead has the id '{}'; netcrm lead list shows them", crate::text::capped(query))]
    LeadNotFound { query: String },

    #[error("'{}' is not one of your targets; netcrm target list shows them", crate::text::capped(company))]
    TargetNotFound { company: String },

    #[error("a company name cannot be empty")]
    EmptyCompany,

    #[error(
        "'{}' is {date}, after today ({today}): only an interview can be dated in the future, not {status}",
        crate::text::capped(input)
    )]
    LeadStatusInTheFuture {
        input: String,
        date: chrono::NaiveDate,
        today: chrono::NaiveDate,
        status: crate::model::LeadStatus,
    },

    #[error("{name} (#{id}) is not among the helpers of lead #{lead}")]
    NotAHelper { lead: i64, id: i64, name: String },

    #[error("cannot snooze until {until}: pick a date after today ({today})")]
    SnoozeNotAfterToday { until: chrono::NaiveDate, today: chrono::NaiveDate },

    #[error(
        "unknown setting '{}': use one of {}",
        crate::text::capped(key),
        crate::model::ConfigKey::names()
    )]
    UnknownSetting { key: String },

    #[error("{key} must be one line: '{}'", crate::text::visible_line(input))]
    SettingOnOneLine { key: &'static str, input: String },

    #[error("{}:{line}: {message}", crate::text::visible_line(file))]
    Template { file: String, line: usize, message: String },

    #[error("{} is there already{}; nothing was written: use --force to overwrite {}",
        path.display(),
        if *more > 0 { format!(" (and {more} more)") } else { String::new() },
        if *more > 0 { "them" } else { "it" })]
    TemplateExists { path: PathBuf, more: usize },

    #[error(
        "{key} is for {name}, who has no e-mail address: {how} needs one (add it with netcrm edit {id} --email ADDRESS)"
    )]
    DraftWithoutEmail { key: String, how: &'static str, name: String, id: i64 },

    #[error(
        "{key} is for no one (nobody passed the lead on), so there is no e-mail address: {how} needs one"
    )]
    DraftForNoOne { key: String, how: &'static str },

    #[error(
        "draft --maildir needs your address for the From line: netcrm config set my-addresses YOU@EXAMPLE.COM"
    )]
    DraftWithoutMyAddress,

    #[error("cannot tell the format of {file}; give --format {names}", names = crate::formats::Format::names())]
    UnknownFormat { file: String },

    #[error("{file} is empty: there is nothing to import")]
    EmptyFile { file: String },

    #[error("{file} is not valid {format}: {source}")]
    Format { file: String, format: &'static str, source: crate::formats::FormatError },

    #[error("{file} is not a valid netcrm backup: {source}")]
    Backup { file: String, source: crate::formats::json::BackupError },

    #[error("a backup restores into an empty database only, and {} has contacts; restore into a new file with --db", path.display())]
    RestoreIntoNonEmpty { path: PathBuf },

    #[error("cannot merge {name} (#{id}) into themselves")]
    MergeIntoSelf { id: i64, name: String },

    #[error("{name} (#{id}) is one contact: dupes --not takes two different ones")]
    DistinctFromSelf { id: i64, name: String },

    #[error("{} already exists; a backup goes to a new file", path.display())]
    BackupExists { path: PathBuf },

    #[error("the database has {problems} problem(s) (see the warnings); restore a backup into a new file")]
    Unhealthy { problems: usize },

    #[error("invalid NETCRM_TODAY '{}': use YYYY-MM-DD", crate::text::capped(input))]
    InvalidToday { input: String },

    #[error("{}: this database was written by a newer netcrm (schema version {found}, this netcrm knows up to {supported}); upgrade netcrm", path.display())]
    SchemaTooNew { path: PathBuf, found: i64, supported: i64 },

    #[error("{}: not a netcrm database (the file is not SQLite or is damaged)", path.display())]
    NotADatabase { path: PathBuf },

    #[error("{}: not a netcrm database (an SQLite file of another program); it was left as it was", path.display())]
    ForeignDatabase { path: PathBuf },

    #[error("{}: cannot upgrade the database from schema version {from}: migration {version:04} failed ({reason}); the database was left as it was{}",
        path.display(), copy.as_ref().map(|c| format!(" (a copy is at {})", c.display())).unwrap_or_default())]
    UpgradeFailed { path: PathBuf, from: i64, version: i64, reason: String, copy: Option<PathBuf> },

    #[error("{}: the database is read-only (its permissions or its folder's); netcrm can show what it holds but not change it", path.display())]
    ReadOnly { path: PathBuf },

    #[error("{}: the database cannot be changed because {} is not writable (left by another program, or by netcrm run as another user); netcrm can show what it holds but not change it", path.display(), file.display())]
    LogNotWritable { path: PathBuf, file: PathBuf },

    #[error("{}: another program is writing to the database; try again in a moment", path.display())]
    Locked { path: PathBuf },

    #[error("another netcrm sync is running (it holds the lock {}); nothing was changed: run sync again when it is done", lock.display())]
    SyncLocked { lock: PathBuf },

    #[error("the {what} folder {}{} {problem}; nothing was changed: {}", path.display(),
        if *remembered { " (remembered from the last sync)" } else { "" },
        if *remembered { format!("give the folder again with netcrm sync --{what} DIR") }
        else { format!("create it, or give the right one with netcrm sync --{what} DIR") })]
    SyncFolderMissing { what: &'static str, path: PathBuf, remembered: bool, problem: &'static str },

    #[error("the remembered {what} folder '{}' is a relative path (kept by an older netcrm), whose meaning depends on where netcrm runs; nothing was changed: give the folder again with netcrm sync --{what} DIR", path.display())]
    SyncFolderRelative { what: &'static str, path: PathBuf },

    #[error("the contacts folder {} holds no cards, but {} synced with it (the wrong folder, or one emptied by mistake?); nothing was changed: give the right one with netcrm sync --contacts DIR, or, to remove {}, run netcrm sync --contacts {} --yes",
        path.display(),
        if *synced == 1 { "1 contact was".to_string() } else { format!("{synced} contacts were") },
        if *synced == 1 { "that contact".to_string() } else { format!("those {synced} contacts") },
        path.display())]
    SyncFolderEmpty { path: PathBuf, synced: usize },

    #[error("{} changed while netcrm synced it (another program syncing the folder?); nothing was changed: run netcrm sync again", path.display())]
    SyncCardChanged { path: PathBuf },

    #[error("{}: cannot write the database: the disk is full, or the file has reached a size limit", path.display())]
    DiskFull { path: PathBuf },

    #[error("{}: disk I/O error reading or writing the database (is the disk full or failing, or a file-size limit reached?)", path.display())]
    DiskIo { path: PathBuf },

    #[error("cannot find a data directory for the database (set NETCRM_DB or pass --db)")]
    NoDataDir,

    #[error("{place}: not an e-mail message (no headers found)")]
    NotMail { place: String },

    #[error("{place}: not an iCalendar file that can be read ({why})")]
    NotCalendar { place: String, why: String },

    #[error("{context}: {source}")]
    Io { context: String, source: io::Error },

    #[error("cannot write output: {0}")]
    Output(#[source] io::Error),

    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),

    #[error("{0}")]
    Prompt(String),

    /// `query` found no one. Its first line on stdout already says so (mail clients
    /// show it), so `main` prints nothing more: see [`Error::is_reported`].
    #[error("no contact matches '{}'", crate::text::capped(query))]
    NoMatches { query: String },

    /// A mistake in how the command was called that the argument parser cannot see
    /// (a missing NAME off a terminal, `edit` with no changes); exit status 2.
    #[error("{0}")]
    Usage(String),

    /// The user answered no at a confirmation prompt.
    #[error("{0}")]
    Cancelled(String),
}

impl Error {
    /// The process exit status for this error (see DESIGN.md "Exit codes").
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }

    /// Whether the command already said what went wrong on stdout, as `query` does
    /// for mail clients: no `error:` line follows, only the exit status.
    pub fn is_reported(&self) -> bool {
        matches!(self, Error::NoMatches { .. })
    }

    /// Output cut short by a closed pipe (`netcrm list | head`) is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }

    /// Names the database at `path` in errors that SQLite reports without it: a lock
    /// held too long by another program, a file that cannot be written, a full disk
    /// (or a file-size limit), a failing one.
    pub fn about_database(self, path: &std::path::Path) -> Self {
        crate::store::about_database(self, path)
    }

    pub fn io(context: impl Into<String>, source: io::Error) -> Self {
        Error::Io { context: context.into(), source }
    }
}

/// A contact named in an error message: "Ada Lovelace (#1)", or with what tells
/// them apart from the others listed, "Ada Lovelace (#1, Analytical Engines)".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub name: String,
    /// Their company, first e-mail or met date, when that tells them apart.
    pub detail: Option<String>,
}

impl std::fmt::Display for Candidate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.detail {
            Some(detail) => write!(f, "{} (#{}, {detail})", self.name, self.id),
            None => write!(f, "{} (#{})", self.name, self.id),
        }
    }
}

fn hint_list(lead: &str, candidates: &[Candidate]) -> String {
    if candidates.is_empty() {
        return String::new();
    }
    let names: Vec<String> = candidates.iter().map(Candidate::to_string).collect();
    if lead.is_empty() {
        format!(": {}", names.join(", "))
    } else {
        format!("; {lead}: {}?", names.join(", "))
    }
}

/// The one line `main` prints for `error`: `error: ...`, control characters, newlines
/// included, made visible (an error may quote stored text or the command line).
pub fn error_line(error: &Error) -> String {
    format!("error: {}", crate::text::visible_line(&error.to_string()))
}
