//! `netcrm export`: contacts as netcrm CSV or vCard, the due follow-ups as an
//! iCalendar file, or everything as a JSON backup; to stdout or to a private file.

use std::io::Write;

use super::Context;
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::{Error, Result};
use crate::files::write_private_with;
use crate::followups::{Agenda, Order, agenda};
use crate::formats::json as backup;
use crate::formats::{csv, ics, vcard};
use crate::model::{Contact, Summary};
use crate::output::json::ExportJson;
use crate::scheduler::urgency;
use crate::store::{ContactFilter, ContactOrder, Db};

/// `--within` for ics when not given.
const DEFAULT_WITHIN: u32 = 30;

pub fn run(ctx: &mut Context, args: ExportArgs) -> Result<()> {
    check_options(&args)?;
    // Summaries and the calendar come from the stored follow-ups: bring them up to date.
    ctx.refresh_to_read()?;
    let today = ctx.today;
    let filter = ContactFilter { tags: args.tags.clone(), ..Default::default() };
    let Some(path) = &args.output else {
        ctx.read_printing(|db, out| {
            write_document(db, &args, today, &filter, out.document(), &Error::Output)
        })?;
        return Ok(());
    };
    let count = write_private_with(path, |file, failed| {
        ctx.read(|db| write_document(db, &args, today, &filter, file, failed))
    })?;
    let format = match args.format {
        ExportFormat::Csv => "csv",
        ExportFormat::Vcard => "vcard",
        ExportFormat::Ics => "ics",
        ExportFormat::Json => "json",
    };
    if ctx.out.json {
        return ctx.out.json(&ExportJson { format, output: path.display().to_string(), count });
    }
    let what = if args.format == ExportFormat::Ics { "follow-up" } else { "contact" };
    let plural = if count == 1 { "" } else { "s" };
    ctx.out.line(format_args!("Wrote {count} {what}{plural} to {} ({format}).", path.display()))
}

/// Writes the export into `sink` (`failed` says what a write error is); returns how
/// many contacts or follow-ups it holds. Contacts are written a chunk at a time, and a
/// backup's other records one at a time, so that memory does not grow with their
/// number.
fn write_document(
    db: &Db,
    args: &ExportArgs,
    today: chrono::NaiveDate,
    filter: &ContactFilter,
    sink: &mut dyn Write,
    failed: &dyn Fn(std::io::Error) -> Error,
) -> Result<usize> {
    let (document, count) = match args.format {
        ExportFormat::Csv => {
            let mut exporter = csv::Exporter::new(&mut *sink, args.raw).map_err(failed)?;
            let count = for_each_contact(db, filter, |contact, summary| {
                exporter.write(contact, &summary).map_err(failed)
            })?;
            exporter.finish().map_err(failed)?;
            return Ok(count);
        }
        ExportFormat::Vcard => {
            let version = match args.vcard_version.as_deref() {
                Some("4.0") => vcard::VcardVersion::V4,
                _ => vcard::VcardVersion::V3,
            };
            let mut card = String::new();
            return for_each_contact(db, filter, |contact, _| {
                card.clear();
                vcard::write_card(&mut card, contact, version);
                sink.write_all(card.as_bytes()).map_err(failed)
            });
        }
        ExportFormat::Ics => {
            let within = match &args.within {
                Some(text) => crate::dates::parse_within(text, today)?,
                None => DEFAULT_WITHIN,
            };
            let query = Agenda { within, contacts: filter.clone(), order: Order::Date, ..Agenda::default() };
            let due = agenda(db, today, &query)?;
            (ics::write(&due, today, |f| ics::priority(urgency::weight(f.kind))), due.len())
        }
        ExportFormat::Json => {
            // Written as it is read: a backup of any size takes the memory of a record.
            let mut backup = backup::Writer::new(&mut *sink).map_err(failed)?;
            let count = for_each_contact(db, filter, |contact, summary| {
                backup.contact(contact, summary).map_err(failed)
            })?;
            db.for_each_interaction(|interaction| backup.interaction(&interaction).map_err(failed))?;
            for reminder in db.reminders_by_id()? {
                backup.reminder(&reminder).map_err(failed)?;
            }
            for lead in db.leads()? {
                backup.lead(&lead).map_err(failed)?;
            }
            for favor in db.favors()? {
                backup.favor(&favor).map_err(failed)?;
            }
            for (key, until) in db.snoozes()? {
                backup.snooze(&key, until).map_err(failed)?;
            }
            for (key, due_on, done_on) in db.completions()? {
                backup.completion(&key, due_on, done_on).map_err(failed)?;
            }
            let mut different: Vec<(i64, i64)> = db.distinct_people()?.into_iter().collect();
            different.sort_unstable();
            for (low, high) in different {
                backup.different_people(low, high).map_err(failed)?;
            }
            for target in db.targets()? {
                backup.target(&target.company, target.note.as_deref(), target.added_on).map_err(failed)?;
            }
            backup.finish(&db.settings()?, &db.mail_settings()?).map_err(failed)?;
            return Ok(count);
        }
    };
    sink.write_all(document.as_bytes()).map_err(failed)?;
    Ok(count)
}

/// Options that do not fit the chosen format are usage errors.
fn check_options(args: &ExportArgs) -> Result<()> {
    let misplaced = match args.format {
        _ if args.within.is_some() && args.format != ExportFormat::Ics => Some("--within is for ics only"),
        _ if args.vcard_version.is_some() && args.format != ExportFormat::Vcard => {
            Some("--vcard-version is for vcard only")
        }
        _ if args.raw && args.format != ExportFormat::Csv => Some("--raw is for csv only"),
        ExportFormat::Json if !args.tags.is_empty() => {
            Some("--tag does not apply to json: a backup holds everything")
        }
        _ => None,
    };
    match misplaced {
        Some(message) => Err(Error::Usage(message.into())),
        None => Ok(()),
    }
}

/// How many contacts an export loads at a time.
const CHUNK: usize = 1000;

/// Runs `f` over the contacts `filter` selects, by id, with their summaries,
/// [`CHUNK`] at a time; returns how many there were.
fn for_each_contact(
    db: &Db,
    filter: &ContactFilter,
    mut f: impl FnMut(&Contact, Summary) -> Result<()>,
) -> Result<usize> {
    let ids = db.selected_ids(filter, ContactOrder::Added, None)?;
    for chunk in ids.chunks(CHUNK) {
        let summaries = db.summaries_of(chunk)?;
        // Everyone's ids are all those in the chunk's range: read as a range.
        let contacts = match (chunk.first(), chunk.last()) {
            (Some(first), Some(last)) if filter.is_everyone() => db.contacts_between(*first, *last)?,
            _ => db.contacts_by_id(chunk)?,
        };
        for contact in &contacts {
            f(contact, summaries.get(&contact.id).copied().unwrap_or_default())?;
        }
    }
    Ok(ids.len())
}
