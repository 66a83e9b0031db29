//! `netcrm merge KEEP OTHER`: one person recorded twice becomes one. OTHER's
//! e-mails, phones, tags, notes, history (each meeting with its own place),
//! favours, leads, introductions and `dupes --not` marks move onto KEEP, KEEP's
//! empty fields are filled from OTHER, the cadence keeps check-ins going, and OTHER is
//! removed; one transaction.

use super::Context;
use super::resolve;
use crate::error::{Error, Result};
use crate::followups::{contact_with_summary, load_contact};
use crate::model::{CadenceSource, Contact};
use crate::output::ContactJson;
use crate::text::{append_missing, fold, phone_digits};

pub fn run(ctx: &mut Context, keep: &str, other: &str) -> Result<()> {
    let today = ctx.today;
    let (contact, summary, other_name, other_id) = ctx.write(|db| {
        let keep_id = resolve::contact(db, keep)?;
        let other_id = resolve::contact(db, other)?;
        let mut kept = load_contact(db, keep_id)?;
        if keep_id == other_id {
            return Err(Error::MergeIntoSelf { id: keep_id, name: kept.name });
        }
        let gone = load_contact(db, other_id)?;
        let other_name = gone.name.clone();
        absorb(&mut kept, gone, keep_id, other_id);
        db.describe_step(&format!("merge {other_name} (#{other_id}) into {} (#{keep_id})", kept.name))?;
        db.move_history(other_id, keep_id)?;
        db.move_introductions(other_id, keep_id)?;
        db.move_lead_via(other_id, keep_id)?;
        db.move_distinct_people(other_id, keep_id)?;
        db.update_contact(&kept)?;
        db.delete_contact(other_id)?;
        // The scanned mail and meetings moved with the history: who they link to.
        db.relink(&[keep_id])?;
        let (contact, summary) = contact_with_summary(db, keep_id, today)?;
        Ok((contact, summary, other_name, other_id))
    })?;
    if ctx.out.json {
        return ctx.out.json(&ContactJson::new(&contact, summary));
    }
    ctx.out.line(format_args!("Merged {other_name} (#{other_id}) into {} (#{}).", contact.name, contact.id))
}

/// Moves what `other` knows into `keep`: lists are joined, notes appended, empty
/// fields filled; never making KEEP its own introducer.
fn absorb(keep: &mut Contact, other: Contact, keep_id: i64, other_id: i64) {
    fn fill<T>(field: &mut Option<T>, value: Option<T>) {
        if field.is_none() {
            *field = value;
        }
    }
    merge_cadence(keep, &other);
    append_missing(&mut keep.emails, other.emails, fold);
    append_missing(&mut keep.phones, other.phones, phone_digits);
    append_missing(&mut keep.tags, other.tags, fold);
    keep.notes = match (keep.notes.take(), other.notes) {
        (Some(mine), Some(theirs)) if mine != theirs => Some(format!("{mine}\n{theirs}")),
        (mine, theirs) => mine.or(theirs),
    };
    fill(&mut keep.company, other.company);
    fill(&mut keep.title, other.title);
    fill(&mut keep.linkedin, other.linkedin);
    fill(&mut keep.met_on, other.met_on);
    fill(&mut keep.met_at, other.met_at);
    fill(&mut keep.how_met, other.how_met);
    fill(&mut keep.birthday, other.birthday);
    fill(&mut keep.uid, other.uid);
    fill(&mut keep.temporary_cadence, other.temporary_cadence);
    // OTHER is going away: an introduction by OTHER cannot stay.
    if keep.introduced_by == Some(other_id) {
        keep.introduced_by = None;
        keep.name_ok = false;
    }
    if keep.introduced_by.is_none() && other.introduced_by.is_some_and(|id| id != keep_id) {
        keep.introduced_by = other.introduced_by;
        keep.name_ok = other.name_ok;
    }
}

/// A contact that was getting check-ins never stops getting them through a merge
/// (DESIGN.md): KEEP's cadence if the user set it, else OTHER's if the user set it,
/// else `default-cadence` if either followed it, else (both the import's) KEEP's.
fn merge_cadence(keep: &mut Contact, other: &Contact) {
    let chosen = |c: &Contact| c.cadence_source() == Some(CadenceSource::User);
    if chosen(keep) {
        return;
    }
    if chosen(other) {
        keep.set_cadence_by_user(other.cadence);
    } else if keep.cadence.is_none() || other.cadence.is_none() {
        keep.set_cadence_by_user(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::Cadence;

    #[test]
    fn a_merge_keeps_the_users_cadence_else_the_default_else_the_imports() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let contact = |cadence: Option<&str>, from_import: bool| Contact {
            cadence: cadence.map(|c| Cadence::parse(c).unwrap()),
            cadence_from_import: from_import,
            ..Contact::new(1, "Kofi", day)
        };
        let (user_2w, user_none) = (contact(Some("2w"), false), contact(Some("none"), false));
        let (default, import_none) = (contact(None, false), contact(Some("none"), true));
        let import_3m = contact(Some("3m"), true);
        for (keep, other, cadence, source) in [
            (&user_2w, &user_none, Some("2w"), Some(CadenceSource::User)),
            (&user_none, &user_2w, Some("none"), Some(CadenceSource::User)),
            (&import_none, &user_2w, Some("2w"), Some(CadenceSource::User)),
            (&default, &user_none, Some("none"), Some(CadenceSource::User)),
            (&import_none, &default, None, None),
            (&default, &import_none, None, None),
            (&default, &default, None, None),
            (&import_3m, &import_none, Some("3m"), Some(CadenceSource::Import)),
        ] {
            let mut merged = keep.clone();
            merge_cadence(&mut merged, other);
            assert_eq!(merged.cadence.map(|c| c.to_string()).as_deref(), cadence, "{keep:?} + {other:?}");
            assert_eq!(merged.cadence_source(), source, "{keep:?} + {other:?}");
        }
    }
}
