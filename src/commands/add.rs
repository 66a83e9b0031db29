//! `netcrm add`: record someone you just met, with the `met` interaction that starts
//! the thank-you rule.

use dialoguer::Input;

use super::fields::{FieldChanges, check_emails_free};
use super::records::{ContactRecords, summary};
use super::{Context, prompt_error};
use crate::cli::AddArgs;
use crate::error::{Error, Result};
use crate::model::{Contact, FollowUpKind, Interaction, InteractionKind};
use crate::output::ContactJson;
use crate::text::{name_key_without_accents as name_key, non_empty};
use crate::validate;

pub fn run(ctx: &mut Context, mut args: AddArgs) -> Result<()> {
    let name = match args.name.take() {
        Some(name) => validate::name(&name)?,
        None if ctx.interactive => ask(&mut args)?,
        None => {
            return Err(Error::Usage(
                "add needs a NAME when not on a terminal: netcrm add \"Ada Lovelace\" [flags]".into(),
            ));
        }
    };
    let today = ctx.today;
    let (contact, interactions, follow_ups, warning) = ctx.store.write(|db| {
        let mut new = Contact {
            no_thank_you: args.no_thank_you,
            name_ok: args.name_ok,
            ..Contact::new(0, name, today)
        };
        FieldChanges::parse(db, &args.fields, today)?.apply(&mut new);
        if new.name_ok && new.introduced_by.is_none() {
            return Err(Error::NameOkWithoutIntroducer);
        }
        let met_on = *new.met_on.get_or_insert(today);
        check_emails_free(db, &new.emails, &[], None, args.fields.force)?;
        let key = name_key(&new.name);
        let warning =
            db.contact_names()?.into_iter().find(|(_, n)| name_key(n) == key).map(|(id, existing)| {
                format!(
                    "{existing} (#{id}) already has this name; adding another contact \
                 (if you met them again, `netcrm log {id} --kind met --at EVENT` records it instead)"
                )
            });
        let id = db.insert_contact(&new)?;
        db.insert_interaction(&Interaction {
            at: new.met_at.clone(),
            how: new.how_met.clone(),
            ..Interaction::new(0, id, InteractionKind::Met, met_on)
        })?;
        db.describe_step(&format!("add {} (#{id})", new.name))?;
        let records = ContactRecords::load(db, id)?;
        let follow_ups = records.follow_ups(db, today)?;
        Ok((records.contact, records.interactions, follow_ups, warning))
    })?;
    if let Some(warning) = warning {
        ctx.out.warn(warning);
    }
    if ctx.out.json {
        return ctx.out.json(&ContactJson::new(&contact, summary(&interactions, &follow_ups)));
    }
    let next = |kind| follow_ups.iter().find(|f| f.kind == kind).map(|f| f.due_on);
    let due = match (next(FollowUpKind::ThankYou), next(FollowUpKind::CheckIn)) {
        (Some(date), _) => format!(" Thank-you due {date}."),
        (None, Some(date)) => format!(" Next check-in {date}."),
        (None, None) => String::new(),
    };
    ctx.out.line(format_args!("Added {} (#{}).{due}", contact.name, contact.id))
}

/// Asks on the terminal for the name and for each field not given as a flag.
fn ask(args: &mut AddArgs) -> Result<String> {
    let name: String = Input::new()
        .with_prompt("Name")
        .validate_with(|input: &String| validate::name(input).map(|_| ()).map_err(|e| e.to_string()))
        .interact_text()
        .map_err(prompt_error)?;
    let fields = &mut args.fields;
    if fields.emails.is_empty() {
        let email =
            optional_text("E-mail", |input| validate::email(input).map(|_| ()).map_err(|e| e.to_string()))?;
        fields.emails.extend(email);
    }
    for (prompt, field) in [
        ("Company", &mut fields.company),
        ("Title", &mut fields.title),
        ("Where you met", &mut fields.met_at),
    ] {
        if field.is_none() {
            *field = optional_text(prompt, |_| Ok(()))?;
        }
    }
    if fields.tags.is_empty()
        && let Some(tags) = optional_text("Tags (comma-separated)", |_| Ok(()))?
    {
        fields.tags = tags.split(',').filter_map(non_empty).collect();
    }
    if fields.note.is_none() {
        fields.note = optional_text("Note", |_| Ok(()))?;
    }
    validate::name(&name)
}

/// An answer that may be left empty; `check` runs on non-empty answers.
fn optional_text(prompt: &str, check: impl Fn(&str) -> Result<(), String>) -> Result<Option<String>> {
    let answer: String = Input::new()
        .with_prompt(prompt)
        .allow_empty(true)
        .validate_with(|input: &String| if input.trim().is_empty() { Ok(()) } else { check(input) })
        .interact_text()
        .map_err(prompt_error)?;
    Ok(non_empty(&answer))
}
