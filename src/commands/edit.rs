//! `netcrm edit`: change a contact's details; an empty value clears a field.

use super::Context;
use super::fields::{FieldChanges, check_emails_free};
use super::records::{contact_with_summary, load_contact};
use super::resolve;
use crate::cli::EditArgs;
use crate::dates;
use crate::error::{Error, Result};
use crate::model::TemporaryCadence;
use crate::output::ContactJson;
use crate::text::{fold, non_empty};
use crate::validate;

pub fn run(ctx: &mut Context, args: EditArgs) -> Result<()> {
    if !has_changes(&args) {
        return Err(Error::Usage(
            "edit needs at least one change, such as --company ACME or --add-tag mentor (see netcrm edit --help)".into(),
        ));
    }
    let today = ctx.today;
    let (contact, summary, warnings, changed) = ctx.store.write(|db| {
        let id = resolve::contact(db, &args.contact)?;
        let mut new = load_contact(db, id)?;
        let before = new.clone();
        let mut warnings = Vec::new();
        let old_meeting = (new.met_on, new.met_at.clone(), new.how_met.clone());
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
        if let Some(line) = args.append_note.as_deref().and_then(non_empty) {
            new.notes = Some(match new.notes.take() {
                Some(notes) => format!("{notes}\n{line}"),
                None => line,
            });
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
            Some(date) => Some(Some(dates::parse_future_date(date, today, "the end of a temporary cadence")?)),
        };
        match (until, cadence) {
            (None, Some(cadence)) => new.cadence = cadence,
            (None, None) => {}
            (Some(None), cadence) => {
                if new.temporary_cadence.is_none() {
                    warnings.push(format!("{} has no temporary cadence to end", new.name));
                }
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
        if new == before {
            let (contact, summary) = contact_with_summary(db, id, today)?;
            return Ok((contact, summary, warnings, false));
        }
        db.describe_step(&format!("edit {} (#{id})", before.name))?;
        db.update_contact(&new)?;
        // The first meeting lives on the contact and on the `met` interaction `add`
        // recorded: change both together.
        if let Some(met_on) = new.met_on
            && (new.met_on, new.met_at.clone(), new.how_met.clone()) != old_meeting
        {
            db.update_first_met(id, met_on, new.met_at.as_deref(), new.how_met.as_deref())?;
        }
        let (contact, summary) = contact_with_summary(db, id, today)?;
        Ok((contact, summary, warnings, true))
    })?;
    for warning in warnings {
        ctx.out.warn(warning);
    }
    if !changed {
        ctx.out.warn(format_args!(
            "{} (#{}) already has these details; nothing changed",
            contact.name, contact.id
        ));
    }
    if ctx.out.json {
        return ctx.out.json(&ContactJson::new(&contact, summary));
    }
    if !changed {
        return Ok(());
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
        &args.append_note,
    ];
    let lists = [&f.emails, &f.phones, &f.tags, &args.add_tag, &args.remove_tag];
    texts.iter().any(|t| t.is_some())
        || lists.iter().any(|l| !l.is_empty())
        || args.name_ok.is_some()
        || args.no_thank_you.is_some()
}
