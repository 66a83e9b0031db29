//! Who has each e-mail during a contacts sync: netcrm keeps an e-mail to one person,
//! so a card may not take another contact's. Decided once the sync's removals are
//! known and each merge has let go of the e-mails it removes, so that an address moved
//! on the phone from one card to another (khard's merge) is not "another contact's".
//! PURE: no file, database or clock.

use std::collections::{HashMap, HashSet};

use super::fields::Fields;
use crate::model::Contact;
use crate::text::fold;

/// The owner of each e-mail (folded), by contact id; a contact new to netcrm has a
/// provisional negative id.
pub(super) struct EmailOwners(HashMap<String, i64>);

impl EmailOwners {
    /// Who has each e-mail once the sync's `removed` contacts are gone and each
    /// contact's merge (`merged`: the contact and what its fields become) has let go of
    /// the e-mails it removes: what a card may not take from another contact.
    pub(super) fn after<'a>(
        contacts: impl Iterator<Item = &'a Contact>,
        removed: &[i64],
        merged: impl Iterator<Item = (&'a Contact, &'a Fields)>,
    ) -> EmailOwners {
        let removed: HashSet<i64> = removed.iter().copied().collect();
        let mut owners: HashMap<String, i64> = contacts
            .filter(|c| !removed.contains(&c.id))
            .flat_map(|c| c.emails.iter().map(|e| (fold(e.trim()), c.id)))
            .collect();
        for (contact, fields) in merged {
            let kept: HashSet<String> = fields.emails.iter().map(|e| fold(e.trim())).collect();
            for email in contact.emails.iter().map(|e| fold(e.trim())).filter(|e| !kept.contains(e)) {
                if owners.get(&email) == Some(&contact.id) {
                    owners.remove(&email);
                }
            }
        }
        EmailOwners(owners)
    }

    /// Drops from `fields` the e-mails another contact has, with a warning naming `who`,
    /// and claims the rest for `owner`.
    pub(super) fn claim(&mut self, fields: &mut Fields, owner: i64, who: &str, warnings: &mut Vec<String>) {
        let owners = &mut self.0;
        fields.emails.retain(|email| match owners.get(&fold(email.trim())) {
            Some(other) if *other != owner => {
                warnings.push(format!("{who}: {email} is another contact's e-mail; not added"));
                false
            }
            _ => true,
        });
        for email in &fields.emails {
            owners.insert(fold(email.trim()), owner);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::fields::tests::{fields, strings};

    fn contact(id: i64, emails: &[&str]) -> Contact {
        Contact { emails: strings(emails), ..Contact::new(id, "Someone", chrono::NaiveDate::MIN) }
    }

    /// The e-mails each merge keeps after ownership is decided, and the warnings.
    fn claimed(
        contacts: &[Contact],
        removed: &[i64],
        merges: &[(i64, Fields)],
    ) -> (Vec<(i64, Vec<String>)>, Vec<String>) {
        let by_id: HashMap<i64, &Contact> = contacts.iter().map(|c| (c.id, c)).collect();
        let mut owners = EmailOwners::after(
            contacts.iter(),
            removed,
            merges.iter().map(|(id, fields)| (by_id[id], fields)),
        );
        let mut warnings = Vec::new();
        let kept = merges
            .iter()
            .map(|(id, fields)| {
                let mut fields = fields.clone();
                owners.claim(&mut fields, *id, &format!("#{id}"), &mut warnings);
                (*id, fields.emails)
            })
            .collect();
        (kept, warnings)
    }

    #[test]
    fn an_email_of_a_contact_removed_in_the_same_sync_may_be_taken() {
        let contacts = [contact(1, &["a@x.example"]), contact(2, &["b@x.example"])];
        // khard merge: card 1 takes card 2's e-mail, card 2 is removed.
        let (kept, warnings) = claimed(&contacts, &[2], &[(1, fields(&["a@x.example", "b@x.example"]))]);
        assert_eq!(kept, [(1, strings(&["a@x.example", "b@x.example"]))]);
        assert_eq!(warnings, Vec::<String>::new());
        // Not removed: it stays the other contact's.
        let (kept, warnings) = claimed(&contacts, &[], &[(1, fields(&["a@x.example", "B@x.example"]))]);
        assert_eq!(kept, [(1, strings(&["a@x.example"]))]);
        assert_eq!(warnings, ["#1: B@x.example is another contact's e-mail; not added"]);
    }

    #[test]
    fn an_email_moved_between_two_merged_cards_is_taken_in_either_order() {
        let contacts = [contact(1, &["a@x.example", "m@x.example"]), contact(2, &["b@x.example"])];
        let gives = (1, fields(&["a@x.example"]));
        let takes = (2, fields(&["b@x.example", "m@x.example"]));
        for merges in [[gives.clone(), takes.clone()], [takes.clone(), gives.clone()]] {
            let (kept, warnings) = claimed(&contacts, &[], &merges);
            assert!(kept.contains(&(2, strings(&["b@x.example", "m@x.example"]))), "{kept:?}");
            assert_eq!(warnings, Vec::<String>::new());
        }
    }
}
