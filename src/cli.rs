//! The whole command-line surface as clap derive types, and nothing else. The `///`
//! comments are the `--help` text; completions and the man page come from here too.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use clap_complete::Shell;

#[derive(Debug, Parser)]
#[command(
    name = "netcrm",
    version,
    about = "A personal networking CRM for the terminal",
    long_about = "A personal networking CRM for the terminal.\n\n\
        Record the people you meet, see every morning whom to thank and whom to check in \
        with, and keep everything in one local SQLite file.",
    after_help = "Examples:\n  \
        netcrm add \"Ada Lovelace\" --email ada@example.com --met-at RustConf\n  \
        netcrm list --tag rust\n  \
        netcrm show ada",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The database file [default: $XDG_DATA_HOME/netcrm/netcrm.db]
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        env = "NETCRM_DB",
        hide_env_values = true
    )]
    pub db: Option<PathBuf>,

    /// Print JSON instead of text (records on stdout, nothing else)
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Record someone you just met
    #[command(after_help = "Examples:\n  \
        netcrm add \"Ada Lovelace\" --email ada@example.com --company Analytical --met-at RustConf\n  \
        netcrm add \"Grace Hopper\" --met-on yesterday --how \"talked about compilers\" --tag navy\n  \
        netcrm add \"Alan Turing\" --introduced-by ada --name-ok\n  \
        netcrm add            (asks for each field on a terminal)")]
    Add(AddArgs),

    /// List contacts as a table
    #[command(after_help = "Examples:\n  \
        netcrm list\n  \
        netcrm list --tag rust --sort last\n  \
        netcrm list --search compilers --json")]
    List(ListArgs),

    /// Show everything about one contact
    #[command(
        after_help = "Examples:\n  netcrm show ada\n  netcrm show 12\n  netcrm show ada@example.com --json"
    )]
    Show {
        /// An id (12 or #12), an e-mail address, or a name or part of one
        contact: String,
    },

    /// Change a contact's details
    #[command(after_help = "Examples:\n  \
        netcrm edit ada --company \"Babbage & Co\" --add-tag mentor\n  \
        netcrm edit ada --cadence 1w --cadence-until 2027-01-15\n  \
        netcrm edit ada --email \"\"          (clears the e-mails)")]
    Edit(EditArgs),

    /// Remove a contact with their interactions
    #[command(after_help = "Examples:\n  netcrm rm ada\n  netcrm rm 12 --yes")]
    Rm {
        /// An id (12 or #12), an e-mail address, or a name or part of one
        contact: String,
        /// Do not ask for confirmation (needed when not on a terminal)
        #[arg(short, long)]
        yes: bool,
    },

    /// Print a shell completion script
    #[command(after_help = "Examples:\n  \
        netcrm completions bash > ~/.local/share/bash-completion/completions/netcrm\n  \
        netcrm completions zsh > ~/.zfunc/_netcrm")]
    Completions {
        /// The shell to write completions for
        shell: Shell,
    },

    /// Print the man page (roff)
    #[command(after_help = "Examples:\n  netcrm manpage > ~/.local/share/man/man1/netcrm.1")]
    Manpage,
}

/// The contact fields shared by `add` and `edit`.
#[derive(Debug, Args, Default)]
pub struct ContactFields {
    /// E-mail address (repeat for several)
    #[arg(long = "email", value_name = "EMAIL", allow_hyphen_values = true)]
    pub emails: Vec<String>,

    /// Phone number (repeat for several)
    #[arg(long = "phone", value_name = "PHONE", allow_hyphen_values = true)]
    pub phones: Vec<String>,

    /// Company or organisation
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub company: Option<String>,

    /// Job title
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub title: Option<String>,

    /// LinkedIn profile URL
    #[arg(long, value_name = "URL", allow_hyphen_values = true)]
    pub linkedin: Option<String>,

    /// Event or place where you met
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub met_at: Option<String>,

    /// When you met (YYYY-MM-DD, yesterday, last friday, -3d, ...) [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub met_on: Option<String>,

    /// How you met, what you talked about
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub how: Option<String>,

    /// Tag (repeat for several)
    #[arg(long = "tag", value_name = "TAG", allow_hyphen_values = true)]
    pub tags: Vec<String>,

    /// A note about them
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,

    /// Birthday: YYYY-MM-DD, or --MM-DD without a year
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub birthday: Option<String>,

    /// Who introduced you (a contact)
    #[arg(long, value_name = "CONTACT", allow_hyphen_values = true)]
    pub introduced_by: Option<String>,

    /// How often to check in: 2w, 1m, monthly, quarterly, ... or none
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true)]
    pub cadence: Option<String>,

    /// Add even if one of the e-mails already belongs to another contact
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Their full name (quote it); asked for on a terminal when left out
    pub name: Option<String>,

    #[command(flatten)]
    pub fields: ContactFields,

    /// The introducer allows you to use their name
    #[arg(long)]
    pub name_ok: bool,

    /// Do not remind me to send a thank-you
    #[arg(long)]
    pub no_thank_you: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// An id (12 or #12), an e-mail address, or a name or part of one
    pub contact: String,

    /// A new name
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    pub name: Option<String>,

    #[command(flatten)]
    pub fields: ContactFields,

    /// Add a tag (repeatable), keeping the others
    #[arg(long, value_name = "TAG", allow_hyphen_values = true)]
    pub add_tag: Vec<String>,

    /// Remove a tag (repeatable)
    #[arg(long, value_name = "TAG", allow_hyphen_values = true)]
    pub remove_tag: Vec<String>,

    /// Make --cadence temporary, until this date ("" ends a temporary cadence)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub cadence_until: Option<String>,

    /// The introducer allows you to use their name (--name-ok=false to withdraw)
    #[arg(long, value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub name_ok: Option<bool>,

    /// No thank-you reminder for them (--no-thank-you=false to restore it)
    #[arg(long, value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub no_thank_you: Option<bool>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only contacts with this tag (repeat: all must match)
    #[arg(long = "tag", value_name = "TAG", allow_hyphen_values = true)]
    pub tags: Vec<String>,

    /// Only contacts whose company contains this text
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub company: Option<String>,

    /// Only contacts met at a place or event containing this text
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub met_at: Option<String>,

    /// Search names, e-mails, companies, titles, notes, tags and interaction notes
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub search: Option<String>,

    /// Sort order
    #[arg(long, value_enum, default_value_t = SortBy::Name)]
    pub sort: SortBy,

    /// Show at most this many
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortBy {
    /// Alphabetically by name
    Name,
    /// Most recently contacted first
    Last,
    /// In the order they were added
    Added,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_has_help_with_an_example() {
        for sub in Cli::command().get_subcommands() {
            assert!(sub.get_about().is_some(), "{} has no description", sub.get_name());
            let after = sub.get_after_help().map(|s| s.to_string()).unwrap_or_default();
            assert!(after.contains("netcrm "), "{} has no example", sub.get_name());
        }
    }
}
