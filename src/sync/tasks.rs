//! The follow-ups as tasks in a vdir (one VTODO file each) that vdirsyncer syncs with a
//! CalDAV server and so with phones. Each open follow-up due within [`TASK_DAYS`] days
//! is written as `<key>@netcrm.ics`; a task marked completed there completes its
//! follow-up as `done` would; tasks whose follow-up is no longer open are removed;
//! other files are left alone. Files are written atomically, and only when they change.
//!
//! In three steps, so that the caller runs the middle one in its transaction (or its
//! dry run): [`read`] the folder, [`settle`] what the phone did, [`write()`] the files.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::folders::TASKS_DIR;
use crate::error::{Error, Result};
use crate::files::write_private;
use crate::followups::{Agenda, agenda, complete, every_open, hide, refresh, settle as settle_one};
use crate::formats::ics::{self, TaskStatus};
use crate::model::FollowUp;
use crate::store::{Db, Touched};

/// Follow-ups due within this many days are tasks.
pub const TASK_DAYS: u32 = 30;

/// What names a netcrm task file: `<key>@netcrm.ics`.
pub const TASK_SUFFIX: &str = "@netcrm.ics";

/// What a tasks sync did (or would do).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Task files written: new, or rewritten with what netcrm has.
    pub written: usize,
    /// Follow-ups completed because their task was completed on the phone.
    pub completed: usize,
    /// Task files removed: their follow-up is no longer open.
    pub removed: usize,
    /// Tasks whose due date was moved later on the phone: the follow-up is snoozed.
    pub snoozed: usize,
    /// Tasks cancelled on the phone: the follow-up is settled, nothing logged.
    pub cancelled: usize,
}

/// A task file netcrm wrote, as it is in the folder now.
struct TaskFile {
    path: PathBuf,
    bytes: Vec<u8>,
    /// What it says, when it can be read as a task.
    task: Option<ics::Task>,
}

/// The task files netcrm wrote in a folder, by follow-up key; other files are not read.
pub struct Tasks {
    dir: PathBuf,
    files: BTreeMap<String, TaskFile>,
}

/// Reads the task files netcrm wrote in `dir`.
pub fn read(dir: &Path) -> Result<Tasks> {
    let context = || format!("cannot read the tasks folder {}", dir.display());
    let mut files = BTreeMap::new();
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
        files.insert(key, TaskFile { path, bytes, task });
    }
    Ok(Tasks { dir: dir.to_path_buf(), files })
}

/// Does in `db` what the phone did to the `tasks`: a task completed there completes
/// its follow-up as `done` would; one cancelled there settles it without logging
/// anything; one whose due date was moved later snoozes it until then. Remembers the
/// folder when `remember`. Returns the counts so far and the follow-ups that are tasks
/// now: each open one that needs attention within [`TASK_DAYS`] (snoozed ones too).
/// In the caller's transaction; the agenda must be fresh (refreshed) before.
pub fn settle(db: &Db, tasks: &Tasks, today: NaiveDate, remember: bool) -> Result<(Summary, Vec<FollowUp>)> {
    let mut summary = Summary::default();
    let mut touched = Touched::default();
    let open: BTreeMap<String, FollowUp> =
        every_open(db, today)?.into_iter().map(|f| (f.key.clone(), f)).collect();
    for (key, task) in tasks.files.iter().filter_map(|(key, file)| Some((key, file.task.as_ref()?))) {
        let settled = match task.status {
            TaskStatus::Completed => complete(db, key, today, None, None).map(|done| {
                summary.completed += 1;
                done.follow_up
            }),
            TaskStatus::Cancelled => settle_one(db, key, today).inspect(|_| summary.cancelled += 1),
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
    let dir = tasks.dir.display().to_string();
    db.describe_step(&format!(
        "sync tasks with {dir} ({} completed, {} cancelled, {} snoozed)",
        summary.completed, summary.cancelled, summary.snoozed
    ))?;
    if remember {
        db.set_bookkeeping(TASKS_DIR, &dir)?;
    }
    refresh(db, today, &touched)?;
    let horizon = Agenda { within: TASK_DAYS, snoozed: true, ..Agenda::default() };
    Ok((summary, agenda(db, today, &horizon)?))
}

/// Makes the folder of `tasks` hold a task for each of the `open` follow-ups (from
/// [`settle`]) and no other netcrm task: writes what changed (a new task's DTSTAMP is
/// `stamp`, an existing one keeps its own) and removes the rest, counting both in
/// `summary`. With `dry_run`, only counts.
pub fn write(
    tasks: &Tasks,
    open: &[FollowUp],
    stamp: &str,
    dry_run: bool,
    summary: &mut Summary,
) -> Result<()> {
    for follow_up in open {
        let path = tasks.dir.join(format!("{}{TASK_SUFFIX}", follow_up.key));
        let file = tasks.files.get(&follow_up.key);
        // DTSTAMP says when the task was first written: kept on rewrites.
        let stamp = file.and_then(|f| f.task.as_ref()?.stamp.as_deref()).unwrap_or(stamp);
        let text = ics::write_task(follow_up, stamp);
        if file.is_some_and(|f| f.bytes == text.as_bytes()) {
            continue;
        }
        summary.written += 1;
        if !dry_run {
            write_private(&path, text.as_bytes())?;
        }
    }
    let open_keys: HashSet<&str> = open.iter().map(|f| f.key.as_str()).collect();
    for (key, file) in &tasks.files {
        if open_keys.contains(key.as_str()) {
            continue;
        }
        summary.removed += 1;
        if !dry_run {
            std::fs::remove_file(&file.path)
                .map_err(|e| Error::io(format!("cannot remove {}", file.path.display()), e))?;
        }
    }
    Ok(())
}
