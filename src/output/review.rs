//! `review`'s screens: one item at a time, with the person's briefing in one line and
//! the choices.

use chrono::NaiveDate;

use super::Output;
use super::pages::due_field;
use crate::error::{Error, Result};
use crate::followups::Briefing;
use crate::model::FollowUp;

/// The keys `review` takes, as its screens name them.
pub const CHOICES: &str = "[d]one  [w]rite  [s]nooze  [l]og  [n]ext  [q]uit";

impl Output<'_> {
    /// The screen of the `position`th (from 1) of `total` items: its key, due date and
    /// reason, whom it concerns and how to reach them, their briefing, the choices.
    pub fn review_item(
        &mut self,
        (position, total): (usize, usize),
        item: &FollowUp,
        briefing: Option<&Briefing>,
        today: NaiveDate,
    ) -> Result<()> {
        let due = due_field(item, today);
        let due = match due.color {
            Some(_) if self.color => console::style(due.text).red().force_styling(true).to_string(),
            _ => due.text,
        };
        self.review_text(position, total, item, briefing, &due).map_err(Error::Output)
    }

    fn review_text(
        &mut self,
        position: usize,
        total: usize,
        item: &FollowUp,
        briefing: Option<&Briefing>,
        due: &str,
    ) -> std::io::Result<()> {
        writeln!(self.out)?;
        writeln!(self.out, "[{position}/{total}] {}  {due}", item.key)?;
        let who = match (&item.contact, &item.channel) {
            (Some(name), Some(channel)) => format!("{name} <{channel}>"),
            (Some(name), None) => name.clone(),
            (None, _) => "no one in particular".to_string(),
        };
        self.wrapped("  ", &who)?;
        self.wrapped("  ", &item.reason)?;
        if let Some(briefing) = briefing {
            self.wrapped("  ", &briefing_line(briefing))?;
        }
        writeln!(self.out, "  {CHOICES}")
    }
}

/// A person in one line: `Engineer at Acme · met at RustConf on 2026-11-21 (talked about
/// engines) · last: call on 2026-11-28, "coffee next week" · favours: you owe them 1`.
pub fn briefing_line(briefing: &Briefing) -> String {
    let contact = &briefing.contact;
    let mut parts = Vec::new();
    match (&contact.title, &contact.company) {
        (Some(title), Some(company)) => parts.push(format!("{title} at {company}")),
        (Some(only), None) | (None, Some(only)) => parts.push(only.clone()),
        (None, None) => {}
    }
    if contact.met_on.is_some() || contact.met_at.is_some() {
        let mut met = "met".to_string();
        if let Some(at) = &contact.met_at {
            met.push_str(&format!(" at {at}"));
        }
        if let Some(on) = contact.met_on {
            met.push_str(&format!(" on {on}"));
        }
        if let Some(how) = &contact.how_met {
            met.push_str(&format!(" ({how})"));
        }
        parts.push(met);
    }
    match &briefing.last {
        Some(last) => {
            let note = last.note.as_deref().map(|note| format!(", \"{note}\"")).unwrap_or_default();
            parts.push(format!("last: {} on {}{note}", last.kind, last.on));
        }
        None => parts.push("nothing logged yet".to_string()),
    }
    if let Some(noted) = &briefing.last_note {
        parts.push(format!(
            "last note ({} on {}): \"{}\"",
            noted.kind,
            noted.on,
            noted.note.as_deref().unwrap_or("")
        ));
    }
    let (received, given) = (briefing.favors_received, briefing.favors_given);
    if received + given > 0 {
        let balance = match received as i64 - given as i64 {
            0 => "even".to_string(),
            owed @ 1.. => format!("you owe them {owed}"),
            owed => format!("they owe you {}", -owed),
        };
        parts.push(format!("favours: {balance}"));
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::model::{Contact, Interaction, InteractionKind};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn ada() -> Contact {
        Contact::new(1, "Ada Lovelace", day(1))
    }

    fn briefing(contact: Contact) -> Briefing {
        Briefing { contact, last: None, last_note: None, favors_received: 0, favors_given: 0 }
    }

    #[test]
    fn a_person_with_nothing_known_is_said_so() {
        assert_eq!(briefing_line(&briefing(ada())), "nothing logged yet");
    }

    #[test]
    fn each_part_is_there_when_known() {
        let contact = Contact {
            company: Some("Acme".into()),
            met_on: Some(day(18)),
            met_at: Some("RustConf".into()),
            how_met: Some("engines".into()),
            ..ada()
        };
        let call = Interaction {
            note: Some("coffee soon".into()),
            ..Interaction::new(3, 1, InteractionKind::Call, day(20))
        };
        let noted = Interaction {
            note: Some("likes Rust".into()),
            ..Interaction::new(2, 1, InteractionKind::Met, day(18))
        };
        let mut b = briefing(contact);
        b.last = Some(Interaction { note: None, ..call.clone() });
        b.last_note = Some(noted);
        b.favors_received = 2;
        b.favors_given = 1;
        assert_eq!(
            briefing_line(&b),
            "Acme · met at RustConf on 2026-11-18 (engines) · last: call on 2026-11-20 · \
             last note (met on 2026-11-18): \"likes Rust\" · favours: you owe them 1"
        );
        b.last = Some(call);
        b.last_note = None;
        b.favors_given = 3;
        b.contact.title = Some("Engineer".into());
        assert_eq!(
            briefing_line(&b),
            "Engineer at Acme · met at RustConf on 2026-11-18 (engines) · last: call on 2026-11-20, \
             \"coffee soon\" · favours: they owe you 1"
        );
    }
}
