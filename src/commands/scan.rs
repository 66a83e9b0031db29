//! `netcrm scan PATH...`: logs interactions from mail and calendars, so that being in
//! touch counts without typing it (DESIGN.md "netcrm scan"). This file asks what each
//! PATH is (formats::sources), reads it (formats::mail, formats::calendar) one message or event at a time
//! into the [`Matcher`] (crate::scan, which decides what to log), with a progress bar on
//! a terminal, and writes what was found in one transaction, one undo step, with the
//! links between contacts logged on the same message or event; the scheduler sees
//! the new interactions like any other.

use std::fs::File;
use std::path::Path;

use chrono::{DateTime, Local, NaiveDate, Utc};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Context;
use crate::cli::ScanArgs;
use crate::dates;
use crate::error::{Error, Result};
use crate::formats::calendar;
use crate::formats::mail;
use crate::formats::sources::{Source, Tree, walk};
use crate::model::{Interaction, MailSetting};
use crate::output::json::ScanJson;
use crate::scan::{Matcher, Skips, Summary};
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
    // The thank-yous that are open come from the stored follow-ups.
    ctx.refresh()?;
    let state = ctx.read(|db| db.scan_state())?;
    let mut matcher = Matcher::new(&state, mine.iter().cloned().collect(), today, since, local_date);
    let mut reader = Reader { matcher: &mut matcher, warnings: Vec::new() };
    for source in &sources {
        reader.read(source)?;
    }
    let mut warnings = reader.warnings;
    if matcher.unreadable() > 0 {
        let n = matcher.unreadable();
        warnings.push(format!("{n} message{} without readable headers or Date skipped", plural(n)));
    }
    let mut found = matcher.finish();
    if !args.dry_run {
        let places: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        let remember = mine.len() > known;
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

/// Reads mailboxes and calendars into a [`Matcher`], collecting warnings.
struct Reader<'m, 's> {
    matcher: &'m mut Matcher<'s>,
    warnings: Vec<String>,
}

impl Reader<'_, '_> {
    fn read(&mut self, source: &Source) -> Result<()> {
        match source {
            Source::Mbox(path) => self.read_mbox(path),
            Source::Eml(path) => {
                self.matcher.message(mail::read_eml(path));
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
                let maildirs =
                    found.maildirs.iter().map(|dir| mail::read_maildir(dir)).collect::<Result<Vec<_>>>()?;
                let files = maildirs.iter().map(ExactSizeIterator::len).sum::<usize>() + found.emls.len();
                let bar = progress(u64::try_from(files).ok(), "messages");
                for messages in maildirs {
                    for message in messages {
                        self.matcher.message(message);
                        bar.inc(1);
                    }
                }
                for eml in &found.emls {
                    self.matcher.message(mail::read_eml(eml));
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
                message => self.matcher.message(message),
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
