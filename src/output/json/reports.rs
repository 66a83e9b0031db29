//! The JSON of commands that do not print records (DESIGN.md "JSON for commands that
//! do not print records"), and of `dupes`, `undo` and `scan`, in the order of the
//! command list. Shapes only, as in the rest of [`super`].

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::{ContactJson, FollowUpJson, InteractionJson, serialize_date};
use crate::duplicates::Duplicate;
use crate::formats::graph::Graph;
use crate::model::{ConfigKey, Contact, FollowUp, Interaction, MailSettings, Settings, Summary};
use crate::scan::{self, ContactCount, Suggestion};
use crate::store::Step;
use crate::sync::{contacts, tasks};

/// `done --json`, for each key: the Follow-up, the day it was done, and the
/// interaction that was logged (or null).
#[derive(Serialize)]
pub struct DoneJson<'a> {
    #[serde(flatten)]
    follow_up: FollowUpJson<'a>,
    #[serde(serialize_with = "serialize_date")]
    done_on: NaiveDate,
    interaction: Option<InteractionJson<'a>>,
}

impl<'a> DoneJson<'a> {
    pub fn new(follow_up: &'a FollowUp, today: NaiveDate, interaction: Option<&'a Interaction>) -> Self {
        let interaction = interaction.map(InteractionJson::from);
        DoneJson { follow_up: FollowUpJson::new(follow_up, today), done_on: today, interaction }
    }
}

/// `draft KEY --json`: the message, with the `mailto:` URL (`--mailto`) and the file
/// written (`--maildir`) when asked for. `to` is the bare channel (first e-mail, else
/// phone, else LinkedIn URL), null for no one.
#[derive(Serialize)]
pub struct DraftJson<'a> {
    /// The follow-up's key; null for an introduction request (`draft --path`).
    pub key: Option<&'a str>,
    pub to: Option<&'a str>,
    pub subject: &'a str,
    pub body: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mailto: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// `draft --templates DIR --json`: the folder and the files written in it.
#[derive(Serialize)]
pub struct TemplatesJson {
    pub dir: String,
    pub files: Vec<String>,
}

/// `snooze --json`: the Follow-up and the day it comes back.
#[derive(Serialize)]
pub struct SnoozeJson<'a> {
    #[serde(flatten)]
    follow_up: FollowUpJson<'a>,
    #[serde(serialize_with = "serialize_date")]
    snoozed_until: NaiveDate,
}

impl<'a> SnoozeJson<'a> {
    pub fn new(follow_up: &'a FollowUp, today: NaiveDate, until: NaiveDate) -> Self {
        SnoozeJson { follow_up: FollowUpJson::new(follow_up, today), snoozed_until: until }
    }
}

/// `dupes --json`: two contacts that look like one person, and why.
#[derive(Serialize)]
pub struct DuplicateJson<'a> {
    ids: [i64; 2],
    names: &'a [String; 2],
    reasons: &'a [String],
}

impl<'a> From<&'a Duplicate> for DuplicateJson<'a> {
    fn from(d: &'a Duplicate) -> Self {
        DuplicateJson { ids: d.ids, names: &d.names, reasons: &d.reasons }
    }
}

/// `dupes --not A B --json`: the pair, as `dupes` lists pairs (without reasons).
#[derive(Serialize)]
pub struct PairJson<'a> {
    pub ids: [i64; 2],
    pub names: &'a [String; 2],
}

/// `config get KEY`, `config set --json`: one setting (`value` null for a mail
/// setting not set).
#[derive(Serialize)]
pub struct SettingJson<'a> {
    pub key: &'a str,
    pub value: Option<&'a str>,
}

/// `config get --json`: every setting, `{"thank-you-within": "2d", ..., "my-name":
/// null, ...}`.
pub struct SettingsJson<'a>(pub &'a Settings, pub &'a MailSettings);

impl Serialize for SettingsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(ConfigKey::all().map(|key| {
            let value = match key {
                ConfigKey::Schedule(setting) => Some(self.0.get(setting)),
                ConfigKey::Mail(setting) => self.1.get(setting),
            };
            (key.name(), value)
        }))
    }
}

/// `import --json`: what the import did (or would do with `--dry-run`), and the
/// contacts it added and updated as they are after it.
#[derive(Serialize)]
pub struct ImportJson<'a> {
    pub format: &'static str,
    pub dry_run: bool,
    pub added: usize,
    pub updated: usize,
    pub skipped: usize,
    pub contacts: Vec<ContactJson<'a>>,
}

/// Contacts as the Contact JSON has them.
pub fn contacts(contacts: &[(Contact, Summary)]) -> Vec<ContactJson<'_>> {
    contacts.iter().map(|(contact, summary)| ContactJson::new(contact, *summary)).collect()
}

/// `export --output FILE --json`: the format, the file and how many records it holds.
#[derive(Serialize)]
pub struct ExportJson<'a> {
    pub format: &'a str,
    pub output: String,
    pub count: usize,
}

/// `graph --json`: the people in an introduction, and who introduced whom.
#[derive(Serialize)]
pub struct GraphJson<'a> {
    nodes: Vec<NodeJson<'a>>,
    edges: Vec<EdgeJson>,
}

#[derive(Serialize)]
struct NodeJson<'a> {
    id: i64,
    name: &'a str,
}

/// An introduction: from the introducer to the introduced.
#[derive(Serialize)]
struct EdgeJson {
    from: i64,
    to: i64,
    name_ok: bool,
}

impl<'a> GraphJson<'a> {
    pub fn new(graph: &'a Graph) -> Self {
        GraphJson {
            nodes: graph.nodes.iter().map(|(id, name)| NodeJson { id: *id, name }).collect(),
            edges: graph.edges.iter().map(|&(from, to, name_ok)| EdgeJson { from, to, name_ok }).collect(),
        }
    }
}

/// `backup FILE --json`: the database copied, and the copy.
#[derive(Serialize)]
pub struct BackupJson<'a> {
    pub database: &'a str,
    pub backup: String,
}

/// `doctor --json`, when the database is healthy (else it is an error).
#[derive(Serialize)]
pub struct DoctorJson<'a> {
    database: &'a str,
    schema_version: i64,
    integrity_check: &'static str,
    foreign_key_check: &'static str,
    contacts: i64,
}

impl<'a> DoctorJson<'a> {
    /// A healthy database's report: both checks `ok`.
    pub fn healthy(database: &'a str, schema_version: i64, contacts: i64) -> Self {
        DoctorJson { database, schema_version, integrity_check: "ok", foreign_key_check: "ok", contacts }
    }
}

/// `undo --json` (the step undone) and `undo --list --json` (each step, newest
/// first): a command that `undo` can revert.
#[derive(Serialize)]
pub struct StepJson<'a> {
    id: i64,
    description: &'a str,
    #[serde(serialize_with = "serialize_date")]
    on: NaiveDate,
}

impl<'a> From<&'a Step> for StepJson<'a> {
    fn from(step: &'a Step) -> Self {
        StepJson { id: step.id, description: &step.description, on: step.on }
    }
}

/// `undo --clear --json`: how many steps were forgotten.
#[derive(Serialize)]
pub struct ClearedJson {
    pub cleared: usize,
}

/// `sync --json`: what each side did (or would do with `--dry-run`); null for a
/// folder not synced.
#[derive(Serialize)]
pub struct SyncJson {
    contacts: Option<ContactsSyncedJson>,
    tasks: Option<TasksSyncedJson>,
}

impl SyncJson {
    pub fn new(contacts: Option<&contacts::Summary>, tasks: Option<&tasks::Summary>) -> Self {
        let contacts = contacts.map(|s| ContactsSyncedJson {
            written: s.written,
            read: s.read,
            created: s.created,
            removed: s.removed,
            conflicts: s.conflicts,
        });
        let tasks = tasks.map(|t| TasksSyncedJson {
            written: t.written,
            completed: t.completed,
            removed: t.removed,
            snoozed: t.snoozed,
            cancelled: t.cancelled,
        });
        SyncJson { contacts, tasks }
    }
}

/// What a contacts sync did (or would do).
#[derive(Serialize)]
struct ContactsSyncedJson {
    written: usize,
    read: usize,
    created: usize,
    removed: usize,
    conflicts: usize,
}

/// What a tasks sync did (or would do).
#[derive(Serialize)]
struct TasksSyncedJson {
    written: usize,
    completed: usize,
    removed: usize,
    snoozed: usize,
    cancelled: usize,
}

/// `scan --json`: what was read and logged, per contact, and the people you exchanged
/// most mail with who are not contacts (`--suggest`).
#[derive(Serialize)]
pub struct ScanJson<'a> {
    messages: usize,
    events: usize,
    logged: usize,
    skipped: usize,
    contacts: Vec<ScannedJson<'a>>,
    suggestions: Vec<SuggestionJson<'a>>,
}

/// How many interactions `scan` logged with one contact.
#[derive(Serialize)]
struct ScannedJson<'a> {
    contact_id: i64,
    contact: &'a str,
    logged: usize,
}

/// Someone you exchanged mail with who is not a contact.
#[derive(Serialize)]
struct SuggestionJson<'a> {
    name: Option<&'a str>,
    address: &'a str,
    messages: usize,
    #[serde(serialize_with = "serialize_date")]
    last: NaiveDate,
}

impl<'a> From<&'a scan::Summary> for ScanJson<'a> {
    fn from(summary: &'a scan::Summary) -> Self {
        let scanned = |c: &'a ContactCount| ScannedJson {
            contact_id: c.contact_id,
            contact: &c.contact,
            logged: c.logged,
        };
        let suggestion = |s: &'a Suggestion| SuggestionJson {
            name: s.name.as_deref(),
            address: &s.address,
            messages: s.messages,
            last: s.last,
        };
        ScanJson {
            messages: summary.messages,
            events: summary.events,
            logged: summary.logged,
            skipped: summary.skipped,
            contacts: summary.contacts.iter().map(scanned).collect(),
            suggestions: summary.suggestions.iter().map(suggestion).collect(),
        }
    }
}

/// One warm route (`path --json`, and `best` in `target list --json`): its score
/// (rounded to 4 decimals), the person to ask (`[]` for a direct route), the target
/// contact's id, and the route in words.
#[derive(Serialize)]
pub struct RouteJson<'a> {
    score: f64,
    via: Vec<i64>,
    target: i64,
    why: &'a str,
}

impl<'a> From<&'a crate::network::Route> for RouteJson<'a> {
    fn from(route: &'a crate::network::Route) -> Self {
        RouteJson {
            score: crate::network::strength::rounded(route.score),
            via: route.via.into_iter().collect(),
            target: route.target,
            why: &route.why,
        }
    }
}

/// One target employer in `target list --json`.
#[derive(Serialize)]
pub struct TargetJson<'a> {
    company: &'a str,
    note: Option<&'a str>,
    advocates: &'a [i64],
    best: Option<RouteJson<'a>>,
    open_leads: &'a [i64],
    #[serde(serialize_with = "super::serialize_optional_date")]
    last_touch: Option<NaiveDate>,
}

impl<'a> From<&'a crate::network::reach::TargetView> for TargetJson<'a> {
    fn from(view: &'a crate::network::reach::TargetView) -> Self {
        TargetJson {
            company: &view.target.company,
            note: view.target.note.as_deref(),
            advocates: &view.advocates,
            best: view.best.as_ref().map(RouteJson::from),
            open_leads: &view.open_leads,
            last_touch: view.last_touch,
        }
    }
}

/// `target add --json` and `target rm --json`: the target employer.
#[derive(Serialize)]
pub struct TargetRecordJson<'a> {
    company: &'a str,
    note: Option<&'a str>,
    #[serde(serialize_with = "serialize_date")]
    added_on: NaiveDate,
}

impl<'a> From<&'a crate::store::Target> for TargetRecordJson<'a> {
    fn from(target: &'a crate::store::Target) -> Self {
        TargetRecordJson { company: &target.company, note: target.note.as_deref(), added_on: target.added_on }
    }
}
