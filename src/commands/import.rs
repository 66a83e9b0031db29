//! `netcrm import`: contacts from LinkedIn, Google, Outlook, Thunderbird, vCard or
//! netcrm CSV, matched to the people already there ([`crate::ingest::Matcher`]), or a
//! full JSON backup restored into an empty database ([`crate::ingest::restore`]). This
//! file opens the input, tells its format, chooses the reader, shows progress and
//! prints what was done. One transaction: a file that fails writes nothing.

use std::io::Read;
use std::path::Path;

use super::Context;
use crate::cli::{DateOrderArg, ImportArgs};
use crate::dates::Cadence;
use crate::error::{Error, Result};
use crate::followups::{Alone, contact_with_summary, marks_owner};
use crate::formats::{self, Format, Warn, csv, encoding};
use crate::ingest::{self, ADDED_NAMED, Matcher, NewContacts, Warnings};
use crate::model::{Contact, Summary};
use crate::output::json::{ImportJson, contacts as contacts_json};
use crate::store::{Bulk, Db, Touched};
use crate::text::thousands;
use crate::validate;

pub fn run(ctx: &mut Context, args: ImportArgs) -> Result<()> {
    let label = args.file.display().to_string();
    let (mut input, read_error) = open_input(&args.file)?;
    let mut head = read_head(&mut input, csv::HEAD).map_err(&read_error)?;
    // The size of what the readers will read, for the progress bar.
    let mut size = file_size(&args.file);
    // UTF-16 is turned into UTF-8 as it is read, before it can be read as anything:
    // about half as many bytes, for files of mostly ASCII.
    if let Some(utf16) = encoding::utf16(&head) {
        input = encoding::utf16_as_utf8(utf16, head, input);
        head = read_head(&mut input, csv::HEAD).map_err(&read_error)?;
        size = size.map(|size| size / 2);
    }
    if head.trim_ascii().is_empty() {
        return Err(Error::EmptyFile { file: label });
    }
    let format = match args.format.0 {
        Some(format) => format,
        None => formats::detect(&head).ok_or_else(|| Error::UnknownFormat { file: label.clone() })?,
    };
    let format_error = |source| Error::Format { file: label.clone(), format: format.as_str(), source };
    if format == Format::Json {
        // Read as it is restored: a backup of any size takes little memory.
        let head = encoding::without_utf8_bom(&head).to_vec();
        return restore(ctx, std::io::Cursor::new(head).chain(input), size, &label, &args, read_error);
    }
    let mut warnings = Warnings::new(&label);
    let date_order = args.date_order.map(|order| match order {
        DateOrderArg::Dmy => csv::DateOrder::Dmy,
        DateOrderArg::Mdy => csv::DateOrder::Mdy,
    });
    // Read a card at a time, inside the transaction: memory does not grow with the
    // file, and a file found broken at its end still writes nothing.
    let mut cards = formats::card_reader(format, &head, input, &csv::Options { date_order }, &mut warnings)
        .map_err(format_error)?;
    let cadence = args.cadence.as_deref().map(Cadence::parse).transpose()?;
    let tags = validate::tags(&args.tags)?;
    let today = ctx.today;
    // Only JSON lists the contacts; loading them back costs as much as the import.
    let list = ctx.out.json;
    let netcrm = format == Format::Csv(csv::Flavor::Netcrm);
    let warned = &mut warnings;
    let import = |db: &Db| -> Result<Report> {
        let cadence = match cadence {
            Some(cadence) => cadence,
            None => db.settings()?.import_cadence,
        };
        let new = NewContacts { cadence, tags, today, no_thank_you: false };
        // netcrm CSV may make someone already here the introduced of a new contact:
        // then undo must find that row logged.
        let bulk = if netcrm { Bulk::ContactsLinked } else { Bulk::Contacts };
        let matched = db.bulk_insert(bulk, |db| {
            // A contact the import adds has no records but its row: its follow-ups
            // are stored as it is added or changed, instead of recomputing it with
            // everyone at the end (which read every row of the network back).
            let alone = Alone::load(db)?;
            let mut matcher = Matcher::new(db, ingest::Options { new, netcrm, list })?;
            let progress = bytes_progress(size);
            while let Some(card) = cards.next_card(warned).map_err(format_error)? {
                if let Some(stored) = matcher.import(&card, warned)?.filter(|stored| stored.new) {
                    alone.store(db, &stored.contact, today, stored.again)?;
                }
                progress.set_position(cards.bytes_read());
            }
            progress.finish_and_clear();
            let matched = matcher.finish()?;
            if db.filling() {
                // Every follow-up is stored. The introductions `finish` set change none: an
                // introducer's thanks count from meetings logged, which a new database has none of.
                db.fill_computed(Touched::default());
            } else {
                // Left to the refresh: the contacts that were there and that the import
                // changed, and those an introduction joined to them.
                db.added_computed(matched.existing_up_to, matched.introduced.clone());
            }
            Ok(matched)
        })?;
        db.describe_step(&format!("import {label} ({} added, {} updated)", matched.added, matched.updated))?;
        let contacts = listed(db, &matched.listed, today)?;
        Ok(Report { matched, contacts, skipped: 0 })
    };
    let mut report = if args.dry_run { ctx.dry_run(import)? } else { ctx.write(import)? };
    report.skipped = warnings.skipped();
    for line in warnings.finish() {
        ctx.out.warn(line);
    }
    if let Some(warning) = report.namesakes_warning(&label, args.dry_run) {
        ctx.out.warn(warning);
    }
    print(ctx, &report, &label, format, args.dry_run)
}

/// Restores a full JSON backup into an empty database, keeping every id: each record
/// is written as it is read, in one transaction.
fn restore(
    ctx: &mut Context,
    input: impl Read,
    size: Option<u64>,
    label: &str,
    args: &ImportArgs,
    read_error: impl Fn(std::io::Error) -> Error,
) -> Result<()> {
    if !args.tags.is_empty() || args.cadence.is_some() {
        return Err(Error::Usage(
            "--tag and --cadence do not apply to a JSON backup, which is restored as it is".into(),
        ));
    }
    let today = ctx.today;
    // Only JSON lists the contacts; loading them back costs as much as the restore.
    let list = ctx.out.json;
    let path = ctx.path().to_path_buf();
    // The bar follows the bytes read; the follow-ups are computed once all are in.
    let progress = bytes_progress(size);
    let mut input = encoding::Utf8Reader::new(progress.wrap_read(input));
    let reader = std::io::BufReader::with_capacity(64 * 1024, &mut input);
    let write = |db: &Db| -> Result<Report> {
        if !db.has_no_contacts()? {
            return Err(Error::RestoreIntoNonEmpty { path: path.clone() });
        }
        db.describe_step(&format!("import {label} (a backup restored)"))?;
        let restored = ingest::restore(db, reader, label, &marks_owner, list, read_error)?;
        let contacts = listed(db, &restored.listed, today)?;
        let matched = ingest::Report { added: restored.added, ..ingest::Report::default() };
        Ok(Report { matched, contacts, skipped: 0 })
    };
    let report = if args.dry_run { ctx.dry_run(write) } else { ctx.write(write) };
    progress.finish_and_clear();
    let report = report?;
    let mut warnings = Warnings::new(label);
    for line in input.decoded_lines() {
        warnings.note(format!("line {line}: not valid UTF-8; read it as Windows-1252"));
    }
    for line in warnings.finish() {
        ctx.out.warn(line);
    }
    print(ctx, &report, label, Format::Json, args.dry_run)
}

/// The contacts `ids` as they are now, with their summaries, to list.
fn listed(db: &Db, ids: &[i64], today: chrono::NaiveDate) -> Result<Vec<(Contact, Summary)>> {
    ids.iter().map(|id| contact_with_summary(db, *id, today)).collect()
}

/// What an import did, or would do with `--dry-run`.
struct Report {
    matched: ingest::Report,
    /// The records skipped.
    skipped: usize,
    /// The contacts added and updated, as they are after the import, when listed.
    contacts: Vec<(Contact, Summary)>,
}

impl Report {
    /// `" (1 row repeated another)"`, or nothing when no row did.
    fn repeats(&self) -> String {
        match self.matched.repeated {
            0 => String::new(),
            1 => " (1 row repeated another)".to_string(),
            n => format!(" ({} rows repeated others)", thousands(n)),
        }
    }

    /// The warning about the contacts added with the name of someone already there.
    fn namesakes_warning(&self, label: &str, dry_run: bool) -> Option<String> {
        let count = self.matched.namesakes;
        if count == 0 {
            return None;
        }
        let named: Vec<String> = self
            .matched
            .namesake_names
            .iter()
            .map(
                |(name, n)| if *n > 1 { format!("{name} ({} of them)", thousands(*n)) } else { name.clone() },
            )
            .collect();
        let mut names = named.join(", ");
        let rest = count - self.matched.namesake_names.iter().map(|(_, n)| n).sum::<usize>();
        if rest > 0 {
            names.push_str(&format!(", and {} more", thousands(rest)));
        }
        let who = match (count, dry_run) {
            (1, false) => "1 contact added has".to_string(),
            (1, true) => "1 contact it would add has".to_string(),
            (n, false) => format!("{} contacts added have", thousands(n)),
            (n, true) => format!("{} contacts it would add have", thousands(n)),
        };
        Some(format!(
            "{label}: {who} the name of someone already here: {names}; netcrm dupes lists them to merge or tell apart"
        ))
    }
}

fn print(ctx: &mut Context, report: &Report, label: &str, format: Format, dry_run: bool) -> Result<()> {
    if ctx.out.json {
        return ctx.out.json(&ImportJson {
            format: format.as_str(),
            dry_run,
            added: report.matched.added,
            updated: report.matched.updated,
            skipped: report.skipped,
            contacts: contacts_json(&report.contacts),
        });
    }
    let (added, updated, skipped) = (report.matched.added, report.matched.updated, report.skipped);
    let repeats = report.repeats();
    if !dry_run {
        return ctx.out.line(format_args!(
            "Imported {label} ({}): {added} added{repeats}, {updated} updated, {skipped} skipped.",
            format.as_str()
        ));
    }
    ctx.out.line(format_args!(
        "Dry run of {label} ({}): would add {added}{repeats}, update {updated}, skip {skipped}. Nothing was written.",
        format.as_str()
    ))?;
    if report.matched.first_added.is_empty() {
        return Ok(());
    }
    let first = if added > report.matched.first_added.len() {
        format!(" (the first {ADDED_NAMED})")
    } else {
        String::new()
    };
    ctx.out.line(format_args!("It would add{first}:"))?;
    for name in &report.matched.first_added {
        ctx.out.line(format_args!("  {name}"))?;
    }
    if added > report.matched.first_added.len() {
        ctx.out.line(format_args!("  and {} more", thousands(added - report.matched.first_added.len())))?;
    }
    Ok(())
}

/// The file to import, or standard input for `-`, with the error for a failed read.
fn open_input(path: &Path) -> Result<(Box<dyn Read>, impl Fn(std::io::Error) -> Error)> {
    let what =
        if path.as_os_str() == "-" { "standard input".to_string() } else { path.display().to_string() };
    let input: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| Error::io(format!("cannot read {what}"), e))?)
    };
    Ok((input, move |e| Error::io(format!("cannot read {what}"), e)))
}

/// The start of the input: `at_least` bytes, or more until something other than white
/// space was read, or all of it.
fn read_head(input: &mut dyn Read, at_least: usize) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    loop {
        let read = input.take(at_least as u64).read_to_end(&mut head)?;
        if read == 0 || (head.len() >= at_least && !head.trim_ascii().is_empty()) {
            return Ok(head);
        }
    }
}

/// The size of the file, when it is one.
fn file_size(path: &Path) -> Option<u64> {
    std::fs::metadata(path).ok().filter(std::fs::Metadata::is_file).map(|m| m.len())
}

/// A bar on stderr of the bytes read out of `size` (the file's, when known), for files
/// larger than the head read to detect the format; hidden for others, and by indicatif
/// when stderr is not a terminal.
fn bytes_progress(size: Option<u64>) -> indicatif::ProgressBar {
    let Some(total) = size.filter(|size| *size > csv::HEAD as u64) else {
        return indicatif::ProgressBar::hidden();
    };
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template("importing {bar:40} {bytes}/{total_bytes}") {
        bar.set_style(style);
    }
    bar
}
