//! The whole command-line surface as clap derive types, and nothing else. The `///`
//! comments are the `--help` text; completions and the man page come from here too.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use clap_complete::Shell;

use crate::formats::Format;

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
        netcrm due\n  \
        netcrm done thank-you-1\n  \
        netcrm list --tag rust\n  \
        netcrm show ada",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The database file [default: $NETCRM_DB, else $XDG_DATA_HOME/netcrm/netcrm.db]
    #[arg(long, global = true, value_name = "PATH")]
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

    /// Record an interaction with someone (restarts their check-in clock)
    #[command(after_help = "Examples:\n  \
        netcrm log ada --kind call --note \"talked about the Rust job\"\n  \
        netcrm log grace --kind thank-you --on yesterday\n  \
        netcrm log ada --kind met --at \"PyCon Berlin\" --how \"her talk on parsers\"\n  \
        netcrm log ada --kind met --at \"Rust meetup\" --thank   (a thank-you even if you met last month)\n  \
        netcrm log 12 --kind email\n  \
        netcrm log --edit 31 --on 2026-11-20 --note \"it was a call, not a meeting\" --kind call\n  \
        netcrm log --edit 31 --contact 12      (it was with someone else)\n  \
        netcrm log --rm 31")]
    Log(LogArgs),

    /// Follow-ups due today or overdue, most urgent first: whom to thank, whom to check in with
    #[command(after_help = "Examples:\n  \
        netcrm due\n  \
        netcrm due --within 7\n  \
        netcrm due --explain     (how each item's urgency was worked out)\n  \
        netcrm due --sort date   (oldest first instead of most urgent first)\n  \
        netcrm due --within 2w --kind thank-you --json\n  \
        netcrm due --kind chase  (applications with no answer yet)\n  \
        netcrm due --quiet       (in ~/.bashrc: silent when nothing is due)\n  \
        netcrm due --count       (for a prompt or status bar)")]
    Due(DueArgs),

    /// Walk the due items one at a time on a terminal: done, write, snooze, log, next
    #[command(after_help = "Keys, on each item's screen:\n  \
        d  done: as netcrm done KEY (its usual interaction, no note)\n  \
        w  write: the draft of a message for it\n  \
        s  snooze: for a duration or until a date (1w when none is given)\n  \
        l  log: an interaction with the person (a kind, a note)\n  \
        n  next (or Enter)\n  \
        q  quit (or Escape)\n\n\
        Each action is its own undo step (netcrm undo).\n\n\
        Examples:\n  \
        netcrm review\n  \
        netcrm due   (the same list, not on a terminal)")]
    Review,

    /// Complete follow-ups (logs the matching interaction)
    #[command(after_help = "Examples:\n  \
        netcrm done thank-you-12\n  \
        netcrm done check-in-12 --kind call --note \"coffee next week\"\n  \
        netcrm done chase-3 --kind email --note \"asked for news\"\n  \
        netcrm done reminder-3\n  \
        netcrm done thank-you-12 intro-thanks-12 check-in-7   (all or nothing; one undo step)")]
    Done(DoneArgs),

    /// Write the message a follow-up asks for: a draft to edit and send
    #[command(after_help = "The draft uses what netcrm knows: first name, where and when you met, what \
you talked about, who introduced you, the lead, the favour, the last note. A sentence whose \
placeholder has no value is left out. Your own templates in $XDG_CONFIG_HOME/netcrm/templates \
(~/.config/netcrm/templates) replace the built-in ones: start from draft --templates. netcrm never \
sends mail; send the draft, then run netcrm done KEY.

Examples:
  netcrm draft thank-you-12
  netcrm draft check-in-7 --json
  xdg-open \"$(netcrm draft lead-3 --mailto)\"           (opens your mail program)
  netcrm draft thank-you-12 --maildir ~/Mail/Drafts    (mutt, aerc, Thunderbird show it in Drafts)
  netcrm draft outcome-3-12 --maildir                  (the Maildir given last time)
  netcrm draft --templates ~/.config/netcrm/templates  (the built-in templates, to edit)
  netcrm draft --path \"Tomás Ortega\" --via priya       (ask Priya to introduce you; see netcrm path)")]
    Draft(DraftArgs),

    /// Hide a follow-up until a later date
    #[command(after_help = "Examples:\n  \
        netcrm snooze check-in-12 --for 1w\n  \
        netcrm snooze thank-you-4 --until monday")]
    Snooze(SnoozeArgs),

    /// Set a one-off reminder about someone
    #[command(after_help = "Examples:\n  \
        netcrm remind ada \"send her the conference slides\" --in 3d\n  \
        netcrm remind grace \"ask about the opening at Acme\" --on 2026-12-01\n  \
        netcrm remind grace \"call about the interview\" --on \"next fri\"   (Friday of next week)")]
    Remind(RemindArgs),

    /// List contacts as a table
    #[command(after_help = "Examples:\n  \
        netcrm list\n  \
        netcrm list --tag rust --sort last\n  \
        netcrm list --search compilers --json")]
    List(ListArgs),

    /// Find e-mail addresses for a mail client (mutt, neomutt, aerc)
    #[command(after_help = "Examples:\n  \
        netcrm query ada\n  \
        netcrm query acme          (everyone at Acme who has an e-mail address)\n  \
        netcrm query zoe           (finds Zoë too: case and accents are ignored)\n\n\
        Prints `netcrm: N matches`, then `email<TAB>name<TAB>company` for each address; \
        exit status 1 when nothing matches.\n\
        In ~/.muttrc or neomuttrc:   set query_command = \"netcrm query %s\"\n\
        In aerc.conf ([compose]):    address-book-cmd = netcrm query \"%s\"")]
    Query {
        /// Part of a name, an e-mail address or a company
        text: String,
    },

    /// Show everything about one contact
    #[command(
        after_help = "Examples:\n  netcrm show ada\n  netcrm show 12\n  netcrm show ada@example.com --json"
    )]
    Show {
        /// An id (12 or #12), an e-mail address, or a name or part of one
        contact: String,
    },

    /// Change a contact's details (on a terminal, with no flags: in your editor)
    #[command(
        mut_arg("met_on", |arg| arg.help("When you first met (changes the meeting add recorded)")),
        mut_arg("met_at", |arg| arg.help("Where you first met (changes the meeting add recorded)")),
        mut_arg("how", |arg| arg.help("How you first met, what you talked about")),
        mut_arg("force", |arg| arg.help("Change even if one of the e-mails already belongs to another contact")),
        mut_arg("emails", |arg| arg.help("E-mail address (repeat for several; replaces the list, \"\" clears it)")),
        mut_arg("phones", |arg| arg.help("Phone number (repeat for several; replaces the list, \"\" clears it)")),
        mut_arg("tags", |arg| arg.help("Tag (repeat for several; replaces the list)")),
        mut_arg("note", |arg| arg.help("Their notes, replaced (see --append-note)")),
        mut_arg("cadence", |arg| arg.help("How often to check in: 14 (days), 2w, 1m, biweekly, every 2 weeks, ... or none (\"\" for the default)"))
    )]
    #[command(after_help = "Examples:\n  \
        netcrm edit ada --company \"Babbage & Co\" --add-tag mentor\n  \
        netcrm edit ada --cadence 1w --cadence-until 2027-01-15\n  \
        netcrm edit ada --email \"\"          (clears the e-mails)\n  \
        netcrm edit ada --append-note \"has two cats\"\n  \
        netcrm edit ada                     (opens her in $VISUAL or $EDITOR)")]
    Edit(EditArgs),

    /// Remove a contact with their interactions
    #[command(after_help = "Examples:\n  \
        netcrm rm ada\n  \
        netcrm rm 12 --yes\n\n\
        netcrm undo brings them back. To forget them for real, run netcrm undo --clear\n\
        afterwards: no byte of their name, e-mails, notes or history is then left in the\n\
        database file or its log (removed records are overwritten, SQLite's secure_delete).\n\
        Then run netcrm sync, if you sync, to remove their card from the folder. Copies\n\
        are separate files: backups you made, exports, and the netcrm.db.bak-vN copies\n\
        made before upgrades still hold them until you delete those.")]
    Rm {
        /// An id (12 or #12), an e-mail address, or a name or part of one
        contact: String,
        /// Do not ask for confirmation (needed when not on a terminal)
        #[arg(short, long)]
        yes: bool,
    },

    /// Job leads: openings people told you about, and where each one stands
    #[command(after_help = "Examples:\n  \
        netcrm lead add \"Rust Engineer\" --company Acme --via bob --url https://acme.example/jobs/7\n  \
        netcrm lead status 1 interview --on 2026-10-14\n  \
        netcrm lead list --status open\n  \
        netcrm lead show 1")]
    Lead {
        #[command(subcommand)]
        action: LeadAction,
    },

    /// Record a favour you did someone (--gave) or they did you (--received)
    #[command(after_help = "Examples:\n  \
        netcrm favor bob --received \"referred me to Acme\"\n  \
        netcrm favor ada --gave \"reviewed her CV\" --on yesterday")]
    Favor(FavorArgs),

    /// The favour ledger: given and received per contact
    #[command(after_help = "Examples:\n  netcrm favors\n  netcrm favors --owed")]
    Favors {
        /// Only the people you owe (more received than given), most owed first
        #[arg(long)]
        owed: bool,
    },

    /// Warm routes to a person or a company: whom to ask for an introduction
    #[command(
        long_about = "Warm routes to a person or a company: whom to ask for an introduction.\n\n\
            A route is direct (you -> them, scored by the strength of your tie) or through one \
            person you know (you -> X -> them, scored strength(X) x link(X, them)). Tie strength \
            = (1 - e^(-f/4)) x e^(-r/180), from f, your interactions with them in the last 365 \
            days, and r, the days since the last one. A link weighs 1 for an introduction, 0.5 \
            for the same current company, and min(1, n/3) for n messages or meetings scan \
            logged with both. Best first; routes scoring 0 are left out.",
        after_help = "Examples:\n  \
            netcrm path \"Tomás Ortega\"\n  \
            netcrm path --company Contoso\n  \
            netcrm path --company contoso.com --limit 3   (everyone with an e-mail there too)\n  \
            netcrm path --company Contoso --json"
    )]
    Path(PathArgs),

    /// Your target employers: where you want to work, and who can get you in
    #[command(after_help = "Examples:\n  \
        netcrm target add Contoso --note \"platform team\"\n  \
        netcrm target list\n  \
        netcrm target rm Contoso")]
    Target {
        #[command(subcommand)]
        action: TargetAction,
    },

    /// The introduction network, for Graphviz or Mermaid
    #[command(after_help = "Examples:\n  \
        netcrm graph | dot -Tsvg > network.svg\n  \
        netcrm graph --format mermaid")]
    Graph {
        /// dot (Graphviz) or mermaid
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
    },

    /// Your networking in numbers: follow-ups kept, interactions per month, leads
    #[command(after_help = "Examples:\n  netcrm stats\n  netcrm stats --json")]
    Stats,

    /// Dormant ties worth reviving: people you were in touch with at least twice, not
    /// since dormant-after (1y), ranked by interactions x years since (at most 5).
    /// `due` suggests reconnect-per-week (2) of them each week
    #[command(
        after_help = "Examples:\n  netcrm reconnect\n  netcrm reconnect --limit 5\n  netcrm config set dormant-after 2y"
    )]
    Reconnect {
        /// Show at most N ties
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },

    /// Weekly or monthly goals (conversations, new people, thank-yous, follow-ups,
    /// reconnects): progress and streaks in `stats`, this period's above `due`
    #[command(after_help = "Examples:\n  \
        netcrm goal set conversations 5 per week\n  \
        netcrm goal set new-people 4 per month\n  \
        netcrm goal list\n  \
        netcrm goal rm conversations")]
    Goal {
        #[command(subcommand)]
        action: GoalAction,
    },

    /// Import contacts: LinkedIn, Google, Outlook, Thunderbird, vCard, netcrm CSV, or a JSON backup
    #[command(after_help = "Examples:\n  \
        netcrm import Connections.csv --tag linkedin\n  \
        netcrm import contacts.vcf --dry-run   (names whom it would add; writes nothing)\n  \
        netcrm import google.csv --format google --cadence quarterly\n  \
        netcrm import backup.json            (restores a full backup into an empty database)\n  \
        cat contacts.vcf | netcrm import -")]
    Import(ImportArgs),

    /// Export contacts (csv, vcard, json backup) or due follow-ups (ics calendar)
    #[command(after_help = "Examples:\n  \
        netcrm export csv --output contacts.csv\n  \
        netcrm export vcard --tag rust > rust-people.vcf\n  \
        netcrm export ics --within 60 --output follow-ups.ics\n  \
        netcrm export json --output netcrm-backup.json")]
    Export(ExportArgs),

    /// List likely duplicate contacts, with the reason
    #[command(after_help = "Examples:\n  \
        netcrm dupes\n  \
        netcrm dupes --json\n  \
        netcrm merge 12 31              (one person twice: keep 12)\n  \
        netcrm dupes --not 12 31        (two people: dupes leaves them out from now on)")]
    Dupes(DupesArgs),

    /// Merge OTHER into KEEP: their details, history and introductions; OTHER is removed
    #[command(after_help = "Examples:\n  \
        netcrm merge 12 31\n  \
        netcrm merge \"Ada Lovelace\" ada@old.example\n\n\
        Check-ins go on: the merged contact keeps KEEP's cadence if you set it, else OTHER's if\n\
        you set it, else default-cadence if either followed it, else the import's.")]
    Merge {
        /// The contact to keep (an id, e-mail or name)
        keep: String,
        /// The contact to merge into KEEP and remove
        other: String,
    },

    /// Read or change settings (thank-you-within, default-cadence, import-cadence,
    /// chase-after, thank-again-after, my-name, my-addresses, drafts-maildir)
    #[command(after_help = "my-addresses and drafts-maildir are also remembered by scan --me and \
draft --maildir; changing them is not a step undo takes back.

Examples:
  netcrm config get\n  \
        netcrm config set default-cadence 6w\n  \
        netcrm config set thank-you-within 1d\n  \
        netcrm config set chase-after 10d     (chase an application with no answer after 10 days)\n  \
        netcrm config set thank-again-after 6w   (meeting someone again sooner asks no new thank-you)\n  \
        netcrm config set default-cadence \"\"     (back to the default)\n  \
        netcrm config set my-name \"Ada Lovelace\"   (for drafts: From and {my_name})\n  \
        netcrm config set my-addresses ada@example.com,ada@work.example   (the first is From)\n  \
        netcrm config set drafts-maildir ~/Mail/Drafts   (where draft --maildir writes)")]
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },

    /// Copy the database to a new file, safely even while netcrm runs elsewhere
    #[command(after_help = "Examples:\n  \
        netcrm backup ~/netcrm-$(date +%F).db\n  \
        netcrm --db ~/netcrm-2026-11-22.db list     (use a backup)")]
    Backup {
        /// The file to create (it must not exist yet)
        file: PathBuf,
    },

    /// Undo the last command that changed the database (again for the one before)
    #[command(after_help = "Examples:\n  \
        netcrm undo            (prints what it undid)\n  \
        netcrm undo --list     (what it can undo, newest first)\n  \
        netcrm undo --clear    (forget the history: removed people leave no trace)")]
    Undo {
        /// Show what can be undone, newest first, and undo nothing
        #[arg(long, conflicts_with = "clear")]
        list: bool,
        /// Forget everything that could be undone
        #[arg(long)]
        clear: bool,
    },

    /// Sync contacts and follow-ups with folders (vdirs) that vdirsyncer syncs with your phone
    #[command(after_help = "Examples:\n  \
        netcrm sync --contacts ~/.local/share/netcrm/contacts --tasks ~/.local/share/netcrm/tasks\n  \
        netcrm sync                (the folders are remembered)\n  \
        netcrm sync --dry-run      (says what would change, changes nothing)")]
    Sync(SyncArgs),

    /// Log interactions from your mail and calendars: e-mails exchanged with
    /// contacts and meetings with them
    #[command(after_help = "PATH is a Maildir (with cur/ and new/, or a folder of them, as mbsync and \
offlineimap leave them), an mbox file (Gmail Takeout, Thunderbird), an .eml file or a folder of them, \
or an .ics file or a folder of them (a calendar export, a vdirsyncer vdir). Only headers are read: \
bodies are never read or stored. Mailing lists and automatic replies are skipped, and scanning \
again adds nothing.

Examples:
  netcrm scan ~/Mail --me me@example.com --me me@work.example
  netcrm scan ~/Takeout/Mail/All\\ mail\\ Including\\ Spam\\ and\\ Trash.mbox
  netcrm scan ~/.local/share/vdirsyncer/calendar --since 2026-01-01
  netcrm scan ~/Mail --dry-run --suggest 10   (what it would log, and who is not a contact yet)
  netcrm undo                                 (takes back the last scan)")]
    Scan(ScanArgs),

    /// Check the database for damage
    #[command(after_help = "Examples:\n  netcrm doctor\n  netcrm doctor --json")]
    Doctor,

    /// Print a shell completion script
    #[command(after_help = "Examples:\n  \
        netcrm completions bash > ~/.local/share/bash-completion/completions/netcrm\n  \
        netcrm completions zsh > ~/.zfunc/_netcrm")]
    Completions {
        /// The shell to write completions for
        shell: Shell,
    },

    /// Print the manual: one complete man page, or one page per command with --dir
    #[command(after_help = "Examples:\n  \
        netcrm manpage > ~/.local/share/man/man1/netcrm.1\n  \
        netcrm manpage --dir ~/.local/share/man/man1      (netcrm.1, netcrm-add.1, ...)")]
    Manpage {
        /// Write one page per command (netcrm.1, netcrm-add.1, ...) into this folder
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// The contact fields shared by `add` and `edit` (pinned to `model::ContactField` by
/// tests/contact_fields.rs).
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

    /// How often to check in: 14 (days), 2w, 1m, biweekly, monthly, every 3 months, ... or none
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

#[derive(Debug, Args, Default)]
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

    /// Add a line to their notes, keeping what is there
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub append_note: Option<String>,

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
pub struct DupesArgs {
    /// Record that A and B are different people (ids, e-mails or names): dupes leaves
    /// the pair out from now on (netcrm undo takes it back)
    #[arg(long, num_args = 2, value_names = ["A", "B"], allow_hyphen_values = true)]
    pub not: Option<Vec<String>>,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// An id (12 or #12), an e-mail address, or a name or part of one
    #[arg(required_unless_present_any = ["edit", "rm"], conflicts_with_all = ["edit", "rm"])]
    pub contact: Option<String>,

    /// What kind of contact it was [default: meeting]
    #[arg(long, value_enum)]
    pub kind: Option<LogKind>,

    /// When (YYYY-MM-DD, yesterday, last friday, -3d, ...) [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub on: Option<String>,

    /// What you talked about, what you promised
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,

    /// With --kind met: the event or place where you met again
    #[arg(long, value_name = "EVENT", allow_hyphen_values = true)]
    pub at: Option<String>,

    /// With --kind met: how you met, what you talked about
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub how: Option<String>,

    /// With --kind met: ask for a thank-you for this meeting even when the one before
    /// was within thank-again-after (3 months by default)
    #[arg(long, conflicts_with = "edit")]
    pub thank: bool,

    /// With --kind email: mail you sent that waits for a reply (a no-reply follow-up
    /// is due no-reply-after, 7 days by default, unless they answer)
    #[arg(long, conflicts_with = "edit")]
    pub awaiting_reply: bool,

    /// Correct interaction ID (its id is in `netcrm show`) with --on, --kind, --note, --contact
    #[arg(long, value_name = "ID", conflicts_with = "rm")]
    pub edit: Option<String>,

    /// With --edit: move the interaction to this person (an id, e-mail or name)
    #[arg(
        long = "contact",
        value_name = "CONTACT",
        requires = "edit",
        conflicts_with = "contact",
        allow_hyphen_values = true
    )]
    pub move_to: Option<String>,

    /// Remove interaction ID (its id is in `netcrm show`)
    #[arg(long, value_name = "ID", conflicts_with_all = ["kind", "on", "note", "at", "how", "thank", "awaiting_reply", "move_to"])]
    pub rm: Option<String>,
}

/// The kinds of interaction a user logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogKind {
    Meeting,
    Call,
    Email,
    Message,
    Letter,
    Event,
    ThankYou,
    /// Meeting them (again) at an event: starts a new thank-you, unless the meeting
    /// before was within thank-again-after (3m)
    Met,
    Other,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("to").required(true).args(["contact", "company"])))]
pub struct PathArgs {
    /// The person to reach (a name, an e-mail or an id)
    pub contact: Option<String>,

    /// Everyone at a company (its name contains NAME, ignoring case and accents), or
    /// with an e-mail at a domain when NAME looks like one (contoso.com)
    #[arg(long, value_name = "NAME|DOMAIN", conflicts_with = "contact")]
    pub company: Option<String>,

    /// Show at most N routes
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
}

#[derive(Debug, Subcommand)]
pub enum TargetAction {
    /// Add a company to your targets (or change its note)
    #[command(after_help = "Examples:\n  \
        netcrm target add Contoso\n  \
        netcrm target add \"Fabrikam Inc\" --note \"remote-friendly, hiring in Q1\"")]
    Add {
        /// The company, as you want it shown
        company: String,
        /// Why it is on your list, or anything to remember
        #[arg(long)]
        note: Option<String>,
    },
    /// Your targets with your advocates there, the best route in, open leads and the
    /// last time you were in touch, best route first
    #[command(after_help = "Examples:\n  netcrm target list\n  netcrm target list --json")]
    List,
    /// Remove a company from your targets
    #[command(after_help = "Examples:\n  netcrm target rm Contoso")]
    Rm {
        /// The company (ignoring case and accents)
        company: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum GoalAction {
    /// Set the goal for WHAT (replacing the one there is): N per week or per month
    #[command(
        after_help = "Examples:\n  netcrm goal set conversations 5 per week\n  netcrm goal set reconnects 2 per month"
    )]
    Set {
        /// What to count: conversations (interactions but mail), new-people (first
        /// meetings), thank-yous, follow-ups (items settled), reconnects
        #[arg(value_enum)]
        what: GoalWhatArg,
        /// How many, at least 1
        #[arg(value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        target: u32,
        /// The word `per`
        #[arg(value_name = "per", value_parser = ["per"])]
        per: String,
        /// ISO weeks (Monday to Sunday) or calendar months
        #[arg(value_enum, value_name = "week|month")]
        period: PerArg,
    },
    /// The goals, with this period's progress and the streaks
    #[command(after_help = "Examples:\n  netcrm goal list\n  netcrm --json goal list")]
    List,
    /// Remove the goal for WHAT
    #[command(after_help = "Examples:\n  netcrm goal rm conversations")]
    Rm {
        #[arg(value_enum)]
        what: GoalWhatArg,
    },
}

/// What a goal counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GoalWhatArg {
    Conversations,
    NewPeople,
    ThankYous,
    FollowUps,
    Reconnects,
}

/// A goal's period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PerArg {
    Week,
    Month,
}

#[derive(Debug, Subcommand)]
pub enum LeadAction {
    /// Record a job lead (a follow-up is due today)
    #[command(after_help = "Examples:\n  \
        netcrm lead add \"Rust Engineer\" --company Acme --via bob\n  \
        netcrm lead add \"Data analyst\" --url https://example.com/jobs/12 --note \"closes Friday\"")]
    Add(LeadAddArgs),
    /// Move a lead to a new status (interview, offer and hired: tell those who helped)
    #[command(
        long_about = "Move a lead to a new status.\n\n\
            An interview, an offer or a hire asks you to tell everyone who helped with it \
            (an outcome item, due thank-you-within after the change's date); so does a \
            rejection or a closing once you had applied. While a lead is applied and you \
            hear nothing, a chase is due chase-after (7 days) after you applied, after the \
            last chase, or after you last spoke to anyone who helped. Setting the status \
            it has changes nothing; moving back down the funnel (open < applied < \
            interview < offer < hired) is allowed, with a warning.",
        after_help = "Examples:\n  \
            netcrm lead status 1 applied\n  \
            netcrm lead status 1 applied --on 2026-09-23\n  \
            netcrm lead status '#1' interview --on 'next tuesday'\n  \
            netcrm lead status 1 rejected"
    )]
    Status {
        /// The lead's id (3 or #3)
        id: String,
        /// The new status
        #[arg(value_enum)]
        status: LeadStatusArg,
        /// The day it changed (YYYY-MM-DD, yesterday, -3d, ...) [default: today]; only an
        /// interview may be in the future
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: Option<String>,
    },
    /// List leads, newest first, each with its next step
    #[command(after_help = "Examples:\n  netcrm lead list\n  netcrm lead list --status interview --json")]
    List {
        /// Only leads with this status
        #[arg(long, value_enum)]
        status: Option<LeadStatusArg>,
    },
    /// Everything about one lead: its helpers, its history and its open follow-ups
    #[command(after_help = "Examples:\n  netcrm lead show 1\n  netcrm lead show '#1' --json")]
    Show {
        /// The lead's id (3 or #3)
        id: String,
    },
    /// Change a lead's title, company, URL or note, or who helped with it
    #[command(after_help = "Examples:\n  \
        netcrm lead edit 1 --title \"Senior Rust Engineer\" --url https://acme.example/jobs/8\n  \
        netcrm lead edit 1 --company \"Acme Robotics\" --add-via ada --remove-via bob\n  \
        netcrm lead edit 1 --note \"\"")]
    Edit(LeadEditArgs),
    /// Remove a lead with its follow-ups (netcrm undo brings it back)
    #[command(after_help = "Examples:\n  netcrm lead rm 1\n  netcrm undo")]
    Rm {
        /// The lead's id (3 or #3)
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct LeadEditArgs {
    /// The lead's id (3 or #3)
    pub id: String,

    /// The job title
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub title: Option<String>,

    /// The company hiring ("" clears it)
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub company: Option<String>,

    /// The posting's address ("" clears it)
    #[arg(long, value_name = "URL", allow_hyphen_values = true)]
    pub url: Option<String>,

    /// A note about it, replacing the one there ("" clears it)
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,

    /// Someone else who helped with it, after those there (repeatable)
    #[arg(long, value_name = "CONTACT", allow_hyphen_values = true)]
    pub add_via: Vec<String>,

    /// Someone who did not help with it after all (repeatable); the next helper then
    /// owns its follow-ups
    #[arg(long, value_name = "CONTACT", allow_hyphen_values = true)]
    pub remove_via: Vec<String>,
}

#[derive(Debug, Args)]
pub struct LeadAddArgs {
    /// The job title (quote it)
    pub title: String,

    /// The company hiring
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub company: Option<String>,

    /// A contact who passed it on or helped (repeatable; the first is asked to act on it)
    #[arg(long, value_name = "CONTACT", allow_hyphen_values = true)]
    pub via: Vec<String>,

    /// The posting's address
    #[arg(long, value_name = "URL", allow_hyphen_values = true)]
    pub url: Option<String>,

    /// A note about it
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LeadStatusArg {
    Open,
    Applied,
    Interview,
    Offer,
    Hired,
    Rejected,
    Closed,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("direction").required(true).args(["gave", "received"])))]
pub struct FavorArgs {
    /// An id (12 or #12), an e-mail address, or a name or part of one
    pub contact: String,

    /// What you did for them
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub gave: Option<String>,

    /// What they did for you (a thank-you is then due)
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub received: Option<String>,

    /// When (YYYY-MM-DD, yesterday, -3d, ...) [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub on: Option<String>,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The folder of contacts: one vCard per contact, synced both ways [default: the last one]
    #[arg(long, value_name = "DIR")]
    pub contacts: Option<PathBuf>,

    /// Allow a sync that removes more than 10 contacts or cards
    #[arg(long, short)]
    pub yes: bool,

    /// The folder of tasks: each open follow-up due within 30 days is a VTODO there,
    /// and a task completed elsewhere completes its follow-up [default: the last one]
    #[arg(long, value_name = "DIR")]
    pub tasks: Option<PathBuf>,

    /// Say what would change, and change nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Maildirs, mbox files, .eml files, .ics files, or folders of them
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// One of your own e-mail addresses (repeatable); remembered for later scans
    #[arg(long, value_name = "ADDRESS")]
    pub me: Vec<String>,

    /// Ignore mail and meetings before this date
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub since: Option<String>,

    /// Say what would be logged, and change nothing (remembers no --me either)
    #[arg(long)]
    pub dry_run: bool,

    /// Also list the N people you exchanged most mail with who are not contacts yet
    #[arg(long, value_name = "N", value_parser = whole_number)]
    pub suggest: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// Graphviz: netcrm graph | dot -Tsvg > network.svg
    Dot,
    /// Mermaid flowchart, for Markdown pages
    Mermaid,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    /// Also show what falls due in the next N days (7), or within a duration (2w, 1m)
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub within: Option<String>,

    /// Only this kind of follow-up
    #[arg(long, value_enum)]
    pub kind: Option<FollowUpKindArg>,

    /// Print nothing when nothing is due (for a shell's start-up file)
    #[arg(long, short, conflicts_with = "count")]
    pub quiet: bool,

    /// Print only how many items are due (for prompts and status bars)
    #[arg(long)]
    pub count: bool,

    /// The order: by urgency (the most urgent first), or by date (the oldest first)
    #[arg(long, value_enum, default_value_t = DueSort::Urgency)]
    pub sort: DueSort,

    /// Show under each item how its urgency was worked out
    #[arg(long)]
    pub explain: bool,
}

/// The orders `due` lists follow-ups in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DueSort {
    /// Most urgent first: weight of the kind x (1 + lateness), see --explain
    Urgency,
    /// Oldest due date first, then contact name
    Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FollowUpKindArg {
    ThankYou,
    CheckIn,
    Reminder,
    Lead,
    Outcome,
    FavorThanks,
    IntroThanks,
    Birthday,
    Chase,
    Reconnect,
    NoReply,
}

#[derive(Debug, Args)]
pub struct DoneArgs {
    /// The follow-ups' keys, as `due` shows them (thank-you-12, check-in-12, reminder-3,
    /// ...); several are done together, or none if one is unknown or done already
    #[arg(value_name = "KEY", required = true)]
    pub keys: Vec<String>,

    /// A note for the interaction it logs
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,

    /// Log this kind of interaction instead of the usual one
    #[arg(long, value_enum)]
    pub kind: Option<LogKind>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["key", "templates", "path"])))]
pub struct DraftArgs {
    /// The follow-up's key, as `due` shows it (thank-you-12, check-in-12, lead-3, ...):
    /// any open one, upcoming or snoozed too
    pub key: Option<String>,

    /// Print a mailto: URL (RFC 6068) that opens the draft in a mail program
    #[arg(long, conflicts_with = "templates")]
    pub mailto: bool,

    /// Write the draft into this Maildir (created when missing) with the Draft flag,
    /// for mutt, neomutt, aerc or Thunderbird; remembered, so later --maildir alone
    #[arg(long, value_name = "DIR", num_args = 0..=1, conflicts_with = "templates")]
    pub maildir: Option<Option<PathBuf>>,

    /// Write the built-in templates into DIR (created with its parents) to start your
    /// own from; takes no KEY
    #[arg(long, value_name = "DIR", conflicts_with_all = ["key", "mailto", "maildir"])]
    pub templates: Option<PathBuf>,

    /// With --templates: overwrite the template files that are there
    #[arg(long, requires = "templates", conflicts_with = "key")]
    pub force: bool,

    /// Ask for an introduction to this person (with --via: who you ask)
    #[arg(long, value_name = "TARGET", requires = "via", conflicts_with_all = ["key", "templates"])]
    pub path: Option<String>,

    /// With --path: the person you ask to introduce you
    #[arg(long, value_name = "CONTACT", requires = "path")]
    pub via: Option<String>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("when").required(true).args(["until", "for_"])))]
pub struct SnoozeArgs {
    /// The follow-up's key, as `due` shows it
    pub key: String,

    /// Hide it until this date, after today (2026-12-01, friday, next monday, +1w, ...)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub until: Option<String>,

    /// Hide it for this long (3d, 1w, 1m, 10 for days, ...)
    #[arg(long = "for", value_name = "DURATION", allow_hyphen_values = true)]
    pub for_: Option<String>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("when").required(true).args(["on", "in_"])))]
pub struct RemindArgs {
    /// An id (12 or #12), an e-mail address, or a name or part of one
    pub contact: String,

    /// What to do (quote it)
    pub text: String,

    /// Due on this date (2026-12-01, friday, next friday: next week's, +3d, ...)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub on: Option<String>,

    /// Due after this long from today (0d, 3d, 2w, 1m, 10 for days, ...)
    #[arg(long = "in", value_name = "DURATION", allow_hyphen_values = true)]
    pub in_: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to read; - reads standard input
    pub file: std::path::PathBuf,

    /// The file's format (auto: recognised from its content)
    #[arg(long, value_enum, default_value_t = ImportFormat::AUTO)]
    pub format: ImportFormat,

    /// Add this tag to every imported contact (repeatable)
    #[arg(long = "tag", value_name = "TAG", allow_hyphen_values = true)]
    pub tags: Vec<String>,

    /// Check-in cadence for the new contacts, until you log with them by hand (then
    /// default-cadence) [default: the import-cadence setting, none]
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true)]
    pub cadence: Option<String>,

    /// Report what would happen, naming whom it would add, and write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// How to read dates such as 5/12/1990 (Outlook, Thunderbird) [default: day first
    /// when the first number is above 12, else month first, with a warning]
    #[arg(long, value_enum, value_name = "ORDER")]
    pub date_order: Option<DateOrderArg>,
}

impl Command {
    /// The command's name as typed (`add`, `favors`, ...), which clap makes of the
    /// variant's name in kebab case: read off the variant's name, which a derived
    /// `Debug` writes first (`tests::every_command_is_named_as_clap_names_it`).
    pub fn name(&self) -> String {
        let shown = format!("{self:?}");
        let variant = shown.split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or_default();
        let mut name = String::with_capacity(variant.len() + 2);
        for (index, c) in variant.chars().enumerate() {
            if c.is_ascii_uppercase() && index > 0 {
                name.push('-');
            }
            name.push(c.to_ascii_lowercase());
        }
        name
    }
}

/// `--format`: `auto` (told from the content), or one of the formats import reads,
/// named and listed as [`Format::ALL`] has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportFormat(pub Option<Format>);

impl ImportFormat {
    pub const AUTO: ImportFormat = ImportFormat(None);
}

/// `auto`, then every format.
static IMPORT_FORMATS: [ImportFormat; Format::ALL.len() + 1] = {
    let mut all = [ImportFormat::AUTO; Format::ALL.len() + 1];
    let mut index = 0;
    while index < Format::ALL.len() {
        all[index + 1] = ImportFormat(Some(Format::ALL[index]));
        index += 1;
    }
    all
};

impl clap::ValueEnum for ImportFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &IMPORT_FORMATS
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.0.map_or("auto", Format::as_str)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DateOrderArg {
    /// Day, month, year (20/01/1991)
    Dmy,
    /// Month, day, year (1/20/1991)
    Mdy,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write
    #[arg(value_enum)]
    pub format: ExportFormat,

    /// Write to this file (mode 0600) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,

    /// Only contacts with this tag (repeatable: all must match); not for json
    #[arg(long = "tag", value_name = "TAG", allow_hyphen_values = true)]
    pub tags: Vec<String>,

    /// vCard version (vcard only) [default: 3.0]
    #[arg(long, value_name = "VERSION", value_parser = ["3.0", "4.0"])]
    pub vcard_version: Option<String>,

    /// Follow-ups due within this many days, or a duration such as 6w (ics only) [default: 30]
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub within: Option<String>,

    /// Do not guard cells against spreadsheet formulas (csv only)
    #[arg(long)]
    pub raw: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// netcrm's CSV: one row per contact
    Csv,
    /// vCard (.vcf) for address books and phones
    Vcard,
    /// iCalendar (.ics): the follow-ups due within --within days, as all-day events
    Ics,
    /// A full backup of everything, read back by import
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print one setting, or all of them
    Get {
        /// thank-you-within, default-cadence, import-cadence, chase-after, thank-again-after,
        /// my-name, my-addresses or drafts-maildir
        key: Option<String>,
    },
    /// Change a setting
    Set {
        /// thank-you-within, default-cadence, import-cadence, chase-after, thank-again-after,
        /// my-name, my-addresses or drafts-maildir
        key: String,
        /// A duration (thank-you-within, thank-again-after: 2d, 0d, 3m, ...; chase-after: 7d,
        /// 2w, ...), a cadence (1m, 6w, 14, biweekly, every 2 weeks, none, ...), your name,
        /// your e-mail addresses separated by commas (the list is replaced) or a folder;
        /// "" for the default (a name, addresses or folder: not set)
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
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
    #[arg(long, value_name = "N", value_parser = whole_number, allow_hyphen_values = true)]
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

/// Words people try as a command, and the command that does what they mean.
const DID_YOU_MEAN: [(&str, &str); 12] = [
    ("search", "netcrm list --search TEXT"),
    ("find", "netcrm list --search TEXT"),
    ("upcoming", "netcrm due --within 7"),
    ("today", "netcrm due"),
    ("agenda", "netcrm due --within 7"),
    ("note", "netcrm log CONTACT --note TEXT, or netcrm edit CONTACT --append-note TEXT"),
    ("new", "netcrm add NAME"),
    ("create", "netcrm add NAME"),
    ("delete", "netcrm rm CONTACT"),
    ("remove", "netcrm rm CONTACT"),
    ("contacts", "netcrm list"),
    ("thank", "netcrm due --kind thank-you"),
];

/// For a word given where a command was expected, the command that does what it
/// probably means.
pub fn did_you_mean(word: &str) -> Option<&'static str> {
    let word = word.trim().to_lowercase();
    DID_YOU_MEAN.iter().find(|(w, _)| *w == word).map(|(_, hint)| *hint)
}

/// A whole number for a count option, with a message for people rather than Rust's
/// "invalid digit found in string".
fn whole_number(text: &str) -> Result<usize, String> {
    text.trim().parse().map_err(|_| "expected a whole number such as 10".to_string())
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

    /// `--format` takes every format's name, and gives back that format.
    #[test]
    fn import_formats_are_the_formats_by_their_names() {
        use clap::ValueEnum;
        let values: Vec<String> = ImportFormat::value_variants()
            .iter()
            .filter_map(|format| format.to_possible_value().map(|value| value.get_name().to_string()))
            .collect();
        assert_eq!(
            values,
            ["auto", "linkedin", "google", "outlook", "thunderbird", "netcrm", "vcard", "json"]
        );
        for format in Format::ALL.map(Some).into_iter().chain([None]) {
            let name = format.map_or("auto", Format::as_str);
            let cli = Cli::try_parse_from(["netcrm", "import", "file", "--format", name]).unwrap();
            let Command::Import(args) = cli.command else { panic!("{name}: not an import") };
            assert_eq!(args.format, ImportFormat(format), "{name}");
        }
        let unknown = crate::error::Error::UnknownFormat { file: "f.txt".into() }.to_string();
        assert!(unknown.ends_with(&format!("give --format {}", Format::names())), "{unknown}");
        assert!(
            unknown.contains("linkedin, google, outlook, thunderbird, netcrm, vcard or json"),
            "{unknown}"
        );
    }

    /// Each command's name, read off the parsed command, is the one clap gives it: the
    /// examples of its help, parsed, name it.
    #[test]
    fn every_command_is_named_as_clap_names_it() {
        // An example's words, up to a comment, a pipe or a redirection; "...", `\ ` and
        // `$(...)` hold spaces.
        fn words(line: &str) -> Vec<String> {
            let (mut words, mut word, mut quoted, mut escaped) = (Vec::new(), String::new(), false, false);
            let mut depth = 0;
            for c in line.chars() {
                match c {
                    _ if escaped => {
                        word.push(c);
                        escaped = false;
                    }
                    '\\' => escaped = true,
                    '"' => quoted = !quoted,
                    ' ' if !quoted && depth == 0 => {
                        words.extend((!word.is_empty()).then(|| std::mem::take(&mut word)));
                    }
                    _ => {
                        depth += usize::from(c == '(');
                        depth = depth.saturating_sub(usize::from(c == ')'));
                        word.push(c);
                    }
                }
            }
            words.extend((!word.is_empty()).then_some(word));
            words.into_iter().take_while(|w| !w.starts_with('(') && w != "|" && w != ">").collect()
        }
        let mut named = 0;
        for sub in Cli::command().get_subcommands() {
            let name = sub.get_name();
            let after = sub.get_after_help().map(|s| s.to_string()).unwrap_or_default();
            let parsed: Vec<Cli> = after
                .lines()
                .map(str::trim)
                .filter(|line| {
                    line.strip_prefix("netcrm ")
                        .and_then(|rest| rest.strip_prefix(name))
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
                })
                .map(words)
                .filter_map(|words| Cli::try_parse_from(words).ok())
                .collect();
            assert!(!parsed.is_empty(), "no example of {name} parses");
            for cli in parsed {
                assert_eq!(cli.command.name(), name);
                named += 1;
            }
        }
        assert!(named > 30, "{named} examples");
    }

    /// Each `lead` command shows itself at work, with every flag it has.
    #[test]
    fn every_lead_command_has_an_example_of_each_flag() {
        let command = Cli::command();
        let lead = command.find_subcommand("lead").unwrap();
        for sub in lead.get_subcommands() {
            let name = sub.get_name();
            let after = sub.get_after_help().map(|s| s.to_string()).unwrap_or_default();
            assert!(after.contains(&format!("netcrm lead {name}")), "lead {name} has no example");
            for flag in sub.get_arguments().filter_map(|a| a.get_long()).filter(|f| *f != "help") {
                assert!(after.contains(&format!("--{flag}")), "lead {name} has no example of --{flag}");
            }
        }
    }
}
