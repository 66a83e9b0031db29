//! `netcrm import`: contacts from LinkedIn, Google, Outlook, vCard or netcrm CSV,
//! matched to the people already there, or a full JSON backup restored into an empty
//! database. One transaction: a file that fails writes nothing.

use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::Path;

use serde::Serialize;

use super::Context;
use super::records::{contact_with_summary, marks_owner};
use crate::cli::{DateOrderArg, ImportArgs, ImportFormat};
use crate::dates::Cadence;
use crate::error::{Error, Result};
use crate::formats::json::Backup;
use crate::formats::{self, Card, FileCadence, Format, csv, encoding, vcard};
use crate::model::{Contact, Setting};
use crate::output::ContactJson;
use crate::store::Db;
use crate::text::{append_missing, fold, linkedin_key, name_key, phone_digits};
use crate::validate;

/// Above this many records, a progress bar shows on a terminal.
const PROGRESS_FROM: usize = 500;

/// The tables an import writes, each after those it refers to
/// ([`Db::bulk_insert`]).
const CONTACT_TABLES: [&str; 4] = ["contacts", "contact_emails", "contact_phones", "contact_tags"];

/// The tables a restore writes but the settings, each after those it refers to.
const BACKUP_TABLES: [&str; 12] = [
    "contacts",
    "contact_emails",
    "contact_phones",
    "contact_tags",
    "interactions",
    "reminders",
    "completions",
    "snoozes",
    "leads",
    "lead_via",
    "lead_history",
    "favors",
];

pub fn run(ctx: &mut Context, args: ImportArgs) -> Result<()> {
    let label = args.file.display().to_string();
    let bytes = read_input(&args.file)?;
    let bytes = encoding::prepare(&bytes);
    if bytes.trim_ascii().is_empty() {
        return Err(Error::EmptyFile { file: label });
    }
    let format = match args.format {
        ImportFormat::Auto => {
            formats::detect(&bytes).ok_or_else(|| Error::UnknownFormat { file: label.clone() })?
        }
        ImportFormat::Linkedin => Format::Csv(csv::Flavor::LinkedIn),
        ImportFormat::Google => Format::Csv(csv::Flavor::Google),
        ImportFormat::Outlook => Format::Csv(csv::Flavor::Outlook),
        ImportFormat::Thunderbird => Format::Csv(csv::Flavor::Thunderbird),
        ImportFormat::Netcrm => Format::Csv(csv::Flavor::Netcrm),
        ImportFormat::Vcard => Format::Vcard,
        ImportFormat::Json => Format::Json,
    };
    let date_order = args.date_order.map(|order| match order {
        DateOrderArg::Dmy => csv::DateOrder::Dmy,
        DateOrderArg::Mdy => csv::DateOrder::Mdy,
    });
    let parsed = match format {
        Format::Json => {
            let (text, _) = encoding::text(&bytes);
            return restore(ctx, &text, &label, &args);
        }
        Format::Csv(flavor) => csv::parse(&bytes, flavor, &csv::Options { date_order }),
        Format::Vcard => vcard::parse(&bytes),
    }
    .map_err(|source| Error::Format { file: label.clone(), format: format.as_str(), source })?;
    let mut warnings = Warnings::new(&label);
    for warning in &parsed.warnings {
        warnings.print(warning);
    }
    let cadence = args.cadence.as_deref().map(Cadence::parse).transpose()?;
    let tags = validate::tags(&args.tags)?;
    let today = ctx.today;
    let cards = parsed.cards;
    let parsed_skipped = parsed.skipped;
    // Only JSON lists the contacts; loading them back costs as much as the import.
    let want_contacts = ctx.out.json;
    let import = |db: &Db| -> Result<Report> {
        let cadence = match cadence {
            Some(cadence) => cadence,
            None => db.settings()?.import_cadence,
        };
        let netcrm = format == Format::Csv(csv::Flavor::Netcrm);
        let mut report = db.bulk_insert(&CONTACT_TABLES, |db| {
            let mut importer = Importer::new(db, today, cadence, tags, netcrm)?;
            // Records that are not people (vCard groups) were skipped while reading.
            importer.skipped.clone_from(&parsed_skipped);
            let progress = progress_bar(cards.len());
            for card in &cards {
                importer.import(card)?;
                progress.inc(1);
            }
            progress.finish_and_clear();
            importer.finish(want_contacts)
        })?;
        report.skipped.sort_by_key(|(line, _)| *line);
        db.describe_step(&format!("import {label} ({} added, {} updated)", report.added, report.updated))?;
        Ok(report)
    };
    let report = if args.dry_run { ctx.store.dry_run(import)? } else { ctx.write(import)? };
    for warning in &report.warnings {
        warnings.print(warning);
    }
    for (line, why) in &report.skipped {
        warnings.print(&format!("line {line}: {why}; skipped"));
    }
    for line in warnings.finish() {
        ctx.out.warn(line);
    }
    print(ctx, &report, &label, format, args.dry_run)
}

/// Gathers the warnings about a file to print once the import is done, but the same
/// warning for many records only a few times: a file of 12,000 records without a
/// name gives three lines and a count.
struct Warnings<'a> {
    label: &'a str,
    /// How many of each kind were seen, in the order first seen.
    kinds: Vec<(String, usize)>,
    /// The lines to print.
    lines: Vec<String>,
}

/// How many warnings of one kind are printed before they are only counted.
const WARNINGS_SHOWN: usize = 3;

impl<'a> Warnings<'a> {
    fn new(label: &'a str) -> Self {
        Warnings { label, kinds: Vec::new(), lines: Vec::new() }
    }

    fn print(&mut self, warning: &str) {
        let kind = warning_kind(warning);
        let seen = match self.kinds.iter_mut().find(|(known, _)| *known == kind) {
            Some((_, count)) => count,
            None => {
                self.kinds.push((kind, 0));
                &mut self.kinds.last_mut().expect("just pushed").1
            }
        };
        *seen += 1;
        if *seen <= WARNINGS_SHOWN {
            self.lines.push(format!("{}: {warning}", self.label));
        }
    }

    /// Every line to print, the counts of the warnings not shown last.
    fn finish(mut self) -> Vec<String> {
        for (kind, count) in self.kinds.iter().filter(|(_, count)| *count > WARNINGS_SHOWN) {
            self.lines.push(format!(
                "{}: and {} more like that: {kind}",
                self.label,
                thousands(count - WARNINGS_SHOWN)
            ));
        }
        self.lines
    }
}

/// A warning without its line number and the values it quotes: `line 4: invalid
/// birthday '1990-02-30' dropped` is of the kind `invalid birthday '…' dropped`.
fn warning_kind(warning: &str) -> String {
    let rest = warning.strip_prefix("line ").and_then(|rest| rest.split_once(": ")).map_or(
        warning,
        |(number, rest)| if number.bytes().all(|b| b.is_ascii_digit()) { rest } else { warning },
    );
    let mut kind = String::with_capacity(rest.len());
    let mut quoted = false;
    for ch in rest.chars() {
        if ch == '\'' {
            if !quoted {
                kind.push_str("'…'");
            }
            quoted = !quoted;
        } else if !quoted {
            kind.push(ch);
        }
    }
    kind
}

/// `12480` as `12,480`.
fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// What an import did, or would do with `--dry-run`.
struct Report {
    added: usize,
    updated: usize,
    skipped: Vec<(usize, String)>,
    warnings: Vec<String>,
    /// The contacts added and updated, as they are after the import.
    contacts: Vec<(Contact, crate::model::Summary)>,
}

#[derive(Serialize)]
struct ReportJson<'a> {
    format: &'static str,
    dry_run: bool,
    added: usize,
    updated: usize,
    skipped: usize,
    contacts: Vec<ContactJson<'a>>,
}

fn print(ctx: &mut Context, report: &Report, label: &str, format: Format, dry_run: bool) -> Result<()> {
    if ctx.out.json {
        return ctx.out.json(&ReportJson {
            format: format.as_str(),
            dry_run,
            added: report.added,
            updated: report.updated,
            skipped: report.skipped.len(),
            contacts: report.contacts.iter().map(|(c, s)| ContactJson::new(c, *s)).collect(),
        });
    }
    let (added, updated, skipped) = (report.added, report.updated, report.skipped.len());
    if dry_run {
        ctx.out.line(format_args!(
            "Dry run of {label} ({}): would add {added}, update {updated}, skip {skipped}. Nothing was written.",
            format.as_str()
        ))
    } else {
        ctx.out.line(format_args!(
            "Imported {label} ({}): {added} added, {updated} updated, {skipped} skipped.",
            format.as_str()
        ))
    }
}

fn read_input(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| Error::io("cannot read standard input", e))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    }
    Ok(bytes)
}

/// A bar on stderr for large files; indicatif hides it when stderr is not a terminal.
fn progress_bar(records: usize) -> indicatif::ProgressBar {
    if records < PROGRESS_FROM {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(records as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("importing {bar:40} {pos}/{len}") {
        bar.set_style(style);
    }
    bar
}

/// Matches cards to contacts (by e-mail, LinkedIn URL, or name for cards with
/// neither) and adds or updates them, within the caller's transaction.
struct Importer<'a, 'c> {
    db: &'a Db<'c>,
    today: chrono::NaiveDate,
    /// For new contacts whose file says nothing about cadence.
    cadence: Cadence,
    tags: Vec<String>,
    /// netcrm CSV: keep the file's ids (empty database) or remap them.
    netcrm: bool,
    keep_ids: bool,
    by_email: HashMap<String, i64>,
    by_linkedin: HashMap<String, i64>,
    /// Folded name -> the contacts of that name. A record with neither e-mail nor
    /// LinkedIn URL is matched through this, so it must not touch the database: a
    /// phone's address book is mostly such records, and reading every same-named
    /// contact back for each of them made large imports quadratic.
    by_name: HashMap<String, Vec<i64>>,
    /// Each contact's phone numbers as digits, for that match.
    phones: HashMap<i64, BTreeSet<String>>,
    /// Contacts that were there before the import.
    existing: BTreeSet<i64>,
    added: Vec<i64>,
    updated: BTreeSet<i64>,
    skipped: Vec<(usize, String)>,
    /// Values dropped, as `line N: ...` sentences.
    warnings: Vec<String>,
    /// netcrm CSV: the file's id -> the contact it became, and introducers to set.
    ids: HashMap<i64, i64>,
    introductions: Vec<(i64, i64)>,
}

impl<'a, 'c> Importer<'a, 'c> {
    fn new(
        db: &'a Db<'c>,
        today: chrono::NaiveDate,
        cadence: Cadence,
        tags: Vec<String>,
        netcrm: bool,
    ) -> Result<Self> {
        let contacts = db.contacts(&Default::default())?;
        let keep_ids = netcrm && contacts.is_empty();
        let mut importer = Importer {
            db,
            today,
            cadence,
            tags,
            netcrm,
            keep_ids,
            by_email: HashMap::new(),
            by_linkedin: HashMap::new(),
            by_name: HashMap::new(),
            phones: HashMap::new(),
            existing: contacts.iter().map(|c| c.id).collect(),
            added: Vec::new(),
            updated: BTreeSet::new(),
            skipped: Vec::new(),
            warnings: Vec::new(),
            ids: HashMap::new(),
            introductions: Vec::new(),
        };
        for contact in &contacts {
            importer.index(contact);
        }
        Ok(importer)
    }

    fn index(&mut self, contact: &Contact) {
        let id = contact.id;
        for email in &contact.emails {
            self.by_email.entry(fold(email)).or_insert(id);
        }
        if let Some(url) = &contact.linkedin {
            self.by_linkedin.entry(linkedin_key(url)).or_insert(id);
        }
        let ids = self.by_name.entry(name_key(&contact.name)).or_default();
        if !ids.contains(&id) {
            ids.push(id);
        }
        self.phones.insert(id, contact.phones.iter().map(|p| phone_digits(p)).collect());
    }

    fn import(&mut self, card: &Card) -> Result<()> {
        let mut emails = Vec::new();
        for email in &card.emails {
            match validate::email(email) {
                Ok(email) if !emails.iter().any(|e: &String| fold(e) == fold(&email)) => emails.push(email),
                Ok(_) => {}
                Err(_) => self.warnings.push(format!("line {}: invalid e-mail '{email}' dropped", card.line)),
            }
        }
        let Some(name) =
            card.name.clone().or_else(|| card.company.clone()).or_else(|| emails.first().cloned())
        else {
            self.skipped.push((card.line, "no name, company or e-mail".to_string()));
            return Ok(());
        };
        let id = match self.find(card, &name, &emails)? {
            Some(id) => {
                self.update(id, card, &emails)?;
                id
            }
            None => self.add(card, name, emails)?,
        };
        if let Some(file_id) = card.id {
            self.ids.entry(file_id).or_insert(id);
        }
        if let Some(introducer) = card.introduced_by {
            self.introductions.push((id, introducer));
        }
        Ok(())
    }

    /// The contact this card is about: same e-mail, same LinkedIn URL, or (for a card
    /// with neither) the one contact with the same name that shares a phone or has none.
    fn find(&self, card: &Card, name: &str, emails: &[String]) -> Result<Option<i64>> {
        if let Some(id) = emails.iter().find_map(|e| self.by_email.get(&fold(e))) {
            return Ok(Some(*id));
        }
        if let Some(id) = card.linkedin.as_deref().and_then(|url| self.by_linkedin.get(&linkedin_key(url))) {
            return Ok(Some(*id));
        }
        if !emails.is_empty() || card.linkedin.is_some() {
            return Ok(None);
        }
        let Some(candidates) = self.by_name.get(&name_key(name)) else {
            return Ok(None);
        };
        let card_phones: BTreeSet<String> = card.phones.iter().map(|p| phone_digits(p)).collect();
        let no_phones = BTreeSet::new();
        let mut matches = candidates.iter().filter(|id| {
            let phones = self.phones.get(id).unwrap_or(&no_phones);
            card_phones.is_empty() || phones.is_empty() || !card_phones.is_disjoint(phones)
        });
        Ok(match (matches.next(), matches.next()) {
            (Some(id), None) => Some(*id),
            _ => None,
        })
    }

    fn add(&mut self, card: &Card, name: String, emails: Vec<String>) -> Result<i64> {
        let mut tags = validate::imported_tags(&card.tags);
        append_missing(&mut tags, self.tags.iter().cloned(), fold);
        let contact = Contact {
            emails,
            phones: validate::list(&card.phones),
            company: card.company.clone(),
            title: card.title.clone(),
            linkedin: card.linkedin.clone(),
            tags,
            met_on: card.met_on,
            met_at: card.met_at.clone(),
            how_met: card.how_met.clone(),
            cadence: match card.cadence {
                FileCadence::Absent => Some(self.cadence),
                FileCadence::Own(cadence) => Some(cadence),
                FileCadence::Default => None,
            },
            notes: card.notes.clone(),
            birthday: card.birthday,
            uid: card.uid.clone(),
            name_parts: card.name_parts.clone().filter(|_| card.name.as_deref() == Some(name.as_str())),
            ..Contact::new(0, name, self.today)
        };
        self.insert(card, contact)
    }

    fn insert(&mut self, card: &Card, contact: Contact) -> Result<i64> {
        // An id the file gives is kept unless a row before it took it.
        let free_id = match card.id.filter(|id| self.keep_ids && *id > 0) {
            Some(id) if self.db.contact(id)?.is_none() => Some(id),
            _ => None,
        };
        let id = match free_id {
            Some(id) => {
                self.db.insert_contact_with_id(&Contact { id, ..contact.clone() })?;
                id
            }
            None => self.db.insert_contact(&contact)?,
        };
        self.index(&Contact { id, ..contact });
        self.added.push(id);
        Ok(id)
    }

    /// Fills the contact's empty fields from the card and adds its new e-mails,
    /// phones and tags; nothing is overwritten.
    fn update(&mut self, id: i64, card: &Card, emails: &[String]) -> Result<()> {
        let Some(old) = self.db.contact(id)? else { return Ok(()) };
        let mut new = old.clone();
        fn fill<T: Clone>(field: &mut Option<T>, value: &Option<T>) {
            if field.is_none() {
                field.clone_from(value);
            }
        }
        fill(&mut new.company, &card.company);
        fill(&mut new.title, &card.title);
        fill(&mut new.linkedin, &card.linkedin);
        fill(&mut new.met_on, &card.met_on);
        fill(&mut new.met_at, &card.met_at);
        fill(&mut new.how_met, &card.how_met);
        fill(&mut new.notes, &card.notes);
        fill(&mut new.birthday, &card.birthday);
        fill(&mut new.uid, &card.uid);
        // Parts describe one name: they go with the contact's only if it has that name.
        if card.name.as_deref() == Some(new.name.as_str()) {
            fill(&mut new.name_parts, &card.name_parts);
        }
        append_missing(&mut new.emails, emails.iter().cloned(), fold);
        append_missing(&mut new.phones, validate::list(&card.phones), phone_digits);
        append_missing(&mut new.tags, validate::imported_tags(&card.tags), fold);
        append_missing(&mut new.tags, self.tags.iter().cloned(), fold);
        if new != old {
            self.db.update_contact(&new)?;
            self.index(&new);
            if self.existing.contains(&id) {
                self.updated.insert(id);
            }
        }
        Ok(())
    }

    /// Sets the introducers netcrm CSV names, now that every row has its contact.
    fn finish(mut self, want_contacts: bool) -> Result<Report> {
        if self.netcrm {
            for (id, file_introducer) in std::mem::take(&mut self.introductions) {
                let introducer = if self.keep_ids {
                    Some(file_introducer)
                } else {
                    self.ids.get(&file_introducer).copied()
                };
                let Some(introducer) = introducer.filter(|i| *i != id) else { continue };
                let Some(mut contact) = self.db.contact(id)? else { continue };
                if contact.introduced_by.is_some() || self.db.contact(introducer)?.is_none() {
                    continue;
                }
                contact.introduced_by = Some(introducer);
                self.db.update_contact(&contact)?;
                if self.existing.contains(&id) {
                    self.updated.insert(id);
                }
            }
        }
        let mut contacts = Vec::new();
        for id in self.added.iter().chain(&self.updated).filter(|_| want_contacts) {
            contacts.push(contact_with_summary(self.db, *id, self.today)?);
        }
        Ok(Report {
            added: self.added.len(),
            updated: self.updated.len(),
            skipped: self.skipped,
            warnings: self.warnings,
            contacts,
        })
    }
}

/// Restores a full JSON backup into an empty database, keeping every id.
fn restore(ctx: &mut Context, text: &str, label: &str, args: &ImportArgs) -> Result<()> {
    if !args.tags.is_empty() || args.cadence.is_some() {
        return Err(Error::Usage(
            "--tag and --cadence do not apply to a JSON backup, which is restored as it is".into(),
        ));
    }
    let backup_error = |place: String, message: String| Error::Backup {
        file: label.to_string(),
        source: crate::formats::json::BackupError { place, message },
    };
    let backup: Backup =
        serde_json::from_str(text).map_err(|e| backup_error(format!("line {}", e.line()), e.to_string()))?;
    let restore = backup.restore().map_err(|source| Error::Backup { file: label.to_string(), source })?;
    let today = ctx.today;
    let want_contacts = ctx.out.json;
    let path = ctx.store.path().to_path_buf();
    let write = |db: &Db| -> Result<Report> {
        if !db.has_no_contacts()? {
            return Err(Error::RestoreIntoNonEmpty { path: path.clone() });
        }
        db.describe_step(&format!("import {label} (a backup restored)"))?;
        db.bulk_insert(&BACKUP_TABLES, |db| restore_records(db, &restore))?;
        for setting in Setting::ALL {
            db.set_setting(setting, &restore.settings.get(setting))?;
        }
        if let Some(addresses) = &restore.my_addresses {
            db.set_bookkeeping(crate::formats::json::MY_ADDRESSES, addresses)?;
        }
        let mut contacts = Vec::new();
        // Only JSON lists the contacts; loading them back costs as much as the restore.
        if want_contacts {
            for contact in &restore.contacts {
                contacts.push(contact_with_summary(db, contact.id, today)?);
            }
        }
        let added = restore.contacts.len();
        Ok(Report { added, updated: 0, skipped: Vec::new(), warnings: Vec::new(), contacts })
    };
    let report = if args.dry_run { ctx.store.dry_run(write)? } else { ctx.write(write)? };
    print(ctx, &report, label, Format::Json, args.dry_run)
}

/// Writes a backup's records into an empty database.
fn restore_records(db: &Db, restore: &crate::formats::json::Restore) -> Result<()> {
    // Introducers may come later in the list: insert everyone first.
    for contact in &restore.contacts {
        db.insert_contact_with_id(&Contact { introduced_by: None, name_ok: false, ..contact.clone() })?;
    }
    for contact in restore.contacts.iter().filter(|c| c.introduced_by.is_some()) {
        db.update_contact(contact)?;
    }
    for interaction in &restore.interactions {
        db.insert_interaction(interaction)?;
    }
    for reminder in &restore.reminders {
        db.restore_reminder(reminder)?;
    }
    for lead in &restore.leads {
        db.insert_lead(lead)?;
    }
    for favor in &restore.favors {
        db.insert_favor(favor)?;
    }
    // A key may name someone removed since; such marks are kept, tied to no one.
    for (key, due_on, done_on) in &restore.completed {
        db.complete(key, *due_on, *done_on, marks_owner(db, key)?)?;
    }
    for (key, until) in &restore.snoozes {
        db.snooze(key, *until, marks_owner(db, key)?)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_of_a_kind_differ_only_in_line_and_quoted_values() {
        assert_eq!(
            warning_kind("line 4: invalid birthday '1990-02-30' dropped"),
            "invalid birthday '…' dropped"
        );
        assert_eq!(
            warning_kind("line 12: no name, company or e-mail; skipped"),
            "no name, company or e-mail; skipped"
        );
        assert_eq!(warning_kind("dates such as '5/12/1990' are odd"), "dates such as '…' are odd");
        assert_eq!(thousands(12_480), "12,480");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
