//! Every `--json` shape, in one place: what scripts rely on (DESIGN.md "JSON shapes"
//! and "JSON for commands that do not print records"). Each is a struct whose fields
//! are the JSON's keys in order, made from the records it shows; `tests/json_shapes.rs`
//! pins them. Shapes only: which records a command shows, and the human pages, are
//! decided elsewhere; nothing here reads the database or prints.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::leads::LeadPage;
use super::pages::{ContactPage, LeadRow, StatsView};
use crate::formats::graph::Graph;
use crate::model::{
    Contact, Favor, FollowUp, Interaction, Lead, LeadStatus, Setting, Settings, Summary, serialize_date,
    serialize_optional_date,
};

/// A contact as DESIGN.md's JSON shape has it.
#[derive(Debug, Serialize)]
pub struct ContactJson<'a> {
    pub id: i64,
    pub name: &'a str,
    pub emails: &'a [String],
    pub phones: &'a [String],
    pub company: Option<&'a str>,
    pub title: Option<&'a str>,
    pub linkedin: Option<&'a str>,
    pub tags: &'a [String],
    #[serde(serialize_with = "serialize_optional_date")]
    pub met_on: Option<NaiveDate>,
    pub met_at: Option<&'a str>,
    pub how_met: Option<&'a str>,
    pub introduced_by: Option<i64>,
    pub name_ok: bool,
    pub no_thank_you: bool,
    pub cadence: Option<String>,
    /// Where `cadence` came from: `import`, `user`, or null without one.
    pub cadence_source: Option<crate::model::CadenceSource>,
    pub temporary_cadence: Option<String>,
    #[serde(serialize_with = "serialize_optional_date")]
    pub cadence_until: Option<NaiveDate>,
    pub notes: Option<&'a str>,
    pub birthday: Option<String>,
    #[serde(serialize_with = "serialize_optional_date")]
    pub last_contact: Option<NaiveDate>,
    #[serde(serialize_with = "serialize_optional_date")]
    pub next_follow_up: Option<NaiveDate>,
    #[serde(serialize_with = "serialize_date")]
    pub created_at: NaiveDate,
}

impl<'a> ContactJson<'a> {
    pub fn new(contact: &'a Contact, summary: Summary) -> Self {
        ContactJson {
            id: contact.id,
            name: &contact.name,
            emails: &contact.emails,
            phones: &contact.phones,
            company: contact.company.as_deref(),
            title: contact.title.as_deref(),
            linkedin: contact.linkedin.as_deref(),
            tags: &contact.tags,
            met_on: contact.met_on,
            met_at: contact.met_at.as_deref(),
            how_met: contact.how_met.as_deref(),
            introduced_by: contact.introduced_by,
            name_ok: contact.name_ok,
            no_thank_you: contact.no_thank_you,
            cadence: contact.cadence.map(|c| c.to_string()),
            cadence_source: contact.cadence_source(),
            temporary_cadence: contact.temporary_cadence.map(|t| t.cadence.to_string()),
            cadence_until: contact.temporary_cadence.map(|t| t.until),
            notes: contact.notes.as_deref(),
            birthday: contact.birthday.map(|b| b.to_string()),
            last_contact: summary.last_contact,
            next_follow_up: summary.next_follow_up,
            created_at: contact.created_at,
        }
    }
}

/// A follow-up as DESIGN.md's JSON shape has it.
#[derive(Debug, Serialize)]
pub struct FollowUpJson<'a> {
    pub key: &'a str,
    pub kind: crate::model::FollowUpKind,
    pub contact_id: Option<i64>,
    pub contact: Option<&'a str>,
    #[serde(serialize_with = "serialize_date")]
    pub due_on: NaiveDate,
    pub days_overdue: i64,
    pub reason: &'a str,
    /// How to reach the person: first e-mail, else phone, else LinkedIn URL.
    pub channel: Option<&'a str>,
}

impl<'a> FollowUpJson<'a> {
    pub fn new(follow_up: &'a FollowUp, today: NaiveDate) -> Self {
        FollowUpJson {
            key: &follow_up.key,
            kind: follow_up.kind,
            contact_id: follow_up.contact_id,
            contact: follow_up.contact.as_deref(),
            due_on: follow_up.due_on,
            days_overdue: (today - follow_up.due_on).num_days(),
            reason: &follow_up.reason,
            channel: follow_up.channel.as_deref(),
        }
    }
}

/// `show --json`: the Contact with its timeline, open follow-ups, favours, leads and
/// the ids of those they introduced.
#[derive(Serialize)]
pub(super) struct ContactPageJson<'a> {
    #[serde(flatten)]
    contact: ContactJson<'a>,
    interactions: &'a [Interaction],
    follow_ups: Vec<FollowUpJson<'a>>,
    favors: &'a [Favor],
    leads: &'a [Lead],
    introduced: Vec<i64>,
}

impl<'a> ContactPageJson<'a> {
    pub(super) fn new(page: &'a ContactPage, today: NaiveDate) -> Self {
        ContactPageJson {
            contact: ContactJson::new(page.contact, page.summary),
            interactions: page.interactions,
            follow_ups: follow_ups(page.follow_ups, today),
            favors: page.favors,
            leads: page.leads,
            introduced: page.introduced.iter().map(|(id, _)| *id).collect(),
        }
    }
}

/// Follow-ups as the Follow-up JSON has them.
pub(super) fn follow_ups(follow_ups: &[FollowUp], today: NaiveDate) -> Vec<FollowUpJson<'_>> {
    follow_ups.iter().map(|f| FollowUpJson::new(f, today)).collect()
}

/// One helper in `lead show --json`.
#[derive(Serialize)]
struct HelperJson<'a> {
    contact_id: i64,
    contact: &'a str,
}

/// `lead show --json`: the Lead with its helpers' names and its open follow-ups.
#[derive(Serialize)]
pub(super) struct LeadPageJson<'a> {
    #[serde(flatten)]
    lead: &'a Lead,
    helpers: Vec<HelperJson<'a>>,
    follow_ups: Vec<FollowUpJson<'a>>,
}

impl<'a> LeadPageJson<'a> {
    pub(super) fn new(page: &'a LeadPage, today: NaiveDate) -> Self {
        LeadPageJson {
            lead: page.lead,
            helpers: page
                .helpers
                .iter()
                .map(|(id, name)| HelperJson { contact_id: *id, contact: name })
                .collect(),
            follow_ups: follow_ups(page.follow_ups, today),
        }
    }
}

/// One lead in `lead list --json`: the Lead and its next step (a Follow-up, or null).
#[derive(Serialize)]
pub(super) struct LeadListJson<'a> {
    #[serde(flatten)]
    lead: &'a Lead,
    next_step: Option<FollowUpJson<'a>>,
}

impl<'a> LeadListJson<'a> {
    pub(super) fn new(row: &'a LeadRow, today: NaiveDate) -> Self {
        LeadListJson { lead: &row.lead, next_step: row.next.as_ref().map(|f| FollowUpJson::new(f, today)) }
    }
}

/// One contact's line in the favour ledger (`favors`, and its JSON).
#[derive(Debug, Clone, Serialize)]
pub struct Balance {
    pub contact_id: i64,
    pub contact: String,
    pub given: i64,
    pub received: i64,
    /// Received minus given: above zero, you owe them.
    pub balance: i64,
}

/// `stats --json`.
#[derive(Serialize)]
pub(super) struct StatsJson<'a> {
    contacts: usize,
    interactions: usize,
    follow_ups: &'a FollowUpCounts,
    interactions_per_month: Vec<MonthJson<'a>>,
    neglected: &'a [Neglected],
    favor_balance: &'a FavorTotals,
    /// The count per status, as an object in the funnel's order.
    lead_funnel: Funnel<'a>,
}

impl<'a> StatsJson<'a> {
    pub(super) fn new(view: &'a StatsView) -> Self {
        StatsJson {
            contacts: view.contacts,
            interactions: view.interactions,
            follow_ups: &view.follow_ups,
            interactions_per_month: view
                .interactions_per_month
                .iter()
                .map(|(month, count)| MonthJson { month, count: *count })
                .collect(),
            neglected: &view.neglected,
            favor_balance: &view.favor_balance,
            lead_funnel: Funnel(&view.lead_funnel),
        }
    }
}

/// The follow-ups `stats` counts.
#[derive(Debug, Serialize)]
pub struct FollowUpCounts {
    /// What `due` lists today.
    pub open: usize,
    /// Those of them past their due date.
    pub overdue: usize,
    pub done_on_time: usize,
    pub done_late: usize,
}

/// One month of `stats`' chart.
#[derive(Serialize)]
struct MonthJson<'a> {
    month: &'a str,
    count: usize,
}

/// A contact whose check-in is overdue by more than 30 days.
#[derive(Debug, Serialize)]
pub struct Neglected {
    pub contact_id: i64,
    pub contact: String,
    #[serde(serialize_with = "serialize_date")]
    pub due_on: NaiveDate,
    pub days_overdue: i64,
}

/// The favours of everyone together.
#[derive(Debug, Default, Serialize)]
pub struct FavorTotals {
    pub given: i64,
    pub received: i64,
    pub balance: i64,
}

/// Leads per status: `{"open": 2, "applied": 1, ...}`.
struct Funnel<'a>(&'a [(LeadStatus, usize)]);

impl Serialize for Funnel<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(status, count)| (status.as_str(), count)))
    }
}

// What commands that do not print records print (DESIGN.md "JSON for commands that
// do not print records"), in the order of the command list.

/// `done --json`, for each key: the Follow-up, the day it was done, and the
/// interaction that was logged (or null).
#[derive(Serialize)]
pub struct DoneJson<'a> {
    #[serde(flatten)]
    follow_up: FollowUpJson<'a>,
    #[serde(serialize_with = "serialize_date")]
    done_on: NaiveDate,
    interaction: Option<&'a Interaction>,
}

impl<'a> DoneJson<'a> {
    pub fn new(follow_up: &'a FollowUp, today: NaiveDate, interaction: Option<&'a Interaction>) -> Self {
        DoneJson { follow_up: FollowUpJson::new(follow_up, today), done_on: today, interaction }
    }
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

/// `dupes --not A B --json`: the pair, as `dupes` lists pairs (without reasons).
#[derive(Serialize)]
pub struct PairJson<'a> {
    pub ids: [i64; 2],
    pub names: &'a [String; 2],
}

/// `config get KEY`, `config set --json`: one setting.
#[derive(Serialize)]
pub struct SettingJson<'a> {
    pub key: &'a str,
    pub value: &'a str,
}

/// `config get --json`: every setting, `{"thank-you-within": "2d", ...}`.
pub struct SettingsJson<'a>(pub &'a Settings);

impl Serialize for SettingsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(Setting::ALL.iter().map(|setting| (setting.name(), self.0.get(*setting))))
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

/// `undo --clear --json`: how many steps were forgotten.
#[derive(Serialize)]
pub struct ClearedJson {
    pub cleared: usize,
}

/// `sync --json`: what each side did (or would do with `--dry-run`); null for a
/// folder not synced.
#[derive(Serialize)]
pub struct SyncJson<'a> {
    pub contacts: Option<&'a ContactsSynced>,
    pub tasks: Option<&'a TasksSynced>,
}

/// What a contacts sync did (or would do).
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct ContactsSynced {
    pub written: usize,
    pub read: usize,
    pub created: usize,
    pub removed: usize,
    pub conflicts: usize,
}

/// What a tasks sync did (or would do).
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct TasksSynced {
    pub written: usize,
    pub completed: usize,
    pub removed: usize,
    /// Tasks whose due date was moved later on the phone: the follow-up is snoozed.
    pub snoozed: usize,
    /// Tasks cancelled on the phone: the follow-up is settled, nothing logged.
    pub cancelled: usize,
}
