//! `netcrm import`: contacts from LinkedIn, Google, Outlook, vCard or netcrm CSV,
//! matched to the people already there, or a full JSON backup restored into an empty
//! database. One transaction: a file that fails writes nothing.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use serde::Serialize;

use super::Context;
use super::records::{Alone, contact_with_summary, marks_owner};
use crate::cli::{DateOrderArg, ImportArgs};
use crate::dates::Cadence;
use crate::error::{Error, Result};
use crate::formats::json::{self, ReadError, Record};
use crate::formats::{self, Card, FileCadence, Format, Warn, csv, encoding};
use crate::ingest::matched::Matched;
use crate::ingest::namesakes::Namesakes;
use crate::ingest::seen::{Key, Seen};
use crate::model::{Contact, Setting};
use crate::output::ContactJson;
use crate::store::{Bulk, Db, MatchKey, Touched, is_foreign_key_failure};
use crate::text::{append_missing, fold, linkedin_key, name_key, name_key_without_accents, phone_digits};
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
    let want_contacts = ctx.out.json;
    let netcrm = format == Format::Csv(csv::Flavor::Netcrm);
    let warned = &mut warnings;
    let import = |db: &Db| -> Result<Report> {
        let cadence = match cadence {
            Some(cadence) => cadence,
            None => db.settings()?.import_cadence,
        };
        let report = db.bulk_insert(Bulk::Contacts, |db| {
            let mut importer = Importer::new(db, today, cadence, tags, netcrm, want_contacts, warned)?;
            let progress = bytes_progress(size);
            while let Some(card) = cards.next_card(importer.warnings).map_err(format_error)? {
                importer.import(&card)?;
                progress.set_position(cards.bytes_read());
            }
            progress.finish_and_clear();
            importer.finish()
        })?;
        db.describe_step(&format!("import {label} ({} added, {} updated)", report.added, report.updated))?;
        Ok(report)
    };
    let report = if args.dry_run { ctx.store.dry_run(import)? } else { ctx.write(import)? };
    for line in warnings.finish() {
        ctx.out.warn(line);
    }
    if let Some(warning) = report.namesakes_warning(&label, args.dry_run) {
        ctx.out.warn(warning);
    }
    print(ctx, &report, &label, format, args.dry_run)
}

/// Gathers the warnings about a file to print once the import is done, but the same
/// warning for many records only a few times: a file of 12,000 records without a
/// name gives three lines and a count. Warnings about values come before the records
/// skipped, each in the file's order.
struct Warnings {
    label: String,
    notes: Kinds,
    skips: Kinds,
}

/// Warnings of one sort: how many of each kind were seen (in the order first seen),
/// and the lines to print.
#[derive(Default)]
struct Kinds {
    seen: Vec<(String, usize)>,
    lines: Vec<String>,
}

/// How many warnings of one kind are printed before they are only counted.
const WARNINGS_SHOWN: usize = 3;

impl Warnings {
    fn new(label: &str) -> Self {
        Warnings { label: label.to_string(), notes: Kinds::default(), skips: Kinds::default() }
    }

    /// How many records were skipped.
    fn skipped(&self) -> usize {
        self.skips.seen.iter().map(|(_, count)| count).sum()
    }

    /// Every line to print, the counts of the warnings not shown last.
    fn finish(self) -> Vec<String> {
        let mut lines = self.notes.lines;
        lines.extend(self.skips.lines);
        for (kind, count) in self.notes.seen.iter().chain(&self.skips.seen) {
            if *count > WARNINGS_SHOWN {
                lines.push(format!(
                    "{}: and {} more like that: {kind}",
                    self.label,
                    thousands(count - WARNINGS_SHOWN)
                ));
            }
        }
        lines
    }
}

impl Warn for Warnings {
    fn note(&mut self, warning: String) {
        self.notes.add(&self.label, &warning);
    }

    fn skip(&mut self, line: usize, why: String) {
        self.skips.add(&self.label, &format!("line {line}: {why}; skipped"));
    }
}

impl Kinds {
    fn add(&mut self, label: &str, warning: &str) {
        let kind = warning_kind(warning);
        let seen = match self.seen.iter_mut().find(|(known, _)| *known == kind) {
            Some((_, count)) => count,
            None => {
                self.seen.push((kind, 0));
                &mut self.seen.last_mut().expect("just pushed").1
            }
        };
        *seen += 1;
        if *seen <= WARNINGS_SHOWN {
            self.lines.push(format!("{label}: {warning}"));
        }
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

/// How many contacts added with the name of someone already there are named in the
/// warning about them (then "and N more").
const NAMESAKES_NAMED: usize = 10;

/// How many of the contacts it would add `--dry-run` names.
const ADDED_NAMED: usize = 20;

/// What an import did, or would do with `--dry-run`.
#[derive(Default)]
struct Report {
    added: usize,
    updated: usize,
    skipped: usize,
    /// Rows that matched a contact an earlier row of the file added or matched.
    repeated: usize,
    /// Contacts added although someone had their name (folded as `dupes` folds
    /// names), and the first [`NAMESAKES_NAMED`] of their names, with how many of each.
    namesakes: usize,
    namesake_names: Vec<(String, usize)>,
    /// The first [`ADDED_NAMED`] contacts added (with their company).
    first_added: Vec<String>,
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

impl Report {
    /// `" (1 row repeated another)"`, or nothing when no row did.
    fn repeats(&self) -> String {
        match self.repeated {
            0 => String::new(),
            1 => " (1 row repeated another)".to_string(),
            n => format!(" ({} rows repeated others)", thousands(n)),
        }
    }

    /// The warning about the contacts added with the name of someone already there.
    fn namesakes_warning(&self, label: &str, dry_run: bool) -> Option<String> {
        let count = self.namesakes;
        if count == 0 {
            return None;
        }
        let named: Vec<String> = self
            .namesake_names
            .iter()
            .map(
                |(name, n)| if *n > 1 { format!("{name} ({} of them)", thousands(*n)) } else { name.clone() },
            )
            .collect();
        let mut names = named.join(", ");
        let rest = count - self.namesake_names.iter().map(|(_, n)| n).sum::<usize>();
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
        return ctx.out.json(&ReportJson {
            format: format.as_str(),
            dry_run,
            added: report.added,
            updated: report.updated,
            skipped: report.skipped,
            contacts: report.contacts.iter().map(|(c, s)| ContactJson::new(c, *s)).collect(),
        });
    }
    let (added, updated, skipped) = (report.added, report.updated, report.skipped);
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
    if report.first_added.is_empty() {
        return Ok(());
    }
    let first =
        if added > report.first_added.len() { format!(" (the first {ADDED_NAMED})") } else { String::new() };
    ctx.out.line(format_args!("It would add{first}:"))?;
    for name in &report.first_added {
        ctx.out.line(format_args!("  {name}"))?;
    }
    if added > report.first_added.len() {
        ctx.out.line(format_args!("  and {} more", thousands(added - report.first_added.len())))?;
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

/// Matches cards to contacts (by e-mail, LinkedIn URL, or name for cards with
/// neither) and adds or updates them, within the caller's transaction.
///
/// It remembers nothing of each contact, so that a file of any size imports in the
/// same memory: a Bloom filter of fixed size ([`Seen`]) says which keys may belong to
/// someone, and those are looked up through the database's indexes.
struct Importer<'a, 'c, 'w> {
    db: &'a Db<'c>,
    today: chrono::NaiveDate,
    /// For new contacts whose file says nothing about cadence.
    cadence: Cadence,
    tags: Vec<String>,
    /// netcrm CSV: keep the file's ids (empty database) or remap them.
    netcrm: bool,
    keep_ids: bool,
    want_contacts: bool,
    /// The e-mails, LinkedIn URLs and names of everyone: only those it may have seen
    /// are looked up in the database.
    seen: Seen,
    /// The contacts of the names that cards without e-mail or URL had.
    namesakes: Namesakes,
    /// Whether any contact has a [`Key::NameAtCompany`] key: until one does, cards
    /// are not folded for it.
    names_at_companies: bool,
    /// The highest id before the import: contacts up to it were there already (new
    /// ones get higher ids, or the database was empty).
    existing_up_to: i64,
    added: usize,
    /// The contacts added, when they are to be listed.
    added_ids: Vec<i64>,
    updated: BTreeSet<i64>,
    /// The contacts that were there before and that a card matched, to tell a row
    /// that repeats another.
    matched: Matched,
    /// Rows that matched a contact an earlier row added or matched.
    repeated: usize,
    /// Cards added although a contact had their name: how many, and the first names
    /// with how many of each.
    namesakes_added: usize,
    namesake_names: Vec<(String, usize)>,
    /// The first contacts added, as `--dry-run` names them.
    first_added: Vec<String>,
    warnings: &'w mut Warnings,
    /// netcrm CSV: the file's id -> the contact it became (when the ids are not
    /// kept: into a database with contacts), and introducers to set.
    ids: HashMap<i64, i64>,
    introductions: Vec<(i64, i64)>,
    /// Set when the import fills an empty database: every contact then has no
    /// records but its row, and its follow-ups are stored as it is added or changed,
    /// instead of recomputing everyone at the end (which read every row back).
    alone: Option<Alone>,
}

impl<'a, 'c, 'w> Importer<'a, 'c, 'w> {
    fn new(
        db: &'a Db<'c>,
        today: chrono::NaiveDate,
        cadence: Cadence,
        tags: Vec<String>,
        netcrm: bool,
        want_contacts: bool,
        warnings: &'w mut Warnings,
    ) -> Result<Self> {
        let mut importer = Importer {
            db,
            today,
            cadence,
            tags,
            netcrm,
            keep_ids: false,
            want_contacts,
            seen: Seen::new(),
            namesakes: Namesakes::default(),
            names_at_companies: false,
            existing_up_to: 0,
            added: 0,
            added_ids: Vec::new(),
            updated: BTreeSet::new(),
            matched: Matched::default(),
            repeated: 0,
            namesakes_added: 0,
            namesake_names: Vec::new(),
            first_added: Vec::new(),
            warnings,
            ids: HashMap::new(),
            introductions: Vec::new(),
            alone: if db.filling() { Some(Alone::load(db)?) } else { None },
        };
        db.match_keys(|key| match key {
            MatchKey::Contact { id, name_key, linkedin_key, company } => {
                importer.existing_up_to = importer.existing_up_to.max(id);
                importer.index_name(name_key, linkedin_key, company);
            }
            MatchKey::Email(email) => importer.seen.insert(Key::Email, &fold(email)),
        })?;
        importer.keep_ids = netcrm && importer.existing_up_to == 0;
        importer.matched = Matched::up_to(importer.existing_up_to);
        Ok(importer)
    }

    /// Remembers what a contact is matched by, but its e-mails: its name (`folded` as
    /// `dupes` folds it), its LinkedIn URL's key, or without one its name at its company.
    fn index_name(&mut self, folded: &str, linkedin_key: Option<&str>, company: Option<&str>) {
        match (linkedin_key, company) {
            (Some(key), _) => self.seen.insert(Key::LinkedIn, key),
            (None, Some(company)) => {
                let company = name_key_without_accents(company);
                if !company.is_empty() {
                    self.seen.insert_pair(Key::NameAtCompany, folded, &company);
                    self.names_at_companies = true;
                }
            }
            (None, None) => {}
        }
        self.seen.insert(Key::Name, folded);
    }

    /// Remembers what a contact is matched by; `folded` is its name as `dupes` folds it.
    fn index(&mut self, contact: &Contact, folded: &str) {
        self.index_name(
            folded,
            contact.linkedin.as_deref().map(linkedin_key).as_deref(),
            contact.company.as_deref(),
        );
        self.namesakes.note(contact.id, &contact.name, &contact.phones);
        for email in &contact.emails {
            self.seen.insert(Key::Email, &fold(email));
        }
    }

    fn import(&mut self, card: &Card) -> Result<()> {
        let mut emails = Vec::new();
        let mut seen = validate::Seen::default();
        for email in &card.emails {
            match validate::email(email) {
                Ok(email) if seen.first(crate::text::email_key(&email)) => emails.push(email),
                Ok(_) => {}
                Err(_) => self.warnings.note(format!(
                    "line {}: invalid e-mail '{}' dropped",
                    card.line,
                    crate::text::capped(email)
                )),
            }
        }
        let Some(name) =
            card.name.clone().or_else(|| card.company.clone()).or_else(|| emails.first().cloned())
        else {
            self.warnings.skip(card.line, "no name, company or e-mail".into());
            return Ok(());
        };
        // The name as `dupes` folds it, once something needs it (a card matched by its
        // e-mail or URL, most of a re-import, never does).
        let mut folded = None;
        let id = match self.find(card, &name, &mut folded, &emails)? {
            Some(contact) => {
                let id = contact.id;
                // A contact this import added, or one it matched before.
                if id > self.existing_up_to || !self.matched.insert(id) {
                    self.repeated += 1;
                }
                self.update(contact, card, &emails)?;
                id
            }
            None => {
                let folded = folded.unwrap_or_else(|| name_key_without_accents(&name));
                self.add(card, name, &folded, emails)?
            }
        };
        // Into an empty database the file's ids are kept: nothing to remember.
        if let Some(file_id) = card.id.filter(|_| !self.keep_ids) {
            self.ids.entry(file_id).or_insert(id);
        }
        if let Some(introducer) = card.introduced_by {
            self.introductions.push((id, introducer));
        }
        Ok(())
    }

    /// The contact this card is about: same e-mail, same LinkedIn URL, or (for a card
    /// with neither) the one contact with the same name that shares a phone or has none,
    /// else (for a card whose e-mails and URL no one has) the one contact without a
    /// LinkedIn URL with the same name at the same company. `folded` is the name as
    /// `dupes` folds it, computed here when needed. Returned as stored, for
    /// [`Importer::update`].
    fn find(
        &mut self,
        card: &Card,
        name: &str,
        folded: &mut Option<String>,
        emails: &[String],
    ) -> Result<Option<Contact>> {
        for email in emails.iter().filter(|email| self.seen.may_contain(Key::Email, &fold(email))) {
            if let Some((id, _)) = self.db.contacts_with_email(email)?.first() {
                return self.db.contact(*id);
            }
        }
        if let Some(url) = card.linkedin.as_deref()
            && self.seen.may_contain(Key::LinkedIn, &linkedin_key(url))
            && let Some(id) = self.db.contact_with_linkedin(url)?
        {
            return self.db.contact(id);
        }
        if emails.is_empty()
            && card.linkedin.is_none()
            && self.seen.may_contain(Key::Name, folded.get_or_insert_with(|| name_key_without_accents(name)))
        {
            let key = name_key(name);
            let card_phones: HashSet<String> = card.phones.iter().map(|p| phone_digits(p)).collect();
            let mut matches = self.namesakes.of(self.db, &key, name)?.iter().filter(|(_, phones)| {
                card_phones.is_empty() || phones.is_empty() || phones.iter().any(|p| card_phones.contains(p))
            });
            if let (Some(&(id, _)), None) = (matches.next(), matches.next()) {
                return self.db.contact(id);
            }
        }
        if !self.names_at_companies {
            return Ok(None);
        }
        self.at_company(card, folded.get_or_insert_with(|| name_key_without_accents(name)))
    }

    /// The one contact without a LinkedIn URL with the card's name (`folded` as `dupes`
    /// folds it) at the card's company, both given: someone added by hand and met
    /// again in a LinkedIn export. Through the Bloom filter and the names' index.
    fn at_company(&self, card: &Card, folded: &str) -> Result<Option<Contact>> {
        let (Some(_), Some(company)) = (&card.name, &card.company) else { return Ok(None) };
        let company = name_key_without_accents(company);
        if folded.is_empty()
            || company.is_empty()
            || !self.seen.may_contain_pair(Key::NameAtCompany, folded, &company)
        {
            return Ok(None);
        }
        let namesakes = self.db.namesakes_without_linkedin(folded)?;
        let mut there = namesakes.iter().filter(|(_, theirs)| {
            theirs.as_deref().is_some_and(|theirs| name_key_without_accents(theirs) == company)
        });
        match (there.next(), there.next()) {
            (Some(&(id, _)), None) => self.db.contact(id),
            _ => Ok(None),
        }
    }

    fn add(&mut self, card: &Card, name: String, folded: &str, emails: Vec<String>) -> Result<i64> {
        // Someone of that name is here already (`dupes` will pair them).
        if self.seen.may_contain(Key::Name, folded) && self.db.name_taken(folded)? {
            self.namesakes_added += 1;
            let listed = self.namesake_names.len();
            match self.namesake_names.iter_mut().find(|(named, _)| *named == name) {
                Some((_, count)) => *count += 1,
                None if listed < NAMESAKES_NAMED => self.namesake_names.push((name.clone(), 1)),
                None => {}
            }
        }
        if self.first_added.len() < ADDED_NAMED {
            self.first_added.push(match &card.company {
                Some(company) => format!("{name} ({company})"),
                None => name.clone(),
            });
        }
        // A cadence netcrm CSV carries is the import's when it is the one this import
        // gives (`--cadence` or import-cadence: an import's cadence exported and read
        // back), else one somebody chose; the CSV does not say which.
        let (cadence, cadence_from_import) = match card.cadence {
            FileCadence::Absent => (Some(self.cadence), true),
            FileCadence::Own(cadence) => (Some(cadence), cadence == self.cadence),
            FileCadence::Default => (None, false),
        };
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
            cadence,
            cadence_from_import,
            notes: card.notes.clone(),
            birthday: card.birthday,
            uid: card.uid.clone(),
            name_parts: card.name_parts.clone().filter(|_| card.name.as_deref() == Some(name.as_str())),
            ..Contact::new(0, name, self.today)
        };
        self.insert(card, contact, folded)
    }

    fn insert(&mut self, card: &Card, contact: Contact, folded: &str) -> Result<i64> {
        // An id the file gives is kept unless a row before it took it.
        let free_id = match card.id.filter(|id| self.keep_ids && *id > 0) {
            Some(id) if !self.db.contact_exists(id)? => Some(id),
            _ => None,
        };
        let id = match free_id {
            Some(id) => {
                self.db.insert_contact_with_id(&Contact { id, ..contact.clone() })?;
                id
            }
            None => self.db.insert_contact(&contact)?,
        };
        let contact = Contact { id, ..contact };
        if let Some(alone) = &self.alone {
            alone.store(self.db, &contact, self.today, false)?;
        }
        self.index(&contact, folded);
        self.added += 1;
        if self.want_contacts {
            self.added_ids.push(id);
        }
        Ok(id)
    }

    /// Fills the contact's empty fields from the card and adds its new e-mails,
    /// phones and tags; nothing is overwritten.
    fn update(&mut self, old: Contact, card: &Card, emails: &[String]) -> Result<()> {
        let id = old.id;
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
            if let Some(alone) = &self.alone {
                alone.store(self.db, &new, self.today, true)?;
            }
            self.index(&new, &name_key_without_accents(&new.name));
            if id <= self.existing_up_to {
                self.updated.insert(id);
            }
        }
        Ok(())
    }

    /// Sets the introducers netcrm CSV names, now that every row has its contact.
    fn finish(mut self) -> Result<Report> {
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
                if id <= self.existing_up_to {
                    self.updated.insert(id);
                }
            }
        }
        // Every follow-up is stored. The introductions set above change none: an
        // introducer's thanks count from meetings logged, which a new database has none of.
        if self.alone.is_some() {
            self.db.fill_computed(Touched::default());
        }
        let mut contacts = Vec::new();
        for id in self.added_ids.iter().chain(&self.updated).filter(|_| self.want_contacts) {
            contacts.push(contact_with_summary(self.db, *id, self.today)?);
        }
        Ok(Report {
            added: self.added,
            updated: self.updated.len(),
            skipped: self.warnings.skipped(),
            repeated: self.repeated,
            namesakes: self.namesakes_added,
            namesake_names: self.namesake_names,
            first_added: self.first_added,
            contacts,
        })
    }
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
    let want_contacts = ctx.out.json;
    let path = ctx.store.path().to_path_buf();
    // The bar follows the bytes read; the follow-ups are computed once all are in.
    let progress = bytes_progress(size);
    let mut input = encoding::Utf8Reader::new(progress.wrap_read(input));
    let reader = &mut input;
    let write = |db: &Db| -> Result<Report> {
        if !db.has_no_contacts()? {
            return Err(Error::RestoreIntoNonEmpty { path: path.clone() });
        }
        db.describe_step(&format!("import {label} (a backup restored)"))?;
        let mut restorer = Restorer {
            db,
            introduced: Vec::new(),
            added: 0,
            ids: Vec::new(),
            sources_unknown: Vec::new(),
            want_contacts,
            label,
        };
        let tail = db.bulk_insert(Bulk::Backup, |db| {
            let tail = json::read(std::io::BufReader::with_capacity(64 * 1024, reader), &mut restorer)
                .map_err(|e| match e {
                    ReadError::Sink(e) => e,
                    ReadError::Io(e) => read_error(e),
                    ReadError::Backup(source) => Error::Backup { file: label.to_string(), source },
                })?;
            // Now that the interactions are in: a backup from before `cadence_source`.
            db.infer_cadence_sources(&restorer.sources_unknown, tail.settings.import_cadence)?;
            Ok(tail)
        })?;
        for setting in Setting::ALL {
            db.set_setting(setting, &tail.settings.get(setting))?;
        }
        if let Some(addresses) = &tail.my_addresses {
            db.set_bookkeeping(json::MY_ADDRESSES, addresses)?;
        }
        let mut contacts = Vec::new();
        // Only JSON lists the contacts; loading them back costs as much as the restore.
        for id in &restorer.ids {
            contacts.push(contact_with_summary(db, *id, today)?);
        }
        Ok(Report { added: restorer.added, contacts, ..Report::default() })
    };
    let report = if args.dry_run { ctx.store.dry_run(write) } else { ctx.write(write) };
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

/// Writes a backup's records into an empty database as they are read.
struct Restorer<'a, 'c> {
    db: &'a Db<'c>,
    /// The contacts with an introducer, written whole once everyone is there (an
    /// introducer may come later in the list).
    introduced: Vec<Contact>,
    added: usize,
    /// The contacts restored, when they are to be listed.
    ids: Vec<i64>,
    /// The contacts with a cadence whose backup did not say where it came from.
    sources_unknown: Vec<i64>,
    want_contacts: bool,
    label: &'a str,
}

impl Restorer<'_, '_> {
    /// Names the record when it points at a contact the backup does not hold (SQLite
    /// only says that a foreign key failed).
    fn named<T>(&self, result: Result<T>, record: impl FnOnce() -> String) -> Result<T> {
        result.map_err(|e| match e {
            e if is_foreign_key_failure(&e) => Error::Backup {
                file: self.label.to_string(),
                source: json::BackupError {
                    place: record(),
                    message: "names a contact that is not in the backup".into(),
                },
            },
            e => e,
        })
    }
}

impl json::Sink for Restorer<'_, '_> {
    type Error = Error;

    fn record(&mut self, record: Record) -> Result<()> {
        let db = self.db;
        match record {
            Record::Contact(mut contact, source_known) => {
                if !source_known && contact.cadence.is_some() {
                    self.sources_unknown.push(contact.id);
                }
                // `name_ok` goes with an introducer, which is set once everyone is in.
                let introduced_by = contact.introduced_by.take();
                let name_ok = std::mem::take(&mut contact.name_ok);
                db.insert_contact_with_id(&contact)?;
                self.added += 1;
                if self.want_contacts {
                    self.ids.push(contact.id);
                }
                if introduced_by.is_some() {
                    self.introduced.push(Contact { introduced_by, name_ok, ..*contact });
                }
            }
            Record::Interaction(interaction) => {
                self.named(db.insert_interaction(&interaction), || {
                    format!("interaction {}", interaction.id)
                })?;
            }
            Record::Reminder(reminder) => {
                self.named(db.restore_reminder(&reminder), || format!("reminder {}", reminder.id))?
            }
            Record::Lead(lead) => {
                self.named(db.insert_lead(&lead), || format!("lead {}", lead.id))?;
            }
            Record::Favor(favor) => {
                self.named(db.insert_favor(&favor), || format!("favor {}", favor.id))?;
            }
            // A key may name someone removed since; such marks are kept, tied to no one.
            Record::Completion(key, due_on, done_on) => {
                db.complete(&key, due_on, done_on, marks_owner(db, &key)?)?
            }
            Record::Snooze(key, until) => db.snooze(&key, until, marks_owner(db, &key)?)?,
            Record::DifferentPeople(low, high) => {
                self.named(db.mark_distinct_people(low, high).map(drop), || {
                    format!("different people {low} and {high}")
                })?;
            }
        }
        Ok(())
    }

    fn contacts_done(&mut self) -> Result<()> {
        for contact in std::mem::take(&mut self.introduced) {
            self.named(self.db.update_contact(&contact), || format!("contact {}'s introducer", contact.id))?;
        }
        Ok(())
    }
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
