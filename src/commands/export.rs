//! `netcrm export`: contacts as netcrm CSV or vCard, the due follow-ups as an
//! iCalendar file, or everything as a JSON backup; to stdout or to a private file.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use serde_json::json;

use super::Context;
use super::records::{stored_follow_ups, summaries};
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::{Error, Result};
use crate::formats::json::{self as backup, Backup};
use crate::formats::{csv, ics, vcard};
use crate::model::FollowUp;
use crate::scheduler;
use crate::store::{ContactFilter, Db};

/// `--within` for ics when not given.
const DEFAULT_WITHIN: u32 = 30;

pub fn run(ctx: &mut Context, args: ExportArgs) -> Result<()> {
    check_options(&args)?;
    // Summaries and the calendar come from the stored follow-ups: bring them up to date.
    ctx.refresh_to_read()?;
    let today = ctx.today;
    let filter = ContactFilter { tags: args.tags.clone(), ..Default::default() };
    let (document, count) = ctx.store.read(|db| match args.format {
        ExportFormat::Csv => {
            let rows = contacts_by_id(db, &filter)?;
            Ok((csv::write(&rows, args.raw), rows.len()))
        }
        ExportFormat::Vcard => {
            let contacts: Vec<_> = contacts_by_id(db, &filter)?.into_iter().map(|(c, _)| c).collect();
            let version = match args.vcard_version.as_deref() {
                Some("4.0") => vcard::VcardVersion::V4,
                _ => vcard::VcardVersion::V3,
            };
            Ok((vcard::write(&contacts, version), contacts.len()))
        }
        ExportFormat::Ics => {
            let within = match &args.within {
                Some(text) => crate::dates::parse_within(text, today)?,
                None => DEFAULT_WITHIN,
            };
            let horizon = crate::dates::Duration { count: within, unit: crate::dates::Unit::Days }
                .after(today)
                .unwrap_or(crate::dates::LAST_DATE);
            let mut due: Vec<FollowUp> = stored_follow_ups(db, today, horizon, &filter)?
                .into_iter()
                .filter(|f| scheduler::is_due(f, today, within))
                .collect();
            scheduler::sort(&mut due);
            Ok((ics::write(&due, today), due.len()))
        }
        ExportFormat::Json => {
            let contacts = contacts_by_id(db, &filter)?;
            let records = backup::Records {
                contacts: &contacts,
                interactions: &db.interactions_by_id()?,
                reminders: &db.reminders_by_id()?,
                leads: &db.leads()?,
                favors: &db.favors()?,
                snoozes: &db.snoozes()?,
                completed: &db.completions()?,
            };
            let my_addresses = db.bookkeeping(crate::formats::json::MY_ADDRESSES)?;
            let backup = Backup::new(&records, &db.settings()?, my_addresses.as_deref());
            // Invariant: the backup is plain data with string keys, which always serialises.
            let mut text = serde_json::to_string_pretty(&backup).expect("a backup always serialises to JSON");
            text.push('\n');
            Ok((text, contacts.len()))
        }
    })?;
    let Some(path) = &args.output else {
        return ctx.out.text(&document);
    };
    write_private(path, document.as_bytes())?;
    let format = match args.format {
        ExportFormat::Csv => "csv",
        ExportFormat::Vcard => "vcard",
        ExportFormat::Ics => "ics",
        ExportFormat::Json => "json",
    };
    if ctx.out.json {
        return ctx
            .out
            .json(&json!({ "format": format, "output": path.display().to_string(), "count": count }));
    }
    let what = if args.format == ExportFormat::Ics { "follow-up" } else { "contact" };
    let plural = if count == 1 { "" } else { "s" };
    ctx.out.line(format_args!("Wrote {count} {what}{plural} to {} ({format}).", path.display()))
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

/// The contacts `filter` selects with their summaries, by id.
fn contacts_by_id(
    db: &Db,
    filter: &ContactFilter,
) -> Result<Vec<(crate::model::Contact, crate::model::Summary)>> {
    let mut rows = summaries(db, filter)?;
    rows.sort_by_key(|(c, _)| c.id);
    Ok(rows)
}

/// Writes `bytes` to `path` readable by the owner only (it is personal data), through
/// a temporary file renamed over it, so a failure never leaves half a file.
pub(super) fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let context = || format!("cannot write {}", path.display());
    let name =
        path.file_name().ok_or_else(|| Error::io(context(), std::io::Error::other("not a file name")))?;
    let temporary = path.with_file_name(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let mut file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&temporary);
        Error::io(context(), e)
    })
}
