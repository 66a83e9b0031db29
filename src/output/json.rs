//! Every `--json` shape, in one place: what scripts rely on (DESIGN.md "JSON shapes"
//! and "JSON for commands that do not print records"). Each is a struct whose fields
//! are the JSON's keys in order, made from the records it shows; `tests/json_shapes.rs`
//! pins them. Shapes only: which records a command shows, and the human pages, are
//! decided elsewhere; nothing here reads the database or prints.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::leads::LeadPage;
use super::pages::{ContactPage, LeadRow, StatsView};
use crate::model::{
    Address, Contact, Favor, FollowUp, Interaction, Lead, LeadStatus, Reminder, StatusChange, Summary,
};
use crate::scheduler::urgency;

mod reports;
pub use reports::*;

/// A contact as DESIGN.md's JSON shape has it (its fields pinned to
/// [`crate::model::ContactField`] by `tests/contact_fields.rs`).
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
    pub cadence_source: Option<&'static str>,
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
            cadence_source: contact.cadence_source().map(|source| source.as_str()),
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
    pub kind: &'static str,
    pub contact_id: Option<i64>,
    pub contact: Option<&'a str>,
    #[serde(serialize_with = "serialize_date")]
    pub due_on: NaiveDate,
    pub days_overdue: i64,
    pub reason: &'a str,
    /// How to reach the person: first e-mail, else phone, else LinkedIn URL.
    pub channel: Option<&'a str>,
    /// How urgent it is today, rounded to 2 decimals; null before its due date.
    pub urgency: Option<f64>,
    /// How the urgency was worked out (`due --explain` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<String>,
}

impl<'a> FollowUpJson<'a> {
    pub fn new(follow_up: &'a FollowUp, today: NaiveDate) -> Self {
        FollowUpJson {
            key: &follow_up.key,
            kind: follow_up.kind.as_str(),
            contact_id: follow_up.contact_id,
            contact: follow_up.contact.as_deref(),
            due_on: follow_up.due_on,
            days_overdue: (today - follow_up.due_on).num_days(),
            reason: &follow_up.reason,
            channel: follow_up.channel.as_deref(),
            urgency: urgency::of(follow_up, today).map(|u| u.rounded()),
            explain: None,
        }
    }

    /// With `explain`: the arithmetic of its urgency.
    pub fn explained(follow_up: &'a FollowUp, today: NaiveDate) -> Self {
        FollowUpJson {
            explain: Some(urgency::explain(follow_up, today)),
            ..FollowUpJson::new(follow_up, today)
        }
    }
}

/// One e-mail address `query --json` found: the contact's id and name, the address,
/// the company (or null).
#[derive(Debug, Serialize)]
pub struct AddressJson<'a> {
    pub contact_id: i64,
    pub email: &'a str,
    pub name: &'a str,
    pub company: Option<&'a str>,
}

impl<'a> From<&'a Address> for AddressJson<'a> {
    fn from(a: &'a Address) -> Self {
        AddressJson {
            contact_id: a.contact_id,
            email: &a.email,
            name: &a.name,
            company: a.company.as_deref(),
        }
    }
}

/// An interaction as DESIGN.md's JSON shape has it: a `met`'s place and topic, and
/// where `scan` found it (else null).
#[derive(Debug, Serialize)]
pub struct InteractionJson<'a> {
    pub id: i64,
    pub contact_id: i64,
    pub kind: &'static str,
    #[serde(serialize_with = "serialize_date")]
    pub on: NaiveDate,
    pub note: Option<&'a str>,
    pub at: Option<&'a str>,
    pub how: Option<&'a str>,
    pub source: Option<&'a str>,
    /// `sent`, `received`, `cc`, or null when not read from mail.
    pub direction: Option<&'static str>,
    pub awaiting_reply: bool,
}

impl<'a> From<&'a Interaction> for InteractionJson<'a> {
    fn from(i: &'a Interaction) -> Self {
        InteractionJson {
            id: i.id,
            contact_id: i.contact_id,
            kind: i.kind.as_str(),
            on: i.on,
            note: i.note.as_deref(),
            at: i.at.as_deref(),
            how: i.how.as_deref(),
            source: i.source.as_deref(),
            direction: i.direction.map(|d| d.as_str()),
            awaiting_reply: i.awaiting_reply,
        }
    }
}

/// A dormant tie, as `reconnect --json` prints it: years and score rounded to 2
/// decimals.
#[derive(Debug, Serialize)]
pub struct DormantJson<'a> {
    pub contact_id: i64,
    pub contact: &'a str,
    pub interactions: u32,
    #[serde(serialize_with = "serialize_date")]
    pub last: NaiveDate,
    pub years: f64,
    pub score: f64,
}

impl<'a> From<&'a crate::scheduler::reconnect::Dormant> for DormantJson<'a> {
    fn from(d: &'a crate::scheduler::reconnect::Dormant) -> Self {
        let two = |x: f64| (x * 100.0).round() / 100.0;
        DormantJson {
            contact_id: d.tie.contact_id,
            contact: &d.tie.contact,
            interactions: d.tie.interactions,
            last: d.tie.last,
            years: two(d.years),
            score: two(d.score),
        }
    }
}

/// A goal with its progress, as `stats --json` (`goals`) and `goal` print it:
/// `{what, target, per, done, streak}` (`goal rm` prints the goal removed, without
/// progress: `done` and `streak` null).
#[derive(Debug, Serialize)]
pub struct GoalJson {
    pub what: &'static str,
    pub target: u32,
    pub per: &'static str,
    pub done: Option<u32>,
    pub streak: Option<u32>,
}

impl From<&crate::goals::Progress> for GoalJson {
    fn from(p: &crate::goals::Progress) -> Self {
        GoalJson {
            what: p.goal.what.as_str(),
            target: p.goal.target,
            per: p.goal.per.as_str(),
            done: Some(p.done),
            streak: Some(p.streak),
        }
    }
}

/// A reminder as DESIGN.md's JSON shape has it.
#[derive(Debug, Serialize)]
pub struct ReminderJson<'a> {
    pub id: i64,
    pub contact_id: i64,
    pub text: &'a str,
    #[serde(serialize_with = "serialize_date")]
    pub due_on: NaiveDate,
    #[serde(serialize_with = "serialize_optional_date")]
    pub done_on: Option<NaiveDate>,
}

impl<'a> From<&'a Reminder> for ReminderJson<'a> {
    fn from(r: &'a Reminder) -> Self {
        ReminderJson {
            id: r.id,
            contact_id: r.contact_id,
            text: &r.text,
            due_on: r.due_on,
            done_on: r.done_on,
        }
    }
}

/// A lead as DESIGN.md's JSON shape has it, its history oldest first.
#[derive(Debug, Serialize)]
pub struct LeadJson<'a> {
    pub id: i64,
    pub title: &'a str,
    pub company: Option<&'a str>,
    pub status: &'static str,
    pub via: &'a [i64],
    pub url: Option<&'a str>,
    pub note: Option<&'a str>,
    #[serde(serialize_with = "serialize_date")]
    pub created_on: NaiveDate,
    #[serde(serialize_with = "serialize_date")]
    pub updated_on: NaiveDate,
    pub history: Vec<StatusChangeJson>,
}

/// One status a lead took, and when.
#[derive(Debug, Serialize)]
pub struct StatusChangeJson {
    pub status: &'static str,
    #[serde(serialize_with = "serialize_date")]
    pub on: NaiveDate,
}

impl<'a> From<&'a Lead> for LeadJson<'a> {
    fn from(lead: &'a Lead) -> Self {
        let change = |c: &StatusChange| StatusChangeJson { status: c.status.as_str(), on: c.on };
        LeadJson {
            id: lead.id,
            title: &lead.title,
            company: lead.company.as_deref(),
            status: lead.status.as_str(),
            via: &lead.via,
            url: lead.url.as_deref(),
            note: lead.note.as_deref(),
            created_on: lead.created_on,
            updated_on: lead.updated_on,
            history: lead.history.iter().map(change).collect(),
        }
    }
}

/// A favour as DESIGN.md's JSON shape has it.
#[derive(Debug, Serialize)]
pub struct FavorJson<'a> {
    pub id: i64,
    pub contact_id: i64,
    pub direction: &'static str,
    pub what: &'a str,
    #[serde(serialize_with = "serialize_date")]
    pub on: NaiveDate,
}

impl<'a> From<&'a Favor> for FavorJson<'a> {
    fn from(f: &'a Favor) -> Self {
        FavorJson {
            id: f.id,
            contact_id: f.contact_id,
            direction: f.direction.as_str(),
            what: &f.what,
            on: f.on,
        }
    }
}

/// `show --json`: the Contact with its timeline, open follow-ups, favours, leads and
/// the ids of those they introduced.
#[derive(Serialize)]
pub(super) struct ContactPageJson<'a> {
    #[serde(flatten)]
    contact: ContactJson<'a>,
    /// The strength of your tie, rounded to 4 decimals, and its word.
    tie_strength: f64,
    tie: &'static str,
    interactions: Vec<InteractionJson<'a>>,
    follow_ups: Vec<FollowUpJson<'a>>,
    favors: Vec<FavorJson<'a>>,
    leads: Vec<LeadJson<'a>>,
    introduced: Vec<i64>,
}

impl<'a> ContactPageJson<'a> {
    pub(super) fn new(page: &'a ContactPage, today: NaiveDate) -> Self {
        ContactPageJson {
            contact: ContactJson::new(page.contact, page.summary),
            tie_strength: crate::network::strength::rounded(page.tie.strength),
            tie: page.tie.word().as_str(),
            interactions: page.interactions.iter().map(InteractionJson::from).collect(),
            follow_ups: follow_ups(page.follow_ups, today),
            favors: page.favors.iter().map(FavorJson::from).collect(),
            leads: page.leads.iter().map(LeadJson::from).collect(),
            introduced: page.introduced.iter().map(|(id, _)| *id).collect(),
        }
    }
}

/// Follow-ups as the Follow-up JSON has them.
pub(super) fn follow_ups(follow_ups: &[FollowUp], today: NaiveDate) -> Vec<FollowUpJson<'_>> {
    follow_ups.iter().map(|f| FollowUpJson::new(f, today)).collect()
}

/// Follow-ups as `due --explain --json` has them: with the arithmetic of each urgency.
pub(super) fn explained_follow_ups(follow_ups: &[FollowUp], today: NaiveDate) -> Vec<FollowUpJson<'_>> {
    follow_ups.iter().map(|f| FollowUpJson::explained(f, today)).collect()
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
    lead: LeadJson<'a>,
    helpers: Vec<HelperJson<'a>>,
    follow_ups: Vec<FollowUpJson<'a>>,
}

impl<'a> LeadPageJson<'a> {
    pub(super) fn new(page: &'a LeadPage, today: NaiveDate) -> Self {
        LeadPageJson {
            lead: LeadJson::from(page.lead),
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
    lead: LeadJson<'a>,
    next_step: Option<FollowUpJson<'a>>,
}

impl<'a> LeadListJson<'a> {
    pub(super) fn new(row: &'a LeadRow, today: NaiveDate) -> Self {
        LeadListJson {
            lead: LeadJson::from(&row.lead),
            next_step: row.next.as_ref().map(|f| FollowUpJson::new(f, today)),
        }
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
    /// Each goal's progress and streak; `[]` when none is set.
    goals: Vec<GoalJson>,
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
            goals: view.goals.iter().map(GoalJson::from).collect(),
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

/// A date as JSON has it: `YYYY-MM-DD`.
fn serialize_date<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&date.format("%Y-%m-%d"))
}

/// A date as JSON has it, or null.
fn serialize_optional_date<S: Serializer>(
    date: &Option<NaiveDate>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => serialize_date(date, serializer),
        None => serializer.serialize_none(),
    }
}
