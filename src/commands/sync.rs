//! `netcrm sync --tasks DIR`: the follow-ups as tasks in a vdir (one VTODO file each)
//! that vdirsyncer syncs with a CalDAV server and so with phones. Each open follow-up
//! due within 30 days is written as `<key>@netcrm.ics`; a task marked completed there
//! completes its follow-up as `done` would; tasks whose follow-up is no longer open
//! are removed; other files are left alone. Files are written atomically, and only
//! when they change.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::Context;
use super::done::complete;
use super::export::write_private;
use super::records::{refresh, stored_follow_ups};
use crate::cli::SyncArgs;
use crate::dates::{Duration, LAST_DATE, Unit};
use crate::error::{Error, Result};
use crate::formats::ics;
use crate::model::FollowUp;
use crate::scheduler;
use crate::store::{Db, Touched};

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
    completed: bool,
}

pub fn run(ctx: &mut Context, args: SyncArgs) -> Result<()> {
    let today = ctx.today;
    let remembered = ctx.store.read(|db| db.bookkeeping(TASKS_DIR))?;
    let dir = match (args.tasks, remembered) {
        (Some(dir), _) => dir,
        (None, Some(dir)) => PathBuf::from(dir),
        (None, None) => {
            return Err(Error::Usage(
                "sync needs a folder the first time: netcrm sync --tasks DIR (it is remembered)".into(),
            ));
        }
    };
    let files = read_tasks(&dir)?;
    let horizon = Duration { count: TASK_DAYS, unit: Unit::Days }.after(today).unwrap_or(LAST_DATE);
    ctx.refresh()?;
    let completed_elsewhere: Vec<String> =
        files.iter().filter(|(_, f)| f.completed).map(|(key, _)| key.clone()).collect();
    let dir_text = dir.display().to_string();
    // The same work with or without --dry-run; a dry run is rolled back.
    let work = |db: &Db| -> Result<(usize, Vec<FollowUp>)> {
        let mut completed = 0;
        let mut touched = Touched::default();
        for key in &completed_elsewhere {
            match complete(db, key, today, None, None) {
                Ok(done) => {
                    completed += 1;
                    touched.contacts.extend(done.follow_up.contact_id);
                }
                // Done here already, or gone: the task only needs removing.
                Err(Error::NoSuchFollowUp { .. }) => {}
                Err(error) => return Err(error),
            }
        }
        db.describe_step(&format!("sync tasks with {dir_text} ({completed} completed)"))?;
        if !args.dry_run {
            db.set_bookkeeping(TASKS_DIR, &dir_text)?;
        }
        refresh(db, today, &touched)?;
        let mut open = stored_follow_ups(db, today, horizon, &Default::default())?;
        open.retain(|f| scheduler::is_due(f, today, TASK_DAYS));
        scheduler::sort(&mut open);
        Ok((completed, open))
    };
    let (completed, open) = if args.dry_run { ctx.store.dry_run(work)? } else { ctx.write(work)? };
    let mut written = 0;
    for follow_up in &open {
        let path = dir.join(format!("{}{TASK_SUFFIX}", follow_up.key));
        let text = ics::write_task(follow_up);
        if files.get(&follow_up.key).is_some_and(|f| f.bytes == text.as_bytes()) {
            continue;
        }
        written += 1;
        if !args.dry_run {
            write_private(&path, text.as_bytes())?;
        }
    }
    let mut removed = 0;
    for (key, file) in &files {
        if open.iter().any(|f| &f.key == key) {
            continue;
        }
        removed += 1;
        if !args.dry_run {
            std::fs::remove_file(&file.path)
                .map_err(|e| Error::io(format!("cannot remove {}", file.path.display()), e))?;
        }
    }
    if ctx.out.json {
        return ctx.out.json(&json!({
            "contacts": null,
            "tasks": { "written": written, "completed": completed, "removed": removed },
        }));
    }
    let would = if args.dry_run { "Would sync" } else { "Synced" };
    let tail = if args.dry_run { " Nothing was changed." } else { "" };
    ctx.out.line(format_args!(
        "{would} tasks with {dir_text}: {written} written, {completed} completed, {removed} removed.{tail}"
    ))
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
        let completed = ics::read_task(&String::from_utf8_lossy(&bytes)).is_some_and(|(_, done)| done);
        tasks.insert(key, TaskFile { path, bytes, completed });
    }
    Ok(tasks)
}
