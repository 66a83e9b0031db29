//! The rules by which a card becomes a contact, the same for `import` and for the cards
//! `sync` reads for the first time: which of its e-mails are kept, what a card without
//! a name is called, what a new contact gets that its card does not say, and how a
//! card fills in a contact it matched. Pure: values in, values out; no database.

use chrono::NaiveDate;

use crate::dates::Cadence;
use crate::formats::{Card, FileCadence, Warn};
use crate::model::Contact;
use crate::text::{append_missing, capped, email_key, fold, phone_digits};
use crate::validate;

/// What a card is once checked: the e-mails kept and the name it goes by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub name: String,
    /// Valid, each address once (as [`crate::text::same_email`] compares them), in
    /// the card's order.
    pub emails: Vec<String>,
}

/// Checks `card`: an invalid e-mail is dropped with a warning, a repeated one
/// silently; the name is the card's, else its company, else its first e-mail kept.
/// `None`, said to `warnings` as a record skipped, when it has none of them.
pub fn check(card: &Card, warnings: &mut dyn Warn) -> Option<Checked> {
    let mut emails = Vec::new();
    let mut seen = validate::Seen::default();
    for email in &card.emails {
        match validate::email(email) {
            Ok(email) if seen.first(email_key(&email)) => emails.push(email),
            Ok(_) => {}
            Err(_) => {
                warnings.note(format!("line {}: invalid e-mail '{}' dropped", card.line, capped(email)))
            }
        }
    }
    let name = card.name.clone().or_else(|| card.company.clone()).or_else(|| emails.first().cloned());
    let Some(name) = name else {
        warnings.skip(card.line, "no name, company or e-mail".into());
        return None;
    };
    Some(Checked { name, emails })
}

/// What a new contact gets that its card does not say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContacts {
    /// The cadence of a contact whose file says nothing about it (`--cadence`, else
    /// the import-cadence setting).
    pub cadence: Cadence,
    /// Tags every contact gets (`--tag`), after the card's own.
    pub tags: Vec<String>,
    /// The day they are added.
    pub today: NaiveDate,
    /// They need no thank-you (`sync`: a card from the phone is not someone just met).
    pub no_thank_you: bool,
}

impl NewContacts {
    /// The contact `card`, once `checked`, becomes when it matches no one: every
    /// value the card has; id 0 until stored.
    pub fn contact(&self, card: &Card, checked: Checked) -> Contact {
        let Checked { name, emails } = checked;
        // A cadence netcrm CSV carries is the import's when it is the one this import
        // gives (`--cadence` or import-cadence: an import's cadence exported and read
        // back), else one somebody chose; the CSV does not say which.
        let (cadence, cadence_from_import) = match card.cadence {
            FileCadence::Absent => (Some(self.cadence), true),
            FileCadence::Own(cadence) => (Some(cadence), cadence == self.cadence),
            FileCadence::Default => (None, false),
        };
        let mut tags = validate::imported_tags(&card.tags);
        append_missing(&mut tags, self.tags.iter().cloned(), fold);
        Contact {
            emails,
            phones: validate::list(&card.phones),
            company: card.company.clone(),
            title: card.title.clone(),
            linkedin: card.linkedin.clone(),
            tags,
            met_on: card.met_on,
            met_at: card.met_at.clone(),
            how_met: card.how_met.clone(),
            cadence,
            cadence_from_import,
            notes: card.notes.clone(),
            birthday: card.birthday,
            uid: card.uid.clone(),
            no_thank_you: self.no_thank_you,
            // Parts describe one name: they go with the card's own.
            name_parts: card.name_parts.clone().filter(|_| card.name.as_deref() == Some(name.as_str())),
            ..Contact::new(0, name, self.today)
        }
    }
}

/// `old` with its empty fields filled from `card`, and the card's e-mails (`emails`,
/// checked), phones and tags added, then `tags`: nothing is overwritten.
pub fn filled(old: &Contact, card: &Card, emails: &[String], tags: &[String]) -> Contact {
    let mut new = old.clone();
    fn fill<T: Clone>(field: &mut Option<T>, value: &Option<T>) {
        if field.is_none() {
            field.clone_from(value);
        }
    }
    fill(&mut new.company, &card.company);
    fill(&mut new.title, &card.title);
    fill(&mut new.linkedin, &card.linkedin);
    fill(&mut new.met_on, &card.met_on);
    fill(&mut new.met_at, &card.met_at);
    fill(&mut new.how_met, &card.how_met);
    fill(&mut new.notes, &card.notes);
    fill(&mut new.birthday, &card.birthday);
    fill(&mut new.uid, &card.uid);
    // Parts describe one name: they go with the contact's only if it has that name.
    if card.name.as_deref() == Some(new.name.as_str()) {
        fill(&mut new.name_parts, &card.name_parts);
    }
    append_missing(&mut new.emails, emails.iter().cloned(), fold);
    append_missing(&mut new.phones, validate::list(&card.phones), phone_digits);
    append_missing(&mut new.tags, validate::imported_tags(&card.tags), fold);
    append_missing(&mut new.tags, tags.iter().cloned(), fold);
    new
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> Card {
        Card {
            line: 7,
            name: None,
            company: Some("Analytical Engines".into()),
            emails: vec!["not an address".into(), "ada@example.com".into(), "ADA@example.com".into()],
            ..Card::default()
        }
    }

    #[test]
    fn a_card_is_named_by_its_name_company_or_email_and_keeps_its_valid_emails_once() {
        let mut said = crate::formats::Parsed::default();
        let checked = check(&card(), &mut said).unwrap();
        assert_eq!(checked.name, "Analytical Engines");
        assert_eq!(checked.emails, ["ada@example.com"]);
        assert_eq!(said.warnings, ["line 7: invalid e-mail 'not an address' dropped"]);
        let by_email = Card { company: None, ..card() };
        assert_eq!(check(&by_email, &mut said).unwrap().name, "ada@example.com");
        let nothing = Card { company: None, emails: vec!["not an address".into()], ..card() };
        assert_eq!(check(&nothing, &mut said), None);
        assert_eq!(said.skipped, [(7, "no name, company or e-mail".to_string())]);
    }
}
