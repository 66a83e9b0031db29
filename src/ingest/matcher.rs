//! The matcher: turns each card of a file into a new contact or an update of the one it
//! is about (by e-mail, LinkedIn URL, or name), within the caller's transaction, by
//! the card rules of [`super::card`]. Counts what it did for the report; prints
//! nothing, and leaves the follow-ups of what it stored to the caller.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::card::{self, Checked, NewContacts};
use super::matched::Matched;
use super::namesakes::Namesakes;
use super::seen::{Key, Seen};
use crate::error::Result;
use crate::formats::{Card, Warn};
use crate::model::Contact;
use crate::store::{Db, MatchKey};
use crate::text::{fold, linkedin_key, name_key, name_key_without_accents, phone_digits};

/// How many contacts added with the name of someone already there the report names
/// (then "and N more").
pub const NAMESAKES_NAMED: usize = 10;

/// How many of the contacts it adds the report names (`--dry-run` lists them).
pub const ADDED_NAMED: usize = 20;

/// How a matcher is to work.
#[derive(Debug, Clone)]
pub struct Options {
    /// What new contacts get that their card does not say.
    pub new: NewContacts,
    /// The cards are netcrm's own CSV: its ids are kept (into an empty database) or
    /// remapped, and its introducers set once every row has its contact.
    pub netcrm: bool,
    /// Whether the report lists the contacts added and updated (by id).
    pub list: bool,
}

/// A contact a card added or changed, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub contact: Contact,
    /// It was stored before (it was there, or an earlier card of the file added it).
    pub again: bool,
    /// This import added it (this card or an earlier one): it has no records but its
    /// row, so its follow-ups can be computed from the row alone
    /// ([`crate::followups::Alone`]).
    pub new: bool,
}

/// What the cards did.
#[derive(Debug, Default)]
pub struct Report {
    pub added: usize,
    pub updated: usize,
    /// Cards that matched a contact an earlier card of the file added or matched.
    pub repeated: usize,
    /// Contacts added although someone had their name (folded as `dupes` folds
    /// names), and the first [`NAMESAKES_NAMED`] of their names, with how many of each.
    pub namesakes: usize,
    pub namesake_names: Vec<(String, usize)>,
    /// The first [`ADDED_NAMED`] contacts added (with their company).
    pub first_added: Vec<String>,
    /// With [`Options::list`]: the contacts added, then those updated.
    pub listed: Vec<i64>,
    /// The highest id before the import: the contacts above it are those it added.
    pub existing_up_to: i64,
    /// The contacts on either side of an introduction [`Matcher::finish`] set (netcrm
    /// CSV): the records of those it added are no longer their row alone.
    pub introduced: BTreeSet<i64>,
}

/// Matches cards to contacts (by e-mail, LinkedIn URL, or name for cards with
/// neither) and adds or updates them, within the caller's transaction.
///
/// It remembers nothing of each contact, so that a file of any size imports in the
/// same memory: a Bloom filter of fixed size (`Seen`) says which keys may belong to
/// someone, and those are looked up through the database's indexes.
pub struct Matcher<'a, 'c> {
    db: &'a Db<'c>,
    new: NewContacts,
    netcrm: bool,
    /// netcrm CSV into an empty database: the file's ids are kept.
    keep_ids: bool,
    list: bool,
    /// The e-mails, LinkedIn URLs and names of everyone: only those it may have seen
    /// are looked up in the database.
    seen: Seen,
    /// The contacts of the names that cards without e-mail or URL had.
    namesakes: Namesakes,
    /// Whether any contact has a [`Key::NameAtCompany`] key: until one does, cards
    /// are not folded for it.
    names_at_companies: bool,
    /// The highest id before the import: contacts up to it were there already (new
    /// ones get higher ids, or the database was empty).
    existing_up_to: i64,
    added: usize,
    /// The contacts added, when they are to be listed.
    added_ids: Vec<i64>,
    updated: BTreeSet<i64>,
    /// The contacts that were there before and that a card matched, to tell a card
    /// that repeats another.
    matched: Matched,
    repeated: usize,
    namesakes_added: usize,
    namesake_names: Vec<(String, usize)>,
    first_added: Vec<String>,
    /// netcrm CSV: the file's id -> the contact it became (when the ids are not
    /// kept: into a database with contacts), and introducers to set.
    ids: HashMap<i64, i64>,
    introductions: Vec<(i64, i64)>,
}

impl<'a, 'c> Matcher<'a, 'c> {
    /// A matcher for the contacts in `db`, whose keys it reads once.
    pub fn new(db: &'a Db<'c>, options: Options) -> Result<Self> {
        let Options { new, netcrm, list } = options;
        let mut matcher = Matcher {
            db,
            new,
            netcrm,
            keep_ids: false,
            list,
            seen: Seen::new(),
            namesakes: Namesakes::default(),
            names_at_companies: false,
            existing_up_to: 0,
            added: 0,
            added_ids: Vec::new(),
            updated: BTreeSet::new(),
            matched: Matched::default(),
            repeated: 0,
            namesakes_added: 0,
            namesake_names: Vec::new(),
            first_added: Vec::new(),
            ids: HashMap::new(),
            introductions: Vec::new(),
        };
        db.match_keys(|key| match key {
            MatchKey::Contact { id, name_key, linkedin_key, company } => {
                matcher.existing_up_to = matcher.existing_up_to.max(id);
                matcher.index_name(name_key, linkedin_key, company);
            }
            MatchKey::Email(email) => matcher.seen.insert(Key::Email, &fold(email)),
        })?;
        matcher.keep_ids = netcrm && matcher.existing_up_to == 0;
        matcher.matched = Matched::up_to(matcher.existing_up_to);
        Ok(matcher)
    }

    /// Remembers what a contact is matched by, but its e-mails: its name (`folded` as
    /// `dupes` folds it), its LinkedIn URL's key, or without one its name at its company.
    fn index_name(&mut self, folded: &str, linkedin_key: Option<&str>, company: Option<&str>) {
        match (linkedin_key, company) {
            (Some(key), _) => self.seen.insert(Key::LinkedIn, key),
            (None, Some(company)) => {
                let company = name_key_without_accents(company);
                if !company.is_empty() {
                    self.seen.insert_pair(Key::NameAtCompany, folded, &company);
                    self.names_at_companies = true;
                }
            }
            (None, None) => {}
        }
        self.seen.insert(Key::Name, folded);
    }

    /// Remembers what a contact is matched by; `folded` is its name as `dupes` folds it.
    fn index(&mut self, contact: &Contact, folded: &str) {
        self.index_name(
            folded,
            contact.linkedin.as_deref().map(linkedin_key).as_deref(),
            contact.company.as_deref(),
        );
        self.namesakes.note(contact.id, &contact.name, &contact.phones);
        for email in &contact.emails {
            self.seen.insert(Key::Email, &fold(email));
        }
    }

    /// Adds the contact `card` is about, or fills in the one it matches; what the
    /// card drops or skips is said to `warnings`. Returns the contact as stored, or
    /// `None` when nothing was (a card skipped, or one that adds nothing).
    pub fn import(&mut self, card: &Card, warnings: &mut dyn Warn) -> Result<Option<Stored>> {
        let Some(checked) = card::check(card, warnings) else {
            return Ok(None);
        };
        // The name as `dupes` folds it, once something needs it (a card matched by its
        // e-mail or URL, most of a re-import, never does).
        let mut folded = None;
        let (id, stored) = match self.find(card, &checked, &mut folded)? {
            Some(contact) => {
                let id = contact.id;
                // A contact this import added, or one it matched before.
                if id > self.existing_up_to || !self.matched.insert(id) {
                    self.repeated += 1;
                }
                (id, self.update(contact, card, &checked.emails)?)
            }
            None => {
                let folded = folded.unwrap_or_else(|| name_key_without_accents(&checked.name));
                let stored = self.add(card, checked, &folded)?;
                (stored.contact.id, Some(stored))
            }
        };
        // Into an empty database the file's ids are kept: nothing to remember.
        if let Some(file_id) = card.id.filter(|_| !self.keep_ids) {
            self.ids.entry(file_id).or_insert(id);
        }
        if let Some(introducer) = card.introduced_by {
            self.introductions.push((id, introducer));
        }
        Ok(stored)
    }

    /// The contact this card is about: same e-mail, same LinkedIn URL, or (for a card
    /// with neither) the one contact with the same name that shares a phone or has none,
    /// else (for a card whose e-mails and URL no one has) the one contact without a
    /// LinkedIn URL with the same name at the same company. `folded` is the name as
    /// `dupes` folds it, computed here when needed. Returned as stored, for
    /// [`Matcher::update`].
    fn find(
        &mut self,
        card: &Card,
        checked: &Checked,
        folded: &mut Option<String>,
    ) -> Result<Option<Contact>> {
        let (name, emails) = (checked.name.as_str(), &checked.emails);
        for email in emails.iter().filter(|email| self.seen.may_contain(Key::Email, &fold(email))) {
            if let Some((id, _)) = self.db.contacts_with_email(email)?.first() {
                return self.db.contact(*id);
            }
        }
        if let Some(url) = card.linkedin.as_deref()
            && self.seen.may_contain(Key::LinkedIn, &linkedin_key(url))
            && let Some(id) = self.db.contact_with_linkedin(url)?
        {
            return self.db.contact(id);
        }
        if emails.is_empty()
            && card.linkedin.is_none()
            && self.seen.may_contain(Key::Name, folded.get_or_insert_with(|| name_key_without_accents(name)))
        {
            let key = name_key(name);
            let card_phones: HashSet<String> = card.phones.iter().map(|p| phone_digits(p)).collect();
            let mut matches = self.namesakes.of(self.db, &key, name)?.iter().filter(|(_, phones)| {
                card_phones.is_empty() || phones.is_empty() || phones.iter().any(|p| card_phones.contains(p))
            });
            if let (Some(&(id, _)), None) = (matches.next(), matches.next()) {
                return self.db.contact(id);
            }
        }
        if !self.names_at_companies {
            return Ok(None);
        }
        self.at_company(card, folded.get_or_insert_with(|| name_key_without_accents(name)))
    }

    /// The one contact without a LinkedIn URL with the card's name (`folded` as `dupes`
    /// folds it) at the card's company, both given: someone added by hand and met
    /// again in a LinkedIn export. Through the Bloom filter and the names' index.
    fn at_company(&self, card: &Card, folded: &str) -> Result<Option<Contact>> {
        let (Some(_), Some(company)) = (&card.name, &card.company) else { return Ok(None) };
        let company = name_key_without_accents(company);
        if folded.is_empty()
            || company.is_empty()
            || !self.seen.may_contain_pair(Key::NameAtCompany, folded, &company)
        {
            return Ok(None);
        }
        let namesakes = self.db.namesakes_without_linkedin(folded)?;
        let mut there = namesakes.iter().filter(|(_, theirs)| {
            theirs.as_deref().is_some_and(|theirs| name_key_without_accents(theirs) == company)
        });
        match (there.next(), there.next()) {
            (Some(&(id, _)), None) => self.db.contact(id),
            _ => Ok(None),
        }
    }

    fn add(&mut self, card: &Card, checked: Checked, folded: &str) -> Result<Stored> {
        let name = &checked.name;
        // Someone of that name is here already (`dupes` will pair them).
        if self.seen.may_contain(Key::Name, folded) && self.db.name_taken(folded)? {
            self.namesakes_added += 1;
            let listed = self.namesake_names.len();
            match self.namesake_names.iter_mut().find(|(named, _)| named == name) {
                Some((_, count)) => *count += 1,
                None if listed < NAMESAKES_NAMED => self.namesake_names.push((name.clone(), 1)),
                None => {}
            }
        }
        if self.first_added.len() < ADDED_NAMED {
            self.first_added.push(match &card.company {
                Some(company) => format!("{name} ({company})"),
                None => name.clone(),
            });
        }
        let contact = self.new.contact(card, checked);
        self.insert(card, contact, folded)
    }

    fn insert(&mut self, card: &Card, contact: Contact, folded: &str) -> Result<Stored> {
        // An id the file gives is kept unless a row before it took it.
        let free_id = match card.id.filter(|id| self.keep_ids && *id > 0) {
            Some(id) if !self.db.contact_exists(id)? => Some(id),
            _ => None,
        };
        let id = match free_id {
            Some(id) => {
                self.db.insert_contact_with_id(&Contact { id, ..contact.clone() })?;
                id
            }
            None => self.db.insert_contact(&contact)?,
        };
        let contact = Contact { id, ..contact };
        self.index(&contact, folded);
        self.added += 1;
        if self.list {
            self.added_ids.push(id);
        }
        Ok(Stored { contact, again: false, new: true })
    }

    /// Fills the contact's empty fields from the card and adds its new e-mails,
    /// phones and tags ([`card::filled`]); nothing is overwritten.
    fn update(&mut self, old: Contact, card: &Card, emails: &[String]) -> Result<Option<Stored>> {
        let new = card::filled(&old, card, emails, &self.new.tags);
        if new == old {
            return Ok(None);
        }
        self.db.update_contact_from(&old, &new)?;
        self.index(&new, &name_key_without_accents(&new.name));
        let added = new.id > self.existing_up_to;
        if !added {
            self.updated.insert(new.id);
        }
        Ok(Some(Stored { contact: new, again: true, new: added }))
    }

    /// Sets the introducers netcrm CSV names, now that every row has its contact.
    pub fn finish(mut self) -> Result<Report> {
        let mut introduced = BTreeSet::new();
        if self.netcrm {
            for (id, file_introducer) in std::mem::take(&mut self.introductions) {
                let introducer = if self.keep_ids {
                    Some(file_introducer)
                } else {
                    self.ids.get(&file_introducer).copied()
                };
                let Some(introducer) = introducer.filter(|i| *i != id) else { continue };
                let Some(mut contact) = self.db.contact(id)? else { continue };
                if contact.introduced_by.is_some() || self.db.contact(introducer)?.is_none() {
                    continue;
                }
                contact.introduced_by = Some(introducer);
                self.db.update_contact(&contact)?;
                introduced.extend([id, introducer]);
                if id <= self.existing_up_to {
                    self.updated.insert(id);
                }
            }
        }
        let mut listed = self.added_ids;
        if self.list {
            listed.extend(&self.updated);
        }
        Ok(Report {
            added: self.added,
            updated: self.updated.len(),
            repeated: self.repeated,
            namesakes: self.namesakes_added,
            namesake_names: self.namesake_names,
            first_added: self.first_added,
            listed,
            existing_up_to: self.existing_up_to,
            introduced,
        })
    }
}
