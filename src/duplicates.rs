//! Finding likely duplicate contacts: the same e-mail, the same LinkedIn URL, the
//! same phone digits, or the same name once case, accents and spacing are folded.
//! Pure: contacts in, pairs out.

use std::collections::{BTreeMap, HashMap};

use crate::model::Contact;
use crate::text::{fold, linkedin_key, name_key_without_accents, phone_digits};

/// Phone numbers with fewer digits than this are too short to compare.
pub const MIN_PHONE_DIGITS: usize = 6;

/// Two contacts that look like one person, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The lower id first.
    pub ids: [i64; 2],
    pub names: [String; 2],
    pub reasons: Vec<String>,
}

/// Every pair of likely duplicates, ordered by their ids.
pub fn find(contacts: &[Contact]) -> Vec<Duplicate> {
    let mut groups: HashMap<(&'static str, String), Vec<usize>> = HashMap::new();
    for (index, contact) in contacts.iter().enumerate() {
        let mut keys: Vec<(&'static str, String)> = Vec::new();
        keys.extend(contact.emails.iter().map(|e| ("same e-mail", fold(e))));
        keys.extend(contact.linkedin.iter().map(|url| ("same LinkedIn URL", linkedin_key(url))));
        keys.extend(
            contact
                .phones
                .iter()
                .map(|p| phone_digits(p))
                .filter(|digits| digits.len() >= MIN_PHONE_DIGITS)
                .map(|digits| ("same phone", digits)),
        );
        keys.push(("same name", name_key_without_accents(&contact.name)));
        keys.sort();
        keys.dedup();
        for key in keys {
            groups.entry(key).or_default().push(index);
        }
    }
    let mut pairs: BTreeMap<(i64, i64), (usize, usize, Vec<String>)> = BTreeMap::new();
    for ((reason, value), members) in groups {
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                let (a, b) = if contacts[a].id < contacts[b].id { (a, b) } else { (b, a) };
                let reason = match reason {
                    "same e-mail" => format!("same e-mail {value}"),
                    "same phone" => format!(
                        "same phone {}",
                        contacts[a]
                            .phones
                            .iter()
                            .find(|p| phone_digits(p) == value)
                            .map_or(value.as_str(), |p| p.as_str())
                    ),
                    _ => reason.to_string(),
                };
                pairs
                    .entry((contacts[a].id, contacts[b].id))
                    .or_insert_with(|| (a, b, Vec::new()))
                    .2
                    .push(reason);
            }
        }
    }
    pairs
        .into_values()
        .map(|(a, b, mut reasons)| {
            reasons.sort();
            Duplicate {
                ids: [contacts[a].id, contacts[b].id],
                names: [contacts[a].name.clone(), contacts[b].name.clone()],
                reasons,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn contact(id: i64, name: &str) -> Contact {
        Contact::new(id, name, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
    }

    #[test]
    fn the_same_email_in_any_case_is_a_duplicate() {
        let mut a = contact(1, "Ada Lovelace");
        a.emails = vec!["Ada@Example.com".into()];
        let mut b = contact(2, "A. King");
        b.emails = vec!["other@example.com".into(), "ada@example.com".into()];
        let found = find(&[a, b]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].ids, [1, 2]);
        assert_eq!(found[0].reasons, ["same e-mail ada@example.com"]);
    }

    #[test]
    fn linkedin_urls_phones_and_folded_names_are_duplicates() {
        let mut a = contact(3, "Zoë  Müller");
        a.linkedin = Some("https://www.linkedin.com/in/zoe/".into());
        a.phones = vec!["+49 (30) 1234-567".into()];
        let mut b = contact(1, "zoe muller");
        b.linkedin = Some("linkedin.com/in/ZOE?trk=abc".into());
        b.phones = vec!["4930 1234567".into()];
        let found = find(&[a, b]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].ids, [1, 3]);
        assert_eq!(found[0].names, ["zoe muller".to_string(), "Zoë  Müller".to_string()]);
        assert_eq!(found[0].reasons, ["same LinkedIn URL", "same name", "same phone 4930 1234567"]);
    }

    #[test]
    fn different_people_and_short_numbers_are_not_duplicates() {
        let mut a = contact(1, "Ada Lovelace");
        a.phones = vec!["112".into()];
        let mut b = contact(2, "Grace Hopper");
        b.phones = vec!["112".into()];
        assert!(find(&[a, b]).is_empty());
    }

    #[test]
    fn three_alike_give_three_pairs_in_id_order() {
        let found = find(&[contact(5, "Al"), contact(2, "al"), contact(9, "AL")]);
        let ids: Vec<[i64; 2]> = found.iter().map(|d| d.ids).collect();
        assert_eq!(ids, [[2, 5], [2, 9], [5, 9]]);
    }
}
