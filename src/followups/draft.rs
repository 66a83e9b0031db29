//! What a draft of a follow-up is made from: the open item a key names, its
//! template, and the values of the placeholders (DESIGN.md "Drafts"): the person it
//! is to, the meeting it is about, who introduced whom, the lead, the favour, the
//! reminder, the last note, your name. Reads only; prints nothing; renders nothing
//! (that is `crate::draft`, pure).

use chrono::NaiveDate;

use super::keys::find_to_do;
use crate::draft::{Placeholder, Template, Values, day, first_name};
use crate::error::Result;
use crate::model::{Contact, FollowUp, FollowUpKey, Interaction, InteractionKind, MailSettings};
use crate::store::Db;

/// A follow-up with everything its draft says.
#[derive(Debug, Clone)]
pub struct DraftRecord {
    pub follow_up: FollowUp,
    pub template: Template,
    pub values: Values,
    /// The person it is to (a lead nobody passed on is to no one).
    pub to: Option<Contact>,
    /// Your name and addresses, for a message's `From:`.
    pub mail: MailSettings,
}

impl DraftRecord {
    /// Where to send it: the first e-mail, else the phone, else the LinkedIn URL.
    pub fn channel(&self) -> Option<&str> {
        self.to.as_ref().and_then(Contact::channel)
    }

    /// The address to mail it to, if the person has one.
    pub fn email(&self) -> Option<&str> {
        self.to.as_ref().and_then(|c| c.emails.first()).map(String::as_str)
    }
}

/// The draft's record for the open follow-up `key` (any open one: upcoming and
/// snoozed ones too); an unknown key or one done already is the error `done` gives.
pub fn draft_record(db: &Db, key: &str, today: NaiveDate) -> Result<DraftRecord> {
    let (follow_up, records) = find_to_do(db, key, today)?;
    let parsed: Option<FollowUpKey> = follow_up.key.parse().ok();
    let mail = db.mail_settings()?;
    let mut values = Values::default().with(Placeholder::MyName, mail.my_name.as_deref());

    // The lead it is about, and the status that made an outcome item.
    let lead = match parsed.and_then(FollowUpKey::lead) {
        Some(id) => db.lead(id)?,
        None => None,
    };
    let news = lead.as_ref().and_then(|l| l.latest_news()).map(|change| change.status);
    let template = Template::for_item(follow_up.kind, news);
    if let Some(lead) = &lead {
        values.set(Placeholder::Lead, Some(&lead.title));
        values.set(Placeholder::Company, lead.company.as_deref());
        let status = match template {
            Template::OutcomeInterview
            | Template::OutcomeOffer
            | Template::OutcomeHired
            | Template::OutcomeEnded => news.unwrap_or(lead.status),
            _ => lead.status,
        };
        values.set(Placeholder::Status, Some(status.as_str()));
    }

    if let Some(records) = &records {
        person(db, &records.contact, &records.interactions, &mut values, lead.is_some())?;
        // The meeting the item is about: the latest for a thank-you, the introduced
        // person's first for intro-thanks, else the first.
        let met = match parsed {
            Some(FollowUpKey::ThankYou(_)) => latest_met(&records.interactions).cloned(),
            Some(FollowUpKey::IntroThanks(introduced)) => {
                let them = db.contact(introduced)?;
                values.set(Placeholder::Introduced, them.as_ref().map(|c| c.name.as_str()));
                first_met(&db.interactions_of(introduced)?).cloned()
            }
            _ => first_met(&records.interactions).cloned(),
        };
        let contact = &records.contact;
        let (met_at, how, met_on) = match (&met, parsed) {
            (Some(met), _) => (met.at.clone(), met.how.clone(), Some(met.on)),
            // An introduction made nothing to say yet: not the introducer's own meeting.
            (None, Some(FollowUpKey::IntroThanks(_))) => (None, None, None),
            (None, _) => (contact.met_at.clone(), contact.how_met.clone(), contact.met_on),
        };
        values.set(Placeholder::MetAt, met_at.as_deref());
        values.set(Placeholder::How, how.as_deref());
        values.set(Placeholder::MetOn, met_on.map(|on| day(on, today)).as_deref());
    }

    match parsed {
        Some(FollowUpKey::FavorThanks(id)) => {
            values.set(Placeholder::Favor, db.favor(id)?.map(|f| f.what).as_deref());
        }
        Some(FollowUpKey::Reminder(id)) => {
            values.set(Placeholder::Reminder, db.reminder(id)?.map(|r| r.text).as_deref());
        }
        _ => {}
    }
    Ok(DraftRecord { follow_up, template, values, to: records.map(|r| r.contact), mail })
}

/// An introduction request (`draft --path T --via X`): to X, about T.
#[derive(Debug, Clone)]
pub struct PathDraft {
    pub values: Values,
    /// The person you ask (X).
    pub to: Contact,
    /// The person you want to meet (T).
    pub about: Contact,
    /// Your name and addresses, for a message's `From:`.
    pub mail: MailSettings,
}

/// The draft's record of an introduction request to contact `via` about contact
/// `target` (the `path` template): X's names, meeting and last note, T's name as
/// `{introduced}` and T's company as `{company}`. `None` when either is gone.
pub fn path_draft(db: &Db, target: i64, via: i64, today: NaiveDate) -> Result<Option<PathDraft>> {
    let (Some(to), Some(about)) = (db.contact(via)?, db.contact(target)?) else {
        return Ok(None);
    };
    let mail = db.mail_settings()?;
    let mut values = Values::default().with(Placeholder::MyName, mail.my_name.as_deref());
    let interactions = db.interactions_of(via)?;
    person(db, &to, &interactions, &mut values, true)?;
    values.set(Placeholder::Introduced, Some(&about.name));
    values.set(Placeholder::Company, about.company.as_deref());
    let (met_at, how, met_on) = match first_met(&interactions) {
        Some(met) => (met.at.clone(), met.how.clone(), Some(met.on)),
        None => (to.met_at.clone(), to.how_met.clone(), to.met_on),
    };
    values.set(Placeholder::MetAt, met_at.as_deref());
    values.set(Placeholder::How, how.as_deref());
    values.set(Placeholder::MetOn, met_on.map(|on| day(on, today)).as_deref());
    Ok(Some(PathDraft { values, to, about, mail }))
}

/// The values about the person a draft is to: their names, their company (unless
/// the item is about a lead, whose company it is), who introduced them, and the
/// note of the latest interaction that has one.
fn person(
    db: &Db,
    contact: &Contact,
    interactions: &[Interaction],
    values: &mut Values,
    about_a_lead: bool,
) -> Result<()> {
    let given = contact.name_parts.as_ref().map(|parts| parts.given.as_str());
    values.set(Placeholder::Name, Some(&contact.name));
    values.set(Placeholder::FirstName, first_name(&contact.name, given));
    if !about_a_lead {
        values.set(Placeholder::Company, contact.company.as_deref());
    }
    if let Some(id) = contact.introduced_by {
        values.set(Placeholder::Introducer, db.contact(id)?.map(|c| c.name).as_deref());
    }
    let last_note =
        interactions.iter().rev().filter_map(|i| i.note.as_deref()).find(|note| !note.trim().is_empty());
    values.set(Placeholder::LastNote, last_note);
    Ok(())
}

/// The first `met` of a history (oldest first).
fn first_met(history: &[Interaction]) -> Option<&Interaction> {
    history.iter().find(|i| i.kind == InteractionKind::Met)
}

/// The latest `met` of a history (oldest first).
fn latest_met(history: &[Interaction]) -> Option<&Interaction> {
    history.iter().rev().find(|i| i.kind == InteractionKind::Met)
}
