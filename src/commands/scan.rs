//! `netcrm scan PATH...`: logs interactions from mail and calendars, so that being in
//! touch counts without typing it (DESIGN.md "netcrm scan"). This file asks what each
//! PATH is (formats::sources), reads it (formats::mail, formats::calendar) one message or event at a time
//! into the [`Matcher`] (crate::scan, which decides what to log), with a progress bar on
//! a terminal, and writes what was found in one transaction, one undo step, with the
//! links between contacts logged on the same message or event; the scheduler sees
//! the new interactions like any other.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate, Utc};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Context;
use crate::cli::ScanArgs;
use crate::dates;
use crate::error::{Error, Result};
use crate::formats::calendar;
use crate::formats::mail;
use crate::formats::rescan::{self, MaildirPlan, MboxPlan};
use crate::formats::sources::{Source, Tree, walk};
use crate::model::{Interaction, MailSetting, MailboxKind, ScanConditions, ScanState, ScannedMail};
use crate::output::json::ScanJson;
use crate::scan::{Matcher, Skips, Summary, addresses_hash, still_counts};
use crate::store::Db;
use crate::text::{fold, visible};

/// How many contacts the summary names, most interactions first (`--json` has all).
const CONTACTS_SHOWN: usize = 10;

/// The local date of an instant (the process's time zone, `TZ`).
fn local_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&Local).date_naive()
}

pub fn run(ctx: &mut Context, args: ScanArgs) -> Result<()> {
    let today = ctx.today;
    let since = args.since.as_deref().map(|d| dates::parse_date(d, today)).transpose()?;
    let remembered = ctx.read(|db| db.mail_settings())?.my_addresses;
    let mut mine: Vec<String> = remembered.iter().map(|a| fold(a)).collect();
    let known = mine.len();
    for me in &args.me {
        let address = fold(&crate::validate::email(me)?);
        if !mine.contains(&address) {
            mine.push(address);
        }
    }
    if mine.is_empty() {
        return Err(Error::Usage(
            "scan needs your own e-mail addresses the first time: netcrm scan PATH --me ADDRESS (they are remembered)"
                .into(),
        ));
    }
    let sources = args.paths.iter().map(|p| Source::of(p)).collect::<Result<Vec<_>>>()?;
    // What earlier scans read and under what conditions: what still counts is not
    // read again (all of it is with --suggest, which lists who wrote).
    let (changes, mut kept) = ctx.read(|db| Ok((db.scan_changes()?, db.scanned_mail()?)))?;
    let now = ScanConditions { mine: addresses_hash(&mine), changes, since, until: None };
    if args.suggest.is_some() {
        kept.clear();
    }
    kept.retain(|_, earlier| still_counts(&earlier.conditions, &now, today));
    let mut units = Vec::new();
    for source in &sources {
        plan(source, &kept, &mut units)?;
    }
    let state = if units.iter().any(Unit::reads) {
        // The thank-yous that are open come from the stored follow-ups.
        ctx.refresh()?;
        ctx.read(|db| db.scan_state())?
    } else {
        ScanState::default()
    };
    let mut matcher = Matcher::new(&state, mine.iter().cloned().collect(), today, since, local_date);
    let mut reader = Reader {
        matcher: &mut matcher,
        warnings: Vec::new(),
        kept: &kept,
        now,
        records: Vec::new(),
        bar: None,
    };
    for unit in &units {
        reader.read(unit)?;
    }
    reader.finish_bar();
    let records = reader.records;
    let mut warnings = reader.warnings;
    if matcher.unreadable() > 0 {
        let n = matcher.unreadable();
        warnings.push(format!("{n} message{} without readable headers or Date skipped", plural(n)));
    }
    let mut found = matcher.finish();
    let remember = mine.len() > known;
    let keep = |db: &Db, records: &[Record]| -> Result<()> {
        for record in records {
            match record {
                Record::Keep(mail) => db.record_scanned(mail)?,
                Record::Forget(path) => db.forget_scanned(path)?,
            }
        }
        Ok(())
    };
    if args.dry_run {
        // Nothing is kept.
    } else if found.is_empty() && !remember {
        // A rescan with nothing new is not a step; what it read is kept all the same.
        if !records.is_empty() {
            ctx.write_bookkeeping(|db| keep(db, &records))?;
        }
    } else {
        let places: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        found = ctx.write(|db: &Db| {
            // The files were read outside this transaction: another scan may have
            // logged the same messages since, or a contact may be gone.
            let mut kept = Vec::with_capacity(found.len());
            for f in found {
                if db.scanned_yet_to_log(f.contact_id, &f.source)? {
                    db.insert_interaction(&Interaction {
                        note: f.note.clone(),
                        source: Some(f.source.clone()),
                        direction: f.direction,
                        awaiting_reply: f.awaiting_reply,
                        ..Interaction::new(0, f.contact_id, f.kind, f.on)
                    })?;
                    kept.push(f);
                }
            }
            let contacts: std::collections::HashSet<i64> = kept.iter().map(|f| f.contact_id).collect();
            // Who appeared together on what was logged (DESIGN.md "Ties and reach").
            let mut linked: Vec<i64> = contacts.iter().copied().collect();
            linked.sort_unstable();
            db.relink(&linked)?;
            db.describe_step(&format!(
                "scan {}: {} interaction{} with {} contact{}",
                places.join(" "),
                kept.len(),
                plural(kept.len()),
                contacts.len(),
                plural(contacts.len())
            ))?;
            if remember {
                db.set_mail_setting(MailSetting::MyAddresses, Some(&mine.join(",")))?;
            }
            keep(db, &records)?;
            Ok(kept)
        })?;
    }
    let summary = matcher.summary(&found, args.suggest.unwrap_or(0));
    for warning in warnings {
        ctx.out.warn(warning);
    }
    if ctx.out.json {
        return ctx.out.json(&ScanJson::from(&summary));
    }
    print(ctx, &summary, args.dry_run)
}

/// One thing to read: a Maildir or an mbox with what of it to read, a message file,
/// a calendar.
enum Unit {
    Maildir {
        key: String,
        plan: MaildirPlan,
    },
    Mbox {
        path: PathBuf,
        key: String,
        plan: MboxPlan,
    },
    Eml(PathBuf),
    Calendar(PathBuf),
    /// The messages of the Maildirs and `.eml` files of a folder that are read, for
    /// the progress bar.
    Files(usize),
}

impl Unit {
    fn reads(&self) -> bool {
        match self {
            Unit::Maildir { plan, .. } => !plan.read.is_empty(),
            Unit::Mbox { plan, .. } => plan.from < plan.to,
            Unit::Eml(_) | Unit::Calendar(_) => true,
            Unit::Files(_) => false,
        }
    }
}

/// What scan keeps of a mailbox it read, or forgets.
enum Record {
    Keep(ScannedMail),
    Forget(String),
}

/// The key a mailbox's state is kept under: its absolute path.
fn key(path: &Path) -> String {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()).display().to_string()
}

/// Whether a folder's modification time is old enough to trust that nothing was
/// added in the same instant after it was listed.
fn trusted(mtime_ns: i64) -> bool {
    const RACY_NS: i64 = 2_000_000_000;
    let now_ns = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
    mtime_ns < now_ns.saturating_sub(RACY_NS)
}

/// What to read of `source`, given what earlier scans kept (what still counts).
fn plan(source: &Source, kept: &HashMap<String, ScannedMail>, units: &mut Vec<Unit>) -> Result<()> {
    let mbox = |path: &Path| -> Result<Unit> {
        let key = key(path);
        let plan = rescan::mbox(path, kept.get(&key).filter(|k| k.kind == MailboxKind::Mbox))?;
        Ok(Unit::Mbox { path: path.to_path_buf(), key, plan })
    };
    match source {
        Source::Mbox(path) => units.push(mbox(path)?),
        Source::Eml(path) => units.push(Unit::Eml(path.clone())),
        Source::Calendar(path) => units.push(Unit::Calendar(path.clone())),
        Source::Folder(dir) => {
            let mut found = Tree::default();
            walk(dir, &mut found)?;
            if found.maildirs.is_empty()
                && found.mboxes.is_empty()
                && found.emls.is_empty()
                && found.calendars.is_empty()
            {
                return Err(Error::io(
                    format!("cannot scan {}", dir.display()),
                    std::io::Error::other("it holds no Maildir (cur/, new/), .mbox, .eml or .ics file"),
                ));
            }
            let mut files = found.emls.len();
            let at = units.len();
            for dir in &found.maildirs {
                let key = key(dir);
                let plan =
                    rescan::maildir(dir, kept.get(&key).filter(|k| k.kind == MailboxKind::Maildir), trusted)?;
                files += plan.read.len();
                units.push(Unit::Maildir { key, plan });
            }
            units.insert(at, Unit::Files(files));
            units.extend(found.emls.into_iter().map(Unit::Eml));
            for path in &found.mboxes {
                units.push(mbox(path)?);
            }
            units.extend(found.calendars.into_iter().map(Unit::Calendar));
        }
    }
    Ok(())
}

/// Why items were skipped, the commonest reason first: ` (1200 with no contact, 31
/// already seen)`, or nothing when none was.
fn why_skipped(skips: &Skips) -> String {
    let mut reasons: Vec<(usize, &str)> = skips.reasons().into_iter().filter(|(n, _)| *n > 0).collect();
    if reasons.is_empty() {
        return String::new();
    }
    // Stable: equal counts keep the fixed order.
    reasons.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    let parts: Vec<String> = reasons.iter().map(|(n, why)| format!("{n} {why}")).collect();
    format!(" ({})", parts.join(", "))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn print(ctx: &mut Context, s: &Summary, dry_run: bool) -> Result<()> {
    let verb = if dry_run { "would log" } else { "logged" };
    ctx.out.line(format_args!(
        "Read {} message{} and {} event{}: {verb} {} interaction{}, skipped {}{}.",
        s.messages,
        plural(s.messages),
        s.events,
        plural(s.events),
        s.logged,
        plural(s.logged),
        s.skipped,
        why_skipped(&s.skips)
    ))?;
    for c in s.contacts.iter().take(CONTACTS_SHOWN) {
        ctx.out.line(format_args!("  {} (#{}): {}", visible(&c.contact), c.contact_id, c.logged))?;
    }
    if s.contacts.len() > CONTACTS_SHOWN {
        let more = s.contacts.len() - CONTACTS_SHOWN;
        ctx.out.line(format_args!("  and {more} more contact{} (--json lists them all)", plural(more)))?;
    }
    if !s.suggestions.is_empty() {
        ctx.out.line("Not contacts yet (most mail first):")?;
        for x in &s.suggestions {
            let who = match &x.name {
                Some(name) => format!("{} <{}>", visible(name), visible(&x.address)),
                None => visible(&x.address).into_owned(),
            };
            ctx.out.line(format_args!(
                "  {who}: {} message{}, last {}",
                x.messages,
                plural(x.messages),
                x.last
            ))?;
        }
        ctx.out.line("Add one with: netcrm add NAME --email ADDRESS")?;
    }
    if dry_run {
        ctx.out.line("Nothing was changed.")?;
    }
    Ok(())
}

/// Reads mailboxes and calendars into a [`Matcher`], collecting warnings and what to
/// keep of each mailbox for the next scan.
struct Reader<'m, 's, 'k> {
    matcher: &'m mut Matcher<'s>,
    warnings: Vec<String>,
    /// What earlier scans kept, where it still counts.
    kept: &'k HashMap<String, ScannedMail>,
    /// The conditions of this scan.
    now: ScanConditions,
    records: Vec<Record>,
    /// The progress bar of a folder's Maildirs and `.eml` files.
    bar: Option<ProgressBar>,
}

impl Reader<'_, '_, '_> {
    fn read(&mut self, unit: &Unit) -> Result<()> {
        match unit {
            Unit::Files(n) => {
                if let Some(bar) = self.bar.take() {
                    bar.finish_and_clear();
                }
                self.bar = Some(progress(u64::try_from(*n).ok(), "messages"));
            }
            Unit::Maildir { key, plan } => {
                self.matcher.take_later();
                self.matcher.unchanged(plan.unchanged);
                // A file that could not be opened or read (a mail client moved it
                // from new/ to cur/ since the listing) is not seen: read next time.
                let mut missed = Vec::new();
                for path in &plan.read {
                    let message = mail::read_eml(path);
                    if matches!(message, Err(Error::Io { .. })) {
                        let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
                        missed.push(rescan::hash(rescan::unique(&name).as_bytes()));
                    }
                    self.matcher.message(message);
                    self.tick();
                }
                let mut names = plan.names.clone();
                let mut mtimes = plan.mtimes;
                if !missed.is_empty() {
                    names.retain(|n| !missed.contains(n));
                    mtimes = [None, None];
                }
                let earlier = self.kept.get(key);
                let record = ScannedMail {
                    path: key.clone(),
                    kind: MailboxKind::Maildir,
                    mtimes,
                    read: None,
                    messages: names.len(),
                    names,
                    conditions: self.conditions(earlier, !plan.read.is_empty()),
                };
                if earlier != Some(&record) {
                    self.records.push(Record::Keep(record));
                }
            }
            Unit::Eml(path) => {
                self.matcher.message(mail::read_eml(path));
                self.tick();
            }
            Unit::Mbox { path, key, plan } => {
                self.finish_bar();
                self.matcher.take_later();
                self.matcher.unchanged(plan.unchanged);
                let read = self.read_mbox(path, plan.from, plan.to)?;
                let earlier = self.kept.get(key);
                let fingerprint = if plan.from == plan.to && earlier.is_some() {
                    earlier.and_then(|e| e.read).map(|(_, print)| print)
                } else {
                    rescan::fingerprint(path, plan.to)
                        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?
                };
                match fingerprint {
                    Some(print) => {
                        let record = ScannedMail {
                            path: key.clone(),
                            kind: MailboxKind::Mbox,
                            mtimes: [Some(plan.mtime), None],
                            read: Some((plan.to, print)),
                            names: Vec::new(),
                            messages: plan.unchanged + read,
                            conditions: self.conditions(earlier, plan.from < plan.to || plan.from == 0),
                        };
                        if earlier != Some(&record) {
                            self.records.push(Record::Keep(record));
                        }
                    }
                    // Not ending a line: a message was being appended; read whole next time.
                    None => self.records.push(Record::Forget(key.clone())),
                }
            }
            Unit::Calendar(path) => {
                self.finish_bar();
                self.read_calendar(path)?;
            }
        }
        Ok(())
    }

    /// The conditions to keep with a mailbox: this scan's, when it read something of
    /// it (what was read before, if anything, counted under conditions no stricter),
    /// else those of what was read before; until the first day of a message read
    /// that was dated after today.
    fn conditions(&mut self, earlier: Option<&ScannedMail>, read: bool) -> ScanConditions {
        let later = self.matcher.take_later();
        let earlier = earlier.map(|e| e.conditions);
        let since = match earlier {
            Some(e) if !read => e.since,
            _ => self.now.since,
        };
        let until = match (earlier.and_then(|e| e.until), later) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        ScanConditions { since, until, ..self.now }
    }

    fn tick(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn finish_bar(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    /// Reads the messages of the mbox at `path` between the bytes `from` and `to`;
    /// how many.
    fn read_mbox(&mut self, path: &Path, from: u64, to: u64) -> Result<usize> {
        if from >= to {
            return Ok(0);
        }
        let context = || format!("cannot read {}", path.display());
        let mut file = File::open(path).map_err(|e| Error::io(context(), e))?;
        file.seek(SeekFrom::Start(from)).map_err(|e| Error::io(context(), e))?;
        let bar = progress(Some(to - from), "bytes");
        let name = path.display().to_string();
        let mut read = 0;
        for message in mail::read_mbox(bar.wrap_read(file.take(to - from)), &name) {
            match message {
                Err(error @ Error::Io { .. }) => {
                    bar.finish_and_clear();
                    return Err(error);
                }
                message => {
                    read += 1;
                    self.matcher.message(message);
                }
            }
        }
        bar.finish_and_clear();
        Ok(read)
    }

    fn read_calendar(&mut self, path: &Path) -> Result<()> {
        let bytes =
            std::fs::read(path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        let text = String::from_utf8_lossy(&bytes);
        let place = path.display().to_string();
        match calendar::read(&text, &place) {
            Ok(calendar) => self.matcher.calendar(&calendar),
            Err(error) => {
                self.warnings.push(format!("{error}; skipped"));
                self.matcher.unreadable_calendar();
            }
        }
        Ok(())
    }
}

/// A progress bar on stderr, drawn only when stderr is a terminal: `len` bytes (an
/// mbox) or `len` messages (files).
fn progress(len: Option<u64>, unit: &str) -> ProgressBar {
    let template = if unit == "bytes" {
        "{bar:40} {bytes}/{total_bytes} ({eta})".to_string()
    } else {
        format!("{{bar:40}} {{pos}}/{{len}} {unit} ({{eta}})")
    };
    ProgressBar::with_draw_target(len, ProgressDrawTarget::stderr())
        .with_style(ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reasons_for_skipping_come_commonest_first_and_only_when_there_are_some() {
        assert_eq!(why_skipped(&Skips::default()), "");
        let skips =
            Skips { already_seen: 31, no_contact: 1200, lists: 31, unreadable: 2, ..Skips::default() };
        assert_eq!(
            why_skipped(&skips),
            " (1200 with no contact, 31 from lists or automatic senders, 31 already seen, 2 unreadable)"
        );
    }
}
