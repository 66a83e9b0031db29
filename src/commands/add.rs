//! `netcrm add`: record someone you just met, with the `met` interaction that starts
//! the thank-you rule.

use super::fields::{FieldChanges, check_emails_free};
use super::resolve;
use super::{Context, prompt};
use crate::cli::AddArgs;
use crate::dates;
use crate::error::{Error, Result};
use crate::followups::{of_contact, summary};
use crate::model::{Contact, FollowUpKind, Interaction, InteractionKind};
use crate::output::ContactJson;
use crate::text::{name_key_without_accents as name_key, non_empty};
use crate::validate;

pub fn run(ctx: &mut Context, mut args: AddArgs) -> Result<()> {
    let name = match args.name.take() {
        Some(name) => validate::name(&name)?,
        None if ctx.interactive => ask(ctx, &mut args)?,
        None => {
            return Err(Error::Usage(
                "add needs a NAME when not on a terminal: netcrm add \"Ada Lovelace\" [flags]".into(),
            ));
        }
    };
    let today = ctx.today;
    let (contact, interactions, follow_ups, warning) = ctx.write(|db| {
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
        let warning = db.contacts_named(&name_key(&new.name))?.into_iter().next().map(|existing| {
            format!(
                "{} (#{}) already has this name; adding another contact \
                 (if you met them again, `netcrm log {} --kind met --at EVENT` records it instead)",
                existing.name, existing.id, existing.id
            )
        });
        let id = db.insert_contact(&new)?;
        db.insert_interaction(&Interaction {
            at: new.met_at.clone(),
            how: new.how_met.clone(),
            ..Interaction::new(0, id, InteractionKind::Met, met_on)
        })?;
        db.describe_step(&format!("add {} (#{id})", new.name))?;
        let (records, follow_ups) = of_contact(db, id, today)?;
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

/// Asks on the terminal for the name and for each field not given as a flag; each
/// answer is checked as it is given (an e-mail that belongs to someone else is
/// refused at its prompt).
fn ask(ctx: &mut Context, args: &mut AddArgs) -> Result<String> {
    let today = ctx.today;
    let name = prompt::ask("Name", false, validate::name)?.unwrap_or_default();
    let fields = &mut args.fields;
    if fields.emails.is_empty() {
        let email = prompt::ask("E-mail", true, |answer| {
            let email = validate::email(answer)?;
            // At a prompt, another address is the way on, not --force.
            ctx.read(|db| check_emails_free(db, std::slice::from_ref(&email), &[], None, false)).map_err(
                |error| match error {
                    Error::EmailTaken { email, id, name } => Error::EmailTakenAtPrompt { email, id, name },
                    other => other,
                },
            )?;
            Ok(email)
        })?;
        fields.emails.extend(email);
    }
    if fields.phones.is_empty() {
        fields.phones.extend(prompt::ask("Phone", true, |answer| Ok(answer.to_string()))?);
    }
    for (label, field) in
        [("Company", &mut fields.company), ("Title", &mut fields.title), ("LinkedIn", &mut fields.linkedin)]
    {
        if field.is_none() {
            *field = prompt::ask(label, true, |answer| Ok(answer.to_string()))?;
        }
    }
    if fields.met_at.is_none() {
        fields.met_at = prompt::ask("Where you met", true, |answer| Ok(answer.to_string()))?;
    }
    if fields.met_on.is_none() {
        fields.met_on = prompt::ask("When you met (Enter for today)", true, |answer| {
            dates::parse_past_date(answer, today)?;
            Ok(answer.to_string())
        })?;
    }
    if fields.how.is_none() {
        fields.how =
            prompt::ask("How you met, what you talked about", true, |answer| Ok(answer.to_string()))?;
    }
    if fields.introduced_by.is_none() {
        fields.introduced_by = prompt::ask("Introduced by (a contact)", true, |answer| {
            ctx.read(|db| resolve::contact(db, answer))?;
            Ok(answer.to_string())
        })?;
    }
    if fields.tags.is_empty()
        && let Some(tags) = prompt::ask("Tags (comma-separated)", true, |answer| {
            validate::tags(&answer.split(',').filter_map(non_empty).collect::<Vec<_>>())
        })?
    {
        fields.tags = tags;
    }
    if fields.note.is_none() {
        fields.note = prompt::ask("Note", true, |answer| Ok(answer.to_string()))?;
    }
    Ok(name)
}
