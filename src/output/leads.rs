//! A lead for people (`lead show`'s page, `lead list`'s next step) and for programs
//! (the JSON of both). Rendering only: what the lead's items are is the caller's.

use super::json::LeadPageJson;
use super::pages::due_field;
use super::{Field, Output};
use crate::error::{Error, Result};
use crate::model::{FollowUp, Lead};
use crate::text;
use chrono::NaiveDate;

/// Everything `lead show` prints about one lead.
pub struct LeadPage<'a> {
    pub lead: &'a Lead,
    /// Those who helped with it, in order: (contact id, name).
    pub helpers: Vec<(i64, String)>,
    /// Its open follow-ups, in `due`'s order.
    pub follow_ups: &'a [FollowUp],
}

/// A lead's next step in the `lead list` table: its key and when it is due
/// (`chase-3 2026-11-29 in 7d`), overdue ones in red.
pub(super) fn next_step(follow_up: &FollowUp, today: NaiveDate) -> Field {
    let due = due_field(follow_up, today);
    let snoozed = follow_up.snoozed_until.filter(|until| *until > today);
    let text = match snoozed {
        Some(until) => format!("{} snoozed until {until}", follow_up.key),
        None => format!("{} {}", follow_up.key, due.text),
    };
    Field { text, color: if snoozed.is_some() { None } else { due.color } }
}

impl Output<'_> {
    /// One lead: a page for a person, or JSON.
    pub fn lead_page(&mut self, page: &LeadPage, today: NaiveDate) -> Result<()> {
        if self.json {
            return self.json(&LeadPageJson::new(page, today));
        }
        self.lead_page_text(page, today).map_err(Error::Output)
    }

    fn lead_page_text(&mut self, page: &LeadPage, today: NaiveDate) -> std::io::Result<()> {
        let lead = page.lead;
        let heading = format!("{} (lead #{})", text::visible(&lead.describe()), lead.id);
        let heading = if self.color { console::style(heading).bold().to_string() } else { heading };
        writeln!(self.out, "{heading}")?;
        let helpers = (!page.helpers.is_empty()).then(|| {
            page.helpers.iter().map(|(id, name)| format!("{name} (#{id})")).collect::<Vec<_>>().join(", ")
        });
        let fields: [(&str, Option<String>); 5] = [
            ("status", Some(format!("{} since {}", lead.status, lead.updated_on))),
            ("helped by", helpers),
            ("url", lead.url.clone()),
            ("note", lead.note.clone()),
            ("added", Some(lead.created_on.to_string())),
        ];
        for (label, value) in fields {
            if let Some(value) = value {
                self.wrapped(&format!("  {:<16}", format!("{label}:")), &value)?;
            }
        }
        writeln!(self.out)?;
        writeln!(self.out, "History:")?;
        for change in &lead.history {
            writeln!(self.out, "  {}  {}", change.on, change.status)?;
        }
        writeln!(self.out)?;
        if page.follow_ups.is_empty() {
            writeln!(self.out, "Follow-ups: none open")?;
            return Ok(());
        }
        writeln!(self.out, "Follow-ups:")?;
        for f in page.follow_ups {
            let snoozed = f.snoozed_until.map(|d| format!(" (snoozed until {d})")).unwrap_or_default();
            let due = self.due_date(f.due_on, today);
            let who = f.contact.as_deref().map(|name| format!("{name}: ")).unwrap_or_default();
            let prefix = format!("  {due}  {:<8} ", f.kind.as_str());
            self.wrapped(&prefix, &format!("{who}{}{snoozed}  [{}]", f.reason, f.key))?;
        }
        Ok(())
    }
}
