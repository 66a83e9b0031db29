//! An imported contact wakes up: the first interaction the user logs by hand with a
//! contact whose cadence came from an import (`log`, `done`; never `scan`) switches
//! them to `default-cadence`, and the command says so. A cadence the user chose never
//! changes here. Used inside the command's transaction; prints nothing itself.

use crate::dates::{Cadence, Duration, Unit};
use crate::error::Result;
use crate::store::Db;

/// A contact switched from the import's cadence to `default-cadence`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Woken {
    pub id: i64,
    pub name: String,
    /// `default-cadence`, which they now follow.
    every: Cadence,
}

impl Woken {
    /// `Kofi Boateng now gets check-ins monthly (netcrm edit kofi --cadence none to
    /// stop).`, where `handle` is a CONTACT argument that finds them (`kofi`, else
    /// their id); nothing when `default-cadence` is `none` (they get none either way).
    pub fn message(&self, handle: &str) -> Option<String> {
        let Cadence::Every(every) = self.every else { return None };
        Some(format!(
            "{} now gets check-ins {} (netcrm edit {handle} --cadence none to stop).",
            self.name,
            how_often(every)
        ))
    }
}

/// Switches contact `id` to `default-cadence` when their own cadence came from an
/// import, as an interaction logged by hand with them does; `None` when it did not.
pub fn on_interaction(db: &Db, id: i64) -> Result<Option<Woken>> {
    let Some(mut contact) = db.contact(id)? else { return Ok(None) };
    if contact.cadence.is_none() || !contact.cadence_from_import {
        return Ok(None);
    }
    contact.set_cadence_by_user(None);
    db.update_contact(&contact)?;
    let every = db.settings()?.default_cadence;
    Ok(Some(Woken { id, name: contact.name, every }))
}

/// `monthly`, `weekly`, `every 6 weeks`, as a sentence says it.
fn how_often(every: Duration) -> String {
    match (every.count, every.unit) {
        (1, Unit::Days) => "daily".into(),
        (1, Unit::Weeks) => "weekly".into(),
        (2, Unit::Weeks) => "fortnightly".into(),
        (1, Unit::Months) => "monthly".into(),
        (3, Unit::Months) => "quarterly".into(),
        (1, Unit::Years) => "yearly".into(),
        (count, unit) => {
            let unit = match unit {
                Unit::Days => "days",
                Unit::Weeks => "weeks",
                Unit::Months => "months",
                Unit::Years => "years",
            };
            format!("every {count} {unit}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cadences_read_as_words_people_use() {
        let every = |text: &str| match Cadence::parse(text).unwrap() {
            Cadence::Every(every) => how_often(every),
            Cadence::None => unreachable!(),
        };
        assert_eq!(every("monthly"), "monthly");
        assert_eq!(every("1w"), "weekly");
        assert_eq!(every("2w"), "fortnightly");
        assert_eq!(every("quarterly"), "quarterly");
        assert_eq!(every("1y"), "yearly");
        assert_eq!(every("6w"), "every 6 weeks");
        assert_eq!(every("10d"), "every 10 days");
    }

    #[test]
    fn no_message_when_the_default_is_none() {
        let woken = Woken { id: 1, name: "Kofi".into(), every: Cadence::None };
        assert_eq!(woken.message("kofi"), None);
        let woken = Woken { every: Cadence::parse("monthly").unwrap(), ..woken };
        assert_eq!(
            woken.message("kofi").as_deref(),
            Some("Kofi now gets check-ins monthly (netcrm edit kofi --cadence none to stop).")
        );
    }
}
