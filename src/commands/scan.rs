//! `netcrm scan PATH...`: logs interactions from mail and calendars, so that being in
//! touch counts without typing it (DESIGN.md "netcrm scan"). A message on which one of
//! your addresses and a contact's both appear is an `email` with that contact (the
//! first one you sent after meeting them, while their thank-you is open, the
//! `thank-you`); a past meeting with you and a contact among its people is a
//! `meeting`. Each remembers its source (Message-ID, or `UID YYYY-MM-DD`), so that
//! scanning again adds nothing. Everything found is written in one transaction, one
//! undo step; the scheduler sees the new interactions like any other.
//!
//! Mailboxes stream: one message's headers at a time (formats::mail); what grows is
//! only what is kept per interaction found, per address of a stranger (`--suggest`),
//! and one 64-bit hash per message read (to log a message found twice once).

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate, Utc};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use super::Context;
use crate::cli::ScanArgs;
use crate::dates;
use crate::error::{Error, Result};
use crate::formats::calendar::{self, Occurrence};
use crate::formats::mail::{self, Message};
use crate::model::{Interaction, InteractionKind, serialize_date};
use crate::store::{Db, ScanState};
use crate::text::{fold, visible};

/// Where your own addresses are remembered (bookkeeping: undo leaves it alone).
const MY_ADDRESSES: &str = "my-addresses";

/// How many contacts the summary names, most interactions first (`--json` has all).
const CONTACTS_SHOWN: usize = 10;

/// The local date of an instant (the process's time zone, `TZ`).
fn local_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&Local).date_naive()
}

/// One interaction to log.
#[derive(Debug, Clone)]
struct Found {
    contact_id: i64,
    kind: InteractionKind,
    on: NaiveDate,
    note: Option<String>,
    source: String,
    /// A message you sent to this contact (a thank-you, when one is owed).
    sent_to_them: bool,
}

/// Someone you exchanged mail with who is not a contact.
#[derive(Debug, Clone, Serialize)]
struct Suggestion {
    name: Option<String>,
    address: String,
    messages: usize,
    #[serde(serialize_with = "serialize_date")]
    last: NaiveDate,
}

#[derive(Debug, Serialize)]
struct ContactCount {
    contact_id: i64,
    contact: String,
    logged: usize,
}

#[derive(Debug, Serialize)]
struct Summary {
    messages: usize,
    events: usize,
    logged: usize,
    skipped: usize,
    contacts: Vec<ContactCount>,
    suggestions: Vec<Suggestion>,
}

pub fn run(ctx: &mut Context, args: ScanArgs) -> Result<()> {
    let today = ctx.today;
    let since = args.since.as_deref().map(|d| dates::parse_date(d, today)).transpose()?;
    let remembered = ctx.store.read(|db| db.bookkeeping(MY_ADDRESSES))?.unwrap_or_default();
    let mut mine: Vec<String> =
        remembered.split(',').map(str::trim).filter(|a| !a.is_empty()).map(fold).collect();
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
    // The thank-yous that are open come from the stored follow-ups.
    ctx.refresh()?;
    let state = ctx.store.read(|db| db.scan_state())?;
    let mut scan = Scan::new(&state, mine.iter().cloned().collect(), today, since);
    for source in &sources {
        scan.read(source)?;
    }
    let found = scan.finish();
    let logged = found.len();
    let summary = scan.summary(&found, args.suggest.unwrap_or(0));
    if !args.dry_run {
        let places: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        let description = format!(
            "scan {}: {logged} interaction{} with {} contact{}",
            places.join(" "),
            plural(logged),
            summary.contacts.len(),
            plural(summary.contacts.len())
        );
        let remember = mine.len() > known;
        ctx.write(|db: &Db| {
            db.describe_step(&description)?;
            for f in &found {
                db.insert_interaction(&Interaction {
                    note: f.note.clone(),
                    source: Some(f.source.clone()),
                    ..Interaction::new(0, f.contact_id, f.kind, f.on)
                })?;
            }
            if remember {
                db.set_bookkeeping(MY_ADDRESSES, &mine.join(","))?;
            }
            Ok(())
        })?;
    }
    for warning in scan.warnings() {
        ctx.out.warn(warning);
    }
    if ctx.out.json {
        return ctx.out.json(&summary);
    }
    print(ctx, &summary, args.dry_run)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn print(ctx: &mut Context, s: &Summary, dry_run: bool) -> Result<()> {
    let verb = if dry_run { "would log" } else { "logged" };
    ctx.out.line(format_args!(
        "Read {} message{} and {} event{}: {verb} {} interaction{}, skipped {}.",
        s.messages,
        plural(s.messages),
        s.events,
        plural(s.events),
        s.logged,
        plural(s.logged),
        s.skipped
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

/// What a PATH is.
#[derive(Debug)]
enum Source {
    Mbox(PathBuf),
    Eml(PathBuf),
    /// A Maildir, or a folder holding mail and calendars.
    Folder(PathBuf),
    Calendar(PathBuf),
}

impl Source {
    /// A file is an `.ics`, `.eml` or `.mbox` file by its name, else an mbox, a
    /// calendar or one message by its first line. A folder is a Maildir, or holds Maildirs, mbox, `.eml` and
    /// `.ics` files (read from every level below it).
    fn of(path: &Path) -> Result<Source> {
        let meta =
            std::fs::metadata(path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        if meta.is_dir() {
            return Ok(Source::Folder(path.to_path_buf()));
        }
        match extension(path).as_deref() {
            Some("ics" | "ical" | "ifb") => return Ok(Source::Calendar(path.to_path_buf())),
            Some("eml") => return Ok(Source::Eml(path.to_path_buf())),
            Some("mbox") => return Ok(Source::Mbox(path.to_path_buf())),
            _ => {}
        }
        let mut start = [0u8; 64];
        let mut file =
            File::open(path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        let n = file.read(&mut start).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        let start = String::from_utf8_lossy(&start[..n]);
        let start = start.trim_start_matches('\u{feff}');
        if start.starts_with("From ") {
            Ok(Source::Mbox(path.to_path_buf()))
        } else if start.to_ascii_uppercase().starts_with("BEGIN:VCALENDAR") {
            Ok(Source::Calendar(path.to_path_buf()))
        } else if looks_like_a_header(start) {
            // One message on its own (a Maildir file, an .eml under another name).
            Ok(Source::Eml(path.to_path_buf()))
        } else if n == 0 {
            // An empty mbox (a folder with no mail yet).
            Ok(Source::Mbox(path.to_path_buf()))
        } else {
            Err(Error::io(
                format!("cannot scan {}", path.display()),
                std::io::Error::other(
                    "it is not a Maildir, an mbox, an .eml or an .ics file, or a folder of them",
                ),
            ))
        }
    }
}

/// Whether `text` starts with a header field (`Name: value`, RFC 5322 2.2).
fn looks_like_a_header(text: &str) -> bool {
    text.split_once(':')
        .is_some_and(|(name, _)| !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b':'))
}

fn extension(path: &Path) -> Option<String> {
    path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// The mail and calendars below a folder, found by walking it.
#[derive(Debug, Default)]
struct Tree {
    maildirs: Vec<PathBuf>,
    mboxes: Vec<PathBuf>,
    emls: Vec<PathBuf>,
    calendars: Vec<PathBuf>,
}

fn walk(dir: &Path, out: &mut Tree) -> Result<()> {
    let context = || format!("cannot read {}", dir.display());
    let is_maildir = dir.join("cur").is_dir() || dir.join("new").is_dir();
    if is_maildir {
        out.maildirs.push(dir.to_path_buf());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(context(), e))?
        .collect::<std::io::Result<_>>()
        .map_err(|e| Error::io(context(), e))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let file_type = entry.file_type().map_err(|e| Error::io(context(), e))?;
        if file_type.is_dir() {
            // A Maildir's own folders; Maildir++ subfolders (`.Sent`) are walked.
            if is_maildir && matches!(name.as_str(), "cur" | "new" | "tmp") {
                continue;
            }
            walk(&path, out)?;
        } else if file_type.is_file() && !name.starts_with('.') {
            match extension(&path).as_deref() {
                Some("ics") => out.calendars.push(path),
                Some("eml") => out.emls.push(path),
                Some("mbox") => out.mboxes.push(path),
                _ => {}
            }
        }
    }
    Ok(())
}

/// A scan in progress: counts, what was found, and what was seen.
struct Scan<'s> {
    state: &'s ScanState,
    mine: HashSet<String>,
    today: NaiveDate,
    since: Option<NaiveDate>,
    messages: usize,
    events: usize,
    skipped: usize,
    unreadable: usize,
    /// Hashes of the sources read in this scan.
    seen: HashSet<u64>,
    found: Vec<Found>,
    strangers: HashMap<String, Suggestion>,
    warnings: Vec<String>,
}

impl<'s> Scan<'s> {
    fn new(state: &'s ScanState, mine: HashSet<String>, today: NaiveDate, since: Option<NaiveDate>) -> Self {
        Scan {
            state,
            mine,
            today,
            since,
            messages: 0,
            events: 0,
            skipped: 0,
            unreadable: 0,
            seen: HashSet::new(),
            found: Vec::new(),
            strangers: HashMap::new(),
            warnings: Vec::new(),
        }
    }

    fn read(&mut self, source: &Source) -> Result<()> {
        match source {
            Source::Mbox(path) => self.read_mbox(path),
            Source::Eml(path) => {
                self.message(mail::read_eml(path));
                Ok(())
            }
            Source::Calendar(path) => self.read_calendar(path),
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
                let bar = progress(None, "messages");
                for maildir in &found.maildirs {
                    for message in mail::read_maildir(maildir)? {
                        self.message(message);
                        bar.inc(1);
                    }
                }
                for eml in &found.emls {
                    self.message(mail::read_eml(eml));
                    bar.inc(1);
                }
                bar.finish_and_clear();
                for mbox in &found.mboxes {
                    self.read_mbox(mbox)?;
                }
                for ics in &found.calendars {
                    self.read_calendar(ics)?;
                }
                Ok(())
            }
        }
    }

    fn read_mbox(&mut self, path: &Path) -> Result<()> {
        let context = || format!("cannot read {}", path.display());
        let file = File::open(path).map_err(|e| Error::io(context(), e))?;
        let size = file.metadata().map(|m| m.len()).ok();
        let bar = progress(size, "bytes");
        let name = path.display().to_string();
        for message in mail::read_mbox(bar.wrap_read(file), &name) {
            match message {
                Err(error @ Error::Io { .. }) => {
                    bar.finish_and_clear();
                    return Err(error);
                }
                message => self.message(message),
            }
        }
        bar.finish_and_clear();
        Ok(())
    }

    fn read_calendar(&mut self, path: &Path) -> Result<()> {
        let bytes =
            std::fs::read(path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        let text = String::from_utf8_lossy(&bytes);
        let place = path.display().to_string();
        match calendar::read(&text, &place, self.today, &local_date) {
            Ok(occurrences) => {
                for occurrence in occurrences {
                    self.event(occurrence);
                }
            }
            Err(error) => self.warnings.push(format!("{error}; skipped")),
        }
        Ok(())
    }

    fn out_of_range(&self, on: NaiveDate) -> bool {
        on > self.today || self.since.is_some_and(|since| on < since)
    }

    /// The contacts among `addresses` (not you), each once.
    fn contacts<'a>(&self, addresses: impl Iterator<Item = &'a String>) -> Vec<i64> {
        let mut ids = Vec::new();
        for address in addresses {
            if self.mine.contains(address) {
                continue;
            }
            for id in self.state.owners.get(address).into_iter().flatten() {
                if !ids.contains(id) {
                    ids.push(*id);
                }
            }
        }
        ids
    }

    /// Logs `found` for each contact that has no interaction from `source` yet;
    /// counts the item as skipped when none was logged.
    fn log(
        &mut self,
        contacts: &[(i64, bool)],
        kind: InteractionKind,
        on: NaiveDate,
        note: Option<&str>,
        source: &str,
    ) {
        let mut logged = false;
        for (contact_id, sent_to_them) in contacts {
            if self.state.sources.contains(&(*contact_id, source.to_string())) {
                continue;
            }
            logged = true;
            self.found.push(Found {
                contact_id: *contact_id,
                kind,
                on,
                note: note.map(String::from),
                source: source.to_string(),
                sent_to_them: *sent_to_them,
            });
        }
        if !logged {
            self.skipped += 1;
        }
    }

    fn message(&mut self, message: Result<Message>) {
        self.messages += 1;
        let Ok(m) = message else {
            self.unreadable += 1;
            self.skipped += 1;
            return;
        };
        let Some(date) = m.date else {
            self.unreadable += 1;
            self.skipped += 1;
            return;
        };
        let on = local_date(date.with_timezone(&Utc));
        let from_me = m.from.iter().any(|a| self.mine.contains(&a.address));
        let to_me = m.recipients.iter().any(|a| self.mine.contains(&a.address));
        if m.is_list || m.is_automatic || self.out_of_range(on) || !(from_me || to_me) {
            self.skipped += 1;
            return;
        }
        let source = match &m.message_id {
            Some(id) => format!("<{id}>"),
            None => anonymous_source(&m),
        };
        if !self.seen.insert(hash(source.as_bytes())) {
            self.skipped += 1;
            return;
        }
        let everyone = m.from.iter().chain(&m.recipients).map(|a| &a.address);
        let recipients: HashSet<i64> =
            self.contacts(m.recipients.iter().map(|a| &a.address)).into_iter().collect();
        let contacts: Vec<(i64, bool)> =
            self.contacts(everyone).into_iter().map(|id| (id, from_me && recipients.contains(&id))).collect();
        // The people you wrote to, or who wrote to you, who are not contacts.
        let others = if from_me { &m.recipients } else { &m.from };
        for mailbox in others {
            if self.mine.contains(&mailbox.address)
                || self.state.owners.contains_key(&mailbox.address)
                || is_robot(&mailbox.address)
            {
                continue;
            }
            let entry = self.strangers.entry(mailbox.address.clone()).or_insert_with(|| Suggestion {
                name: None,
                address: mailbox.address.clone(),
                messages: 0,
                last: on,
            });
            entry.messages += 1;
            if on >= entry.last || entry.name.is_none() {
                entry.last = entry.last.max(on);
                if mailbox.name.is_some() {
                    entry.name = mailbox.name.clone();
                }
            }
        }
        self.log(&contacts, InteractionKind::Email, on, m.subject.as_deref(), &source);
    }

    fn event(&mut self, event: Occurrence) {
        self.events += 1;
        if event.cancelled
            || self.out_of_range(event.on)
            || !event.people.iter().any(|p| self.mine.contains(p))
        {
            self.skipped += 1;
            return;
        }
        let source = format!("{} {}", event.uid, event.on);
        if !self.seen.insert(hash(source.as_bytes())) {
            self.skipped += 1;
            return;
        }
        let contacts: Vec<(i64, bool)> =
            self.contacts(event.people.iter()).into_iter().map(|id| (id, false)).collect();
        self.log(&contacts, InteractionKind::Meeting, event.on, event.summary.as_deref(), &source);
    }

    /// What was found, oldest first, with the first message you sent to each contact
    /// whose thank-you is open, on or after their latest `met`, made the thank-you.
    fn finish(&mut self) -> Vec<Found> {
        let mut found = std::mem::take(&mut self.found);
        found.sort_by(|a, b| (a.on, &a.source, a.contact_id).cmp(&(b.on, &b.source, b.contact_id)));
        let mut thanked = HashSet::new();
        for f in &mut found {
            if f.kind == InteractionKind::Email
                && f.sent_to_them
                && self.state.thanks_open.get(&f.contact_id).is_some_and(|met| f.on >= *met)
                && thanked.insert(f.contact_id)
            {
                f.kind = InteractionKind::ThankYou;
            }
        }
        found
    }

    fn summary(&self, found: &[Found], suggest: usize) -> Summary {
        let mut per_contact: HashMap<i64, usize> = HashMap::new();
        for f in found {
            *per_contact.entry(f.contact_id).or_default() += 1;
        }
        let mut contacts: Vec<ContactCount> = per_contact
            .into_iter()
            .map(|(contact_id, logged)| ContactCount {
                contact_id,
                contact: self.state.names.get(&contact_id).cloned().unwrap_or_default(),
                logged,
            })
            .collect();
        contacts.sort_by(|a, b| {
            b.logged
                .cmp(&a.logged)
                .then_with(|| a.contact.cmp(&b.contact))
                .then(a.contact_id.cmp(&b.contact_id))
        });
        let mut suggestions: Vec<Suggestion> = self.strangers.values().cloned().collect();
        suggestions.sort_by(|a, b| {
            b.messages.cmp(&a.messages).then(b.last.cmp(&a.last)).then_with(|| a.address.cmp(&b.address))
        });
        suggestions.truncate(suggest);
        Summary {
            messages: self.messages,
            events: self.events,
            logged: found.len(),
            skipped: self.skipped,
            contacts,
            suggestions,
        }
    }

    fn warnings(&self) -> Vec<String> {
        let mut warnings = self.warnings.clone();
        if self.unreadable > 0 {
            warnings.push(format!(
                "{} message{} without readable headers or Date skipped",
                self.unreadable,
                plural(self.unreadable)
            ));
        }
        warnings
    }
}

/// An address that no person reads (`noreply@`, `mailer-daemon@`): never suggested.
fn is_robot(address: &str) -> bool {
    let local = address.split('@').next().unwrap_or_default();
    let squeezed: String = local.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    matches!(
        squeezed.as_str(),
        "noreply" | "donotreply" | "mailerdaemon" | "postmaster" | "bounce" | "bounces"
    )
}

/// The source of a message without a Message-ID: a hash of its From, To, Cc, Date
/// and Subject (DESIGN.md), stable across runs and builds.
fn anonymous_source(m: &Message) -> String {
    let mut text = String::new();
    for mailbox in m.from.iter().chain(&m.recipients) {
        text.push_str(&mailbox.address);
        text.push('\n');
    }
    text.push_str(&m.date.map(|d| d.to_rfc3339()).unwrap_or_default());
    text.push('\n');
    text.push_str(m.subject.as_deref().unwrap_or_default());
    format!("hash:{:016x}", hash(text.as_bytes()))
}

/// FNV-1a: stable across builds, unlike std's hasher.
fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        h ^= u64::from(*byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A progress bar on stderr, drawn only when stderr is a terminal: bytes of `len`,
/// or a count of `unit` when the length is not known.
fn progress(len: Option<u64>, unit: &str) -> ProgressBar {
    match len {
        Some(len) => ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr()).with_style(
            ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
            ProgressStyle::with_template(&format!("{{spinner}} {{pos}} {unit}"))
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_are_never_suggested() {
        for address in ["noreply@x.com", "no-reply@x.com", "do_not_reply@x.com", "MAILER-DAEMON@x.com"] {
            assert!(is_robot(&address.to_lowercase()), "{address}");
        }
        assert!(!is_robot("noreen@x.com"));
    }

    #[test]
    fn a_file_that_starts_with_a_header_is_a_message() {
        assert!(looks_like_a_header("Return-Path: <ada@example.com>\n"));
        assert!(looks_like_a_header("From: ada@example.com"));
        assert!(!looks_like_a_header("just notes: nothing else\n"));
        assert!(!looks_like_a_header(":x"));
    }

    #[test]
    fn the_hash_is_stable() {
        assert_eq!(hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
