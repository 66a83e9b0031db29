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
        "invalid e-mail address '{input}': it needs one @ with text on both sides and a dot in the \
         domain, and no spaces, ';' or ','"
    )]
    InvalidEmail { input: String },

    #[error("invalid tag '{input}': a tag cannot contain ';', which separates tags in netcrm's CSV")]
    InvalidTag { input: String },

    #[error("a name cannot be empty")]
    EmptyName,

    #[error("{what} cannot be empty")]
    EmptyValue { what: &'static str },

    #[error("e-mail '{email}' already belongs to {name} (#{id}); use --force to add it anyway")]
    EmailTaken { email: String, id: i64, name: String },

    #[error("no contact matches '{query}'{}", hint_list("did you mean", candidates))]
    ContactNotFound { query: String, candidates: Vec<Candidate> },

    #[error("'{query}' matches {total} contacts{}{}; use the id or the full name",
        hint_list("", candidates), if *total > candidates.len() { ", ..." } else { "" })]
    AmbiguousContact {
        query: String,
        /// How many match in all; `candidates` holds the first few.
        total: usize,
        candidates: Vec<Candidate>,
    },

    #[error("{name} (#{id}) cannot be their own introducer")]
    SelfIntroduction { id: i64, name: String },

    #[error("--name-ok needs an introducer: give --introduced-by too")]
    NameOkWithoutIntroducer,

    #[error("no open follow-up has the key '{key}'; netcrm due --within 365 lists them")]
    NoSuchFollowUp { key: String },

    #[error("no interaction has the id '{query}'; netcrm show CONTACT lists them with their ids")]
    InteractionNotFound { query: String },

    #[error("nothing to undo")]
    NothingToUndo,

    #[error(
        "cannot undo '{description}': a record it changed has been changed since (by another program?); nothing was undone"
    )]
    UndoConflict { description: String },

    #[error("no lead has the id '{query}'; netcrm lead list shows them")]
    LeadNotFound { query: String },

    #[error("cannot snooze until {until}: pick a date after today ({today})")]
    SnoozeNotAfterToday { until: chrono::NaiveDate, today: chrono::NaiveDate },

    #[error("unknown setting '{key}': use one of {}", crate::model::Setting::names())]
    UnknownSetting { key: String },

    #[error(
        "cannot tell the format of {file}; give --format linkedin, google, outlook, netcrm, vcard or json"
    )]
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

    #[error("{} already exists; a backup goes to a new file", path.display())]
    BackupExists { path: PathBuf },

    #[error("the database has {problems} problem(s) (see the warnings); restore a backup into a new file")]
    Unhealthy { problems: usize },

    #[error("invalid NETCRM_TODAY '{input}': use YYYY-MM-DD")]
    InvalidToday { input: String },

    #[error("{}: this database was written by a newer netcrm (schema version {found}, this netcrm knows up to {supported}); upgrade netcrm", path.display())]
    SchemaTooNew { path: PathBuf, found: i64, supported: i64 },

    #[error("{}: not a netcrm database (the file is not SQLite or is damaged)", path.display())]
    NotADatabase { path: PathBuf },

    #[error("{}: cannot upgrade the database from schema version {from}: migration {version:04} failed ({reason}); the database was left as it was{}",
        path.display(), copy.as_ref().map(|c| format!(" (a copy is at {})", c.display())).unwrap_or_default())]
    UpgradeFailed { path: PathBuf, from: i64, version: i64, reason: String, copy: Option<PathBuf> },

    #[error("{}: the database is read-only (its permissions or its folder's); netcrm can show what it holds but not change it", path.display())]
    ReadOnly { path: PathBuf },

    #[error("{}: another program is writing to the database; try again in a moment", path.display())]
    Locked { path: PathBuf },

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

    /// Output cut short by a closed pipe (`netcrm list | head`) is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }

    /// Names the database at `path` in errors that SQLite reports without it: a lock
    /// held too long by another program, a file that cannot be written.
    pub fn about_database(self, path: &std::path::Path) -> Self {
        let code = match &self {
            Error::Database(e) => e.sqlite_error_code(),
            _ => None,
        };
        match code {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                Error::Locked { path: path.to_path_buf() }
            }
            Some(rusqlite::ErrorCode::ReadOnly) => Error::ReadOnly { path: path.to_path_buf() },
            _ => self,
        }
    }

    pub fn io(context: impl Into<String>, source: io::Error) -> Self {
        Error::Io { context: context.into(), source }
    }
}

/// A contact named in an error message: "Ada Lovelace (#1)", or with the company
/// when that tells namesakes apart, "Ada Lovelace (#1, Analytical Engines)".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
}

impl std::fmt::Display for Candidate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.company {
            Some(company) => write!(f, "{} (#{}, {company})", self.name, self.id),
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
