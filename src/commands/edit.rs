//! `netcrm edit`: change a contact's details; an empty value clears a field.

use super::Context;
use super::fields::{FieldChanges, check_emails_free};
use super::records::{contact_with_summary, load_contact};
use crate::cli::EditArgs;
use crate::dates;
use crate::error::{Error, Result};
use crate::model::TemporaryCadence;
use crate::output::ContactJson;
use crate::text::fold;
use crate::{resolve, validate};

pub fn run(ctx: &mut Context, args: EditArgs) -> Result<()> {
    if !has_changes(&args) {
        return Err(Error::Usage(
            "edit needs at least one change, such as --company ACME or --add-tag mentor (see netcrm edit --help)".into(),
        ));
    }
    let today = ctx.today;
    let (contact, summary) = ctx.store.write(|db| {
        let id = resolve::contact(db, &args.contact)?;
        let mut new = load_contact(db, id)?;
        let old_met_on = new.met_on;
        let old_emails = new.emails.clone();

        let mut changes = FieldChanges::parse(db, &args.fields, today)?;
        let cadence = changes.cadence.take();
        let introducer_cleared = changes.introduced_by == Some(None);
        changes.apply(&mut new);
        if let Some(name) = &args.name {
            let name = validate::name(name)?;
            // The parts an import brought describe the old name, not this one.
            if name != new.name {
                new.name_parts = None;
            }
            new.name = name;
        }
        for tag in validate::tags(&args.add_tag)? {
            if !new.tags.iter().any(|t| fold(t) == fold(&tag)) {
                new.tags.push(tag);
            }
        }
        let removed: Vec<String> = args.remove_tag.iter().map(|t| fold(t.trim())).collect();
        new.tags.retain(|t| !removed.contains(&fold(t)));

        let until = match args.cadence_until.as_deref().map(str::trim) {
            None => None,
            Some("") => Some(None),
            Some(date) => Some(Some(dates::parse_date(date, today)?)),
        };
        match (until, cadence) {
            (None, Some(cadence)) => new.cadence = cadence,
            (None, None) => {}
            (Some(None), cadence) => {
                new.temporary_cadence = None;
                if let Some(cadence) = cadence {
                    new.cadence = cadence;
                }
            }
            (Some(Some(until)), Some(Some(cadence))) => new.temporary_cadence = Some(TemporaryCadence { cadence, until }),
            (Some(Some(until)), None) => match &mut new.temporary_cadence {
                Some(temporary) => temporary.until = until,
                None => {
                    return Err(Error::Usage(
                        "--cadence-until needs --cadence: netcrm edit CONTACT --cadence 1w --cadence-until DATE".into(),
                    ));
                }
            },
            (Some(Some(_)), Some(None)) => {
                return Err(Error::Usage("a temporary cadence cannot be empty: give --cadence 1w, for example".into()));
            }
        }

        if introducer_cleared {
            new.name_ok = false;
        }
        if let Some(name_ok) = args.name_ok {
            new.name_ok = name_ok;
        }
        if let Some(no_thank_you) = args.no_thank_you {
            new.no_thank_you = no_thank_you;
        }
        if new.introduced_by == Some(id) {
            return Err(Error::SelfIntroduction { id, name: new.name });
        }
        if new.name_ok && new.introduced_by.is_none() {
            return Err(Error::NameOkWithoutIntroducer);
        }
        check_emails_free(db, &new.emails, &old_emails, Some(id), args.fields.force)?;
        db.update_contact(&new)?;
        if let Some(met_on) = new.met_on.filter(|date| Some(*date) != old_met_on) {
            db.move_latest_met(id, met_on)?;
        }
        contact_with_summary(db, id, today)
    })?;
    if ctx.out.json {
        return ctx.out.json(&ContactJson::new(&contact, summary));
    }
    ctx.out.line(format_args!("Updated {} (#{}).", contact.name, contact.id))
}

fn has_changes(args: &EditArgs) -> bool {
    let f = &args.fields;
    let texts = [
        &args.name,
        &f.company,
        &f.title,
        &f.linkedin,
        &f.met_at,
        &f.met_on,
        &f.how,
        &f.note,
        &f.birthday,
        &f.introduced_by,
        &f.cadence,
        &args.cadence_until,
    ];
    let lists = [&f.emails, &f.phones, &f.tags, &args.add_tag, &args.remove_tag];
    texts.iter().any(|t| t.is_some())
        || lists.iter().any(|l| !l.is_empty())
        || args.name_ok.is_some()
        || args.no_thank_you.is_some()
}
