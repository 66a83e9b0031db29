//! `netcrm sync`: the contacts with a folder of vCards, the follow-ups with a folder of
//! tasks (the service in `src/sync/`). Glue: holds the sync lock, resolves the folders,
//! runs each sync in a transaction (or a dry run), and prints what it did.

use std::path::PathBuf;

use super::Context;
use crate::cli::SyncArgs;
use crate::error::{Error, Result};
use crate::formats::ics;
use crate::output::json::SyncJson;
use crate::store::Db;
use crate::sync::folders::{self, CONTACTS_DIR, TASKS_DIR};
use crate::sync::{contacts, tasks};

pub fn run(ctx: &mut Context, args: SyncArgs) -> Result<()> {
    // Files are written before the database: a database that cannot take them must
    // be found out first. A dry run works on the copy in memory, and needs no lock.
    if !args.dry_run {
        ctx.refuse_if_read_only()?;
    }
    // One sync at a time: everything below (the remembered folders, the folders'
    // files, the records) is read while this is held.
    let _lock = if ctx.is_read_only() { None } else { Some(folders::lock(ctx.path())?) };
    let (remembered_contacts, remembered_tasks) =
        ctx.read(|db| Ok((db.bookkeeping(CONTACTS_DIR)?, db.bookkeeping(TASKS_DIR)?)))?;
    if args.contacts.is_none()
        && args.tasks.is_none()
        && remembered_contacts.is_none()
        && remembered_tasks.is_none()
    {
        return Err(Error::Usage(
            "sync needs a folder the first time: netcrm sync --contacts DIR and/or --tasks DIR (they are remembered)"
                .into(),
        ));
    }
    let contacts_dir = folders::resolve("contacts", args.contacts.clone(), remembered_contacts)?;
    let tasks_dir = folders::resolve("tasks", args.tasks.clone(), remembered_tasks)?;
    if !args.dry_run {
        // A sync killed while writing left its temporary files; no sync writes now.
        if let Some((dir, _)) = &contacts_dir {
            folders::remove_leftovers(dir, |name| name.ends_with(".vcf"))?;
        }
        if let Some((dir, _)) = &tasks_dir {
            folders::remove_leftovers(dir, |name| name.ends_with(tasks::TASK_SUFFIX))?;
        }
    }
    let mut contacts = None;
    if let Some((dir, given)) = contacts_dir {
        let asked = contacts::Asked { given, yes: args.yes, dry_run: args.dry_run };
        let today = ctx.today;
        // What the last sync left of each file, so that an unchanged one is not read.
        let known = ctx.read(|db| db.synced_files())?;
        let folder = contacts::read(&dir, &known)?;
        // The records are read, the changes decided and written in one transaction
        // (the files before the database).
        // The real time, not NETCRM_TODAY's: what the files' modification times are
        // compared with.
        let work = |db: &Db| contacts::sync(db, &dir, &folder, today, asked, std::time::SystemTime::now);
        let (summary, warnings) = if args.dry_run { ctx.read(work)? } else { ctx.write(work)? };
        for warning in warnings {
            ctx.out.warn(warning);
        }
        if !args.dry_run {
            let text = dir.display().to_string();
            ctx.write_bookkeeping(|db| db.set_bookkeeping(CONTACTS_DIR, &text))?;
        }
        contacts = Some((dir, summary));
    }
    let tasks = match tasks_dir {
        Some((dir, _)) => Some(sync_tasks(ctx, dir, args.dry_run)?),
        None => None,
    };
    if ctx.out.json {
        return ctx
            .out
            .json(&SyncJson::new(contacts.as_ref().map(|(_, s)| s), tasks.as_ref().map(|(_, t)| t)));
    }
    let would = if args.dry_run { "Would sync" } else { "Synced" };
    if let Some((dir, s)) = &contacts {
        ctx.out.line(format_args!(
            "{would} contacts with {}: {} written, {} read, {} created, {} removed, {} conflict{}.",
            dir.display(),
            s.written,
            s.read,
            s.created,
            s.removed,
            s.conflicts,
            if s.conflicts == 1 { "" } else { "s" }
        ))?;
    }
    if let Some((dir, t)) = &tasks {
        // Snoozes and cancellations from the phone are named only when there are some.
        let mut from_phone = String::new();
        for (count, what) in [(t.snoozed, "snoozed"), (t.cancelled, "cancelled")] {
            if count > 0 {
                from_phone.push_str(&format!(", {count} {what}"));
            }
        }
        ctx.out.line(format_args!(
            "{would} tasks with {}: {} written, {} completed, {} removed{from_phone}.",
            dir.display(),
            t.written,
            t.completed,
            t.removed
        ))?;
    }
    if args.dry_run {
        ctx.out.line("Nothing was changed.")?;
    }
    Ok(())
}

/// Syncs the follow-ups with the tasks in `dir` ([`tasks`]): what the phone did is
/// done in the records, in one transaction (rolled back for a dry run), then the files
/// are written.
fn sync_tasks(ctx: &mut Context, dir: PathBuf, dry_run: bool) -> Result<(PathBuf, tasks::Summary)> {
    let today = ctx.today;
    let read = tasks::read(&dir)?;
    ctx.refresh()?;
    let work = |db: &Db| tasks::settle(db, &read, today, !dry_run);
    let (mut summary, open) = if dry_run { ctx.dry_run(work)? } else { ctx.write(work)? };
    tasks::write(&read, &open, &ics::stamp(ctx.now), dry_run, &mut summary)?;
    Ok((dir, summary))
}
