//! `netcrm sync --tasks DIR`: the follow-ups as tasks in a vdir (one VTODO file each)
//! that vdirsyncer syncs with a CalDAV server and so with phones. Each open follow-up
//! due within 30 days is written as `<key>@netcrm.ics`; a task marked completed there
//! completes its follow-up as `done` would; tasks whose follow-up is no longer open
//! are removed; other files are left alone. Files are written atomically, and only
//! when they change.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::Context;
use crate::cli::SyncArgs;
use crate::error::{Error, Result};
use crate::files::write_private;
use crate::followups::{Agenda, agenda, complete, every_open, hide, refresh, settle};
use crate::formats::ics::{self, TaskStatus};
use crate::model::FollowUp;
use crate::output::json::{SyncJson, TasksSynced as TaskSummary};
use crate::store::{Db, Touched};
use crate::sync::contacts;

/// Follow-ups due within this many days are tasks.
const TASK_DAYS: u32 = 30;

/// Where the tasks folder is remembered (bookkeeping: undo leaves it alone).
const TASKS_DIR: &str = "sync-tasks";

/// What names a netcrm task file: `<key>@netcrm.ics`.
const TASK_SUFFIX: &str = "@netcrm.ics";

/// A task file netcrm wrote, as it is in the folder now.
struct TaskFile {
    path: PathBuf,
    bytes: Vec<u8>,
    /// What it says, when it can be read as a task.
    task: Option<ics::Task>,
}

/// Where the contacts folder is remembered.
const CONTACTS_DIR: &str = "sync-contacts";

/// How long a sync waits for another one to finish before it refuses: as long as a
/// write waits for another program's hold on the database.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// How often a waiting sync tries the lock again.
const LOCK_RETRY: std::time::Duration = std::time::Duration::from_millis(20);

pub fn run(ctx: &mut Context, args: SyncArgs) -> Result<()> {
    // Files are written before the database: a database that cannot take them must
    // be found out first. A dry run works on the copy in memory, and needs no lock.
    if !args.dry_run {
        ctx.refuse_if_read_only()?;
    }
    // One sync at a time: everything below (the remembered folders, the folders'
    // files, the records) is read while this is held.
    let _lock = if ctx.is_read_only() { None } else { Some(lock(ctx.path())?) };
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
    let contacts_dir = folder("contacts", args.contacts.clone(), remembered_contacts)?;
    let tasks_dir = folder("tasks", args.tasks.clone(), remembered_tasks)?;
    if !args.dry_run {
        // A sync killed while writing left its temporary files; no sync writes now.
        if let Some((dir, _)) = &contacts_dir {
            remove_leftovers(dir, |name| name.ends_with(".vcf"))?;
        }
        if let Some((dir, _)) = &tasks_dir {
            remove_leftovers(dir, |name| name.ends_with(TASK_SUFFIX))?;
        }
    }
    let mut contacts = None;
    if let Some((dir, given)) = contacts_dir {
        let asked = contacts::Asked { given, yes: args.yes, dry_run: args.dry_run };
        let today = ctx.today;
        let folder = contacts::read(&dir)?;
        // The records are read, the changes decided and written in one transaction
        // (the files before the database).
        let work = |db: &Db| contacts::sync(db, &dir, &folder, today, asked);
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

/// The `what` folder (contacts or tasks) to sync with, and whether it was `given` on
/// the command line (else the `remembered` one is used), if any: absolute, with
/// symbolic links resolved, so that it names the same folder wherever netcrm runs
/// next. It must exist. A remembered relative path (kept by an older netcrm, relative
/// to wherever that ran) is refused: resolved elsewhere, it could name another folder.
fn folder(
    what: &'static str,
    given: Option<PathBuf>,
    remembered: Option<String>,
) -> Result<Option<(PathBuf, bool)>> {
    let (path, given) = match (given, remembered) {
        (Some(path), _) => (path, true),
        (None, Some(text)) => (PathBuf::from(text), false),
        (None, None) => return Ok(None),
    };
    if !given && path.is_relative() {
        return Err(Error::SyncFolderRelative { what, path });
    }
    let missing =
        |problem| Error::SyncFolderMissing { what, path: path.clone(), remembered: !given, problem };
    let absolute = match std::fs::canonicalize(&path) {
        Ok(absolute) => absolute,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(missing("does not exist")),
        Err(e) => return Err(Error::io(format!("cannot sync with {}", path.display()), e)),
    };
    if !absolute.is_dir() {
        return Err(missing("is not a folder"));
    }
    Ok(Some((absolute, given)))
}

/// Removes from `dir` the temporary files that netcrm's atomic writes of the files
/// `ours` names leave when the process is killed, and only those: named
/// `.<name>.<pid>.tmp` (see [`write_private_with`]), by a process no longer running.
///
/// [`write_private_with`]: crate::files::write_private_with
fn remove_leftovers(dir: &Path, ours: impl Fn(&str) -> bool) -> Result<()> {
    let context = || format!("cannot read the folder {}", dir.display());
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(context(), e))? {
        let path = entry.map_err(|e| Error::io(context(), e))?.path();
        let Some((name, pid)) = path.file_name().and_then(|n| n.to_str()).and_then(leftover_of) else {
            continue;
        };
        if !ours(name) || running(pid) {
            continue;
        }
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(Error::io(format!("cannot remove {}", path.display()), e));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The name of the file a temporary file of `write_private_with` was for, and the id
/// of the process that wrote it: `.<name>.<pid>.tmp`.
fn leftover_of(temporary: &str) -> Option<(&str, u32)> {
    let (name, pid) = temporary.strip_prefix('.')?.strip_suffix(".tmp")?.rsplit_once('.')?;
    if name.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((name, pid.parse().ok()?))
}

/// Whether the process `pid` is running (this one included). Without `/proc` it
/// cannot be told, and no other sync can be writing (the lock is held): not running.
fn running(pid: u32) -> bool {
    pid == std::process::id()
        || (Path::new("/proc/self").exists() && Path::new(&format!("/proc/{pid}")).exists())
}

/// The sync lock of the database at `db`: an advisory lock on `<db>.sync-lock` beside
/// it (mode 0600, never the database itself, whose SQLite locks a second descriptor
/// on the file could drop), held until the returned file is dropped, the process's
/// end included. Another sync holding it is waited for, at most [`LOCK_WAIT`].
fn lock(db: &Path) -> Result<std::fs::File> {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".sync-lock");
    let path = db.with_file_name(name);
    let failed = |e| Error::io(format!("cannot lock {}", path.display()), e);
    let file = crate::files::open_private(&path).map_err(failed)?;
    let deadline = std::time::Instant::now() + LOCK_WAIT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(LOCK_RETRY);
            }
            Err(std::fs::TryLockError::WouldBlock) => return Err(Error::SyncLocked { lock: path }),
            Err(std::fs::TryLockError::Error(e)) => return Err(failed(e)),
        }
    }
}

/// Syncs the follow-ups with the tasks in `dir`. A task completed on the phone
/// completes its follow-up as `done` would; one cancelled there settles it without
/// logging anything; one whose due date was moved later snoozes it until then. Then
/// each open follow-up that needs attention within [`TASK_DAYS`] (snoozed ones at the
/// end of their snooze) is a task, and the others' files are removed: a task deleted on
/// the phone is written again while its follow-up is open.
fn sync_tasks(ctx: &mut Context, dir: PathBuf, dry_run: bool) -> Result<(PathBuf, TaskSummary)> {
    let today = ctx.today;
    let files = read_tasks(&dir)?;
    ctx.refresh()?;
    let dir_text = dir.display().to_string();
    // The same work with or without --dry-run; a dry run is rolled back.
    let work = |db: &Db| -> Result<(TaskSummary, Vec<FollowUp>)> {
        let mut summary = TaskSummary::default();
        let mut touched = Touched::default();
        let open: BTreeMap<String, FollowUp> =
            every_open(db, today)?.into_iter().map(|f| (f.key.clone(), f)).collect();
        for (key, task) in files.iter().filter_map(|(key, file)| Some((key, file.task.as_ref()?))) {
            let settled = match task.status {
                TaskStatus::Completed => complete(db, key, today, None, None).map(|done| {
                    summary.completed += 1;
                    done.follow_up
                }),
                TaskStatus::Cancelled => settle(db, key, today).inspect(|_| summary.cancelled += 1),
                TaskStatus::Open => {
                    // Moved on the phone to a later day than it needs attention, after
                    // today: snoozed until then. Moved earlier: written back (an item
                    // shows from its due date anyway).
                    if let (Some(due), Some(follow_up)) = (task.moved_to(), open.get(key))
                        && due > follow_up.shows_on()
                        && due > today
                    {
                        hide(db, key, due)?;
                        summary.snoozed += 1;
                        touched.contacts.extend(follow_up.contact_id);
                    }
                    continue;
                }
            };
            match settled {
                Ok(follow_up) => touched.contacts.extend(follow_up.contact_id),
                // Done here already, or gone: the task only needs removing.
                Err(Error::NoSuchFollowUp { .. }) => {}
                Err(error) => return Err(error),
            }
        }
        db.describe_step(&format!(
            "sync tasks with {dir_text} ({} completed, {} cancelled, {} snoozed)",
            summary.completed, summary.cancelled, summary.snoozed
        ))?;
        if !dry_run {
            db.set_bookkeeping(TASKS_DIR, &dir_text)?;
        }
        refresh(db, today, &touched)?;
        // Each open follow-up that needs attention by the horizon, snoozed ones too.
        let tasks = Agenda { within: TASK_DAYS, snoozed: true, ..Agenda::default() };
        Ok((summary, agenda(db, today, &tasks)?))
    };
    let (mut summary, open) = if dry_run { ctx.dry_run(work)? } else { ctx.write(work)? };
    let first_written = ics::stamp(ctx.now);
    for follow_up in &open {
        let path = dir.join(format!("{}{TASK_SUFFIX}", follow_up.key));
        let file = files.get(&follow_up.key);
        // DTSTAMP says when the task was first written: kept on rewrites.
        let stamp = file.and_then(|f| f.task.as_ref()?.stamp.as_deref()).unwrap_or(&first_written);
        let text = ics::write_task(follow_up, stamp);
        if file.is_some_and(|f| f.bytes == text.as_bytes()) {
            continue;
        }
        summary.written += 1;
        if !dry_run {
            write_private(&path, text.as_bytes())?;
        }
    }
    let open_keys: std::collections::HashSet<&str> = open.iter().map(|f| f.key.as_str()).collect();
    for (key, file) in &files {
        if open_keys.contains(key.as_str()) {
            continue;
        }
        summary.removed += 1;
        if !dry_run {
            std::fs::remove_file(&file.path)
                .map_err(|e| Error::io(format!("cannot remove {}", file.path.display()), e))?;
        }
    }
    Ok((dir, summary))
}

/// The task files netcrm wrote in `dir`, by follow-up key; other files are not read.
fn read_tasks(dir: &Path) -> Result<BTreeMap<String, TaskFile>> {
    let context = || format!("cannot read the tasks folder {}", dir.display());
    let mut tasks = BTreeMap::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(context(), e))? {
        let path = entry.map_err(|e| Error::io(context(), e))?.path();
        let Some(key) = path.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(TASK_SUFFIX))
        else {
            continue;
        };
        let key = key.to_string();
        let bytes =
            std::fs::read(&path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        let task = ics::read_task(&String::from_utf8_lossy(&bytes));
        tasks.insert(key, TaskFile { path, bytes, task });
    }
    Ok(tasks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_temporary_files_of_atomic_writes_are_told_apart_from_others() {
        // The name `write_private_with` gives its temporary file, seen while it writes.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("netcrm-contact-1.vcf");
        let seen = crate::files::write_private_with(&path, |_, _| {
            let names: Vec<String> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            Ok(names)
        })
        .unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(leftover_of(&seen[0]), Some(("netcrm-contact-1.vcf", std::process::id())));
        assert_eq!(leftover_of(".thank-you-1@netcrm.ics.42.tmp"), Some(("thank-you-1@netcrm.ics", 42)));
        for other in [
            "netcrm-contact-1.vcf",
            "netcrm-contact-1.vcf.42.tmp",
            ".netcrm-contact-1.vcf.tmp",
            ".netcrm-contact-1.vcf.4x2.tmp",
            "..42.tmp",
            ".42.tmp",
            ".___atomicwrite.tmp",
            ".a.99999999999999999999.tmp",
        ] {
            assert_eq!(leftover_of(other), None, "{other}");
        }
    }

    #[test]
    fn this_process_is_running() {
        assert!(running(std::process::id()));
    }
}
