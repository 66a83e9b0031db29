//! `netcrm edit`: change a contact's details; an empty value clears a field.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::Context;
use super::fields::{FieldChanges, check_emails_free};
use super::resolve;
use crate::cli::EditArgs;
use crate::dates;
use crate::error::{Error, Result};
use crate::followups::{contact_with_summary, load_contact};
use crate::formats::document;
use crate::model::{Contact, Summary, TemporaryCadence};
use crate::output::ContactJson;
use crate::store::Db;
use crate::text::{fold, non_empty};
use crate::validate;

pub fn run(ctx: &mut Context, args: EditArgs) -> Result<()> {
    if !has_changes(&args) {
        if ctx.interactive {
            return in_editor(ctx, &args.contact);
        }
        return Err(Error::Usage(
            "edit needs at least one change, such as --company ACME or --add-tag mentor (see netcrm edit --help); \
             on a terminal, edit CONTACT alone opens them in your editor"
                .into(),
        ));
    }
    let today = ctx.today;
    let outcome = ctx.write(|db| {
        let id = resolve::contact(db, &args.contact)?;
        save(db, id, today, &[&args])
    })?;
    report(ctx, outcome)
}

/// What an edit did: the contact as it is now, warnings, and whether anything changed.
struct Outcome {
    contact: Contact,
    summary: Summary,
    warnings: Vec<String>,
    changed: bool,
}

fn report(ctx: &mut Context, outcome: Outcome) -> Result<()> {
    let Outcome { contact, summary, warnings, changed } = outcome;
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

/// Applies each set of changes in turn to contact `id`, checks the result and saves
/// it (with the first meeting's interaction), inside the caller's transaction.
fn save(db: &Db, id: i64, today: NaiveDate, changes: &[&EditArgs]) -> Result<Outcome> {
    let mut new = load_contact(db, id)?;
    let before = new.clone();
    let mut warnings = Vec::new();
    let old_meeting = (new.met_on, new.met_at.clone(), new.how_met.clone());
    for args in changes {
        apply(db, &mut new, args, today, &mut warnings)?;
    }
    if new.introduced_by == Some(id) {
        return Err(Error::SelfIntroduction { id, name: new.name });
    }
    if new.name_ok && new.introduced_by.is_none() {
        return Err(Error::NameOkWithoutIntroducer);
    }
    let force = changes.iter().any(|args| args.fields.force);
    check_emails_free(db, &new.emails, &before.emails, Some(id), force)?;
    if new == before {
        let (contact, summary) = contact_with_summary(db, id, today)?;
        return Ok(Outcome { contact, summary, warnings, changed: false });
    }
    db.describe_step(&format!("edit {} (#{id})", before.name))?;
    db.update_contact(&new)?;
    // The first meeting lives on the contact and on the `met` interaction `add`
    // recorded: change both together, each part only if it changed.
    let (old_on, old_at, old_how) = old_meeting;
    if let Some(added_on) = old_on
        && (new.met_on, &new.met_at, &new.how_met) != (old_on, &old_at, &old_how)
    {
        db.update_added_met(
            id,
            added_on,
            new.met_on.filter(|on| Some(*on) != old_on),
            (new.met_at != old_at).then_some(new.met_at.as_deref()),
            (new.how_met != old_how).then_some(new.how_met.as_deref()),
        )?;
    }
    let (contact, summary) = contact_with_summary(db, id, today)?;
    Ok(Outcome { contact, summary, warnings, changed: true })
}

/// Writes the changes `args` asks for into `new`, checking each value.
fn apply(
    db: &Db,
    new: &mut Contact,
    args: &EditArgs,
    today: NaiveDate,
    warnings: &mut Vec<String>,
) -> Result<()> {
    let mut changes = FieldChanges::parse(db, &args.fields, today)?;
    let cadence = changes.cadence.take();
    let introducer_cleared = changes.introduced_by == Some(None);
    changes.apply(new);
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
        (None, Some(cadence)) => new.set_cadence_by_user(cadence),
        (None, None) => {}
        (Some(None), cadence) => {
            if new.temporary_cadence.is_none() {
                warnings.push(format!("{} has no temporary cadence to end", new.name));
            }
            new.temporary_cadence = None;
            if let Some(cadence) = cadence {
                new.set_cadence_by_user(cadence);
            }
        }
        (Some(Some(until)), Some(Some(cadence))) => {
            new.temporary_cadence = Some(TemporaryCadence { cadence, until })
        }
        (Some(Some(until)), None) => match &mut new.temporary_cadence {
            Some(temporary) => temporary.until = until,
            None => {
                return Err(Error::Usage(
                    "--cadence-until needs --cadence: netcrm edit CONTACT --cadence 1w --cadence-until DATE"
                        .into(),
                ));
            }
        },
        (Some(Some(_)), Some(None)) => {
            return Err(Error::Usage(
                "a temporary cadence cannot be empty: give --cadence 1w, for example".into(),
            ));
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
    Ok(())
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

/// `edit CONTACT` on a terminal with no flags: the contact in the user's editor as a
/// `field: value` document. A saved change is checked and applied in one
/// transaction; an invalid one reopens the editor with the error at the top; an
/// unchanged or emptied file changes nothing.
fn in_editor(ctx: &mut Context, query: &str) -> Result<()> {
    ctx.refuse_if_read_only()?;
    let today = ctx.today;
    let (id, original) = ctx.read(|db| {
        let id = resolve::contact(db, query)?;
        Ok((id, load_contact(db, id)?))
    })?;
    let editor = ctx.editor.clone().unwrap_or_else(|| "vi".to_string());
    let file = TempFile::create(id)?;
    let mut text = document::write(&original, &format!("Editing {} (#{id}).", original.name));
    let mut error: Option<Error> = None;
    loop {
        let shown = match &error {
            Some(error) => format!("# error: {error}\n{}", without_errors(&text)),
            None => text.clone(),
        };
        file.write(&shown)?;
        run_editor(&editor, &file.path)?;
        let edited = file.read()?;
        if edited == shown {
            return match error {
                Some(error) => Err(error),
                None => ctx.out.line("Nothing changed."),
            };
        }
        let fields = match document::read(&edited) {
            Ok(fields) => fields,
            Err(invalid) => {
                error = Some(Error::Usage(invalid.to_string()));
                text = edited;
                continue;
            }
        };
        let (main, temporary) = changes(&original, &fields, query)?;
        if fields.is_empty() || (!has_changes(&main) && temporary.is_none()) {
            return ctx.out.line("Nothing changed.");
        }
        let all: Vec<&EditArgs> = std::iter::once(&main).chain(temporary.as_ref()).collect();
        match ctx.write(|db| save(db, id, today, &all)) {
            Ok(outcome) => return report(ctx, outcome),
            Err(fatal @ (Error::Database(_) | Error::Io { .. } | Error::Output(_))) => return Err(fatal),
            Err(invalid) => {
                error = Some(invalid);
                text = edited;
            }
        }
    }
}

/// The edits a document asks for, as `edit`'s flags: the fields whose value differs
/// from `original`'s, then (apart, since `--cadence` means both) the temporary cadence.
fn changes(
    original: &Contact,
    fields: &std::collections::BTreeMap<&'static str, String>,
    query: &str,
) -> Result<(EditArgs, Option<EditArgs>)> {
    let before = document::values(original);
    let changed = |field: &str| fields.get(field).filter(|value| before.get(field) != Some(*value)).cloned();
    let list = |field: &str| -> Vec<String> {
        match changed(field) {
            None => Vec::new(),
            // An empty list clears it, as `--email ""` does.
            Some(value) if value.trim().is_empty() => vec![String::new()],
            Some(value) => value.split(',').map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect(),
        }
    };
    let flag = |field: &str| -> Result<Option<bool>> {
        changed(field)
            .map(|value| match value.trim().to_lowercase().as_str() {
                "true" | "yes" => Ok(true),
                "false" | "no" | "" => Ok(false),
                _ => Err(Error::Usage(format!("{field}: '{value}' is not true or false"))),
            })
            .transpose()
    };
    let mut main = EditArgs { contact: query.to_string(), name: changed("name"), ..EditArgs::default() };
    let f = &mut main.fields;
    f.emails = list("emails");
    f.phones = list("phones");
    f.tags = list("tags");
    (f.company, f.title, f.linkedin) = (changed("company"), changed("title"), changed("linkedin"));
    (f.met_on, f.met_at, f.how) = (changed("met_on"), changed("met_at"), changed("how_met"));
    (f.introduced_by, f.cadence, f.birthday) =
        (changed("introduced_by"), changed("cadence"), changed("birthday"));
    f.note = changed("notes");
    main.name_ok = flag("name_ok")?;
    main.no_thank_you = flag("no_thank_you")?;
    let temporary = match (changed("temporary_cadence"), changed("cadence_until")) {
        (None, None) => None,
        (cadence, until) => {
            let value = |field: &str, new: Option<String>| {
                new.or_else(|| before.get(field).cloned()).unwrap_or_default()
            };
            let (cadence, until) = (value("temporary_cadence", cadence), value("cadence_until", until));
            let mut args = EditArgs { contact: query.to_string(), ..EditArgs::default() };
            if cadence.trim().is_empty() && until.trim().is_empty() {
                args.cadence_until = Some(String::new());
            } else if cadence.trim().is_empty() {
                return Err(Error::Usage(
                    "temporary_cadence: give a cadence such as 1w with cadence_until".into(),
                ));
            } else {
                args.fields.cadence = Some(cadence);
                args.cadence_until = Some(until);
            }
            Some(args)
        }
    };
    Ok((main, temporary))
}

/// The document without the error lines an earlier attempt put at its top.
fn without_errors(text: &str) -> String {
    text.lines().filter(|line| !line.starts_with("# error: ")).map(|line| format!("{line}\n")).collect()
}

/// Runs the user's editor on `path` through the shell, so that `EDITOR="code -w"`
/// works; the editor has the terminal.
fn run_editor(editor: &str, path: &Path) -> Result<()> {
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path)
        .status()
        .map_err(|e| Error::io(format!("cannot run the editor '{editor}'"), e))?;
    if !status.success() {
        return Err(Error::Cancelled(format!("the editor '{editor}' failed ({status}); nothing changed")));
    }
    Ok(())
}

/// The document's file: private to its owner (it is personal data), removed when
/// the edit is over.
struct TempFile {
    path: PathBuf,
}

impl TempFile {
    fn create(id: i64) -> Result<TempFile> {
        let path = std::env::temp_dir().join(format!("netcrm-edit-{}-{id}.txt", std::process::id()));
        crate::files::create_new_private(&path)
            .map_err(|e| Error::io(format!("cannot create {}", path.display()), e))?;
        Ok(TempFile { path })
    }

    fn write(&self, text: &str) -> Result<()> {
        std::fs::write(&self.path, text)
            .map_err(|e| Error::io(format!("cannot write {}", self.path.display()), e))
    }

    fn read(&self) -> Result<String> {
        std::fs::read_to_string(&self.path)
            .map_err(|e| Error::io(format!("cannot read {}", self.path.display()), e))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
