//! The resources a command works with ([`Context`]), built once per run: the store,
//! today, the output. The store is reached only through its methods, so that every
//! write recomputes the stored follow-ups of what it touched and every read can bring
//! them up to date first. Knows no command.

use std::path::Path;

use chrono::NaiveDate;

use crate::error::Result;
use crate::followups;
use crate::output::Output;
use crate::store::{Db, Step, Store};

/// The resources a command works with, built once per run.
pub struct Context<'w> {
    /// Private: commands read and write through the methods below, so that none can
    /// write without the refresh of the follow-ups.
    store: Store,
    pub today: NaiveDate,
    /// This moment (see [`crate::clock::now`]): only for stamps of when a file was
    /// written.
    pub now: chrono::DateTime<chrono::Utc>,
    pub out: Output<'w>,
    pub interactive: bool,
    /// The editor command (`$VISUAL`, `$EDITOR`), if set.
    pub editor: Option<String>,
}

/// How long a command that only reads waits for another program's write lock to
/// store refreshed follow-ups, before it works on a copy in memory instead.
const REFRESH_WAIT: std::time::Duration = std::time::Duration::from_millis(300);

impl<'w> Context<'w> {
    pub fn new(
        store: Store,
        today: NaiveDate,
        now: chrono::DateTime<chrono::Utc>,
        out: Output<'w>,
        interactive: bool,
        editor: Option<String>,
    ) -> Context<'w> {
        Context { store, today, now, out, interactive, editor }
    }

    /// [`Context::read`] for a command that prints while it reads (a long list, an
    /// export to stdout): `f` is given the output too.
    pub fn read_printing<T>(&mut self, f: impl FnOnce(&Db, &mut Output<'w>) -> Result<T>) -> Result<T> {
        let out = &mut self.out;
        self.store.read(|db| f(db, out))
    }
}

impl Context<'_> {
    /// Runs `f` as one write (one undo step) and, in the same transaction, recomputes
    /// the stored follow-ups of the contacts it touched. Every command writes through
    /// here, so none can forget them. The week's first command makes the week's
    /// reconnect picks first, from the records as the week began (bookkeeping, not
    /// part of the step).
    pub fn write<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        let today = self.today;
        self.store.write(|db| {
            if let Some(picks) = followups::week_picks(db, today)? {
                followups::store_week_picks(db, today, &picks)?;
            }
            let value = f(db)?;
            followups::refresh(db, today, &db.touched(None)?)?;
            Ok(value)
        })
    }

    /// Runs `f` in a read transaction.
    pub fn read<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        self.store.read(f)
    }

    /// Runs `f` in a read transaction with a small page cache (for reads of a few
    /// pages each all over a large file: `path`, `target list`).
    pub fn read_scattered<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        self.store.read_scattered(f)
    }

    /// Runs `f` in a write transaction and rolls everything back (`--dry-run`): no
    /// refresh, as nothing stays.
    pub fn dry_run<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        self.store.dry_run(f)
    }

    /// Runs `f` as a write of bookkeeping that no follow-up depends on (a remembered
    /// folder, forgetting the undo log): no undo step, and nothing to refresh.
    pub fn write_bookkeeping<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        self.store.write_unrecorded(f)
    }

    /// Undoes the last step and, in the same transaction, recomputes the stored
    /// follow-ups of the contacts it touched.
    pub fn undo(&mut self) -> Result<Step> {
        let today = self.today;
        self.store.write_unrecorded(|db| {
            let touched = match db.undo_steps()?.first() {
                Some(step) => db.touched(Some(step.id))?,
                None => Default::default(),
            };
            let step = db.undo_last()?;
            // The stored follow-ups of the contacts the step touched follow their records.
            followups::refresh(db, today, &touched)?;
            Ok(step)
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        self.store.path()
    }

    pub fn is_read_only(&self) -> bool {
        self.store.is_read_only()
    }

    /// An error when the database cannot be written (before a command writes files).
    pub fn refuse_if_read_only(&self) -> Result<()> {
        self.store.refuse_if_read_only()
    }

    /// Copies the database to `target` (`backup`).
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        self.store.backup_to(target)
    }

    /// Writes the write-ahead log into the database file; the pages left in the log,
    /// if it could not be emptied.
    pub fn checkpoint(&mut self) -> Result<Option<i64>> {
        self.store.checkpoint()
    }

    /// Brings the stored follow-ups up to date for today, before they are read (by a
    /// command that writes next).
    pub fn refresh(&mut self) -> Result<()> {
        self.refresh_waiting(None)
    }

    /// [`Context::refresh`] for a command that only reads: when another program holds
    /// the write lock (a long import), it goes on with a copy of the database in
    /// memory, brought up to date there, rather than wait for the lock.
    pub fn refresh_to_read(&mut self) -> Result<()> {
        self.refresh_waiting(Some(REFRESH_WAIT))
    }

    /// Refreshes the stale follow-ups, waiting the busy timeout for the write lock,
    /// or at most `wait` and then in a copy in memory. The first run of an ISO week
    /// makes the week's reconnect picks first (bookkeeping, no undo step); a week with
    /// no one to pick is stored by the first command that writes (a read stays a
    /// read).
    fn refresh_waiting(&mut self, wait: Option<std::time::Duration>) -> Result<()> {
        let today = self.today;
        let (picks, stale) =
            self.store.read(|db| Ok((followups::week_picks(db, today)?, db.stale_contacts(today)?)))?;
        if stale.is_empty() && picks.as_ref().is_none_or(Vec::is_empty) {
            return Ok(());
        }
        let refresh = |db: &Db| {
            if let Some(picks) = &picks {
                followups::store_week_picks(db, today, picks)?;
            }
            followups::refresh_stale(db, today)
        };
        let Some(wait) = wait else {
            return self.store.write_derived(refresh).map(drop);
        };
        if self.store.try_write_derived(wait, refresh)?.is_none() {
            self.store = self.store.snapshot()?;
            self.store.write_derived(refresh)?;
        }
        Ok(())
    }
}
