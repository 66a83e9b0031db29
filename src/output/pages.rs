//! What each command shows people: the `due` table (or its two-line form on a narrow
//! terminal), the `list` and `dupes` tables, a contact's page (`show`), the `lead list`
//! table, the favour balances and the `stats` report; each prints its JSON shape from
//! [`json`] instead with `--json`. Rendering only: the records are the caller's.

use chrono::NaiveDate;
use comfy_table::Color;

use super::Output;
use super::fit::{self, Column};
use super::json::{self, Balance, FavorTotals, FollowUpCounts, Neglected};
use super::leads;
use super::table::{Field, GAP, clean};
use crate::duplicates::Duplicate;
use crate::error::{Error, Result};
use crate::goals::Progress;
use crate::model::{
    Address, Contact, Direction, Favor, FollowUp, Interaction, Lead, LeadStatus, Listed, Per, Summary,
};
use crate::network::Tie;
use crate::scheduler::reconnect::Dormant;
use crate::scheduler::urgency;
use crate::text;

/// Everything `show` prints about one contact.
pub struct ContactPage<'a> {
    pub contact: &'a Contact,
    pub summary: Summary,
    /// The strength of your tie with them.
    pub tie: Tie,
    pub introducer: Option<(i64, String)>,
    pub introduced: Vec<(i64, String)>,
    /// Newest first.
    pub interactions: &'a [Interaction],
    pub follow_ups: &'a [FollowUp],
    /// Oldest first.
    pub favors: &'a [Favor],
    /// The leads they helped with.
    pub leads: &'a [Lead],
}

/// A lead with the names of those who helped, for `lead list`.
pub struct LeadRow {
    pub lead: Lead,
    pub via: Vec<String>,
    /// Its next step: the open follow-up about it that shows first, if any.
    pub next: Option<FollowUp>,
}

/// Everything `stats` reports (its JSON is `json::StatsJson`).
#[derive(Debug)]
pub struct StatsView {
    pub contacts: usize,
    pub interactions: usize,
    pub follow_ups: FollowUpCounts,
    pub interactions_per_month: Vec<(String, usize)>,
    pub neglected: Vec<Neglected>,
    pub favor_balance: FavorTotals,
    pub lead_funnel: Vec<(LeadStatus, usize)>,
    /// Each goal's progress and streak.
    pub goals: Vec<Progress>,
}

/// The widest bar of the per-month chart, in characters.
const BAR_WIDTH: usize = 40;

/// Below this width, `due` shows each item on two lines rather than as a table.
const TWO_LINES_BELOW: usize = 60;

/// How far a reason on its own line (narrow `due`) is indented.
const REASON_INDENT: &str = "  ";

/// The columns of the `list` table.
const CONTACT_COLUMNS: [Column; 7] = [
    Column::whole("id"),
    Column::text("name", 12).comfortable(16),
    Column::text("company", 10).comfortable(14).droppable(3),
    Column::text("title", 10).comfortable(12).optional(1),
    Column::text("tags", 8).comfortable(10).droppable(2),
    Column::whole("last contact").droppable(4),
    Column::whole("next follow-up").droppable(5),
];

/// One goal as `goal list` and `stats` show it: `conversations: 3/5 this week
/// (streak: 2 weeks)`.
fn goal_line(p: &Progress) -> String {
    let (this, unit) = match p.goal.per {
        Per::Week => ("this week", "week"),
        Per::Month => ("this month", "month"),
    };
    let plural = if p.streak == 1 { "" } else { "s" };
    format!(
        "{}: {}/{} {this} (streak: {} {unit}{plural})",
        p.goal.what.words(),
        p.done,
        p.goal.target,
        p.streak
    )
}

/// A contact's row of the `list` table.
fn contact_row(contact: &Listed) -> Vec<Field> {
    vec![
        Field::from(contact.id),
        Field::from(&contact.name),
        Field::from(contact.company.as_deref().unwrap_or("")),
        Field::from(contact.title.as_deref().unwrap_or("")),
        Field::from(contact.tags.join(", ")),
        Field::from(date_or_blank(contact.summary.last_contact)),
        Field::from(date_or_blank(contact.summary.next_follow_up)),
    ]
}

impl Output<'_> {
    /// The `list` table of the contacts `chunks()` gives a chunk at a time (the same
    /// ones each time it is called), so that memory does not grow with their number.
    pub fn contact_table<I>(&mut self, mut chunks: impl FnMut() -> I) -> Result<()>
    where
        I: IntoIterator<Item = Result<Vec<Listed>>>,
    {
        self.table_in_chunks(&CONTACT_COLUMNS, || {
            chunks().into_iter().map(|chunk| Ok(chunk?.iter().map(contact_row).collect()))
        })
    }

    /// The `dupes` table, or the pairs as a JSON array.
    pub fn duplicates(&mut self, pairs: &[Duplicate]) -> Result<()> {
        if self.json {
            return self.json(&pairs.iter().map(json::DuplicateJson::from).collect::<Vec<_>>());
        }
        const COLUMNS: [Column; 3] =
            [Column::whole("ids"), Column::text("names", 16), Column::text("why", 10)];
        let rows: Vec<Vec<Field>> = pairs
            .iter()
            .map(|d| {
                vec![
                    Field::from(format!("#{} #{}", d.ids[0], d.ids[1])),
                    Field::from(format!("{} / {}", d.names[0], d.names[1])),
                    Field::from(d.reasons.join(", ")),
                ]
            })
            .collect();
        self.table(&COLUMNS, rows)
    }

    /// What `query` prints for a mail client (mutt's `query_command`, aerc's
    /// `address-book-cmd`): a first line `netcrm: N matches`, which they skip, then
    /// `email<TAB>name<TAB>company` for each address (the company empty when there is
    /// none; tabs and line breaks in values made spaces, other control characters
    /// visible); or the addresses as a JSON array.
    pub fn addresses(&mut self, found: &[Address]) -> Result<()> {
        if self.json {
            return self.json(&found.iter().map(json::AddressJson::from).collect::<Vec<_>>());
        }
        let plural = if found.len() == 1 { "match" } else { "matches" };
        let mut write = || -> std::io::Result<()> {
            writeln!(self.out, "netcrm: {} {plural}", found.len())?;
            for address in found {
                let company = address.company.as_deref().unwrap_or_default();
                let [email, name, company] = [address.email.as_str(), &address.name, company].map(one_field);
                writeln!(self.out, "{email}\t{name}\t{company}")?;
            }
            Ok(())
        };
        write().map_err(Error::Output)
    }

    /// The `due` table, or the follow-ups as a JSON array; with `explain`, how each
    /// one's urgency was worked out, on an indented line under it (in the JSON, as
    /// `explain`).
    pub fn follow_ups(&mut self, follow_ups: &[FollowUp], today: NaiveDate, explain: bool) -> Result<()> {
        if self.json && explain {
            return self.json(&json::explained_follow_ups(follow_ups, today));
        }
        if self.json {
            return self.json(&json::follow_ups(follow_ups, today));
        }
        let explained: Option<Vec<String>> =
            explain.then(|| follow_ups.iter().map(|f| urgency::explain(f, today)).collect());
        // `why` is the last to go: `reach`, then `kind` are left out before the name or
        // the reason is shortened (both are comfortable only whole), then the name is
        // shortened before the reason is; when even that is not enough (or below 60
        // columns) each item takes two lines instead.
        const COLUMNS: [Column; 6] = [
            Column::whole("key"),
            Column::whole("due"),
            Column::text("contact", 12).comfortable(usize::MAX).shortened_first(),
            Column::text("reach", 12).comfortable(20).optional(1),
            Column::whole("kind").optional(2),
            Column::text("why", 16).comfortable(usize::MAX),
        ];
        if self.width.is_some_and(|width| width < TWO_LINES_BELOW) {
            return self
                .follow_ups_in_two_lines(follow_ups, today, explained.as_deref())
                .map_err(Error::Output);
        }
        let mut rows: Vec<Vec<Field>> = follow_ups
            .iter()
            .map(|f| {
                vec![
                    Field::from(&f.key),
                    due_field(f, today),
                    Field::from(f.contact.as_deref().unwrap_or("")),
                    Field::from(f.channel.as_deref().unwrap_or("")),
                    Field::from(f.kind.as_str()),
                    Field::from(&f.reason),
                ]
            })
            .collect();
        let used = self.fitted_width(&COLUMNS, &mut rows);
        if self.width.is_some_and(|width| used > width) {
            return self
                .follow_ups_in_two_lines(follow_ups, today, explained.as_deref())
                .map_err(Error::Output);
        }
        match explained {
            Some(lines) => self.table_with_lines_under(&COLUMNS, rows, REASON_INDENT, &lines),
            None => self.table(&COLUMNS, rows),
        }
    }

    /// The `due` table for a narrow terminal: each item on two lines, the key, due date
    /// and contact (shortened when it must be), then the reason, indented and wrapped,
    /// never cut; and its line of `explained`, if given, likewise.
    fn follow_ups_in_two_lines(
        &mut self,
        follow_ups: &[FollowUp],
        today: NaiveDate,
        explained: Option<&[String]>,
    ) -> std::io::Result<()> {
        let fields: Vec<[Field; 3]> = follow_ups
            .iter()
            .map(|f| {
                let mut row = [
                    Field::from(&f.key),
                    due_field(f, today),
                    Field::from(f.contact.as_deref().unwrap_or("")),
                ];
                clean(&mut row);
                row
            })
            .collect();
        const MIN_NAME: usize = 5;
        let mut key_width = fields.iter().map(|[key, ..]| fit::width(&key.text)).max().unwrap_or(0);
        let mut due_width = fields.iter().map(|[_, due, _]| fit::width(&due.text)).max().unwrap_or(0);
        // Keys and dates in columns when there is room, else each line as short as it goes.
        if self.width.is_some_and(|width| key_width + due_width + 2 * (GAP + 1) + MIN_NAME > width) {
            (key_width, due_width) = (0, 0);
        }
        for (n, (follow_up, [key, due, contact])) in follow_ups.iter().zip(fields).enumerate() {
            let (key_width, due_width) =
                (key_width.max(fit::width(&key.text)), due_width.max(fit::width(&due.text)));
            let room = self
                .width
                .map(|width| width.saturating_sub(key_width + due_width + 2 * (GAP + 1)).max(MIN_NAME));
            // Padded as the table pads: the padding and a blank separator.
            let mut line = format!("{:key_width$}", key.text, key_width = key_width + GAP + 1);
            let date = format!("{:due_width$}", due.text, due_width = due_width + GAP + 1);
            match due.color {
                Some(_) if self.color => {
                    line.push_str(&console::style(date).red().force_styling(true).to_string());
                }
                _ => line.push_str(&date),
            }
            match room {
                Some(room) if fit::width(&contact.text) > room => {
                    line.push_str(&fit::shorten(&contact.text, room))
                }
                _ => line.push_str(&contact.text),
            }
            writeln!(self.out, "{}", line.trim_end())?;
            self.wrapped(REASON_INDENT, &follow_up.reason)?;
            if let Some(explained) = explained.and_then(|lines| lines.get(n)) {
                self.wrapped(REASON_INDENT, explained)?;
            }
        }
        Ok(())
    }

    /// One contact: JSON with the timeline and follow-ups, or a page for a person.
    pub fn contact_page(&mut self, page: &ContactPage, today: NaiveDate) -> Result<()> {
        if self.json {
            return self.json(&json::ContactPageJson::new(page, today));
        }
        self.page(page, today).map_err(Error::Output)
    }

    fn page(&mut self, page: &ContactPage, today: NaiveDate) -> std::io::Result<()> {
        let c = page.contact;
        let heading = format!("{} (#{})", text::visible(&c.name), c.id);
        let heading = if self.color { console::style(heading).bold().to_string() } else { heading };
        writeln!(self.out, "{heading}")?;
        let job = match (&c.title, &c.company) {
            (Some(title), Some(company)) => Some(format!("{title} at {company}")),
            (Some(one), None) | (None, Some(one)) => Some(one.clone()),
            (None, None) => None,
        };
        let met = match (c.met_on, &c.met_at) {
            (Some(on), Some(at)) => Some(format!("{on} at {at}")),
            (Some(on), None) => Some(on.to_string()),
            (None, Some(at)) => Some(at.clone()),
            (None, None) => None,
        };
        let cadence = match (c.cadence, c.temporary_cadence) {
            (_, Some(t)) => Some(format!(
                "{} until {}, then {}",
                t.cadence,
                t.until,
                c.cadence.map_or("the default".to_string(), |c| c.to_string())
            )),
            (Some(own), None) if c.cadence_from_import => Some(format!("{own} (from the import)")),
            (Some(own), None) => Some(own.to_string()),
            (None, None) => None,
        };
        let introducer = page.introducer.as_ref().map(|(id, name)| {
            let may = if c.name_ok { " (you may use their name)" } else { "" };
            format!("{name} (#{id}){may}")
        });
        let introduced = (!page.introduced.is_empty()).then(|| {
            page.introduced.iter().map(|(id, name)| format!("{name} (#{id})")).collect::<Vec<_>>().join(", ")
        });
        let tie = format!("{} {:.2} ({})", page.tie.word(), page.tie.strength, page.tie.counts());
        let fields: [(&str, Option<String>); 15] = [
            ("job", job),
            ("e-mail", join(&c.emails)),
            ("phone", join(&c.phones)),
            ("linkedin", c.linkedin.clone()),
            ("tags", join(&c.tags)),
            ("met", met),
            ("how", c.how_met.clone()),
            ("introduced by", introducer),
            ("introduced", introduced),
            ("birthday", c.birthday.map(|b| b.to_string())),
            ("cadence", cadence),
            ("notes", c.notes.clone()),
            ("last contact", page.summary.last_contact.map(|d| d.to_string())),
            ("tie", Some(tie)),
            ("added", Some(c.created_at.to_string())),
        ];
        for (label, value) in fields {
            if let Some(value) = value {
                self.wrapped(&format!("  {:<16}", format!("{label}:")), &value)?;
            }
        }
        writeln!(self.out)?;
        if page.follow_ups.is_empty() {
            writeln!(self.out, "Follow-ups: none open")?;
        } else {
            writeln!(self.out, "Follow-ups:")?;
            for f in page.follow_ups {
                let snoozed = f.snoozed_until.map(|d| format!(" (snoozed until {d})")).unwrap_or_default();
                let due = self.due_date(f.due_on, today);
                let prefix = format!("  {due}  {:<13} ", f.kind.as_str());
                self.wrapped(&prefix, &format!("{}{snoozed}  [{}]", f.reason, f.key))?;
            }
        }
        writeln!(self.out)?;
        if page.interactions.is_empty() {
            writeln!(self.out, "Timeline: no interactions yet")?;
        } else {
            writeln!(self.out, "Timeline:")?;
            for i in page.interactions {
                let meeting = match (&i.at, &i.how) {
                    (Some(at), Some(how)) => Some(format!("at {at}: {how}")),
                    (Some(at), None) => Some(format!("at {at}")),
                    (None, Some(how)) => Some(how.clone()),
                    (None, None) => None,
                };
                // Which way a message went, and whether it still waits for their reply
                // (nothing with them since).
                let waits = i.awaiting_reply && !page.interactions.iter().any(|later| later.is_after(i));
                let mail = i.direction.map(|d| {
                    if waits { format!("{}, no reply yet", d.as_str()) } else { d.as_str().to_string() }
                });
                let text =
                    [meeting, mail, i.note.clone()].into_iter().flatten().collect::<Vec<_>>().join("; ");
                let text = if text.is_empty() { String::new() } else { format!("{text}  ") };
                self.wrapped(
                    &format!("  {}  {:<10}  ", i.on, i.kind.as_str()),
                    &format!("{text}[#{}]", i.id),
                )?;
            }
        }
        if !page.favors.is_empty() {
            let count = |d| page.favors.iter().filter(|f| f.direction == d).count() as i64;
            let (given, received) = (count(Direction::Gave), count(Direction::Received));
            let balance = match received - given {
                0 => "even".to_string(),
                owed @ 1.. => format!("you owe them {owed}"),
                owed => format!("they owe you {}", -owed),
            };
            writeln!(self.out)?;
            writeln!(self.out, "Favours: received {received}, gave {given} ({balance})")?;
            for f in page.favors.iter().rev() {
                let arrow = match f.direction {
                    Direction::Gave => "gave    ",
                    Direction::Received => "received",
                };
                self.wrapped(&format!("  {}  {arrow}  ", f.on), &f.what)?;
            }
        }
        if !page.leads.is_empty() {
            writeln!(self.out)?;
            writeln!(self.out, "Leads they helped with:")?;
            for lead in page.leads {
                let line = format!("{}  ({}, since {})", lead.describe(), lead.status, lead.updated_on);
                self.wrapped(&format!("  #{}  ", lead.id), &line)?;
            }
        }
        Ok(())
    }

    /// The `lead list` table, or the leads as a JSON array (each with its
    /// `next_step`: a Follow-up, or null).
    pub fn leads(&mut self, rows: &[LeadRow], today: NaiveDate) -> Result<()> {
        if self.json {
            let leads: Vec<json::LeadListJson> =
                rows.iter().map(|row| json::LeadListJson::new(row, today)).collect();
            return self.json(&leads);
        }
        const COLUMNS: [Column; 7] = [
            Column::whole("id"),
            Column::text("title", 12).comfortable(24),
            Column::text("company", 8).comfortable(14).optional(2),
            Column::whole("status"),
            Column::text("via", 10).comfortable(14).optional(1),
            Column::whole("since").droppable(1),
            Column::whole("next step").droppable(2),
        ];
        let rows: Vec<Vec<Field>> = rows
            .iter()
            .map(|LeadRow { lead, via, next }| {
                vec![
                    Field::from(lead.id),
                    Field::from(&lead.title),
                    Field::from(lead.company.as_deref().unwrap_or("")),
                    Field::from(lead.status.as_str()),
                    Field::from(via.join(", ")),
                    Field::from(lead.updated_on),
                    next.as_ref().map_or_else(Field::default, |f| leads::next_step(f, today)),
                ]
            })
            .collect();
        self.table(&COLUMNS, rows)
    }

    /// The goals with their progress (`goal list`), or them as a JSON array.
    pub fn goals(&mut self, progress: &[Progress]) -> Result<()> {
        if self.json {
            let rows: Vec<json::GoalJson> = progress.iter().map(json::GoalJson::from).collect();
            return self.json(&rows);
        }
        for p in progress {
            self.line(goal_line(p))?;
        }
        Ok(())
    }

    /// The line above `due`'s table when goals are set: this week's and this
    /// month's progress (`This week: 3/5 conversations · This month: 2/4 new people`).
    pub fn goals_header(&mut self, progress: &[Progress]) -> Result<()> {
        let mut parts = Vec::new();
        for (per, name) in [(Per::Week, "This week"), (Per::Month, "This month")] {
            let counts: Vec<String> = progress
                .iter()
                .filter(|p| p.goal.per == per)
                .map(|p| format!("{}/{} {}", p.done, p.goal.target, p.goal.what.words()))
                .collect();
            if !counts.is_empty() {
                parts.push(format!("{name}: {}", counts.join(", ")));
            }
        }
        if parts.is_empty() {
            return Ok(());
        }
        self.line(parts.join(" · "))
    }

    /// The `reconnect` table, or the dormant ties as a JSON array.
    pub fn dormant(&mut self, list: &[Dormant]) -> Result<()> {
        if self.json {
            let rows: Vec<json::DormantJson> = list.iter().map(json::DormantJson::from).collect();
            return self.json(&rows);
        }
        const COLUMNS: [Column; 6] = [
            Column::whole("id"),
            Column::text("contact", 12),
            Column::whole("interactions"),
            Column::whole("last"),
            Column::whole("years"),
            Column::whole("score"),
        ];
        let rows: Vec<Vec<Field>> = list
            .iter()
            .map(|d| {
                vec![
                    Field::from(d.tie.contact_id),
                    Field::from(&d.tie.contact),
                    Field::from(d.tie.interactions),
                    Field::from(date_or_blank(Some(d.tie.last))),
                    Field::from(format!("{:.1}", d.years)),
                    Field::from(format!("{:.1}", d.score)),
                ]
            })
            .collect();
        self.table(&COLUMNS, rows)
    }

    /// The `favors` table, or the balances as a JSON array.
    pub fn balances(&mut self, balances: &[Balance]) -> Result<()> {
        if self.json {
            return self.json(balances);
        }
        const COLUMNS: [Column; 4] = [
            Column::text("contact", 10),
            Column::whole("given"),
            Column::whole("received"),
            Column::whole("balance"),
        ];
        let rows: Vec<Vec<Field>> = balances
            .iter()
            .map(|b| {
                vec![
                    Field::from(&b.contact),
                    Field::from(b.given),
                    Field::from(b.received),
                    Field::from(format!("{:+}", b.balance)),
                ]
            })
            .collect();
        self.table(&COLUMNS, rows)
    }

    /// The `stats` report: a page for a person, or one JSON object.
    pub fn stats(&mut self, view: &StatsView) -> Result<()> {
        if self.json {
            return self.json(&json::StatsJson::new(view));
        }
        self.stats_page(view).map_err(Error::Output)
    }

    fn stats_page(&mut self, view: &StatsView) -> std::io::Result<()> {
        let f = &view.follow_ups;
        let done = f.done_on_time + f.done_late;
        let share = (f.done_on_time * 100).checked_div(done).map(|p| format!(" ({p}%)")).unwrap_or_default();
        let favors = &view.favor_balance;
        let funnel: Vec<String> =
            view.lead_funnel.iter().map(|(status, n)| format!("{n} {status}")).collect();
        let lines = [
            ("contacts", view.contacts.to_string()),
            ("interactions", view.interactions.to_string()),
            ("due now", format!("{} ({} overdue)", f.open, f.overdue)),
            ("kept", format!("{} on time{share}, {} late", f.done_on_time, f.done_late)),
            (
                "favours",
                format!(
                    "{} received, {} given (balance {:+})",
                    favors.received, favors.given, favors.balance
                ),
            ),
            ("leads", funnel.join(", ")),
        ];
        for (label, value) in lines {
            writeln!(self.out, "{:<14}{value}", format!("{label}:"))?;
        }
        writeln!(self.out)?;
        writeln!(self.out, "Interactions per month:")?;
        let most = view.interactions_per_month.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
        // "  2026-11  1234  " comes before the bar.
        let bar_width = self.width.map_or(BAR_WIDTH, |w| w.saturating_sub(17).clamp(1, BAR_WIDTH));
        for (month, count) in &view.interactions_per_month {
            // Any month with interactions gets at least one block.
            let width = (count * bar_width).div_ceil(most);
            let line = format!("  {month}  {:>4}  {}", count, "█".repeat(width));
            writeln!(self.out, "{}", line.trim_end())?;
        }
        writeln!(self.out)?;
        if view.neglected.is_empty() {
            writeln!(self.out, "Neglected: no one (no check-in overdue by more than 30 days)")?;
        } else {
            writeln!(self.out, "Neglected (check-in overdue by more than 30 days):")?;
            for n in &view.neglected {
                let name = text::visible(&n.contact);
                writeln!(self.out, "  {name} (#{})  {} days overdue", n.contact_id, n.days_overdue)?;
            }
        }
        if !view.goals.is_empty() {
            writeln!(self.out)?;
            writeln!(self.out, "Goals:")?;
            for goal in &view.goals {
                writeln!(self.out, "  {}", goal_line(goal))?;
            }
        }
        Ok(())
    }
}

/// A value as one tab-separated field on one line: tabs and line breaks become
/// spaces, other control characters are made visible.
fn one_field(value: &str) -> String {
    let flat: String = value.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect();
    text::visible(&flat).into_owned()
}

/// A due date with how late or how soon it is; overdue ones in red, but an item back
/// from a snooze is due again, not a failure.
pub(super) fn due_field(follow_up: &FollowUp, today: NaiveDate) -> Field {
    let due_on = follow_up.due_on;
    let days = (today - due_on).num_days();
    let text = match days {
        _ if follow_up.back_from_snooze && days > 0 => format!("{due_on} back from snooze"),
        0 => format!("{due_on} today"),
        1.. => format!("{due_on} {days}d overdue"),
        _ => format!("{due_on} in {}d", -days),
    };
    let late = days > 0 && !follow_up.back_from_snooze;
    Field { text, color: late.then_some(Color::Red) }
}

fn join(values: &[String]) -> Option<String> {
    (!values.is_empty()).then(|| values.join(", "))
}

fn date_or_blank(date: Option<NaiveDate>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FollowUpKind;
    use crate::output::Style;

    fn follow_up(due_on: NaiveDate) -> FollowUp {
        FollowUp {
            key: "thank-you-1".into(),
            kind: FollowUpKind::ThankYou,
            contact_id: Some(1),
            contact: Some("Ada Lovelace".into()),
            due_on,
            reason: "send a thank-you note".into(),
            snoozed_until: None,
            back_from_snooze: false,
            channel: None,
            scale_days: 2,
        }
    }

    fn render(color: bool, due_on: &str) -> String {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut buffer = Vec::new();
        Output::new(&mut buffer, &mut Vec::new(), Style { color, ..Style::default() })
            .follow_ups(&[follow_up(due_on.parse().unwrap())], today, false)
            .unwrap();
        String::from_utf8(buffer).unwrap()
    }

    #[test]
    fn overdue_dates_are_red_when_colour_is_on() {
        let coloured = render(true, "2026-11-20");
        assert!(coloured.contains("\u{1b}[38;5;9m") || coloured.contains("\u{1b}[31m"), "{coloured:?}");
        assert!(coloured.contains("2026-11-20 2d overdue"), "{coloured:?}");
    }

    #[test]
    fn nothing_is_coloured_when_colour_is_off_or_the_date_is_not_overdue() {
        assert!(!render(false, "2026-11-20").contains('\u{1b}'));
        assert!(!render(true, "2026-11-22").contains("\u{1b}[31m"));
    }

    #[test]
    fn json_is_the_same_whatever_the_colour() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let items = [follow_up(today)];
        let mut plain = Vec::new();
        let mut coloured = Vec::new();
        Output::new(&mut plain, &mut Vec::new(), Style { json: true, ..Style::default() })
            .follow_ups(&items, today, false)
            .unwrap();
        let style = Style { json: true, color: true, width: None };
        Output::new(&mut coloured, &mut Vec::new(), style).follow_ups(&items, today, false).unwrap();
        assert_eq!(plain, coloured);
        assert!(!String::from_utf8(plain).unwrap().contains('\u{1b}'));
    }
}
